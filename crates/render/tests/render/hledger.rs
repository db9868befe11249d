//! The hledger journal: parsed by hledger itself, its balances equal to cercle's report.
//!
//! These tests need `hledger` on PATH (`apt-get install hledger`; CI installs it); without it
//! they print a notice and pass, the journal's shape is still snapshotted.

use std::process::Command;

use cercle_core::Euros;
use cercle_render::{hledger_journal, RenderError};

use crate::common::{littoral, Circle};

fn hledger_missing() -> bool {
    let found = Command::new("hledger").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("notice: hledger is not on PATH; the journal is not checked by hledger (CI installs it)");
    }
    !found
}

/// `hledger bal` of one query, collapsed to `depth`, as euros (income negated by the caller).
fn balance(journal: &std::path::Path, query: &str, depth: &str) -> (bool, Euros) {
    let output = Command::new("hledger")
        .arg("-f")
        .arg(journal)
        .args(["bal", "-N", "--flat", "-O", "csv", "--depth", depth, query])
        .output()
        .expect("hledger runs");
    assert!(output.status.success(), "hledger bal {query}: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert!(rows.len() <= 1, "one account for {query}: {text}");
    let Some(row) = rows.first() else { return (false, Euros::ZERO) };
    let amount = row[1].trim_end_matches(" EUR");
    let negative = amount.starts_with('-');
    (negative, Euros::from_plain(amount.trim_start_matches('-')).expect("an amount"))
}

fn check_against_report(circle: &Circle) {
    let journal = hledger_journal(&circle.entries).expect("a journal");
    if hledger_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("circle.journal");
    std::fs::write(&file, &journal).expect("written");
    let check = Command::new("hledger")
        .arg("-f")
        .arg(&file)
        .args(["check", "--strict"])
        .output()
        .expect("hledger runs");
    assert!(check.status.success(), "hledger check: {}\n{journal}", String::from_utf8_lossy(&check.stderr));
    // ledger (ledger-cli), the other tool accountants use, in its strictest modes: no warning.
    match Command::new("ledger").arg("-f").arg(&file).args(["--strict", "--pedantic", "bal"]).output() {
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() && stderr.trim().is_empty(),
                "ledger --strict --pedantic: {stderr}"
            );
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                stdout.lines().last().is_some_and(|total| total.trim() == "0"),
                "ledger's total: {stdout}"
            );
        }
        Err(_) => {
            eprintln!("notice: ledger is not on PATH; the journal is not checked by ledger (CI installs it)")
        }
    }
    let totals = circle.report().totals;
    let received = balance(&file, "^income:funds", "2");
    assert_eq!(received, (!totals.received.is_zero(), totals.received), "received");
    assert_eq!(balance(&file, "^assets:bank:committed", "3"), (false, totals.committed), "committed");
    assert_eq!(balance(&file, "^assets:bank:available", "3"), (false, totals.available), "available");
    assert_eq!(balance(&file, "^expenses", "1"), (false, totals.paid), "paid");
    for member in circle.report().members.iter().filter(|m| !m.paid.is_zero()) {
        let output = Command::new("hledger")
            .arg("-f")
            .arg(&file)
            .args([
                "bal",
                "-N",
                "-O",
                "csv",
                "--pivot",
                "beneficiary",
                "expenses",
                &format!("tag:beneficiary=^{}$", member.name),
            ])
            .output()
            .expect("hledger runs");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains(&format!("\"{}\",\"{} EUR\"", member.name, member.paid)),
            "{}: {text}",
            member.name
        );
    }
}

#[test]
fn hledger_balances_equal_the_report() {
    check_against_report(&littoral());
}

#[test]
fn hledger_balances_equal_the_report_with_nothing_committed() {
    let mut c = Circle::new("Somme", "2024-01-01", false);
    c.member("bob", cercle_core::Role::Contributor);
    c.fund("1234.56", "Compagnie des Tiers-Lieux", "CTL:2024;1");
    let action = c.action("bob", "Atelier", "1000");
    c.meeting(&[action], &["alice", "bob"]);
    let line = c.spend("bob", 1, "1000", "bob", "Atelier");
    c.meeting(&[line], &["alice", "bob"]);
    c.on("2024-02-01");
    c.payout("alice", line, "999.99", "V1").close("alice", line);
    assert!(c.report().totals.committed.is_zero());
    check_against_report(&c);
}

#[test]
fn hledger_journal_reads_as_expected() {
    let journal = hledger_journal(&littoral().entries).expect("a journal");
    insta::assert_snapshot!(journal);
}

#[test]
fn a_broken_ledger_is_named() {
    let c = littoral();
    let mut entries = c.entries.clone();
    entries.remove(4);
    let error = hledger_journal(&entries).expect_err("a gap in the chain");
    assert!(matches!(error, RenderError::Replay { seq: 5, .. }), "{error}");
    assert!(matches!(hledger_journal(&[]), Err(RenderError::Empty)));
}

#[test]
fn hledger_balances_equal_the_report_over_two_busy_years() {
    check_against_report(&crate::common::two_years());
}
