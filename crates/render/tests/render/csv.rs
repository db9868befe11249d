//! The CSV a funder's spreadsheet reads: parsed back, its sums agree with the report.

use cercle_core::Euros;
use cercle_render::csv::{report_csv, REPORT_COLUMNS};

use crate::common::littoral;

fn parse(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.expect("a row").iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn sum<'a>(cells: impl Iterator<Item = &'a str>) -> Euros {
    cells.filter(|c| !c.is_empty()).fold(Euros::ZERO, |total, c| {
        total.checked_add(Euros::from_plain(c).expect("a plain amount")).expect("no overflow")
    })
}

#[test]
fn report_csv_parses_back_and_adds_up() {
    let c = littoral();
    let report = c.report();
    let text = report_csv(&report).expect("CSV");
    let (header, rows) = parse(&text);
    assert_eq!(header, REPORT_COLUMNS);
    let column = |name: &str| REPORT_COLUMNS.iter().position(|c| *c == name).expect("a column");
    let (record, amount, paid, committed) =
        (column("record"), column("amount"), column("paid"), column("committed"));
    let of = |kind: &'static str| rows.iter().filter(move |r| r[record] == kind);
    let total = of("total").next().expect("a total row");
    assert_eq!(total[amount], report.totals.received.to_string());
    assert_eq!(total[column("available")], report.totals.available.to_string());
    assert_eq!(sum(of("funder").map(|r| r[amount].as_str())), report.totals.received);
    assert_eq!(sum(of("proposal").map(|r| r[paid].as_str())), report.totals.paid);
    assert_eq!(sum(of("proposal").map(|r| r[committed].as_str())), report.totals.committed);
    assert_eq!(sum(of("action").map(|r| r[paid].as_str())), report.totals.paid);
    assert_eq!(of("proposal").count(), report.proposals.len());
    assert!(rows.iter().all(|r| r[0] == "Littoral"));
}

#[test]
fn user_text_survives_quoting() {
    let text = report_csv(&littoral().report()).expect("CSV");
    let (_, rows) = parse(&text);
    let cells: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    assert!(cells.contains(&"Cartographie <des> lieux, & \"réseaux\""));
    assert!(cells.contains(&"Imprimerie L'Encre & Cie"));
    assert!(cells.contains(&"Affiches; \"A3\""));
}

#[test]
fn report_csv_reads_as_expected() {
    insta::assert_snapshot!(report_csv(&littoral().report()).expect("CSV"));
}
