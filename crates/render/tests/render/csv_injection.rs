//! Formula injection (OWASP "CSV Injection"): free text that would start a spreadsheet formula
//! comes out with a `'` in front; cercle's own numbers, dates and ids are written as they are.

use cercle_core::{Euros, Role};
use cercle_render::csv::{neutralise, report_csv, Cell, CsvWriter, FORMULA_TRIGGERS, REPORT_COLUMNS};
use cercle_render::{audit, audit_csv, CircleAudit};
use proptest::prelude::*;

use crate::common::Circle;

/// The payloads of the issue; the last two hold control characters, which a ledger's text
/// refuses, so they are only tested on cells.
const PAYLOADS: [&str; 6] =
    ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1", "-2+3+cmd|' /C calc'!A0", "\t=1", "\r=1"];

/// A minimal RFC 4180 reader, independent of the `csv` crate: `,` between fields, LF or CRLF
/// after a record, a field in double quotes may hold anything and doubles its quotes.
fn parse_rfc4180(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let mut record = Vec::new();
        loop {
            let mut field = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next().expect("a closing quote") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ',' || c == '\n' || c == '\r' {
                        break;
                    }
                    assert_ne!(c, '"', "a quote in an unquoted field");
                    field.push(c);
                    chars.next();
                }
            }
            record.push(field);
            match chars.next() {
                Some(',') => continue,
                Some('\n') | None => break,
                Some('\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CR only before LF between records");
                    break;
                }
                Some(c) => panic!("{c:?} after a field"),
            }
        }
        records.push(record);
    }
    records
}

fn one_row(cells: &[Cell<'_>]) -> String {
    let mut writer = CsvWriter::new();
    writer.row(cells.iter().copied()).expect("a row");
    writer.finish().expect("CSV")
}

#[test]
fn payloads_get_a_quote_in_front_and_rfc4180_quoting() {
    let expected = [
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n",
        "'@SUM(A1)\n",
        "'+1\n",
        "'-2+3+cmd|' /C calc'!A0\n",
        "'\t=1\n",
        "\"'\r=1\"\n",
    ];
    for (payload, expected) in PAYLOADS.iter().zip(expected) {
        assert_eq!(neutralise(payload), format!("'{payload}"));
        assert_eq!(one_row(&[Cell::Text(payload)]), expected, "{payload:?}");
        assert_eq!(parse_rfc4180(expected), [[format!("'{payload}")]]);
    }
}

#[test]
fn ordinary_text_is_unchanged() {
    let texts = [
        "Forum des tiers-lieux",
        "a=b",
        "1+1",
        "x@y.fr",
        " =1",
        "'=already quoted",
        "Affiches; \"A3\"",
        "Région, Hauts-de-France",
        "",
    ];
    for text in texts {
        assert_eq!(neutralise(text), text);
    }
    assert_eq!(one_row(&[Cell::Text("a=b"), Cell::Text("Région, HdF")]), "a=b,\"Région, HdF\"\n");
}

#[test]
fn values_are_never_neutralised() {
    // The column decides, not the value: a value cell is written as it is, even one that
    // looks like a formula (cercle never writes one: its amounts are never negative).
    let row = [Cell::Value("-12.50"), Cell::Value("2024-05-01"), Cell::Value("P3"), Cell::Value("=x")];
    assert_eq!(one_row(&row), "-12.50,2024-05-01,P3,=x\n");
    assert_eq!(one_row(&[Cell::Text("-12.50")]), "'-12.50\n");
}

/// A circle whose every free text is a payload (those a ledger's text accepts).
fn hostile() -> Circle {
    let mut c = Circle::new("=HYPERLINK(\"http://x\",\"y\")", "2024-01-15", false);
    c.member("bob", Role::Contributor);
    c.fund("1000", "@SUM(A1)", "+REF");
    let action = c.action("alice", "-2+3+cmd|' /C calc'!A0", "600");
    c.meeting(&[action], &["alice", "bob"]);
    let line = c.spend("alice", 1, "250.50", "supplier:+1", "=1+1");
    c.meeting(&[line], &["alice", "bob"]);
    c.payout("alice", line, "100", "-VIR");
    c
}

#[test]
fn a_hostile_report_is_neutralised_and_its_numbers_stay_numbers() {
    let report = hostile().report();
    let text = report_csv(&report).expect("CSV");
    let rows = parse_rfc4180(&text);
    assert_eq!(rows[0], REPORT_COLUMNS);
    let column = |name: &str| REPORT_COLUMNS.iter().position(|c| *c == name).expect("a column");
    for row in &rows[1..] {
        assert_eq!(row[column("circle")], "'=HYPERLINK(\"http://x\",\"y\")");
        for cell in row {
            assert!(!cell.starts_with(FORMULA_TRIGGERS), "{cell:?} in {row:?}");
        }
        for name in ["amount", "committed", "paid", "released", "available"] {
            let cell = &row[column(name)];
            assert!(cell.is_empty() || Euros::from_plain(cell).is_ok(), "{name}: {cell:?}");
        }
    }
    let cells: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    for expected in ["'@SUM(A1)", "'-2+3+cmd|' /C calc'!A0", "'+1", "'=1+1", "250.50", "100.00", "A1", "P2"] {
        assert!(cells.contains(&expected), "{expected} in {cells:?}");
    }
    // The `csv` crate reads the same cells.
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let theirs: Vec<Vec<String>> =
        reader.records().map(|r| r.expect("a row").iter().map(str::to_string).collect()).collect();
    assert_eq!(theirs, rows);
}

#[test]
fn a_hostile_audit_is_neutralised_and_its_numbers_stay_numbers() {
    let region = audit(vec![
        CircleAudit::verified("@ledgers/hostile", hostile().report()),
        CircleAudit::failed("-broken.jsonl", "=entry 3 does not verify"),
    ]);
    assert!(!region.findings.is_empty(), "a finding about the hostile circle");
    let text = audit_csv(&region).expect("CSV");
    let rows = parse_rfc4180(&text);
    for row in &rows[1..] {
        for cell in row {
            assert!(!cell.starts_with(FORMULA_TRIGGERS), "{cell:?} in {row:?}");
        }
    }
    assert_eq!(rows[1][..3], ["circle", "'@ledgers/hostile", "'=HYPERLINK(\"http://x\",\"y\")"]);
    assert_eq!(rows[1][6], "1000.00");
    assert_eq!(rows[2][1..4], ["'-broken.jsonl", "", "false"]);
    assert_eq!(rows[2][13], "'=entry 3 does not verify");
    assert_eq!(rows[3][0], "total");
    assert_eq!(rows[3][6..10], ["1000.00", "150.50", "100.00", "749.50"]);
    let finding = rows.iter().find(|r| r[0] == "finding").expect("a finding row");
    assert_eq!(finding[1..3], ["'@ledgers/hostile", "'=HYPERLINK(\"http://x\",\"y\")"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text cell, read back, never starts a formula and is the input (with `'` in front
    /// when the input would have started one); the value cells around it come back as they
    /// were written.
    #[test]
    fn text_cells_read_back_safe_and_whole(
        text in prop_oneof![
            any::<String>(),
            "[=+@\t\r-][\",\r\n =+@a-z0-9'-]{0,12}",
            "[\",\r\n\t =+@a-z'-]{0,12}",
        ],
        amount in 0u64..1_000_000_000,
    ) {
        let amount = Euros::from_cents(amount).to_string();
        let csv = one_row(&[Cell::Value(&amount), Cell::Text(&text), Cell::Value("P3")]);
        let rows = parse_rfc4180(&csv);
        prop_assert_eq!(rows.len(), 1);
        let cell = &rows[0][1];
        prop_assert!(!cell.starts_with(FORMULA_TRIGGERS), "{:?}", cell);
        let expected = if text.starts_with(FORMULA_TRIGGERS) { format!("'{text}") } else { text.clone() };
        prop_assert_eq!(cell, &expected);
        prop_assert_eq!(&rows[0][0], &amount);
        prop_assert_eq!(&rows[0][2], "P3");
    }

    /// A lone text cell (the `csv` crate writes a lone empty field as `""`) reads back too.
    #[test]
    fn a_lone_text_cell_reads_back(text in any::<String>()) {
        let rows = parse_rfc4180(&one_row(&[Cell::Text(&text)]));
        prop_assert_eq!(rows.len(), 1);
        prop_assert_eq!(rows[0].len(), 1);
        prop_assert_eq!(&rows[0][0], &neutralise(&text).into_owned());
        prop_assert!(!rows[0][0].starts_with(FORMULA_TRIGGERS));
    }
}
