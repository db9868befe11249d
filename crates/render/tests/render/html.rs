//! The HTML page: self-contained, every user text escaped.

use cercle_render::{audit, audit_html, report_html, CircleAudit};

use crate::common::littoral;

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
    let page = report_html(&littoral().report());
    assert_self_contained(&page);
    assert_eq!(page.matches("<svg").count(), 3, "three charts");
    assert_eq!(page.matches("<svg").count(), page.matches("</svg>").count());
}

#[test]
fn user_text_is_escaped() {
    let page = report_html(&littoral().report());
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
    let page = audit_html(&region);
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
    std::fs::write(dir.join("report.html"), report_html(&report)).expect("written");
    let region = audit(vec![
        CircleAudit::verified("ledgers/littoral", report),
        CircleAudit::failed("exports/<evil>.jsonl", "entry 7: bad signature"),
    ]);
    std::fs::write(dir.join("audit.html"), audit_html(&region)).expect("written");
    let busy = crate::common::two_years().report();
    std::fs::write(dir.join("two-years.html"), report_html(&busy)).expect("written");
}
