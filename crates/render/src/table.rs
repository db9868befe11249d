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

/// Whole euros, grouped by thousands (`12 500`), for chart axes.
pub(crate) fn group_thousands(whole: u64, thousands: &str) -> String {
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

/// The whole report of one circle, section by section.
pub fn report_table(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    period(&mut out, report);
    totals(&mut out, report);
    funders(&mut out, report);
    if !report.agreements.is_empty() {
        section(&mut out, "Agreements", &crate::statement::agreements_table(&report.agreements));
    }
    actions(&mut out, report);
    proposals(&mut out, report);
    members(&mut out, report);
    meetings(&mut out, report);
    key_history(&mut out, report);
    out
}

/// The key replacements, when there are any (`docs/RULES.md`, "Keys").
fn key_history(out: &mut String, report: &Report) {
    if report.key_history.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nKey history");
    for k in &report.key_history {
        let when = match (k.seq, k.date) {
            (Some(seq), Some(date)) => format!("from #{seq} on {date}"),
            _ => "waiting for a countersignature".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:<14} {}… → {}…  asked #{}, {when}, signed by {}",
            clean(&k.holder),
            &k.old_key[..k.old_key.len().min(16)],
            &k.new_key[..k.new_key.len().min(16)],
            k.requested,
            k.signed_by.iter().map(|s| clean(s)).collect::<Vec<_>>().join(", ")
        );
    }
}

fn header(out: &mut String, report: &Report) {
    let c = &report.circle;
    let _ = writeln!(out, "{} ({}, {})", clean(&c.name), clean(&c.territory), c.status);
    let _ = writeln!(out, "circle {}", c.id);
    let _ = writeln!(
        out,
        "founded {}, head #{} on {} ({})",
        c.founded, report.head.seq, report.head.date, report.head.hash
    );
    let recusal = if c.recusal { "recusal on" } else { "recusal off" };
    let _ = writeln!(out, "governance: quorum {}, threshold {}, {recusal}", c.quorum, c.threshold);
    let support = match (&c.support_key, report.checkpoints.last()) {
        (None, _) => "support team: none".to_string(),
        (Some(_), None) => "support team: key set, never checkpointed".to_string(),
        (Some(_), Some(last)) => format!("support team: last checkpoint at #{} on {}", last.seq, last.date),
    };
    let _ = writeln!(out, "{support}");
    if let Some(day) = report.as_of {
        let _ = writeln!(
            out,
            "as of the end of {day}: the books replayed from the entries recorded up to that day"
        );
    }
}

fn period(out: &mut String, report: &Report) {
    let Some(p) = &report.period else { return };
    let bound = |day: Option<chrono::NaiveDate>, none: &str| day.map_or(none.to_string(), |d| d.to_string());
    let body = format!(
        "  from {} to {}\n  received   {:>16}  ({} receipts, by the day recorded)\n  paid       {:>16}  ({} payouts, by the day paid)\n  meetings closed {}, proposals adopted {}\n",
        bound(p.from, "the start"),
        bound(p.to, "today"),
        euros_fr(p.received),
        p.receipts,
        euros_fr(p.paid),
        p.payouts,
        p.meetings_closed,
        p.proposals_adopted
    );
    section(out, "Period", &body);
}

fn totals(out: &mut String, report: &Report) {
    let t = &report.totals;
    let mut grid = Grid::new(&[("", Align::Left), ("", Align::Right)]);
    grid.row(vec!["received".into(), euros_fr(t.received)]);
    grid.row(vec!["committed".into(), euros_fr(t.committed)]);
    grid.row(vec!["paid".into(), euros_fr(t.paid)]);
    grid.row(vec!["available".into(), euros_fr(t.available)]);
    section(out, "Totals", &grid.without_header());
}

fn funders(out: &mut String, report: &Report) {
    let mut grid = Grid::new(&[("source", Align::Left), ("received", Align::Right)]);
    for funder in &report.funders {
        grid.row(vec![clean(&funder.source), euros_fr(funder.received)]);
    }
    section(out, "Funders", &grid.render());
}

fn actions(out: &mut String, report: &Report) {
    let mut grid = Grid::new(&[
        ("id", Align::Left),
        ("title", Align::Left),
        ("envelope", Align::Right),
        ("committed", Align::Right),
        ("paid", Align::Right),
        ("remaining", Align::Right),
    ]);
    for action in &report.actions {
        let used = action.committed.checked_add(action.paid).unwrap_or(action.envelope);
        grid.row(vec![
            action.id.to_string(),
            clean(&action.title),
            euros_fr(action.envelope),
            euros_fr(action.committed),
            euros_fr(action.paid),
            euros_fr(action.envelope.saturating_sub(used)),
        ]);
    }
    section(out, "Actions", &grid.render());
}

fn proposals(out: &mut String, report: &Report) {
    let mut grid = Grid::new(&[
        ("id", Align::Left),
        ("kind", Align::Left),
        ("action", Align::Left),
        ("status", Align::Left),
        ("amount", Align::Right),
        ("paid", Align::Right),
        ("payee / title", Align::Left),
        ("decided", Align::Left),
    ]);
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
            kind.to_string(),
            p.action.map(|a| a.to_string()).unwrap_or_default(),
            p.status.to_string(),
            euros_fr(p.amount),
            if p.kind == "spend" { euros_fr(p.paid) } else { String::new() },
            clean(&target),
            p.decided.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    section(out, "Proposals", &grid.render());
}

fn members(out: &mut String, report: &Report) {
    let mut grid = Grid::new(&[("name", Align::Left), ("role", Align::Left), ("paid", Align::Right)]);
    for m in &report.members {
        let role = if m.active { m.role.to_string() } else { format!("{} (left)", m.role) };
        grid.row(vec![clean(&m.name), role, euros_fr(m.paid)]);
    }
    section(out, "Members", &grid.render());
}

fn meetings(out: &mut String, report: &Report) {
    let mut grid = Grid::new(&[
        ("id", Align::Left),
        ("date", Align::Left),
        ("present", Align::Right),
        ("proposal", Align::Left),
        ("outcome", Align::Left),
        ("for", Align::Right),
        ("against", Align::Right),
        ("abstain", Align::Right),
    ]);
    for meeting in &report.meetings {
        meeting_rows(&mut grid, meeting);
    }
    section(out, "Meetings", &grid.render());
}

/// ` +N by proxy` when members were represented (their proxies: in the JSON report and `meeting
/// show`).
pub(crate) fn represented(meeting: &MeetingReport) -> String {
    match meeting.proxies.len() {
        0 => String::new(),
        n => format!(" +{n} by proxy"),
    }
}

fn meeting_rows(grid: &mut Grid, meeting: &MeetingReport) {
    let present = format!("{}/{}{}", meeting.present, meeting.voting, represented(meeting));
    if meeting.open || meeting.outcomes.is_empty() {
        let state = if meeting.open { "open" } else { "" };
        grid.row(vec![
            meeting.id.to_string(),
            meeting.date.to_string(),
            present,
            String::new(),
            state.into(),
        ]);
        return;
    }
    for (position, item) in meeting.outcomes.iter().enumerate() {
        let (id, date, present) = if position == 0 {
            (meeting.id.to_string(), meeting.date.to_string(), present.clone())
        } else {
            (String::new(), String::new(), String::new())
        };
        let outcome = match item.reason {
            Some(reason) => format!("{} ({reason})", item.outcome),
            None => item.outcome.to_string(),
        };
        grid.row(vec![
            id,
            date,
            present,
            item.proposal.to_string(),
            outcome,
            item.for_.to_string(),
            item.against.to_string(),
            item.abstain.to_string(),
        ]);
    }
}

/// A titled section; an empty body reads `(none)`.
pub(crate) fn section(out: &mut String, title: &str, body: &str) {
    let _ = writeln!(out, "\n{title}");
    if body.is_empty() {
        let _ = writeln!(out, "  (none)");
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
