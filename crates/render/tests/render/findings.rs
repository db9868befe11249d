//! Findings: each one triggered by a small circle made for it, and absent when it should be.

use cercle_core::{Choice, Governance, Report, Role};
use cercle_render::{findings, Finding, FindingKind, FindingLimits, Severity};

use crate::common::{littoral, Circle};

fn of_kind(report: &Report, kind: FindingKind) -> Vec<Finding> {
    findings(report, &FindingLimits::default()).into_iter().filter(|f| f.kind == kind).collect()
}

/// alice (soucieux) and bob (contributor), funds, action A1 (1000 €) adopted on the founding day.
fn circle(founded: &str) -> Circle {
    let mut c = Circle::new("Essai", founded, true);
    c.member("bob", Role::Contributor);
    c.fund("5000", "FEDER", "F1");
    let action = c.action("bob", "Atelier", "1000");
    c.meeting(&[action], &["alice", "bob"]);
    c
}

#[test]
fn the_littoral_fixture_has_one_finding() {
    let found = findings(&littoral().report(), &FindingLimits::default());
    insta::assert_debug_snapshot!(found);
}

#[test]
fn a_line_open_for_more_than_a_year_is_found() {
    let mut c = circle("2023-01-02");
    let line = c.spend("bob", 1, "400", "bob", "Animation");
    c.on("2023-02-01");
    c.meeting(&[line], &["alice", "bob"]);
    c.payout("alice", line, "100", "V1");
    c.on("2024-02-02"); // 366 days after the adoption
    c.fund("1", "FEDER", "F2");
    let found = of_kind(&c.report(), FindingKind::LineOpen);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].entry.as_deref(), Some("P2"));
    assert_eq!(
        found[0].message,
        "spend line P2 adopted on 2023-02-01 is still open 366 days later: 300,00 € of 400,00 € unpaid; pay it or close it"
    );
}

#[test]
fn a_line_open_for_a_year_exactly_paid_or_closed_is_not() {
    let mut c = circle("2023-01-02");
    let (paid, closed, young) = (
        c.spend("bob", 1, "100", "bob", "Payée"),
        c.spend("bob", 1, "100", "bob", "Close"),
        c.spend("bob", 1, "100", "bob", "Un an"),
    );
    c.on("2023-02-01");
    c.meeting(&[paid, closed], &["alice", "bob"]);
    c.payout("alice", paid, "100", "V1").close("alice", closed);
    c.on("2023-03-01");
    c.meeting(&[young], &["alice", "bob"]);
    c.on("2024-02-29"); // 365 days after the last adoption
    c.fund("1", "FEDER", "F2");
    assert_eq!(of_kind(&c.report(), FindingKind::LineOpen), []);
}

#[test]
fn a_long_gap_between_meetings_is_found() {
    let mut c = circle("2024-01-01");
    let a = c.action("bob", "Deux", "10");
    c.on("2024-07-20"); // 201 days after M1
    c.meeting(&[a], &["alice", "bob"]);
    let found = of_kind(&c.report(), FindingKind::MeetingGap);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].entry.as_deref(), Some("M2"));
    assert_eq!(
        found[0].message,
        "no regulation meeting for 201 days, between M1 on 2024-01-01 and M2 on 2024-07-20"
    );
}

#[test]
fn a_long_silence_since_the_last_meeting_is_found_and_a_short_one_is_not() {
    let mut c = circle("2024-01-01");
    c.on("2024-07-02"); // 183 days: not more than the limit
    c.fund("1", "FEDER", "F2");
    assert_eq!(of_kind(&c.report(), FindingKind::MeetingGap), []);
    c.on("2024-07-03");
    c.fund("1", "FEDER", "F3");
    let found = of_kind(&c.report(), FindingKind::MeetingGap);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.as_deref(), Some("M1"));
    assert_eq!(
        found[0].message,
        "no regulation meeting for 184 days, since M1 on 2024-01-01 (head on 2024-07-03)"
    );
}

#[test]
fn a_circle_that_never_met_is_found() {
    let mut c = Circle::new("Essai", "2024-01-01", false);
    c.on("2024-12-01");
    c.fund("1", "FEDER", "F");
    let found = of_kind(&c.report(), FindingKind::MeetingGap);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry, None);
}

#[test]
fn an_adoption_at_a_bare_quorum_is_found() {
    let mut c = circle("2024-01-01");
    c.member("carol", Role::Contributor).member("dan", Role::Participant);
    let a = c.action("bob", "Deux", "10");
    c.meeting(&[a], &["alice", "bob"]); // 2 of 4, quorum 1/2
    let found = of_kind(&c.report(), FindingKind::BareQuorum);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert_eq!(
        found[0].message,
        "M2 on 2024-01-01 adopted P2 with a bare quorum: 2 present of 4 voting (quorum 1/2)"
    );
}

#[test]
fn a_quorum_above_the_minimum_or_a_rejection_is_not_a_bare_adoption() {
    let mut c = circle("2024-01-01"); // M1: 2 of 2 present
    c.member("carol", Role::Contributor).member("dan", Role::Participant);
    let (a, b) = (c.action("bob", "Deux", "10"), c.action("bob", "Trois", "10"));
    c.meeting(&[a], &["alice", "bob", "carol"]);
    c.meeting_voting(&[b], &["alice", "bob"], Choice::Against);
    assert_eq!(of_kind(&c.report(), FindingKind::BareQuorum), []);
}

#[test]
fn a_two_thirds_quorum_reached_exactly_is_bare() {
    let governance = Governance { quorum: "2/3".parse().expect("a quorum"), ..Governance::default() };
    let mut c = Circle::with_governance("Essai", "2024-01-01", false, governance);
    c.member("bob", Role::Contributor).member("carol", Role::Contributor);
    let a = c.action("bob", "Un", "10");
    c.meeting(&[a], &["alice", "bob"]);
    assert_eq!(of_kind(&c.report(), FindingKind::BareQuorum).len(), 1);
}

#[test]
fn no_funds_while_lines_are_pending_is_found() {
    let mut c = Circle::new("Essai", "2024-01-01", false);
    c.member("bob", Role::Contributor);
    c.fund("1000", "FEDER", "F1");
    let a = c.action("bob", "Atelier", "2000");
    c.meeting(&[a], &["alice", "bob"]);
    let line = c.spend("bob", 1, "1000", "bob", "Tout");
    c.meeting(&[line], &["alice", "bob"]);
    assert_eq!(of_kind(&c.report(), FindingKind::NoFundsPending), [], "nothing pending yet");
    let pending = c.spend("bob", 1, "100", "bob", "Encore");
    let found = of_kind(&c.report(), FindingKind::NoFundsPending);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry, Some(pending.to_string()));
    assert_eq!(
        found[0].message,
        "available funds are 0,00 € while 1 spend line is pending (P3): none can be adopted before funds are received or lines are closed"
    );
    c.fund("1", "FEDER", "F2");
    assert_eq!(of_kind(&c.report(), FindingKind::NoFundsPending), [], "funds came in");
}

#[test]
fn a_fully_used_envelope_is_found() {
    let mut c = circle("2024-01-01");
    let (one, two) =
        (c.spend("bob", 1, "600", "bob", "Un"), c.spend("alice", 1, "400", "supplier:Salle", "Deux"));
    c.meeting(&[one], &["alice", "bob"]);
    assert_eq!(of_kind(&c.report(), FindingKind::EnvelopeUsed), [], "600 of 1000 used");
    c.meeting(&[two], &["alice", "bob"]);
    c.payout("alice", two, "400", "V");
    let found = of_kind(&c.report(), FindingKind::EnvelopeUsed);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.as_deref(), Some("A1"));
    c.close("alice", one);
    assert_eq!(of_kind(&c.report(), FindingKind::EnvelopeUsed), [], "closing released 600");
}

#[test]
fn checkpoints_missing_or_behind_are_found() {
    let mut c = circle("2024-01-01");
    let never = of_kind(&c.report(), FindingKind::NeverCheckpointed);
    assert_eq!(never.len(), 1);
    assert_eq!(never[0].severity, Severity::Warning);
    c.checkpoint();
    let limits = FindingLimits { checkpoint_lag_entries_max: 2, ..FindingLimits::default() };
    let behind = |c: &Circle| {
        findings(&c.report(), &limits).into_iter().filter(|f| f.kind == FindingKind::CheckpointBehind).count()
    };
    assert_eq!(of_kind(&c.report(), FindingKind::NeverCheckpointed), []);
    c.fund("1", "FEDER", "F2");
    assert_eq!(behind(&c), 0, "the checkpoint entry and one more: 2 behind");
    c.fund("1", "FEDER", "F3");
    assert_eq!(behind(&c), 1);
    assert_eq!(of_kind(&c.report(), FindingKind::CheckpointBehind), [], "within the default 1000");
}

#[test]
fn a_circle_without_support_team_is_noted() {
    let c = Circle::new("Essai", "2024-01-01", false);
    let found = findings(&c.report(), &FindingLimits::default());
    assert_eq!(found.iter().map(|f| f.kind).collect::<Vec<_>>(), [FindingKind::NoSupportTeam]);
}

#[test]
fn a_checkpoint_note_the_ledger_holds_counts_as_a_checkpoint() {
    use cercle_render::findings::{findings_noted, NotedHead};
    let mut c = circle("2024-01-01");
    let head = c.report().head.seq;
    let noted = [NotedHead { seq: head, file: "notes/essai.ckpt" }];
    let found = |c: &Circle, limits: &FindingLimits, noted: &[NotedHead<'_>]| {
        findings_noted(&c.report(), limits, noted)
            .into_iter()
            .map(|f| (f.kind, f.message))
            .collect::<Vec<_>>()
    };
    let without = found(&c, &FindingLimits::default(), &[]);
    assert!(without.iter().any(|(kind, _)| *kind == FindingKind::NeverCheckpointed), "{without:?}");
    let with = found(&c, &FindingLimits::default(), &noted);
    assert!(with.iter().all(|(kind, _)| *kind != FindingKind::NeverCheckpointed), "{with:?}");
    // A note behind the head is behind as an entry would be, and is named.
    c.fund("1", "FEDER", "F2").fund("1", "FEDER", "F3").fund("1", "FEDER", "F4");
    let limits = FindingLimits { checkpoint_lag_entries_max: 2, ..FindingLimits::default() };
    let behind: Vec<_> =
        found(&c, &limits, &noted).into_iter().filter(|(k, _)| *k == FindingKind::CheckpointBehind).collect();
    assert_eq!(
        behind,
        [(
            FindingKind::CheckpointBehind,
            format!(
                "the last checkpoint (#{head} note notes/essai.ckpt) is 3 entries behind the head (#{}); the support team should checkpoint again",
                head + 3
            )
        )]
    );
    // The later of a checkpoint entry and a note is the last checkpoint.
    c.checkpoint();
    let behind = found(&c, &limits, &noted);
    assert!(behind.iter().all(|(kind, _)| *kind != FindingKind::CheckpointBehind), "{behind:?}");
}
