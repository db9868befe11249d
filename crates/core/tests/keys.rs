//! Key replacement (`docs/RULES.md`, "Keys"; `docs/FORMAT.md` §17): every rule, on append and on
//! verification (the fixture's `refused` checks both), and what the old key may no longer sign.

#![allow(clippy::unwrap_used)]

mod fixture;

use cercle_core::*;
use fixture::*;

fn member_key(who: &str, new: &str) -> Body {
    Body::MemberKey { name: name(who), key: public(new) }
}

fn support_key(new: &str) -> Body {
    Body::SupportKey { key: public(new) }
}

fn countersign(target: &SignedEntry) -> Body {
    Body::Countersign { target: target.entry().seq }
}

/// alice and dave (soucieux), bob (contributor), carol (participant), with funds.
fn circle() -> Fixture {
    let mut circle = Fixture::with_members();
    circle.add("dave", Role::Soucieux);
    circle.fund("1000");
    circle
}

#[test]
fn a_members_new_key_asked_by_a_soucieux_counts_once_the_support_team_countersigned_it() {
    let mut circle = circle();
    let request = circle.ok("alice", member_key("bob", "bob-new"));
    // Waiting: bob's old key still signs, the new one not yet.
    assert!(circle.ledger.key_change_waits(request.entry().seq));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().key, public("bob"));
    assert_eq!(
        circle.refused(
            "bob-new",
            Body::ProposeAction { title: text(TextField::Title, "Forum"), envelope: eur("100") }
        ),
        RuleError::UnknownAuthor
    );
    circle.propose_action("bob", "Forum", "100");
    // Another soucieux is not the other side: the support team is.
    assert_eq!(circle.refused("dave", countersign(&request)).rule(), "not-support");
    assert_eq!(
        circle.refused("alice", countersign(&request)),
        RuleError::CountersignedByAuthor(request.entry().seq)
    );
    assert_eq!(circle.refused("bob", countersign(&request)).rule(), "not-soucieux-or-support");
    let done = circle.ok("support", countersign(&request));
    assert!(!circle.ledger.key_change_waits(request.entry().seq));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().key, public("bob-new"));
    let change = &circle.ledger.key_changes()[0];
    assert_eq!(change.holder, KeyHolder::Member(name("bob")));
    assert_eq!((change.old, change.new), (public("bob"), public("bob-new")));
    assert_eq!((change.requested, change.seq), (request.entry().seq, done.entry().seq));
    let signers: Vec<_> = change.signers.iter().map(|s| s.who.clone()).collect();
    assert_eq!(signers, vec![KeyHolder::Member(name("alice")), KeyHolder::Support]);
    // From now on the old key signs nothing; the new one signs as bob.
    let refused = circle.refused(
        "bob",
        Body::ProposeAction { title: text(TextField::Title, "Atelier"), envelope: eur("50") },
    );
    assert_eq!(refused, RuleError::KeyReplaced { holder: "bob".into(), seq: done.entry().seq });
    assert_eq!(refused.rule(), "key-replaced");
    let proposal = circle.propose_action("bob-new", "Atelier", "50");
    assert_eq!(circle.ledger.proposal(proposal).unwrap().author, name("bob"));
    // The countersignature counts once.
    assert_eq!(
        circle.refused("support", countersign(&request)),
        RuleError::NothingToCountersign(request.entry().seq)
    );
    // Everything before stays valid on replay.
    let replayed = verify_entries(circle.entries.clone()).unwrap();
    assert_eq!(replayed, circle.ledger);
}

#[test]
fn a_members_new_key_asked_by_the_support_team_is_countersigned_by_a_soucieux_not_the_member() {
    let mut circle = circle();
    let request = circle.ok("support", member_key("alice", "alice-new"));
    assert_eq!(
        circle.refused("support", countersign(&request)),
        RuleError::CountersignedByAuthor(request.entry().seq)
    );
    assert_eq!(
        circle.refused("alice", countersign(&request)),
        RuleError::CountersignedByKeyHolder(request.entry().seq)
    );
    assert_eq!(circle.refused("alice", countersign(&request)).rule(), "countersigned-by-key-holder");
    circle.ok("dave", countersign(&request));
    assert_eq!(circle.ledger.member(&name("alice")).unwrap().key, public("alice-new"));
    assert_eq!(
        circle.refused("alice", Body::CircleStatus { status: CircleStatus::Active }).rule(),
        "key-replaced"
    );
    circle.ok("alice-new", Body::CircleStatus { status: CircleStatus::Active });
}

#[test]
fn a_soucieux_replacing_their_own_key_still_needs_the_support_team() {
    let mut circle = circle();
    let request = circle.ok("alice", member_key("alice", "alice-new"));
    assert_eq!(circle.refused("dave", countersign(&request)).rule(), "not-support");
    circle.ok("support", countersign(&request));
    assert_eq!(circle.ledger.member(&name("alice")).unwrap().key, public("alice-new"));
}

#[test]
fn who_may_ask_and_which_keys_may_be_given() {
    let mut circle = circle();
    assert_eq!(circle.refused("bob", member_key("carol", "bob-new")).rule(), "not-soucieux-or-support");
    assert_eq!(circle.refused("alice", member_key("zoe", "bob-new")), RuleError::NoSuchMember(name("zoe")));
    assert_eq!(circle.refused("alice", member_key("bob", "carol")), RuleError::KeyTaken("carol".into()));
    assert_eq!(circle.refused("alice", member_key("bob", "bob")), RuleError::KeyTaken("bob".into()));
    assert_eq!(
        circle.refused("alice", member_key("bob", "support")),
        RuleError::KeyTaken("the support team".into())
    );
    let weak = Body::MemberKey { name: name("bob"), key: PublicKey([0; 32]) };
    assert_eq!(circle.refused("alice", weak), RuleError::WeakKey);
    circle.ok("alice", Body::MemberLeave { name: name("carol") });
    assert_eq!(circle.refused("alice", member_key("carol", "bob-new")), RuleError::MemberLeft(name("carol")));
    // A former member's key, and an old key, stay taken.
    let request = circle.ok("alice", member_key("bob", "bob-new"));
    circle.ok("support", countersign(&request));
    assert_eq!(circle.refused("alice", member_key("dave", "bob")), RuleError::KeyTaken("bob".into()));
    let add = Body::MemberAdd { name: name("erin"), key: public("bob"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", add), RuleError::KeyTaken("bob".into()));
}

#[test]
fn a_new_request_supersedes_the_one_waiting_and_the_key_is_checked_again_when_it_counts() {
    let mut circle = circle();
    let first = circle.ok("alice", member_key("bob", "bob-new"));
    let second = circle.ok("alice", member_key("bob", "dave-new"));
    assert_eq!(
        circle.refused("support", countersign(&first)),
        RuleError::NothingToCountersign(first.entry().seq)
    );
    // Meanwhile the new key went to someone else: the countersignature is refused.
    circle.ok(
        "alice",
        Body::MemberAdd { name: name("erin"), key: public("dave-new"), role: Role::Participant },
    );
    assert_eq!(circle.refused("support", countersign(&second)), RuleError::KeyTaken("erin".into()));
    // The member left meanwhile.
    let third = circle.ok("alice", member_key("bob", "bob-new"));
    circle.ok("alice", Body::MemberLeave { name: name("bob") });
    assert_eq!(circle.refused("support", countersign(&third)), RuleError::MemberLeft(name("bob")));
}

#[test]
fn the_support_team_replaces_its_own_key_at_once() {
    let mut circle = circle();
    circle.ok("support", Body::Checkpoint);
    let change = circle.ok("support", support_key("support-new"));
    assert_eq!(circle.ledger.circle().unwrap().support_key, Some(public("support-new")));
    assert_eq!(circle.ledger.support_key_at(change.entry().seq - 1), Some(public("support")));
    assert_eq!(circle.ledger.support_key_at(change.entry().seq), Some(public("support-new")));
    // The old key's checkpoint, fund receipt or envelope is refused.
    assert_eq!(circle.refused("support", Body::Checkpoint).rule(), "key-replaced");
    assert_eq!(circle.ledger.check_checkpoint_signer(&public("support")).unwrap_err().rule(), "key-replaced");
    assert_eq!(circle.ledger.check_checkpoint_signer(&public("support-new")), Ok(()));
    circle.ok("support-new", Body::Checkpoint);
    // A member may not take any support key, old or new.
    let add = Body::MemberAdd { name: name("erin"), key: public("support"), role: Role::Contributor };
    assert_eq!(circle.refused("alice", add), RuleError::KeyTaken("the support team".into()));
    assert_eq!(
        circle.refused("support-new", support_key("support")),
        RuleError::KeyTaken("the support team".into())
    );
    assert_eq!(verify_entries(circle.entries.clone()).unwrap(), circle.ledger);
}

#[test]
fn a_lost_support_key_is_replaced_by_every_current_soucieux_together() {
    let mut circle = circle();
    assert_eq!(circle.refused("bob", support_key("support-new")).rule(), "not-soucieux-or-support");
    let request = circle.ok("alice", support_key("support-new"));
    // One soucieux missing: not effective.
    assert_eq!(circle.ledger.circle().unwrap().support_key, Some(public("support")));
    assert_eq!(
        circle.refused("alice", countersign(&request)),
        RuleError::CountersignedByAuthor(request.entry().seq)
    );
    assert_eq!(circle.refused("support", countersign(&request)).rule(), "not-soucieux");
    // A third soucieux joins while it waits: they must sign too.
    circle.ok("alice", Body::MemberRole { name: name("bob"), role: Role::Soucieux });
    circle.ok("dave", countersign(&request));
    assert!(circle.ledger.key_change_waits(request.entry().seq));
    assert_eq!(
        circle.refused("dave", countersign(&request)),
        RuleError::AlreadyCountersigned(request.entry().seq)
    );
    assert_eq!(circle.ledger.circle().unwrap().support_key, Some(public("support")));
    circle.ok("bob", countersign(&request));
    assert!(!circle.ledger.key_change_waits(request.entry().seq));
    assert_eq!(circle.ledger.circle().unwrap().support_key, Some(public("support-new")));
    let signers: Vec<_> = circle.ledger.key_changes()[0].signers.iter().map(|s| s.who.to_string()).collect();
    assert_eq!(signers, ["alice", "dave", "bob"]);
    assert_eq!(circle.refused("support", Body::Checkpoint).rule(), "key-replaced");
    assert_eq!(verify_entries(circle.entries.clone()).unwrap(), circle.ledger);
}

#[test]
fn a_circle_without_support_team_has_no_support_key_to_replace_and_its_soucieux_countersign_each_other() {
    let mut circle = Fixture::empty();
    let Body::Genesis(mut g) = genesis(Governance::default()) else { unreachable!() };
    g.support_key = None;
    circle.ok("alice", Body::Genesis(g));
    circle.add("dave", Role::Soucieux);
    circle.add("bob", Role::Contributor);
    assert_eq!(circle.refused("alice", support_key("support-new")), RuleError::NoSupportTeam);
    let request = circle.ok("alice", member_key("bob", "bob-new"));
    circle.ok("dave", countersign(&request));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().key, public("bob-new"));
}

#[test]
fn a_correction_is_not_countersigned_by_its_author_under_a_new_key() {
    let mut circle = circle();
    let receipt = circle.entries.last().unwrap().entry().seq;
    let correction = circle.ok(
        "alice",
        Body::FundCorrection {
            target: receipt,
            amount: eur("900"),
            source: text(TextField::Source, "FEDER"),
            reference: text(TextField::Reference, "VIR-1"),
            reason: text(TextField::Reason, "900 reçus"),
        },
    );
    let request = circle.ok("support", member_key("alice", "alice-new"));
    circle.ok("dave", countersign(&request));
    assert_eq!(
        circle.refused("alice-new", countersign(&correction)),
        RuleError::CountersignedByAuthor(correction.entry().seq)
    );
    circle.ok("dave", countersign(&correction));
}

#[test]
fn a_key_replacement_travels_as_an_envelope() {
    let mut circle = circle();
    let circle_id = circle.ledger.circle().unwrap().id;
    let envelope = Envelope {
        circle: circle_id,
        author: public("dave"),
        created_at: at(0),
        nonce: [1; 16],
        body: member_key("bob", "bob-new"),
    }
    .sign(&key("dave"))
    .unwrap();
    let request = circle.ok("alice", Body::Envelope(Box::new(envelope)));
    circle.ok("support", countersign(&request));
    assert_eq!(circle.ledger.member(&name("bob")).unwrap().key, public("bob-new"));
    assert_eq!(circle.ledger.key_changes()[0].signers[0].who, KeyHolder::Member(name("dave")));
}
