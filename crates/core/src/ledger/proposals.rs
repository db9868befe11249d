//! Proposals (`docs/RULES.md`, "Proposals"): any current member proposes an action (a title and a
//! budget envelope) or a spend line on an adopted action (an amount within the action's envelope,
//! a payee, a purpose); a proposal is `pending` until a meeting decides it, and its author may
//! withdraw it while it is pending and on no open meeting's agenda.
//!
//! Rules: `unknown-author`, `no-such-action`, `spend-over-envelope`, `payee-not-member`,
//! `no-such-proposal`, `not-pending`, `on-open-agenda`, `not-proposal-author`. Also here: a
//! proposal's status as every rule reads it, and a settled proposal's move to the history.
//! Governance proposals are checked in [`super::governance`].

use chrono::{DateTime, Utc};

use super::{index, require_member, Author, Ledger, Member, Proposal, ProposalKind, SpendLine, SPEND_FLAG};
use crate::entry::Payee;
use crate::error::RuleError;
use crate::ids::{ActionId, ProposalId};
use crate::model::{ProposalStatus, Text};
use crate::money::Euros;

impl Ledger {
    pub(super) fn add_proposal(
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

    pub(super) fn propose_spend(
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

    pub(super) fn pending_proposal(&self, id: ProposalId) -> Result<&Proposal, RuleError> {
        let status = self.proposal_status(id).ok_or(RuleError::NoSuchProposal(id))?;
        let proposal = self.proposals.get(&id).filter(|p| p.status == ProposalStatus::Pending);
        let proposal = proposal.ok_or(RuleError::NotPending(id, status))?;
        if let Some(meeting) = self.open_agenda.get(&id) {
            return Err(RuleError::OnOpenAgenda(id, *meeting));
        }
        Ok(proposal)
    }

    pub(super) fn withdraw(&mut self, author: Author, id: ProposalId) -> Result<(), RuleError> {
        let member = require_member(author)?;
        let proposal = self.pending_proposal(id)?;
        if proposal.author.key() != member.name.key() {
            return Err(RuleError::NotProposalAuthor(id));
        }
        self.set_status(id, ProposalStatus::Withdrawn);
        self.settle(id);
        Ok(())
    }

    pub(super) fn proposal_mut(&mut self, id: ProposalId) -> &mut Proposal {
        // Callers checked that the proposal is live.
        self.proposals.get_mut(&id).expect("a checked live proposal")
    }

    pub(super) fn proposal_ref_mut(&mut self, id: ProposalId) -> Result<&mut Proposal, RuleError> {
        match self.proposals.get_mut(&id) {
            Some(proposal) => Ok(proposal),
            None => self.history.proposals.get_mut(&id).ok_or(RuleError::NoSuchProposal(id)),
        }
    }

    pub(super) fn set_status(&mut self, id: ProposalId, status: ProposalStatus) {
        if let Some(proposal) = self.proposals.get_mut(&id) {
            proposal.status = status;
        }
        if let Some(code) = index(id.0).and_then(|i| self.statuses.get_mut(i)) {
            *code = (*code & SPEND_FLAG) | status.code();
        }
    }

    /// Move a proposal no rule will read again to the history.
    pub(super) fn settle(&mut self, id: ProposalId) {
        if let Some(proposal) = self.proposals.remove(&id) {
            self.history.proposals.insert(id, proposal);
        }
    }
}
