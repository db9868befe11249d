//! The rules of funding agreements, fund receipts into them, references and receipts
//! (`docs/RULES.md`), in the style of `rules.rs`: each refused entry leaves the ledger as it
//! was and is refused by a verifier with the same rule; and the expense statement checked
//! against totals computed by hand.

#![allow(clippy::unwrap_used)]

mod fixture;

use cercle_core::statement::{Payouts, Statement};
use cercle_core::*;
use chrono::NaiveDate;
use fixture::*;

fn terms(
    reference: &str,
    awarded: &str,
    rate: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    actions: &[u32],
) -> Body {
    Body::Agreement(Box::new(AgreementTerms {
        reference: text(TextField::Reference, reference),
        funder: text(TextField::Source, "FEDER"),
        amount: eur(awarded),
        rate: rate.map(|r| r.parse().unwrap()),
        from,
        to,
        actions: actions.iter().map(|id| ActionId(*id)).collect(),
    }))
}

fn year() -> (NaiveDate, NaiveDate) {
    (date(2024, 1, 1), date(2024, 12, 31))
}

fn into(amount: &str, reference: &str, agreement: Option<&str>, duplicate_ok: bool) -> Body {
    Body::fund_received(
        eur(amount),
        text(TextField::Source, "FEDER"),
        text(TextField::Reference, reference),
        agreement.map(|a| text(TextField::Reference, a)),
        duplicate_ok,
    )
}

#[test]
fn an_agreement_is_declared_by_a_soucieux_or_the_support_team_only() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    assert_eq!(
        circle.refused("bob", terms("CONV-1", "1000", None, from, to, &[])).rule(),
        "not-soucieux-or-support"
    );
    circle.ok("support", terms("CONV-1", "1000", None, from, to, &[]));
    circle.ok("alice", terms("CONV-2", "1000", Some("60"), from, to, &[]));
    assert_eq!(circle.ledger.agreements().count(), 2);
}

#[test]
fn agreement_references_are_unique_whatever_their_case() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    circle.ok("alice", terms("CONV-1", "1000", None, from, to, &[]));
    let error = circle.refused("alice", terms("conv-1", "5", None, from, to, &[]));
    assert_eq!(error, RuleError::AgreementTaken(text(TextField::Reference, "CONV-1")));
    assert_eq!(error.rule(), "agreement-taken");
}

#[test]
fn an_agreement_period_ends_on_or_after_its_start() {
    let mut circle = Fixture::with_members();
    let day = date(2024, 3, 1);
    let error = circle.refused("alice", terms("C", "1", None, day, date(2024, 2, 29), &[]));
    assert_eq!(error.rule(), "agreement-period");
    circle.ok("alice", terms("C", "1", None, day, day, &[]));
}

#[test]
fn an_agreement_finances_actions_of_the_programme_only() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    let action = circle.adopted_action("500");
    let missing = ActionId(action.0 + 1);
    let error = circle.refused("alice", terms("C", "1", None, from, to, &[action.0, missing.0]));
    assert_eq!(error, RuleError::NoSuchAction(missing));
    circle.ok("alice", terms("C", "1", None, from, to, &[action.0]));
}

#[test]
fn funds_go_into_a_declared_agreement_and_never_beyond_what_it_awarded() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    let error = circle.refused("alice", into("100", "VIR-1", Some("CONV-1"), false));
    assert_eq!(error.rule(), "no-such-agreement");
    circle.ok("alice", terms("CONV-1", "1000", None, from, to, &[]));
    circle.ok("alice", into("600", "VIR-1", Some("conv-1"), false));
    let error = circle.refused("alice", into("400.01", "VIR-2", Some("CONV-1"), false));
    assert_eq!(
        error,
        RuleError::AgreementOverAwarded {
            agreement: text(TextField::Reference, "CONV-1"),
            received: eur("1000.01"),
            awarded: eur("1000"),
        }
    );
    circle.ok("alice", into("400", "VIR-2", Some("CONV-1"), false));
    assert_eq!(circle.ledger.agreement("CONV-1").unwrap().received, eur("1000"));
    // Funds into an agreement are funds like any other in the books.
    assert_eq!(circle.ledger.totals().received, eur("1000"));
    assert_eq!(circle.ledger.funders()["FEDER"], eur("1000"));
}

#[test]
fn a_fund_reference_used_twice_is_refused_unless_it_is_meant() {
    let mut circle = Fixture::with_members();
    circle.ok("alice", into("100", "VIR-1", None, false));
    let error = circle.refused("alice", into("100", "vir-1", None, false));
    assert_eq!(
        error,
        RuleError::DuplicateReference {
            what: "fund receipt",
            reference: text(TextField::Reference, "vir-1"),
            seq: 3
        }
    );
    assert_eq!(error.rule(), "duplicate-reference");
    circle.ok("alice", into("100", "VIR-1", None, true));
    assert_eq!(circle.ledger.totals().received, eur("200"));
    // Fund references and payout references are apart: a payout may carry VIR-1.
    let action = circle.adopted_action("500");
    let line = circle.adopted_line(action, "50", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    circle.ok(
        "alice",
        Body::new_payout(line, eur("10"), meeting_date(), text(TextField::Reference, "VIR-1"), None, false),
    );
}

#[test]
fn a_payout_reference_used_twice_is_refused_unless_it_is_meant() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("500");
    let line = circle.adopted_line(action, "50", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    let pay = |reference: &str, duplicate_ok| {
        Body::new_payout(
            line,
            eur("10"),
            meeting_date(),
            text(TextField::Reference, reference),
            None,
            duplicate_ok,
        )
    };
    circle.ok("alice", pay("VIR-9", false));
    assert_eq!(circle.refused("alice", pay("VIR-9", false)).rule(), "duplicate-reference");
    circle.ok("alice", pay("VIR-9", true));
    assert_eq!(circle.ledger.totals().paid, eur("20"));
}

#[test]
fn a_payout_with_its_receipt_counts_like_any_payout_and_keeps_the_hash() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("500");
    let line = circle.adopted_line(action, "50", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    let receipt = Receipt { sha256: FileHash([7; 32]), name: text(TextField::ReceiptName, "facture.pdf") };
    let too_much = Body::new_payout(
        line,
        eur("60"),
        meeting_date(),
        text(TextField::Reference, "V"),
        Some(receipt.clone()),
        false,
    );
    assert_eq!(circle.refused("alice", too_much).rule(), "payout-exceeds-line");
    let body = Body::new_payout(
        line,
        eur("50"),
        meeting_date(),
        text(TextField::Reference, "V"),
        Some(receipt.clone()),
        false,
    );
    assert_eq!(body.code(), 21);
    let signed = circle.ok("alice", body);
    assert_eq!(signed.entry().body.payout().unwrap().receipt, Some(&receipt));
    assert_eq!(circle.ledger.totals().paid, eur("50"));
    assert_eq!(circle.status(line), ProposalStatus::Adopted);
}

/// A small circle with two agreements and three payouts, and its statement checked against
/// totals computed by hand.
#[test]
fn the_statement_matches_totals_computed_by_hand() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    let forum = circle.adopted_action("5000");
    let fablab = circle.adopted_action("5000");
    // FEDER finances the forum at 60 %, all year; the Région the forum and the fablab, in
    // March and April.
    circle.ok("alice", terms("FEDER-1", "6000", Some("60"), from, to, &[forum.0]));
    circle
        .ok("alice", terms("REG-1", "3000", None, date(2024, 3, 1), date(2024, 4, 30), &[forum.0, fablab.0]));
    circle.ok("alice", into("6000", "VIR-F", Some("FEDER-1"), false));
    circle.ok("alice", into("3000", "VIR-R", Some("REG-1"), false));
    let printer = Payee::Supplier(text(TextField::Supplier, "Imprimerie"));
    let forum_line = circle.adopted_line(forum, "1000", printer.clone());
    let fablab_line = circle.adopted_line(fablab, "900", printer);
    let receipt = Receipt { sha256: FileHash([1; 32]), name: text(TextField::ReceiptName, "f1.pdf") };
    let day = meeting_date();
    circle.ok(
        "alice",
        Body::new_payout(
            forum_line,
            eur("1000"),
            day,
            text(TextField::Reference, "P-1"),
            Some(receipt),
            false,
        ),
    );
    circle.ok(
        "alice",
        Body::new_payout(fablab_line, eur("900"), day, text(TextField::Reference, "P-2"), None, false),
    );
    let payouts = {
        let mut p = Payouts::new();
        circle.entries.iter().for_each(|e| p.observe(e));
        p
    };
    // Both paid on 2024-05-06. Forum payout (1 000,00): FEDER and the Région finance the
    // forum, but only FEDER's period holds May, so FEDER takes it all. Fablab payout (900,00):
    // only the Région finances it, and its period does not hold May: listed, flagged, not
    // eligible.
    let feder = Statement::build(&circle.ledger, &payouts, "feder-1", None, None).unwrap();
    let amounts: Vec<String> = feder.lines.iter().map(|l| l.amount.to_string()).collect();
    assert_eq!(amounts, ["1000.00"]);
    assert_eq!(feder.totals.eligible, eur("1000"));
    assert_eq!(feder.totals.funder_share, eur("600"), "60 % of 1 000,00");
    assert_eq!(feder.totals.without_receipt, 0);
    assert_eq!(feder.lines[0].receipt.as_ref().unwrap().sha256.to_hex(), "01".repeat(32));
    assert_eq!(feder.head.seq, circle.ledger.head().unwrap().seq);
    let region = Statement::build(&circle.ledger, &payouts, "REG-1", None, None).unwrap();
    assert_eq!(region.lines.len(), 1);
    assert_eq!((region.lines[0].proposal, region.lines[0].amount), (fablab_line, eur("900")));
    assert!(!region.lines[0].eligible);
    assert_eq!((region.totals.eligible, region.totals.outside_period), (Euros::ZERO, eur("900")));
    assert_eq!(region.totals.funder_share, Euros::ZERO, "no rate: all of the eligible spending, here none");
    assert_eq!((region.agreement.eligible, region.agreement.outside_period), (Euros::ZERO, eur("900")));
    // A period that ends before the payouts lists none.
    let early =
        Statement::build(&circle.ledger, &payouts, "FEDER-1", Some(from), Some(date(2024, 1, 31))).unwrap();
    assert!(early.lines.is_empty());
    assert_eq!(early.totals.eligible, Euros::ZERO);
    assert!(Statement::build(&circle.ledger, &payouts, "NOPE", None, None).is_err());
}

fn fund_correction(target: u64, amount: &str, reason: &str) -> Body {
    Body::FundCorrection {
        target,
        amount: eur(amount),
        source: text(TextField::Source, "FEDER"),
        reference: text(TextField::Reference, "VIR-1"),
        reason: text(TextField::Reason, reason),
    }
}

#[test]
fn a_fund_receipt_is_corrected_once_a_second_signer_countersigns() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    circle.ok("alice", terms("CONV-1", "5000", None, from, to, &[]));
    let receipt = circle.ok("alice", into("10000", "VIR-1", None, false)).entry().seq;
    // Only a soucieux or the support team corrects; a correction names a fund receipt and
    // changes something.
    assert_eq!(
        circle.refused("bob", fund_correction(receipt, "1000", "typo")).rule(),
        "not-soucieux-or-support"
    );
    assert_eq!(
        circle.refused("alice", fund_correction(receipt - 1, "1000", "typo")).rule(),
        "not-a-fund-receipt"
    );
    assert_eq!(
        circle.refused("alice", fund_correction(receipt, "10000", "typo")).rule(),
        "correction-changes-nothing"
    );
    let correction =
        circle.ok("alice", fund_correction(receipt, "1000", "10 000 typed for 1 000")).entry().seq;
    // Waiting: the books have not changed.
    assert_eq!(circle.ledger.totals().received, eur("10000"));
    // The author cannot countersign their own correction; another soucieux can.
    assert_eq!(
        circle.refused("alice", Body::Countersign { target: correction }).rule(),
        "countersigned-by-author"
    );
    assert_eq!(
        circle.refused("bob", Body::Countersign { target: correction }).rule(),
        "not-soucieux-or-support"
    );
    assert_eq!(
        circle.refused("support", Body::Countersign { target: receipt }).rule(),
        "nothing-to-countersign"
    );
    circle.ok("support", Body::Countersign { target: correction });
    assert_eq!(circle.ledger.totals().received, eur("1000"));
    assert_eq!(circle.ledger.funders()["FEDER"], eur("1000"));
    assert_eq!(circle.ledger.fund_record(receipt).unwrap().amount, eur("1000"));
    assert_eq!(
        circle.refused("support", Body::Countersign { target: correction }).rule(),
        "nothing-to-countersign"
    );
    // The report keeps the original and the correction.
    let report = Report::of(&circle.ledger).unwrap();
    assert_eq!(report.corrections.len(), 1);
    assert_eq!(report.corrections[0].before_amount, Some(eur("10000")));
    assert_eq!(report.corrections[0].amount, Some(eur("1000")));
    assert_eq!(report.corrections[0].countersigned_by.as_deref(), Some("support"));
}

#[test]
fn a_correction_never_leaves_the_books_short_nor_an_agreement_over_its_award() {
    let mut circle = Fixture::with_members();
    let (from, to) = year();
    circle.ok("alice", terms("CONV-1", "1000", None, from, to, &[]));
    let receipt = circle.ok("alice", into("1000", "VIR-1", Some("CONV-1"), false)).entry().seq;
    let action = circle.adopted_action("800");
    circle.adopted_line(action, "600", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    // 600 committed: a correction down to 500 would leave the books short.
    let short = circle.ok("alice", fund_correction(receipt, "500", "wrong")).entry().seq;
    assert_eq!(
        circle.refused("support", Body::Countersign { target: short }).rule(),
        "correction-leaves-books-short"
    );
    // A new correction supersedes the one that cannot count; above the award it cannot either.
    let over = circle.ok("alice", fund_correction(receipt, "1200", "wrong again")).entry().seq;
    assert_eq!(
        circle.refused("support", Body::Countersign { target: short }).rule(),
        "nothing-to-countersign"
    );
    assert_eq!(
        circle.refused("support", Body::Countersign { target: over }).rule(),
        "agreement-over-awarded"
    );
    let right = circle.ok("alice", fund_correction(receipt, "900", "right")).entry().seq;
    circle.ok("support", Body::Countersign { target: right });
    assert_eq!(circle.ledger.agreement("CONV-1").unwrap().received, eur("900"));
    assert_eq!(circle.ledger.totals().received, eur("900"));
}

#[test]
fn a_payout_recorded_by_mistake_is_reversed_once() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("500");
    let line = circle.adopted_line(action, "300", Payee::Member(name("bob")));
    let payout = circle.ok("alice", super_payout(line, "300")).entry().seq;
    assert_eq!(
        circle
            .refused(
                "alice",
                Body::PayoutReversal { target: payout - 1, reason: text(TextField::Reason, "x") }
            )
            .rule(),
        "not-a-reversible-payout"
    );
    let reversal = circle
        .ok("alice", Body::PayoutReversal { target: payout, reason: text(TextField::Reason, "paid twice") })
        .entry()
        .seq;
    assert_eq!(circle.ledger.totals().paid, eur("300"), "not yet countersigned");
    circle.ok("support", Body::Countersign { target: reversal });
    assert_eq!(circle.ledger.totals().paid, Euros::ZERO);
    assert_eq!(circle.ledger.totals().available(), eur("1000"));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().paid, Euros::ZERO);
    circle.ledger.check_books().unwrap();
    let again = Body::PayoutReversal { target: payout, reason: text(TextField::Reason, "again") };
    assert_eq!(circle.refused("alice", again).rule(), "already-reversed");
}

fn super_payout(line: ProposalId, amount: &str) -> Body {
    Body::new_payout(line, eur(amount), meeting_date(), text(TextField::Reference, "VIR-X"), None, false)
}

fn governance(settings: Vec<Setting>) -> Body {
    Body::ProposeGovernance { settings }
}

#[test]
fn settings_change_only_through_a_proposal_adopted_in_a_meeting() {
    let mut circle = Fixture::with_members();
    let same = circle.refused("bob", governance(vec![Setting::Quorum(Quorum::HALF)]));
    assert_eq!(same.rule(), "governance-changes-nothing");
    let proposal = circle.next_proposal();
    circle.ok(
        "bob",
        governance(vec![
            Setting::Quorum(Quorum::new(2, 3).unwrap()),
            Setting::FourEyes(Some(eur("1500"))),
            Setting::Proxies(false),
            Setting::Territory(text(TextField::Territory, "Pays du Calaisis")),
        ]),
    );
    // Proposed, not adopted: nothing changed yet.
    assert_eq!(circle.ledger.circle().unwrap().four_eyes, None);
    let outcomes = circle.decide(&[proposal]);
    assert_eq!(outcomes[0].outcome, Outcome::Adopted);
    let c = circle.ledger.circle().unwrap();
    assert_eq!(
        (c.governance.quorum, c.four_eyes, c.proxies),
        (Quorum::new(2, 3).unwrap(), Some(eur("1500")), false)
    );
    assert_eq!(c.territory.as_str(), "Pays du Calaisis");
    let report = Report::of(&circle.ledger).unwrap();
    assert_eq!(report.governance.len(), 1);
    assert_eq!(report.governance[0].settings[1], "four eyes above 1 500,00 €");
    // Proxies are no longer allowed.
    let action = circle.propose_action("bob", "Forum", "10");
    let meeting = circle.open(&[action]);
    let proxy = Body::Proxy { meeting, holder: name("alice") };
    assert_eq!(circle.refused("bob", proxy).rule(), "proxies-not-allowed");
}

#[test]
fn a_payout_above_the_four_eyes_threshold_counts_once_countersigned() {
    let mut circle = Fixture::with_members();
    circle.fund("10000");
    let proposal = circle.next_proposal();
    circle.ok("bob", governance(vec![Setting::FourEyes(Some(eur("1500")))]));
    circle.decide(&[proposal]);
    let action = circle.adopted_action("5000");
    let line = circle.adopted_line(action, "4000", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    let pay = |amount: &str, reference: &str| {
        Body::new_payout(line, eur(amount), payout_date(), text(TextField::Reference, reference), None, false)
    };
    // Every rule is checked when it is recorded, even though it does not count yet.
    assert_eq!(circle.refused("alice", pay("4000.01", "V-0")).rule(), "payout-exceeds-line");
    // 1 500,00 is not above the threshold: it counts at once.
    circle.ok("alice", pay("1500", "V-1"));
    assert_eq!(circle.ledger.totals().paid, eur("1500"));
    let big = circle.ok("alice", pay("1500.01", "V-2")).entry().seq;
    assert_eq!(circle.ledger.totals().paid, eur("1500"), "waiting for its second signature");
    assert_eq!(circle.ledger.awaiting_second_signature().collect::<Vec<_>>(), [big]);
    assert_eq!(circle.refused("alice", Body::Countersign { target: big }).rule(), "countersigned-by-author");
    assert_eq!(circle.refused("bob", Body::Countersign { target: big }).rule(), "not-soucieux-or-support");
    circle.ok("support", Body::Countersign { target: big });
    assert_eq!(circle.ledger.totals().paid, eur("3000.01"));
    circle.ledger.check_books().unwrap();
}

#[test]
fn a_waiting_correction_does_not_take_a_reference_used_meanwhile() {
    let mut circle = Fixture::with_members();
    let receipt = circle.ok("alice", into("100", "VIR-1", None, false)).entry().seq;
    let correction = Body::FundCorrection {
        target: receipt,
        amount: eur("100"),
        source: text(TextField::Source, "FEDER"),
        reference: text(TextField::Reference, "VIR-NEW"),
        reason: text(TextField::Reason, "wrong reference"),
    };
    let waiting = circle.ok("alice", correction).entry().seq;
    circle.ok("alice", into("50", "vir-new", None, false));
    assert_eq!(
        circle.refused("support", Body::Countersign { target: waiting }).rule(),
        "duplicate-reference"
    );
}

#[test]
fn the_payee_does_not_countersign_their_own_payout() {
    let mut circle = Fixture::with_members();
    circle.add("dave", Role::Soucieux);
    circle.fund("10000");
    let proposal = circle.next_proposal();
    circle.ok("bob", governance(vec![Setting::FourEyes(Some(eur("100")))]));
    circle.decide(&[proposal]);
    let action = circle.adopted_action("5000");
    let line = circle.adopted_line(action, "400", Payee::Member(name("dave")));
    let pay =
        Body::new_payout(line, eur("400"), payout_date(), text(TextField::Reference, "V-D"), None, false);
    let waiting = circle.ok("alice", pay).entry().seq;
    assert_eq!(
        circle.refused("dave", Body::Countersign { target: waiting }).rule(),
        "countersigned-by-payee"
    );
    circle.ok("support", Body::Countersign { target: waiting });
    assert_eq!(circle.ledger.member(&name("dave")).unwrap().paid, eur("400"));
}

/// The moment `days` days after the fixture's first day, at noon UTC.
fn day_after_start(days: i64) -> chrono::DateTime<chrono::Utc> {
    let start = at(0).date_naive() + chrono::Duration::days(days);
    start.and_hms_opt(12, 0, 0).unwrap().and_utc()
}

#[test]
fn references_corrections_and_reversals_hold_for_400_days() {
    let mut circle = Fixture::with_members();
    circle.next_at(day_after_start(1));
    let receipt = circle.ok("alice", into("1000", "VIR-A", None, false)).entry().seq;
    // 400 days later the reference is still remembered; 401 days later it is not.
    circle.next_at(day_after_start(401));
    assert_eq!(circle.refused("alice", into("5", "vir-a", None, false)).rule(), "duplicate-reference");
    let correction = Body::FundCorrection {
        target: receipt,
        amount: eur("900"),
        source: text(TextField::Source, "FEDER"),
        reference: text(TextField::Reference, "VIR-A"),
        reason: text(TextField::Reason, "typo"),
    };
    // Still within 400 days: the correction is accepted, and countersigned the same day.
    let waiting = circle.ok("alice", correction.clone()).entry().seq;
    // A day later the receipt is 401 days old: the countersignature is refused.
    circle.next_at(day_after_start(402));
    assert_eq!(circle.refused("support", Body::Countersign { target: waiting }).rule(), "not-a-fund-receipt");
    assert_eq!(circle.refused("alice", correction).rule(), "not-a-fund-receipt");
    circle.ok("alice", into("5", "vir-a", None, false));
}

#[test]
fn a_payout_is_reversed_within_400_days_of_being_recorded() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("500");
    let line = circle.adopted_line(action, "300", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    circle.next_at(day_after_start(0) + chrono::Duration::hours(6));
    let payout = circle.ok("alice", super_payout(line, "100")).entry().seq;
    let reverse = || Body::PayoutReversal { target: payout, reason: text(TextField::Reason, "mistake") };
    circle.next_at(day_after_start(401));
    assert_eq!(circle.refused("alice", reverse()).rule(), "not-a-reversible-payout");
    let mut earlier = Fixture::with_members();
    earlier.fund("1000");
    let action = earlier.adopted_action("500");
    let line = earlier.adopted_line(action, "300", Payee::Supplier(text(TextField::Supplier, "Imprimerie")));
    let payout = earlier.ok("alice", super_payout(line, "100")).entry().seq;
    earlier.next_at(day_after_start(400));
    let reversal = earlier
        .ok("alice", Body::PayoutReversal { target: payout, reason: text(TextField::Reason, "mistake") });
    earlier.ok("support", Body::Countersign { target: reversal.entry().seq });
    assert_eq!(earlier.ledger.totals().paid, Euros::ZERO);
}
