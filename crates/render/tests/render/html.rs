//! The HTML page: self-contained, every user text escaped.

use cercle_core::PayoutReport;
use cercle_render::i18n::Lang;
use cercle_render::{audit, audit_html, report_html, CircleAudit};

use crate::common::{littoral, Circle};

/// When the sample audits were made (the caller's clock, an input of the page).
fn made() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2024-06-03T09:41:00Z").expect("a time").to_utc()
}

/// The payouts of a test circle, read from its entries as `cercle audit` reads them.
fn payouts_of(circle: &Circle) -> Vec<PayoutReport> {
    let report = circle.report();
    circle.entries.iter().filter_map(|e| report.payout(e.entry())).collect()
}

/// The `<details>` section whose summary starts with `title`, from the `nth` such (from 0).
fn section<'a>(page: &'a str, title: &str, nth: usize) -> &'a str {
    let start = page
        .match_indices(&format!("<summary>{title}"))
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no section {title} #{nth}"));
    let end = page[start..].find("</details>").expect("closed") + start;
    &page[start..end]
}

/// Nothing that would fetch anything or run anything.
fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    for forbidden in
        ["http://", "https://", "<script", " src=", "href=", "url(", "@import", "<link", "<iframe", "<img"]
    {
        assert!(!lower.contains(forbidden), "the page holds {forbidden:?}");
    }
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn report_page_is_self_contained() {
    let page = report_html(&littoral().report(), Lang::En);
    assert_self_contained(&page);
    assert_eq!(page.matches("<svg").count(), 3, "three charts");
    assert_eq!(page.matches("<svg").count(), page.matches("</svg>").count());
}

#[test]
fn user_text_is_escaped() {
    let page = report_html(&littoral().report(), Lang::En);
    assert!(!page.contains("<des>"), "a title's markup reached the page");
    assert!(page.contains("Cartographie &lt;des&gt; lieux, &amp; &quot;réseaux&quot;"));
    assert!(page.contains("Imprimerie L&#39;Encre &amp; Cie"));
    assert!(page.contains("Affiches; &quot;A3&quot;"));
    assert!(!page.contains("\"réseaux\""));
}

#[test]
fn audit_page_is_self_contained_and_lists_failures() {
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", littoral().report()),
        CircleAudit::failed("exports/<evil>.jsonl", "entry 7: bad signature & \"forged\""),
    ]);
    let page = audit_html(&region, made(), Lang::En);
    assert_self_contained(&page);
    assert!(page.contains("exports/&lt;evil&gt;.jsonl"));
    assert!(page.contains("entry 7: bad signature &amp; &quot;forged&quot;"));
    assert!(page.contains("NOT verified"));
}

#[test]
fn escape_covers_the_five_characters() {
    assert_eq!(cercle_render::html::escape("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

/// `CERCLE_RENDER_SAMPLES=DIR cargo test -p cercle-render` writes the sample pages into DIR, to
/// look at them (`scripts/html-screenshot DIR/report.html`).
#[test]
fn write_samples_when_asked() {
    let Some(dir) = std::env::var_os("CERCLE_RENDER_SAMPLES") else { return };
    let dir = std::path::PathBuf::from(dir);
    let report = littoral().report();
    std::fs::write(dir.join("report.html"), report_html(&report, Lang::En)).expect("written");
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", report).with_payouts(payouts_of(&littoral())),
        CircleAudit::failed("exports/<evil>.jsonl", "entry 7: bad signature"),
    ]);
    std::fs::write(dir.join("audit.html"), audit_html(&region, made(), Lang::En)).expect("written");
    let busy = crate::common::two_years().report();
    std::fs::write(dir.join("two-years.html"), report_html(&busy, Lang::En)).expect("written");
}

/// The littoral fixture pays three lines on 2024-04-02: P3 350 € to bob (VIR-001), P4 1 000 € of
/// its 1 500 € to the printer (FAC 2024-118), P5 300 € to carol (VIR-002): 1 650 € in all.
#[test]
fn payouts_table_lists_each_payout_with_its_reference() {
    let circle = littoral();
    let payouts = payouts_of(&circle);
    assert_eq!(payouts.len(), 3);
    let region =
        audit(vec![CircleAudit::verified("ledgers/littoral", circle.report()).with_payouts(payouts)]);
    let page = audit_html(&region, made(), Lang::En);
    let table = section(&page, "Payouts", 0);
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect(); // the header, then the rows
    let nbsp = "\u{a0}";
    assert_eq!(
        rows[0],
        format!("<td>2024-04-02</td><td>P3</td><td>bob</td><td>Animation du forum</td><td class=\"num\">350,00{nbsp}€</td><td>VIR-001</td></tr>")
    );
    assert_eq!(
        rows[1],
        format!("<td>2024-04-02</td><td>P4</td><td>Imprimerie L&#39;Encre &amp; Cie (supplier)</td><td>Affiches; &quot;A3&quot;</td><td class=\"num\">1\u{202f}000,00{nbsp}€</td><td>FAC 2024-118</td></tr>")
    );
    assert!(rows[2].starts_with(
        "<td>2024-04-02</td><td>P5</td><td>carol</td><td>Relevés de terrain</td><td class=\"num\">300,00"
    ));
    assert!(table.contains("<summary>Payouts (3)</summary>"));
    assert!(
        rows[3].contains(&format!(
            "<th colspan=\"4\">total</th><td class=\"num\"><b>1\u{202f}650,00{nbsp}€</b>"
        )),
        "the total row: {}",
        rows[3]
    );
    // Collapsed on screen, as the circle's other tables.
    assert!(!table.starts_with("<details open"));
    assert!(page.contains("<details><summary>Payouts (3)"));
}

#[test]
fn payouts_not_read_are_said_so_and_none_is_an_empty_table() {
    let report = littoral().report();
    let page = audit_html(&audit(vec![CircleAudit::verified("a", report.clone())]), made(), Lang::En);
    assert!(section(&page, "Payouts", 0).contains("The payouts were not read by this audit."));
    let page = audit_html(
        &audit(vec![CircleAudit::verified("a", report).with_payouts(Vec::new())]),
        made(),
        Lang::En,
    );
    assert!(
        section(&page, "Payouts", 0).contains("<summary>Payouts (0)</summary><p class=\"note\">None.</p>")
    );
}

#[test]
fn payouts_text_is_escaped() {
    let mut circle = Circle::new("Somme", "2024-01-01", false);
    circle.member("bob", cercle_core::Role::Contributor).fund("1000", "FEDER", "F-1");
    let action = circle.action("alice", "Forum", "500");
    circle.meeting(&[action], &["alice", "bob"]);
    let line = circle.spend("alice", 1, "120", "supplier:<b>Evil</b> & Co", "Café \"<script>\"");
    circle.on("2024-02-01").meeting(&[line], &["alice", "bob"]);
    circle.payout("alice", line, "120", "<i>VIR</i> &9");
    let region = audit(vec![CircleAudit::verified("s", circle.report()).with_payouts(payouts_of(&circle))]);
    let page = audit_html(&region, made(), Lang::En);
    assert_self_contained(&page);
    let table = section(&page, "Payouts", 0);
    assert!(table.contains("<td>&lt;b&gt;Evil&lt;/b&gt; &amp; Co (supplier)</td>"), "{table}");
    assert!(table.contains("<td>Café &quot;&lt;script&gt;&quot;</td>"));
    assert!(table.contains("<td>&lt;i&gt;VIR&lt;/i&gt; &amp;9</td>"));
}

#[test]
fn audit_page_says_its_period_and_when_it_was_made() {
    let mut somme = Circle::new("Somme", "2023-09-20", false);
    somme.on("2024-07-08").fund("10", "FEDER", "F");
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", littoral().report()), // 2024-01-15 to 2024-05-01
        CircleAudit::verified("exports/somme.jsonl", somme.report()),
        CircleAudit::failed("exports/broken.jsonl", "bad"),
    ]);
    let page = audit_html(&region, made(), Lang::En);
    assert!(page.contains(
        "Covers 2023-09-20 to 2024-07-08 (the first and last entries of the verified circles). Made on 2024-06-03 at 09:41 UTC."
    ));
    assert_eq!(page, audit_html(&region, made(), Lang::En), "the same input gives the same bytes");
    let none = audit_html(&audit(vec![CircleAudit::failed("x", "bad")]), made(), Lang::En);
    assert!(none.contains("Covers no period: no circle verified."));
}

/// Printed, collapsed sections are open (CSS only: the page has no script), nothing is cut
/// across pages, and colours give way to black and white.
#[test]
fn print_css_opens_sections_and_keeps_rows_whole() {
    let page = audit_html(&audit(vec![CircleAudit::verified("a", littoral().report())]), made(), Lang::En);
    let print = &page[page.find("@media print{").expect("a print style")..];
    let print = &print[..print.find("\n}\n").expect("its end")];
    for rule in [
        "details::details-content{content-visibility:visible;display:block}",
        "figure,.card,.problems,tr,li{break-inside:avoid}",
        "thead{display:table-header-group}",
        "*{color:#000!important;background:#fff!important",
        "svg polyline.s-paid{stroke-dasharray:7 4}",
    ] {
        assert!(print.contains(rule), "print style lacks {rule}");
    }
    assert!(page.contains("@page{size:A4;"), "A4, as printed in France");
    // Every series drawn can be told apart without colour.
    for series in ["received", "committed", "paid", "envelope"] {
        assert!(print.contains(&format!("svg .s-{series}{{")), "{series}");
    }
    assert!(page.contains(r#"class="s-paid""#) && page.contains(r#"class="s-received""#));
    assert!(page.contains("<details><summary>Proposals"), "still collapsed on screen");
}

/// The report's page, byte for byte (English).
#[test]
fn report_html_reads_as_expected() {
    insta::assert_snapshot!(report_html(&littoral().report(), Lang::En));
}

/// The audit's page, byte for byte (English): a verified circle with its payouts and a failed one.
#[test]
fn audit_html_reads_as_expected() {
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", littoral().report()).with_payouts(payouts_of(&littoral())),
        CircleAudit::failed("exports/broken.jsonl", "entry 7: bad signature"),
    ]);
    insta::assert_snapshot!(audit_html(&region, made(), Lang::En));
}

#[test]
fn report_html_reads_as_expected_in_french() {
    insta::assert_snapshot!(report_html(&littoral().report(), Lang::Fr));
}

#[test]
fn audit_html_reads_as_expected_in_french() {
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", littoral().report()).with_payouts(payouts_of(&littoral())),
        CircleAudit::failed("exports/broken.jsonl", "entry 7: bad signature"),
    ]);
    insta::assert_snapshot!(audit_html(&region, made(), Lang::Fr));
}
