//! The expense statement (table, CSV, HTML) and the list of agreements, as people read them.

use cercle_core::statement::{AgreementSummary, Statement, StatementLine, StatementTotals};
use cercle_core::{
    ActionId, Euros, FileHash, HeadReport, MeetingId, ProposalId, Receipt, Tally, Text, TextField,
};
use cercle_render::csv::CsvStyle;
use cercle_render::i18n::Lang;
use cercle_render::statement::{agreements_table, statement_csv, statement_html, statement_table};

use crate::common::date;

fn euros(text: &str) -> Euros {
    text.parse().expect("an amount")
}

fn agreement() -> AgreementSummary {
    AgreementSummary {
        reference: "CONV-2024-017".into(),
        funder: "Région Hauts-de-France".into(),
        awarded: euros("12000"),
        rate: Some("60 %".into()),
        from: date("2024-01-01"),
        to: date("2024-06-30"),
        actions: vec![ActionId(1), ActionId(2)],
        received: euros("6000"),
        eligible: euros("1350"),
        outside_period: euros("300"),
        to_receive: euros("6000"),
    }
}

/// Three payouts: one with its receipt, one shared with another agreement and without a
/// receipt, one paid after the agreement's period.
pub fn statement() -> Statement {
    let line =
        |seq, day: &str, proposal, action, title: &str, kind, payee: &str, purpose: &str| StatementLine {
            seq,
            date: date(day),
            proposal: ProposalId(proposal),
            action: ActionId(action),
            action_title: title.into(),
            spend_kind: kind,
            payee: payee.into(),
            purpose: purpose.into(),
            paid: euros("350"),
            amount: euros("350"),
            reference: "VIR-001".into(),
            receipt: None,
            meeting: Some(MeetingId(1)),
            adopted: Some(date("2024-03-12")),
            votes: Some(Tally { for_: 3, against: 0, abstain: 1 }),
            eligible: true,
        };
    let mut first =
        line(12, "2024-04-02", 3, 1, "Forum des tiers-lieux", "retribution", "bob", "Animation du forum");
    first.receipt = Some(Receipt {
        sha256: FileHash([0xab; 32]),
        name: Text::new(TextField::ReceiptName, "facture-bob.pdf").expect("a name"),
    });
    let mut second = line(
        13,
        "2024-04-02",
        4,
        2,
        "Cartographie des lieux",
        "expense",
        "Imprimerie L'Encre & Cie",
        "Affiches; \"A3\"",
    );
    second.paid = euros("1500");
    second.amount = euros("1000");
    second.reference = "FAC 2024-118".into();
    let mut third =
        line(15, "2024-07-03", 5, 1, "Forum des tiers-lieux", "retribution", "carol", "Compte rendu");
    third.amount = euros("300");
    third.paid = euros("300");
    third.reference = "VIR-002".into();
    third.eligible = false;
    Statement {
        circle: "Littoral".into(),
        circle_id: "4f".repeat(32),
        agreement: agreement(),
        from: date("2024-01-01"),
        to: date("2024-07-31"),
        lines: vec![first, second, third],
        totals: StatementTotals {
            eligible: euros("1350"),
            outside_period: euros("300"),
            funder_share: euros("810"),
            lines: 3,
            without_receipt: 2,
        },
        head: HeadReport { seq: 20, hash: "9c".repeat(32), date: date("2024-07-31") },
        checkpoint: Some(HeadReport { seq: 18, hash: "1d".repeat(32), date: date("2024-07-15") }),
    }
}

#[test]
fn statement_table_reads_as_expected() {
    insta::assert_snapshot!(statement_table(&statement(), Lang::En));
}

#[test]
fn statement_csv_reads_as_expected() {
    insta::assert_snapshot!(statement_csv(&statement(), CsvStyle::Standard));
}

#[test]
fn statement_csv_fr_reads_as_expected() {
    insta::assert_snapshot!(statement_csv(&statement(), CsvStyle::French));
}

#[test]
fn statement_html_reads_as_expected() {
    insta::assert_snapshot!(statement_html(&statement(), Lang::En));
}

#[test]
fn agreements_table_reads_as_expected() {
    let mut open = agreement();
    open.reference = "FDVA-2024".into();
    open.funder = "FDVA".into();
    open.rate = None;
    insta::assert_snapshot!(agreements_table(&[agreement(), open], Lang::En));
}

#[test]
fn statement_table_reads_as_expected_in_french() {
    insta::assert_snapshot!(statement_table(&statement(), Lang::Fr));
}

#[test]
fn statement_html_reads_as_expected_in_french() {
    insta::assert_snapshot!(statement_html(&statement(), Lang::Fr));
}

#[test]
fn agreements_table_reads_as_expected_in_french() {
    insta::assert_snapshot!(agreements_table(&[agreement()], Lang::Fr));
}
