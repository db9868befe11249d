//! An agreement's expense statement (*état récapitulatif des dépenses*) as a table, CSV and a
//! standalone HTML page; and the list of agreements.
//!
//! The CSV has one row per payout, then a `total` row per total; its columns:
//! `record` (`payout` or `total`), `seq` (the payout entry), `date` (paid), `proposal`,
//! `action`, `kind` (`retribution`/`expense`), `payee`, `purpose`, `paid` (the whole payout),
//! `amount` (the agreement's part), `eligible` (`yes` / `no`: paid outside the agreement's
//! period), `ref` (the transfer), `receipt` (file name), `receipt_sha256`, `meeting`,
//! `adopted` (the meeting's date), `votes` (`for/against/abstain`). Free text is neutralised
//! against formula injection like every CSV of cercle ([`crate::csv`]). The French CSV
//! (`--format csv-fr`) has French headings ([`statement_columns`]) over the same cells.

use std::fmt::Write as _;

use cercle_core::statement::{AgreementSummary, Statement, StatementLine};
use cercle_core::Euros;

use crate::csv::{Cell, CsvStyle, CsvWriter};
use crate::html::escape;
use crate::i18n::Lang;
use crate::table::{euros_fr, format_euros, section_in, Align};
use crate::words::Words;

/// The columns of the statement's CSV.
pub const STATEMENT_COLUMNS: [&str; 17] = [
    "record",
    "seq",
    "date",
    "proposal",
    "action",
    "kind",
    "payee",
    "purpose",
    "paid",
    "amount",
    "eligible",
    "ref",
    "receipt",
    "receipt_sha256",
    "meeting",
    "adopted",
    "votes",
];

fn votes(line: &StatementLine) -> String {
    line.votes.map(|t| format!("{}/{}/{}", t.for_, t.against, t.abstain)).unwrap_or_default()
}

fn option<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The columns of the statement's CSV in `lang`, in the order of [`STATEMENT_COLUMNS`] (French:
/// the headings of `--format csv-fr`, for people in a French spreadsheet).
pub fn statement_columns(lang: Lang) -> Vec<String> {
    let w = Words::of(lang);
    STATEMENT_COLUMNS.iter().map(|c| w.t(&format!("csv-statement-{c}"))).collect()
}

/// The header lines every form shows: circle, agreement, period, head and checkpoint.
fn heading(s: &Statement, w: Words) -> Vec<(String, String)> {
    let a = &s.agreement;
    let actions = if a.actions.is_empty() {
        w.t("statement-actions-all")
    } else {
        a.actions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    };
    let mut lines = vec![
        (w.t("statement-circle"), s.circle.clone()),
        (w.t("statement-agreement"), format!("{} ({})", a.reference, a.funder)),
        (w.t("statement-awarded"), euros_fr(a.awarded)),
        (w.t("statement-rate"), a.rate.clone().unwrap_or_else(|| w.t("statement-rate-none"))),
        (w.t("statement-period"), w.f("span-dates", &[("from", &a.from), ("to", &a.to)])),
        (w.t("statement-actions"), actions),
        (w.t("statement-received"), euros_fr(a.received)),
        (w.t("statement-listed"), w.f("statement-listed-value", &[("from", &s.from), ("to", &s.to)])),
        (
            w.t("statement-made-from"),
            w.f(
                "statement-made-from-value",
                &[("id", &s.circle_id), ("seq", &s.head.seq), ("date", &s.head.date), ("hash", &s.head.hash)],
            ),
        ),
    ];
    lines.push((
        w.t("statement-checkpoint"),
        match &s.checkpoint {
            Some(c) => {
                w.f("statement-checkpoint-value", &[("seq", &c.seq), ("date", &c.date), ("hash", &c.hash)])
            }
            None => w.t("statement-checkpoint-none"),
        },
    ));
    lines
}

/// Labels padded to the longest (at least `min` characters), then one space.
fn padded(labels: &[String], min: usize) -> usize {
    labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(min)
}

/// The statement for a terminal, in `lang`.
pub fn statement_table(s: &Statement, lang: Lang) -> String {
    let w = Words::of(lang);
    let mut out = format!("{}\n\n", w.f("statement-title", &[("reference", &s.agreement.reference)]));
    let heading = heading(s, w);
    let labels: Vec<String> = heading.iter().map(|(label, _)| label.clone()).collect();
    let width = padded(&labels, 20);
    for (label, value) in heading {
        let _ = writeln!(out, "  {label:<width$} {value}");
    }
    let mut grid = crate::table::grid(
        w,
        &[
            ("date", Align::Left),
            ("line", Align::Left),
            ("action", Align::Left),
            ("payee", Align::Left),
            ("purpose", Align::Left),
            ("amount", Align::Right),
            ("ref", Align::Left),
            ("receipt", Align::Left),
            ("adopted", Align::Left),
        ],
    );
    for line in &s.lines {
        let mut amount = euros_fr(line.amount);
        if line.amount != line.paid {
            amount = w.f("statement-part-of", &[("amount", &amount), ("paid", &euros_fr(line.paid))]);
        }
        if !line.eligible {
            amount.push(' ');
            amount.push_str(&w.t("statement-outside"));
        }
        grid.row(vec![
            line.date.to_string(),
            line.proposal.to_string(),
            line.action.to_string(),
            crate::table::clean(&line.payee),
            crate::table::clean(&line.purpose),
            amount,
            crate::table::clean(&line.reference),
            line.receipt
                .as_ref()
                .map(|r| crate::table::clean(r.name.as_str()))
                .unwrap_or_else(|| w.t("statement-no-receipt")),
            match (line.meeting, line.adopted) {
                (Some(m), Some(d)) => {
                    w.f("statement-adopted", &[("meeting", &m), ("date", &d), ("votes", &votes(line))])
                }
                _ => String::new(),
            },
        ]);
    }
    let body = grid.render();
    let none = format!("  {}\n", w.t("statement-none-in-period"));
    section_in(&mut out, &w.t("statement-payouts"), if body.is_empty() { &none } else { &body }, w);
    let t = &s.totals;
    let labels = [
        w.t("statement-eligible"),
        w.t("statement-outside-period"),
        w.t("statement-funder-share"),
        w.t("statement-lines"),
    ];
    let width = padded(&labels, 22);
    let mut totals = format!("  {:<width$} {}\n", labels[0], euros_fr(t.eligible));
    if !t.outside_period.is_zero() {
        let _ = writeln!(
            totals,
            "  {:<width$} {}  {}",
            labels[1],
            euros_fr(t.outside_period),
            w.t("statement-not-eligible")
        );
    }
    let _ = writeln!(totals, "  {:<width$} {}", labels[2], euros_fr(t.funder_share));
    let lines = w.f("statement-lines-value", &[("lines", &t.lines), ("without", &t.without_receipt)]);
    let _ = writeln!(totals, "  {:<width$} {lines}", labels[3]);
    section_in(&mut out, &w.t("report-section-totals"), &totals, w);
    out
}

fn money_csv(amount: Euros) -> String {
    amount.to_string()
}

/// The statement as CSV of `style`: English headings and words in the standard form (for
/// programs), French headings and words (`versement`, `oui`) in the French form (for people,
/// in a French spreadsheet).
pub fn statement_csv(s: &Statement, style: CsvStyle) -> String {
    let mut w = CsvWriter::styled(style);
    // Writing into memory cannot fail; a failure would only drop rows, never panic.
    let _ = match style {
        CsvStyle::Standard => w.header(&STATEMENT_COLUMNS),
        CsvStyle::French => {
            let columns = statement_columns(Lang::Fr);
            w.header(&columns.iter().map(String::as_str).collect::<Vec<_>>())
        }
    };
    // cercle's own words (the record, the kind, yes or no) in French in the French form.
    let word = |word: &str| match style {
        CsvStyle::Standard => word.to_string(),
        CsvStyle::French => Words::of(Lang::Fr).word(word),
    };
    for line in &s.lines {
        let (record, kind, eligible) =
            (word("payout"), word(line.spend_kind), word(if line.eligible { "yes" } else { "no" }));
        let (seq, proposal, action) =
            (line.seq.to_string(), line.proposal.to_string(), line.action.to_string());
        let (paid, amount) = (money_csv(line.paid), money_csv(line.amount));
        let (meeting, adopted, votes) = (option(line.meeting), option(line.adopted), votes(line));
        let date = line.date.to_string();
        let sha = line.receipt.as_ref().map(|r| r.sha256.to_hex()).unwrap_or_default();
        let receipt = line.receipt.as_ref().map_or("", |r| r.name.as_str());
        let _ = w.row([
            Cell::Value(&record),
            Cell::Value(&seq),
            Cell::Value(&date),
            Cell::Value(&proposal),
            Cell::Value(&action),
            Cell::Value(&kind),
            Cell::Text(&line.payee),
            Cell::Text(&line.purpose),
            Cell::Amount(&paid),
            Cell::Amount(&amount),
            Cell::Value(&eligible),
            Cell::Text(&line.reference),
            Cell::Text(receipt),
            Cell::Value(&sha),
            Cell::Value(&meeting),
            Cell::Value(&adopted),
            Cell::Value(&votes),
        ]);
    }
    let t = &s.totals;
    for (name, amount) in
        [("eligible", t.eligible), ("outside-period", t.outside_period), ("funder-share", t.funder_share)]
    {
        let (amount, total, name) = (money_csv(amount), word("total"), word(name));
        let mut cells = vec![Cell::Value(&total), Cell::Value(""), Cell::Value(""), Cell::Value(&name)];
        cells.extend(std::iter::repeat_n(Cell::Value(""), 5));
        cells.push(Cell::Amount(&amount));
        cells.extend(std::iter::repeat_n(Cell::Value(""), 7));
        let _ = w.row(cells);
    }
    w.finish().unwrap_or_default()
}

fn money_html(amount: Euros) -> String {
    format_euros(amount, "\u{202f}", "\u{a0}")
}

/// The statement as a standalone HTML page in `lang` (no script, no outside asset), to print
/// or send.
pub fn statement_html(s: &Statement, lang: Lang) -> String {
    let w = Words::of(lang);
    let title = w.f("statement-title", &[("reference", &s.agreement.reference)]);
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1>\n<table class=\"meta\">", escape(&title));
    for (label, value) in heading(s, w) {
        let _ = write!(body, "<tr><th>{}</th><td>{}</td></tr>", escape(&label), escape(&value));
    }
    let _ = write!(body, "</table>\n<h2>{}</h2>\n<table><thead><tr>", escape(&w.t("statement-payouts")));
    for h in ["date", "line", "action", "payee", "purpose", "amount", "transfer", "receipt", "adopted"] {
        let _ = write!(body, "<th>{}</th>", escape(&w.t(&format!("statement-html-col-{h}"))));
    }
    body.push_str("</tr></thead><tbody>");
    for line in &s.lines {
        let class = if line.eligible { "" } else { " class=\"outside\"" };
        let mut amount = money_html(line.amount);
        if line.amount != line.paid {
            let of = w.f("statement-html-of", &[("paid", &money_html(line.paid))]);
            amount = format!("{amount}<br><small>{}</small>", escape(&of));
        }
        if !line.eligible {
            let _ = write!(amount, "<br><small>{}</small>", escape(&w.t("statement-html-outside")));
        }
        let receipt = match &line.receipt {
            Some(r) => format!("{}<br><code>{}</code>", escape(r.name.as_str()), r.sha256),
            None => format!("<em>{}</em>", escape(&w.t("statement-html-none"))),
        };
        let adopted = match (line.meeting, line.adopted) {
            (Some(m), Some(d)) => {
                w.f("statement-html-adopted", &[("meeting", &m), ("date", &d), ("votes", &votes(line))])
            }
            _ => String::new(),
        };
        let _ = write!(
            body,
            "<tr{class}><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td class=\"num\">{amount}</td><td>{}</td><td>{receipt}</td><td>{}</td></tr>",
            line.date,
            line.proposal,
            line.action,
            escape(&line.action_title),
            escape(&line.payee),
            escape(&line.purpose),
            escape(&line.reference),
            escape(&adopted)
        );
    }
    let _ = write!(
        body,
        "</tbody></table>\n<h2>{}</h2>\n<table class=\"meta\">",
        escape(&w.t("report-section-totals"))
    );
    let t = &s.totals;
    // The labels are cercle's own words (an apostrophe is fine in element content).
    let row = |body: &mut String, label: String, value: String| {
        let _ = write!(body, "<tr><th>{label}</th><td class=\"num\">{value}</td></tr>");
    };
    row(&mut body, w.t("statement-eligible"), money_html(t.eligible));
    row(&mut body, w.t("statement-html-outside-period"), money_html(t.outside_period));
    row(&mut body, w.t("statement-funder-share"), money_html(t.funder_share));
    let lines = w.f("statement-lines-value", &[("lines", &t.lines), ("without", &t.without_receipt)]);
    row(&mut body, w.t("statement-lines"), escape(&lines));
    body.push_str("</table>");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n<footer>{}</footer>\n</body>\n</html>\n",
        lang.code(),
        escape(&title),
        escape(&w.t("statement-html-footer"))
    )
}

const STYLE: &str = r#"
body{font-family:system-ui,"DejaVu Sans",sans-serif;color:#1d2733;margin:0 auto;max-width:1100px;padding:24px;line-height:1.35}
h1{font-size:1.5em;margin:0 0 12px}h2{font-size:1.15em;margin:20px 0 8px}
table{border-collapse:collapse;width:100%;font-size:.88em}th,td{border-bottom:1px solid #d6dde6;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f2f5f8}table.meta th{width:14em;font-weight:600;background:none}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}code{font-size:.75em;word-break:break-all}
tr.outside{background:#fff4e0}footer{margin-top:24px;color:#6b7885;font-size:.8em}
@media print{body{max-width:none;padding:0}tr{break-inside:avoid}thead{display:table-header-group}}
"#;

/// The agreements for a terminal, in `lang`.
pub fn agreements_table(agreements: &[AgreementSummary], lang: Lang) -> String {
    let w = Words::of(lang);
    let mut grid = crate::table::grid(
        w,
        &[
            ("agreement", Align::Left),
            ("funder", Align::Left),
            ("period", Align::Left),
            ("rate", Align::Right),
            ("awarded", Align::Right),
            ("received", Align::Right),
            ("eligible-spent", Align::Right),
            ("outside-period", Align::Right),
        ],
    );
    for a in agreements {
        grid.row(vec![
            crate::table::clean(&a.reference),
            crate::table::clean(&a.funder),
            w.f("span-dates", &[("from", &a.from), ("to", &a.to)]),
            a.rate.clone().unwrap_or_default(),
            euros_fr(a.awarded),
            euros_fr(a.received),
            euros_fr(a.eligible),
            euros_fr(a.outside_period),
        ]);
    }
    grid.render()
}
