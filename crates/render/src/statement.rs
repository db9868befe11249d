//! An agreement's expense statement (*état récapitulatif des dépenses*) as a table, CSV and a
//! standalone HTML page; and the list of agreements.
//!
//! The CSV has one row per payout, then a `total` row per total; its columns:
//! `record` (`payout` or `total`), `seq` (the payout entry), `date` (paid), `proposal`,
//! `action`, `kind` (`retribution`/`expense`), `payee`, `purpose`, `paid` (the whole payout),
//! `amount` (the agreement's part), `eligible` (`yes` / `no`: paid outside the agreement's
//! period), `ref` (the transfer), `receipt` (file name), `receipt_sha256`, `meeting`,
//! `adopted` (the meeting's date), `votes` (`for/against/abstain`). Free text is neutralised
//! against formula injection like every CSV of cercle ([`crate::csv`]).

use std::fmt::Write as _;

use cercle_core::statement::{AgreementSummary, Statement, StatementLine};
use cercle_core::Euros;

use crate::csv::{Cell, CsvStyle, CsvWriter};
use crate::html::escape;
use crate::table::{euros_fr, format_euros, section, Align, Grid};

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

/// The header lines every form shows: circle, agreement, period, head and checkpoint.
fn heading(s: &Statement) -> Vec<(String, String)> {
    let a = &s.agreement;
    let actions = if a.actions.is_empty() {
        "all".to_string()
    } else {
        a.actions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    };
    let mut lines = vec![
        ("Circle".to_string(), s.circle.clone()),
        ("Agreement".to_string(), format!("{} ({})", a.reference, a.funder)),
        ("Awarded".to_string(), euros_fr(a.awarded)),
        ("Co-financing rate".to_string(), a.rate.clone().unwrap_or_else(|| "none (100 %)".into())),
        ("Eligibility period".to_string(), format!("{} to {}", a.from, a.to)),
        ("Actions financed".to_string(), actions),
        ("Received so far".to_string(), euros_fr(a.received)),
        ("Payouts listed".to_string(), format!("paid from {} to {}", s.from, s.to)),
        (
            "Made from".to_string(),
            format!("ledger {} at entry {} ({}), hash {}", s.circle_id, s.head.seq, s.head.date, s.head.hash),
        ),
    ];
    lines.push((
        "Checkpoint".to_string(),
        match &s.checkpoint {
            Some(c) => format!("entry {} ({}), hash {}", c.seq, c.date, c.hash),
            None => "none yet (the support team has not checkpointed this ledger)".to_string(),
        },
    ));
    lines
}

/// The statement for a terminal.
pub fn statement_table(s: &Statement) -> String {
    let mut out = format!("Expense statement — {}\n\n", s.agreement.reference);
    for (label, value) in heading(s) {
        let _ = writeln!(out, "  {label:<20} {value}");
    }
    let mut grid = Grid::new(&[
        ("date", Align::Left),
        ("line", Align::Left),
        ("action", Align::Left),
        ("payee", Align::Left),
        ("purpose", Align::Left),
        ("amount", Align::Right),
        ("ref", Align::Left),
        ("receipt", Align::Left),
        ("adopted", Align::Left),
    ]);
    for line in &s.lines {
        let mut amount = euros_fr(line.amount);
        if line.amount != line.paid {
            amount = format!("{amount} of {}", euros_fr(line.paid));
        }
        if !line.eligible {
            amount.push_str(" (outside the period)");
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
                .unwrap_or_else(|| "(none)".into()),
            match (line.meeting, line.adopted) {
                (Some(m), Some(d)) => format!("{m} on {d} ({})", votes(line)),
                _ => String::new(),
            },
        ]);
    }
    let body = grid.render();
    section(&mut out, "Payouts", if body.is_empty() { "  (none in this period)\n" } else { &body });
    let t = &s.totals;
    let mut totals = format!("  Eligible spending      {}\n", euros_fr(t.eligible));
    if !t.outside_period.is_zero() {
        let _ = writeln!(totals, "  Outside the period     {}  (not eligible)", euros_fr(t.outside_period));
    }
    let _ = writeln!(totals, "  Funder's share         {}", euros_fr(t.funder_share));
    let _ =
        writeln!(totals, "  Lines                  {} ({} without a receipt)", t.lines, t.without_receipt);
    section(&mut out, "Totals", &totals);
    out
}

fn money_csv(amount: Euros) -> String {
    amount.to_string()
}

/// The statement as CSV of `style`.
pub fn statement_csv(s: &Statement, style: CsvStyle) -> String {
    let mut w = CsvWriter::styled(style);
    // Writing into memory cannot fail; a failure would only drop rows, never panic.
    let _ = w.header(&STATEMENT_COLUMNS);
    for line in &s.lines {
        let (seq, proposal, action) =
            (line.seq.to_string(), line.proposal.to_string(), line.action.to_string());
        let (paid, amount) = (money_csv(line.paid), money_csv(line.amount));
        let (meeting, adopted, votes) = (option(line.meeting), option(line.adopted), votes(line));
        let date = line.date.to_string();
        let sha = line.receipt.as_ref().map(|r| r.sha256.to_hex()).unwrap_or_default();
        let receipt = line.receipt.as_ref().map_or("", |r| r.name.as_str());
        let _ = w.row([
            Cell::Value("payout"),
            Cell::Value(&seq),
            Cell::Value(&date),
            Cell::Value(&proposal),
            Cell::Value(&action),
            Cell::Value(line.spend_kind),
            Cell::Text(&line.payee),
            Cell::Text(&line.purpose),
            Cell::Amount(&paid),
            Cell::Amount(&amount),
            Cell::Value(if line.eligible { "yes" } else { "no" }),
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
        let amount = money_csv(amount);
        let mut cells = vec![Cell::Value("total"), Cell::Value(""), Cell::Value(""), Cell::Value(name)];
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

/// The statement as a standalone HTML page (no script, no outside asset), to print or send.
pub fn statement_html(s: &Statement) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Expense statement — {}</h1>\n<table class=\"meta\">",
        escape(&s.agreement.reference)
    );
    for (label, value) in heading(s) {
        let _ = write!(body, "<tr><th>{}</th><td>{}</td></tr>", escape(&label), escape(&value));
    }
    body.push_str("</table>\n<h2>Payouts</h2>\n<table><thead><tr>");
    for h in
        ["Date", "Line", "Action", "Payee", "Purpose", "Amount", "Transfer", "Receipt (SHA-256)", "Adopted"]
    {
        let _ = write!(body, "<th>{h}</th>");
    }
    body.push_str("</tr></thead><tbody>");
    for line in &s.lines {
        let class = if line.eligible { "" } else { " class=\"outside\"" };
        let mut amount = money_html(line.amount);
        if line.amount != line.paid {
            amount = format!("{amount}<br><small>of {}</small>", money_html(line.paid));
        }
        if !line.eligible {
            amount.push_str("<br><small>outside the period</small>");
        }
        let receipt = match &line.receipt {
            Some(r) => format!("{}<br><code>{}</code>", escape(r.name.as_str()), r.sha256),
            None => "<em>none</em>".to_string(),
        };
        let adopted = match (line.meeting, line.adopted) {
            (Some(m), Some(d)) => format!("{m}, {d} ({})", votes(line)),
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
    body.push_str("</tbody></table>\n<h2>Totals</h2>\n<table class=\"meta\">");
    let t = &s.totals;
    let _ =
        write!(body, "<tr><th>Eligible spending</th><td class=\"num\">{}</td></tr>", money_html(t.eligible));
    let _ = write!(
        body,
        "<tr><th>Outside the period (not eligible)</th><td class=\"num\">{}</td></tr>",
        money_html(t.outside_period)
    );
    let _ =
        write!(body, "<tr><th>Funder's share</th><td class=\"num\">{}</td></tr>", money_html(t.funder_share));
    let _ = write!(
        body,
        "<tr><th>Lines</th><td class=\"num\">{} ({} without a receipt)</td></tr></table>",
        t.lines, t.without_receipt
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n<footer>Made by cercle from the signed ledger: every line can be checked against the entry it names.</footer>\n</body>\n</html>\n",
        escape(&format!("Expense statement — {}", s.agreement.reference))
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

/// The agreements for a terminal.
pub fn agreements_table(agreements: &[AgreementSummary]) -> String {
    let mut grid = Grid::new(&[
        ("agreement", Align::Left),
        ("funder", Align::Left),
        ("period", Align::Left),
        ("rate", Align::Right),
        ("awarded", Align::Right),
        ("received", Align::Right),
        ("eligible spent", Align::Right),
        ("outside period", Align::Right),
    ]);
    for a in agreements {
        grid.row(vec![
            crate::table::clean(&a.reference),
            crate::table::clean(&a.funder),
            format!("{} to {}", a.from, a.to),
            a.rate.clone().unwrap_or_default(),
            euros_fr(a.awarded),
            euros_fr(a.received),
            euros_fr(a.eligible),
            euros_fr(a.outside_period),
        ]);
    }
    grid.render()
}
