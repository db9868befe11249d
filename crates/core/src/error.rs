//! Typed errors: [`FormatError`] (bytes that are not an entry), [`RuleError`] (an entry that
//! breaks a rule of the rulebook: one variant per rule) and [`VerifyError`] (the first bad entry
//! of a ledger, with its position).
//!
//! Messages are sentences a soucieux understands: what was refused and why.

use chrono::NaiveDate;

use crate::ids::{ActionId, EntryHash, MeetingId, MemberName, ProposalId};
use crate::model::{Outcome, ProposalStatus, Role, Text};
use crate::money::Euros;

/// Bytes or a line that do not decode to an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The bytes end inside a field.
    #[error("the entry is truncated (in its {0})")]
    Truncated(&'static str),
    /// Bytes remain after the last field.
    #[error("the entry has {0} unexpected bytes after its last field")]
    TrailingBytes(usize),
    /// The bytes do not start with `cercle/entry/v1\n`.
    #[error("the entry does not start with the label cercle/entry/v1 (another format or version)")]
    UnknownLabel,
    /// A field holds a value outside its range.
    #[error("the entry's {field} holds an invalid value ({value})")]
    BadValue {
        /// The field.
        field: &'static str,
        /// The value found.
        value: u64,
    },
    /// A string field is not UTF-8.
    #[error("the entry's {0} is not valid UTF-8")]
    BadUtf8(&'static str),
    /// A text or name field breaks its limits.
    #[error("the entry holds an invalid text: {0}")]
    BadText(String),
    /// The genesis names another currency.
    #[error("the circle's currency must be EUR, not \"{0}\"")]
    BadCurrency(String),
    /// The entry is larger than the format allows.
    #[error("the entry is {0} bytes long, more than the 16384 allowed")]
    TooLarge(usize),
    /// The export line is longer than allowed (refused before parsing).
    #[error("the line is {0} bytes long, more than an entry can take")]
    LineTooLong(usize),
    /// The export line is not the expected JSON object.
    #[error("the line is not an export line ({0})")]
    BadLine(String),
    /// The `entry` field is not base64.
    #[error("the line's entry is not base64")]
    BadBase64,
    /// The line's `seq` disagrees with the entry's.
    #[error("the line says seq {line} but its entry is seq {entry}")]
    LineSeqMismatch {
        /// In the line.
        line: u64,
        /// In the entry.
        entry: u64,
    },
    /// The line's `hash` disagrees with the entry's bytes.
    #[error("the line's hash is not the hash of its entry")]
    LineHashMismatch,
    /// An entry was to be signed with a key that is not its author's.
    #[error("the entry's author is not the signing key")]
    AuthorIsNotSigner,
}

/// An entry that breaks a rule. Every variant names one rule of the rulebook
/// (`docs/RULES.md`), checked the same way on append and on verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant's message is its documentation.
pub enum RuleError {
    // The ledger: chain, identity, signatures.
    #[error("the first entry of a ledger must be the circle's genesis")]
    NotGenesis,
    #[error("a ledger holds exactly one circle: a second genesis is refused")]
    SecondGenesis,
    #[error("the entry belongs to another circle ({found}, not {expected})")]
    WrongCircle { expected: EntryHash, found: EntryHash },
    #[error("the entry is numbered {found} but the next entry must be {expected}")]
    WrongSequence { expected: u64, found: u64 },
    #[error("the entry does not chain to the previous one (its previous hash is not the head's)")]
    BrokenChain,
    #[error("the entry is dated before the previous entry")]
    TimeGoesBackwards,
    #[error("the signature does not verify under the author's key")]
    BadSignature,
    #[error("the key is not a valid ed25519 public key or is a weak (small-order) key")]
    WeakKey,
    #[error("the author's key is not the key of a current member of the circle")]
    UnknownAuthor,
    #[error("only a soucieux may {0}")]
    NotSoucieux(&'static str),
    #[error("only a soucieux or the support team may {0}")]
    NotSoucieuxOrSupport(&'static str),
    #[error("only the circle's support team may {0}")]
    NotSupport(&'static str),
    #[error("this key was replaced: {holder} signs with a new key since entry {seq}, and the old one signs nothing more")]
    KeyReplaced { holder: String, seq: u64 },

    // Envelopes.
    #[error("the envelope is signed for another circle ({found}…)")]
    EnvelopeOtherCircle { found: String },
    #[error("the envelope's signature does not verify under its author's key")]
    EnvelopeBadSignature,
    #[error("the envelope was signed on {created}, more than 30 days before it was sequenced ({recorded}): its author must sign it again")]
    EnvelopeTooOld { created: String, recorded: String },
    #[error("the envelope is dated {created}, more than a day after it was sequenced ({recorded}): its author's clock is wrong")]
    EnvelopeFromFuture { created: String, recorded: String },
    #[error("envelope {0}… is already in the ledger: an envelope counts once")]
    EnvelopeReplayed(String),

    // Members.
    #[error("a member named {0} already exists (names are unique, whatever their case)")]
    NameTaken(MemberName),
    #[error("{name} looks like {existing}, already a member of the circle (current or former): choose a name that reads differently")]
    NameConfusable { name: MemberName, existing: MemberName },
    #[error("this public key already belongs to {0}")]
    KeyTaken(String),
    #[error("the circle already has {0} members, the most it may have")]
    TooManyMembers(usize),
    #[error("no member is named {0}")]
    NoSuchMember(MemberName),
    #[error("{0} has left the circle")]
    MemberLeft(MemberName),
    #[error("{0} already holds the role {1}")]
    SameRole(MemberName, Role),
    #[error("{0} is the last soucieux: a circle always keeps at least one")]
    LastSoucieux(MemberName),
    #[error("the circle is already {0}")]
    SameStatus(crate::model::CircleStatus),

    // Money.
    #[error("the totals would overflow")]
    TotalOverflow,
    #[error("the reference {reference} was already used by the {what} at entry {seq}: if a second one with it is meant, say so (--allow-duplicate-ref)")]
    DuplicateReference { what: &'static str, reference: Text, seq: u64 },

    // Funding agreements.
    #[error("an agreement {0} already exists (references are unique, whatever their case)")]
    AgreementTaken(Text),
    #[error("the agreement's period ends on {to}, before it begins on {from}")]
    AgreementPeriod { from: NaiveDate, to: NaiveDate },
    #[error("there is no agreement {0}: declare it first (cercle agreement add)")]
    NoSuchAgreement(Text),
    #[error("funds received into {agreement} would total {}, more than the {} awarded", .received.french(), .awarded.french())]
    AgreementOverAwarded { agreement: Text, received: Euros, awarded: Euros },

    // Governance.
    #[error("the proposal changes nothing: the circle already has {0}")]
    GovernanceChangesNothing(String),
    #[error("this circle does not allow proxies (its members decided so in a regulation meeting)")]
    ProxiesNotAllowed,

    // Corrections.
    #[error("entry {0} is not a fund receipt recorded in the 400 days before: only those are corrected (a payout is reversed)")]
    NotAFundReceipt(u64),
    #[error("the correction of entry {0} changes nothing: give the amount, source or reference as they should have been")]
    CorrectionChangesNothing(u64),
    #[error("entry {0} is not a payout recorded in the last 400 days: only those can be reversed")]
    NotAReversiblePayout(u64),
    #[error("the payout at entry {0} is already reversed")]
    AlreadyReversed(u64),
    #[error("entry {0} is not a correction or a payout waiting for a countersignature")]
    NothingToCountersign(u64),
    #[error("entry {0} must be countersigned by a second signer, not by its author")]
    CountersignedByAuthor(u64),
    #[error("entry {0} gives a new key to the one who would countersign it: another soucieux must")]
    CountersignedByKeyHolder(u64),
    #[error("entry {0} already bears this signer's signature")]
    AlreadyCountersigned(u64),
    #[error("the circle has no support team, so no support key to replace")]
    NoSupportTeam,
    #[error("the payout at entry {0} pays the one who would countersign it: another soucieux or the support team must")]
    CountersignedByPayee(u64),
    #[error("the correction of entry {receipt} would leave {} received, less than the {} already paid or committed", .received.french(), .spoken_for.french())]
    CorrectionLeavesBooksShort { receipt: u64, received: Euros, spoken_for: Euros },

    // Proposals.
    #[error("there is no action {0} in the programme")]
    NoSuchAction(ActionId),
    #[error("there is no proposal {0}")]
    NoSuchProposal(ProposalId),
    #[error("the circle already has the most proposals it may have")]
    TooManyProposals,
    #[error("the spend line asks {} but action {}'s whole envelope is {}", .amount.french(), .action, .envelope.french())]
    SpendOverEnvelope { action: ActionId, amount: Euros, envelope: Euros },
    #[error("a retribution pays a current member, and {0} is not one")]
    PayeeNotMember(MemberName),
    #[error("proposal {0} is {1}, not pending")]
    NotPending(ProposalId, ProposalStatus),
    #[error("only the author of proposal {0} may withdraw it")]
    NotProposalAuthor(ProposalId),
    #[error("proposal {0} is on the agenda of open meeting {1}")]
    OnOpenAgenda(ProposalId, MeetingId),

    // Meetings.
    #[error("a meeting needs at least one pending proposal on its agenda")]
    EmptyAgenda,
    #[error("an agenda holds at most {0} proposals")]
    AgendaTooLong(usize),
    #[error("proposal {0} is twice on the agenda")]
    DuplicateOnAgenda(ProposalId),
    #[error("there is no meeting {0}")]
    NoSuchMeeting(MeetingId),
    #[error("meeting {0} is closed")]
    MeetingClosed(MeetingId),
    #[error("{0} was not a member when meeting {1} opened, so may not attend or vote in it")]
    NotVotingMember(MemberName, MeetingId),
    #[error("{0} is already recorded as present at meeting {1}")]
    AlreadyPresent(MemberName, MeetingId),
    #[error("{0} must record their attendance at meeting {1} before voting")]
    VoterNotPresent(MemberName, MeetingId),
    #[error("proposal {0} is not on the agenda of meeting {1}")]
    NotOnAgenda(ProposalId, MeetingId),
    #[error("{0} already voted on proposal {1}")]
    AlreadyVoted(MemberName, ProposalId),
    #[error("{0} may not vote on proposal {1}: it pays them (recusal)")]
    RecusedVoter(MemberName, ProposalId),
    #[error("the closing entry says {proposal} was {recorded}, but the votes and the books give {computed}")]
    OutcomeMismatch { proposal: ProposalId, recorded: String, computed: String },
    #[error("the closing entry lists {recorded} outcomes but meeting {meeting} has {agenda} agenda items")]
    OutcomeCount { meeting: MeetingId, recorded: usize, agenda: usize },

    // Proxies (pouvoirs).
    #[error("a member gives their proxy to another member, not to themselves")]
    ProxyToSelf,
    #[error("{0} is present at meeting {1}: a proxy is for a member who will be absent")]
    ProxyGiverPresent(MemberName, MeetingId),
    #[error("{0} already gave a proxy for meeting {1}")]
    ProxyAlreadyGiven(MemberName, MeetingId),
    #[error("{0} gave or holds a proxy for meeting {1}: a proxy is not passed on")]
    ProxyChain(MemberName, MeetingId),
    #[error("{0} already holds the most proxies a member may hold at meeting {1} (one)")]
    ProxyHolderFull(MemberName, MeetingId),

    // Payouts and spend lines.
    #[error("proposal {0} is not a spend line")]
    NotSpendLine(ProposalId),
    #[error("spend line {0} is {1}: payouts go only against adopted spend lines")]
    LineNotAdopted(ProposalId, ProposalStatus),
    #[error("spend line {0} is fully paid: nothing remains to pay or release")]
    LineFullyPaid(ProposalId),
    #[error("the payout of {} is more than the {} that remain on spend line {}", .amount.french(), .remaining.french(), .proposal)]
    PayoutExceedsLine { proposal: ProposalId, amount: Euros, remaining: Euros },
    #[error("{0} is a {1}: retributions go only to members holding a paid role (soucieux or contributor)")]
    PayeeNotPaidRole(MemberName, Role),
    #[error("nobody records a payout to themselves: another soucieux or the support team must record it")]
    SelfPayout,
    #[error("the payout is dated {date}, before its line {line} was adopted on {adopted}")]
    PayoutBeforeAdoption { line: ProposalId, date: NaiveDate, adopted: NaiveDate },
    #[error("the payout is dated {date}, after the day it is recorded ({recorded}): a payout is recorded once it is made")]
    PayoutInFuture { date: NaiveDate, recorded: NaiveDate },

    // Dates of meetings.
    #[error("the meeting is dated {date}, before the circle was founded on {founded}")]
    MeetingBeforeCircle { date: NaiveDate, founded: NaiveDate },
    #[error("the meeting is dated {date}, more than {days} days after the day it is opened ({recorded})", days = crate::ledger::MEETING_AHEAD_DAYS_MAX)]
    MeetingTooFarAhead { date: NaiveDate, recorded: NaiveDate },
}

impl RuleError {
    /// A stable kebab-case name for the rule (for JSON and scripts).
    pub fn rule(&self) -> &'static str {
        use RuleError::*;
        match self {
            NotGenesis => "not-genesis",
            SecondGenesis => "second-genesis",
            WrongCircle { .. } => "wrong-circle",
            WrongSequence { .. } => "wrong-sequence",
            BrokenChain => "broken-chain",
            TimeGoesBackwards => "time-goes-backwards",
            BadSignature => "bad-signature",
            WeakKey => "weak-key",
            UnknownAuthor => "unknown-author",
            NotSoucieux(_) => "not-soucieux",
            NotSoucieuxOrSupport(_) => "not-soucieux-or-support",
            NotSupport(_) => "not-support",
            KeyReplaced { .. } => "key-replaced",
            CountersignedByKeyHolder(_) => "countersigned-by-key-holder",
            AlreadyCountersigned(_) => "already-countersigned",
            NoSupportTeam => "no-support-team",
            NameTaken(_) => "name-taken",
            NameConfusable { .. } => "member-name-confusable",
            KeyTaken(_) => "key-taken",
            TooManyMembers(_) => "too-many-members",
            NoSuchMember(_) => "no-such-member",
            MemberLeft(_) => "member-left",
            SameRole(..) => "same-role",
            LastSoucieux(_) => "last-soucieux",
            SameStatus(_) => "same-status",
            TotalOverflow => "total-overflow",
            DuplicateReference { .. } => "duplicate-reference",
            AgreementTaken(_) => "agreement-taken",
            AgreementPeriod { .. } => "agreement-period",
            NoSuchAgreement(_) => "no-such-agreement",
            AgreementOverAwarded { .. } => "agreement-over-awarded",
            NotAFundReceipt(_) => "not-a-fund-receipt",
            GovernanceChangesNothing(_) => "governance-changes-nothing",
            ProxiesNotAllowed => "proxies-not-allowed",
            CorrectionChangesNothing(_) => "correction-changes-nothing",
            NotAReversiblePayout(_) => "not-a-reversible-payout",
            AlreadyReversed(_) => "already-reversed",
            NothingToCountersign(_) => "nothing-to-countersign",
            CountersignedByAuthor(_) => "countersigned-by-author",
            CountersignedByPayee(_) => "countersigned-by-payee",
            CorrectionLeavesBooksShort { .. } => "correction-leaves-books-short",
            NoSuchAction(_) => "no-such-action",
            NoSuchProposal(_) => "no-such-proposal",
            TooManyProposals => "too-many-proposals",
            SpendOverEnvelope { .. } => "spend-over-envelope",
            PayeeNotMember(_) => "payee-not-member",
            NotPending(..) => "not-pending",
            NotProposalAuthor(_) => "not-proposal-author",
            OnOpenAgenda(..) => "on-open-agenda",
            EmptyAgenda => "empty-agenda",
            AgendaTooLong(_) => "agenda-too-long",
            DuplicateOnAgenda(_) => "duplicate-on-agenda",
            NoSuchMeeting(_) => "no-such-meeting",
            MeetingClosed(_) => "meeting-closed",
            NotVotingMember(..) => "not-voting-member",
            AlreadyPresent(..) => "already-present",
            VoterNotPresent(..) => "voter-not-present",
            NotOnAgenda(..) => "not-on-agenda",
            AlreadyVoted(..) => "already-voted",
            RecusedVoter(..) => "recused-voter",
            OutcomeMismatch { .. } => "outcome-mismatch",
            OutcomeCount { .. } => "outcome-count",
            NotSpendLine(_) => "not-spend-line",
            LineNotAdopted(..) => "line-not-adopted",
            LineFullyPaid(_) => "line-fully-paid",
            PayoutExceedsLine { .. } => "payout-exceeds-line",
            PayeeNotPaidRole(..) => "payee-not-paid-role",
            SelfPayout => "self-payout",
            PayoutBeforeAdoption { .. } => "payout-before-adoption",
            PayoutInFuture { .. } => "payout-in-future",
            MeetingBeforeCircle { .. } => "meeting-before-circle",
            MeetingTooFarAhead { .. } => "meeting-too-far-ahead",
            ProxyToSelf => "proxy-to-self",
            ProxyGiverPresent(..) => "proxy-giver-present",
            ProxyAlreadyGiven(..) => "proxy-already-given",
            ProxyChain(..) => "proxy-chain",
            ProxyHolderFull(..) => "proxy-holder-full",
            EnvelopeOtherCircle { .. } => "envelope-other-circle",
            EnvelopeBadSignature => "envelope-bad-signature",
            EnvelopeTooOld { .. } => "envelope-too-old",
            EnvelopeFromFuture { .. } => "envelope-from-future",
            EnvelopeReplayed(_) => "envelope-replayed",
        }
    }
}

/// Helper for messages about outcomes.
pub(crate) fn outcome_words(outcome: Outcome) -> String {
    outcome.to_string()
}

/// Why a ledger failed verification: the first bad entry and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// An entry's bytes (or its line) do not decode.
    #[error("entry {position}: {error}")]
    Format {
        /// Its position (line number from 0, or seq).
        position: u64,
        /// What is wrong.
        error: FormatError,
    },
    /// An entry breaks a rule.
    #[error("entry {seq} ({kind}): {error}")]
    Rule {
        /// Its position in the ledger, from 0: the seq it must have (not the seq it claims).
        seq: u64,
        /// Its kind.
        kind: &'static str,
        /// The rule it breaks.
        error: RuleError,
    },
    /// There is no entry at all.
    #[error("the ledger is empty: it has no genesis")]
    Empty,
    /// The ledger does not extend the one verified before (see [`crate::Verifier::resuming`]
    /// and [`crate::Verifier::extending`]): the entry at `seq` is another one, or the ledger
    /// stops before it.
    #[error("the ledger does not extend the one verified before, whose entry {seq} is {hash}: {reason}")]
    Diverged {
        /// The head of the ledger verified before.
        seq: u64,
        /// Its hash.
        hash: EntryHash,
        /// What differs.
        reason: String,
    },
    /// A worker thread stopped without an answer (a bug of cercle, never a property of the
    /// ledger): the entries from `position` on were not checked, so nothing is claimed of them.
    #[error("entries from {position} on were not checked: a verification thread failed (a bug in cercle)")]
    Worker {
        /// The first entry not checked.
        position: u64,
    },
    /// A checkpoint's head is not in the ledger.
    #[error("checkpoint {index} (seq {seq}, hash {hash}) is not held by this ledger: {reason}")]
    Checkpoint {
        /// Which checkpoint given (from 1).
        index: usize,
        /// Its seq.
        seq: u64,
        /// Its hash.
        hash: EntryHash,
        /// What differs.
        reason: String,
    },
}

impl VerifyError {
    /// The position of the bad entry, if one entry is to blame.
    pub fn seq(&self) -> Option<u64> {
        match self {
            VerifyError::Format { position, .. } => Some(*position),
            VerifyError::Rule { seq, .. } => Some(*seq),
            VerifyError::Checkpoint { seq, .. } | VerifyError::Diverged { seq, .. } => Some(*seq),
            VerifyError::Empty | VerifyError::Worker { .. } => None,
        }
    }
}
