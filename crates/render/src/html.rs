//! One self-contained HTML page (`cercle report --format html`, `cercle audit --format html`):
//! inline CSS, inline SVG charts, no script, no outside asset (no `src`, no `href` to
//! anything), so the file can be mailed, archived or opened offline and show the same.
//!
//! Printed (or saved as PDF by the browser, `scripts/html-pdf`), the page is in black and white,
//! with every collapsed section open: CSS alone does it, `details::details-content` (Chromium
//! 131 and later; no script, so none runs in a mailed page). A browser without it prints
//! collapsed sections closed: open them first. Rows, cards and charts are not cut across pages;
//! each circle of an audit starts a page.
//!
//! Per circle: the totals, three charts (envelope / committed / paid per action; funds
//! received and paid over time, cumulative; retributions per member), the findings, then the
//! tables. Every piece of user text goes through [`escape`].

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use cercle_core::{Euros, PayoutReport, Report};

use crate::audit::{AuditReport, CircleEntry};
use crate::findings::{findings, Finding, FindingLimits};
use crate::svg::{self, Group, COMMITTED, ENVELOPE, PAID, RECEIVED};
use crate::table::format_euros;

/// Text made safe for HTML element content and quoted attributes: `& < > " '` escaped.
///
/// ```
/// assert_eq!(cercle_render::html::escape(r#"<b>"Tom" & 'Jo'</b>"#),
///            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jo&#39;&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The page of one circle's report, with its findings (default limits).
pub fn report_html(report: &Report) -> String {
    let found = findings(report, &FindingLimits::default());
    let title = format!("{} — budget report", report.circle.name);
    let mut body = String::new();
    circle_section(&mut body, report, &found, true);
    page(&title, &body)
}

/// The page of a region's audit: the region first, then every circle (with its payouts, when
/// they were read: [`crate::audit::CircleAudit::with_payouts`]).
///
/// The page says the period it covers (the first and last entries of the verified circles) and
/// when it was `made`: the caller's clock (`cercle audit` takes `CERCLE_NOW` if set), an input
/// like any other, so the same audit made at the same time gives the same bytes.
pub fn audit_html(audit: &AuditReport, made: DateTime<Utc>) -> String {
    let mut body = String::new();
    let verified = audit.circles.iter().filter(|c| c.verified).count();
    let _ = write!(
        body,
        "<header><h1>Audit of {} circle{}</h1><p>{verified} verified, {} failed verification. Region totals add up verified circles only.</p>",
        audit.circles.len(),
        plural(audit.circles.len()),
        audit.circles.len() - verified
    );
    let period = match period(audit) {
        Some((first, last)) => {
            format!("Covers {first} to {last} (the first and last entries of the verified circles).")
        }
        None => "Covers no period: no circle verified.".to_string(),
    };
    let _ = write!(
        body,
        r#"<p class="made">{period} Made on {} UTC.</p></header>"#,
        made.format("%Y-%m-%d at %H:%M")
    );
    let t = &audit.totals;
    totals_cards(&mut body, t.received, t.committed, t.paid, t.available);
    region_chart(&mut body, audit);
    region_tables(&mut body, audit);
    findings_list(&mut body, &audit.findings, true);
    for (index, circle) in audit.circles.iter().enumerate() {
        circle_of_audit(&mut body, index, circle, &audit.findings);
    }
    page("cercle — audit", &body)
}

/// The first and last entry dates of the verified circles (each circle's genesis and head).
fn period(audit: &AuditReport) -> Option<(NaiveDate, NaiveDate)> {
    let reports = audit.circles.iter().filter(|c| c.verified).filter_map(|c| c.report.as_ref());
    reports.fold(None, |span, r| {
        let (first, last) = (r.circle.founded, r.head.date);
        Some(span.map_or((first, last), |(a, b): (NaiveDate, NaiveDate)| (a.min(first), b.max(last))))
    })
}

fn circle_of_audit(body: &mut String, index: usize, circle: &CircleEntry, all: &[Finding]) {
    let _ = write!(body, r#"<article class="circle" id="circle-{}">"#, index + 1);
    let _ = write!(body, r#"<p class="source">{}</p>"#, escape(&circle.source));
    if !circle.problems.is_empty() {
        let _ = write!(body, r#"<div class="problems"><strong>Verification failed.</strong><ul>"#);
        for problem in &circle.problems {
            let _ = write!(body, "<li>{}</li>", escape(problem));
        }
        body.push_str("</ul></div>");
    }
    if let Some(report) = &circle.report {
        let own: Vec<Finding> =
            all.iter().filter(|f| f.source.as_deref() == Some(circle.source.as_str())).cloned().collect();
        circle_section(body, report, &own, false);
        payouts_table(body, circle.payouts.as_deref(), false);
    }
    body.push_str("</article>");
}

fn region_chart(body: &mut String, audit: &AuditReport) {
    let groups: Vec<Group> = audit
        .circles
        .iter()
        .filter(|c| c.verified)
        .filter_map(|c| c.report.as_ref())
        .map(|r| Group {
            label: r.circle.name.clone(),
            values: vec![r.totals.received, r.totals.committed, r.totals.paid],
        })
        .collect();
    figure(
        body,
        "Per circle: received, committed, paid",
        &svg::grouped_bars("Per circle", &[RECEIVED, COMMITTED, PAID], &groups),
    );
}

fn region_tables(body: &mut String, audit: &AuditReport) {
    let mut rows = String::new();
    for c in &audit.circles {
        let status = if c.verified {
            r#"<span class="ok">verified</span>"#
        } else {
            r#"<span class="bad">NOT verified</span>"#
        };
        let cells = match &c.report {
            Some(r) => format!(
                "<td>{}</td><td class=\"num\">#{}</td>{}{}{}{}",
                escape(&r.circle.name),
                r.head.seq,
                money_cell(r.totals.received),
                money_cell(r.totals.committed),
                money_cell(r.totals.paid),
                money_cell(r.totals.available)
            ),
            None => r#"<td></td><td></td><td></td><td></td><td></td><td></td>"#.to_string(),
        };
        let _ = write!(rows, "<tr><td>{}</td><td>{status}</td>{cells}</tr>", escape(&c.source));
    }
    table(
        body,
        "Circles",
        &["source", "verified", "circle", "head", "received", "committed", "paid", "available"],
        &rows,
        true,
    );
    let mut rows = String::new();
    for f in &audit.funders {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td class=\"num\">{}</td>{}</tr>",
            escape(&f.source),
            f.circles,
            money_cell(f.received)
        );
    }
    table(body, "Funders (region)", &["source", "circles", "received"], &rows, true);
    let mut rows = String::new();
    for r in &audit.roles {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td class=\"num\">{}</td>{}</tr>",
            r.role,
            r.members,
            money_cell(r.paid)
        );
    }
    table(body, "Roles (region)", &["role", "members", "paid"], &rows, true);
}

fn circle_section(body: &mut String, report: &Report, found: &[Finding], open: bool) {
    let c = &report.circle;
    let _ = write!(
        body,
        "<header><h1>{}</h1><p>{} · {} · founded {} · head #{} on {}</p><p class=\"hash\">circle {} · head {}</p></header>",
        escape(&c.name),
        escape(&c.territory),
        c.status,
        c.founded,
        report.head.seq,
        report.head.date,
        escape(&c.id),
        escape(&report.head.hash)
    );
    let t = &report.totals;
    totals_cards(body, t.received, t.committed, t.paid, t.available);
    charts(body, report);
    findings_list(body, found, false);
    tables(body, report, open);
}

fn totals_cards(body: &mut String, received: Euros, committed: Euros, paid: Euros, available: Euros) {
    body.push_str(r#"<section class="cards">"#);
    for (name, amount) in
        [("received", received), ("committed", committed), ("paid", paid), ("available", available)]
    {
        let _ = write!(
            body,
            r#"<div class="card {name}"><span>{name}</span><strong>{}</strong></div>"#,
            money(amount)
        );
    }
    body.push_str("</section>");
}

fn charts(body: &mut String, report: &Report) {
    let actions: Vec<Group> = report
        .actions
        .iter()
        .map(|a| Group {
            label: format!("{} {}", a.id, a.title),
            values: vec![a.envelope, a.committed, a.paid],
        })
        .collect();
    figure(
        body,
        "Per action: envelope, committed, paid",
        &svg::grouped_bars("Per action", &[ENVELOPE, COMMITTED, PAID], &actions),
    );
    figure(
        body,
        "Funds received and paid over time (cumulative)",
        &svg::cumulative_lines("Over time", &report.months, (report.circle.founded, report.head.date)),
    );
    let mut members: Vec<&cercle_core::MemberReport> =
        report.members.iter().filter(|m| !m.paid.is_zero()).collect();
    members.sort_by(|a, b| b.paid.cmp(&a.paid).then_with(|| a.name.cmp(&b.name)));
    let members: Vec<Group> =
        members.iter().map(|m| Group { label: m.name.clone(), values: vec![m.paid] }).collect();
    figure(body, "Retributions paid per member", &svg::grouped_bars("Per member", &[PAID], &members));
}

fn figure(body: &mut String, caption: &str, svg: &str) {
    let _ = write!(body, "<figure><figcaption>{}</figcaption>{svg}</figure>", escape(caption));
}

fn findings_list(body: &mut String, found: &[Finding], with_circle: bool) {
    let _ = write!(body, "<section><h2>Findings ({})</h2>", found.len());
    if found.is_empty() {
        body.push_str(r#"<p class="note">None.</p></section>"#);
        return;
    }
    body.push_str(r#"<ul class="findings">"#);
    for f in found {
        let circle = if with_circle { format!("<b>{}</b> ", escape(&f.circle)) } else { String::new() };
        let entry = f.entry.as_deref().map(|e| format!("<code>{}</code> ", escape(e))).unwrap_or_default();
        let _ = write!(
            body,
            r#"<li class="{}"><span class="severity">{}</span> {circle}{entry}{}</li>"#,
            f.severity.as_str(),
            f.severity.as_str(),
            escape(&f.message)
        );
    }
    body.push_str("</ul></section>");
}

fn tables(body: &mut String, report: &Report, open: bool) {
    let mut rows = String::new();
    for f in &report.funders {
        let _ = write!(rows, "<tr><td>{}</td>{}</tr>", escape(&f.source), money_cell(f.received));
    }
    table(body, "Funders", &["source", "received"], &rows, open);
    let mut rows = String::new();
    for a in &report.actions {
        let used = a.committed.checked_add(a.paid).unwrap_or(a.envelope);
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td>{}{}{}{}</tr>",
            a.id,
            escape(&a.title),
            money_cell(a.envelope),
            money_cell(a.committed),
            money_cell(a.paid),
            money_cell(a.envelope.saturating_sub(used))
        );
    }
    table(body, "Actions", &["id", "title", "envelope", "committed", "paid", "remaining"], &rows, open);
    proposals_table(body, report, open);
    let mut rows = String::new();
    for m in &report.members {
        let role = if m.active { m.role.to_string() } else { format!("{} (left)", m.role) };
        let _ = write!(rows, "<tr><td>{}</td><td>{role}</td>{}</tr>", escape(&m.name), money_cell(m.paid));
    }
    table(body, "Members", &["name", "role", "paid"], &rows, open);
    meetings_table(body, report, open);
}

fn proposals_table(body: &mut String, report: &Report, open: bool) {
    let mut rows = String::new();
    for p in &report.proposals {
        let target =
            p.payee.as_ref().or(p.supplier.as_ref()).or(p.title.as_ref()).cloned().unwrap_or_default();
        let paid = if p.kind == "spend" { money_cell(p.paid) } else { "<td></td>".into() };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"status {}\">{}</td>{}{paid}<td>{}</td><td>{}</td><td>{}</td></tr>",
            p.id,
            p.spend_kind.unwrap_or(p.kind),
            p.action.map(|a| a.to_string()).unwrap_or_default(),
            p.status,
            p.status,
            money_cell(p.amount),
            escape(&target),
            escape(p.purpose.as_deref().unwrap_or("")),
            p.decided.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    let headers = ["id", "kind", "action", "status", "amount", "paid", "payee / title", "purpose", "decided"];
    table(body, "Proposals", &headers, &rows, open);
}

/// The payouts of a circle, in ledger order, with their total; `None`: they were not read.
fn payouts_table(body: &mut String, payouts: Option<&[PayoutReport]>, open: bool) {
    let Some(payouts) = payouts else {
        body.push_str(
            r#"<details><summary>Payouts</summary><p class="note">The payouts were not read by this audit.</p></details>"#,
        );
        return;
    };
    let mut rows = String::new();
    let mut total = Euros::ZERO;
    for p in payouts {
        let to = match (&p.payee, &p.supplier) {
            (Some(member), _) => escape(member),
            (None, Some(supplier)) => format!("{} (supplier)", escape(supplier)),
            (None, None) => String::new(),
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{to}</td><td>{}</td>{}<td>{}</td></tr>",
            p.date,
            p.proposal,
            escape(p.purpose.as_deref().unwrap_or("")),
            money_cell(p.amount),
            escape(&p.reference)
        );
        // A circle's payouts add up to its paid total, at most 10^9 € each.
        total = total.checked_add(p.amount).unwrap_or(Euros::from_cents(u64::MAX));
    }
    let headers = ["date paid", "proposal", "payee or supplier", "purpose", "amount", "reference"];
    let foot = format!(
        r#"<tr><th colspan="4">total</th><td class="num"><b>{}</b></td><td></td></tr>"#,
        money(total)
    );
    table_with_foot(body, "Payouts", &headers, &rows, Some(&foot), open);
}

fn meetings_table(body: &mut String, report: &Report, open: bool) {
    let mut rows = String::new();
    for m in &report.meetings {
        let outcomes: Vec<String> = m
            .outcomes
            .iter()
            .map(|o| {
                let reason = o.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                format!("{} {}{reason} {}–{}–{}", o.proposal, o.outcome, o.for_, o.against, o.abstain)
            })
            .collect();
        let outcomes = if m.open { "open".to_string() } else { outcomes.join("<br>") };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}/{}{}</td><td>{outcomes}</td></tr>",
            m.id,
            m.date,
            m.present,
            m.voting,
            crate::table::represented(m)
        );
    }
    table(body, "Meetings", &["id", "date", "present", "outcomes (for–against–abstain)"], &rows, open);
}

/// A collapsible table; `rows` are ready `<tr>`s (their text already escaped).
fn table(body: &mut String, title: &str, headers: &[&str], rows: &str, open: bool) {
    table_with_foot(body, title, headers, rows, None, open);
}

/// The same, with a `<tfoot>` row (ready, escaped) after the rows.
fn table_with_foot(
    body: &mut String,
    title: &str,
    headers: &[&str],
    rows: &str,
    foot: Option<&str>,
    open: bool,
) {
    let count = rows.matches("<tr>").count();
    let _ = write!(
        body,
        "<details{}><summary>{} ({count})</summary>",
        if open { " open" } else { "" },
        escape(title)
    );
    if rows.is_empty() {
        body.push_str(r#"<p class="note">None.</p></details>"#);
        return;
    }
    body.push_str("<table><thead><tr>");
    for h in headers {
        let _ = write!(body, "<th>{}</th>", escape(h));
    }
    let foot = foot.map(|foot| format!("<tfoot>{foot}</tfoot>")).unwrap_or_default();
    let _ = write!(body, "</tr></thead><tbody>{rows}</tbody>{foot}</table></details>");
}

fn money(amount: Euros) -> String {
    format_euros(amount, "\u{202f}", "\u{a0}")
}

fn money_cell(amount: Euros) -> String {
    format!(r#"<td class="num">{}</td>"#, money(amount))
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n<footer>Made by cercle from the signed ledger; no outside asset.</footer>\n</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2733;margin:0 auto;max-width:1100px;padding:24px;line-height:1.4}
h1{margin:0 0 4px;font-size:1.6em}h2{font-size:1.15em;margin:20px 0 8px}
header p{margin:2px 0;color:#4a5868}.hash{font-family:ui-monospace,monospace;font-size:.75em;word-break:break-all}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{flex:1 1 180px;border:1px solid #d6dde6;border-radius:8px;padding:10px 14px;background:#f7f9fb}
.card span{display:block;color:#4a5868;font-size:.85em;text-transform:uppercase;letter-spacing:.04em}
.card strong{font-size:1.35em;font-variant-numeric:tabular-nums}
.card.received{border-left:5px solid #3867b3}.card.committed{border-left:5px solid #e8a33d}
.card.paid{border-left:5px solid #2f7d6d}.card.available{border-left:5px solid #8a96a3}
figure{margin:18px 0;padding:8px;border:1px solid #e3e8ee;border-radius:8px;overflow-x:auto}
figcaption{font-weight:600;margin:0 0 4px}
svg{max-width:100%;height:auto;font-size:12px}svg .label{fill:#1d2733}svg .tick{fill:#5c6b7a;font-size:11px}
svg .legend{fill:#1d2733}svg .note{fill:#8a96a3;font-style:italic}svg .grid{stroke:#e3e8ee;stroke-width:1}
details{margin:12px 0}summary{font-weight:600;cursor:pointer;font-size:1.05em}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:.9em}
th,td{border-bottom:1px solid #e3e8ee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status.adopted{color:#2f7d6d}.status.rejected{color:#b03a2e}.status.pending{color:#a86b00}.status.closed{color:#5c6b7a}
ul.findings{list-style:none;padding:0}ul.findings li{padding:6px 10px;margin:4px 0;border-radius:6px}
li.warning{background:#fff4e0;border-left:4px solid #e8a33d}li.info{background:#eef3fa;border-left:4px solid #3867b3}
.severity{font-weight:600;text-transform:uppercase;font-size:.75em;margin-right:6px}
.note{color:#6b7885;font-style:italic}.ok{color:#2f7d6d;font-weight:600}.bad{color:#b03a2e;font-weight:700}
article.circle{border-top:3px solid #d6dde6;margin-top:36px;padding-top:12px}.source{font-family:ui-monospace,monospace;color:#5c6b7a;margin:0}
.problems{background:#fdecea;border-left:4px solid #b03a2e;padding:8px 12px;border-radius:6px}
footer{margin-top:32px;color:#8a96a3;font-size:.8em}
header p.made{color:#1d2733}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;color:#000;font-size:10.5pt}
details::details-content{content-visibility:visible;display:block}
summary{list-style:none;cursor:auto}summary::-webkit-details-marker{display:none}
figure,.card,.problems,tr,li{break-inside:avoid}thead{display:table-header-group}tfoot{display:table-footer-group}
h1,h2,summary,figcaption{break-after:avoid}article.circle{break-before:page;border-top:0}
*{color:#000!important;background:#fff!important;box-shadow:none!important}
.card,figure,.problems,ul.findings li{border:1px solid #000!important}
th,td{border-bottom:1px solid #777}th{border-bottom:1.5px solid #000}
.bad,.severity{font-weight:700}
svg .grid{stroke:#bbb}svg .s-received{fill:#888;stroke:#888}svg .s-committed{fill:#fff;stroke:#000}
svg .s-paid{fill:#000;stroke:#000}svg .s-envelope{fill:#ddd;stroke:#666}
svg polyline.s-received,svg polyline.s-paid{fill:none!important}svg polyline.s-paid{stroke-dasharray:7 4}
}
"#;
