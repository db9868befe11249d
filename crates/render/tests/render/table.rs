//! The terminal report, as a person reads it.

use cercle_render::i18n::Lang;
use cercle_render::report_table;

use crate::common::littoral;

#[test]
fn report_table_reads_as_expected() {
    insta::assert_snapshot!(report_table(&littoral().report(), Lang::En));
}

#[test]
fn an_empty_circle_says_none() {
    let c = crate::common::Circle::new("Somme", "2024-01-01", false);
    let table = report_table(&c.report(), Lang::En);
    assert!(table.contains("Funders\n  (none)\n"), "{table}");
    assert!(table.contains("  received   0,00 €\n"), "{table}");
}

#[test]
fn report_table_reads_as_expected_in_french() {
    insta::assert_snapshot!(report_table(&littoral().report(), Lang::Fr));
}
