//! The region reads like the rulebook: it verifies, it balances, it is reproducible, and it
//! holds what an auditor should see.

// A test that unwraps fails with the error's message, which is what a test should do.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use cercle_core::{
    verify_entries, Body, CircleStatus, Ledger, Outcome, Payee, ProposalStatus, Quorum, RejectReason, Role,
};

use super::*;

/// The default region, generated once for every test.
fn region() -> &'static DemoRegion {
    static REGION: OnceLock<DemoRegion> = OnceLock::new();
    REGION.get_or_init(|| generate(&DemoConfig::default()).expect("the default region"))
}

fn ledgers() -> &'static Vec<Ledger> {
    static LEDGERS: OnceLock<Vec<Ledger>> = OnceLock::new();
    LEDGERS.get_or_init(|| {
        region()
            .circles
            .iter()
            .map(|c| verify_entries(c.entries.iter().cloned()).expect("verifies"))
            .collect()
    })
}

fn bytes(region: &DemoRegion) -> Vec<Vec<u8>> {
    region.circles.iter().flat_map(|c| c.entries.iter().map(|e| e.bytes().to_vec())).collect()
}

fn bodies(circle: &DemoCircle) -> impl Iterator<Item = &Body> {
    circle.entries.iter().map(|e| &e.entry().body)
}

#[test]
fn same_seed_gives_the_same_bytes() {
    let again = generate(&DemoConfig::default()).unwrap();
    assert_eq!(bytes(&again), bytes(region()));
    assert_eq!(again.support_key.to_bytes(), region().support_key.to_bytes());
    let keys = |r: &DemoRegion| -> Vec<(String, [u8; 32])> {
        r.circles.iter().flat_map(|c| c.keys.iter().map(|(n, k)| (n.clone(), k.to_bytes()))).collect()
    };
    assert_eq!(keys(&again), keys(region()));
}

#[test]
fn another_seed_gives_other_bytes() {
    let other = generate(&DemoConfig { seed: 2025, ..DemoConfig::default() }).unwrap();
    assert_ne!(bytes(&other), bytes(region()));
    assert_ne!(other.support_key.to_bytes(), region().support_key.to_bytes());
}

#[test]
fn every_circle_verifies_and_its_books_balance() {
    for ledger in ledgers() {
        ledger.check_books().unwrap();
        let t = ledger.totals();
        assert_eq!(
            t.paid.checked_add(t.committed).and_then(|s| s.checked_add(t.available())),
            Some(t.received)
        );
        assert!(!t.paid.is_zero());
        assert!(!t.available().is_zero());
    }
}

#[test]
fn the_region_is_the_readmes() {
    let r = region();
    let names: Vec<&str> = r.circles.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Littoral", "Métropole Lilloise", "Douaisis-Pévèle", "Somme"]);
    let slugs: Vec<&str> = r.circles.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["littoral", "metropole-lilloise", "douaisis-pevele", "somme"]);
    let statuses: Vec<CircleStatus> = ledgers().iter().map(|l| l.circle().unwrap().status).collect();
    use CircleStatus::{Active, Emerging};
    assert_eq!(statuses, [Active, Active, Active, Emerging]);
    assert_eq!(ledgers()[3].circle().unwrap().territory.as_str(), "Amiénois");
    let support = cercle_core::PublicKey(r.support_key.verifying_key().to_bytes());
    for (circle, ledger) in r.circles.iter().zip(ledgers()) {
        assert_eq!(ledger.circle().unwrap().support_key, Some(support));
        assert!(!ledger.checkpoints().is_empty(), "{} has no checkpoint", circle.name);
        assert!(ledger.funders().contains_key("Compagnie des Tiers-Lieux"));
        assert!((150..=1500).contains(&circle.entries.len()), "{}: {}", circle.name, circle.entries.len());
        // Every member's key is in the keys, under the member's name.
        for member in ledger.members() {
            let key = circle.keys.iter().find(|(name, _)| name == member.name.as_str()).expect("a key");
            assert_eq!(key.1.verifying_key().to_bytes(), member.key.0);
        }
    }
    assert!(ledgers()[0].funders().contains_key("FEDER"));
    assert!(ledgers().iter().any(|l| l.funders().contains_key("Région Hauts-de-France")));
}

#[test]
fn an_emerging_circle_becomes_active_but_not_the_somme() {
    let became_active = |c: &DemoCircle| bodies(c).any(|b| matches!(b, Body::CircleStatus { .. }));
    let circles = &region().circles;
    assert!(became_active(&circles[2]));
    assert!(!became_active(&circles[3]));
}

#[test]
fn every_kind_of_activity_happens_in_every_circle() {
    for circle in &region().circles {
        for kind in [
            "genesis",
            "member-add",
            "member-role",
            "member-leave",
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
        ] {
            assert!(bodies(circle).any(|b| b.kind() == kind), "{}: no {kind}", circle.name);
        }
    }
}

#[test]
fn meetings_decide_in_every_way() {
    for (circle, ledger) in region().circles.iter().zip(ledgers()) {
        let outcomes: Vec<Outcome> =
            ledger.meetings().iter().flat_map(|m| m.outcomes.iter().flatten().map(|o| o.outcome)).collect();
        for wanted in [
            Outcome::Adopted,
            Outcome::NoQuorum,
            Outcome::Rejected(RejectReason::Vote),
            Outcome::Rejected(RejectReason::OverEnvelope),
            Outcome::Rejected(RejectReason::InsufficientFunds),
        ] {
            assert!(outcomes.contains(&wanted), "{}: no {wanted}", circle.name);
        }
    }
}

#[test]
fn payouts_are_partial_sometimes_and_never_to_oneself() {
    for (circle, ledger) in region().circles.iter().zip(ledgers()) {
        let partial = ledger
            .proposals()
            .iter()
            .filter_map(|p| p.spend_line())
            .any(|l| !l.paid.is_zero() && l.paid < l.amount);
        assert!(partial, "{}: no partial payout", circle.name);
        let released =
            ledger.proposals().iter().filter_map(|p| p.spend_line()).any(|l| !l.released.is_zero());
        assert!(released, "{}: no line closed with a remainder", circle.name);
        let by_support = circle.entries.iter().any(|e| {
            matches!(e.entry().body, Body::Payout { .. }) && ledger.member_by_key(&e.entry().author).is_none()
        });
        assert!(by_support, "{}: the support team never recorded a payout", circle.name);
        let retributions = ledger
            .proposals()
            .iter()
            .filter_map(|p| p.spend_line())
            .any(|l| matches!(l.payee, Payee::Member(_)) && !l.paid.is_zero());
        assert!(retributions, "{}: no retribution paid", circle.name);
    }
}

/// Spend lines adopted more than a year before the ledger's last entry and still open.
fn stale_lines(ledger: &Ledger) -> usize {
    let end = ledger.head().unwrap().recorded_at.date_naive();
    ledger
        .proposals()
        .iter()
        .filter(|p| p.status == ProposalStatus::Adopted)
        .filter(|p| p.spend_line().is_some_and(|l| !l.remaining().is_zero()))
        .filter(|p| p.decided_on.is_some_and(|d| (end - d).num_days() > 365))
        .count()
}

fn longest_gap_days(ledger: &Ledger) -> i64 {
    let dates: Vec<_> = ledger.meetings().iter().map(|m| m.date).collect();
    dates.windows(2).map(|w| (w[1] - w[0]).num_days()).max().unwrap_or(0)
}

fn bare_quorum_adoptions(ledger: &Ledger) -> usize {
    ledger
        .meetings()
        .iter()
        .filter(|m| {
            let bare = (0..=m.voting_count).find(|p| Quorum::HALF.is_met(*p, m.voting_count));
            Some(m.present_count) == bare
        })
        .filter(|m| m.outcomes.iter().flatten().any(|o| o.outcome == Outcome::Adopted))
        .count()
}

#[test]
fn what_an_auditor_would_flag_is_there() {
    let l = ledgers();
    assert!(stale_lines(&l[0]) >= 1, "Littoral: no spend line left open for a year");
    assert!(longest_gap_days(&l[1]) > 183, "Métropole Lilloise: no six-month gap");
    assert!(bare_quorum_adoptions(&l[2]) >= 1, "Douaisis-Pévèle: no adoption at a bare quorum");
    assert!(longest_gap_days(&l[0]) < 183, "Littoral meets regularly");
}

#[test]
fn roles_change_and_members_leave() {
    for ledger in ledgers() {
        assert!(ledger.members().any(|m| !m.active));
        assert!(ledger.members().filter(|m| m.active && m.role == Role::Soucieux).count() >= 1);
        assert!(ledger.members().any(|m| m.role == Role::Participant));
        assert!(ledger.members().any(|m| m.role == Role::Contributor));
    }
}

#[test]
fn the_entries_option_is_honoured() {
    let config = DemoConfig { seed: 11, circles: 1, entries: Some(2_000) };
    let region = generate(&config).unwrap();
    let circle = &region.circles[0];
    assert_eq!(circle.entries.len(), 2_000);
    let ledger = verify_entries(circle.entries.iter().cloned()).unwrap();
    ledger.check_books().unwrap();
    let paid_late = circle.entries[1_500..].iter().any(|e| matches!(e.entry().body, Body::Payout { .. }));
    assert!(paid_late, "payouts keep happening");
    assert!(!ledger.totals().available().is_zero());
}

#[test]
fn streaming_gives_the_same_entries_as_the_region() {
    let config = DemoConfig { seed: 5, circles: 6, entries: Some(250) };
    let region = generate(&config).unwrap();
    for index in [0, 5] {
        let mut streamed = Vec::new();
        let summary = generate_circle(&config, index, |entry| {
            streamed.push(entry);
            Ok::<(), std::io::Error>(())
        })
        .unwrap();
        assert_eq!(streamed, region.circles[index].entries);
        assert_eq!(summary.slug, region.circles[index].slug);
        assert_eq!(summary.entries, 250);
    }
    assert_eq!(region.circles[5].slug, "oise");
}

#[test]
fn a_failing_sink_stops_the_generation() {
    let config = DemoConfig { seed: 5, circles: 1, entries: Some(10_000) };
    let mut taken = 0;
    let result = generate_circle(&config, 0, |_| {
        taken += 1;
        if taken == 10 {
            return Err(std::io::Error::other("disk full"));
        }
        Ok(())
    });
    assert!(matches!(result, Err(DemoError::Sink(_))));
    assert_eq!(taken, 10);
}

#[test]
fn circles_beyond_the_named_ones_are_numbered() {
    assert_eq!(circle_slug(12), "cercle-13");
    let config = DemoConfig { seed: 3, circles: 14, entries: Some(40) };
    let region = generate(&config).unwrap();
    assert_eq!(region.circles[13].name, "Cercle 14");
    for circle in &region.circles {
        verify_entries(circle.entries.iter().cloned()).unwrap();
    }
}

#[test]
fn configurations_out_of_bounds_are_refused() {
    let too_many = DemoConfig { circles: CIRCLES_MAX + 1, ..DemoConfig::default() };
    assert!(matches!(generate(&too_many), Err(DemoError::Config(_))));
    let none = DemoConfig { entries: Some(0), ..DemoConfig::default() };
    assert!(matches!(generate(&none), Err(DemoError::Config(_))));
    let sink = |_| Ok::<(), std::io::Error>(());
    assert!(matches!(generate_circle(&DemoConfig::default(), 4, sink), Err(DemoError::NoSuchCircle { .. })));
}

#[test]
fn a_single_genesis_is_a_valid_target() {
    let region = generate(&DemoConfig { seed: 1, circles: 1, entries: Some(1) }).unwrap();
    assert_eq!(region.circles[0].entries.len(), 1);
    verify_entries(region.circles[0].entries.iter().cloned()).unwrap();
}

/// `cargo test -p cercle-demo -- --nocapture region_summary` prints what the region holds.
#[test]
fn region_summary() {
    for (circle, ledger) in region().circles.iter().zip(ledgers()) {
        let t = ledger.totals();
        println!(
            "{:20} {:4} entries, {:2} members, {:2} meetings, {:3} proposals, received {}, paid {}, \
             committed {}, available {}, stale {}, gap {} days, bare {}",
            circle.name,
            circle.entries.len(),
            ledger.members().count(),
            ledger.meetings().len(),
            ledger.proposals().len(),
            t.received,
            t.paid,
            t.committed,
            t.available(),
            stale_lines(ledger),
            longest_gap_days(ledger),
            bare_quorum_adoptions(ledger),
        );
    }
}
