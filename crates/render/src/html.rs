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
use crate::i18n::Lang;
use crate::svg::{self, Group, COMMITTED, ENVELOPE, PAID, RECEIVED};
use crate::table::format_euros;
use crate::words::Words;

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

/// The page of one circle's report in `lang`, with its findings (default limits).
pub fn report_html(report: &Report, lang: Lang) -> String {
    let w = Words::of(lang);
    let found = findings(report, &FindingLimits::default());
    let title = w.f("html-report-title", &[("circle", &report.circle.name)]);
    let mut body = String::new();
    circle_section(&mut body, report, &found, true, w);
    page(&title, &body, w)
}

/// The page of a region's audit in `lang`: the region first, then every circle (with its
/// payouts, when they were read: [`crate::audit::CircleAudit::with_payouts`]).
///
/// The page says the period it covers (the first and last entries of the verified circles) and
/// when it was `made`: the caller's clock (`cercle audit` takes `CERCLE_NOW` if set), an input
/// like any other, so the same audit made at the same time gives the same bytes.
pub fn audit_html(audit: &AuditReport, made: DateTime<Utc>, lang: Lang) -> String {
    let w = Words::of(lang);
    let mut body = String::new();
    let verified = audit.circles.iter().filter(|c| c.verified).count();
    let count = audit.circles.len();
    let _ = write!(
        body,
        "<header><h1>{}</h1><p>{}</p>",
        escape(&w.f("html-audit-heading", &[("count", &count), ("plural", &w.plural(count))])),
        escape(&w.f("html-audit-summary", &[("verified", &verified), ("failed", &(count - verified))]))
    );
    let period = match period(audit) {
        Some((first, last)) => w.f("html-audit-covers", &[("first", &first), ("last", &last)]),
        None => w.t("html-audit-covers-none"),
    };
    let (day, time) = (made.format("%Y-%m-%d").to_string(), made.format("%H:%M").to_string());
    let _ = write!(
        body,
        r#"<p class="made">{}</p></header>"#,
        escape(&w.f("html-audit-made", &[("period", &period), ("date", &day), ("time", &time)]))
    );
    let t = &audit.totals;
    totals_cards(&mut body, t.received, t.committed, t.paid, t.available, w);
    region_chart(&mut body, audit, w);
    region_tables(&mut body, audit, w);
    findings_list(&mut body, &audit.findings, true, w);
    for (index, circle) in audit.circles.iter().enumerate() {
        circle_of_audit(&mut body, index, circle, &audit.findings, w);
    }
    page(&w.t("html-audit-title"), &body, w)
}

/// The first and last entry dates of the verified circles (each circle's genesis and head).
fn period(audit: &AuditReport) -> Option<(NaiveDate, NaiveDate)> {
    let reports = audit.circles.iter().filter(|c| c.verified).filter_map(|c| c.report.as_ref());
    reports.fold(None, |span, r| {
        let (first, last) = (r.circle.founded, r.head.date);
        Some(span.map_or((first, last), |(a, b): (NaiveDate, NaiveDate)| (a.min(first), b.max(last))))
    })
}

fn circle_of_audit(body: &mut String, index: usize, circle: &CircleEntry, all: &[Finding], w: Words) {
    let _ = write!(body, r#"<article class="circle" id="circle-{}">"#, index + 1);
    let _ = write!(body, r#"<p class="source">{}</p>"#, escape(&circle.source));
    if !circle.problems.is_empty() {
        let _ = write!(
            body,
            r#"<div class="problems"><strong>{}</strong><ul>"#,
            escape(&w.t("html-verification-failed"))
        );
        for problem in &circle.problems {
            let _ = write!(body, "<li>{}</li>", escape(problem));
        }
        body.push_str("</ul></div>");
    }
    if let Some(report) = &circle.report {
        let own: Vec<Finding> =
            all.iter().filter(|f| f.source.as_deref() == Some(circle.source.as_str())).cloned().collect();
        circle_section(body, report, &own, false, w);
        payouts_table(body, circle.payouts.as_deref(), false, w);
    }
    body.push_str("</article>");
}

fn region_chart(body: &mut String, audit: &AuditReport, w: Words) {
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
        &w.t("html-chart-circles"),
        &svg::grouped_bars(&w.t("html-chart-circles-short"), &[RECEIVED, COMMITTED, PAID], &groups, w),
    );
}

fn region_tables(body: &mut String, audit: &AuditReport, w: Words) {
    let mut rows = String::new();
    for c in &audit.circles {
        let status = if c.verified {
            format!(r#"<span class="ok">{}</span>"#, escape(&w.t("html-verified")))
        } else {
            format!(r#"<span class="bad">{}</span>"#, escape(&w.t("html-not-verified")))
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
        &w.t("html-section-circles"),
        &["origin", "verified", "circle", "head", "received", "committed", "paid", "available"],
        &rows,
        true,
        w,
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
    table(body, &w.t("html-section-funders-region"), &["source", "circles", "received"], &rows, true, w);
    let mut rows = String::new();
    for r in &audit.roles {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td class=\"num\">{}</td>{}</tr>",
            escape(&w.word(r.role.as_str())),
            r.members,
            money_cell(r.paid)
        );
    }
    table(body, &w.t("html-section-roles-region"), &["role", "members", "paid"], &rows, true, w);
}

fn circle_section(body: &mut String, report: &Report, found: &[Finding], open: bool, w: Words) {
    let c = &report.circle;
    let status = w.word(c.status.as_str());
    let line = w.f(
        "html-circle-line",
        &[
            ("territory", &c.territory),
            ("status", &status),
            ("founded", &c.founded),
            ("seq", &report.head.seq),
            ("date", &report.head.date),
        ],
    );
    let hash = w.f("html-circle-hash", &[("id", &c.id), ("hash", &report.head.hash)]);
    let _ = write!(
        body,
        "<header><h1>{}</h1><p>{}</p><p class=\"hash\">{}</p></header>",
        escape(&c.name),
        escape(&line),
        escape(&hash)
    );
    let t = &report.totals;
    totals_cards(body, t.received, t.committed, t.paid, t.available, w);
    charts(body, report, w);
    findings_list(body, found, false, w);
    tables(body, report, open, w);
}

fn totals_cards(
    body: &mut String,
    received: Euros,
    committed: Euros,
    paid: Euros,
    available: Euros,
    w: Words,
) {
    body.push_str(r#"<section class="cards">"#);
    for (name, amount) in
        [("received", received), ("committed", committed), ("paid", paid), ("available", available)]
    {
        let _ = write!(
            body,
            r#"<div class="card {name}"><span>{}</span><strong>{}</strong></div>"#,
            escape(&w.t(&format!("report-{name}"))),
            money(amount)
        );
    }
    body.push_str("</section>");
}

fn charts(body: &mut String, report: &Report, w: Words) {
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
        &w.t("html-chart-actions"),
        &svg::grouped_bars(&w.t("html-chart-actions-short"), &[ENVELOPE, COMMITTED, PAID], &actions, w),
    );
    figure(
        body,
        &w.t("html-chart-time"),
        &svg::cumulative_lines(
            &w.t("html-chart-time-short"),
            &report.months,
            (report.circle.founded, report.head.date),
            w,
        ),
    );
    let mut members: Vec<&cercle_core::MemberReport> =
        report.members.iter().filter(|m| !m.paid.is_zero()).collect();
    members.sort_by(|a, b| b.paid.cmp(&a.paid).then_with(|| a.name.cmp(&b.name)));
    let members: Vec<Group> =
        members.iter().map(|m| Group { label: m.name.clone(), values: vec![m.paid] }).collect();
    figure(
        body,
        &w.t("html-chart-members"),
        &svg::grouped_bars(&w.t("html-chart-members-short"), &[PAID], &members, w),
    );
}

fn figure(body: &mut String, caption: &str, svg: &str) {
    let _ = write!(body, "<figure><figcaption>{}</figcaption>{svg}</figure>", escape(caption));
}

fn findings_list(body: &mut String, found: &[Finding], with_circle: bool, w: Words) {
    let _ = write!(body, "<section><h2>{}</h2>", escape(&w.f("html-findings", &[("count", &found.len())])));
    if found.is_empty() {
        let _ = write!(body, r#"<p class="note">{}</p></section>"#, escape(&w.t("html-none")));
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
            escape(&w.word(f.severity.as_str())),
            escape(&f.message_in(w.lang()))
        );
    }
    body.push_str("</ul></section>");
}

fn tables(body: &mut String, report: &Report, open: bool, w: Words) {
    let mut rows = String::new();
    for f in &report.funders {
        let _ = write!(rows, "<tr><td>{}</td>{}</tr>", escape(&f.source), money_cell(f.received));
    }
    table(body, &w.t("report-section-funders"), &["source", "received"], &rows, open, w);
    let mut rows = String::new();
    for a in &report.actions {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td>{}{}{}{}</tr>",
            a.id,
            escape(&a.title),
            money_cell(a.envelope),
            money_cell(a.committed),
            money_cell(a.paid),
            money_cell(a.remaining())
        );
    }
    let headers = ["id", "title", "envelope", "committed", "paid", "remaining"];
    table(body, &w.t("report-section-actions"), &headers, &rows, open, w);
    proposals_table(body, report, open, w);
    let mut rows = String::new();
    for m in &report.members {
        let role = crate::table::role(m, w);
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td>{}</tr>",
            escape(&m.name),
            escape(&role),
            money_cell(m.paid)
        );
    }
    table(body, &w.t("report-section-members"), &["name", "role", "paid"], &rows, open, w);
    meetings_table(body, report, open, w);
    let cells_row = |cells: &[String]| {
        let cells: String = cells.iter().map(|cell| format!("<td>{}</td>", escape(cell))).collect();
        format!("<tr>{cells}</tr>")
    };
    let rows: String =
        report.governance.iter().map(|g| cells_row(&crate::table::governance_cells(g, w))).collect();
    let headers = crate::table::GOVERNANCE_COLUMNS.map(|(id, _)| id);
    table(body, &w.t("report-section-governance"), &headers, &rows, open, w);
    let rows: String =
        report.corrections.iter().map(|c| cells_row(&crate::table::correction_cells(c, w))).collect();
    let headers = crate::table::CORRECTION_COLUMNS.map(|(id, _)| id);
    table(body, &w.t("report-section-corrections"), &headers, &rows, open, w);
}

fn proposals_table(body: &mut String, report: &Report, open: bool, w: Words) {
    let mut rows = String::new();
    for p in &report.proposals {
        let target =
            p.payee.as_ref().or(p.supplier.as_ref()).or(p.title.as_ref()).cloned().unwrap_or_default();
        let paid = if p.kind == "spend" { money_cell(p.paid) } else { "<td></td>".into() };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"status {}\">{}</td>{}{paid}<td>{}</td><td>{}</td><td>{}</td></tr>",
            p.id,
            escape(&w.word(p.spend_kind.unwrap_or(p.kind))),
            p.action.map(|a| a.to_string()).unwrap_or_default(),
            p.status,
            escape(&w.word(p.status)),
            money_cell(p.amount),
            escape(&target),
            escape(p.purpose.as_deref().unwrap_or("")),
            p.decided.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    let headers = ["id", "kind", "action", "status", "amount", "paid", "payee-title", "purpose", "decided"];
    table(body, &w.t("report-section-proposals"), &headers, &rows, open, w);
}

/// The payouts of a circle, in ledger order, with their total; `None`: they were not read.
fn payouts_table(body: &mut String, payouts: Option<&[PayoutReport]>, open: bool, w: Words) {
    let title = w.t("statement-payouts");
    let Some(payouts) = payouts else {
        let _ = write!(
            body,
            r#"<details><summary>{}</summary><p class="note">{}</p></details>"#,
            escape(&title),
            escape(&w.t("html-payouts-not-read"))
        );
        return;
    };
    let mut rows = String::new();
    let mut total = Euros::ZERO;
    for p in payouts {
        let to = match (&p.payee, &p.supplier) {
            (Some(member), _) => escape(member),
            (None, Some(supplier)) => escape(&w.f("html-supplier", &[("supplier", supplier)])),
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
    let headers = ["date-paid", "proposal", "payee-or-supplier", "purpose", "amount", "reference"];
    let foot = format!(
        r#"<tr><th colspan="4">{}</th><td class="num"><b>{}</b></td><td></td></tr>"#,
        escape(&w.t("html-total")),
        money(total)
    );
    table_with_foot(body, &title, &headers, &rows, Some(&foot), open, w);
}

fn meetings_table(body: &mut String, report: &Report, open: bool, w: Words) {
    let mut rows = String::new();
    for m in &report.meetings {
        let outcomes: Vec<String> = m
            .outcomes
            .iter()
            .map(|o| {
                let outcome = crate::table::outcome(o.outcome, o.reason, w);
                format!("{} {} {}–{}–{}", o.proposal, escape(&outcome), o.for_, o.against, o.abstain)
            })
            .collect();
        let outcomes = if m.open { escape(&w.word("open")) } else { outcomes.join("<br>") };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}/{}{}</td><td>{outcomes}</td></tr>",
            m.id,
            m.date,
            m.present,
            m.voting,
            escape(&crate::table::represented(m, w))
        );
    }
    let headers = ["id", "date", "present", "outcomes"];
    table(body, &w.t("report-section-meetings"), &headers, &rows, open, w);
}

/// A collapsible table; `rows` are ready `<tr>`s (their text already escaped); `headers` are
/// the ids of their headings (`col-ID`).
fn table(body: &mut String, title: &str, headers: &[&str], rows: &str, open: bool, w: Words) {
    table_with_foot(body, title, headers, rows, None, open, w);
}

/// The same, with a `<tfoot>` row (ready, escaped) after the rows.
fn table_with_foot(
    body: &mut String,
    title: &str,
    headers: &[&str],
    rows: &str,
    foot: Option<&str>,
    open: bool,
    w: Words,
) {
    let count = rows.matches("<tr>").count();
    let _ = write!(
        body,
        "<details{}><summary>{} ({count})</summary>",
        if open { " open" } else { "" },
        escape(title)
    );
    if rows.is_empty() {
        let _ = write!(body, r#"<p class="note">{}</p></details>"#, escape(&w.t("html-none")));
        return;
    }
    body.push_str("<table><thead><tr>");
    for h in headers {
        let _ = write!(body, "<th>{}</th>", escape(&w.t(&format!("col-{h}"))));
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

fn page(title: &str, body: &str, w: Words) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n<footer>{}</footer>\n</body>\n</html>\n",
        w.lang().code(),
        escape(title),
        escape(&w.t("html-footer"))
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
