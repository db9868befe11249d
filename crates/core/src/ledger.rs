//! The state machine: a [`Ledger`] is everything derived from a circle's entries (members,
//! programme, proposals, meetings, books), and [`Ledger::append`] is the only way it changes.
//!
//! Architecture invariants:
//! - append and verification run the very same code ([`Ledger::apply`]); each rule of the
//!   rulebook is checked in exactly one place below;
//! - an entry that breaks a rule leaves the ledger exactly as it was: every check happens
//!   before the first change;
//! - after every entry the books balance: `received = paid + committed + available` with
//!   `available >= 0` (asserted: a broken invariant means corrupt data, never user input);
//! - nothing here reads a clock, a file or a hash map's order: output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

mod corrections;
mod governance;
mod keys;
use corrections::Corrections;
pub use corrections::{Change, Correction, FundRecord};
pub use governance::{GovernanceChange, Setting};
pub use keys::{KeyChange, KeyHolder, KeyRequest, KeySigner};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::agreement::{reference_key, Agreement, AgreementTerms};
use crate::entry::{
    Body, Entry, FundView, Genesis, ItemOutcome, Payee, PayoutView, SignedEntry, AGENDA_LENGTH_MAX,
};
use crate::envelope::{SignedEnvelope, ENVELOPE_AHEAD_SECONDS, ENVELOPE_WINDOW_SECONDS};
use crate::error::{outcome_words, FormatError, RuleError};
use crate::ids::{ActionId, CircleId, EntryHash, MeetingId, MemberName, ProposalId, PublicKey};
use crate::model::{
    Choice, CircleStatus, Governance, Outcome, ProposalStatus, RejectReason, Role, Tally, Text,
};
use crate::money::Euros;

/// The most members (current and former) a circle may have.
pub const MEMBERS_MAX: usize = 10_000;

/// The most proxies one member may hold at a meeting.
pub const PROXIES_PER_HOLDER_MAX: usize = 1;

/// How many days after the day it is opened a meeting may be dated, at most
/// (`meeting-too-far-ahead`): a year, leap day included.
pub const MEETING_AHEAD_DAYS_MAX: i64 = 366;

/// The circle a ledger holds, as its genesis fixed it (and status changes since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circle {
    /// The hash of the genesis entry.
    pub id: CircleId,
    /// Its name.
    pub name: Text,
    /// Its territory.
    pub territory: Text,
    /// Emerging or active.
    pub status: CircleStatus,
    /// Quorum, threshold, recusal.
    pub governance: Governance,
    /// The support team's key, if any.
    pub support_key: Option<PublicKey>,
    /// When the genesis was recorded.
    pub founded_at: DateTime<Utc>,
    /// Payouts above this amount count only once countersigned (set by vote; none at genesis).
    pub four_eyes: Option<Euros>,
    /// Whether members may give their vote to another at a meeting (set by vote; yes at
    /// genesis).
    pub proxies: bool,
}

/// The last entry of a ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Its seq (the ledger holds `seq + 1` entries).
    pub seq: u64,
    /// Its hash.
    pub hash: EntryHash,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// A member, current or former.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Their name, as first written.
    pub name: MemberName,
    /// Their public key.
    pub key: PublicKey,
    /// Their role (the last one, for a former member).
    pub role: Role,
    /// `false` once they left.
    pub active: bool,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// Retributions paid to them.
    pub paid: Euros,
}

/// An action of the programme (an adopted `action` proposal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// `A1`, `A2`…
    pub id: ActionId,
    /// Its title.
    pub title: Text,
    /// Its budget envelope.
    pub envelope: Euros,
    /// The proposal that created it.
    pub proposal: ProposalId,
    /// Adopted on its spend lines and not yet paid nor released.
    pub committed: Euros,
    /// Paid on its spend lines.
    pub paid: Euros,
}

impl Action {
    /// What its adopted spend lines take from its envelope: committed plus paid.
    pub fn used(&self) -> Euros {
        self.committed.checked_add(self.paid).unwrap_or(self.envelope)
    }
}

/// A spend line: an amount to spend on one action, for a member or a supplier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendLine {
    /// The action it spends on.
    pub action: ActionId,
    /// The amount asked (and committed, once adopted).
    pub amount: Euros,
    /// Whom it pays.
    pub payee: Payee,
    /// What for.
    pub purpose: Text,
    /// Paid so far.
    pub paid: Euros,
    /// Released when a soucieux closed the line.
    pub released: Euros,
    /// Adopted before its payee left the circle: the work it pays was decided while they were
    /// a member, so they may still be paid on it.
    pub owed_after_leaving: bool,
}

impl SpendLine {
    /// What may still be paid on the line.
    pub fn remaining(&self) -> Euros {
        self.amount.saturating_sub(self.paid).saturating_sub(self.released)
    }
}

/// What a proposal proposes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProposalKind {
    /// A new action for the programme.
    Action {
        /// Its title.
        title: Text,
        /// Its budget envelope.
        envelope: Euros,
        /// The action it became, once adopted.
        action: Option<ActionId>,
    },
    /// A spend line on an adopted action.
    Spend(SpendLine),
    /// A change of the circle's settings.
    Governance(Vec<Setting>),
}

/// A proposal and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// `P1`, `P2`…
    pub id: ProposalId,
    /// Who proposed it.
    pub author: MemberName,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Pending, adopted, rejected, withdrawn or closed.
    pub status: ProposalStatus,
    /// What it proposes.
    pub kind: ProposalKind,
    /// The meeting that decided it (adopted or rejected).
    pub decided_in: Option<MeetingId>,
    /// The date of that meeting.
    pub decided_on: Option<NaiveDate>,
    /// The last outcome a meeting gave it, with its tally.
    pub outcome: Option<ItemOutcome>,
}

impl Proposal {
    /// The spend line, if this is one.
    pub fn spend_line(&self) -> Option<&SpendLine> {
        match &self.kind {
            ProposalKind::Spend(line) => Some(line),
            ProposalKind::Action { .. } | ProposalKind::Governance(_) => None,
        }
    }

    /// `action` or `spend`.
    pub fn kind_word(&self) -> &'static str {
        match self.kind {
            ProposalKind::Action { .. } => "action",
            ProposalKind::Governance(_) => "governance",
            ProposalKind::Spend(_) => "spend",
        }
    }
}

/// A regulation meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// `M1`, `M2`…
    pub id: MeetingId,
    /// The date it is held.
    pub date: NaiveDate,
    /// The soucieux who opened it.
    pub opened_by: MemberName,
    /// The proposals it decides, in order.
    pub agenda: Vec<ProposalId>,
    /// Members when it opened (case-insensitive keys); emptied when it closes.
    voting: BTreeSet<String>,
    /// How many members could vote.
    pub voting_count: u32,
    /// Members recorded present (keys); kept when it closes, for its minutes.
    present: BTreeSet<String>,
    /// How many were present.
    pub present_count: u32,
    /// Votes by (proposal, member key); emptied when it closes (the tallies stay in `outcomes`).
    votes: BTreeMap<(ProposalId, String), Choice>,
    /// Proxies (*pouvoirs*) by the giver's key: (giver, holder). A proxy is void, and removed,
    /// when its giver attends. Kept when it closes, for its minutes.
    proxies: BTreeMap<String, (MemberName, MemberName)>,
    /// The outcomes, once closed.
    pub outcomes: Option<Vec<ItemOutcome>>,
}

impl Meeting {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.outcomes.is_none()
    }

    /// The votes cast so far on `proposal` (while open; after closing, see `outcomes`).
    pub fn tally(&self, proposal: ProposalId) -> Tally {
        let mut tally = Tally::default();
        let from = (proposal, String::new());
        self.votes
            .range(from..)
            .take_while(|((id, _), _)| *id == proposal)
            .for_each(|(_, choice)| tally.add(*choice));
        tally
    }

    /// Whether a member (by name) is recorded present (while open).
    pub fn is_present(&self, name: &MemberName) -> bool {
        self.present.contains(&name.key())
    }

    /// Whether a member (by name) was a member when it opened, so may attend and vote (while
    /// open).
    pub fn is_voting(&self, name: &MemberName) -> bool {
        self.voting.contains(&name.key())
    }

    /// The proxies given (and not void): (giver, holder).
    pub fn proxies(&self) -> impl Iterator<Item = &(MemberName, MemberName)> {
        self.proxies.values()
    }

    /// A member's vote on `proposal`, if they cast one (while open).
    pub fn vote_of(&self, proposal: ProposalId, name: &MemberName) -> Option<Choice> {
        self.votes.get(&(proposal, name.key())).copied()
    }
}

/// The books: what came in, what is promised, what went out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Sum of funds received.
    pub received: Euros,
    /// Adopted spend lines minus what was paid on them and released.
    pub committed: Euros,
    /// Sum of payouts.
    pub paid: Euros,
}

impl Totals {
    /// `received - paid - committed`, never below zero.
    pub fn available(&self) -> Euros {
        self.received.saturating_sub(self.paid).saturating_sub(self.committed)
    }
}

/// Money in and out during one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFlow {
    /// Funds received (by the entry's date).
    pub received: Euros,
    /// Payouts (by the payout's date).
    pub paid: Euros,
}

/// Who signed an entry, as the rules see it.
#[derive(Clone, Debug)]
enum Author {
    Member(Member),
    Support,
}

/// The state of a circle's ledger: everything derived from its entries, in order.
///
/// ```
/// use cercle_core::{Body, Genesis, Governance, Ledger, CircleStatus, Text, TextField};
/// use ed25519_dalek::SigningKey;
/// let alice = SigningKey::from_bytes(&[1; 32]);
/// let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
/// let mut ledger = Ledger::new();
/// ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
///     name: Text::new(TextField::CircleName, "Littoral").unwrap(),
///     territory: Text::new(TextField::Territory, "Côte d'Opale").unwrap(),
///     status: CircleStatus::Active,
///     founder: "alice".parse().unwrap(),
///     governance: Governance::default(),
///     support_key: None,
/// })).unwrap();
/// ledger.sign_and_append(&alice, at, Body::FundReceived {
///     amount: "15 000".parse().unwrap(),
///     source: Text::new(TextField::Source, "FEDER").unwrap(),
///     reference: Text::new(TextField::Reference, "HF-2024-001").unwrap(),
/// }).unwrap();
/// assert_eq!(ledger.totals().available().to_string(), "15000.00");
/// assert_eq!(ledger.head().unwrap().seq, 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    circle: Option<Circle>,
    head: Option<Head>,
    members: BTreeMap<String, Member>,
    keys: BTreeMap<PublicKey, String>,
    /// Every member's, current or former, [`MemberName::lookalike_keys`], each with the key
    /// ([`MemberName::key`]) of the member it belongs to: a new name with one of them is refused
    /// (`member-name-confusable`).
    lookalikes: BTreeMap<String, String>,
    actions: Vec<Action>,
    /// Live proposals: pending ones, and adopted spend lines with something left to pay.
    proposals: BTreeMap<ProposalId, Proposal>,
    /// Every proposal's status (low 7 bits) and whether it is a spend line (high bit), by id:
    /// enough to refuse precisely what targets a settled proposal.
    statuses: Vec<u8>,
    /// Open meetings.
    meetings: BTreeMap<MeetingId, Meeting>,
    meeting_count: u32,
    open_agenda: BTreeMap<ProposalId, MeetingId>,
    funders: BTreeMap<String, Euros>,
    totals: Totals,
    months: BTreeMap<String, MonthFlow>,
    paid_by_role: BTreeMap<Role, Euros>,
    /// The envelopes sequenced within the replay window ([`crate::envelope`]), by creation time
    /// then id: an older one is refused as too old, so it need not be remembered.
    envelopes: BTreeSet<(i64, EntryHash)>,
    /// Funding agreements, by [`reference_key`].
    agreements: BTreeMap<String, Agreement>,
    /// The references of fund receipts and of payouts used in the last [`REFERENCE_WINDOW_DAYS`]
    /// days, each by its fingerprint ([`reference_fingerprint`]), with the seq and day (days
    /// from the common era) of the latest entry that used it: a duplicate within the window is
    /// refused unless it is meant. Fingerprints, not strings, and a window, so that the live
    /// state stays small however many payouts a circle made over the years.
    fund_refs: BTreeMap<u64, (u64, i32)>,
    payout_refs: BTreeMap<u64, (u64, i32)>,
    /// Fund receipts, recent payouts and corrections waiting (see [`corrections`]).
    corrections: Corrections,
    /// Key replacements waiting, and the key history (see [`keys`]).
    key_book: keys::Keys,
    /// What no rule reads again; see [`History`].
    #[serde(skip)]
    history: History,
}

/// What no rule reads again: settled proposals (decided against, withdrawn, closed, fully
/// paid, or adopted actions), closed meetings, and checkpoints.
///
/// A [`Ledger`] built in memory keeps its history, so reports see everything. A store takes it
/// after every entry ([`Ledger::take_history`]) and keeps it apart, so that the state it rewrites
/// on each append does not grow with the ledger's past.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Settled proposals.
    pub proposals: BTreeMap<ProposalId, Proposal>,
    /// Closed meetings.
    pub meetings: BTreeMap<MeetingId, Meeting>,
    /// The heads the support team checkpointed, in order.
    pub checkpoints: Vec<Head>,
    /// Corrections, once countersigned, in order.
    pub corrections: Vec<Correction>,
    /// References used again on purpose (the entry said so): (seq, `fund receipt` or
    /// `payout`, the reference, the seq that first used it).
    pub duplicates: Vec<(u64, String, String, u64)>,
    /// Settings changed by vote, in order.
    pub governance: Vec<GovernanceChange>,
}

impl History {
    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.proposals.is_empty()
            && self.meetings.is_empty()
            && self.checkpoints.is_empty()
            && self.corrections.is_empty()
            && self.duplicates.is_empty()
            && self.governance.is_empty()
    }

    /// Add `other` (a later part of the same ledger's history).
    pub fn extend(&mut self, other: History) {
        self.proposals.extend(other.proposals);
        self.meetings.extend(other.meetings);
        self.checkpoints.extend(other.checkpoints);
        self.corrections.extend(other.corrections);
        self.duplicates.extend(other.duplicates);
        self.governance.extend(other.governance);
    }
}

const SPEND_FLAG: u8 = 0x80;

/// Why [`Ledger::sign_and_append`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// The entry could not be encoded (too large, wrong key).
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The entry breaks a rule.
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl Ledger {
    /// An empty ledger, waiting for its genesis.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// The circle (after genesis).
    pub fn circle(&self) -> Option<&Circle> {
        self.circle.as_ref()
    }

    /// The last entry.
    pub fn head(&self) -> Option<Head> {
        self.head
    }

    /// The books.
    pub fn totals(&self) -> Totals {
        self.totals
    }

    /// Every member, current and former, by name (case-insensitive order).
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    /// A member by name (any case).
    pub fn member(&self, name: &MemberName) -> Option<&Member> {
        self.members.get(&name.key())
    }

    /// The member holding `key`, if any.
    pub fn member_by_key(&self, key: &PublicKey) -> Option<&Member> {
        self.keys.get(key).and_then(|name| self.members.get(name))
    }

    /// The programme's actions, `A1` first.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// An action by id.
    pub fn action(&self, id: ActionId) -> Option<&Action> {
        self.actions.get(index(id.0)?)
    }

    /// Every proposal this ledger holds (live ones and its history), `P1` first.
    pub fn proposals(&self) -> Vec<&Proposal> {
        let mut all: Vec<&Proposal> =
            self.proposals.values().chain(self.history.proposals.values()).collect();
        all.sort_by_key(|p| p.id);
        all
    }

    /// The live proposals: pending, or adopted spend lines with something left to pay.
    pub fn live_proposals(&self) -> impl Iterator<Item = &Proposal> {
        self.proposals.values()
    }

    /// A proposal by id (live, or in the history this ledger holds).
    pub fn proposal(&self, id: ProposalId) -> Option<&Proposal> {
        self.proposals.get(&id).or_else(|| self.history.proposals.get(&id))
    }

    /// A proposal's status, even when its record is in a history kept elsewhere.
    pub fn proposal_status(&self, id: ProposalId) -> Option<ProposalStatus> {
        let code = *self.statuses.get(index(id.0)?)?;
        ProposalStatus::from_code(code & !SPEND_FLAG)
    }

    /// How many proposals were ever made (the last id).
    pub fn proposal_count(&self) -> u32 {
        u32::try_from(self.statuses.len()).unwrap_or(u32::MAX)
    }

    /// Every meeting this ledger holds (open ones and its history), `M1` first.
    pub fn meetings(&self) -> Vec<&Meeting> {
        let mut all: Vec<&Meeting> = self.meetings.values().chain(self.history.meetings.values()).collect();
        all.sort_by_key(|m| m.id);
        all
    }

    /// The open meetings.
    pub fn open_meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.values()
    }

    /// A meeting by id (open, or in the history this ledger holds).
    pub fn meeting(&self, id: MeetingId) -> Option<&Meeting> {
        self.meetings.get(&id).or_else(|| self.history.meetings.get(&id))
    }

    /// Whether `name` may not vote on `proposal` because it is a spend line paying them and
    /// the circle's governance has recusal on (the rule [`Body::Vote`] checks).
    pub fn is_recused(&self, proposal: ProposalId, name: &MemberName) -> bool {
        let pays_voter = self
            .proposal(proposal)
            .and_then(Proposal::spend_line)
            .is_some_and(|line| matches!(&line.payee, Payee::Member(payee) if payee.key() == name.key()));
        pays_voter && self.governance().recusal
    }

    /// How many meetings were ever opened (the last id).
    pub fn meeting_count(&self) -> u32 {
        self.meeting_count
    }

    /// Take the history gathered since the last call (see [`History`]).
    pub fn take_history(&mut self) -> History {
        std::mem::take(&mut self.history)
    }

    /// The history this ledger holds (see [`History`]).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Put back a history kept apart (e.g. read from a store), to report on everything.
    pub fn restore_history(&mut self, history: History) {
        self.history.extend(history);
    }

    /// Funding agreements, in the order of their references' keys ([`reference_key`]).
    pub fn agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.agreements.values()
    }

    /// The agreement whose reference is `reference`, whatever its case.
    pub fn agreement(&self, reference: &str) -> Option<&Agreement> {
        self.agreements.get(&reference_key(reference))
    }

    /// The seq of the fund receipt (`fund`) or payout (`!fund`) that first used `reference`
    /// (compared by [`reference_key`]), if one did.
    pub fn reference_used(&self, fund: bool, reference: &str, day: NaiveDate) -> Option<u64> {
        let refs = if fund { &self.fund_refs } else { &self.payout_refs };
        let horizon = window_start(day);
        refs.get(&reference_fingerprint(reference)).filter(|(_, used)| *used >= horizon).map(|(seq, _)| *seq)
    }

    /// `reference` used by the entry `seq` of `day`: remembered as its latest use, and the uses
    /// older than the window forgotten.
    fn remember_reference(&mut self, fund: bool, reference: &str, seq: u64, day: NaiveDate) {
        let refs = if fund { &mut self.fund_refs } else { &mut self.payout_refs };
        refs.insert(reference_fingerprint(reference), (seq, day.num_days_from_ce()));
        let horizon = window_start(day);
        refs.retain(|_, (_, used)| *used >= horizon);
    }

    /// Funds received per source, by source name.
    pub fn funders(&self) -> &BTreeMap<String, Euros> {
        &self.funders
    }

    /// Money in and out per month (`YYYY-MM`).
    pub fn months(&self) -> &BTreeMap<String, MonthFlow> {
        &self.months
    }

    /// Retributions paid, by the role the payee held when paid (expenses are not counted).
    pub fn paid_by_role(&self) -> &BTreeMap<Role, Euros> {
        &self.paid_by_role
    }

    /// The heads the support team checkpointed inside this ledger (from its history).
    pub fn checkpoints(&self) -> &[Head] {
        &self.history.checkpoints
    }

    /// How many entries the ledger holds.
    pub fn len(&self) -> u64 {
        self.head.map_or(0, |head| head.seq + 1)
    }

    /// Whether the ledger has no entry yet.
    pub fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// The next entry for `body` by `author` at `at`: circle, seq and previous hash filled in.
    ///
    /// `at` is cut to whole seconds, and a time before the head's is raised to the head's: an
    /// entry may not be dated before the previous one (`time-goes-backwards`), and the clocks of
    /// two laptops that take turns writing a ledger need not agree to the second.
    pub fn draft(&self, author: PublicKey, at: DateTime<Utc>, body: Body) -> Entry {
        let (circle, seq, prev) = match (&self.circle, &self.head) {
            (Some(circle), Some(head)) => (circle.id, head.seq + 1, head.hash),
            _ => (EntryHash::ZERO, 0, EntryHash::ZERO),
        };
        let at = at.max(self.head.map_or(at, |head| head.recorded_at));
        let at = DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at);
        Entry { circle, seq, prev, recorded_at: at, author, body }
    }

    /// Draft, sign with `key`, check every rule, append. Returns the signed entry to store.
    /// On error the ledger is unchanged.
    pub fn sign_and_append(
        &mut self,
        key: &SigningKey,
        at: DateTime<Utc>,
        body: Body,
    ) -> Result<SignedEntry, AppendError> {
        let author = PublicKey(key.verifying_key().to_bytes());
        let signed = self.draft(author, at, body).sign(key)?;
        // The signature was made just now by the author's own key and `sign` read the bytes
        // back: checking it again would double the cost of every entry a program writes.
        self.apply(&signed)?;
        Ok(signed)
    }

    /// Check an entry's signature (strictly) and every rule, then apply it.
    /// On error the ledger is unchanged.
    pub fn append(&mut self, signed: &SignedEntry) -> Result<(), RuleError> {
        signed.verify_signature().map_err(|_| RuleError::BadSignature)?;
        self.apply(signed)
    }

    /// The outcomes that closing `meeting` now would record, in agenda order.
    pub fn preview_close(&self, meeting: MeetingId) -> Result<Vec<ItemOutcome>, RuleError> {
        let found = self.meeting(meeting).ok_or(RuleError::NoSuchMeeting(meeting))?;
        if !found.is_open() {
            return Err(RuleError::MeetingClosed(meeting));
        }
        Ok(self.compute_outcomes(found))
    }

    /// Check every rule but the signature (already checked, e.g. in a batch), then apply.
    pub(crate) fn apply(&mut self, signed: &SignedEntry) -> Result<(), RuleError> {
        let entry = signed.entry();
        self.check_chain(entry)?;
        match &entry.body {
            Body::Genesis(genesis) => self.genesis(signed, genesis)?,
            body => {
                let author = self.author(&entry.author)?;
                self.apply_body(entry, author, body)?;
            }
        }
        self.head = Some(Head { seq: entry.seq, hash: signed.hash(), recorded_at: entry.recorded_at });
        self.assert_books();
        Ok(())
    }

    fn apply_body(&mut self, entry: &Entry, author: Author, body: &Body) -> Result<(), RuleError> {
        let at = entry.recorded_at;
        match body {
            Body::Genesis(_) => Err(RuleError::SecondGenesis),
            Body::MemberAdd { name, key, role } => self.member_add(author, at, name, *key, *role),
            Body::MemberRole { name, role } => self.member_role(author, name, *role),
            Body::MemberLeave { name } => self.member_leave(author, name),
            Body::CircleStatus { status } => self.circle_status(author, *status),
            Body::FundReceived { .. } | Body::FundReceivedV2 { .. } => {
                let fund = body.fund().ok_or(RuleError::TotalOverflow)?;
                self.fund_received(author, entry.seq, at, fund)
            }
            Body::Agreement(terms) => self.agreement_add(author, entry, terms),
            Body::ProposeAction { title, envelope } => {
                let member = require_member(author)?;
                let kind = ProposalKind::Action { title: title.clone(), envelope: *envelope, action: None };
                self.add_proposal(member, at, kind)
            }
            Body::ProposeSpend { action, amount, payee, purpose } => {
                self.propose_spend(author, at, *action, *amount, payee, purpose)
            }
            Body::Withdraw { proposal } => self.withdraw(author, *proposal),
            Body::MeetingOpen { date, agenda } => self.meeting_open(author, at, *date, agenda),
            Body::Attend { meeting } => self.attend(author, *meeting),
            Body::Vote { meeting, proposal, choice } => self.vote(author, *meeting, *proposal, *choice),
            Body::MeetingClose { meeting, outcomes } => self.meeting_close(author, *meeting, outcomes),
            Body::Payout { .. } | Body::PayoutV2 { .. } => {
                let payout = body.payout().ok_or(RuleError::TotalOverflow)?;
                self.payout(author, entry, payout)
            }
            Body::FundCorrection { target, amount, source, reference, reason } => {
                let change = Change::Fund {
                    target: *target,
                    amount: *amount,
                    source: source.clone(),
                    reference: reference.clone(),
                };
                self.correct(author, entry, change, reason)
            }
            Body::PayoutReversal { target, reason } => {
                self.correct(author, entry, Change::Reversal { target: *target }, reason)
            }
            Body::Countersign { target } => self.countersign(author, entry, *target),
            Body::ProposeGovernance { settings } => {
                let member = require_member(author)?;
                self.check_governance(settings)?;
                self.add_proposal(member, at, ProposalKind::Governance(settings.clone()))
            }
            Body::MemberKey { name, key } => self.member_key(author, entry, name, *key),
            Body::SupportKey { key } => self.support_key(author, entry, *key),
            Body::SpendClose { proposal } => self.spend_close(author, *proposal),
            Body::Checkpoint => self.checkpoint(author, entry),
            Body::Envelope(envelope) => self.sequence(entry, author, envelope),
            Body::Proxy { meeting, holder } => self.proxy(author, *meeting, holder),
        }
    }

    /// An envelope's checks, then its act applied as its author's.
    fn sequence(&mut self, entry: &Entry, keeper: Author, signed: &SignedEnvelope) -> Result<(), RuleError> {
        require_soucieux(keeper, "sequence members' envelopes (as the circle's keeper)")?;
        let envelope = signed.envelope();
        let circle = self.circle.as_ref().map_or(EntryHash::ZERO, |circle| circle.id);
        if envelope.circle != circle {
            return Err(RuleError::EnvelopeOtherCircle { found: envelope.circle.to_hex()[..16].to_string() });
        }
        let (created, recorded) = (envelope.created_at.timestamp(), entry.recorded_at.timestamp());
        let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        if created < recorded.saturating_sub(ENVELOPE_WINDOW_SECONDS) {
            return Err(RuleError::EnvelopeTooOld {
                created: when(envelope.created_at),
                recorded: when(entry.recorded_at),
            });
        }
        if created > recorded.saturating_add(ENVELOPE_AHEAD_SECONDS) {
            return Err(RuleError::EnvelopeFromFuture {
                created: when(envelope.created_at),
                recorded: when(entry.recorded_at),
            });
        }
        if self.envelopes.contains(&(created, signed.id())) {
            return Err(RuleError::EnvelopeReplayed(signed.id().to_hex()[..16].to_string()));
        }
        signed.verify_signature().map_err(|_| RuleError::EnvelopeBadSignature)?;
        let author = self.author(&envelope.author)?;
        self.apply_body(entry, author, &envelope.body)?;
        let cutoff = recorded.saturating_sub(ENVELOPE_WINDOW_SECONDS);
        while self.envelopes.first().is_some_and(|(time, _)| *time < cutoff) {
            self.envelopes.pop_first();
        }
        self.envelopes.insert((created, signed.id()));
        Ok(())
    }

    /// The keys that may sign a publication of this ledger's checkpoint, under their note names:
    /// the support team's ([`crate::SUPPORT_KEY_NAME`]) and every current soucieux's, as the
    /// keeper ([`crate::KEEPER_KEY_NAME`]).
    pub fn publishers(&self) -> Vec<(&'static str, PublicKey)> {
        let support = self.circle.as_ref().and_then(|circle| circle.support_key);
        let support = support.map(|key| (crate::SUPPORT_KEY_NAME, key));
        let keepers = self
            .members
            .values()
            .filter(|member| member.active && member.role == Role::Soucieux)
            .map(|member| (crate::KEEPER_KEY_NAME, member.key));
        support.into_iter().chain(keepers).collect()
    }

    /// Whether an envelope with this id, created at `created_at`, was sequenced within the
    /// replay window (so is in the ledger).
    pub fn has_envelope(&self, envelope: &SignedEnvelope) -> bool {
        self.envelopes.contains(&(envelope.envelope().created_at.timestamp(), envelope.id()))
    }

    /// Check `envelope` against every rule as if the keeper sequenced it at `at`, without
    /// changing the ledger (for a member who signs one, on their copy of the ledger).
    pub fn check_envelope(&self, envelope: &SignedEnvelope, at: DateTime<Utc>) -> Result<(), RuleError> {
        self.clone().foresee_envelope(envelope, at)
    }

    /// Apply `envelope` as if the keeper sequenced it at `at`, but for the head, which stays
    /// where it is: what a member's copy expects of the envelopes waiting in an inbox, before
    /// checking a new one against it. On error the ledger is unchanged. A ledger changed so is
    /// no longer the circle's: use it on a copy made for the purpose.
    pub fn foresee_envelope(
        &mut self,
        envelope: &SignedEnvelope,
        at: DateTime<Utc>,
    ) -> Result<(), RuleError> {
        let entry = self.draft(PublicKey([0; 32]), at, Body::Envelope(Box::new(envelope.clone())));
        self.check_chain(&entry)?;
        // Any current soucieux stands for the keeper: what is checked is the envelope.
        let keeper = self
            .members
            .values()
            .find(|member| member.active && member.role == Role::Soucieux)
            .cloned()
            .ok_or(RuleError::NotSoucieux("sequence members' envelopes (as the circle's keeper)"))?;
        self.sequence(&entry, Author::Member(keeper), envelope)
    }

    // The ledger: one circle, a chain, time that does not go back.

    fn check_chain(&self, entry: &Entry) -> Result<(), RuleError> {
        let is_genesis = matches!(entry.body, Body::Genesis(_));
        let (Some(circle), Some(head)) = (&self.circle, &self.head) else {
            if !is_genesis {
                return Err(RuleError::NotGenesis);
            }
            if entry.seq != 0 {
                return Err(RuleError::WrongSequence { expected: 0, found: entry.seq });
            }
            if entry.circle != EntryHash::ZERO {
                return Err(RuleError::WrongCircle { expected: EntryHash::ZERO, found: entry.circle });
            }
            if entry.prev != EntryHash::ZERO {
                return Err(RuleError::BrokenChain);
            }
            return Ok(());
        };
        if is_genesis {
            return Err(RuleError::SecondGenesis);
        }
        if entry.circle != circle.id {
            return Err(RuleError::WrongCircle { expected: circle.id, found: entry.circle });
        }
        let expected = head.seq + 1;
        if entry.seq != expected {
            return Err(RuleError::WrongSequence { expected, found: entry.seq });
        }
        if entry.prev != head.hash {
            return Err(RuleError::BrokenChain);
        }
        if entry.recorded_at < head.recorded_at {
            return Err(RuleError::TimeGoesBackwards);
        }
        Ok(())
    }

    fn author(&self, key: &PublicKey) -> Result<Author, RuleError> {
        let support = self.circle.as_ref().and_then(|circle| circle.support_key);
        if support == Some(*key) {
            return Ok(Author::Support);
        }
        if let Some(change) = self.replaced(key) {
            return Err(RuleError::KeyReplaced { holder: change.holder.to_string(), seq: change.seq });
        }
        match self.member_by_key(key) {
            Some(member) if member.active && member.key == *key => Ok(Author::Member(member.clone())),
            _ => Err(RuleError::UnknownAuthor),
        }
    }

    fn circle_mut(&mut self) -> &mut Circle {
        // Only called after check_chain, which guarantees a genesis was applied.
        self.circle.as_mut().expect("a circle after genesis")
    }

    fn governance(&self) -> Governance {
        self.circle.as_ref().map(|circle| circle.governance).unwrap_or_default()
    }

    // Circle and members.

    fn genesis(&mut self, signed: &SignedEntry, genesis: &Genesis) -> Result<(), RuleError> {
        let entry = signed.entry();
        check_key(&entry.author)?;
        if let Some(support) = &genesis.support_key {
            check_key(support)?;
            if *support == entry.author {
                return Err(RuleError::KeyTaken(genesis.founder.to_string()));
            }
        }
        let founder = Member {
            name: genesis.founder.clone(),
            key: entry.author,
            role: Role::Soucieux,
            active: true,
            joined_at: entry.recorded_at,
            paid: Euros::ZERO,
        };
        self.keys.insert(entry.author, founder.name.key());
        for lookalike in founder.name.lookalike_keys() {
            self.lookalikes.insert(lookalike, founder.name.key());
        }
        self.members.insert(founder.name.key(), founder);
        self.circle = Some(Circle {
            id: signed.hash(),
            name: genesis.name.clone(),
            territory: genesis.territory.clone(),
            status: genesis.status,
            governance: genesis.governance,
            support_key: genesis.support_key,
            founded_at: entry.recorded_at,
            four_eyes: None,
            proxies: true,
        });
        Ok(())
    }

    fn member_add(
        &mut self,
        author: Author,
        at: DateTime<Utc>,
        name: &MemberName,
        key: PublicKey,
        role: Role,
    ) -> Result<(), RuleError> {
        require_soucieux(author, "add a member")?;
        if let Some(existing) = self.members.get(&name.key()) {
            return Err(RuleError::NameTaken(existing.name.clone()));
        }
        let lookalikes = name.lookalike_keys();
        if let Some(existing) = lookalikes.iter().find_map(|form| self.lookalikes.get(form)) {
            let existing = self.members.get(existing).map_or_else(|| name.clone(), |m| m.name.clone());
            return Err(RuleError::NameConfusable { name: name.clone(), existing });
        }
        self.check_new_key(&key)?;
        if self.members.len() >= MEMBERS_MAX {
            return Err(RuleError::TooManyMembers(MEMBERS_MAX));
        }
        let member = Member { name: name.clone(), key, role, active: true, joined_at: at, paid: Euros::ZERO };
        self.keys.insert(key, name.key());
        for lookalike in lookalikes {
            self.lookalikes.insert(lookalike, name.key());
        }
        self.members.insert(name.key(), member);
        Ok(())
    }

    fn current_member(&self, name: &MemberName) -> Result<&Member, RuleError> {
        let member = self.members.get(&name.key()).ok_or_else(|| RuleError::NoSuchMember(name.clone()))?;
        if !member.active {
            return Err(RuleError::MemberLeft(member.name.clone()));
        }
        Ok(member)
    }

    fn is_last_soucieux(&self, member: &Member) -> bool {
        member.role == Role::Soucieux
            && self.members.values().filter(|m| m.active && m.role == Role::Soucieux).count() == 1
    }

    fn member_role(&mut self, author: Author, name: &MemberName, role: Role) -> Result<(), RuleError> {
        require_soucieux(author, "change a member's role")?;
        let member = self.current_member(name)?;
        if member.role == role {
            return Err(RuleError::SameRole(member.name.clone(), role));
        }
        if self.is_last_soucieux(member) {
            return Err(RuleError::LastSoucieux(member.name.clone()));
        }
        let key = name.key();
        if let Some(member) = self.members.get_mut(&key) {
            member.role = role;
        }
        Ok(())
    }

    fn member_leave(&mut self, author: Author, name: &MemberName) -> Result<(), RuleError> {
        require_soucieux(author, "record that a member left")?;
        let member = self.current_member(name)?;
        if self.is_last_soucieux(member) {
            return Err(RuleError::LastSoucieux(member.name.clone()));
        }
        let key = name.key();
        if let Some(member) = self.members.get_mut(&key) {
            member.active = false;
        }
        // What was adopted for them stays owed.
        for proposal in self.proposals.values_mut().filter(|p| p.status == ProposalStatus::Adopted) {
            if let ProposalKind::Spend(line) = &mut proposal.kind {
                if matches!(&line.payee, Payee::Member(payee) if payee.key() == key) {
                    line.owed_after_leaving = true;
                }
            }
        }
        Ok(())
    }

    fn circle_status(&mut self, author: Author, status: CircleStatus) -> Result<(), RuleError> {
        require_soucieux(author, "change the circle's status")?;
        let circle = self.circle_mut();
        if circle.status == status {
            return Err(RuleError::SameStatus(status));
        }
        circle.status = status;
        Ok(())
    }

    // Funds.

    fn agreement_add(
        &mut self,
        author: Author,
        entry: &Entry,
        terms: &AgreementTerms,
    ) -> Result<(), RuleError> {
        require_soucieux_or_support(author, "declare a funding agreement")?;
        let key = reference_key(terms.reference.as_str());
        if let Some(existing) = self.agreements.get(&key) {
            return Err(RuleError::AgreementTaken(existing.terms.reference.clone()));
        }
        if terms.to < terms.from {
            return Err(RuleError::AgreementPeriod { from: terms.from, to: terms.to });
        }
        if let Some(missing) = terms.actions.iter().find(|id| self.action(**id).is_none()) {
            return Err(RuleError::NoSuchAction(*missing));
        }
        let agreement = Agreement {
            terms: terms.clone(),
            seq: entry.seq,
            declared_at: entry.recorded_at,
            received: Euros::ZERO,
        };
        self.agreements.insert(key, agreement);
        Ok(())
    }

    /// A reference already used by an earlier fund receipt (`fund`) or payout, unless the
    /// entry says the duplicate is meant.
    fn check_reference(
        &self,
        fund: bool,
        reference: &Text,
        duplicate_ok: bool,
        day: NaiveDate,
    ) -> Result<(), RuleError> {
        match self.reference_used(fund, reference.as_str(), day) {
            Some(seq) if !duplicate_ok => Err(RuleError::DuplicateReference {
                what: if fund { "fund receipt" } else { "payout" },
                reference: reference.clone(),
                seq,
            }),
            _ => Ok(()),
        }
    }

    /// A reference used again on purpose goes into the history, for the audit to list.
    fn note_duplicate(&mut self, fund: bool, seq: u64, reference: &Text, day: NaiveDate) {
        if let Some(first) = self.reference_used(fund, reference.as_str(), day) {
            let what = if fund { "fund receipt" } else { "payout" };
            self.history.duplicates.push((seq, what.to_string(), reference.to_string(), first));
        }
    }

    fn fund_received(
        &mut self,
        author: Author,
        seq: u64,
        at: DateTime<Utc>,
        fund: FundView<'_>,
    ) -> Result<(), RuleError> {
        let FundView { amount, source, reference, agreement, duplicate_ok } = fund;
        let fund = FundView { amount, source, reference, agreement, duplicate_ok };
        require_soucieux_or_support(author, "record funds received")?;
        self.check_reference(true, reference, duplicate_ok, at.date_naive())?;
        let into = match agreement {
            None => None,
            Some(name) => {
                let key = reference_key(name.as_str());
                let agreement =
                    self.agreements.get(&key).ok_or_else(|| RuleError::NoSuchAgreement(name.clone()))?;
                let total = agreement.received.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
                if total > agreement.terms.amount {
                    return Err(RuleError::AgreementOverAwarded {
                        agreement: agreement.terms.reference.clone(),
                        received: total,
                        awarded: agreement.terms.amount,
                    });
                }
                Some((key, total))
            }
        };
        let received = self.totals.received.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
        let funder = self.funders.get(source.as_str()).copied().unwrap_or(Euros::ZERO);
        let funder = funder.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
        let month = self.months.get(&month_of(at.date_naive())).copied().unwrap_or_default();
        let month_received = month.received.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
        self.totals.received = received;
        self.funders.insert(source.as_str().to_string(), funder);
        self.months.insert(month_of(at.date_naive()), MonthFlow { received: month_received, ..month });
        self.note_duplicate(true, seq, reference, at.date_naive());
        self.remember_reference(true, reference.as_str(), seq, at.date_naive());
        self.remember_fund(seq, at.date_naive(), &fund);
        if let Some((key, total)) = into {
            if let Some(agreement) = self.agreements.get_mut(&key) {
                agreement.received = total;
            }
        }
        Ok(())
    }

    // Proposals.

    fn add_proposal(
        &mut self,
        author: Member,
        at: DateTime<Utc>,
        kind: ProposalKind,
    ) -> Result<(), RuleError> {
        let number = self.proposal_count().checked_add(1).ok_or(RuleError::TooManyProposals)?;
        let spend = if matches!(kind, ProposalKind::Spend(_)) { SPEND_FLAG } else { 0 };
        self.statuses.push(ProposalStatus::Pending.code() | spend);
        self.proposals.insert(
            ProposalId(number),
            Proposal {
                id: ProposalId(number),
                author: author.name,
                proposed_at: at,
                status: ProposalStatus::Pending,
                kind,
                decided_in: None,
                decided_on: None,
                outcome: None,
            },
        );
        Ok(())
    }

    fn propose_spend(
        &mut self,
        author: Author,
        at: DateTime<Utc>,
        action_id: ActionId,
        amount: Euros,
        payee: &Payee,
        purpose: &Text,
    ) -> Result<(), RuleError> {
        let member = require_member(author)?;
        let action = self.action(action_id).ok_or(RuleError::NoSuchAction(action_id))?;
        if amount > action.envelope {
            return Err(RuleError::SpendOverEnvelope {
                action: action_id,
                amount,
                envelope: action.envelope,
            });
        }
        let payee = match payee {
            Payee::Member(name) => {
                let payee = self.members.get(&name.key()).filter(|m| m.active);
                let payee = payee.ok_or_else(|| RuleError::PayeeNotMember(name.clone()))?;
                Payee::Member(payee.name.clone())
            }
            supplier => supplier.clone(),
        };
        let line = SpendLine {
            action: action_id,
            amount,
            payee,
            purpose: purpose.clone(),
            paid: Euros::ZERO,
            released: Euros::ZERO,
            owed_after_leaving: false,
        };
        self.add_proposal(member, at, ProposalKind::Spend(line))
    }

    fn pending_proposal(&self, id: ProposalId) -> Result<&Proposal, RuleError> {
        let status = self.proposal_status(id).ok_or(RuleError::NoSuchProposal(id))?;
        let proposal = self.proposals.get(&id).filter(|p| p.status == ProposalStatus::Pending);
        let proposal = proposal.ok_or(RuleError::NotPending(id, status))?;
        if let Some(meeting) = self.open_agenda.get(&id) {
            return Err(RuleError::OnOpenAgenda(id, *meeting));
        }
        Ok(proposal)
    }

    fn withdraw(&mut self, author: Author, id: ProposalId) -> Result<(), RuleError> {
        let member = require_member(author)?;
        let proposal = self.pending_proposal(id)?;
        if proposal.author.key() != member.name.key() {
            return Err(RuleError::NotProposalAuthor(id));
        }
        self.set_status(id, ProposalStatus::Withdrawn);
        self.settle(id);
        Ok(())
    }

    fn proposal_mut(&mut self, id: ProposalId) -> &mut Proposal {
        // Callers checked that the proposal is live.
        self.proposals.get_mut(&id).expect("a checked live proposal")
    }

    fn set_status(&mut self, id: ProposalId, status: ProposalStatus) {
        if let Some(proposal) = self.proposals.get_mut(&id) {
            proposal.status = status;
        }
        if let Some(code) = index(id.0).and_then(|i| self.statuses.get_mut(i)) {
            *code = (*code & SPEND_FLAG) | status.code();
        }
    }

    /// Move a proposal no rule will read again to the history.
    fn settle(&mut self, id: ProposalId) {
        if let Some(proposal) = self.proposals.remove(&id) {
            self.history.proposals.insert(id, proposal);
        }
    }

    // Regulation meetings.

    fn meeting_open(
        &mut self,
        author: Author,
        at: DateTime<Utc>,
        date: NaiveDate,
        agenda: &[ProposalId],
    ) -> Result<(), RuleError> {
        let soucieux = require_soucieux(author, "open a meeting")?;
        let founded = self.circle.as_ref().map_or(at, |circle| circle.founded_at);
        check_meeting_date(founded.date_naive(), date, at.date_naive())?;
        if agenda.is_empty() {
            return Err(RuleError::EmptyAgenda);
        }
        if agenda.len() > AGENDA_LENGTH_MAX {
            return Err(RuleError::AgendaTooLong(AGENDA_LENGTH_MAX));
        }
        let mut seen = BTreeSet::new();
        for id in agenda {
            if !seen.insert(*id) {
                return Err(RuleError::DuplicateOnAgenda(*id));
            }
            self.pending_proposal(*id)?;
        }
        let voting: BTreeSet<String> =
            self.members.values().filter(|m| m.active).map(|m| m.name.key()).collect();
        let id = MeetingId(self.meeting_count.checked_add(1).ok_or(RuleError::TooManyProposals)?);
        for proposal in agenda {
            self.open_agenda.insert(*proposal, id);
        }
        self.meeting_count = id.0;
        self.meetings.insert(
            id,
            Meeting {
                id,
                date,
                opened_by: soucieux.name,
                agenda: agenda.to_vec(),
                voting_count: u32::try_from(voting.len()).unwrap_or(u32::MAX),
                voting,
                present: BTreeSet::new(),
                present_count: 0,
                votes: BTreeMap::new(),
                proxies: BTreeMap::new(),
                outcomes: None,
            },
        );
        Ok(())
    }

    fn open_meeting(&self, id: MeetingId) -> Result<&Meeting, RuleError> {
        if id.0 > self.meeting_count {
            return Err(RuleError::NoSuchMeeting(id));
        }
        self.meetings.get(&id).ok_or(RuleError::MeetingClosed(id))
    }

    fn meeting_mut(&mut self, id: MeetingId) -> &mut Meeting {
        // Callers checked that the meeting is open.
        self.meetings.get_mut(&id).expect("a checked open meeting")
    }

    fn attend(&mut self, author: Author, id: MeetingId) -> Result<(), RuleError> {
        let member = require_member(author)?;
        let meeting = self.open_meeting(id)?;
        let key = member.name.key();
        if !meeting.voting.contains(&key) {
            return Err(RuleError::NotVotingMember(member.name, id));
        }
        if meeting.present.contains(&key) {
            return Err(RuleError::AlreadyPresent(member.name, id));
        }
        let meeting = self.meeting_mut(id);
        // A proxy is void if its giver attends: they vote for themselves.
        meeting.proxies.remove(&key);
        meeting.present.insert(key);
        meeting.present_count += 1;
        Ok(())
    }

    fn proxy(&mut self, author: Author, id: MeetingId, holder: &MemberName) -> Result<(), RuleError> {
        let giver = require_member(author)?;
        if !self.circle.as_ref().is_some_and(|c| c.proxies) {
            return Err(RuleError::ProxiesNotAllowed);
        }
        let meeting = self.open_meeting(id)?;
        let (giver_key, holder_key) = (giver.name.key(), holder.key());
        if !meeting.voting.contains(&giver_key) {
            return Err(RuleError::NotVotingMember(giver.name, id));
        }
        if giver_key == holder_key {
            return Err(RuleError::ProxyToSelf);
        }
        let holder = self.current_member(holder)?.name.clone();
        if !meeting.voting.contains(&holder_key) {
            return Err(RuleError::NotVotingMember(holder, id));
        }
        if meeting.present.contains(&giver_key) {
            return Err(RuleError::ProxyGiverPresent(giver.name, id));
        }
        if meeting.proxies.contains_key(&giver_key) {
            return Err(RuleError::ProxyAlreadyGiven(giver.name, id));
        }
        if meeting.proxies.values().any(|(_, held_by)| held_by.key() == giver_key) {
            return Err(RuleError::ProxyChain(giver.name, id));
        }
        if meeting.proxies.contains_key(&holder_key) {
            return Err(RuleError::ProxyChain(holder, id));
        }
        let held = meeting.proxies.values().filter(|(_, held_by)| held_by.key() == holder_key).count();
        if held >= PROXIES_PER_HOLDER_MAX {
            return Err(RuleError::ProxyHolderFull(holder, id));
        }
        self.meeting_mut(id).proxies.insert(giver_key, (giver.name, holder));
        Ok(())
    }

    /// The votes on `proposal` at an open `meeting`, proxies included: a holder's vote counts
    /// for the giver too (unless the item pays the giver: recusal applies to them as well).
    pub fn tally(&self, meeting: &Meeting, proposal: ProposalId) -> Tally {
        let mut tally = meeting.tally(proposal);
        for (giver, holder) in meeting.proxies.values() {
            if self.is_recused(proposal, giver) {
                continue;
            }
            if let Some(choice) = meeting.votes.get(&(proposal, holder.key())) {
                tally.add(*choice);
            }
        }
        tally
    }

    fn vote(
        &mut self,
        author: Author,
        id: MeetingId,
        proposal: ProposalId,
        choice: Choice,
    ) -> Result<(), RuleError> {
        let member = require_member(author)?;
        let meeting = self.open_meeting(id)?;
        let key = member.name.key();
        if !meeting.agenda.contains(&proposal) {
            return Err(RuleError::NotOnAgenda(proposal, id));
        }
        if !meeting.present.contains(&key) {
            return Err(RuleError::VoterNotPresent(member.name, id));
        }
        if meeting.votes.contains_key(&(proposal, key.clone())) {
            return Err(RuleError::AlreadyVoted(member.name, proposal));
        }
        if self.is_recused(proposal, &member.name) {
            return Err(RuleError::RecusedVoter(member.name, proposal));
        }
        self.meeting_mut(id).votes.insert((proposal, key), choice);
        Ok(())
    }

    /// Decide every agenda item in order: quorum, threshold, then the action's envelope and the
    /// funds available (each adoption counts against the next items).
    fn compute_outcomes(&self, meeting: &Meeting) -> Vec<ItemOutcome> {
        let governance = self.governance();
        // Members present or represented (a proxy's giver is absent: attending voids it).
        let represented = u32::try_from(meeting.proxies.len()).unwrap_or(u32::MAX);
        let quorum =
            governance.quorum.is_met(meeting.present_count.saturating_add(represented), meeting.voting_count);
        let mut available = self.totals.available();
        let mut used: BTreeMap<ActionId, Euros> = BTreeMap::new();
        let mut outcomes = Vec::with_capacity(meeting.agenda.len());
        for id in &meeting.agenda {
            let tally = self.tally(meeting, *id);
            let outcome = if !quorum {
                Outcome::NoQuorum
            } else if !governance.threshold.passes(tally) {
                Outcome::Rejected(RejectReason::Vote)
            } else {
                self.decide_adopted(*id, &mut available, &mut used)
            };
            outcomes.push(ItemOutcome { proposal: *id, outcome, tally });
        }
        outcomes
    }

    fn decide_adopted(
        &self,
        id: ProposalId,
        available: &mut Euros,
        used: &mut BTreeMap<ActionId, Euros>,
    ) -> Outcome {
        let Some(line) = self.proposal(id).and_then(Proposal::spend_line) else {
            return Outcome::Adopted;
        };
        let Some(action) = self.action(line.action) else {
            return Outcome::Rejected(RejectReason::OverEnvelope);
        };
        let action_used = *used.entry(line.action).or_insert_with(|| action.used());
        let within_envelope =
            action_used.checked_add(line.amount).is_some_and(|total| total <= action.envelope);
        if !within_envelope {
            return Outcome::Rejected(RejectReason::OverEnvelope);
        }
        let Some(left) = available.checked_sub(line.amount) else {
            return Outcome::Rejected(RejectReason::InsufficientFunds);
        };
        *available = left;
        used.insert(line.action, action_used.checked_add(line.amount).unwrap_or(action.envelope));
        Outcome::Adopted
    }

    fn meeting_close(
        &mut self,
        author: Author,
        id: MeetingId,
        recorded: &[ItemOutcome],
    ) -> Result<(), RuleError> {
        require_soucieux(author, "close a meeting")?;
        let meeting = self.open_meeting(id)?;
        let computed = self.compute_outcomes(meeting);
        if computed.len() != recorded.len() {
            return Err(RuleError::OutcomeCount {
                meeting: id,
                recorded: recorded.len(),
                agenda: computed.len(),
            });
        }
        for (recorded, computed) in recorded.iter().zip(&computed) {
            if recorded != computed {
                return Err(RuleError::OutcomeMismatch {
                    proposal: computed.proposal,
                    recorded: describe(recorded),
                    computed: describe(computed),
                });
            }
        }
        let date = meeting.date;
        // Every item is checked before the first one changes anything: a closing is applied
        // whole or not at all.
        self.check_decisions(&computed)?;
        for item in &computed {
            self.decide(id, date, item)?;
        }
        let mut meeting = self.meetings.remove(&id).expect("a checked open meeting");
        meeting.outcomes = Some(computed);
        // The minutes keep who was present; the rolls and single votes are done with (the
        // tallies stay in `outcomes`).
        meeting.voting = BTreeSet::new();
        meeting.votes = BTreeMap::new();
        for proposal in &meeting.agenda {
            self.open_agenda.remove(proposal);
        }
        self.history.meetings.insert(id, meeting);
        Ok(())
    }

    /// What [`Ledger::decide`] could refuse, for every item of a closing, before any changes:
    /// a proposal missing from the live state, too many actions, totals that would overflow, a
    /// spend line on an action the programme does not have.
    fn check_decisions(&self, items: &[ItemOutcome]) -> Result<(), RuleError> {
        let mut actions = self.actions.len();
        let mut committed = self.totals.committed;
        let mut on_action: BTreeMap<ActionId, Euros> = BTreeMap::new();
        for item in items {
            let proposal =
                self.proposals.get(&item.proposal).ok_or(RuleError::NoSuchProposal(item.proposal))?;
            if item.outcome != Outcome::Adopted {
                continue;
            }
            match &proposal.kind {
                ProposalKind::Action { .. } => {
                    actions += 1;
                    u32::try_from(actions).map_err(|_| RuleError::TooManyProposals)?;
                }
                ProposalKind::Spend(line) => {
                    committed = committed.checked_add(line.amount).ok_or(RuleError::TotalOverflow)?;
                    let action = index(line.action.0).and_then(|i| self.actions.get(i));
                    let action = action.ok_or(RuleError::NoSuchAction(line.action))?;
                    let sum = on_action.entry(line.action).or_insert(action.committed);
                    *sum = sum.checked_add(line.amount).ok_or(RuleError::TotalOverflow)?;
                }
                ProposalKind::Governance(_) => {}
            }
        }
        Ok(())
    }

    /// Apply one computed outcome (the checks were made by `compute_outcomes` and
    /// `check_decisions`).
    fn decide(&mut self, meeting: MeetingId, date: NaiveDate, item: &ItemOutcome) -> Result<(), RuleError> {
        let status = match item.outcome {
            Outcome::NoQuorum => None,
            Outcome::Rejected(_) => Some(ProposalStatus::Rejected),
            Outcome::Adopted => Some(ProposalStatus::Adopted),
        };
        let next_action =
            ActionId(u32::try_from(self.actions.len() + 1).map_err(|_| RuleError::TooManyProposals)?);
        let proposal =
            self.proposals.get_mut(&item.proposal).ok_or(RuleError::NoSuchProposal(item.proposal))?;
        proposal.outcome = Some(*item);
        let Some(status) = status else { return Ok(()) };
        proposal.decided_in = Some(meeting);
        proposal.decided_on = Some(date);
        self.set_status(item.proposal, status);
        let adopted_spend = status == ProposalStatus::Adopted
            && self.proposals.get(&item.proposal).is_some_and(|p| p.spend_line().is_some());
        if !adopted_spend {
            // Rejected proposals and adopted actions are settled; adopted lines await payouts.
            self.settle(item.proposal);
        }
        if status != ProposalStatus::Adopted {
            return Ok(());
        }
        match &mut self.proposal_ref_mut(item.proposal)?.kind {
            ProposalKind::Action { title, envelope, action } => {
                *action = Some(next_action);
                let created = Action {
                    id: next_action,
                    title: title.clone(),
                    envelope: *envelope,
                    proposal: item.proposal,
                    committed: Euros::ZERO,
                    paid: Euros::ZERO,
                };
                self.actions.push(created);
            }
            ProposalKind::Governance(settings) => {
                let settings = settings.clone();
                self.apply_governance(item.proposal, meeting, date, &settings);
            }
            ProposalKind::Spend(line) => {
                let (action_id, amount) = (line.action, line.amount);
                let committed = self.totals.committed.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
                let action = index(action_id.0).and_then(|i| self.actions.get_mut(i));
                let action = action.ok_or(RuleError::NoSuchAction(action_id))?;
                action.committed = action.committed.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
                self.totals.committed = committed;
            }
        }
        Ok(())
    }

    fn proposal_ref_mut(&mut self, id: ProposalId) -> Result<&mut Proposal, RuleError> {
        match self.proposals.get_mut(&id) {
            Some(proposal) => Ok(proposal),
            None => self.history.proposals.get_mut(&id).ok_or(RuleError::NoSuchProposal(id)),
        }
    }

    fn action_mut(&mut self, id: ActionId) -> &mut Action {
        let position = index(id.0).expect("a checked action id");
        &mut self.actions[position]
    }

    // Payouts and spend lines.

    /// A live adopted spend line; a settled one is refused with the reason.
    fn adopted_line(&self, id: ProposalId) -> Result<&SpendLine, RuleError> {
        let code = index(id.0).and_then(|i| self.statuses.get(i)).ok_or(RuleError::NoSuchProposal(id))?;
        if code & SPEND_FLAG == 0 {
            return Err(RuleError::NotSpendLine(id));
        }
        let status = ProposalStatus::from_code(code & !SPEND_FLAG).ok_or(RuleError::NoSuchProposal(id))?;
        if status != ProposalStatus::Adopted {
            return Err(RuleError::LineNotAdopted(id, status));
        }
        let line = self.proposals.get(&id).and_then(Proposal::spend_line);
        line.ok_or(RuleError::LineFullyPaid(id))
    }

    fn payout(&mut self, author: Author, entry: &Entry, payout: PayoutView<'_>) -> Result<(), RuleError> {
        let four_eyes = self.circle.as_ref().and_then(|c| c.four_eyes);
        if let Some(threshold) = four_eyes.filter(|threshold| payout.amount > *threshold) {
            // Above the four-eyes threshold: every rule is checked now, and the payout counts
            // once a second signer countersigned it (`corrections`).
            self.pay(author.clone(), entry.seq, entry.recorded_at, &payout, true)?;
            return self.await_second_signature(author, entry, &payout, threshold);
        }
        self.pay(author, entry.seq, entry.recorded_at, &payout, false)
    }

    /// A payout's rules, then (unless `check_only`) its effects on the books.
    fn pay(
        &mut self,
        author: Author,
        seq: u64,
        recorded_at: DateTime<Utc>,
        payout: &PayoutView<'_>,
        check_only: bool,
    ) -> Result<(), RuleError> {
        let PayoutView { proposal: id, amount, date, reference, duplicate_ok, .. } = *payout;
        let recorder = require_soucieux_or_support(author, "record a payout")?;
        let line = self.adopted_line(id)?;
        self.check_reference(false, reference, duplicate_ok, recorded_at.date_naive())?;
        let remaining = line.remaining();
        if amount > remaining {
            return Err(RuleError::PayoutExceedsLine { proposal: id, amount, remaining });
        }
        let payee_key = match &line.payee {
            Payee::Member(name) => {
                // A former member is paid only on a line adopted before they left.
                let payee = match self.member(name) {
                    Some(former) if !former.active && line.owed_after_leaving => former,
                    _ => self.current_member(name)?,
                };
                if !payee.role.is_paid() {
                    return Err(RuleError::PayeeNotPaidRole(payee.name.clone(), payee.role));
                }
                if recorder.as_ref().is_some_and(|r| r.key == payee.key) {
                    return Err(RuleError::SelfPayout);
                }
                Some((name.key(), payee.role))
            }
            Payee::Supplier(_) => None,
        };
        let adopted = self.proposals.get(&id).and_then(|proposal| proposal.decided_on);
        // An adopted line always has the date of the meeting that adopted it.
        let adopted = adopted.ok_or(RuleError::NoSuchProposal(id))?;
        check_payout_date(id, adopted, date, recorded_at.date_naive())?;
        let action_id = line.action;
        let committed = self.totals.committed.checked_sub(amount).ok_or(RuleError::TotalOverflow)?;
        let paid = self.totals.paid.checked_add(amount).ok_or(RuleError::TotalOverflow)?;
        if check_only {
            return Ok(());
        }
        // Every check is done: from here on, only changes.
        self.totals.committed = committed;
        self.totals.paid = paid;
        if let ProposalKind::Spend(line) = &mut self.proposal_mut(id).kind {
            line.paid = line.paid.checked_add(amount).unwrap_or(line.amount);
        }
        let fully_paid = self.proposal_mut(id).spend_line().is_some_and(|line| line.remaining().is_zero());
        if fully_paid {
            self.settle(id);
        }
        let action = self.action_mut(action_id);
        action.committed = action.committed.saturating_sub(amount);
        action.paid = action.paid.checked_add(amount).unwrap_or(action.envelope);
        self.remember_payout(seq, recorded_at, payout, action_id, payee_key.clone());
        if let Some((key, role)) = payee_key {
            if let Some(member) = self.members.get_mut(&key) {
                member.paid = member.paid.checked_add(amount).unwrap_or(member.paid);
            }
            let by_role = self.paid_by_role.entry(role).or_insert(Euros::ZERO);
            *by_role = by_role.checked_add(amount).unwrap_or(*by_role);
        }
        let month = self.months.entry(month_of(date)).or_default();
        month.paid = month.paid.checked_add(amount).unwrap_or(month.paid);
        self.note_duplicate(false, seq, reference, recorded_at.date_naive());
        self.remember_reference(false, reference.as_str(), seq, recorded_at.date_naive());
        Ok(())
    }

    fn spend_close(&mut self, author: Author, id: ProposalId) -> Result<(), RuleError> {
        require_soucieux(author, "close a spend line")?;
        let line = self.adopted_line(id)?;
        let (remainder, action_id) = (line.remaining(), line.action);
        let committed = self.totals.committed.checked_sub(remainder).ok_or(RuleError::TotalOverflow)?;
        self.totals.committed = committed;
        if let ProposalKind::Spend(line) = &mut self.proposal_mut(id).kind {
            line.released = remainder;
        }
        self.set_status(id, ProposalStatus::Closed);
        self.settle(id);
        let action = self.action_mut(action_id);
        action.committed = action.committed.saturating_sub(remainder);
        Ok(())
    }

    fn checkpoint(&mut self, author: Author, entry: &Entry) -> Result<(), RuleError> {
        if !matches!(author, Author::Support) {
            return Err(RuleError::NotSupport("sign a checkpoint"));
        }
        let head = self.head.ok_or(RuleError::NotGenesis)?;
        debug_assert_eq!(head.hash, entry.prev);
        self.history.checkpoints.push(head);
        Ok(())
    }

    /// The books balance after every entry; a failure here means corrupt data or a bug, never
    /// user input (which is refused before any change).
    fn assert_books(&self) {
        let t = self.totals;
        let spent = t.paid.checked_add(t.committed);
        assert!(spent.is_some_and(|spent| spent <= t.received), "the books do not balance: {t:?}");
    }

    /// Recompute the books from the proposals and compare with the running totals (for tests
    /// and audits; linear in the number of proposals).
    pub fn check_books(&self) -> Result<(), String> {
        let mut committed = Euros::ZERO;
        let mut paid = Euros::ZERO;
        for proposal in self.proposals() {
            let Some(line) = proposal.spend_line() else { continue };
            paid = paid.checked_add(line.paid).ok_or("overflow")?;
            if proposal.status == ProposalStatus::Adopted {
                committed = committed.checked_add(line.remaining()).ok_or("overflow")?;
            }
        }
        let t = self.totals;
        let paid = paid.checked_sub(self.corrections.reversed).ok_or("reversed more than paid")?;
        if committed != t.committed || paid != t.paid {
            return Err(format!(
                "running totals {t:?} but proposals give committed {committed}, paid {paid}"
            ));
        }
        let balance = t.paid.checked_add(t.committed).and_then(|s| s.checked_add(t.available()));
        if balance != Some(t.received) {
            return Err(format!("received {} != paid + committed + available", t.received));
        }
        for action in &self.actions {
            if action.used() > action.envelope {
                return Err(format!("action {} is past its envelope", action.id));
            }
        }
        Ok(())
    }
}

/// The dates of a payout on spend line `line` (`payout-before-adoption`, `payout-in-future`): it
/// is paid on or after `adopted`, the date of the meeting that adopted the line, and on or
/// before `recorded`, the UTC day of the entry that records it (a payout is recorded once made).
/// Every kind of payout checks it.
fn check_payout_date(
    line: ProposalId,
    adopted: NaiveDate,
    date: NaiveDate,
    recorded: NaiveDate,
) -> Result<(), RuleError> {
    if date < adopted {
        return Err(RuleError::PayoutBeforeAdoption { line, date, adopted });
    }
    if date > recorded {
        return Err(RuleError::PayoutInFuture { date, recorded });
    }
    Ok(())
}

/// The date of a meeting (`meeting-before-circle`, `meeting-too-far-ahead`): not before
/// `founded`, the UTC day the genesis was recorded, nor more than [`MEETING_AHEAD_DAYS_MAX`] days
/// after `recorded`, the UTC day of the entry that opens it.
fn check_meeting_date(founded: NaiveDate, date: NaiveDate, recorded: NaiveDate) -> Result<(), RuleError> {
    if date < founded {
        return Err(RuleError::MeetingBeforeCircle { date, founded });
    }
    if date.signed_duration_since(recorded).num_days() > MEETING_AHEAD_DAYS_MAX {
        return Err(RuleError::MeetingTooFarAhead { date, recorded });
    }
    Ok(())
}

fn describe(item: &ItemOutcome) -> String {
    let t = item.tally;
    format!("{} ({} for, {} against, {} abstain)", outcome_words(item.outcome), t.for_, t.against, t.abstain)
}

/// A reference's fingerprint: the first 8 bytes (big-endian) of the SHA-256 of its
/// [`reference_key`]. Two different references share one with odds of one in 2^64 per pair.
/// How long (in days, by the UTC day entries are recorded) references are remembered for the
/// duplicate rule, fund receipts may be corrected and payouts reversed.
pub const REFERENCE_WINDOW_DAYS: i32 = 400;

/// The first day (days from the common era) of the window that ends on `day`.
fn window_start(day: NaiveDate) -> i32 {
    day.num_days_from_ce() - REFERENCE_WINDOW_DAYS
}

fn reference_fingerprint(reference: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(reference_key(reference).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn index(number: u32) -> Option<usize> {
    usize::try_from(number).ok()?.checked_sub(1)
}

/// A key entering the circle must be a valid point and not of small order: under such a key
/// anyone can make signatures. Every signature check refuses them too; this refuses them at
/// the door, with a rule of their own.
fn check_key(key: &PublicKey) -> Result<(), RuleError> {
    match VerifyingKey::from_bytes(&key.0) {
        Ok(verifying) if !verifying.is_weak() => Ok(()),
        _ => Err(RuleError::WeakKey),
    }
}

fn require_member(author: Author) -> Result<Member, RuleError> {
    match author {
        Author::Member(member) => Ok(member),
        Author::Support => Err(RuleError::UnknownAuthor),
    }
}

fn require_soucieux(author: Author, what: &'static str) -> Result<Member, RuleError> {
    match author {
        Author::Member(member) if member.role == Role::Soucieux => Ok(member),
        _ => Err(RuleError::NotSoucieux(what)),
    }
}

/// The recorder, or `None` for the support team.
fn require_soucieux_or_support(author: Author, what: &'static str) -> Result<Option<Member>, RuleError> {
    match author {
        Author::Member(member) if member.role == Role::Soucieux => Ok(Some(member)),
        Author::Support => Ok(None),
        Author::Member(_) => Err(RuleError::NotSoucieuxOrSupport(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextField;

    /// A closing whose second item cannot be decided (its proposal is missing from the live
    /// state: corrupt data, never user input) is refused before its first item changes
    /// anything.
    #[test]
    fn a_closing_is_applied_whole_or_not_at_all() {
        let alice = SigningKey::from_bytes(&[1; 32]);
        let mut clock = 1_715_000_000;
        let mut next = |ledger: &mut Ledger, body: Body| {
            clock += 60;
            let at = DateTime::from_timestamp(clock, 0).unwrap();
            ledger.sign_and_append(&alice, at, body)
        };
        let mut ledger = Ledger::new();
        let text = |field, value: &str| Text::new(field, value).unwrap();
        let genesis = Genesis {
            name: text(TextField::CircleName, "Littoral"),
            territory: text(TextField::Territory, "Côte d'Opale"),
            status: CircleStatus::Active,
            founder: "alice".parse().unwrap(),
            governance: Governance::default(),
            support_key: None,
        };
        next(&mut ledger, Body::Genesis(genesis)).unwrap();
        for title in ["Forum", "Fablab"] {
            let body = Body::ProposeAction {
                title: text(TextField::Title, title),
                envelope: "100".parse().unwrap(),
            };
            next(&mut ledger, body).unwrap();
        }
        let date = NaiveDate::from_ymd_opt(2024, 5, 6).unwrap();
        next(&mut ledger, Body::MeetingOpen { date, agenda: vec![ProposalId(1), ProposalId(2)] }).unwrap();
        next(&mut ledger, Body::Attend { meeting: MeetingId(1) }).unwrap();
        for id in [1, 2] {
            let vote = Body::Vote { meeting: MeetingId(1), proposal: ProposalId(id), choice: Choice::For };
            next(&mut ledger, vote).unwrap();
        }
        let outcomes = ledger.preview_close(MeetingId(1)).unwrap();
        ledger.proposals.remove(&ProposalId(2));
        let before = ledger.clone();
        let close = Body::MeetingClose { meeting: MeetingId(1), outcomes };
        let refused = next(&mut ledger, close);
        assert_eq!(refused, Err(AppendError::Rule(RuleError::NoSuchProposal(ProposalId(2)))));
        assert_eq!(ledger, before, "P1 was not decided, A1 not created");
        assert!(ledger.actions().is_empty());
    }
}
