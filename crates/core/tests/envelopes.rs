//! Envelopes: acts signed by members on their own machines and sequenced by the keeper. Each
//! refusal is checked on append and on verification ([`Fixture::refuse`]).

mod fixture;

use cercle_core::*;
use fixture::*;

/// A circle with alice (soucieux, the keeper), bob and carol, and a meeting open on one
/// proposal where bob and carol are members.
fn meeting() -> (Fixture, MeetingId, ProposalId) {
    let mut circle = Fixture::with_members();
    let proposal = circle.propose_action("bob", "Forum", "2000");
    let meeting = circle.open(&[proposal]);
    (circle, meeting, proposal)
}

#[test]
fn a_vote_signed_elsewhere_counts_as_its_authors() {
    let (mut circle, meeting, proposal) = meeting();
    for (nonce, who) in [(1, "bob"), (2, "carol")] {
        let attend = circle.envelope(who, -30, nonce, Body::Attend { meeting });
        let entry = circle.sequenced("alice", &attend);
        circle.accept(entry).unwrap();
    }
    let vote = circle.envelope("carol", -10, 3, Body::Vote { meeting, proposal, choice: Choice::Against });
    let entry = circle.sequenced("alice", &vote);
    assert_eq!(entry.entry().author, public("alice"), "the keeper signs the entry");
    assert_eq!(entry.entry().actor(), public("carol"), "the act is carol's");
    circle.accept(entry).unwrap();
    let met = circle.ledger.meeting(meeting).unwrap();
    assert_eq!(met.vote_of(proposal, &name("carol")), Some(Choice::Against));
    assert!(circle.ledger.has_envelope(&vote));
    verify_entries(circle.entries.clone()).unwrap();
}

#[test]
fn an_envelope_counts_once() {
    let (mut circle, meeting, _) = meeting();
    let attend = circle.envelope("bob", 0, 1, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &attend);
    circle.accept(entry).unwrap();
    let again = circle.sequenced("alice", &attend);
    assert!(matches!(circle.refuse(&again), RuleError::EnvelopeReplayed(_)));
}

#[test]
fn an_envelope_of_another_circle_is_refused() {
    let (mut circle, meeting, _) = meeting();
    let signed = Envelope {
        circle: EntryHash([7; 32]),
        author: public("bob"),
        created_at: circle.now(),
        nonce: [1; 16],
        body: Body::Attend { meeting },
    }
    .sign(&key("bob"))
    .unwrap();
    let entry = circle.sequenced("alice", &signed);
    assert!(matches!(circle.refuse(&entry), RuleError::EnvelopeOtherCircle { .. }));
}

#[test]
fn a_tampered_envelope_is_refused() {
    let (mut circle, meeting, _) = meeting();
    let signed = circle.envelope("bob", 0, 1, Body::Attend { meeting });
    let mut bytes = signed.bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    let tampered = SignedEnvelope::from_bytes(bytes).unwrap();
    let entry = circle.sequenced("alice", &tampered);
    assert_eq!(circle.refuse(&entry), RuleError::EnvelopeBadSignature);
    // Signed by someone else than the author it names: the same.
    let forged = Envelope {
        circle: circle.ledger.circle().unwrap().id,
        author: public("carol"),
        created_at: circle.now(),
        nonce: [2; 16],
        body: Body::Attend { meeting },
    };
    let mut bytes = forged.signing_bytes();
    bytes.extend_from_slice(&cercle_core::ed25519_dalek::Signer::sign(&key("bob"), &bytes).to_bytes());
    let entry = circle.sequenced("alice", &SignedEnvelope::from_bytes(bytes).unwrap());
    assert_eq!(circle.refuse(&entry), RuleError::EnvelopeBadSignature);
}

#[test]
fn only_a_soucieux_sequences() {
    let (mut circle, meeting, _) = meeting();
    let signed = circle.envelope("carol", 0, 1, Body::Attend { meeting });
    let entry = circle.sequenced("bob", &signed);
    assert!(matches!(circle.refuse(&entry), RuleError::NotSoucieux(_)));
}

#[test]
fn envelopes_too_old_or_from_the_future_are_refused() {
    let (mut circle, meeting, _) = meeting();
    let day = 24 * 3600;
    let old = circle.envelope("bob", -31 * day, 1, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &old);
    assert!(matches!(circle.refuse(&entry), RuleError::EnvelopeTooOld { .. }));
    let ahead = circle.envelope("bob", 2 * day, 2, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &ahead);
    assert!(matches!(circle.refuse(&entry), RuleError::EnvelopeFromFuture { .. }));
    // Within the window, both ways: accepted.
    let late = circle.envelope("bob", -29 * day, 3, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &late);
    circle.accept(entry).unwrap();
}

#[test]
fn a_replay_after_the_window_is_refused_as_too_old() {
    let (mut circle, meeting, _) = meeting();
    let attend = circle.envelope("bob", 0, 1, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &attend);
    circle.accept(entry).unwrap();
    circle.close(meeting);
    circle.wait(31 * 24 * 3600);
    // A new meeting on a new proposal: the old attendance names the old meeting anyway.
    let other = circle.propose_action("bob", "Fête", "100");
    circle.open(&[other]);
    let again = circle.sequenced("alice", &attend);
    assert!(matches!(circle.refuse(&again), RuleError::EnvelopeTooOld { .. }));
}

#[test]
fn the_acts_rules_apply_to_its_author() {
    let (mut circle, meeting, proposal) = meeting();
    // carol votes before attending: refused, as if she had appended it.
    let vote = circle.envelope("carol", 0, 1, Body::Vote { meeting, proposal, choice: Choice::For });
    let entry = circle.sequenced("alice", &vote);
    assert!(matches!(circle.refuse(&entry), RuleError::VoterNotPresent(..)));
    // An outsider's envelope.
    let signed = circle.envelope("outsider", 0, 2, Body::Attend { meeting });
    let entry = circle.sequenced("alice", &signed);
    assert_eq!(circle.refuse(&entry), RuleError::UnknownAuthor);
    // bob's attendance arriving after the meeting closed.
    let attend = circle.envelope("bob", 0, 3, Body::Attend { meeting });
    circle.close(meeting);
    let entry = circle.sequenced("alice", &attend);
    assert!(matches!(circle.refuse(&entry), RuleError::MeetingClosed(_)));
    // carol, gone since she signed: refused.
    let proposal = circle.propose_action("bob", "Fête", "100");
    let withdraw = circle.envelope("bob", 0, 4, Body::Withdraw { proposal });
    let leave = circle.envelope(
        "carol",
        0,
        5,
        Body::ProposeAction { title: text(TextField::Title, "Atelier"), envelope: eur("50") },
    );
    circle.ok("alice", Body::MemberLeave { name: name("carol") });
    let entry = circle.sequenced("alice", &leave);
    assert_eq!(circle.refuse(&entry), RuleError::UnknownAuthor);
    let entry = circle.sequenced("alice", &withdraw);
    circle.accept(entry).unwrap();
    assert_eq!(circle.status(proposal), ProposalStatus::Withdrawn);
}

#[test]
fn checking_an_envelope_changes_nothing_and_agrees_with_sequencing() {
    let (mut circle, meeting, proposal) = meeting();
    let before = circle.ledger.clone();
    let vote = circle.envelope("carol", 0, 1, Body::Vote { meeting, proposal, choice: Choice::For });
    let at = circle.now();
    assert!(matches!(circle.ledger.check_envelope(&vote, at), Err(RuleError::VoterNotPresent(..))));
    let attend = circle.envelope("carol", 0, 2, Body::Attend { meeting });
    assert_eq!(circle.ledger.check_envelope(&attend, at), Ok(()));
    assert_eq!(circle.ledger, before);
    let entry = circle.sequenced("alice", &attend);
    circle.accept(entry).unwrap();
    assert!(matches!(circle.ledger.check_envelope(&attend, at), Err(RuleError::EnvelopeReplayed(_))));
    assert_eq!(circle.ledger.check_envelope(&vote, at), Ok(()));
}
