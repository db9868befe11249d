//! Money in and out (`docs/RULES.md`, "Funds", "Funding agreements", "Payouts"; `docs/FORMAT.md`
//! §14): funding agreements, funds received, payouts against adopted spend lines, closing a
//! spend line, and the window of [`REFERENCE_WINDOW_DAYS`] days in which a reference is taken.
//!
//! Rules: `not-soucieux-or-support`, `agreement-taken`, `agreement-period`, `no-such-action`,
//! `no-such-agreement`, `agreement-over-awarded`, `duplicate-reference`, `not-spend-line`,
//! `line-not-adopted`, `line-fully-paid`, `payout-exceeds-line`, `payee-not-paid-role`,
//! `member-left`, `self-payout`, `payout-before-adoption`, `payout-in-future`, `not-soucieux`
//! (closing a spend line). A payout above the four-eyes threshold is checked here, then waits for
//! its countersignature ([`super::corrections`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{
    index, month_of, require_soucieux, require_soucieux_or_support, Action, Author, Ledger, MonthFlow,
    Proposal, ProposalKind, SpendLine, SPEND_FLAG,
};
use crate::agreement::{reference_key, Agreement, AgreementTerms};
use crate::entry::{Entry, FundView, Payee, PayoutView};
use crate::error::RuleError;
use crate::ids::{ActionId, ProposalId};
use crate::model::{ProposalStatus, Text};
use crate::money::Euros;

/// How long (in days, by the UTC day entries are recorded) references are remembered for the
/// duplicate rule, fund receipts may be corrected and payouts reversed.
pub const REFERENCE_WINDOW_DAYS: i32 = 400;

impl Ledger {
    pub(super) fn agreement_add(
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

    pub(super) fn fund_received(
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

    /// The seq of the fund receipt (`fund`) or payout (`!fund`) that first used `reference`
    /// (compared by [`reference_key`]), if one did.
    pub fn reference_used(&self, fund: bool, reference: &str, day: NaiveDate) -> Option<u64> {
        let refs = if fund { &self.fund_refs } else { &self.payout_refs };
        let horizon = window_start(day);
        refs.get(&reference_fingerprint(reference)).filter(|(_, used)| *used >= horizon).map(|(seq, _)| *seq)
    }

    /// A reference already used by an earlier fund receipt (`fund`) or payout, unless the
    /// entry says the duplicate is meant.
    pub(super) fn check_reference(
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

    /// `reference` used by the entry `seq` of `day`: remembered as its latest use, and the uses
    /// older than the window forgotten.
    pub(super) fn remember_reference(&mut self, fund: bool, reference: &str, seq: u64, day: NaiveDate) {
        let refs = if fund { &mut self.fund_refs } else { &mut self.payout_refs };
        refs.insert(reference_fingerprint(reference), (seq, day.num_days_from_ce()));
        let horizon = window_start(day);
        refs.retain(|_, (_, used)| *used >= horizon);
    }

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

    fn action_mut(&mut self, id: ActionId) -> &mut Action {
        let position = index(id.0).expect("a checked action id");
        &mut self.actions[position]
    }

    pub(super) fn payout(
        &mut self,
        author: Author,
        entry: &Entry,
        payout: PayoutView<'_>,
    ) -> Result<(), RuleError> {
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
    pub(super) fn pay(
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

    pub(super) fn spend_close(&mut self, author: Author, id: ProposalId) -> Result<(), RuleError> {
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

/// The first day (days from the common era) of the window that ends on `day`.
pub(super) fn window_start(day: NaiveDate) -> i32 {
    day.num_days_from_ce() - REFERENCE_WINDOW_DAYS
}

/// A reference's fingerprint: the first 8 bytes (big-endian) of the SHA-256 of its
/// [`reference_key`]. Two different references share one with odds of one in 2^64 per pair.
fn reference_fingerprint(reference: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(reference_key(reference).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}
