//! The state machine: a [`Ledger`] is everything derived from a circle's entries (members,
//! programme, proposals, meetings, books), and [`Ledger::append`] is the only way it changes.
//!
//! Architecture invariants:
//! - append and verification run the very same code ([`Ledger::apply`]); each rule of the
//!   rulebook is checked in exactly one place, here or in the child module of its rule group;
//! - an entry that breaks a rule leaves the ledger exactly as it was: every check happens
//!   before the first change;
//! - after every entry the books balance: `received = paid + committed + available` with
//!   `available >= 0` (asserted: a broken invariant means corrupt data, never user input);
//! - nothing here reads a clock, a file or a hash map's order: output is deterministic.
//!
//! This file holds the state (the [`Ledger`] and its records), the read accessors, the entry's
//! way in ([`Ledger::draft`], [`Ledger::append`], `apply` and its dispatch by kind, the chain and
//! the author) and the helpers the rule groups share. The rules live in child modules, one per
//! group (names as in `docs/RULES.md`), so that they keep the state's fields private: `members`
//! (genesis, members, status), `proposals`, `meetings` (tallies, quorum, outcomes, proxies),
//! `governance`, `funds` (agreements, funds received, payouts, closing a line, the references'
//! window), `corrections` (and four eyes), `keys`, `envelopes` and `checkpoints`.

use std::collections::{BTreeMap, BTreeSet};

mod checkpoints;
mod corrections;
mod envelopes;
mod funds;
mod governance;
mod keys;
mod meetings;
mod members;
mod proposals;
use corrections::Corrections;
pub use corrections::{Change, Correction, FundRecord};
pub use funds::REFERENCE_WINDOW_DAYS;
pub use governance::{GovernanceChange, Setting};
pub use keys::{KeyChange, KeyHolder, KeyRequest, KeySigner};
pub use meetings::MEETING_AHEAD_DAYS_MAX;
pub use members::MEMBERS_MAX;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::agreement::{reference_key, Agreement};
use crate::entry::{Body, Entry, ItemOutcome, Payee, SignedEntry};
use crate::error::{FormatError, RuleError};
use crate::ids::{ActionId, CircleId, EntryHash, MeetingId, MemberName, ProposalId, PublicKey};
use crate::model::{Choice, CircleStatus, Governance, ProposalStatus, Role, Tally, Text};
use crate::money::Euros;

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
    /// days, each by its fingerprint ([`funds::reference_fingerprint`]), with the seq and day (days
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
            Body::Checkpoint => self.checkpoint(entry),
            Body::Envelope(envelope) => self.sequence(entry, author, envelope),
            Body::Proxy { meeting, holder } => self.proxy(author, *meeting, holder),
        }
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

fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn index(number: u32) -> Option<usize> {
    usize::try_from(number).ok()?.checked_sub(1)
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
