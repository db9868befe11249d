//! The budget report of one circle: the data behind `cercle report`, in the shape of
//! `docs/CLI.md` (field names are the contract; amounts are strings with two
//! decimals). Rendering (tables, CSV, HTML) lives outside the core.

use chrono::NaiveDate;
use serde::Serialize;

use crate::entry::{Entry, Payee};
use crate::ids::{ActionId, MeetingId, ProposalId};
use crate::ledger::{Ledger, ProposalKind};
use crate::model::{CircleStatus, Role};
use crate::money::Euros;

/// One circle's report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Report {
    pub circle: CircleReport,
    pub head: HeadReport,
    pub totals: TotalsReport,
    pub funders: Vec<FunderReport>,
    pub actions: Vec<ActionReport>,
    pub proposals: Vec<ProposalReport>,
    pub members: Vec<MemberReport>,
    pub roles: Vec<RoleReport>,
    pub meetings: Vec<MeetingReport>,
    pub months: Vec<MonthReport>,
    pub checkpoints: Vec<HeadReport>,
    /// Funding agreements, with what each brought and financed ([`Report::with_agreements`]);
    /// absent from the JSON when the circle has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<crate::statement::AgreementSummary>,
    /// Corrections and reversals, countersigned or waiting (absent when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionReport>,
    /// The settings changed by vote, in order (absent when none was).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub governance: Vec<GovernanceReport>,
    /// Key replacements (`docs/RULES.md`, "Keys"), those that count then those waiting, in
    /// order (absent when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_history: Vec<KeyChangeReport>,
    /// References used again on purpose (the entry said so): each is a finding of the audit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicate_references: Vec<DuplicateReport>,
    /// The day the books are shown as they stood at its end (`--as-of`, `--to`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// What happened in a period (`--from`, `--to`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodReport>,
}

/// The circle.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct CircleReport {
    pub id: String,
    pub name: String,
    pub territory: String,
    pub status: CircleStatus,
    pub quorum: String,
    pub threshold: String,
    pub recusal: bool,
    pub support_key: Option<String>,
    pub founded: NaiveDate,
    /// Payouts above it count once countersigned (absent when there is no such threshold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub four_eyes: Option<Euros>,
    /// Whether proxies are allowed (absent when they are, as at genesis).
    #[serde(skip_serializing_if = "is_true")]
    pub proxies: bool,
}

fn is_true(value: &bool) -> bool {
    *value
}

/// One key replacement: whose key, the old and the new, when it counted and who signed it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct KeyChangeReport {
    /// A member's name, or `support` for the support team.
    pub holder: String,
    /// The key replaced (the key still in use, while waiting), hex.
    pub old_key: String,
    /// The new key, hex.
    pub new_key: String,
    /// The entry that asked for it.
    pub requested: u64,
    /// The entry from which it counts (`None` while waiting): the old key signs nothing from
    /// there on.
    pub seq: Option<u64>,
    /// The day of that entry.
    pub date: Option<NaiveDate>,
    /// Who signed it so far, the request's author first (`support` for the support team).
    pub signed_by: Vec<String>,
    /// `replaced`, or `waiting` for a countersignature.
    pub status: &'static str,
}

fn key_history(ledger: &Ledger) -> Vec<KeyChangeReport> {
    let who = |holder: &crate::ledger::KeyHolder| match holder {
        crate::ledger::KeyHolder::Support => "support".to_string(),
        crate::ledger::KeyHolder::Member(name) => name.to_string(),
    };
    let signers = |signers: &[crate::ledger::KeySigner]| signers.iter().map(|s| who(&s.who)).collect();
    let done = ledger.key_changes().iter().map(|c| KeyChangeReport {
        holder: who(&c.holder),
        old_key: c.old.to_hex(),
        new_key: c.new.to_hex(),
        requested: c.requested,
        seq: Some(c.seq),
        date: Some(c.at.date_naive()),
        signed_by: signers(&c.signers),
        status: "replaced",
    });
    let waiting = ledger.pending_key_changes().map(|r| {
        let old = match &r.holder {
            crate::ledger::KeyHolder::Support => ledger.circle().and_then(|c| c.support_key),
            crate::ledger::KeyHolder::Member(name) => ledger.member(name).map(|m| m.key),
        };
        KeyChangeReport {
            holder: who(&r.holder),
            old_key: old.map(|k| k.to_hex()).unwrap_or_default(),
            new_key: r.key.to_hex(),
            requested: r.seq,
            seq: None,
            date: None,
            signed_by: signers(&r.signers),
            status: "waiting",
        }
    });
    done.chain(waiting).collect()
}

/// The last entry.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct HeadReport {
    pub seq: u64,
    pub hash: String,
    pub date: NaiveDate,
}

/// The books.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct TotalsReport {
    pub received: Euros,
    pub committed: Euros,
    pub paid: Euros,
    pub available: Euros,
}

/// Funds from one source.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct FunderReport {
    pub source: String,
    pub received: Euros,
}

/// One action of the programme.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct ActionReport {
    pub id: ActionId,
    pub title: String,
    pub envelope: Euros,
    pub committed: Euros,
    pub paid: Euros,
    pub proposal: ProposalId,
}

impl ActionReport {
    /// What is left of the envelope: neither paid nor committed (zero, never negative).
    pub fn remaining(&self) -> Euros {
        let used = self.committed.checked_add(self.paid).unwrap_or(self.envelope);
        self.envelope.saturating_sub(used)
    }
}

/// One proposal.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct ProposalReport {
    pub id: ProposalId,
    pub kind: &'static str,
    pub action: Option<ActionId>,
    pub status: &'static str,
    pub author: String,
    pub proposed: NaiveDate,
    pub title: Option<String>,
    pub amount: Euros,
    pub paid: Euros,
    pub released: Euros,
    pub spend_kind: Option<&'static str>,
    pub payee: Option<String>,
    pub supplier: Option<String>,
    pub purpose: Option<String>,
    pub meeting: Option<MeetingId>,
    pub decided: Option<NaiveDate>,
    /// The last outcome a meeting gave it (`adopted`, `rejected`, `no-quorum`), and why a
    /// rejection (`vote`, `over-envelope`, `insufficient-funds`), as the signed closing entry says.
    pub outcome: Option<&'static str>,
    pub reason: Option<&'static str>,
}

/// One member.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct MemberReport {
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub key: String,
    pub paid: Euros,
}

/// Retributions per role: `paid` counts each payout under the role its payee held when paid;
/// `members` counts current members holding the role now.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct RoleReport {
    pub role: Role,
    pub members: u32,
    pub paid: Euros,
}

/// One meeting.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct MeetingReport {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub open: bool,
    pub present: u32,
    pub voting: u32,
    /// Proxies given (not void): who gave their vote to whom.
    pub proxies: Vec<ProxyReport>,
    pub outcomes: Vec<OutcomeReport>,
}

/// A proxy (*pouvoir*): `giver` gave their vote at the meeting to `holder`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct ProxyReport {
    pub giver: String,
    pub holder: String,
}

/// One agenda item's outcome.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct OutcomeReport {
    pub proposal: ProposalId,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    #[serde(rename = "for")]
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
}

/// Money in and out in one month.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct MonthReport {
    pub month: String,
    pub received: Euros,
    pub paid: Euros,
}

/// One payout, as its signed entry records it, with its spend line's payee and purpose.
///
/// Not part of [`Report`]: the live state keeps what was paid on each line, not each payout,
/// so payouts are read from the entries themselves ([`Report::payout`]).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct PayoutReport {
    /// The entry that recorded it.
    pub seq: u64,
    /// The date paid, as the entry says (not the date it was recorded).
    pub date: NaiveDate,
    pub proposal: ProposalId,
    pub amount: Euros,
    /// The transfer's reference (bank transfer, invoice…).
    pub reference: String,
    /// The member paid, or the supplier, as the spend line names them (`None` for a line this
    /// report does not hold).
    pub payee: Option<String>,
    pub supplier: Option<String>,
    pub purpose: Option<String>,
}

impl HeadReport {
    /// The report of a head.
    pub fn of(head: crate::ledger::Head) -> HeadReport {
        HeadReport { seq: head.seq, hash: head.hash.to_hex(), date: head.recorded_at.date_naive() }
    }
}

impl Report {
    /// The report with its agreements: what each awarded, brought, and financed in and outside
    /// its period, from `payouts` (every payout of the ledger's entries, see
    /// [`crate::statement::Payouts`]). `ledger` must hold its whole history.
    pub fn with_agreements(mut self, ledger: &Ledger, payouts: &crate::statement::Payouts) -> Report {
        let mut agreements: Vec<_> = ledger.agreements().collect();
        agreements.sort_by_key(|a| a.seq);
        self.agreements =
            agreements.into_iter().map(|a| crate::statement::summary(ledger, payouts, a)).collect();
        self
    }

    /// The payout `entry` records (its own act, or its envelope's), with the payee and
    /// purpose of its spend line in this report; `None` for any other entry.
    ///
    /// `entry` should be an entry of the ledger this report is of: the report is not checked
    /// against it, a line it does not hold leaves payee, supplier and purpose `None`.
    pub fn payout(&self, entry: &Entry) -> Option<PayoutReport> {
        // Either layout (kind 14, or 21 with its receipt).
        let payout = entry.body.act().payout()?;
        let proposal = &payout.proposal;
        // `proposals` is in id order (`Ledger::proposals`).
        let line = self.proposals.binary_search_by_key(proposal, |p| p.id).ok().map(|i| &self.proposals[i]);
        Some(PayoutReport {
            seq: entry.seq,
            date: payout.date,
            proposal: *proposal,
            amount: payout.amount,
            reference: payout.reference.to_string(),
            payee: line.and_then(|p| p.payee.clone()),
            supplier: line.and_then(|p| p.supplier.clone()),
            purpose: line.and_then(|p| p.purpose.clone()),
        })
    }

    /// The report of a ledger; `None` before genesis.
    ///
    /// ```
    /// # use cercle_core::{Body, Genesis, Governance, Ledger, CircleStatus, Text, TextField, Report};
    /// # let key = ed25519_dalek::SigningKey::from_bytes(&[1; 32]);
    /// # let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
    /// # let mut ledger = Ledger::new();
    /// # ledger.sign_and_append(&key, at, Body::Genesis(Genesis {
    /// #     name: Text::new(TextField::CircleName, "Somme").unwrap(),
    /// #     territory: Text::new(TextField::Territory, "Amiénois").unwrap(),
    /// #     status: CircleStatus::Emerging, founder: "zoe".parse().unwrap(),
    /// #     governance: Governance::default(), support_key: None })).unwrap();
    /// let report = Report::of(&ledger).unwrap();
    /// let json = serde_json::to_value(&report).unwrap();
    /// assert_eq!(json["totals"]["available"], "0.00");
    /// assert_eq!(json["members"][0]["role"], "soucieux");
    /// ```
    pub fn of(ledger: &Ledger) -> Option<Report> {
        let circle = ledger.circle()?;
        let head = ledger.head()?;
        let totals = ledger.totals();
        Some(Report {
            circle: CircleReport {
                id: circle.id.to_hex(),
                name: circle.name.to_string(),
                territory: circle.territory.to_string(),
                status: circle.status,
                quorum: circle.governance.quorum.to_string(),
                threshold: circle.governance.threshold.to_string(),
                recusal: circle.governance.recusal,
                support_key: circle.support_key.map(|k| k.to_hex()),
                founded: circle.founded_at.date_naive(),
                four_eyes: circle.four_eyes,
                proxies: circle.proxies,
            },
            head: HeadReport::of(head),
            totals: TotalsReport {
                received: totals.received,
                committed: totals.committed,
                paid: totals.paid,
                available: totals.available(),
            },
            funders: ledger
                .funders()
                .iter()
                .map(|(source, received)| FunderReport { source: source.clone(), received: *received })
                .collect(),
            actions: ledger
                .actions()
                .iter()
                .map(|a| ActionReport {
                    id: a.id,
                    title: a.title.to_string(),
                    envelope: a.envelope,
                    committed: a.committed,
                    paid: a.paid,
                    proposal: a.proposal,
                })
                .collect(),
            proposals: ledger.proposals().into_iter().map(proposal_report).collect(),
            members: ledger
                .members()
                .map(|m| MemberReport {
                    name: m.name.to_string(),
                    role: m.role,
                    active: m.active,
                    key: m.key.to_hex(),
                    paid: m.paid,
                })
                .collect(),
            roles: role_reports(ledger),
            meetings: ledger.meetings().into_iter().map(meeting_report).collect(),
            months: ledger
                .months()
                .iter()
                .map(|(month, flow)| MonthReport {
                    month: month.clone(),
                    received: flow.received,
                    paid: flow.paid,
                })
                .collect(),
            checkpoints: ledger.checkpoints().iter().map(|h| HeadReport::of(*h)).collect(),
            agreements: Vec::new(),
            corrections: ledger
                .history()
                .corrections
                .iter()
                .chain(ledger.pending_corrections())
                .map(CorrectionReport::of)
                .collect(),
            governance: ledger
                .history()
                .governance
                .iter()
                .map(|g| GovernanceReport {
                    proposal: g.proposal,
                    meeting: g.meeting,
                    date: g.date,
                    settings: g.settings.iter().map(|s| s.describe()).collect(),
                    changes: g.settings.clone(),
                })
                .collect(),
            key_history: key_history(ledger),
            duplicate_references: ledger
                .history()
                .duplicates
                .iter()
                .map(|(seq, what, reference, first)| DuplicateReport {
                    seq: *seq,
                    what: what.clone(),
                    reference: reference.clone(),
                    first: *first,
                })
                .collect(),
            as_of: None,
            period: None,
        })
    }
}

fn proposal_report(p: &crate::ledger::Proposal) -> ProposalReport {
    let mut report = ProposalReport {
        id: p.id,
        kind: p.kind_word(),
        action: None,
        status: p.status.as_str(),
        author: p.author.to_string(),
        proposed: p.proposed_at.date_naive(),
        title: None,
        amount: Euros::ZERO,
        paid: Euros::ZERO,
        released: Euros::ZERO,
        spend_kind: None,
        payee: None,
        supplier: None,
        purpose: None,
        meeting: p.decided_in,
        decided: p.decided_on,
        outcome: p.outcome.map(|item| item.outcome.as_str()),
        reason: p.outcome.and_then(|item| item.outcome.reason()).map(|reason| reason.as_str()),
    };
    match &p.kind {
        ProposalKind::Action { title, envelope, action } => {
            report.action = *action;
            report.title = Some(title.to_string());
            report.amount = *envelope;
        }
        ProposalKind::Spend(line) => {
            report.action = Some(line.action);
            report.amount = line.amount;
            report.paid = line.paid;
            report.released = line.released;
            report.spend_kind = Some(line.payee.kind().as_str());
            report.purpose = Some(line.purpose.to_string());
            match &line.payee {
                Payee::Member(name) => report.payee = Some(name.to_string()),
                Payee::Supplier(name) => report.supplier = Some(name.to_string()),
            }
        }
        ProposalKind::Governance(settings) => {
            report.title = Some(settings.iter().map(|s| s.describe()).collect::<Vec<_>>().join(", "));
        }
    }
    report
}

fn role_reports(ledger: &Ledger) -> Vec<RoleReport> {
    Role::ALL
        .iter()
        .map(|role| {
            let members = ledger.members().filter(|m| m.active && m.role == *role).count();
            let paid = ledger.paid_by_role().get(role).copied().unwrap_or(Euros::ZERO);
            RoleReport { role: *role, members: u32::try_from(members).unwrap_or(u32::MAX), paid }
        })
        .collect()
}

fn meeting_report(m: &crate::ledger::Meeting) -> MeetingReport {
    let outcomes = m
        .outcomes
        .iter()
        .flatten()
        .map(|item| OutcomeReport {
            proposal: item.proposal,
            outcome: item.outcome.as_str(),
            reason: item.outcome.reason().map(|r| r.as_str()),
            for_: item.tally.for_,
            against: item.tally.against,
            abstain: item.tally.abstain,
        })
        .collect();
    MeetingReport {
        id: m.id,
        date: m.date,
        open: m.is_open(),
        present: m.present_count,
        voting: m.voting_count,
        proxies: m
            .proxies()
            .map(|(giver, holder)| ProxyReport { giver: giver.to_string(), holder: holder.to_string() })
            .collect(),
        outcomes,
    }
}

/// A change of settings adopted in a meeting.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct GovernanceReport {
    pub proposal: ProposalId,
    pub meeting: MeetingId,
    pub date: NaiveDate,
    /// Each setting as it became, in words (`quorum 2/3`, `four eyes above 1 500,00 €`).
    pub settings: Vec<String>,
    /// The same settings, for renderers that say them in another language (not in JSON).
    #[serde(skip)]
    pub changes: Vec<crate::ledger::Setting>,
}

/// A reference used again on purpose.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct DuplicateReport {
    pub seq: u64,
    /// `fund receipt` or `payout`.
    pub what: String,
    pub reference: String,
    /// The entry that used it first.
    pub first: u64,
}

/// A correction of a fund receipt, or a reversal of a payout.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct CorrectionReport {
    /// The correction's entry.
    pub seq: u64,
    /// `fund` (a receipt corrected) or `reversal` (a payout undone).
    pub kind: &'static str,
    /// The entry corrected.
    pub target: u64,
    pub author: String,
    pub reason: String,
    /// Before: the receipt's amount, source and reference, or the payout's amount.
    pub before_amount: Option<Euros>,
    pub before_source: Option<String>,
    pub before_reference: Option<String>,
    /// After (a fund correction).
    pub amount: Option<Euros>,
    pub source: Option<String>,
    pub reference: Option<String>,
    /// The countersignature's entry and signer; `None` while it waits (it does not count yet).
    pub countersigned_at: Option<u64>,
    pub countersigned_by: Option<String>,
}

impl CorrectionReport {
    fn of(c: &crate::ledger::Correction) -> CorrectionReport {
        let (kind, amount, source, reference) = match &c.change {
            crate::ledger::Change::Fund { amount, source, reference, .. } => {
                ("fund", Some(*amount), Some(source.to_string()), Some(reference.to_string()))
            }
            crate::ledger::Change::Reversal { .. } => ("reversal", None, None, None),
            crate::ledger::Change::Payout { amount, .. } => ("four-eyes", Some(*amount), None, None),
        };
        let fund = kind == "fund";
        CorrectionReport {
            seq: c.seq,
            kind,
            target: c.change.target(),
            author: c.author.clone(),
            reason: c.reason.to_string(),
            before_amount: c.before.as_ref().map(|b| b.0),
            before_source: c.before.as_ref().filter(|_| fund).map(|b| b.1.clone()),
            before_reference: c.before.as_ref().filter(|_| fund).map(|b| b.2.clone()),
            amount,
            source,
            reference,
            countersigned_at: c.countersigned.as_ref().map(|x| x.0),
            countersigned_by: c.countersigned.as_ref().map(|x| x.1.clone()),
        }
    }
}

/// What happened from `from` to `to` (both included): funds received (by the day their entry
/// was recorded), payouts (by the day they were paid), meetings closed (by their date).
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct PeriodReport {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub received: Euros,
    pub receipts: usize,
    pub paid: Euros,
    pub payouts: usize,
    pub meetings_closed: usize,
    pub proposals_adopted: usize,
}

/// A report of the books as they stood at the end of a day, and of what happened in a period,
/// replayed from the entries (`cercle report --as-of DATE`, `--from DATE --to DATE`).
///
/// Feed it the ledger's entries in order ([`Replay::push`]); it stops taking them after the last
/// day (by the day each entry was recorded). Every entry is checked by the rules again.
#[derive(Debug, Default)]
pub struct Replay {
    ledger: Ledger,
    payouts: crate::statement::Payouts,
    until: Option<NaiveDate>,
    period: Option<PeriodReport>,
}

impl Replay {
    /// A replay up to the end of `until` (every entry if `None`), counting what happened from
    /// `from` (if a period is asked: `from` or `until` given).
    pub fn new(from: Option<NaiveDate>, until: Option<NaiveDate>, period: bool) -> Replay {
        let period = period.then(|| PeriodReport { from, to: until, ..PeriodReport::default() });
        Replay { until, period, ..Replay::default() }
    }

    /// Take the next entry; `Ok(false)` once past the last day (later entries are not needed).
    pub fn push(&mut self, signed: &crate::entry::SignedEntry) -> Result<bool, crate::error::RuleError> {
        let entry = signed.entry();
        let day = entry.recorded_at.date_naive();
        if self.until.is_some_and(|until| day > until) {
            return Ok(false);
        }
        self.ledger.append(signed)?;
        self.payouts.observe(signed);
        if let Some(period) = &mut self.period {
            let within = |date: NaiveDate| {
                period.from.is_none_or(|f| f <= date) && period.to.is_none_or(|t| date <= t)
            };
            let act = entry.body.act();
            if let Some(fund) = act.fund().filter(|_| within(day)) {
                period.received = period.received.checked_add(fund.amount).unwrap_or(period.received);
                period.receipts += 1;
            }
            if let Some(payout) = act.payout().filter(|p| within(p.date)) {
                period.paid = period.paid.checked_add(payout.amount).unwrap_or(period.paid);
                period.payouts += 1;
            }
            if let crate::entry::Body::MeetingClose { meeting, outcomes } = act {
                if self.ledger.meeting(*meeting).is_some_and(|m| within(m.date)) {
                    period.meetings_closed += 1;
                    period.proposals_adopted +=
                        outcomes.iter().filter(|o| o.outcome == crate::model::Outcome::Adopted).count();
                }
            }
        }
        Ok(true)
    }

    /// The report; `None` if no entry was taken (the circle did not exist yet).
    pub fn finish(self) -> Option<Report> {
        let mut report = Report::of(&self.ledger)?;
        if self.ledger.agreements().next().is_some() {
            report = report.with_agreements(&self.ledger, &self.payouts);
        }
        report.as_of = self.until;
        report.period = self.period;
        Some(report)
    }
}
