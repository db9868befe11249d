//! The rulebook (`docs/RULES.md`), one test per rule, each refused entry checked
//! to leave the ledger exactly as it was and to be refused by a verifier too (see
//! [`fixture::Fixture::refused`]), each accepted entry checked to keep the books balanced.

#![allow(clippy::unwrap_used)]

mod fixture;

use cercle_core::*;
use fixture::*;

fn governance(quorum: (u16, u16), threshold: Threshold, recusal: bool) -> Governance {
    Governance { quorum: Quorum::new(quorum.0, quorum.1).unwrap(), threshold, recusal }
}

/// A circle with `votes` cast on one action proposal, everyone present, under `threshold`.
fn vote_on_action(threshold: Threshold, votes: &[Choice]) -> Outcome {
    let mut circle = Fixture::with_governance(governance((1, 2), threshold, true));
    let voters = ["alice", "bob", "carol", "dave", "erin", "frank"];
    for who in &voters[1..votes.len().max(1)] {
        circle.add(who, Role::Contributor);
    }
    let proposal = circle.propose_action("alice", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    for (who, choice) in voters.iter().zip(votes) {
        circle.attend(who, meeting);
        circle.vote(who, meeting, proposal, *choice);
    }
    let outcome = circle.close(meeting)[0].outcome;
    let expected = match outcome {
        Outcome::Adopted => ProposalStatus::Adopted,
        Outcome::Rejected(_) => ProposalStatus::Rejected,
        Outcome::NoQuorum => ProposalStatus::Pending,
    };
    assert_eq!(circle.status(proposal), expected);
    outcome
}

// The ledger: one circle, signed entries, a chain.

#[test]
fn genesis_founds_the_circle_and_its_first_soucieux() {
    let circle = Fixture::new();
    let founded = circle.ledger.circle().unwrap();
    assert_eq!(founded.id, circle.entries[0].hash(), "the circle's id is its genesis hash");
    assert_eq!(founded.name.as_str(), "Littoral");
    assert_eq!(founded.support_key, Some(public("support")));
    let alice = circle.ledger.member(&name("alice")).unwrap();
    assert_eq!((alice.role, alice.key, alice.active), (Role::Soucieux, public("alice"), true));
    assert_eq!(circle.ledger.len(), 1);
}

#[test]
fn first_entry_must_be_genesis() {
    let mut circle = Fixture::empty();
    let error = circle.refused("alice", funds("10"));
    assert_eq!(error, RuleError::NotGenesis);
    assert!(circle.ledger.is_empty());
}

#[test]
fn second_genesis_is_refused() {
    let mut circle = Fixture::new();
    assert_eq!(circle.refused("alice", genesis(Governance::default())), RuleError::SecondGenesis);
}

#[test]
fn genesis_must_start_the_chain() {
    let mut circle = Fixture::empty();
    let draft = circle.ledger.draft(public("alice"), at(0), genesis(Governance::default()));
    let cases = [
        (Entry { seq: 1, ..draft.clone() }, RuleError::WrongSequence { expected: 0, found: 1 }),
        (
            Entry { circle: EntryHash([7; 32]), ..draft.clone() },
            RuleError::WrongCircle { expected: EntryHash::ZERO, found: EntryHash([7; 32]) },
        ),
        (Entry { prev: EntryHash([7; 32]), ..draft.clone() }, RuleError::BrokenChain),
    ];
    for (entry, expected) in cases {
        let signed = entry.sign(&key("alice")).unwrap();
        assert_eq!(circle.refuse(&signed), expected);
    }
    circle.accept(draft.sign(&key("alice")).unwrap()).unwrap();
}

#[test]
fn entry_of_another_circle_is_refused() {
    let mut ours = Fixture::new();
    let mut theirs = Fixture::with_governance(governance((2, 3), Threshold::Consent, true));
    assert_ne!(ours.ledger.circle().unwrap().id, theirs.ledger.circle().unwrap().id);
    let replayed = theirs.ok("alice", funds("500"));
    let error = ours.refuse(&replayed);
    assert_eq!(
        error,
        RuleError::WrongCircle {
            expected: ours.ledger.circle().unwrap().id,
            found: theirs.ledger.circle().unwrap().id,
        }
    );
}

#[test]
fn wrong_sequence_is_refused() {
    let mut circle = Fixture::new();
    let draft = circle.draft("alice", funds("10")).entry().clone();
    for seq in [0, 2, 99] {
        let signed = Entry { seq, ..draft.clone() }.sign(&key("alice")).unwrap();
        assert_eq!(circle.refuse(&signed), RuleError::WrongSequence { expected: 1, found: seq });
    }
}

#[test]
fn broken_chain_is_refused() {
    let mut circle = Fixture::new();
    circle.fund("10");
    let draft = circle.draft("alice", funds("10")).entry().clone();
    // Chained to the genesis instead of the head.
    let signed = Entry { prev: circle.entries[0].hash(), ..draft }.sign(&key("alice")).unwrap();
    assert_eq!(circle.refuse(&signed), RuleError::BrokenChain);
}

#[test]
fn time_goes_backwards_is_refused() {
    let mut circle = Fixture::new();
    let head = circle.ledger.head().unwrap().recorded_at;
    let draft = circle.draft("alice", funds("10")).entry().clone();
    let earlier = Entry { recorded_at: head - chrono::Duration::seconds(1), ..draft.clone() };
    assert_eq!(circle.refuse(&earlier.sign(&key("alice")).unwrap()), RuleError::TimeGoesBackwards);
    // The same second as the head is fine.
    let same = Entry { recorded_at: head, ..draft };
    circle.accept(same.sign(&key("alice")).unwrap()).unwrap();
}

#[test]
fn bad_signature_is_refused() {
    let mut circle = Fixture::new();
    let signed = circle.draft("alice", funds("10"));
    let mut bytes = signed.bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    let tampered = SignedEntry::from_bytes(bytes).unwrap();
    assert_eq!(circle.refuse(&tampered), RuleError::BadSignature);
    // The message tampered instead of the signature: refused the same way.
    let mut bytes = signed.bytes().to_vec();
    let source = bytes.windows(5).position(|w| w == b"R\xc3\xa9gi").unwrap();
    bytes[source] = b'r';
    let tampered = SignedEntry::from_bytes(bytes).unwrap();
    assert_eq!(circle.refuse(&tampered), RuleError::BadSignature);
    circle.accept(signed).unwrap();
}

#[test]
fn an_entry_is_signed_by_its_author_only() {
    let circle = Fixture::new();
    let draft = circle.ledger.draft(public("alice"), at(60), funds("10"));
    assert_eq!(draft.sign(&key("bob")), Err(FormatError::AuthorIsNotSigner));
}

#[test]
fn weak_or_invalid_keys_are_refused() {
    let mut circle = Fixture::new();
    let identity = PublicKey({
        let mut bytes = [0u8; 32];
        bytes[0] = 1;
        bytes
    });
    let not_a_point = PublicKey({
        let mut bytes = [0u8; 32];
        bytes[0] = 2;
        bytes
    });
    for key in [identity, not_a_point] {
        let body = Body::MemberAdd { name: name("bob"), key, role: Role::Contributor };
        assert_eq!(circle.refused("alice", body), RuleError::WeakKey);
    }
    // A genesis naming a weak support key.
    let mut empty = Fixture::empty();
    let Body::Genesis(mut weak) = genesis(Governance::default()) else { unreachable!() };
    weak.support_key = Some(identity);
    assert_eq!(empty.refused("alice", Body::Genesis(weak)), RuleError::WeakKey);
}

#[test]
fn unknown_author_is_refused() {
    let mut circle = Fixture::with_members();
    assert_eq!(circle.refused("outsider", funds("10")), RuleError::UnknownAuthor);
    // A member who left no longer signs for the circle.
    circle.ok("alice", Body::MemberLeave { name: name("carol") });
    let body = Body::ProposeAction { title: text(TextField::Title, "Atelier"), envelope: eur("10") };
    assert_eq!(circle.refused("carol", body.clone()), RuleError::UnknownAuthor);
    // The support team is not a member: it does not propose.
    assert_eq!(circle.refused("support", body), RuleError::UnknownAuthor);
}

#[test]
fn only_the_support_team_signs_a_checkpoint() {
    let mut circle = Fixture::with_members();
    assert_eq!(circle.refused("alice", Body::Checkpoint), RuleError::NotSupport("sign a checkpoint"));
    assert_eq!(circle.refused("bob", Body::Checkpoint), RuleError::NotSupport("sign a checkpoint"));
    let head = circle.ledger.head().unwrap();
    circle.ok("support", Body::Checkpoint);
    assert_eq!(circle.ledger.checkpoints(), &[head]);
}

/// `Ledger::check_checkpoint_signer` is the entry's rule, for a checkpoint signed outside the
/// ledger (an export's note): the support team's key only.
#[test]
fn who_may_sign_a_checkpoint_is_the_entry_rule() {
    let mut circle = Fixture::with_members();
    assert_eq!(circle.ledger.check_checkpoint_signer(&public("support")), Ok(()));
    for who in ["alice", "bob", "carol"] {
        let refused = circle.ledger.check_checkpoint_signer(&public(who));
        assert_eq!(refused, Err(RuleError::NotSupport("sign a checkpoint")), "{who}");
        assert_eq!(refused, Err(circle.refused(who, Body::Checkpoint)), "{who}");
    }
    assert_eq!(
        circle.ledger.check_checkpoint_signer(&public("outsider")),
        Err(RuleError::NotSupport("sign a checkpoint"))
    );
    assert_eq!(Ledger::new().check_checkpoint_signer(&public("support")), Err(RuleError::NotGenesis));
    let mut without_support = Fixture::empty();
    let Body::Genesis(mut g) = genesis(Governance::default()) else { unreachable!() };
    g.support_key = None;
    without_support.ok("alice", Body::Genesis(g));
    assert_eq!(
        without_support.ledger.check_checkpoint_signer(&public("alice")),
        Err(RuleError::NotSupport("sign a checkpoint"))
    );
}

// Circle and members.

#[test]
fn only_a_soucieux_manages_members_and_status() {
    let mut circle = Fixture::with_members();
    let add = Body::MemberAdd { name: name("dave"), key: public("dave"), role: Role::Soucieux };
    let role = Body::MemberRole { name: name("carol"), role: Role::Contributor };
    let leave = Body::MemberLeave { name: name("carol") };
    let status = Body::CircleStatus { status: CircleStatus::Active };
    for who in ["bob", "carol", "support"] {
        for body in [add.clone(), role.clone(), leave.clone(), status.clone()] {
            assert!(matches!(circle.refused(who, body), RuleError::NotSoucieux(_)), "{who}");
        }
    }
    for body in [add, role, leave, status] {
        circle.ok("alice", body);
    }
    // A soucieux added by a soucieux manages members too.
    circle.ok("dave", Body::MemberRole { name: name("bob"), role: Role::Participant });
}

#[test]
fn member_names_are_unique_whatever_their_case() {
    let mut circle = Fixture::with_members();
    let body = Body::MemberAdd { name: name("BOB"), key: public("dave"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", body), RuleError::NameTaken(name("bob")));
    // A former member's name stays taken.
    circle.ok("alice", Body::MemberLeave { name: name("carol") });
    let body = Body::MemberAdd { name: name("Carol"), key: public("dave"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", body), RuleError::NameTaken(name("carol")));
    circle.ok("alice", Body::MemberAdd { name: name("Dave"), key: public("dave"), role: Role::Contributor });
    assert_eq!(circle.ledger.member(&name("DAVE")).unwrap().name.as_str(), "Dave");
}

#[test]
fn member_names_that_look_alike_are_refused() {
    let mut circle = Fixture::with_members();
    let key =
        |seed: u8| PublicKey(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]).verifying_key().to_bytes());
    let add =
        |who: &str, seed: u8| Body::MemberAdd { name: name(who), key: key(seed), role: Role::Contributor };
    for ((existing, lookalike), seed) in [
        ("marie", "rnarie"),
        ("Camille", "carnille"),
        ("paul", "pau1"),
        ("Ilya", "llya"),
        ("fanny", "ſanny"),
        ("Chloé", "Ch1oé"),
    ]
    .into_iter()
    .zip(100..)
    {
        circle.ok("alice", add(existing, seed));
        let refused = circle.refused("alice", add(lookalike, 99));
        assert_eq!(refused, RuleError::NameConfusable { name: name(lookalike), existing: name(existing) });
        assert_eq!(refused.rule(), "member-name-confusable");
        assert!(refused.to_string().contains(&format!("{lookalike} looks like {existing}")), "{refused}");
        circle.ok("alice", Body::MemberLeave { name: name(existing) });
    }
    // A former member's name keeps its look-alikes out: each above has left.
    let refused = circle.refused("alice", add("rnarie", 99));
    assert_eq!(refused, RuleError::NameConfusable { name: name("rnarie"), existing: name("marie") });
    // Names that read differently are fine: an accent, another letter, another digit.
    for (different, seed) in ["marié", "mario", "paul2", "amélie", "amelie"].into_iter().zip(120..) {
        circle.ok("alice", add(different, seed));
    }
}

#[test]
fn a_key_belongs_to_one_member() {
    let mut circle = Fixture::with_members();
    let body = Body::MemberAdd { name: name("dave"), key: public("bob"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", body), RuleError::KeyTaken("bob".into()));
    let body = Body::MemberAdd { name: name("dave"), key: public("support"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", body), RuleError::KeyTaken("the support team".into()));
    // At genesis, the support team's key may not be the founder's.
    let mut empty = Fixture::empty();
    let Body::Genesis(mut same) = genesis(Governance::default()) else { unreachable!() };
    same.support_key = Some(public("alice"));
    assert_eq!(empty.refused("alice", Body::Genesis(same)), RuleError::KeyTaken("alice".into()));
}

#[test]
fn a_circle_has_at_most_members_max_members() {
    let mut circle = Fixture::new();
    for number in 1..MEMBERS_MAX {
        let seed = 10_000 + number as u64;
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_be_bytes());
        let key = PublicKey(ed25519_dalek::SigningKey::from_bytes(&bytes).verifying_key().to_bytes());
        let body = Body::MemberAdd { name: name(&format!("m{number}")), key, role: Role::Participant };
        let signed = circle.draft("alice", body);
        circle.ledger.append(&signed).unwrap();
        circle.entries.push(signed);
    }
    assert_eq!(circle.ledger.members().count(), MEMBERS_MAX);
    let body = Body::MemberAdd { name: name("bob"), key: public("bob"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", body), RuleError::TooManyMembers(MEMBERS_MAX));
}

#[test]
fn only_members_of_the_circle_change_role_or_leave() {
    let mut circle = Fixture::with_members();
    let role = Body::MemberRole { name: name("zoe"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", role), RuleError::NoSuchMember(name("zoe")));
    let leave = Body::MemberLeave { name: name("zoe") };
    assert_eq!(circle.refused("alice", leave), RuleError::NoSuchMember(name("zoe")));
    circle.ok("alice", Body::MemberLeave { name: name("Carol") });
    assert!(!circle.ledger.member(&name("carol")).unwrap().active);
    let role = Body::MemberRole { name: name("carol"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", role), RuleError::MemberLeft(name("carol")));
    let leave = Body::MemberLeave { name: name("carol") };
    assert_eq!(circle.refused("alice", leave), RuleError::MemberLeft(name("carol")));
}

#[test]
fn a_role_change_changes_the_role() {
    let mut circle = Fixture::with_members();
    let same = Body::MemberRole { name: name("bob"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", same), RuleError::SameRole(name("bob"), Role::Contributor));
    circle.ok("alice", Body::MemberRole { name: name("bob"), role: Role::Soucieux });
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().role, Role::Soucieux);
}

#[test]
fn last_soucieux_cannot_leave() {
    let mut circle = Fixture::with_members();
    let leave = Body::MemberLeave { name: name("alice") };
    assert_eq!(circle.refused("alice", leave.clone()), RuleError::LastSoucieux(name("alice")));
    circle.add("dave", Role::Soucieux);
    circle.ok("alice", leave);
    // Now dave is the last one.
    let leave = Body::MemberLeave { name: name("dave") };
    assert_eq!(circle.refused("dave", leave), RuleError::LastSoucieux(name("dave")));
}

#[test]
fn last_soucieux_cannot_lose_the_role() {
    let mut circle = Fixture::with_members();
    let demote = Body::MemberRole { name: name("alice"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", demote.clone()), RuleError::LastSoucieux(name("alice")));
    circle.ok("alice", Body::MemberRole { name: name("bob"), role: Role::Soucieux });
    circle.ok("alice", demote);
    let demote = Body::MemberRole { name: name("bob"), role: Role::Participant };
    assert_eq!(circle.refused("bob", demote), RuleError::LastSoucieux(name("bob")));
}

#[test]
fn status_goes_from_emerging_to_active_and_back() {
    let mut circle = Fixture::with_members();
    let emerging = Body::CircleStatus { status: CircleStatus::Emerging };
    assert_eq!(circle.refused("alice", emerging.clone()), RuleError::SameStatus(CircleStatus::Emerging));
    circle.ok("alice", Body::CircleStatus { status: CircleStatus::Active });
    assert_eq!(circle.ledger.circle().unwrap().status, CircleStatus::Active);
    circle.ok("alice", emerging);
    assert_eq!(circle.ledger.circle().unwrap().status, CircleStatus::Emerging);
}

// Funds.

#[test]
fn funds_are_recorded_by_a_soucieux_or_the_support_team() {
    let mut circle = Fixture::with_members();
    for who in ["bob", "carol"] {
        assert!(matches!(circle.refused(who, funds("10")), RuleError::NotSoucieuxOrSupport(_)));
    }
    circle.ok("alice", funds("1 000,50"));
    circle.ok("support", funds("99.5"));
    circle.fund("5000");
    assert_eq!(circle.books(), ("6100.00".into(), "0.00".into(), "0.00".into(), "6100.00".into()));
    assert_eq!(circle.ledger.funders()["Région"], eur("1100"));
    assert_eq!(circle.ledger.funders()["FEDER"], eur("5000"));
    assert_eq!(circle.ledger.months()["2024-05"].received, eur("6100"));
}

#[test]
fn amounts_are_strictly_positive_and_at_most_a_billion() {
    let mut circle = Fixture::new();
    for amount in [Euros::ZERO, Euros::from_cents(AMOUNT_MAX_CENTS + 1)] {
        let body = Body::FundReceived {
            amount,
            source: text(TextField::Source, "FEDER"),
            reference: text(TextField::Reference, "X"),
        };
        let before = circle.ledger.clone();
        let refused = circle.ledger.sign_and_append(&key("alice"), at(600), body);
        assert!(matches!(refused, Err(AppendError::Format(FormatError::BadValue { .. }))), "{refused:?}");
        assert_eq!(circle.ledger, before);
    }
    circle.ok("alice", funds("1000000000"));
}

// Proposals.

#[test]
fn any_member_may_propose_an_action() {
    let mut circle = Fixture::with_members();
    for who in ["alice", "bob", "carol"] {
        let id = circle.propose_action(who, "Atelier", "300");
        let proposal = circle.ledger.proposal(id).unwrap();
        assert_eq!((proposal.author.as_str(), proposal.status), (who, ProposalStatus::Pending));
    }
}

#[test]
fn spend_lines_go_on_adopted_actions_only() {
    let mut circle = Fixture::with_members();
    circle.propose_action("bob", "Forum", "2000");
    let body = spend(ActionId(1), "100", to_supplier("Traiteur du Port"));
    assert_eq!(circle.refused("bob", body), RuleError::NoSuchAction(ActionId(1)));
    let action = circle.adopted_action("2000");
    assert_eq!(action, ActionId(1));
    circle.propose_spend("carol", action, "100", to_supplier("Traiteur du Port"));
}

#[test]
fn spend_line_beyond_the_whole_envelope_is_refused() {
    let mut circle = Fixture::with_members();
    let action = circle.adopted_action("2000");
    let body = spend(action, "2000.01", to_supplier("Traiteur"));
    let error = circle.refused("bob", body);
    assert_eq!(error, RuleError::SpendOverEnvelope { action, amount: eur("2000.01"), envelope: eur("2000") });
    circle.propose_spend("bob", action, "2000", to_supplier("Traiteur"));
}

#[test]
fn retribution_pays_a_current_member() {
    let mut circle = Fixture::with_members();
    let action = circle.adopted_action("2000");
    assert_eq!(
        circle.refused("bob", spend(action, "10", to_member("zoe"))),
        RuleError::PayeeNotMember(name("zoe"))
    );
    circle.ok("alice", Body::MemberLeave { name: name("carol") });
    let error = circle.refused("bob", spend(action, "10", to_member("carol")));
    assert_eq!(error, RuleError::PayeeNotMember(name("carol")));
    // The payee's name is recorded as the member wrote it.
    let id = circle.propose_spend("alice", action, "10", to_member("BOB"));
    assert_eq!(circle.ledger.proposal(id).unwrap().spend_line().unwrap().payee, to_member("bob"));
}

#[test]
fn unknown_proposals_are_refused() {
    let mut circle = Fixture::with_members();
    let missing = ProposalId(9);
    assert_eq!(
        circle.refused("bob", Body::Withdraw { proposal: missing }),
        RuleError::NoSuchProposal(missing)
    );
    let open = Body::MeetingOpen { date: meeting_date(), agenda: vec![missing] };
    assert_eq!(circle.refused("alice", open), RuleError::NoSuchProposal(missing));
    assert_eq!(circle.refused("alice", payout(missing, "1")), RuleError::NoSuchProposal(missing));
    assert_eq!(
        circle.refused("alice", Body::SpendClose { proposal: missing }),
        RuleError::NoSuchProposal(missing)
    );
}

#[test]
fn withdraw_only_by_author_while_pending() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let withdraw = Body::Withdraw { proposal };
    assert_eq!(circle.refused("alice", withdraw.clone()), RuleError::NotProposalAuthor(proposal));
    assert_eq!(circle.refused("carol", withdraw.clone()), RuleError::NotProposalAuthor(proposal));
    circle.ok("bob", withdraw.clone());
    assert_eq!(circle.status(proposal), ProposalStatus::Withdrawn);
    let error = circle.refused("bob", withdraw.clone());
    assert_eq!(error, RuleError::NotPending(proposal, ProposalStatus::Withdrawn));
    // A withdrawn proposal goes on no agenda.
    let open = Body::MeetingOpen { date: meeting_date(), agenda: vec![proposal] };
    assert_eq!(circle.refused("alice", open), RuleError::NotPending(proposal, ProposalStatus::Withdrawn));
    // An adopted one cannot be withdrawn either.
    let adopted = circle.propose_action("bob", "Atelier", "100");
    circle.decide(&[adopted]);
    let error = circle.refused("bob", Body::Withdraw { proposal: adopted });
    assert_eq!(error, RuleError::NotPending(adopted, ProposalStatus::Adopted));
}

#[test]
fn a_proposal_on_an_open_agenda_is_locked() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    let error = circle.refused("bob", Body::Withdraw { proposal });
    assert_eq!(error, RuleError::OnOpenAgenda(proposal, meeting));
    // On the agenda of at most one open meeting at a time.
    let open = Body::MeetingOpen { date: meeting_date(), agenda: vec![proposal] };
    assert_eq!(circle.refused("alice", open.clone()), RuleError::OnOpenAgenda(proposal, meeting));
    // A no-quorum close frees it for the next meeting.
    let outcomes = circle.close(meeting);
    assert_eq!(outcomes[0].outcome, Outcome::NoQuorum);
    circle.ok("alice", open);
}

// Regulation meetings.

#[test]
fn only_a_soucieux_opens_and_closes_meetings() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let open = Body::MeetingOpen { date: meeting_date(), agenda: vec![proposal] };
    for who in ["bob", "carol", "support"] {
        assert!(matches!(circle.refused(who, open.clone()), RuleError::NotSoucieux(_)), "{who}");
    }
    let meeting = circle.open(&[proposal]);
    let outcomes = circle.ledger.preview_close(meeting).unwrap();
    let close = Body::MeetingClose { meeting, outcomes };
    for who in ["bob", "carol", "support"] {
        assert!(matches!(circle.refused(who, close.clone()), RuleError::NotSoucieux(_)), "{who}");
    }
    circle.ok("alice", close);
}

#[test]
fn an_agenda_holds_pending_proposals_once_each() {
    let mut circle = Fixture::with_members();
    let empty = Body::MeetingOpen { date: meeting_date(), agenda: vec![] };
    assert_eq!(circle.refused("alice", empty), RuleError::EmptyAgenda);
    let proposal = circle.propose_action("bob", "Forum", "100");
    let twice = Body::MeetingOpen { date: meeting_date(), agenda: vec![proposal, proposal] };
    assert_eq!(circle.refused("alice", twice), RuleError::DuplicateOnAgenda(proposal));
}

#[test]
fn a_meeting_is_not_dated_before_the_circle_was_founded() {
    // The genesis was recorded on 2024-05-06 (UTC): a meeting may be held that day, not before.
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let open = |date| Body::MeetingOpen { date, agenda: vec![proposal] };
    let error = circle.refused("alice", open(date(2024, 5, 5)));
    assert_eq!(error, RuleError::MeetingBeforeCircle { date: date(2024, 5, 5), founded: date(2024, 5, 6) });
    assert_eq!(error.rule(), "meeting-before-circle");
    assert_eq!(
        error.to_string(),
        "the meeting is dated 2024-05-05, before the circle was founded on 2024-05-06"
    );
    circle.ok("alice", open(date(2024, 5, 6)));
}

#[test]
fn a_meeting_is_not_dated_more_than_366_days_ahead() {
    // Opened on 2024-05-06 at 23:59:59 UTC: it may be dated up to 366 days after that day.
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let open = |date| Body::MeetingOpen { date, agenda: vec![proposal] };
    circle.next_at(chrono::DateTime::from_timestamp(1_715_039_999, 0).unwrap());
    let error = circle.refused("alice", open(date(2025, 5, 8)));
    assert_eq!(error, RuleError::MeetingTooFarAhead { date: date(2025, 5, 8), recorded: date(2024, 5, 6) });
    assert_eq!(error.rule(), "meeting-too-far-ahead");
    assert_eq!(
        error.to_string(),
        "the meeting is dated 2025-05-08, more than 366 days after the day it is opened (2024-05-06)"
    );
    circle.next_at(chrono::DateTime::from_timestamp(1_715_039_999, 0).unwrap());
    circle.ok("alice", open(date(2025, 5, 7)));
}

#[test]
fn agenda_too_long_cannot_be_signed_nor_read() {
    let mut circle = Fixture::with_members();
    let agenda: Vec<ProposalId> = (1..=AGENDA_LENGTH_MAX as u32 + 1).map(ProposalId).collect();
    let before = circle.ledger.clone();
    let body = Body::MeetingOpen { date: meeting_date(), agenda };
    let refused = circle.ledger.sign_and_append(&key("alice"), at(600), body);
    assert!(matches!(refused, Err(AppendError::Format(FormatError::BadValue { .. }))), "{refused:?}");
    assert_eq!(circle.ledger, before);
}

#[test]
fn agenda_of_the_longest_length_is_accepted() {
    let mut circle = Fixture::with_members();
    let agenda: Vec<ProposalId> =
        (0..AGENDA_LENGTH_MAX).map(|_| circle.propose_action("carol", "Atelier", "1")).collect();
    let meeting = circle.open(&agenda);
    assert_eq!(circle.ledger.meeting(meeting).unwrap().agenda.len(), AGENDA_LENGTH_MAX);
}

#[test]
fn unknown_or_closed_meetings_are_refused() {
    let mut circle = Fixture::with_members();
    let missing = MeetingId(4);
    assert_eq!(circle.refused("bob", Body::Attend { meeting: missing }), RuleError::NoSuchMeeting(missing));
    let vote = Body::Vote { meeting: missing, proposal: ProposalId(1), choice: Choice::For };
    assert_eq!(circle.refused("bob", vote), RuleError::NoSuchMeeting(missing));
    let close = Body::MeetingClose { meeting: missing, outcomes: vec![] };
    assert_eq!(circle.refused("alice", close), RuleError::NoSuchMeeting(missing));
    assert_eq!(circle.ledger.preview_close(missing), Err(RuleError::NoSuchMeeting(missing)));

    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    circle.attend("bob", meeting);
    let outcomes = circle.close(meeting);
    let closed = RuleError::MeetingClosed(meeting);
    assert_eq!(circle.refused("carol", Body::Attend { meeting }), closed);
    let vote = Body::Vote { meeting, proposal, choice: Choice::For };
    assert_eq!(circle.refused("bob", vote), closed);
    assert_eq!(circle.refused("alice", Body::MeetingClose { meeting, outcomes }), closed);
    assert_eq!(circle.ledger.preview_close(meeting), Err(closed));
}

#[test]
fn voting_members_are_the_members_when_the_meeting_opens() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    circle.add("dave", Role::Soucieux);
    let error = circle.refused("dave", Body::Attend { meeting });
    assert_eq!(error, RuleError::NotVotingMember(name("dave"), meeting));
    // Whatever their role: carol the participant attends and votes.
    circle.attend("carol", meeting);
    circle.vote("carol", meeting, proposal, Choice::For);
    circle.attend("bob", meeting);
    let outcomes = circle.close(meeting);
    // 2 present of 3 voting members (dave came later): quorum 1/2 is met; 1 for, 0 against.
    assert_eq!(circle.ledger.meeting(meeting).unwrap().voting_count, 3);
    assert_eq!(outcomes[0].outcome, Outcome::Adopted);
    assert_eq!(outcomes[0].tally, Tally { for_: 1, against: 0, abstain: 0 });
}

#[test]
fn attendance_is_recorded_once() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    circle.attend("bob", meeting);
    assert!(circle.ledger.meeting(meeting).unwrap().is_present(&name("bob")));
    let error = circle.refused("bob", Body::Attend { meeting });
    assert_eq!(error, RuleError::AlreadyPresent(name("bob"), meeting));
    // The support team is not a member and does not attend.
    assert_eq!(circle.refused("support", Body::Attend { meeting }), RuleError::UnknownAuthor);
}

#[test]
fn vote_requires_attendance() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    let vote = Body::Vote { meeting, proposal, choice: Choice::For };
    assert_eq!(circle.refused("bob", vote.clone()), RuleError::VoterNotPresent(name("bob"), meeting));
    circle.attend("bob", meeting);
    circle.ok("bob", vote);
    assert_eq!(circle.ledger.meeting(meeting).unwrap().tally(proposal).for_, 1);
}

#[test]
fn votes_go_only_to_the_agenda() {
    let mut circle = Fixture::with_members();
    let on = circle.propose_action("bob", "Forum", "100");
    let off = circle.propose_action("bob", "Atelier", "100");
    let meeting = circle.open(&[on]);
    circle.attend("bob", meeting);
    let vote = Body::Vote { meeting, proposal: off, choice: Choice::For };
    assert_eq!(circle.refused("bob", vote), RuleError::NotOnAgenda(off, meeting));
}

#[test]
fn one_vote_per_member_per_proposal() {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    circle.attend("bob", meeting);
    circle.vote("bob", meeting, proposal, Choice::Against);
    for choice in [Choice::For, Choice::Against, Choice::Abstain] {
        let vote = Body::Vote { meeting, proposal, choice };
        assert_eq!(circle.refused("bob", vote), RuleError::AlreadyVoted(name("bob"), proposal));
    }
}

#[test]
fn recusal_refuses_vote_on_own_retribution() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.propose_spend("alice", action, "300", to_member("bob"));
    let meeting = circle.open(&[line]);
    circle.attend("bob", meeting);
    let vote = Body::Vote { meeting, proposal: line, choice: Choice::For };
    assert_eq!(circle.refused("bob", vote), RuleError::RecusedVoter(name("bob"), line));
    // Others vote on it.
    circle.attend("alice", meeting);
    circle.vote("alice", meeting, line, Choice::For);
}

#[test]
fn without_recusal_a_member_votes_on_own_retribution() {
    let mut circle = Fixture::with_governance(governance((1, 2), Threshold::Majority, false));
    circle.add("bob", Role::Contributor);
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.propose_spend("alice", action, "300", to_member("bob"));
    let meeting = circle.open(&[line]);
    circle.attend("bob", meeting);
    circle.vote("bob", meeting, line, Choice::For);
    assert_eq!(circle.close(meeting)[0].outcome, Outcome::Adopted);
}

#[test]
fn no_quorum_keeps_proposal_pending() {
    let mut circle = Fixture::with_members();
    circle.add("dave", Role::Contributor);
    circle.add("erin", Role::Contributor);
    let proposal = circle.propose_action("bob", "Forum", "100");
    let meeting = circle.open(&[proposal]);
    // 2 present of 5: below 1/2.
    for who in ["alice", "bob"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, proposal, Choice::For);
    }
    let outcomes = circle.close(meeting);
    assert_eq!(outcomes[0].outcome, Outcome::NoQuorum);
    assert_eq!(outcomes[0].tally.for_, 2);
    assert_eq!(circle.status(proposal), ProposalStatus::Pending);
    assert!(circle.ledger.actions().is_empty());
    // The next meeting, with quorum (3 of 5), decides it.
    let meeting = circle.open(&[proposal]);
    for who in ["alice", "bob", "carol"] {
        circle.attend(who, meeting);
    }
    circle.vote("carol", meeting, proposal, Choice::For);
    assert_eq!(circle.close(meeting)[0].outcome, Outcome::Adopted);
    assert_eq!(circle.status(proposal), ProposalStatus::Adopted);
}

#[test]
fn quorum_is_a_share_of_voting_members() {
    // 2 of 3 present: meets 2/3, not 3/4.
    for (quorum, expected) in [((2, 3), Outcome::Adopted), ((3, 4), Outcome::NoQuorum)] {
        let mut circle = Fixture::with_governance(governance(quorum, Threshold::Majority, true));
        circle.add("bob", Role::Contributor);
        circle.add("carol", Role::Participant);
        let proposal = circle.propose_action("bob", "Forum", "100");
        let meeting = circle.open(&[proposal]);
        for who in ["alice", "bob"] {
            circle.attend(who, meeting);
            circle.vote(who, meeting, proposal, Choice::For);
        }
        assert_eq!(circle.close(meeting)[0].outcome, expected, "{quorum:?}");
    }
}

#[test]
fn majority_threshold() {
    use Choice::*;
    let rejected = Outcome::Rejected(RejectReason::Vote);
    assert_eq!(vote_on_action(Threshold::Majority, &[For, For, Against]), Outcome::Adopted);
    assert_eq!(vote_on_action(Threshold::Majority, &[For, Abstain, Abstain]), Outcome::Adopted);
    assert_eq!(vote_on_action(Threshold::Majority, &[For, Against]), rejected);
    assert_eq!(vote_on_action(Threshold::Majority, &[Abstain, Abstain]), rejected);
}

#[test]
fn two_thirds_threshold() {
    use Choice::*;
    let rejected = Outcome::Rejected(RejectReason::Vote);
    assert_eq!(vote_on_action(Threshold::TwoThirds, &[For, For, Against]), Outcome::Adopted);
    assert_eq!(
        vote_on_action(Threshold::TwoThirds, &[For, For, Against, Abstain, Abstain]),
        Outcome::Adopted
    );
    assert_eq!(vote_on_action(Threshold::TwoThirds, &[For, For, For, Against, Against]), rejected);
    assert_eq!(vote_on_action(Threshold::TwoThirds, &[For, Against]), rejected);
    assert_eq!(vote_on_action(Threshold::TwoThirds, &[Abstain, Abstain]), rejected);
}

#[test]
fn consent_threshold() {
    use Choice::*;
    let rejected = Outcome::Rejected(RejectReason::Vote);
    assert_eq!(vote_on_action(Threshold::Consent, &[For, Abstain, Abstain]), Outcome::Adopted);
    assert_eq!(vote_on_action(Threshold::Consent, &[For, For, For, For, Against]), rejected);
    assert_eq!(vote_on_action(Threshold::Consent, &[Abstain, Abstain]), rejected);
}

#[test]
fn adopted_actions_join_the_programme_in_agenda_order() {
    let mut circle = Fixture::with_members();
    let first = circle.propose_action("bob", "Forum", "100");
    let second = circle.propose_action("carol", "Atelier", "200");
    let rejected = circle.propose_action("carol", "Voyage", "900");
    let meeting = circle.open(&[second, rejected, first]);
    for who in ["alice", "bob", "carol"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, first, Choice::For);
        circle.vote(who, meeting, second, Choice::For);
        circle.vote(who, meeting, rejected, Choice::Against);
    }
    let outcomes = circle.close(meeting);
    let proposals: Vec<ProposalId> = outcomes.iter().map(|o| o.proposal).collect();
    assert_eq!(proposals, [second, rejected, first]);
    let programme: Vec<(String, String)> =
        circle.ledger.actions().iter().map(|a| (a.id.to_string(), a.title.to_string())).collect();
    assert_eq!(programme, [("A1".to_string(), "Atelier".to_string()), ("A2".into(), "Forum".into())]);
    assert_eq!(circle.status(rejected), ProposalStatus::Rejected);
    let decided = circle.ledger.proposal(first).unwrap();
    assert_eq!((decided.decided_in, decided.decided_on), (Some(meeting), Some(meeting_date())));
}

#[test]
fn adopted_spend_line_commits_its_amount() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("800");
    circle.adopted_line(action, "300", to_supplier("Traiteur"));
    assert_eq!(circle.books(), ("1000.00".into(), "0.00".into(), "300.00".into(), "700.00".into()));
    assert_eq!(circle.ledger.action(action).unwrap().committed, eur("300"));
}

#[test]
fn over_envelope_rejected_at_close() {
    let mut circle = Fixture::with_members();
    circle.fund("10000");
    let action = circle.adopted_action("500");
    circle.adopted_line(action, "400", to_supplier("Traiteur"));
    // Within the envelope on its own, so it may be proposed; beyond it with the first line.
    let line = circle.propose_spend("bob", action, "100.01", to_supplier("Salle"));
    let outcomes = circle.decide(&[line]);
    assert_eq!(outcomes[0].outcome, Outcome::Rejected(RejectReason::OverEnvelope));
    assert_eq!(circle.status(line), ProposalStatus::Rejected);
    assert_eq!(circle.ledger.action(action).unwrap().used(), eur("400"));
    // Up to the envelope is fine; paid amounts count against it too.
    let line = circle.propose_spend("bob", action, "100", to_supplier("Salle"));
    assert_eq!(circle.decide(&[line])[0].outcome, Outcome::Adopted);
    circle.ok("alice", payout(line, "100"));
    let line = circle.propose_spend("bob", action, "0.01", to_supplier("Salle"));
    assert_eq!(circle.decide(&[line])[0].outcome, Outcome::Rejected(RejectReason::OverEnvelope));
}

#[test]
fn insufficient_funds_rejected_at_close() {
    let mut circle = Fixture::with_members();
    circle.fund("300");
    let action = circle.adopted_action("1000");
    let line = circle.propose_spend("bob", action, "300.01", to_supplier("Traiteur"));
    let outcomes = circle.decide(&[line]);
    assert_eq!(outcomes[0].outcome, Outcome::Rejected(RejectReason::InsufficientFunds));
    assert_eq!(circle.status(line), ProposalStatus::Rejected);
    assert_eq!(circle.books().2, "0.00");
    // Exactly what is available is fine.
    let line = circle.propose_spend("bob", action, "300", to_supplier("Traiteur"));
    assert_eq!(circle.decide(&[line])[0].outcome, Outcome::Adopted);
    assert_eq!(circle.books().3, "0.00");
}

#[test]
fn adoptions_in_agenda_order_share_funds() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("5000");
    let first = circle.propose_spend("bob", action, "600", to_supplier("Imprimerie"));
    let second = circle.propose_spend("bob", action, "500", to_supplier("Traiteur"));
    let third = circle.propose_spend("bob", action, "400", to_supplier("Salle"));
    let outcomes = circle.decide(&[first, second, third]);
    let got: Vec<Outcome> = outcomes.iter().map(|o| o.outcome).collect();
    let short = Outcome::Rejected(RejectReason::InsufficientFunds);
    assert_eq!(got, [Outcome::Adopted, short, Outcome::Adopted]);
    assert_eq!(circle.books(), ("1000.00".into(), "0.00".into(), "1000.00".into(), "0.00".into()));
}

#[test]
fn adoptions_in_agenda_order_share_the_envelope() {
    let mut circle = Fixture::with_members();
    circle.fund("10000");
    let action = circle.adopted_action("1000");
    let first = circle.propose_spend("bob", action, "700", to_supplier("Imprimerie"));
    let second = circle.propose_spend("bob", action, "400", to_supplier("Traiteur"));
    let third = circle.propose_spend("bob", action, "300", to_supplier("Salle"));
    let outcomes = circle.decide(&[first, second, third]);
    let got: Vec<Outcome> = outcomes.iter().map(|o| o.outcome).collect();
    let over = Outcome::Rejected(RejectReason::OverEnvelope);
    assert_eq!(got, [Outcome::Adopted, over, Outcome::Adopted]);
    assert_eq!(circle.ledger.action(action).unwrap().used(), eur("1000"));
}

#[test]
fn meeting_close_with_wrong_outcomes_is_refused() {
    let mut circle = Fixture::with_members();
    circle.fund("100");
    let action = circle.adopted_action("1000");
    let line = circle.propose_spend("bob", action, "200", to_supplier("Traiteur"));
    let other = circle.propose_action("carol", "Atelier", "50");
    let meeting = circle.open(&[line, other]);
    for who in ["alice", "bob", "carol"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, line, Choice::For);
        circle.vote(who, meeting, other, Choice::Abstain);
    }
    let computed = circle.ledger.preview_close(meeting).unwrap();
    assert_eq!(computed[0].outcome, Outcome::Rejected(RejectReason::InsufficientFunds));
    assert_eq!(computed[1].outcome, Outcome::Rejected(RejectReason::Vote));

    let with = |outcomes: Vec<ItemOutcome>| Body::MeetingClose { meeting, outcomes };
    let count = |recorded| RuleError::OutcomeCount { meeting, recorded, agenda: 2 };
    assert_eq!(circle.refused("alice", with(vec![])), count(0));
    assert_eq!(circle.refused("alice", with(computed[..1].to_vec())), count(1));
    assert_eq!(circle.refused("alice", with([computed.clone(), computed.clone()].concat())), count(4));

    let mut adopted = computed.clone();
    adopted[0].outcome = Outcome::Adopted;
    let error = circle.refused("alice", with(adopted));
    assert!(matches!(error, RuleError::OutcomeMismatch { proposal, .. } if proposal == line), "{error}");
    let mut tally = computed.clone();
    tally[1].tally.abstain = 2;
    let error = circle.refused("alice", with(tally));
    assert!(matches!(error, RuleError::OutcomeMismatch { proposal, .. } if proposal == other), "{error}");
    let mut swapped = computed.clone();
    swapped.swap(0, 1);
    assert!(matches!(circle.refused("alice", with(swapped)), RuleError::OutcomeMismatch { .. }));
    let mut reason = computed.clone();
    reason[0].outcome = Outcome::Rejected(RejectReason::OverEnvelope);
    assert!(matches!(circle.refused("alice", with(reason)), RuleError::OutcomeMismatch { .. }));

    circle.ok("alice", with(computed));
}

// Payouts and spend lines.

#[test]
fn payout_beyond_line_is_refused() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "300", to_supplier("Traiteur"));
    let error = circle.refused("alice", payout(line, "300.01"));
    assert_eq!(
        error,
        RuleError::PayoutExceedsLine { proposal: line, amount: eur("300.01"), remaining: eur("300") }
    );
    circle.ok("alice", payout(line, "100"));
    circle.ok("support", payout(line, "150"));
    let error = circle.refused("alice", payout(line, "50.01"));
    assert_eq!(
        error,
        RuleError::PayoutExceedsLine { proposal: line, amount: eur("50.01"), remaining: eur("50") }
    );
    circle.ok("alice", payout(line, "50"));
    assert_eq!(circle.books(), ("1000.00".into(), "300.00".into(), "0.00".into(), "700.00".into()));
    // A fully paid line is settled: nothing more is paid on it, nor released from it.
    assert_eq!(circle.refused("alice", payout(line, "0.01")), RuleError::LineFullyPaid(line));
    assert_eq!(circle.refused("alice", Body::SpendClose { proposal: line }), RuleError::LineFullyPaid(line));
    assert_eq!(circle.ledger.months()["2024-05"].paid, eur("300"));
    let spent = circle.ledger.action(action).unwrap();
    assert_eq!((spent.paid, spent.committed), (eur("300"), Euros::ZERO));
}

/// A spend line of 300 € to a supplier, adopted at a meeting dated `on` where everyone votes
/// for it.
fn line_adopted_on(circle: &mut Fixture, on: chrono::NaiveDate) -> ProposalId {
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.propose_spend("bob", action, "300", to_supplier("Traiteur"));
    let meeting = circle.next_meeting();
    circle.ok("alice", Body::MeetingOpen { date: on, agenda: vec![line] });
    for who in ["alice", "bob", "carol"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, line, Choice::For);
    }
    assert_eq!(circle.close(meeting)[0].outcome, Outcome::Adopted);
    line
}

fn payout_on(line: ProposalId, amount: &str, date: chrono::NaiveDate) -> Body {
    Body::Payout {
        proposal: line,
        amount: eur(amount),
        date,
        reference: text(TextField::Reference, &next_reference("VIR-0042")),
    }
}

#[test]
fn a_payout_is_not_dated_before_its_line_was_adopted() {
    // Adopted at a meeting dated 2024-05-20, paid from 2024-06-01 on.
    let mut circle = Fixture::with_members();
    let line = line_adopted_on(&mut circle, date(2024, 5, 20));
    circle.next_at(chrono::DateTime::from_timestamp(1_717_236_000, 0).unwrap());
    let error = circle.refused("alice", payout_on(line, "100", date(2024, 5, 19)));
    assert_eq!(
        error,
        RuleError::PayoutBeforeAdoption { line, date: date(2024, 5, 19), adopted: date(2024, 5, 20) }
    );
    assert_eq!(error.rule(), "payout-before-adoption");
    assert_eq!(
        error.to_string(),
        format!("the payout is dated 2024-05-19, before its line {line} was adopted on 2024-05-20")
    );
    circle.ok("alice", payout_on(line, "100", date(2024, 5, 20)));
    // The support team's payouts too.
    assert!(matches!(
        circle.refused("support", payout_on(line, "100", date(2024, 5, 1))),
        RuleError::PayoutBeforeAdoption { .. }
    ));
}

#[test]
fn a_payout_is_not_dated_after_the_day_it_is_recorded() {
    // Recorded on 2024-05-06 at 23:59:59 UTC: paid that day at the latest; a minute later, it is
    // 2024-05-07 in UTC, and a payout of that day is accepted.
    let mut circle = Fixture::with_members();
    let line = line_adopted_on(&mut circle, date(2024, 5, 6));
    circle.next_at(chrono::DateTime::from_timestamp(1_715_039_999, 0).unwrap());
    let error = circle.refused("alice", payout_on(line, "100", date(2024, 5, 7)));
    assert_eq!(error, RuleError::PayoutInFuture { date: date(2024, 5, 7), recorded: date(2024, 5, 6) });
    assert_eq!(error.rule(), "payout-in-future");
    assert_eq!(
        error.to_string(),
        "the payout is dated 2024-05-07, after the day it is recorded (2024-05-06): a payout is recorded once it is made"
    );
    circle.next_at(chrono::DateTime::from_timestamp(1_715_039_999, 0).unwrap());
    circle.ok("alice", payout_on(line, "100", date(2024, 5, 6)));
    // In an envelope, the day that counts is the day the keeper sequences it, not the day its
    // author signed it: signed at 00:00:30 on 2024-05-07, sequenced a second before midnight.
    circle.next_at(chrono::DateTime::from_timestamp(1_715_039_999, 0).unwrap());
    let early = circle.envelope("support", 91, 1, payout_on(line, "100", date(2024, 5, 7)));
    let sequenced = circle.sequenced("alice", &early);
    assert_eq!(
        circle.refuse(&sequenced),
        RuleError::PayoutInFuture { date: date(2024, 5, 7), recorded: date(2024, 5, 6) }
    );
    // Signed at 23:59:59, sequenced at midnight: accepted.
    circle.next_at(chrono::DateTime::from_timestamp(1_715_040_000, 0).unwrap());
    let late = circle.envelope("support", 59, 2, payout_on(line, "100", date(2024, 5, 7)));
    let sequenced = circle.sequenced("alice", &late);
    circle.accept(sequenced).unwrap();
}

#[test]
fn payouts_go_only_against_adopted_spend_lines() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let action_proposal = circle.ledger.action(action).unwrap().proposal;
    assert_eq!(
        circle.refused("alice", payout(action_proposal, "1")),
        RuleError::NotSpendLine(action_proposal)
    );
    let pending = circle.propose_spend("bob", action, "10", to_supplier("Traiteur"));
    let error = circle.refused("alice", payout(pending, "1"));
    assert_eq!(error, RuleError::LineNotAdopted(pending, ProposalStatus::Pending));
    let rejected = circle.propose_spend("bob", action, "20", to_supplier("Traiteur"));
    let meeting = circle.open(&[rejected]);
    for who in ["alice", "bob"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, rejected, Choice::Against);
    }
    assert_eq!(circle.close(meeting)[0].outcome, Outcome::Rejected(RejectReason::Vote));
    let error = circle.refused("alice", payout(rejected, "1"));
    assert_eq!(error, RuleError::LineNotAdopted(rejected, ProposalStatus::Rejected));
    circle.ok("bob", Body::Withdraw { proposal: pending });
    let error = circle.refused("alice", payout(pending, "1"));
    assert_eq!(error, RuleError::LineNotAdopted(pending, ProposalStatus::Withdrawn));
}

#[test]
fn only_a_soucieux_or_the_support_team_records_payouts() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "300", to_supplier("Traiteur"));
    for who in ["bob", "carol"] {
        assert!(matches!(circle.refused(who, payout(line, "1")), RuleError::NotSoucieuxOrSupport(_)));
    }
    circle.ok("alice", payout(line, "1"));
}

#[test]
fn support_team_may_record_funds_and_payouts_but_not_open_meetings() {
    let mut circle = Fixture::with_members();
    circle.ok("support", funds("1000"));
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "300", to_member("alice"));
    circle.ok("support", payout(line, "300"));
    assert_eq!(circle.ledger.member(&name("alice")).unwrap().paid, eur("300"));
    let proposal = circle.propose_action("bob", "Atelier", "10");
    let open = Body::MeetingOpen { date: meeting_date(), agenda: vec![proposal] };
    assert!(matches!(circle.refused("support", open), RuleError::NotSoucieux(_)));
    let close_line = Body::SpendClose { proposal: line };
    assert!(matches!(circle.refused("support", close_line), RuleError::NotSoucieux(_)));
    let add = Body::MemberAdd { name: name("dave"), key: public("dave"), role: Role::Contributor };
    assert!(matches!(circle.refused("support", add), RuleError::NotSoucieux(_)));
}

#[test]
fn self_payout_is_refused() {
    let mut circle = Fixture::with_members();
    circle.add("dave", Role::Soucieux);
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "300", to_member("dave"));
    assert_eq!(circle.refused("dave", payout(line, "100")), RuleError::SelfPayout);
    circle.ok("alice", payout(line, "100"));
    circle.ok("support", payout(line, "100"));
    assert_eq!(circle.ledger.member(&name("dave")).unwrap().paid, eur("200"));
}

#[test]
fn participant_cannot_be_paid() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let to_carol = circle.adopted_line(action, "100", to_member("carol"));
    let error = circle.refused("alice", payout(to_carol, "100"));
    assert_eq!(error, RuleError::PayeeNotPaidRole(name("carol"), Role::Participant));
    // The role when it is paid is what counts.
    let to_bob = circle.adopted_line(action, "100", to_member("bob"));
    circle.ok("alice", Body::MemberRole { name: name("bob"), role: Role::Participant });
    let error = circle.refused("alice", payout(to_bob, "100"));
    assert_eq!(error, RuleError::PayeeNotPaidRole(name("bob"), Role::Participant));
    circle.ok("alice", Body::MemberRole { name: name("carol"), role: Role::Contributor });
    circle.ok("alice", payout(to_carol, "100"));
}

#[test]
fn a_member_who_left_is_paid_for_what_was_adopted_before_only() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "100", to_member("bob"));
    // Proposed while bob was a member, adopted after he left: not owed.
    let pending = circle.propose_spend("carol", action, "50", to_member("bob"));
    circle.ok("alice", Body::MemberLeave { name: name("bob") });
    let meeting = circle.open(&[pending]);
    for who in ["alice", "carol"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, pending, Choice::For);
    }
    circle.close(meeting);
    assert_eq!(circle.status(pending), ProposalStatus::Adopted);
    assert_eq!(circle.refused("alice", payout(pending, "50")), RuleError::MemberLeft(name("bob")));
    // Adopted while he was a member: paid after he left.
    circle.ok("alice", payout(line, "60"));
    circle.ok("alice", payout(line, "40"));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().paid, eur("100"));
    verify_entries(circle.entries.clone()).unwrap();
}

#[test]
fn closing_a_line_releases_remainder() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let line = circle.adopted_line(action, "600", to_supplier("Traiteur"));
    circle.ok("alice", payout(line, "250"));
    assert_eq!(circle.books(), ("1000.00".into(), "250.00".into(), "350.00".into(), "400.00".into()));
    for who in ["bob", "carol"] {
        assert!(matches!(
            circle.refused(who, Body::SpendClose { proposal: line }),
            RuleError::NotSoucieux(_)
        ));
    }
    circle.ok("alice", Body::SpendClose { proposal: line });
    assert_eq!(circle.status(line), ProposalStatus::Closed);
    assert_eq!(circle.books(), ("1000.00".into(), "250.00".into(), "0.00".into(), "750.00".into()));
    let closed = circle.ledger.proposal(line).unwrap().spend_line().unwrap();
    assert_eq!((closed.paid, closed.released, closed.remaining()), (eur("250"), eur("350"), Euros::ZERO));
    // No payout on a closed line, and it closes once.
    let error = circle.refused("alice", payout(line, "1"));
    assert_eq!(error, RuleError::LineNotAdopted(line, ProposalStatus::Closed));
    let error = circle.refused("alice", Body::SpendClose { proposal: line });
    assert_eq!(error, RuleError::LineNotAdopted(line, ProposalStatus::Closed));
    // The released remainder is free again, in the books and in the envelope.
    let next = circle.adopted_line(action, "750", to_supplier("Salle"));
    assert_eq!(circle.status(next), ProposalStatus::Adopted);
    assert_eq!(circle.ledger.action(action).unwrap().used(), eur("1000"));
}

#[test]
fn only_adopted_spend_lines_close() {
    let mut circle = Fixture::with_members();
    circle.fund("1000");
    let action = circle.adopted_action("1000");
    let action_proposal = circle.ledger.action(action).unwrap().proposal;
    let close = Body::SpendClose { proposal: action_proposal };
    assert_eq!(circle.refused("alice", close), RuleError::NotSpendLine(action_proposal));
    let pending = circle.propose_spend("bob", action, "10", to_supplier("Traiteur"));
    let error = circle.refused("alice", Body::SpendClose { proposal: pending });
    assert_eq!(error, RuleError::LineNotAdopted(pending, ProposalStatus::Pending));
}

// The whole story, replayed.

#[test]
fn a_year_of_the_circle_replays_to_the_same_ledger() {
    let mut circle = Fixture::with_members();
    circle.add("dave", Role::Soucieux);
    circle.ok("support", funds("20 000"));
    circle.fund("5 000");
    let action = circle.adopted_action("8000");
    let line = circle.adopted_line(action, "3000", to_member("bob"));
    let expense = circle.adopted_line(action, "1200", to_supplier("Traiteur du Port"));
    circle.ok("dave", payout(line, "1500"));
    circle.ok("support", payout(expense, "1200"));
    circle.ok("support", Body::Checkpoint);
    circle.ok("alice", Body::SpendClose { proposal: line });
    circle.ok("alice", Body::CircleStatus { status: CircleStatus::Active });
    assert_eq!(circle.books(), ("25000.00".into(), "2700.00".into(), "0.00".into(), "22300.00".into()));
    let verified = verify_entries(circle.entries.clone()).unwrap();
    assert_eq!(verified, circle.ledger);
    let lines: Vec<String> = circle.entries.iter().map(SignedEntry::to_line).collect();
    let reread: Vec<SignedEntry> = lines.iter().map(|l| SignedEntry::from_line(l).unwrap()).collect();
    assert_eq!(verify_entries(reread).unwrap(), circle.ledger);
}

#[test]
fn an_entry_the_format_refuses_cannot_be_signed() {
    let mut circle = Fixture::with_members();
    let draft = circle.draft("bob", Body::Withdraw { proposal: ProposalId(1) }).entry().clone();
    let zero_id = Entry { body: Body::Withdraw { proposal: ProposalId(0) }, ..draft.clone() };
    assert!(matches!(zero_id.sign(&key("bob")), Err(FormatError::BadValue { .. })));
    let subsecond = Entry { recorded_at: draft.recorded_at + chrono::Duration::milliseconds(500), ..draft };
    assert!(matches!(subsecond.sign(&key("bob")), Err(FormatError::BadValue { field: "recorded at", .. })));
}
