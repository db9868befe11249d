//! Regulation meetings (`docs/RULES.md`, "Regulation meetings"; proxies: `docs/FORMAT.md` §13):
//! a soucieux opens a meeting with a date and an agenda of pending proposals; members attend, give
//! proxies and vote, each signing their own entry; a soucieux closes it with the outcomes, which
//! every verifier recomputes here (tallies with proxies, quorum, threshold, then the envelopes and
//! the funds available, in agenda order).
//!
//! Rules: `not-soucieux`, `meeting-before-circle`, `meeting-too-far-ahead`, `empty-agenda`,
//! `agenda-too-long`, `duplicate-on-agenda`, `no-such-meeting`, `meeting-closed`,
//! `not-voting-member`, `already-present`, `proxies-not-allowed`, `proxy-to-self`,
//! `proxy-giver-present`, `proxy-already-given`, `proxy-chain`, `proxy-holder-full`,
//! `not-on-agenda`, `voter-not-present`, `already-voted`, `recused-voter`, `outcome-count`,
//! `outcome-mismatch`; a closing is applied whole or not at all.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    index, require_member, require_soucieux, Action, Author, Ledger, Meeting, Proposal, ProposalKind,
};
use crate::entry::{ItemOutcome, Payee, AGENDA_LENGTH_MAX};
use crate::error::{outcome_words, RuleError};
use crate::ids::{ActionId, MeetingId, MemberName, ProposalId};
use crate::model::{Choice, Outcome, ProposalStatus, RejectReason, Tally};
use crate::money::Euros;

/// The most proxies one member may hold at a meeting.
pub const PROXIES_PER_HOLDER_MAX: usize = 1;

/// How many days after the day it is opened a meeting may be dated, at most
/// (`meeting-too-far-ahead`): a year, leap day included.
pub const MEETING_AHEAD_DAYS_MAX: i64 = 366;

impl Ledger {
    /// The outcomes that closing `meeting` now would record, in agenda order.
    pub fn preview_close(&self, meeting: MeetingId) -> Result<Vec<ItemOutcome>, RuleError> {
        let found = self.meeting(meeting).ok_or(RuleError::NoSuchMeeting(meeting))?;
        if !found.is_open() {
            return Err(RuleError::MeetingClosed(meeting));
        }
        Ok(self.compute_outcomes(found))
    }

    pub(super) fn meeting_open(
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

    pub(super) fn attend(&mut self, author: Author, id: MeetingId) -> Result<(), RuleError> {
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

    pub(super) fn proxy(
        &mut self,
        author: Author,
        id: MeetingId,
        holder: &MemberName,
    ) -> Result<(), RuleError> {
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

    /// Whether `name` may not vote on `proposal` because it is a spend line paying them and
    /// the circle's governance has recusal on (the rule [`Body::Vote`](crate::entry::Body::Vote) checks).
    pub fn is_recused(&self, proposal: ProposalId, name: &MemberName) -> bool {
        let pays_voter = self
            .proposal(proposal)
            .and_then(Proposal::spend_line)
            .is_some_and(|line| matches!(&line.payee, Payee::Member(payee) if payee.key() == name.key()));
        pays_voter && self.governance().recusal
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

    pub(super) fn vote(
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

    pub(super) fn meeting_close(
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

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use ed25519_dalek::SigningKey;

    use super::super::AppendError;
    use super::*;
    use crate::entry::{Body, Genesis};
    use crate::model::{CircleStatus, Governance, Text, TextField};

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
