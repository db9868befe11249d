//! Findings: what an auditor wants to see in a circle that breaks no rule (every rule is
//! enforced by the core; a ledger that breaks one fails verification instead).
//!
//! Every finding about a circle is computed from its [`Report`] (and the checkpoint notes the
//! audit matched to it), "as of" the circle's head date: never the reader's clock, so the same
//! ledger and notes always give the same findings. The kinds:
//!
//! | kind | severity | entry | when |
//! |---|---|---|---|
//! | `line-open` | warning | `P…` | a spend line adopted more than `line_open_days_max` days (365) before the head date, neither fully paid nor closed |
//! | `meeting-gap` | warning | `M…` or none | no regulation meeting for more than `meeting_gap_days_max` days (183): from founding to the first meeting, between two meetings, or from the last one to the head date |
//! | `bare-quorum` | info | `M…` | a meeting adopted something with exactly the quorum present (`present × den = num × voting`) |
//! | `no-funds-pending` | warning | first pending `P…` | available funds are zero while spend lines are pending (action proposals need no funds and do not count) |
//! | `envelope-used` | info | `A…` | an action's envelope is fully used (committed + paid = envelope) |
//! | `no-support-team` | info | none | the circle has no support team key, so it cannot be checkpointed |
//! | `never-checkpointed` | warning | none | it has a support team key but no checkpoint: no checkpoint entry in its ledger, and no note given whose head it holds |
//! | `checkpoint-behind` | warning | `#seq` of the last checkpointed head | the last checkpoint (entry or note) is more than `checkpoint_lag_entries_max` entries (1000) behind the head |
//!
//! The audit adds findings about the region (see [`mod@crate::audit`]), with no circle behind them
//! but the ones named:
//!
//! | kind | severity | entry | when |
//! |---|---|---|---|
//! | `note-unmatched` | warning | `#seq` it names, if any | a file of the notes directory is for no circle of the audit, or is no checkpoint note |
//! | `note-unreadable` | error | none | a file of the notes directory could not be read |
//! | `circle-missing` | error (info with `--allow-missing`) | `#seq` witnessed | the witness has a record of a circle that is not in the audit |
//! | `circle-replaced` | error | `#seq` witnessed | a circle of the audit has the name or territory of a witnessed circle missing from it, and another genesis |
//! | `witness-unreadable` | error | none | a witness record of a circle not in the audit could not be read |

use chrono::NaiveDate;
use serde::Serialize;

use cercle_core::{MeetingReport, Quorum, Report};

use crate::table::euros_fr;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The audit cannot vouch for the region as given: `cercle audit` exits 1.
    Error,
    /// Worth a question to the circle.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a finding is about (see the module doc for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The module doc's table says what each one means.
pub enum FindingKind {
    LineOpen,
    MeetingGap,
    BareQuorum,
    NoFundsPending,
    EnvelopeUsed,
    NoSupportTeam,
    NeverCheckpointed,
    CheckpointBehind,
    NoteUnmatched,
    NoteUnreadable,
    CircleMissing,
    CircleReplaced,
    WitnessUnreadable,
    Correction,
    CorrectionPending,
    DuplicateReference,
}

impl FindingKind {
    /// The kind's word, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::LineOpen => "line-open",
            FindingKind::MeetingGap => "meeting-gap",
            FindingKind::BareQuorum => "bare-quorum",
            FindingKind::NoFundsPending => "no-funds-pending",
            FindingKind::EnvelopeUsed => "envelope-used",
            FindingKind::NoSupportTeam => "no-support-team",
            FindingKind::NeverCheckpointed => "never-checkpointed",
            FindingKind::CheckpointBehind => "checkpoint-behind",
            FindingKind::NoteUnmatched => "note-unmatched",
            FindingKind::NoteUnreadable => "note-unreadable",
            FindingKind::CircleMissing => "circle-missing",
            FindingKind::CircleReplaced => "circle-replaced",
            FindingKind::WitnessUnreadable => "witness-unreadable",
            FindingKind::Correction => "correction",
            FindingKind::CorrectionPending => "correction-pending",
            FindingKind::DuplicateReference => "duplicate-reference",
        }
    }
}

/// One finding about one circle (or, from the audit, about the region).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The circle's name (empty for a finding about a file of the notes or witness directory).
    pub circle: String,
    /// Where the circle's ledger was read from (set by the audit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Error, warning or info.
    pub severity: Severity,
    /// What it is about.
    pub kind: FindingKind,
    /// The proposal (`P12`), meeting (`M4`), action (`A1`) or head (`#120`) concerned, if one is.
    pub entry: Option<String>,
    /// One clear sentence.
    pub message: String,
}

/// The limits behind the findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FindingLimits {
    /// Days an adopted spend line may stay open (not fully paid, not closed): 365.
    pub line_open_days_max: i64,
    /// Days without a regulation meeting: 183.
    pub meeting_gap_days_max: i64,
    /// Entries the head may run ahead of the last checkpoint: 1000.
    pub checkpoint_lag_entries_max: u64,
}

impl Default for FindingLimits {
    fn default() -> FindingLimits {
        FindingLimits { line_open_days_max: 365, meeting_gap_days_max: 183, checkpoint_lag_entries_max: 1000 }
    }
}

/// How many ids a message lists before it says "…".
const IDS_LISTED_MAX: usize = 5;

/// Every finding about one circle, kind by kind, in ledger order within a kind.
pub fn findings(report: &Report, limits: &FindingLimits) -> Vec<Finding> {
    findings_noted(report, limits, &[])
}

/// A checkpoint note whose head a circle's ledger holds, as far as findings are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotedHead<'a> {
    /// The seq of the head the note signs.
    pub seq: u64,
    /// The note's file.
    pub file: &'a str,
}

/// Every finding about one circle, as [`findings`], where `noted` are the checkpoint notes given
/// whose heads its ledger holds: a note checkpoints the circle as well as a checkpoint entry
/// does (`cercle checkpoint FILE` signs a note of an export and appends nothing).
pub fn findings_noted(report: &Report, limits: &FindingLimits, noted: &[NotedHead<'_>]) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |severity, kind, entry: Option<String>, message: String| {
        found.push(Finding {
            circle: report.circle.name.clone(),
            source: None,
            severity,
            kind,
            entry,
            message,
        });
    };
    open_lines(report, limits, &mut add);
    meeting_gaps(report, limits, &mut add);
    bare_quorums(report, &mut add);
    no_funds_pending(report, &mut add);
    envelopes_used(report, &mut add);
    checkpoints(report, limits, noted, &mut add);
    corrections(report, &mut add);
    found
}

/// Every correction is a finding to look at (nothing was deleted, but the books changed after
/// the fact), a correction still waiting for its countersignature too, and every reference
/// used again on purpose.
fn corrections(report: &Report, add: &mut Add<'_>) {
    for c in &report.corrections {
        if c.kind == "four-eyes" && c.countersigned_at.is_some() {
            // A large payout countersigned as the circle decided: nothing to look at.
            continue;
        }
        let what = match c.kind {
            "four-eyes" => format!(
                "the payout #{} of {} is above the circle's four-eyes threshold",
                c.target,
                c.before_amount.or(c.amount).map(crate::table::euros_fr).unwrap_or_default()
            ),
            "fund" => format!(
                "the fund receipt #{} was corrected from {} ({}, ref. {}) to {} ({}, ref. {})",
                c.target,
                c.before_amount.map(crate::table::euros_fr).unwrap_or_default(),
                c.before_source.as_deref().unwrap_or(""),
                c.before_reference.as_deref().unwrap_or(""),
                c.amount.map(crate::table::euros_fr).unwrap_or_default(),
                c.source.as_deref().unwrap_or(""),
                c.reference.as_deref().unwrap_or(""),
            ),
            _ => format!(
                "the payout #{} of {} was reversed",
                c.target,
                c.before_amount.map(crate::table::euros_fr).unwrap_or_default()
            ),
        };
        let (kind, message) = match (&c.countersigned_by, c.countersigned_at) {
            (Some(by), Some(at)) => (
                FindingKind::Correction,
                format!("{what} by {}, countersigned by {by} at #{at}: \"{}\"", c.author, c.reason),
            ),
            _ => (
                FindingKind::CorrectionPending,
                format!(
                    "{what} by {}, NOT countersigned yet (it does not count): \"{}\"",
                    c.author, c.reason
                ),
            ),
        };
        add(Severity::Warning, kind, Some(format!("#{}", c.seq)), message);
    }
    for d in &report.duplicate_references {
        add(
            Severity::Warning,
            FindingKind::DuplicateReference,
            Some(format!("#{}", d.seq)),
            format!(
                "the {} #{} uses the reference {} again (first at #{}), said to be meant",
                d.what, d.seq, d.reference, d.first
            ),
        );
    }
}

type Add<'a> = dyn FnMut(Severity, FindingKind, Option<String>, String) + 'a;

fn open_lines(report: &Report, limits: &FindingLimits, add: &mut Add<'_>) {
    let today = report.head.date;
    for p in report.proposals.iter().filter(|p| p.kind == "spend" && p.status == "adopted") {
        let Some(adopted) = p.decided else { continue };
        let days = (today - adopted).num_days();
        if days <= limits.line_open_days_max || p.paid >= p.amount {
            continue;
        }
        let unpaid = p.amount.saturating_sub(p.paid);
        let message = format!(
            "spend line {} adopted on {adopted} is still open {days} days later: {} of {} unpaid; pay it or close it",
            p.id,
            euros_fr(unpaid),
            euros_fr(p.amount),
        );
        add(Severity::Warning, FindingKind::LineOpen, Some(p.id.to_string()), message);
    }
}

fn meeting_gaps(report: &Report, limits: &FindingLimits, add: &mut Add<'_>) {
    let mut meetings: Vec<&MeetingReport> = report.meetings.iter().collect();
    meetings.sort_by_key(|m| (m.date, m.id));
    let mut since: (NaiveDate, Option<&MeetingReport>) = (report.circle.founded, None);
    for meeting in meetings {
        let days = (meeting.date - since.0).num_days();
        if days > limits.meeting_gap_days_max {
            let message = match since.1 {
                Some(previous) => format!(
                    "no regulation meeting for {days} days, between {} on {} and {} on {}",
                    previous.id, previous.date, meeting.id, meeting.date
                ),
                None => format!(
                    "no regulation meeting for {days} days, from the founding on {} to {} on {}",
                    since.0, meeting.id, meeting.date
                ),
            };
            add(Severity::Warning, FindingKind::MeetingGap, Some(meeting.id.to_string()), message);
        }
        since = (since.0.max(meeting.date), Some(meeting));
    }
    let head = report.head.date;
    let days = (head - since.0).num_days();
    if days <= limits.meeting_gap_days_max {
        return;
    }
    let (entry, message) = match since.1 {
        Some(last) => (
            Some(last.id.to_string()),
            format!(
                "no regulation meeting for {days} days, since {} on {} (head on {head})",
                last.id, last.date
            ),
        ),
        None => (
            None,
            format!(
                "no regulation meeting in {days} days since the founding on {} (head on {head})",
                since.0
            ),
        ),
    };
    add(Severity::Warning, FindingKind::MeetingGap, entry, message);
}

fn bare_quorums(report: &Report, add: &mut Add<'_>) {
    let Ok(quorum) = report.circle.quorum.parse::<Quorum>() else { return };
    let (num, den) = (u64::from(quorum.numerator()), u64::from(quorum.denominator()));
    for meeting in &report.meetings {
        let adopted: Vec<String> = meeting
            .outcomes
            .iter()
            .filter(|o| o.outcome == "adopted")
            .map(|o| o.proposal.to_string())
            .collect();
        let bare = u64::from(meeting.present) * den == num * u64::from(meeting.voting);
        if adopted.is_empty() || !bare {
            continue;
        }
        let message = format!(
            "{} on {} adopted {} with a bare quorum: {} present of {} voting (quorum {})",
            meeting.id,
            meeting.date,
            list(&adopted),
            meeting.present,
            meeting.voting,
            report.circle.quorum
        );
        add(Severity::Info, FindingKind::BareQuorum, Some(meeting.id.to_string()), message);
    }
}

fn no_funds_pending(report: &Report, add: &mut Add<'_>) {
    if !report.totals.available.is_zero() {
        return;
    }
    let pending: Vec<String> = report
        .proposals
        .iter()
        .filter(|p| p.kind == "spend" && p.status == "pending")
        .map(|p| p.id.to_string())
        .collect();
    let Some(first) = pending.first().cloned() else { return };
    let message = format!(
        "available funds are 0,00 € while {} spend line{} pending ({}): none can be adopted before funds are received or lines are closed",
        pending.len(),
        if pending.len() == 1 { " is" } else { "s are" },
        list(&pending)
    );
    add(Severity::Warning, FindingKind::NoFundsPending, Some(first), message);
}

fn envelopes_used(report: &Report, add: &mut Add<'_>) {
    for action in &report.actions {
        let used = action.committed.checked_add(action.paid);
        if action.envelope.is_zero() || used != Some(action.envelope) {
            continue;
        }
        let message = format!(
            "action {} \"{}\" has used its whole envelope of {} ({} paid, {} committed): a new spend line needs a new action",
            action.id,
            action.title,
            euros_fr(action.envelope),
            euros_fr(action.paid),
            euros_fr(action.committed)
        );
        add(Severity::Info, FindingKind::EnvelopeUsed, Some(action.id.to_string()), message);
    }
}

fn checkpoints(report: &Report, limits: &FindingLimits, noted: &[NotedHead<'_>], add: &mut Add<'_>) {
    let head = report.head.seq;
    if report.circle.support_key.is_none() {
        let message = "the circle has no support team key: its ledger cannot be checkpointed".to_string();
        add(Severity::Info, FindingKind::NoSupportTeam, None, message);
        return;
    }
    // The last head checkpointed, by an entry of the ledger or by a note it holds.
    let entry = report.checkpoints.last().map(|last| (last.seq, format!("on {}", last.date)));
    let note = noted.iter().max_by_key(|n| n.seq).map(|n| (n.seq, format!("note {}", n.file)));
    let last = match (entry, note) {
        (Some(entry), Some(note)) => Some(if note.0 > entry.0 { note } else { entry }),
        (entry, note) => entry.or(note),
    };
    let Some((seq, what)) = last else {
        let message = format!(
            "never checkpointed by the support team ({} entries, head #{head}): no checkpoint entry in its ledger, and no checkpoint note of it was given",
            head + 1
        );
        add(Severity::Warning, FindingKind::NeverCheckpointed, None, message);
        return;
    };
    let behind = head.saturating_sub(seq);
    if behind <= limits.checkpoint_lag_entries_max {
        return;
    }
    let message = format!(
        "the last checkpoint (#{seq} {what}) is {behind} entries behind the head (#{head}); the support team should checkpoint again"
    );
    add(Severity::Warning, FindingKind::CheckpointBehind, Some(format!("#{seq}")), message);
}

/// `P1, P2, P3` or `P1, P2, P3, P4, P5 and 7 more`.
fn list(ids: &[String]) -> String {
    let shown = ids.iter().take(IDS_LISTED_MAX).cloned().collect::<Vec<_>>().join(", ");
    match ids.len().checked_sub(IDS_LISTED_MAX) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        let ids: Vec<String> = (1..=7).map(|n| format!("P{n}")).collect();
        assert_eq!(list(&ids), "P1, P2, P3, P4, P5 and 2 more");
        assert_eq!(list(&ids[..2]), "P1, P2");
    }
}
