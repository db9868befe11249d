//! Expense statements (*états récapitulatifs des dépenses*): what one funding agreement
//! financed, payout by payout, with the receipts and the decisions behind each line.
//!
//! **The attribution rule** (`docs/RULES.md`, "statement-attribution"): a payout is spending of
//! the agreements that finance its spend line's action (an agreement naming no action finances
//! them all) and whose eligibility period holds the day it was paid. When several do, each
//! takes a share pro rata of the amounts they awarded, to the cent; the cents left by rounding
//! go one by one to the largest remainders, ties to the agreement declared first, so that the
//! shares always add up to the payout. A payout that no financing agreement's period holds is
//! spending of all the agreements financing its action, shared the same way, listed and flagged
//! as outside their period, never counted as eligible. The funder's share is the co-financing
//! rate of the eligible total (all of it without a rate), to the cent. Shares depend on the
//! agreements in the ledger when the statement is made: a statement names that head.
//!
//! A statement names the ledger's head and last checkpoint it was made from, so that anyone
//! holding the ledger later can check it line by line.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::agreement::{Agreement, Receipt};
use crate::entry::{Payee, SignedEntry};
use crate::ids::{ActionId, MeetingId, ProposalId};
use crate::ledger::Ledger;
use crate::model::Tally;
use crate::money::Euros;
use crate::report::HeadReport;

/// A payout as an entry recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutRecord {
    /// The entry's seq.
    pub seq: u64,
    /// When the entry was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The spend line paid.
    pub proposal: ProposalId,
    /// The amount paid.
    pub amount: Euros,
    /// The day it was paid.
    pub date: NaiveDate,
    /// The transfer's reference.
    pub reference: String,
    /// Its receipt, if one was attached.
    pub receipt: Option<Receipt>,
}

/// The payouts of a ledger, gathered entry by entry (no rule is checked here: feed it entries
/// of a ledger that was verified or appended to).
#[derive(Clone, Debug, Default)]
pub struct Payouts {
    records: Vec<PayoutRecord>,
}

impl Payouts {
    /// Nothing yet.
    pub fn new() -> Payouts {
        Payouts::default()
    }

    /// Take note of `entry` if it (or the envelope it sequences) is a payout. Which of them
    /// the books count is the ledger's to say ([`Ledger::uncounted_payouts`]).
    pub fn observe(&mut self, entry: &SignedEntry) {
        let e = entry.entry();
        if let Some(p) = e.body.act().payout() {
            self.records.push(PayoutRecord {
                seq: e.seq,
                recorded_at: e.recorded_at,
                proposal: p.proposal,
                amount: p.amount,
                date: p.date,
                reference: p.reference.to_string(),
                receipt: p.receipt.cloned(),
            });
        }
    }

    /// Every payout, in ledger order.
    pub fn records(&self) -> &[PayoutRecord] {
        &self.records
    }
}

/// The agreement a statement is about.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct AgreementSummary {
    pub reference: String,
    pub funder: String,
    pub awarded: Euros,
    /// The co-financing rate, e.g. `60 %`.
    pub rate: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The actions it finances; empty for all.
    pub actions: Vec<ActionId>,
    pub received: Euros,
    /// Eligible spending attributed to it (all dates).
    pub eligible: Euros,
    /// Spending attributed to it but paid outside its period (flagged).
    pub outside_period: Euros,
    /// Awarded minus received.
    pub to_receive: Euros,
}

/// One payout of a statement.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct StatementLine {
    /// The payout entry's seq.
    pub seq: u64,
    /// The day it was paid.
    pub date: NaiveDate,
    pub proposal: ProposalId,
    pub action: ActionId,
    pub action_title: String,
    /// `retribution` (a member) or `expense` (a supplier).
    pub spend_kind: &'static str,
    pub payee: String,
    pub purpose: String,
    /// The whole payout.
    pub paid: Euros,
    /// The part of it this agreement finances (the whole payout unless several agreements
    /// finance the action).
    pub amount: Euros,
    pub reference: String,
    pub receipt: Option<Receipt>,
    /// The meeting that adopted the spend line, its date and tally.
    pub meeting: Option<MeetingId>,
    pub adopted: Option<NaiveDate>,
    pub votes: Option<Tally>,
    /// Whether it was paid within the agreement's eligibility period.
    pub eligible: bool,
}

/// The totals of a statement.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct StatementTotals {
    pub eligible: Euros,
    pub outside_period: Euros,
    /// The rate of the eligible total (all of it without a rate).
    pub funder_share: Euros,
    pub lines: usize,
    pub without_receipt: usize,
}

/// An expense statement for one agreement and one period.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Statement {
    pub circle: String,
    pub circle_id: String,
    pub agreement: AgreementSummary,
    /// The payouts listed are those paid from `from` to `to` (both included).
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<StatementLine>,
    pub totals: StatementTotals,
    /// The ledger's head when the statement was made.
    pub head: HeadReport,
    /// The last head the support team checkpointed, if any.
    pub checkpoint: Option<HeadReport>,
}

/// Why no statement could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// No agreement has that reference.
    #[error("there is no agreement {0} in this ledger (cercle agreement list shows them)")]
    NoSuchAgreement(String),
    /// The period ends before it begins.
    #[error("the period ends on {to}, before it begins on {from}")]
    Period {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// The ledger has no circle.
    #[error("the ledger has no circle yet")]
    Empty,
}

/// The share of `amount` that each agreement of `financing` (by declaration order) takes,
/// pro rata of what they awarded; shares add up to `amount` exactly.
pub fn shares(amount: Euros, financing: &[&Agreement]) -> Vec<Euros> {
    let awarded: Vec<u128> = financing.iter().map(|a| u128::from(a.terms.amount.cents())).collect();
    let total: u128 = awarded.iter().sum();
    let cents = u128::from(amount.cents());
    if total == 0 {
        return vec![Euros::ZERO; financing.len()];
    }
    let mut parts: Vec<(u128, u128)> =
        awarded.iter().map(|a| (cents * a / total, cents * a % total)).collect();
    let mut left = cents - parts.iter().map(|(whole, _)| whole).sum::<u128>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i].0 += 1;
        left -= 1;
    }
    parts.iter().map(|(whole, _)| Euros::from_cents(u64::try_from(*whole).unwrap_or(u64::MAX))).collect()
}

/// The lines of every payout attributed to `agreement` (all dates), and its summary.
fn attributed(ledger: &Ledger, payouts: &Payouts, agreement: &Agreement) -> Vec<StatementLine> {
    let mut financing: Vec<&Agreement> = ledger.agreements().collect();
    financing.sort_by_key(|a| a.seq);
    let mut lines = Vec::new();
    let uncounted = ledger.uncounted_payouts();
    for record in payouts.records() {
        // Reversed, or waiting for its second signature (four eyes): not spending.
        if uncounted.contains(&record.seq) {
            continue;
        }
        let Some(proposal) = ledger.proposal(record.proposal) else { continue };
        let Some(line) = proposal.spend_line() else { continue };
        if !agreement.terms.finances(line.action) {
            continue;
        }
        let financing_action: Vec<&Agreement> =
            financing.iter().copied().filter(|a| a.terms.finances(line.action)).collect();
        let in_period: Vec<&Agreement> =
            financing_action.iter().copied().filter(|a| a.terms.in_period(record.date)).collect();
        let those = if in_period.is_empty() { financing_action } else { in_period };
        if !those.iter().any(|a| a.seq == agreement.seq) {
            continue;
        }
        let index = those.iter().position(|a| a.seq == agreement.seq).unwrap_or(0);
        let amount = shares(record.amount, &those).get(index).copied().unwrap_or(Euros::ZERO);
        let (spend_kind, payee) = match &line.payee {
            Payee::Member(name) => ("retribution", name.to_string()),
            Payee::Supplier(name) => ("expense", name.to_string()),
        };
        lines.push(StatementLine {
            seq: record.seq,
            date: record.date,
            proposal: record.proposal,
            action: line.action,
            action_title: ledger.action(line.action).map(|a| a.title.to_string()).unwrap_or_default(),
            spend_kind,
            payee,
            purpose: line.purpose.to_string(),
            paid: record.amount,
            amount,
            reference: record.reference.clone(),
            receipt: record.receipt.clone(),
            meeting: proposal.decided_in,
            adopted: proposal.decided_on,
            votes: proposal.outcome.map(|o| o.tally),
            eligible: agreement.terms.in_period(record.date),
        });
    }
    lines
}

fn sum(lines: &[StatementLine], eligible: bool) -> Euros {
    lines
        .iter()
        .filter(|l| l.eligible == eligible)
        .fold(Euros::ZERO, |t, l| t.checked_add(l.amount).unwrap_or(t))
}

/// What one agreement brought and financed, for the budget report.
pub fn summary(ledger: &Ledger, payouts: &Payouts, agreement: &Agreement) -> AgreementSummary {
    let lines = attributed(ledger, payouts, agreement);
    let terms = &agreement.terms;
    AgreementSummary {
        reference: terms.reference.to_string(),
        funder: terms.funder.to_string(),
        awarded: terms.amount,
        rate: terms.rate.map(|r| r.to_string()),
        from: terms.from,
        to: terms.to,
        actions: terms.actions.clone(),
        received: agreement.received,
        eligible: sum(&lines, true),
        outside_period: sum(&lines, false),
        to_receive: terms.amount.saturating_sub(agreement.received),
    }
}

impl Statement {
    /// The statement of agreement `reference` for payouts paid from `from` to `to` (by
    /// default, every payout attributed to it). `ledger` must hold its whole history (see
    /// [`Ledger::restore_history`]) and `payouts` every payout of the same entries.
    ///
    /// ```
    /// use cercle_core::statement::{Payouts, Statement};
    /// use cercle_core::Ledger;
    /// let error = Statement::build(&Ledger::new(), &Payouts::new(), "CONV-1", None, None).unwrap_err();
    /// assert_eq!(error.to_string(), "the ledger has no circle yet");
    /// ```
    pub fn build(
        ledger: &Ledger,
        payouts: &Payouts,
        reference: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Statement, StatementError> {
        let (circle, head) = ledger.circle().zip(ledger.head()).ok_or(StatementError::Empty)?;
        let agreement = ledger
            .agreement(reference)
            .ok_or_else(|| StatementError::NoSuchAgreement(reference.to_string()))?;
        let mut lines = attributed(ledger, payouts, agreement);
        let first =
            lines.iter().map(|l| l.date).min().unwrap_or(agreement.terms.from).min(agreement.terms.from);
        let last = lines.iter().map(|l| l.date).max().unwrap_or(agreement.terms.to).max(agreement.terms.to);
        let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
        if to < from {
            return Err(StatementError::Period { from, to });
        }
        let summary = summary(ledger, payouts, agreement);
        lines.retain(|l| from <= l.date && l.date <= to);
        lines.sort_by_key(|l| (l.date, l.seq));
        let eligible = sum(&lines, true);
        let totals = StatementTotals {
            eligible,
            outside_period: sum(&lines, false),
            funder_share: agreement.terms.rate.map_or(eligible, |rate| rate.of(eligible)),
            lines: lines.len(),
            without_receipt: lines.iter().filter(|l| l.receipt.is_none()).count(),
        };
        Ok(Statement {
            circle: circle.name.to_string(),
            circle_id: circle.id.to_hex(),
            agreement: summary,
            from,
            to,
            lines,
            totals,
            head: HeadReport::of(head),
            checkpoint: ledger.checkpoints().last().copied().map(HeadReport::of),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::AgreementTerms;
    use crate::model::{Text, TextField};

    fn agreement(seq: u64, awarded: &str) -> Agreement {
        Agreement {
            terms: AgreementTerms {
                reference: Text::new(TextField::Reference, &format!("C{seq}")).unwrap(),
                funder: Text::new(TextField::Source, "FEDER").unwrap(),
                amount: awarded.parse().unwrap(),
                rate: None,
                from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
                actions: vec![],
            },
            seq,
            declared_at: DateTime::from_timestamp(0, 0).unwrap(),
            received: Euros::ZERO,
        }
    }

    #[test]
    fn shares_are_pro_rata_of_awards_and_always_add_up_to_the_payout() {
        let (a, b, c) = (agreement(1, "60000"), agreement(2, "40000"), agreement(3, "20000"));
        let cents = |v: Vec<Euros>| v.iter().map(|e| e.cents()).collect::<Vec<_>>();
        assert_eq!(cents(shares("1000.00".parse().unwrap(), &[&a, &b])), [60_000, 40_000]);
        // 100.00 over 3:2:1 is 50.00, 33.333…, 16.666…: the spare cent goes to the largest
        // remainder (the third, .666…).
        assert_eq!(cents(shares("100.00".parse().unwrap(), &[&a, &b, &c])), [5_000, 3_333, 1_667]);
        // One cent over two equal awards: the earlier agreement takes it.
        let d = agreement(4, "60000");
        assert_eq!(cents(shares("0.01".parse().unwrap(), &[&a, &d])), [1, 0]);
        for total in [1u64, 7, 99, 100_001, 123_456_789] {
            let parts = shares(Euros::from_cents(total), &[&a, &b, &c]);
            assert_eq!(parts.iter().map(|e| e.cents()).sum::<u64>(), total);
        }
    }
}
