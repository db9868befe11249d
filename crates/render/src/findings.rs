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

use crate::i18n::Lang;
use crate::table::euros_fr;
use crate::words::Words;

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
#[derive(Clone, PartialEq, Eq, Serialize)]
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
    /// One clear sentence, in English (the JSON's; [`Finding::message_in`] says it in a language).
    pub message: String,
    /// The message's id and arguments, to say it in another language.
    #[serde(skip)]
    pub(crate) said: Said,
}

impl std::fmt::Debug for Finding {
    /// The fields people read (the way to say the message in French is left out).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("circle", &self.circle)
            .field("source", &self.source)
            .field("severity", &self.severity)
            .field("kind", &self.kind)
            .field("entry", &self.entry)
            .field("message", &self.message)
            .finish()
    }
}

impl Finding {
    /// The sentence in `lang` (the same as [`Finding::message`] in English).
    pub fn message_in(&self, lang: Lang) -> String {
        if self.said.id.is_empty() {
            return self.message.clone();
        }
        self.said.render(lang)
    }
}

/// A sentence as a message id and its arguments, said in any language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Said {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Said`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Arg {
    /// Text said the same in every language (a name, a date, an amount, an id).
    Text(String),
    /// A message without argument, in the language (`name and territory`).
    Message(&'static str),
    /// A list of ids, cut after a few (`P1, P2 and 3 more`).
    List(Vec<String>),
    /// The plural category of a count (`one`, `other`), for a select.
    Plural(usize),
    /// A sentence said in the same language.
    Said(Box<Said>),
}

impl Said {
    pub(crate) fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Said {
        Said { id, args }
    }

    pub(crate) fn render(&self, lang: Lang) -> String {
        let w = Words::of(lang);
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(text) => text.clone(),
                    Arg::Message(id) => w.t(id),
                    Arg::List(ids) => list(ids, w),
                    Arg::Plural(count) => w.plural(*count).to_string(),
                    Arg::Said(said) => said.render(lang),
                };
                (*name, value)
            })
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> =
            values.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
        w.f(self.id, &args)
    }

    /// The English sentence and the way to say it in another language.
    pub(crate) fn said(self) -> (String, Said) {
        (self.render(Lang::En), self)
    }
}

/// Text said the same in every language.
pub(crate) fn text(value: impl ToString) -> Arg {
    Arg::Text(value.to_string())
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
    let mut add = |severity, kind, entry: Option<String>, said: Said| {
        let (message, said) = said.said();
        found.push(Finding {
            circle: report.circle.name.clone(),
            source: None,
            severity,
            kind,
            entry,
            message,
            said,
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
    let money = |amount: Option<cercle_core::Euros>| text(amount.map(euros_fr).unwrap_or_default());
    for c in &report.corrections {
        if c.kind == "four-eyes" && c.countersigned_at.is_some() {
            // A large payout countersigned as the circle decided: nothing to look at.
            continue;
        }
        let what = match c.kind {
            "four-eyes" => Said::new(
                "finding-four-eyes",
                vec![("target", text(c.target)), ("amount", money(c.before_amount.or(c.amount)))],
            ),
            "fund" => Said::new(
                "finding-fund-corrected",
                vec![
                    ("target", text(c.target)),
                    ("before_amount", money(c.before_amount)),
                    ("before_source", text(c.before_source.as_deref().unwrap_or(""))),
                    ("before_reference", text(c.before_reference.as_deref().unwrap_or(""))),
                    ("amount", money(c.amount)),
                    ("source", text(c.source.as_deref().unwrap_or(""))),
                    ("reference", text(c.reference.as_deref().unwrap_or(""))),
                ],
            ),
            _ => Said::new(
                "finding-payout-reversed",
                vec![("target", text(c.target)), ("amount", money(c.before_amount))],
            ),
        };
        let what = Arg::Said(Box::new(what));
        let (kind, message) = match (&c.countersigned_by, c.countersigned_at) {
            (Some(by), Some(at)) => (
                FindingKind::Correction,
                Said::new(
                    "finding-correction",
                    vec![
                        ("what", what),
                        ("author", text(&c.author)),
                        ("by", text(by)),
                        ("at", text(at)),
                        ("reason", text(&c.reason)),
                    ],
                ),
            ),
            _ => (
                FindingKind::CorrectionPending,
                Said::new(
                    "finding-correction-pending",
                    vec![("what", what), ("author", text(&c.author)), ("reason", text(&c.reason))],
                ),
            ),
        };
        add(Severity::Warning, kind, Some(format!("#{}", c.seq)), message);
    }
    for d in &report.duplicate_references {
        let what = if d.what == "payout" { "finding-what-payout" } else { "finding-what-fund" };
        add(
            Severity::Warning,
            FindingKind::DuplicateReference,
            Some(format!("#{}", d.seq)),
            Said::new(
                "finding-duplicate-reference",
                vec![
                    ("what", Arg::Message(what)),
                    ("seq", text(d.seq)),
                    ("reference", text(&d.reference)),
                    ("first", text(d.first)),
                ],
            ),
        );
    }
}

type Add<'a> = dyn FnMut(Severity, FindingKind, Option<String>, Said) + 'a;

fn open_lines(report: &Report, limits: &FindingLimits, add: &mut Add<'_>) {
    let today = report.head.date;
    for p in report.proposals.iter().filter(|p| p.kind == "spend" && p.status == "adopted") {
        let Some(adopted) = p.decided else { continue };
        let days = (today - adopted).num_days();
        if days <= limits.line_open_days_max || p.paid >= p.amount {
            continue;
        }
        let unpaid = p.amount.saturating_sub(p.paid);
        let message = Said::new(
            "finding-line-open",
            vec![
                ("id", text(p.id)),
                ("adopted", text(adopted)),
                ("days", text(days)),
                ("unpaid", text(euros_fr(unpaid))),
                ("amount", text(euros_fr(p.amount))),
            ],
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
                Some(previous) => Said::new(
                    "finding-gap-between",
                    vec![
                        ("days", text(days)),
                        ("previous", text(previous.id)),
                        ("previous_date", text(previous.date)),
                        ("meeting", text(meeting.id)),
                        ("date", text(meeting.date)),
                    ],
                ),
                None => Said::new(
                    "finding-gap-from-founding",
                    vec![
                        ("days", text(days)),
                        ("founded", text(since.0)),
                        ("meeting", text(meeting.id)),
                        ("date", text(meeting.date)),
                    ],
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
            Said::new(
                "finding-gap-since-last",
                vec![
                    ("days", text(days)),
                    ("meeting", text(last.id)),
                    ("date", text(last.date)),
                    ("head", text(head)),
                ],
            ),
        ),
        None => (
            None,
            Said::new(
                "finding-gap-never",
                vec![("days", text(days)), ("founded", text(since.0)), ("head", text(head))],
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
        let message = Said::new(
            "finding-bare-quorum",
            vec![
                ("meeting", text(meeting.id)),
                ("date", text(meeting.date)),
                ("adopted", Arg::List(adopted)),
                ("present", text(meeting.present)),
                ("voting", text(meeting.voting)),
                ("quorum", text(&report.circle.quorum)),
            ],
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
    let message = Said::new(
        "finding-no-funds-pending",
        vec![
            ("count", text(pending.len())),
            ("plural", Arg::Plural(pending.len())),
            ("pending", Arg::List(pending)),
        ],
    );
    add(Severity::Warning, FindingKind::NoFundsPending, Some(first), message);
}

fn envelopes_used(report: &Report, add: &mut Add<'_>) {
    for action in &report.actions {
        let used = action.committed.checked_add(action.paid);
        if action.envelope.is_zero() || used != Some(action.envelope) {
            continue;
        }
        let message = Said::new(
            "finding-envelope-used",
            vec![
                ("action", text(action.id)),
                ("title", text(&action.title)),
                ("envelope", text(euros_fr(action.envelope))),
                ("paid", text(euros_fr(action.paid))),
                ("committed", text(euros_fr(action.committed))),
            ],
        );
        add(Severity::Info, FindingKind::EnvelopeUsed, Some(action.id.to_string()), message);
    }
}

fn checkpoints(report: &Report, limits: &FindingLimits, noted: &[NotedHead<'_>], add: &mut Add<'_>) {
    let head = report.head.seq;
    if report.circle.support_key.is_none() {
        add(Severity::Info, FindingKind::NoSupportTeam, None, Said::new("finding-no-support-team", vec![]));
        return;
    }
    // The last head checkpointed, by an entry of the ledger or by a note it holds.
    let entry = report
        .checkpoints
        .last()
        .map(|last| (last.seq, Said::new("finding-checkpoint-on", vec![("date", text(last.date))])));
    let note = noted
        .iter()
        .max_by_key(|n| n.seq)
        .map(|n| (n.seq, Said::new("finding-checkpoint-note", vec![("file", text(n.file))])));
    let last = match (entry, note) {
        (Some(entry), Some(note)) => Some(if note.0 > entry.0 { note } else { entry }),
        (entry, note) => entry.or(note),
    };
    let Some((seq, what)) = last else {
        let message =
            Said::new("finding-never-checkpointed", vec![("entries", text(head + 1)), ("head", text(head))]);
        add(Severity::Warning, FindingKind::NeverCheckpointed, None, message);
        return;
    };
    let behind = head.saturating_sub(seq);
    if behind <= limits.checkpoint_lag_entries_max {
        return;
    }
    let message = Said::new(
        "finding-checkpoint-behind",
        vec![
            ("seq", text(seq)),
            ("what", Arg::Said(Box::new(what))),
            ("behind", text(behind)),
            ("head", text(head)),
        ],
    );
    add(Severity::Warning, FindingKind::CheckpointBehind, Some(format!("#{seq}")), message);
}

/// `P1, P2, P3` or `P1, P2, P3, P4, P5 and 7 more`.
fn list(ids: &[String], w: Words) -> String {
    let shown = ids.iter().take(IDS_LISTED_MAX).cloned().collect::<Vec<_>>().join(", ");
    match ids.len().checked_sub(IDS_LISTED_MAX) {
        Some(more) if more > 0 => w.f("finding-list-more", &[("shown", &shown), ("more", &more)]),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        let ids: Vec<String> = (1..=7).map(|n| format!("P{n}")).collect();
        let w = Words::of(Lang::En);
        assert_eq!(list(&ids, w), "P1, P2, P3, P4, P5 and 2 more");
        assert_eq!(list(&ids[..2], w), "P1, P2");
        assert_eq!(list(&ids, Words::of(Lang::Fr)), "P1, P2, P3, P4, P5 et 2 autres");
    }
}
