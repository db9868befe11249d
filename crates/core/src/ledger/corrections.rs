//! Corrections, append-only: a fund receipt recorded with a wrong amount, source or reference
//! is corrected, a payout recorded by mistake is reversed; each names the entry it corrects and
//! a reason, and counts only once a second signer countersigned it. Nothing is ever deleted or
//! rewritten: the original entry stays, the correction and its countersignature follow it.
//!
//! Rules (`docs/RULES.md`): a correction is signed by a soucieux or the support team, and
//! countersigned by another soucieux or the support team (never by its own author); it targets
//! a fund receipt, or a payout recorded within [`REVERSAL_WINDOW_DAYS`] days before the latest
//! payout (older payouts are closed books); a new correction of an entry supersedes the one
//! still waiting for it (which then never counts); a payout is reversed once. When countersigned, the correction is
//! applied and checked like the entry it corrects: the books never go below zero, an agreement
//! never receives more than it awarded.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use chrono::Datelike;

use super::funds::window_start;
use super::{month_of, Author, Ledger};
use crate::agreement::reference_key;
use crate::entry::{Entry, FundView, Payee, PayoutView};
use crate::error::RuleError;
use crate::ids::{ActionId, ProposalId, PublicKey};
use crate::model::{Role, Text};
use crate::money::Euros;

/// A fund receipt as the books count it now (after the corrections countersigned so far).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRecord {
    /// The amount.
    pub amount: Euros,
    /// The source, as written.
    pub source: String,
    /// The agreement it pays into (its reference key).
    pub agreement: Option<String>,
    /// The day it was recorded (UTC): the month it counts in, and the window in which it may
    /// be corrected.
    pub recorded: NaiveDate,
    /// Its reference.
    pub reference: String,
}

/// A recent payout, as a reversal needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRecord {
    amount: Euros,
    month: String,
    action: ActionId,
    /// The payee's key (lowercase name) and role when paid, for a retribution.
    payee: Option<(String, Role)>,
    recorded: NaiveDate,
    reversed: bool,
}

/// What a correction changes, waiting for its countersignature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// A fund receipt's new amount, source and reference.
    Fund {
        /// The receipt's seq.
        target: u64,
        /// New amount.
        amount: Euros,
        /// New source.
        source: Text,
        /// New reference.
        reference: Text,
    },
    /// A payout undone.
    Reversal {
        /// The payout's seq.
        target: u64,
    },
    /// A payout above the four-eyes threshold, waiting for its second signature (the payout's
    /// own entry is the one countersigned).
    Payout {
        /// The payout's seq.
        target: u64,
        /// When its entry was recorded.
        recorded_at: DateTime<Utc>,
        /// The spend line.
        proposal: ProposalId,
        /// The amount.
        amount: Euros,
        /// The day paid.
        date: NaiveDate,
        /// The transfer's reference.
        reference: Text,
        /// Whether a reference used before is meant.
        duplicate_ok: bool,
    },
}

impl Change {
    /// The seq of the entry corrected.
    pub fn target(&self) -> u64 {
        match self {
            Change::Fund { target, .. } | Change::Reversal { target } | Change::Payout { target, .. } => {
                *target
            }
        }
    }
}

/// A correction, pending or countersigned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The seq of the correction entry.
    pub seq: u64,
    /// Who signed it (member name, or `support`).
    pub author: String,
    /// Their key.
    pub key: PublicKey,
    /// What it changes.
    pub change: Change,
    /// Why.
    pub reason: Text,
    /// The fund receipt's values before (for a fund correction), or the payout's amount.
    pub before: Option<(Euros, String, String)>,
    /// The seq of the countersignature, and who gave it; `None` while pending.
    pub countersigned: Option<(u64, String)>,
}

/// The corrections state kept live: every fund receipt (few: a circle receives funds a few
/// times a year), the payouts still reversible, and the corrections waiting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    pub(super) funds: BTreeMap<u64, FundRecord>,
    pub(super) payouts: BTreeMap<u64, PayoutRecord>,
    pub(super) pending: BTreeMap<u64, Correction>,
    /// Paid then reversed: what the lines' paid amounts hold beyond the books' paid total.
    pub(super) reversed: Euros,
}

/// Whether an entry recorded on `recorded` is within the window that ends on `day`.
fn within(recorded: NaiveDate, day: NaiveDate) -> bool {
    recorded.num_days_from_ce() >= window_start(day)
}

/// The fund receipt `seq`, if it was recorded within the window that ends on `day`.
fn fund_within(ledger: &Ledger, seq: u64, day: NaiveDate) -> Result<FundRecord, RuleError> {
    let record = ledger.corrections.funds.get(&seq).filter(|f| within(f.recorded, day));
    record.cloned().ok_or(RuleError::NotAFundReceipt(seq))
}

/// The payout `seq`, if it was recorded within the window that ends on `day`.
fn payout_within(ledger: &Ledger, seq: u64, day: NaiveDate) -> Result<PayoutRecord, RuleError> {
    let record = ledger.corrections.payouts.get(&seq).filter(|p| within(p.recorded, day));
    record.cloned().ok_or(RuleError::NotAReversiblePayout(seq))
}

fn name_of(author: &Author) -> String {
    match author {
        Author::Member(member) => member.name.to_string(),
        Author::Support => "support".to_string(),
    }
}

fn key_of(ledger: &Ledger, author: &Author) -> Option<PublicKey> {
    match author {
        Author::Member(member) => Some(member.key),
        Author::Support => ledger.circle.as_ref().and_then(|c| c.support_key),
    }
}

impl Ledger {
    /// The corrections waiting for their countersignature, by the seq of their entry.
    pub fn pending_corrections(&self) -> impl Iterator<Item = &Correction> {
        self.corrections.pending.values()
    }

    /// A fund receipt as the books count it now, by its seq.
    pub fn fund_record(&self, seq: u64) -> Option<&FundRecord> {
        self.corrections.funds.get(&seq)
    }

    /// Take note of a fund receipt just counted; forget those too old to correct.
    pub(super) fn remember_fund(&mut self, seq: u64, recorded: NaiveDate, fund: &FundView<'_>) {
        let record = FundRecord {
            amount: fund.amount,
            source: fund.source.to_string(),
            agreement: fund.agreement.map(|a| reference_key(a.as_str())),
            recorded,
            reference: fund.reference.to_string(),
        };
        self.corrections.funds.insert(seq, record);
        self.corrections.funds.retain(|_, f| within(f.recorded, recorded));
    }

    /// Take note of a payout just counted; forget those too old to reverse.
    pub(super) fn remember_payout(
        &mut self,
        seq: u64,
        recorded_at: DateTime<Utc>,
        payout: &PayoutView<'_>,
        action: ActionId,
        payee: Option<(String, Role)>,
    ) {
        let recorded = recorded_at.date_naive();
        let record = PayoutRecord {
            amount: payout.amount,
            month: month_of(payout.date),
            action,
            payee,
            recorded,
            reversed: false,
        };
        self.corrections.payouts.insert(seq, record);
        self.corrections.payouts.retain(|_, p| within(p.recorded, recorded));
    }

    /// A payout above the four-eyes threshold (its rules already checked) waits for a second
    /// signature.
    pub(super) fn await_second_signature(
        &mut self,
        author: Author,
        entry: &Entry,
        payout: &PayoutView<'_>,
        threshold: Euros,
    ) -> Result<(), RuleError> {
        let change = Change::Payout {
            target: entry.seq,
            recorded_at: entry.recorded_at,
            proposal: payout.proposal,
            amount: payout.amount,
            date: payout.date,
            reference: payout.reference.clone(),
            duplicate_ok: payout.duplicate_ok,
        };
        let reason = format!("a payout above the four-eyes threshold of {}", threshold.french());
        let reason =
            Text::new(crate::model::TextField::Reason, &reason).map_err(|_| RuleError::TotalOverflow)?;
        self.wait_for_countersignature(&author, entry, change, reason, None);
        Ok(())
    }

    /// `change`, made by `author` in `entry`, waits for its countersignature.
    fn wait_for_countersignature(
        &mut self,
        author: &Author,
        entry: &Entry,
        change: Change,
        reason: Text,
        before: Option<(Euros, String, String)>,
    ) {
        let key = key_of(self, author).unwrap_or(entry.author);
        let author = name_of(author);
        let correction =
            Correction { seq: entry.seq, author, key, change, reason, before, countersigned: None };
        self.corrections.pending.insert(entry.seq, correction);
    }

    /// The payouts waiting for their second signature, by seq.
    pub fn awaiting_second_signature(&self) -> impl Iterator<Item = u64> + '_ {
        self.corrections.pending.values().filter(|c| matches!(c.change, Change::Payout { .. })).map(|c| c.seq)
    }

    /// The payouts of the ledger that the books do not count: reversed (countersigned), or
    /// waiting for their second signature. Reads the history: call it on a ledger that holds
    /// it whole (see [`Ledger::restore_history`]).
    pub fn uncounted_payouts(&self) -> std::collections::BTreeSet<u64> {
        let reversed =
            self.history.corrections.iter().filter(|c| c.countersigned.is_some()).filter_map(|c| {
                match c.change {
                    Change::Reversal { target } => Some(target),
                    _ => None,
                }
            });
        reversed.chain(self.awaiting_second_signature()).collect()
    }

    fn pending_for(&self, target: u64) -> Option<&Correction> {
        self.corrections.pending.values().find(|c| c.change.target() == target)
    }

    /// A correction entry: checked now, applied when countersigned.
    pub(super) fn correct(
        &mut self,
        author: Author,
        entry: &Entry,
        change: Change,
        reason: &Text,
    ) -> Result<(), RuleError> {
        super::require_soucieux_or_support(author.clone(), "record a correction")?;
        let target = change.target();
        let day = entry.recorded_at.date_naive();
        let before = match &change {
            Change::Fund { amount, source, reference, .. } => {
                let record = fund_within(self, target, day)?;
                if record.amount == *amount
                    && record.source == source.as_str()
                    && record.reference == reference.as_str()
                {
                    return Err(RuleError::CorrectionChangesNothing(target));
                }
                if reference_key(&record.reference) != reference_key(reference.as_str()) {
                    self.check_reference(true, reference, false, day)?;
                }
                Some((record.amount, record.source, record.reference))
            }
            Change::Payout { .. } => return Err(RuleError::NotAReversiblePayout(target)),
            Change::Reversal { .. } => {
                let record = payout_within(self, target, day)?;
                if record.reversed {
                    return Err(RuleError::AlreadyReversed(target));
                }
                Some((record.amount, String::new(), String::new()))
            }
        };
        // A correction still waiting for the same entry is superseded: it never counts (a
        // correction that cannot be countersigned must not block the entry for ever).
        if let Some(waiting) = self.pending_for(target).map(|c| c.seq) {
            self.corrections.pending.remove(&waiting);
        }
        self.wait_for_countersignature(&author, entry, change, reason.clone(), before);
        Ok(())
    }

    /// A countersignature: the second signer applies the correction it names.
    pub(super) fn countersign(
        &mut self,
        author: Author,
        entry: &Entry,
        target: u64,
    ) -> Result<(), RuleError> {
        super::require_soucieux_or_support(author.clone(), "countersign a correction")?;
        if self.key_change_waits(target) {
            return self.countersign_key(author, entry, target);
        }
        let correction =
            self.corrections.pending.get(&target).ok_or(RuleError::NothingToCountersign(target))?;
        // The same person, even with a key replaced since (`docs/RULES.md`, "Keys").
        let same_holder = |a: &PublicKey, b: &PublicKey| {
            a == b || self.key_holder(a).is_some_and(|h| self.key_holder(b).is_some_and(|k| h.same(&k)))
        };
        if key_of(self, &author).is_some_and(|key| same_holder(&key, &correction.key)) {
            return Err(RuleError::CountersignedByAuthor(target));
        }
        let mut correction = correction.clone();
        match correction.change.clone() {
            Change::Fund { target: receipt, amount, source, reference } => {
                self.apply_fund_correction(
                    receipt,
                    amount,
                    &source,
                    &reference,
                    entry.recorded_at.date_naive(),
                )?;
            }
            Change::Reversal { target: payout } => {
                self.apply_reversal(payout, entry.recorded_at.date_naive())?
            }
            Change::Payout { target, recorded_at, proposal, amount, date, reference, duplicate_ok } => {
                // Four eyes are two people besides the payee: the payee does not countersign.
                let line = self.proposals.get(&proposal).and_then(super::Proposal::spend_line);
                if let Some(Payee::Member(payee)) = line.map(|line| &line.payee) {
                    let payee_key = self.member(payee).map(|m| m.key);
                    if payee_key.is_some() && payee_key == key_of(self, &author) {
                        return Err(RuleError::CountersignedByPayee(target));
                    }
                }
                // The payout counts now, as its recorder signed it: its rules are checked again.
                let recorder = self.author(&self.current_key(&correction.key))?;
                let view =
                    PayoutView { proposal, amount, date, reference: &reference, receipt: None, duplicate_ok };
                self.pay(recorder, target, recorded_at, &view, false)?;
            }
        }
        self.corrections.pending.remove(&target);
        correction.countersigned = Some((entry.seq, name_of(&author)));
        self.history.corrections.push(correction);
        Ok(())
    }

    fn apply_fund_correction(
        &mut self,
        receipt: u64,
        amount: Euros,
        source: &Text,
        reference: &Text,
        day: NaiveDate,
    ) -> Result<(), RuleError> {
        let record = fund_within(self, receipt, day)?;
        // Checked again now: a receipt recorded (or another correction countersigned) while this
        // one waited may have taken the new reference.
        let new_reference = reference_key(&record.reference) != reference_key(reference.as_str());
        if new_reference {
            self.check_reference(true, reference, false, day)?;
        }
        let received = self
            .totals
            .received
            .checked_sub(record.amount)
            .and_then(|r| r.checked_add(amount))
            .ok_or(RuleError::TotalOverflow)?;
        let spoken_for =
            self.totals.paid.checked_add(self.totals.committed).ok_or(RuleError::TotalOverflow)?;
        if received < spoken_for {
            return Err(RuleError::CorrectionLeavesBooksShort { receipt, received, spoken_for });
        }
        if let Some(key) = &record.agreement {
            let agreement = self.agreements.get(key).ok_or(RuleError::TotalOverflow)?;
            let total = agreement
                .received
                .checked_sub(record.amount)
                .and_then(|r| r.checked_add(amount))
                .ok_or(RuleError::TotalOverflow)?;
            if total > agreement.terms.amount {
                return Err(RuleError::AgreementOverAwarded {
                    agreement: agreement.terms.reference.clone(),
                    received: total,
                    awarded: agreement.terms.amount,
                });
            }
        }
        // Every check is done: from here on, only changes.
        self.totals.received = received;
        if let Some(key) = &record.agreement {
            if let Some(agreement) = self.agreements.get_mut(key) {
                agreement.received = agreement
                    .received
                    .checked_sub(record.amount)
                    .and_then(|r| r.checked_add(amount))
                    .unwrap_or(agreement.received);
            }
        }
        if let Some(old) = self.funders.get_mut(&record.source) {
            *old = old.saturating_sub(record.amount);
        }
        if self.funders.get(&record.source).is_some_and(|left| left.is_zero()) {
            self.funders.remove(&record.source);
        }
        let funder = self.funders.entry(source.to_string()).or_insert(Euros::ZERO);
        *funder = funder.checked_add(amount).unwrap_or(*funder);
        let month = self.months.entry(month_of(record.recorded)).or_default();
        month.received =
            month.received.saturating_sub(record.amount).checked_add(amount).unwrap_or(month.received);
        if new_reference {
            self.remember_reference(true, reference.as_str(), receipt, record.recorded);
        }
        let updated =
            FundRecord { amount, source: source.to_string(), reference: reference.to_string(), ..record };
        self.corrections.funds.insert(receipt, updated);
        Ok(())
    }

    fn apply_reversal(&mut self, payout: u64, day: NaiveDate) -> Result<(), RuleError> {
        let record = payout_within(self, payout, day)?;
        if record.reversed {
            return Err(RuleError::AlreadyReversed(payout));
        }
        let paid = self.totals.paid.checked_sub(record.amount).ok_or(RuleError::TotalOverflow)?;
        let reversed =
            self.corrections.reversed.checked_add(record.amount).ok_or(RuleError::TotalOverflow)?;
        // Every check is done: from here on, only changes. The amount goes back to the
        // available funds; the spend line keeps what it paid (the payout happened in its
        // history) and a new payout on it needs what remains on it.
        self.totals.paid = paid;
        self.corrections.reversed = reversed;
        if let Some(action) = self.actions.iter_mut().find(|a| a.id == record.action) {
            action.paid = action.paid.saturating_sub(record.amount);
        }
        if let Some((key, role)) = &record.payee {
            if let Some(member) = self.members.get_mut(key) {
                member.paid = member.paid.saturating_sub(record.amount);
            }
            if let Some(by_role) = self.paid_by_role.get_mut(role) {
                *by_role = by_role.saturating_sub(record.amount);
            }
        }
        if let Some(month) = self.months.get_mut(&record.month) {
            month.paid = month.paid.saturating_sub(record.amount);
        }
        if let Some(p) = self.corrections.payouts.get_mut(&payout) {
            p.reversed = true;
        }
        Ok(())
    }
}
