//! Proxies (*pouvoirs*): an absent member gives their vote at one meeting to a present member.
//! Each refusal is checked on append and on verification ([`Fixture::refuse`]).

mod fixture;

use cercle_core::*;
use fixture::*;

/// alice (soucieux), bob (contributor), carol (participant), dave (contributor); a meeting open
/// on one action.
fn meeting(governance: Governance) -> (Fixture, MeetingId, ProposalId) {
    let mut circle = Fixture::with_governance(governance);
    for (who, role) in [("bob", Role::Contributor), ("carol", Role::Participant), ("dave", Role::Contributor)]
    {
        circle.add(who, role);
    }
    let proposal = circle.propose_action("bob", "Forum", "2000");
    let meeting = circle.open(&[proposal]);
    (circle, meeting, proposal)
}

fn proxy(meeting: MeetingId, holder: &str) -> Body {
    Body::Proxy { meeting, holder: name(holder) }
}

#[test]
fn the_holders_vote_counts_for_both() {
    let (mut circle, meeting, proposal) = meeting(Governance::default());
    circle.ok("bob", proxy(meeting, "carol"));
    for who in ["alice", "carol"] {
        circle.attend(who, meeting);
    }
    circle.vote("alice", meeting, proposal, Choice::For);
    circle.vote("carol", meeting, proposal, Choice::Against);
    let met = circle.ledger.meeting(meeting).unwrap();
    assert_eq!(circle.ledger.tally(met, proposal), Tally { for_: 1, against: 2, abstain: 0 });
    assert_eq!(met.proxies().count(), 1);
    let outcomes = circle.close(meeting);
    assert_eq!(outcomes[0].outcome, Outcome::Rejected(RejectReason::Vote));
    assert_eq!(outcomes[0].tally.against, 2);
    verify_entries(circle.entries.clone()).unwrap();
    let report = Report::of(&circle.ledger).unwrap();
    assert_eq!(report.meetings[0].proxies, vec![ProxyReport { giver: "bob".into(), holder: "carol".into() }]);
}

#[test]
fn a_closing_entry_that_ignores_a_proxy_is_refused() {
    let (mut circle, meeting, proposal) = meeting(Governance::default());
    circle.ok("bob", proxy(meeting, "carol"));
    circle.attend("carol", meeting);
    circle.vote("carol", meeting, proposal, Choice::For);
    let wrong = vec![ItemOutcome {
        proposal,
        outcome: Outcome::NoQuorum,
        tally: Tally { for_: 1, against: 0, abstain: 0 },
    }];
    let error = circle.refused("alice", Body::MeetingClose { meeting, outcomes: wrong });
    assert!(matches!(error, RuleError::OutcomeMismatch { .. }), "{error}");
    // bob represented, carol present: 2 of 4, the quorum of one half; carol's vote twice.
    let outcomes = circle.close(meeting);
    assert_eq!((outcomes[0].outcome, outcomes[0].tally.for_), (Outcome::Adopted, 2));
}

#[test]
fn a_proxy_is_void_if_its_giver_attends() {
    let (mut circle, meeting, proposal) = meeting(Governance::default());
    circle.ok("bob", proxy(meeting, "carol"));
    for who in ["alice", "bob", "carol"] {
        circle.attend(who, meeting);
    }
    assert_eq!(circle.ledger.meeting(meeting).unwrap().proxies().count(), 0);
    circle.vote("bob", meeting, proposal, Choice::For);
    circle.vote("carol", meeting, proposal, Choice::Against);
    let met = circle.ledger.meeting(meeting).unwrap();
    assert_eq!(circle.ledger.tally(met, proposal), Tally { for_: 1, against: 1, abstain: 0 });
    // Present, bob may not give one any more.
    assert!(matches!(circle.refused("bob", proxy(meeting, "alice")), RuleError::ProxyGiverPresent(..)));
}

#[test]
fn what_a_proxy_may_not_be() {
    let (mut circle, meeting, _) = meeting(Governance::default());
    assert_eq!(circle.refused("bob", proxy(meeting, "bob")), RuleError::ProxyToSelf);
    assert!(matches!(circle.refused("bob", proxy(meeting, "nobody")), RuleError::NoSuchMember(_)));
    circle.ok("bob", proxy(meeting, "carol"));
    assert!(matches!(circle.refused("bob", proxy(meeting, "alice")), RuleError::ProxyAlreadyGiven(..)));
    // One per holder.
    assert!(matches!(circle.refused("dave", proxy(meeting, "carol")), RuleError::ProxyHolderFull(..)));
    // Not passed on: carol holds bob's, so may not give hers; nobody gives to bob, who gave his.
    assert!(matches!(circle.refused("carol", proxy(meeting, "alice")), RuleError::ProxyChain(..)));
    assert!(matches!(circle.refused("dave", proxy(meeting, "bob")), RuleError::ProxyChain(..)));
    // A member added after the meeting opened neither gives nor holds one.
    circle.add("erin", Role::Contributor);
    assert!(matches!(circle.refused("erin", proxy(meeting, "alice")), RuleError::NotVotingMember(..)));
    assert!(matches!(circle.refused("dave", proxy(meeting, "erin")), RuleError::NotVotingMember(..)));
    // Nor once the meeting is closed.
    circle.close(meeting);
    assert!(matches!(circle.refused("dave", proxy(meeting, "alice")), RuleError::MeetingClosed(_)));
}

#[test]
fn recusal_applies_to_the_giver() {
    let (mut circle, meeting, action_proposal) = meeting(Governance::default());
    for who in ["alice", "bob", "carol", "dave"] {
        circle.attend(who, meeting);
        circle.vote(who, meeting, action_proposal, Choice::For);
    }
    circle.close(meeting);
    let action = circle.ledger.actions()[0].id;
    circle.fund("5000");
    let line = circle.propose_spend("carol", action, "300", to_member("bob"));
    let meeting = circle.open(&[line]);
    circle.ok("bob", proxy(meeting, "carol"));
    circle.attend("carol", meeting);
    circle.vote("carol", meeting, line, Choice::For);
    let met = circle.ledger.meeting(meeting).unwrap();
    assert_eq!(circle.ledger.tally(met, line).for_, 1, "the line pays bob: his proxied vote does not count");
}

#[test]
fn a_proxy_travels_as_an_envelope() {
    let (mut circle, meeting, proposal) = meeting(Governance::default());
    let signed = circle.envelope("bob", 0, 1, proxy(meeting, "alice"));
    let entry = circle.sequenced("alice", &signed);
    circle.accept(entry).unwrap();
    circle.attend("alice", meeting);
    circle.vote("alice", meeting, proposal, Choice::Abstain);
    let met = circle.ledger.meeting(meeting).unwrap();
    assert_eq!(circle.ledger.tally(met, proposal).abstain, 2);
    verify_entries(circle.entries.clone()).unwrap();
}
