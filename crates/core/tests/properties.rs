//! Property tests: random sequences of operations, valid and invalid, drawn from a small
//! alphabet over a few members, keep the books balanced and the ledger replayable; any change to
//! the accepted entries (a byte, a deletion, a swap, a duplicate) fails verification, naming the
//! entry changed or an earlier one.

#![allow(clippy::unwrap_used)]

mod fixture;

use cercle_core::*;
use fixture::{at, eur, genesis, key, name, public, text, to_member, to_supplier};
use proptest::prelude::*;
use proptest::sample::Index;

/// Who signs: the members, then the support team, then someone outside the circle.
const PEOPLE: [&str; 6] = ["alice", "bob", "carol", "dave", "support", "outsider"];
/// Members a role change or a departure may name (`zoe` never joined).
const MEMBERS: [&str; 5] = ["alice", "bob", "carol", "dave", "zoe"];

/// One operation of the alphabet. Proposals, meetings and actions are picked among those that
/// exist (plus one that does not), so that many operations are valid and many are not.
#[derive(Clone, Debug)]
enum Op {
    Fund {
        by: usize,
        cents: u64,
    },
    ProposeAction {
        by: usize,
        cents: u64,
    },
    ProposeSpend {
        by: usize,
        action: Index,
        cents: u64,
        payee: usize,
    },
    Withdraw {
        by: usize,
        proposal: Index,
    },
    Open {
        by: usize,
        agenda: Vec<Index>,
    },
    Attend {
        by: usize,
        meeting: Index,
    },
    Vote {
        by: usize,
        meeting: Index,
        proposal: Index,
        choice: usize,
    },
    Close {
        by: usize,
        meeting: Index,
        honest: bool,
    },
    /// A whole meeting: a soucieux opens it on pending proposals, some members attend and vote,
    /// it closes with the computed outcomes.
    Session {
        agenda: Vec<Index>,
        present: [bool; 4],
        choices: Vec<usize>,
    },
    Payout {
        by: usize,
        proposal: Index,
        cents: u64,
    },
    SpendClose {
        by: usize,
        proposal: Index,
    },
    Role {
        by: usize,
        member: usize,
        role: usize,
    },
    Leave {
        by: usize,
        member: usize,
    },
    Status {
        by: usize,
        active: bool,
    },
    Checkpoint {
        by: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let by = || 0..PEOPLE.len();
    let cents = |max: u64| prop_oneof![1..=max, 1..=100u64];
    prop_oneof![
        2 => (by(), cents(500_000)).prop_map(|(by, cents)| Op::Fund { by, cents }),
        2 => (by(), cents(300_000)).prop_map(|(by, cents)| Op::ProposeAction { by, cents }),
        8 => (by(), any::<Index>(), cents(200_000), 0..MEMBERS.len() + 1)
            .prop_map(|(by, action, cents, payee)| Op::ProposeSpend { by, action, cents, payee }),
        1 => (by(), any::<Index>()).prop_map(|(by, proposal)| Op::Withdraw { by, proposal }),
        1 => (by(), proptest::collection::vec(any::<Index>(), 0..4)).prop_map(|(by, agenda)| Op::Open { by, agenda }),
        2 => (by(), any::<Index>()).prop_map(|(by, meeting)| Op::Attend { by, meeting }),
        2 => (by(), any::<Index>(), any::<Index>(), 0..4usize)
            .prop_map(|(by, meeting, proposal, choice)| Op::Vote { by, meeting, proposal, choice }),
        1 => (by(), any::<Index>(), any::<bool>()).prop_map(|(by, meeting, honest)| Op::Close { by, meeting, honest }),
        4 => (
            proptest::collection::vec(any::<Index>(), 1..4),
            any::<[bool; 4]>(),
            proptest::collection::vec(0..4usize, 16),
        )
            .prop_map(|(agenda, present, choices)| Op::Session { agenda, present, choices }),
        4 => (by(), any::<Index>(), cents(100_000)).prop_map(|(by, proposal, cents)| Op::Payout { by, proposal, cents }),
        1 => (by(), any::<Index>()).prop_map(|(by, proposal)| Op::SpendClose { by, proposal }),
        1 => (by(), 0..MEMBERS.len(), 0..3usize).prop_map(|(by, member, role)| Op::Role { by, member, role }),
        1 => (by(), 0..MEMBERS.len()).prop_map(|(by, member)| Op::Leave { by, member }),
        1 => (by(), any::<bool>()).prop_map(|(by, active)| Op::Status { by, active }),
        1 => by().prop_map(|by| Op::Checkpoint { by }),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(op(), 1..100)
}

const CHOICES: [Choice; 4] = [Choice::For, Choice::For, Choice::Against, Choice::Abstain];

/// One of the proposals, or the one after the last (which does not exist).
fn proposal(ledger: &Ledger, pick: &Index) -> ProposalId {
    ProposalId(pick.index(ledger.proposals().len() + 1) as u32 + 1)
}

/// One of the meetings, or the one after the last.
fn meeting(ledger: &Ledger, pick: &Index) -> MeetingId {
    MeetingId(pick.index(ledger.meetings().len() + 1) as u32 + 1)
}

/// Mostly an adopted spend line (if any), sometimes any proposal.
fn line(ledger: &Ledger, pick: &Index) -> ProposalId {
    let adopted: Vec<ProposalId> = ledger
        .proposals()
        .iter()
        .filter(|p| p.spend_line().is_some() && p.status == ProposalStatus::Adopted)
        .map(|p| p.id)
        .collect();
    match pick.index(5) {
        0 => proposal(ledger, pick),
        _ if adopted.is_empty() => proposal(ledger, pick),
        _ => adopted[pick.index(adopted.len())],
    }
}

/// Pending proposals on no open agenda, picked (with repeats removed).
fn agenda(ledger: &Ledger, picks: &[Index]) -> Vec<ProposalId> {
    let locked: Vec<ProposalId> =
        ledger.meetings().iter().filter(|m| m.is_open()).flat_map(|m| m.agenda.clone()).collect();
    let free: Vec<ProposalId> = ledger
        .proposals()
        .iter()
        .filter(|p| p.status == ProposalStatus::Pending && !locked.contains(&p.id))
        .map(|p| p.id)
        .collect();
    let mut agenda: Vec<ProposalId> = Vec::new();
    for pick in picks.iter().filter(|_| !free.is_empty()) {
        let id = free[pick.index(free.len())];
        if !agenda.contains(&id) {
            agenda.push(id);
        }
    }
    agenda
}

/// The body a single-entry operation appends, given the ledger it is appended to.
fn body(ledger: &Ledger, op: &Op) -> Body {
    let roles = [Role::Soucieux, Role::Contributor, Role::Participant];
    match op {
        Op::Fund { cents, .. } => Body::FundReceived {
            amount: Euros::from_cents(*cents),
            source: text(TextField::Source, "FEDER"),
            reference: text(TextField::Reference, "CONV-1"),
        },
        Op::ProposeAction { cents, .. } => Body::ProposeAction {
            title: text(TextField::Title, "Forum"),
            envelope: Euros::from_cents(*cents),
        },
        Op::ProposeSpend { action, cents, payee, .. } => Body::ProposeSpend {
            action: ActionId(action.index(ledger.actions().len() + 1) as u32 + 1),
            amount: Euros::from_cents(*cents),
            payee: MEMBERS.get(*payee).map_or_else(|| to_supplier("Traiteur"), |who| to_member(who)),
            purpose: text(TextField::Purpose, "Repas"),
        },
        Op::Withdraw { proposal: pick, .. } => Body::Withdraw { proposal: proposal(ledger, pick) },
        Op::Open { agenda: picks, .. } => {
            // Now and then an agenda of any proposal, pending or not.
            let agenda = match picks.first() {
                Some(first) if first.index(4) == 0 => picks.iter().map(|p| proposal(ledger, p)).collect(),
                _ => agenda(ledger, picks),
            };
            Body::MeetingOpen { date: fixture::meeting_date(), agenda }
        }
        Op::Attend { meeting: pick, .. } => Body::Attend { meeting: meeting(ledger, pick) },
        Op::Vote { meeting: m, proposal: p, choice, .. } => Body::Vote {
            meeting: meeting(ledger, m),
            proposal: proposal(ledger, p),
            choice: CHOICES[*choice],
        },
        Op::Close { meeting: pick, honest, .. } => {
            let meeting = meeting(ledger, pick);
            let mut outcomes = ledger.preview_close(meeting).unwrap_or_default();
            if !honest {
                tamper_outcomes(&mut outcomes);
            }
            Body::MeetingClose { meeting, outcomes }
        }
        Op::Payout { proposal: pick, cents, .. } => Body::Payout {
            proposal: line(ledger, pick),
            amount: Euros::from_cents(*cents),
            date: fixture::payout_date(),
            reference: text(TextField::Reference, "VIR-1"),
        },
        Op::SpendClose { proposal: pick, .. } => Body::SpendClose { proposal: line(ledger, pick) },
        Op::Role { member, role, .. } => {
            Body::MemberRole { name: name(MEMBERS[*member]), role: roles[*role] }
        }
        Op::Leave { member, .. } => Body::MemberLeave { name: name(MEMBERS[*member]) },
        Op::Status { active, .. } => {
            Body::CircleStatus { status: if *active { CircleStatus::Active } else { CircleStatus::Emerging } }
        }
        Op::Checkpoint { .. } => Body::Checkpoint,
        Op::Session { .. } => unreachable!("a session is several entries"),
    }
}

/// A closing entry that lies: the first outcome claims the opposite, or one is dropped.
fn tamper_outcomes(outcomes: &mut Vec<ItemOutcome>) {
    match outcomes.first_mut() {
        Some(first) if first.outcome == Outcome::Adopted => first.outcome = Outcome::NoQuorum,
        Some(first) => first.outcome = Outcome::Adopted,
        None => outcomes.push(ItemOutcome {
            proposal: ProposalId(1),
            outcome: Outcome::Adopted,
            tally: Tally::default(),
        }),
    }
}

fn signer(op: &Op) -> &'static str {
    let by = match op {
        Op::Fund { by, .. }
        | Op::ProposeAction { by, .. }
        | Op::ProposeSpend { by, .. }
        | Op::Withdraw { by, .. }
        | Op::Open { by, .. }
        | Op::Attend { by, .. }
        | Op::Vote { by, .. }
        | Op::Close { by, .. }
        | Op::Payout { by, .. }
        | Op::SpendClose { by, .. }
        | Op::Role { by, .. }
        | Op::Leave { by, .. }
        | Op::Status { by, .. }
        | Op::Checkpoint { by } => *by,
        Op::Session { .. } => 0,
    };
    PEOPLE[by]
}

/// The books balance: available >= 0 (by type), received = paid + committed + available, and
/// the running totals agree with the proposals.
fn check_invariants(ledger: &Ledger) -> Result<(), TestCaseError> {
    let t = ledger.totals();
    let spent = t.paid.checked_add(t.committed).unwrap();
    prop_assert!(spent <= t.received, "paid + committed > received: {t:?}");
    prop_assert_eq!(spent.checked_add(t.available()).unwrap(), t.received);
    prop_assert_eq!(ledger.check_books(), Ok(()));
    for action in ledger.actions() {
        prop_assert!(action.used() <= action.envelope, "{} past its envelope", action.id);
    }
    Ok(())
}

/// A circle with alice and dave (soucieux), bob (contributor), carol (participant) and the
/// support team, then `ops` appended one by one. Returns the ledger and the accepted entries;
/// checks after each operation that a refusal changed nothing and an acceptance kept the books.
fn build(ops: &[Op]) -> Result<(Ledger, Vec<SignedEntry>), TestCaseError> {
    let mut ledger = Ledger::new();
    let mut entries = Vec::new();
    let setup = [
        ("alice", genesis(Governance::default())),
        ("alice", Body::MemberAdd { name: name("bob"), key: public("bob"), role: Role::Contributor }),
        ("alice", Body::MemberAdd { name: name("carol"), key: public("carol"), role: Role::Participant }),
        ("alice", Body::MemberAdd { name: name("dave"), key: public("dave"), role: Role::Soucieux }),
        (
            "support",
            Body::FundReceived {
                amount: eur("1000"),
                source: text(TextField::Source, "Région"),
                reference: text(TextField::Reference, "HF-1"),
            },
        ),
    ];
    for (who, body) in setup {
        step(&mut ledger, &mut entries, who, body)?;
    }
    // An adopted action (A1, 1500 €) and an adopted spend line on it, so that spend lines and
    // payouts are possible from the first operation.
    let all_for = [0; 16];
    step(
        &mut ledger,
        &mut entries,
        "bob",
        Body::ProposeAction { title: text(TextField::Title, "Forum"), envelope: eur("1500") },
    )?;
    session(&mut ledger, &mut entries, vec![ProposalId(1)], &[true; 4], &all_for)?;
    step(
        &mut ledger,
        &mut entries,
        "bob",
        Body::ProposeSpend {
            action: ActionId(1),
            amount: eur("400"),
            payee: to_supplier("Traiteur"),
            purpose: text(TextField::Purpose, "Repas"),
        },
    )?;
    session(&mut ledger, &mut entries, vec![ProposalId(2)], &[true; 4], &all_for)?;
    prop_assert_eq!(ledger.totals().committed, eur("400"), "the setup is valid");
    for op in ops {
        match op {
            Op::Session { agenda: picks, present, choices } => {
                let agenda = agenda(&ledger, picks);
                session(&mut ledger, &mut entries, agenda, present, choices)?;
            }
            op => {
                let body = body(&ledger, op);
                step(&mut ledger, &mut entries, signer(op), body)?;
            }
        }
    }
    Ok((ledger, entries))
}

/// A whole meeting, each entry through [`step`] (some may be refused: a member who left, a
/// recused voter, an empty agenda…).
fn session(
    ledger: &mut Ledger,
    entries: &mut Vec<SignedEntry>,
    agenda: Vec<ProposalId>,
    present: &[bool; 4],
    choices: &[usize],
) -> Result<(), TestCaseError> {
    let id = MeetingId(ledger.meeting_count() + 1);
    let soucieux = if ledger.member(&name("dave")).is_some_and(|m| m.active && m.role == Role::Soucieux) {
        "dave"
    } else {
        "alice"
    };
    step(
        ledger,
        entries,
        soucieux,
        Body::MeetingOpen { date: fixture::meeting_date(), agenda: agenda.clone() },
    )?;
    let mut choices = choices.iter().cycle();
    for (who, _) in MEMBERS.iter().zip(present).filter(|(_, present)| **present) {
        step(ledger, entries, who, Body::Attend { meeting: id })?;
        for proposal in &agenda {
            let choice = CHOICES[*choices.next().unwrap()];
            step(ledger, entries, who, Body::Vote { meeting: id, proposal: *proposal, choice })?;
        }
    }
    let outcomes = ledger.preview_close(id).unwrap_or_default();
    step(ledger, entries, soucieux, Body::MeetingClose { meeting: id, outcomes })
}

/// Append one entry (one minute after the previous one) and check what must hold.
fn step(
    ledger: &mut Ledger,
    entries: &mut Vec<SignedEntry>,
    who: &str,
    body: Body,
) -> Result<(), TestCaseError> {
    let before = ledger.clone();
    match ledger.sign_and_append(&key(who), at(60 * entries.len() as i64), body) {
        Ok(signed) => {
            entries.push(signed);
            check_invariants(ledger)
        }
        Err(_) => {
            prop_assert_eq!(&*ledger, &before, "a refused entry changed the ledger");
            Ok(())
        }
    }
}

/// The position the verifier names, or a failure if it accepts.
fn failing_position(entries: Vec<SignedEntry>) -> Result<u64, TestCaseError> {
    match verify_entries(entries) {
        Ok(_) => Err(TestCaseError::fail("the verifier accepted a changed ledger")),
        Err(error) => Ok(error.seq().unwrap()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn books_balance_and_refusals_change_nothing(ops in ops()) {
        let (ledger, entries) = build(&ops)?;
        prop_assert_eq!(ledger.len(), entries.len() as u64);
    }

    #[test]
    fn replaying_the_accepted_entries_gives_the_same_ledger(ops in ops()) {
        let (ledger, entries) = build(&ops)?;
        let verified = verify_entries(entries.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&verified, &ledger);
        let mut appended = Ledger::new();
        for entry in &entries {
            let reread = SignedEntry::from_line(&entry.to_line()).unwrap();
            prop_assert_eq!(&reread, entry);
            appended.append(&reread).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(&appended, &ledger);
    }

    #[test]
    fn tampering_any_byte_fails_verification(
        ops in ops(),
        changes in proptest::collection::vec((any::<Index>(), any::<Index>(), 1..=255u8), 8),
    ) {
        let (_, entries) = build(&ops)?;
        for (entry, byte, mask) in changes {
            let position = entry.index(entries.len());
            let mut bytes = entries[position].bytes().to_vec();
            let offset = byte.index(bytes.len());
            bytes[offset] ^= mask;
            // Bytes that no longer decode are caught before verification even starts.
            let Ok(tampered) = SignedEntry::from_bytes(bytes) else { continue };
            let mut changed = entries.clone();
            changed[position] = tampered;
            // The entries before it are untouched, so the verifier names exactly this one.
            let named = failing_position(changed)?;
            prop_assert_eq!(named, position as u64, "byte {} of entry {}", offset, position);
        }
    }

    #[test]
    fn deleting_swapping_or_duplicating_an_entry_fails_verification(ops in ops(), pick in any::<Index>()) {
        let (ledger, entries) = build(&ops)?;
        let last = entries.len() - 1;
        let position = pick.index(last); // Any entry but the last.

        let mut deleted = entries.clone();
        deleted.remove(position);
        prop_assert_eq!(failing_position(deleted)?, position as u64);

        let mut swapped = entries.clone();
        swapped.swap(position, position + 1);
        prop_assert_eq!(failing_position(swapped)?, position as u64);

        let mut duplicated = entries.clone();
        duplicated.insert(position + 1, entries[position].clone());
        prop_assert_eq!(failing_position(duplicated)?, position as u64 + 1);

        // Deleting the last entry leaves a valid, shorter ledger: only a checkpoint kept apart
        // catches that truncation.
        let mut truncated = entries.clone();
        let head = truncated.pop().unwrap();
        prop_assert_eq!(verify_entries(truncated.clone()).unwrap().len(), ledger.len() - 1);
        let mut verifier = Verifier::new();
        verifier.expect_head(1, head.entry().seq, head.hash());
        for entry in truncated {
            verifier.push(entry).unwrap();
        }
        let checkpointed = matches!(verifier.finish(), Err(VerifyError::Checkpoint { .. }));
        prop_assert!(checkpointed);
    }
}

/// The generator reaches every kind of entry and every outcome (so that the properties above
/// are about real ledgers, not only about refusals).
#[test]
fn the_alphabet_reaches_every_entry_kind_and_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..64 {
        let ops = ops().new_tree(&mut runner).unwrap().current();
        let (ledger, entries) = build(&ops).unwrap();
        seen.extend(entries.iter().map(|e| e.entry().body.kind().to_string()));
        seen.extend(ledger.proposals().iter().map(|p| format!("{} {}", p.kind_word(), p.status)));
        let outcomes = ledger.meetings().into_iter().flat_map(|m| m.outcomes.clone().unwrap_or_default());
        seen.extend(outcomes.map(|o| o.outcome.to_string()));
    }
    let expected = [
        "genesis",
        "member-add",
        "member-role",
        "member-leave",
        "circle-status",
        "fund-received",
        "propose-action",
        "propose-spend",
        "withdraw",
        "meeting-open",
        "attend",
        "vote",
        "meeting-close",
        "payout",
        "spend-close",
        "checkpoint",
        "action adopted",
        "action rejected",
        "action pending",
        "spend adopted",
        "spend rejected",
        "spend closed",
        "adopted",
        "no-quorum",
        "rejected (vote)",
        "rejected (insufficient-funds)",
        "rejected (over-envelope)",
    ];
    let missing: Vec<&str> = expected.into_iter().filter(|kind| !seen.contains(*kind)).collect();
    assert!(missing.is_empty(), "never reached: {missing:?} (reached {seen:?})");
}
