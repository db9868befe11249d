//! Terminal output of one circle's report (`cercle report`): plain text, columns aligned,
//! no colour (it reads the same piped into a file or a mail).
//!
//! Amounts are written the French way, `1 234,50 €`, with **plain ASCII spaces** as the
//! thousands separator and before the euro sign: a narrow no-break space (U+202F) is the
//! typographic rule, but terminals, `less`, `grep` and copy-paste all handle the plain space
//! better, and column alignment stays exact. The HTML page uses the no-break spaces.
//!
//! Guarantees: the output depends only on the report; control characters in user text (which
//! the core already refuses) are replaced by `?` so that no cell can move the cursor.

use std::fmt::Write as _;

use cercle_core::{Euros, MeetingReport, Report};

use crate::i18n::Lang;
use crate::words::Words;

/// An amount in the French form with ASCII spaces: `1 234,50 €`.
///
/// ```
/// use cercle_render::euros_fr;
/// assert_eq!(euros_fr("1234.5".parse().unwrap()), "1 234,50 €");
/// assert_eq!(euros_fr("1000000".parse().unwrap()), "1 000 000,00 €");
/// assert_eq!(euros_fr(cercle_core::Euros::ZERO), "0,00 €");
/// ```
pub fn euros_fr(amount: Euros) -> String {
    format_euros(amount, " ", " ")
}

/// `amount` in the French form with the given thousands separator and the separator before `€`.
pub(crate) fn format_euros(amount: Euros, thousands: &str, before_unit: &str) -> String {
    amount.to_french(thousands, before_unit)
}

/// A whole number grouped by thousands (`12 500`): chart axes, tree sizes, counts of files.
pub fn group_thousands(whole: u64, thousands: &str) -> String {
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            grouped.push_str(thousands);
        }
        grouped.push(digit);
    }
    grouped
}

/// The whole report of one circle, section by section, in `lang` (amounts are written the
/// French way in both languages).
pub fn report_table(report: &Report, lang: Lang) -> String {
    let w = Words::of(lang);
    let mut out = String::new();
    header(&mut out, report, w);
    period(&mut out, report, w);
    totals(&mut out, report, w);
    funders(&mut out, report, w);
    if !report.agreements.is_empty() {
        section_in(
            &mut out,
            &w.t("report-section-agreements"),
            &crate::statement::agreements_table(&report.agreements, lang),
            w,
        );
    }
    actions(&mut out, report, w);
    proposals(&mut out, report, w);
    members(&mut out, report, w);
    meetings(&mut out, report, w);
    if !report.governance.is_empty() {
        let mut grid = grid(w, &GOVERNANCE_COLUMNS);
        report.governance.iter().for_each(|g| grid.row(governance_cells(g, w).to_vec()));
        section_in(&mut out, &w.t("report-section-governance"), &grid.render(), w);
    }
    if !report.corrections.is_empty() {
        let mut grid = grid(w, &CORRECTION_COLUMNS);
        report.corrections.iter().for_each(|c| grid.row(correction_cells(c, w).to_vec()));
        section_in(&mut out, &w.t("report-section-corrections"), &grid.render(), w);
    }
    key_history(&mut out, report, w);
    out
}

/// The columns of the settings changes (ids of `col-*`).
pub(crate) const GOVERNANCE_COLUMNS: [(&str, Align); 4] =
    [("proposal", Align::Left), ("meeting", Align::Left), ("date", Align::Left), ("settings", Align::Left)];

/// A settings change adopted in a meeting: its proposal, meeting, date and settings in words.
pub(crate) fn governance_cells(g: &cercle_core::GovernanceReport, w: Words) -> [String; 4] {
    [
        g.proposal.to_string(),
        g.meeting.to_string(),
        g.date.to_string(),
        crate::words::settings(&g.changes, w.lang()),
    ]
}

/// The columns of the corrections (ids of `col-*`).
pub(crate) const CORRECTION_COLUMNS: [(&str, Align); 6] = [
    ("entry", Align::Left),
    ("correction", Align::Left),
    ("before", Align::Left),
    ("after", Align::Left),
    ("reason", Align::Left),
    ("countersigned", Align::Left),
];

/// A correction: its entry, what it corrects, before and after, why, and its countersignature
/// (a correction counts only once countersigned).
pub(crate) fn correction_cells(c: &cercle_core::CorrectionReport, w: Words) -> [String; 6] {
    let what = w.f(&format!("report-correction-{}", c.kind), &[("target", &c.target)]);
    let side = |amount: Option<Euros>, source: Option<&String>, reference: Option<&String>| {
        let mut parts: Vec<String> = amount.map(euros_fr).into_iter().collect();
        parts.extend(source.map(|s| clean(s)));
        parts.extend(reference.map(|r| clean(r)));
        parts.join(", ")
    };
    let before = side(c.before_amount, c.before_source.as_ref(), c.before_reference.as_ref());
    let after = side(c.amount, c.source.as_ref(), c.reference.as_ref());
    let countersigned = match (c.countersigned_at, &c.countersigned_by) {
        (Some(seq), Some(by)) => w.f("report-countersigned", &[("seq", &seq), ("by", &clean(by))]),
        _ => w.t("report-key-waiting"),
    };
    [format!("#{}", c.seq), what, before, after, clean(&c.reason), countersigned]
}

/// The key replacements, when there are any (`docs/RULES.md`, "Keys").
fn key_history(out: &mut String, report: &Report, w: Words) {
    if report.key_history.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", w.t("report-section-key-history"));
    for k in &report.key_history {
        let when = match (k.seq, k.date) {
            (Some(seq), Some(date)) => w.f("report-key-counts-from", &[("seq", &seq), ("date", &date)]),
            _ => w.t("report-key-waiting"),
        };
        let signers = k.signed_by.iter().map(|s| clean(s)).collect::<Vec<_>>().join(", ");
        let line = w.f(
            "report-key-line",
            &[
                ("old", &&k.old_key[..k.old_key.len().min(16)]),
                ("new", &&k.new_key[..k.new_key.len().min(16)]),
                ("requested", &k.requested),
                ("when", &when),
                ("signers", &signers),
            ],
        );
        let _ = writeln!(out, "  {:<14} {line}", clean(&k.holder));
    }
}

fn header(out: &mut String, report: &Report, w: Words) {
    let c = &report.circle;
    let _ = writeln!(out, "{} ({}, {})", clean(&c.name), clean(&c.territory), w.word(c.status.as_str()));
    let _ = writeln!(out, "{}", w.f("report-circle-id", &[("id", &c.id)]));
    let _ = writeln!(
        out,
        "{}",
        w.f(
            "report-founded",
            &[
                ("founded", &c.founded),
                ("seq", &report.head.seq),
                ("date", &report.head.date),
                ("hash", &report.head.hash)
            ]
        )
    );
    let recusal = w.t(if c.recusal { "report-recusal-on" } else { "report-recusal-off" });
    let threshold = w.word(&c.threshold.to_string());
    let _ = writeln!(
        out,
        "{}",
        w.f("report-governance", &[("quorum", &c.quorum), ("threshold", &threshold), ("recusal", &recusal)])
    );
    let support = match (&c.support_key, report.checkpoints.last()) {
        (None, _) => w.t("report-support-none"),
        (Some(_), None) => w.t("report-support-never"),
        (Some(_), Some(last)) => w.f("report-support-last", &[("seq", &last.seq), ("date", &last.date)]),
    };
    let _ = writeln!(out, "{support}");
    if let Some(day) = report.as_of {
        let _ = writeln!(out, "{}", w.f("report-as-of", &[("day", &day)]));
    }
}

fn period(out: &mut String, report: &Report, w: Words) {
    let Some(p) = &report.period else { return };
    let bound = |day: Option<chrono::NaiveDate>, none: &str| day.map_or(w.t(none), |d| d.to_string());
    let (received, paid) = (w.t("report-received"), w.t("report-paid"));
    let label = 10.max(width(&received)).max(width(&paid));
    let from = bound(p.from, "report-period-start");
    let to = bound(p.to, "report-period-today");
    let body = format!(
        "  {}\n  {received:<label$} {:>16}  {}\n  {paid:<label$} {:>16}  {}\n  {}\n",
        w.f("report-period-span", &[("from", &from), ("to", &to)]),
        euros_fr(p.received),
        w.f("report-period-receipts", &[("count", &p.receipts), ("plural", &w.plural(p.receipts))]),
        euros_fr(p.paid),
        w.f("report-period-payouts", &[("count", &p.payouts), ("plural", &w.plural(p.payouts))]),
        w.f("report-period-meetings", &[("meetings", &p.meetings_closed), ("adopted", &p.proposals_adopted)]),
    );
    section_in(out, &w.t("report-section-period"), &body, w);
}

fn totals(out: &mut String, report: &Report, w: Words) {
    let t = &report.totals;
    let mut grid = Grid::new(&[("", Align::Left), ("", Align::Right)]);
    grid.row(vec![w.t("report-received"), euros_fr(t.received)]);
    grid.row(vec![w.t("report-committed"), euros_fr(t.committed)]);
    grid.row(vec![w.t("report-paid"), euros_fr(t.paid)]);
    grid.row(vec![w.t("report-available"), euros_fr(t.available)]);
    section_in(out, &w.t("report-section-totals"), &grid.without_header(), w);
}

/// A grid whose headings are the messages `col-ID` of `w`.
pub(crate) fn grid(w: Words, columns: &[(&str, Align)]) -> Grid {
    let headings: Vec<(String, Align)> =
        columns.iter().map(|(id, align)| (w.t(&format!("col-{id}")), *align)).collect();
    let borrowed: Vec<(&str, Align)> = headings.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    Grid::new(&borrowed)
}

fn funders(out: &mut String, report: &Report, w: Words) {
    let mut grid = grid(w, &[("source", Align::Left), ("received", Align::Right)]);
    for funder in &report.funders {
        grid.row(vec![clean(&funder.source), euros_fr(funder.received)]);
    }
    section_in(out, &w.t("report-section-funders"), &grid.render(), w);
}

fn actions(out: &mut String, report: &Report, w: Words) {
    let mut grid = grid(
        w,
        &[
            ("id", Align::Left),
            ("title", Align::Left),
            ("envelope", Align::Right),
            ("committed", Align::Right),
            ("paid", Align::Right),
            ("remaining", Align::Right),
        ],
    );
    for action in &report.actions {
        grid.row(vec![
            action.id.to_string(),
            clean(&action.title),
            euros_fr(action.envelope),
            euros_fr(action.committed),
            euros_fr(action.paid),
            euros_fr(action.remaining()),
        ]);
    }
    section_in(out, &w.t("report-section-actions"), &grid.render(), w);
}

fn proposals(out: &mut String, report: &Report, w: Words) {
    let mut grid = grid(
        w,
        &[
            ("id", Align::Left),
            ("kind", Align::Left),
            ("action", Align::Left),
            ("status", Align::Left),
            ("amount", Align::Right),
            ("paid", Align::Right),
            ("payee-title", Align::Left),
            ("decided", Align::Left),
        ],
    );
    for p in &report.proposals {
        let kind = p.spend_kind.unwrap_or(p.kind);
        let target = match (&p.payee, &p.supplier, &p.title) {
            (Some(payee), _, _) => payee.clone(),
            (None, Some(supplier), _) => supplier.clone(),
            (None, None, Some(title)) => title.clone(),
            (None, None, None) => String::new(),
        };
        grid.row(vec![
            p.id.to_string(),
            w.word(kind),
            p.action.map(|a| a.to_string()).unwrap_or_default(),
            w.word(p.status),
            euros_fr(p.amount),
            if p.kind == "spend" { euros_fr(p.paid) } else { String::new() },
            clean(&target),
            p.decided.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    section_in(out, &w.t("report-section-proposals"), &grid.render(), w);
}

/// A member's role, `(left)` after it when they left.
pub(crate) fn role(m: &cercle_core::MemberReport, w: Words) -> String {
    let role = w.word(m.role.as_str());
    if m.active {
        role
    } else {
        w.f("report-member-left", &[("role", &role)])
    }
}

fn members(out: &mut String, report: &Report, w: Words) {
    let mut grid = grid(w, &[("name", Align::Left), ("role", Align::Left), ("paid", Align::Right)]);
    for m in &report.members {
        grid.row(vec![clean(&m.name), role(m, w), euros_fr(m.paid)]);
    }
    section_in(out, &w.t("report-section-members"), &grid.render(), w);
}

fn meetings(out: &mut String, report: &Report, w: Words) {
    let mut grid = grid(
        w,
        &[
            ("id", Align::Left),
            ("date", Align::Left),
            ("present", Align::Right),
            ("proposal", Align::Left),
            ("outcome", Align::Left),
            ("for", Align::Right),
            ("against", Align::Right),
            ("abstain", Align::Right),
        ],
    );
    for meeting in &report.meetings {
        meeting_rows(&mut grid, meeting, w);
    }
    section_in(out, &w.t("report-section-meetings"), &grid.render(), w);
}

/// ` +N by proxy` when members were represented (their proxies: in the JSON report and `meeting
/// show`).
pub(crate) fn represented(meeting: &MeetingReport, w: Words) -> String {
    match meeting.proxies.len() {
        0 => String::new(),
        n => format!(" {}", w.f("report-by-proxy", &[("count", &n)])),
    }
}

/// An item's outcome, with the reason of a rejection: `rejected (insufficient-funds)`.
pub(crate) fn outcome(outcome: &str, reason: Option<&str>, w: Words) -> String {
    match reason {
        Some(reason) => format!("{} ({})", w.word(outcome), w.word(reason)),
        None => w.word(outcome),
    }
}

fn meeting_rows(grid: &mut Grid, meeting: &MeetingReport, w: Words) {
    let present = format!("{}/{}{}", meeting.present, meeting.voting, represented(meeting, w));
    if meeting.open || meeting.outcomes.is_empty() {
        let state = if meeting.open { w.word("open") } else { String::new() };
        grid.row(vec![meeting.id.to_string(), meeting.date.to_string(), present, String::new(), state]);
        return;
    }
    for (position, item) in meeting.outcomes.iter().enumerate() {
        let (id, date, present) = if position == 0 {
            (meeting.id.to_string(), meeting.date.to_string(), present.clone())
        } else {
            (String::new(), String::new(), String::new())
        };
        grid.row(vec![
            id,
            date,
            present,
            item.proposal.to_string(),
            outcome(item.outcome, item.reason, w),
            item.for_.to_string(),
            item.against.to_string(),
            item.abstain.to_string(),
        ]);
    }
}

/// A titled section; an empty body reads `(none)` in the language of `w`.
pub(crate) fn section_in(out: &mut String, title: &str, body: &str, w: Words) {
    let _ = writeln!(out, "\n{title}");
    if body.is_empty() {
        let _ = writeln!(out, "  {}", w.t("report-none"));
        return;
    }
    out.push_str(body);
}

/// User text made safe for a terminal: control characters become `?`.
pub(crate) fn clean(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// How a column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A plain-text table: columns padded to their widest cell (counted in characters), two
/// spaces between columns, indented by two. No trailing spaces.
pub(crate) struct Grid {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
    show_header: bool,
}

impl Grid {
    pub(crate) fn new(columns: &[(&str, Align)]) -> Grid {
        Grid {
            headers: columns.iter().map(|(name, _)| name.to_string()).collect(),
            aligns: columns.iter().map(|(_, align)| *align).collect(),
            rows: Vec::new(),
            show_header: true,
        }
    }

    /// Add a row; missing cells are empty, extra cells are dropped.
    pub(crate) fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    pub(crate) fn without_header(mut self) -> String {
        self.show_header = false;
        self.render()
    }

    /// The table, or an empty string when it has no row.
    pub(crate) fn render(&self) -> String {
        if self.rows.is_empty() {
            return String::new();
        }
        let widths = self.widths();
        let mut out = String::new();
        if self.show_header {
            self.line(&mut out, &self.headers, &widths);
        }
        for row in &self.rows {
            self.line(&mut out, row, &widths);
        }
        out
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = if self.show_header {
            self.headers.iter().map(|h| width(h)).collect()
        } else {
            vec![0; self.headers.len()]
        };
        for row in &self.rows {
            for (column, cell) in row.iter().enumerate() {
                widths[column] = widths[column].max(width(cell));
            }
        }
        widths
    }

    fn line(&self, out: &mut String, cells: &[String], widths: &[usize]) {
        let mut line = String::from("  ");
        for (column, cell) in cells.iter().enumerate() {
            if column > 0 {
                line.push_str("  ");
            }
            let pad = widths[column].saturating_sub(width(cell));
            match self.aligns[column] {
                Align::Left => {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
                Align::Right => {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_the_french_way() {
        for (input, expected) in [
            ("0.05", "0,05 €"),
            ("1", "1,00 €"),
            ("999.99", "999,99 €"),
            ("1000", "1 000,00 €"),
            ("12345.6", "12 345,60 €"),
            ("1000000000", "1 000 000 000,00 €"),
        ] {
            let amount: Euros = input.parse().expect("a valid amount");
            assert_eq!(euros_fr(amount), expected, "{input}");
        }
    }

    #[test]
    fn grid_aligns_and_trims() {
        let mut grid = Grid::new(&[("name", Align::Left), ("paid", Align::Right)]);
        grid.row(vec!["zoé".into(), "1,00 €".into()]);
        grid.row(vec!["bartholomew".into(), "1 000,00 €".into()]);
        assert_eq!(
            grid.render(),
            "  name               paid\n  zoé              1,00 €\n  bartholomew  1 000,00 €\n"
        );
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mb\n"), "a?[31mb?");
    }
}
