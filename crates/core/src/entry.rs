//! One entry type for everything that happens in a circle, its canonical bytes, its signature
//! and its hash. `docs/FORMAT.md` specifies these bytes; this module is their only encoder and
//! decoder.
//!
//! Guarantees:
//! - the bytes signed are exactly the bytes stored and exported ([`SignedEntry::bytes`]): no
//!   verifier ever re-serialises anything to check a signature;
//! - every signed message starts with the label `cercle/entry/v1\n`, and every entry but genesis
//!   carries its circle's id, so an entry can never be replayed into another circle;
//! - decoding never panics and refuses any byte that is not exactly what the encoder writes.

use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::agreement::{AgreementTerms, Rate, Receipt, AGREEMENT_ACTIONS_MAX};
use crate::encoding::{Reader, Writer};
use crate::envelope::SignedEnvelope;
use crate::error::FormatError;
use crate::ids::{ActionId, CircleId, EntryHash, FileHash, MeetingId, MemberName, ProposalId, PublicKey};
use crate::ledger::Setting;
use crate::model::{
    Choice, CircleStatus, Governance, Outcome, Role, SpendKind, Tally, Text, TextField, Threshold,
};
use crate::money::{Euros, Quorum};

/// The label every entry's bytes begin with; it names the format version.
pub const ENTRY_LABEL: &[u8; 16] = b"cercle/entry/v1\n";

/// The most bytes one entry (signature included) may have.
pub const ENTRY_BYTES_MAX: usize = 16 * 1024;

/// The most proposals on one meeting's agenda.
pub const AGENDA_LENGTH_MAX: usize = 100;

const SIGNATURE_LENGTH: usize = 64;

/// The genesis of a circle: what its founding soucieux fixed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Genesis {
    /// The circle's name (e.g. `Littoral`).
    pub name: Text,
    /// Its territory (e.g. `Côte d'Opale`).
    pub territory: Text,
    /// Emerging or active.
    pub status: CircleStatus,
    /// The founding soucieux's member name; the entry's author key is theirs.
    pub founder: MemberName,
    /// Quorum, threshold and recusal.
    pub governance: Governance,
    /// The regional support team's public key, if the circle has one.
    pub support_key: Option<PublicKey>,
}

/// Whom a spend line pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Payee {
    /// A retribution to a member holding a paid role.
    Member(MemberName),
    /// An expense paid to an outside supplier.
    Supplier(Text),
}

impl Payee {
    /// Retribution or expense.
    pub fn kind(&self) -> SpendKind {
        match self {
            Payee::Member(_) => SpendKind::Retribution,
            Payee::Supplier(_) => SpendKind::Expense,
        }
    }

    /// The payee's name, as written.
    pub fn name(&self) -> &str {
        match self {
            Payee::Member(name) => name.as_str(),
            Payee::Supplier(text) => text.as_str(),
        }
    }
}

/// How a meeting decided one agenda item, with its tally; part of the closing entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    /// The proposal decided.
    pub proposal: ProposalId,
    /// Adopted, rejected (why), or no quorum.
    pub outcome: Outcome,
    /// The votes cast.
    pub tally: Tally,
}

/// What an entry records. The byte code of each kind is in `docs/FORMAT.md`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[allow(missing_docs)] // Field names say it; the rulebook says the rest.
pub enum Body {
    /// The first entry: fixes the circle; its author becomes the first soucieux.
    Genesis(Genesis),
    /// A soucieux adds a member.
    MemberAdd { name: MemberName, key: PublicKey, role: Role },
    /// A soucieux changes a member's role.
    MemberRole { name: MemberName, role: Role },
    /// A soucieux records that a member left.
    MemberLeave { name: MemberName },
    /// A soucieux changes the circle's status.
    CircleStatus { status: CircleStatus },
    /// A soucieux or the support team records funds received.
    FundReceived { amount: Euros, source: Text, reference: Text },
    /// A member proposes an action for the programme.
    ProposeAction { title: Text, envelope: Euros },
    /// A member proposes a spend line on an adopted action.
    ProposeSpend { action: ActionId, amount: Euros, payee: Payee, purpose: Text },
    /// A proposal's author withdraws it while pending.
    Withdraw { proposal: ProposalId },
    /// A soucieux opens a regulation meeting.
    MeetingOpen { date: NaiveDate, agenda: Vec<ProposalId> },
    /// A member records their own attendance.
    Attend { meeting: MeetingId },
    /// A present member records their own vote.
    Vote { meeting: MeetingId, proposal: ProposalId, choice: Choice },
    /// A soucieux closes a meeting; the outcomes are recomputed by every verifier.
    MeetingClose { meeting: MeetingId, outcomes: Vec<ItemOutcome> },
    /// A soucieux or the support team records money paid on an adopted spend line.
    Payout { proposal: ProposalId, amount: Euros, date: NaiveDate, reference: Text },
    /// A soucieux closes a spend line, releasing its unpaid remainder.
    SpendClose { proposal: ProposalId },
    /// The support team signs the head (the previous entry).
    Checkpoint,
    /// A member who will be absent gives their vote at one meeting to a present member (a
    /// *pouvoir*): the holder's vote counts for both.
    Proxy { meeting: MeetingId, holder: MemberName },
    /// The keeper (a soucieux) sequences a member's envelope: the act inside is applied as if its
    /// author had appended it (see [`crate::envelope`]).
    Envelope(Box<SignedEnvelope>),
    /// A funding agreement (*convention*): what a funder awarded, for which period and actions.
    Agreement(Box<AgreementTerms>),
    /// Funds received, with what kind 6 cannot say: the agreement they pay into, or that a
    /// reference already used is meant. One of the two is always there (else it is kind 6).
    FundReceivedV2 {
        amount: Euros,
        source: Text,
        reference: Text,
        agreement: Option<Text>,
        duplicate_ok: bool,
    },
    /// A payout, with what kind 14 cannot say: its receipt, or that a reference already used is
    /// meant. One of the two is always there (else it is kind 14).
    PayoutV2 {
        proposal: ProposalId,
        amount: Euros,
        date: NaiveDate,
        reference: Text,
        receipt: Option<Receipt>,
        duplicate_ok: bool,
    },
    /// Corrects the fund receipt at seq `target`: its amount, source and reference as they
    /// should have been. Counts once countersigned (kind 24).
    FundCorrection { target: u64, amount: Euros, source: Text, reference: Text, reason: Text },
    /// Reverses the payout at seq `target`, recorded by mistake. Counts once countersigned.
    PayoutReversal { target: u64, reason: Text },
    /// A second signer countersigns the correction or reversal at seq `target`, which then
    /// counts.
    Countersign { target: u64 },
    /// A proposal to change the circle's settings (quorum, threshold, four eyes, proxies,
    /// name, territory), decided in a regulation meeting like any proposal.
    ProposeGovernance { settings: Vec<Setting> },
    /// A new key for member `name` (a lost or stolen laptop): by a soucieux or the support
    /// team, it counts once the other side countersigned it (kind 24).
    MemberKey { name: MemberName, key: PublicKey },
    /// A new key for the support team: by the support team's current key (counts at once), or
    /// by a soucieux (counts once every current soucieux signed it, each by a kind 24).
    SupportKey { key: PublicKey },
}

/// A fund receipt of either layout (kind 6 or 20), seen the same way.
#[derive(Clone, Copy, Debug)]
pub struct FundView<'a> {
    /// The amount received.
    pub amount: Euros,
    /// Who sent it.
    pub source: &'a Text,
    /// The transfer's reference.
    pub reference: &'a Text,
    /// The agreement it pays into.
    pub agreement: Option<&'a Text>,
    /// Whether a reference already used is meant.
    pub duplicate_ok: bool,
}

/// A payout of either layout (kind 14 or 21), seen the same way.
#[derive(Clone, Copy, Debug)]
pub struct PayoutView<'a> {
    /// The spend line paid.
    pub proposal: ProposalId,
    /// The amount paid.
    pub amount: Euros,
    /// When it was paid.
    pub date: NaiveDate,
    /// The transfer's reference.
    pub reference: &'a Text,
    /// Its receipt.
    pub receipt: Option<&'a Receipt>,
    /// Whether a reference already used is meant.
    pub duplicate_ok: bool,
}

impl Body {
    /// A fund receipt of either layout.
    pub fn fund(&self) -> Option<FundView<'_>> {
        match self {
            Body::FundReceived { amount, source, reference } => {
                Some(FundView { amount: *amount, source, reference, agreement: None, duplicate_ok: false })
            }
            Body::FundReceivedV2 { amount, source, reference, agreement, duplicate_ok } => Some(FundView {
                amount: *amount,
                source,
                reference,
                agreement: agreement.as_ref(),
                duplicate_ok: *duplicate_ok,
            }),
            _ => None,
        }
    }

    /// A payout of either layout.
    pub fn payout(&self) -> Option<PayoutView<'_>> {
        match self {
            Body::Payout { proposal, amount, date, reference } => Some(PayoutView {
                proposal: *proposal,
                amount: *amount,
                date: *date,
                reference,
                receipt: None,
                duplicate_ok: false,
            }),
            Body::PayoutV2 { proposal, amount, date, reference, receipt, duplicate_ok } => Some(PayoutView {
                proposal: *proposal,
                amount: *amount,
                date: *date,
                reference,
                receipt: receipt.as_ref(),
                duplicate_ok: *duplicate_ok,
            }),
            _ => None,
        }
    }

    /// A fund receipt in the layout its fields need: kind 6 when it names no agreement and
    /// means no duplicate, kind 20 otherwise.
    pub fn fund_received(
        amount: Euros,
        source: Text,
        reference: Text,
        agreement: Option<Text>,
        duplicate_ok: bool,
    ) -> Body {
        if agreement.is_none() && !duplicate_ok {
            Body::FundReceived { amount, source, reference }
        } else {
            Body::FundReceivedV2 { amount, source, reference, agreement, duplicate_ok }
        }
    }

    /// A payout in the layout its fields need: kind 14 without a receipt nor a meant
    /// duplicate, kind 21 otherwise.
    pub fn new_payout(
        proposal: ProposalId,
        amount: Euros,
        date: NaiveDate,
        reference: Text,
        receipt: Option<Receipt>,
        duplicate_ok: bool,
    ) -> Body {
        if receipt.is_none() && !duplicate_ok {
            Body::Payout { proposal, amount, date, reference }
        } else {
            Body::PayoutV2 { proposal, amount, date, reference, receipt, duplicate_ok }
        }
    }

    /// The kind's byte code.
    pub fn code(&self) -> u8 {
        match self {
            Body::Genesis(_) => 1,
            Body::MemberAdd { .. } => 2,
            Body::MemberRole { .. } => 3,
            Body::MemberLeave { .. } => 4,
            Body::CircleStatus { .. } => 5,
            Body::FundReceived { .. } => 6,
            Body::ProposeAction { .. } => 7,
            Body::ProposeSpend { .. } => 8,
            Body::Withdraw { .. } => 9,
            Body::MeetingOpen { .. } => 10,
            Body::Attend { .. } => 11,
            Body::Vote { .. } => 12,
            Body::MeetingClose { .. } => 13,
            Body::Payout { .. } => 14,
            Body::SpendClose { .. } => 15,
            Body::Checkpoint => 16,
            Body::Envelope(_) => 17,
            Body::Proxy { .. } => 18,
            Body::Agreement(_) => 19,
            Body::FundReceivedV2 { .. } => 20,
            Body::PayoutV2 { .. } => 21,
            Body::FundCorrection { .. } => 22,
            Body::PayoutReversal { .. } => 23,
            Body::Countersign { .. } => 24,
            Body::ProposeGovernance { .. } => 25,
            Body::MemberKey { .. } => 26,
            Body::SupportKey { .. } => 27,
        }
    }

    /// The kind's name, as in exports and `cercle log`.
    pub fn kind(&self) -> &'static str {
        kind_name(self.code())
    }

    /// The act: the envelope's for an envelope entry, else the body itself.
    pub fn act(&self) -> &Body {
        match self {
            Body::Envelope(envelope) => &envelope.envelope().body,
            body => body,
        }
    }

    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u8(self.code());
        match self {
            Body::Genesis(g) => {
                w.str(g.name.as_str());
                w.str(g.territory.as_str());
                w.u8(g.status.code());
                w.str("EUR");
                w.u16(g.governance.quorum.numerator());
                w.u16(g.governance.quorum.denominator());
                w.u8(g.governance.threshold.code());
                w.u8(u8::from(g.governance.recusal));
                w.str(g.founder.as_str());
                match &g.support_key {
                    None => w.u8(0),
                    Some(key) => {
                        w.u8(1);
                        w.key(key);
                    }
                }
            }
            Body::MemberAdd { name, key, role } => {
                w.str(name.as_str());
                w.key(key);
                w.u8(role.code());
            }
            Body::MemberRole { name, role } => {
                w.str(name.as_str());
                w.u8(role.code());
            }
            Body::MemberLeave { name } => w.str(name.as_str()),
            Body::CircleStatus { status } => w.u8(status.code()),
            Body::FundReceived { amount, source, reference } => {
                w.amount(*amount);
                w.str(source.as_str());
                w.str(reference.as_str());
            }
            Body::ProposeAction { title, envelope } => {
                w.str(title.as_str());
                w.amount(*envelope);
            }
            Body::ProposeSpend { action, amount, payee, purpose } => {
                w.u32(action.0);
                w.amount(*amount);
                w.u8(payee.kind().code());
                w.str(payee.name());
                w.str(purpose.as_str());
            }
            Body::Withdraw { proposal } | Body::SpendClose { proposal } => w.u32(proposal.0),
            Body::MeetingOpen { date, agenda } => {
                w.date(*date);
                w.u16(u16::try_from(agenda.len()).unwrap_or(u16::MAX));
                agenda.iter().for_each(|id| w.u32(id.0));
            }
            Body::Attend { meeting } => w.u32(meeting.0),
            Body::Vote { meeting, proposal, choice } => {
                w.u32(meeting.0);
                w.u32(proposal.0);
                w.u8(choice.code());
            }
            Body::MeetingClose { meeting, outcomes } => {
                w.u32(meeting.0);
                w.u16(u16::try_from(outcomes.len()).unwrap_or(u16::MAX));
                for item in outcomes {
                    w.u32(item.proposal.0);
                    w.u8(item.outcome.code());
                    w.u32(item.tally.for_);
                    w.u32(item.tally.against);
                    w.u32(item.tally.abstain);
                }
            }
            Body::Payout { proposal, amount, date, reference } => {
                w.u32(proposal.0);
                w.amount(*amount);
                w.date(*date);
                w.str(reference.as_str());
            }
            Body::Checkpoint => {}
            Body::Proxy { meeting, holder } => {
                w.u32(meeting.0);
                w.str(holder.as_str());
            }
            Body::Envelope(envelope) => {
                w.u16(u16::try_from(envelope.bytes().len()).unwrap_or(u16::MAX));
                w.bytes.extend_from_slice(envelope.bytes());
            }
            Body::Agreement(terms) => {
                w.str(terms.reference.as_str());
                w.str(terms.funder.as_str());
                w.amount(terms.amount);
                w.u16(terms.rate.map_or(0, Rate::basis_points));
                w.date(terms.from);
                w.date(terms.to);
                w.u16(u16::try_from(terms.actions.len()).unwrap_or(u16::MAX));
                terms.actions.iter().for_each(|id| w.u32(id.0));
            }
            Body::FundReceivedV2 { amount, source, reference, agreement, duplicate_ok } => {
                w.amount(*amount);
                w.str(source.as_str());
                w.str(reference.as_str());
                match agreement {
                    None => w.u8(0),
                    Some(agreement) => {
                        w.u8(1);
                        w.str(agreement.as_str());
                    }
                }
                w.u8(u8::from(*duplicate_ok));
            }
            Body::PayoutV2 { proposal, amount, date, reference, receipt, duplicate_ok } => {
                w.u32(proposal.0);
                w.amount(*amount);
                w.date(*date);
                w.str(reference.as_str());
                match receipt {
                    None => w.u8(0),
                    Some(receipt) => {
                        w.u8(1);
                        w.bytes32(&receipt.sha256.0);
                        w.str(receipt.name.as_str());
                    }
                }
                w.u8(u8::from(*duplicate_ok));
            }
            Body::FundCorrection { target, amount, source, reference, reason } => {
                w.u64(*target);
                w.amount(*amount);
                w.str(source.as_str());
                w.str(reference.as_str());
                w.str(reason.as_str());
            }
            Body::PayoutReversal { target, reason } => {
                w.u64(*target);
                w.str(reason.as_str());
            }
            Body::Countersign { target } => w.u64(*target),
            Body::ProposeGovernance { settings } => {
                w.u8(u8::try_from(settings.len()).unwrap_or(u8::MAX));
                for setting in settings {
                    w.u8(setting.code());
                    match setting {
                        Setting::Quorum(q) => {
                            w.u16(q.numerator());
                            w.u16(q.denominator());
                        }
                        Setting::Threshold(t) => w.u8(t.code()),
                        Setting::Recusal(on) | Setting::Proxies(on) => w.u8(u8::from(*on)),
                        Setting::FourEyes(amount) => w.u64(amount.map_or(0, Euros::cents)),
                        Setting::Name(text) | Setting::Territory(text) => w.str(text.as_str()),
                    }
                }
            }
            Body::MemberKey { name, key } => {
                w.str(name.as_str());
                w.key(key);
            }
            Body::SupportKey { key } => w.key(key),
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Body, FormatError> {
        let code = r.u8("kind")?;
        let body = match code {
            1 => Body::Genesis(decode_genesis(r)?),
            2 => Body::MemberAdd { name: name(r)?, key: r.key("key")?, role: role(r)? },
            3 => Body::MemberRole { name: name(r)?, role: role(r)? },
            4 => Body::MemberLeave { name: name(r)? },
            5 => Body::CircleStatus { status: status(r)? },
            6 => Body::FundReceived {
                amount: r.amount("amount")?,
                source: r.text(TextField::Source)?,
                reference: r.text(TextField::Reference)?,
            },
            7 => Body::ProposeAction { title: r.text(TextField::Title)?, envelope: r.amount("envelope")? },
            8 => Body::ProposeSpend {
                action: ActionId(id(r, "action")?),
                amount: r.amount("amount")?,
                payee: payee(r)?,
                purpose: r.text(TextField::Purpose)?,
            },
            9 => Body::Withdraw { proposal: ProposalId(id(r, "proposal")?) },
            10 => Body::MeetingOpen { date: r.date("date")?, agenda: agenda(r)? },
            11 => Body::Attend { meeting: MeetingId(id(r, "meeting")?) },
            12 => Body::Vote {
                meeting: MeetingId(id(r, "meeting")?),
                proposal: ProposalId(id(r, "proposal")?),
                choice: closed(r, "choice", Choice::from_code)?,
            },
            13 => Body::MeetingClose { meeting: MeetingId(id(r, "meeting")?), outcomes: outcomes(r)? },
            14 => Body::Payout {
                proposal: ProposalId(id(r, "proposal")?),
                amount: r.amount("amount")?,
                date: r.date("date")?,
                reference: r.text(TextField::Reference)?,
            },
            15 => Body::SpendClose { proposal: ProposalId(id(r, "proposal")?) },
            16 => Body::Checkpoint,
            18 => Body::Proxy { meeting: MeetingId(id(r, "meeting")?), holder: name(r)? },
            17 => {
                let length = usize::from(r.u16("envelope length")?);
                let bytes = r.raw(length, "envelope")?;
                Body::Envelope(Box::new(SignedEnvelope::from_bytes(bytes.to_vec())?))
            }
            19 => Body::Agreement(Box::new(decode_agreement(r)?)),
            20 => {
                let (amount, source) = (r.amount("amount")?, r.text(TextField::Source)?);
                let reference = r.text(TextField::Reference)?;
                let agreement =
                    if r.bool("agreement flag")? { Some(r.text(TextField::Reference)?) } else { None };
                let duplicate_ok = r.bool("duplicate reference flag")?;
                if agreement.is_none() && !duplicate_ok {
                    return Err(FormatError::BadValue {
                        field: "fund-received-v2 with neither flag (kind 6)",
                        value: 0,
                    });
                }
                Body::FundReceivedV2 { amount, source, reference, agreement, duplicate_ok }
            }
            21 => {
                let (proposal, amount) = (ProposalId(id(r, "proposal")?), r.amount("amount")?);
                let (date, reference) = (r.date("date")?, r.text(TextField::Reference)?);
                let receipt = if r.bool("receipt flag")? {
                    let sha256 = FileHash(r.hash("receipt hash")?.0);
                    Some(Receipt { sha256, name: r.text(TextField::ReceiptName)? })
                } else {
                    None
                };
                let duplicate_ok = r.bool("duplicate reference flag")?;
                if receipt.is_none() && !duplicate_ok {
                    return Err(FormatError::BadValue {
                        field: "payout-v2 with neither flag (kind 14)",
                        value: 0,
                    });
                }
                Body::PayoutV2 { proposal, amount, date, reference, receipt, duplicate_ok }
            }
            22 => Body::FundCorrection {
                target: r.u64("target")?,
                amount: r.amount("amount")?,
                source: r.text(TextField::Source)?,
                reference: r.text(TextField::Reference)?,
                reason: r.text(TextField::Reason)?,
            },
            23 => Body::PayoutReversal { target: r.u64("target")?, reason: r.text(TextField::Reason)? },
            24 => Body::Countersign { target: r.u64("target")? },
            25 => Body::ProposeGovernance { settings: settings(r)? },
            26 => Body::MemberKey { name: name(r)?, key: r.key("key")? },
            27 => Body::SupportKey { key: r.key("key")? },
            _ => return Err(FormatError::BadValue { field: "kind", value: u64::from(code) }),
        };
        Ok(body)
    }
}

fn decode_genesis(r: &mut Reader<'_>) -> Result<Genesis, FormatError> {
    let name_text = r.text(TextField::CircleName)?;
    let territory = r.text(TextField::Territory)?;
    let status = status(r)?;
    let currency = r.string("currency")?;
    if currency != "EUR" {
        return Err(FormatError::BadCurrency(currency.chars().take(8).collect()));
    }
    let quorum = quorum(r)?;
    let threshold = closed(r, "threshold", Threshold::from_code)?;
    let recusal = r.bool("recusal")?;
    let founder = name(r)?;
    let support_key = if r.bool("support key flag")? { Some(r.key("support key")?) } else { None };
    Ok(Genesis {
        name: name_text,
        territory,
        status,
        founder,
        governance: Governance { quorum, threshold, recusal },
        support_key,
    })
}

/// A quorum: numerator and denominator, a fraction in lowest terms with 0 < n ≤ d.
fn quorum(r: &mut Reader<'_>) -> Result<Quorum, FormatError> {
    let (numerator, denominator) = (r.u16("quorum")?, r.u16("quorum")?);
    Quorum::new(numerator, denominator)
        .filter(|q| q.numerator() == numerator && q.denominator() == denominator)
        .ok_or(FormatError::BadValue { field: "quorum", value: u64::from(numerator) })
}

fn settings(r: &mut Reader<'_>) -> Result<Vec<Setting>, FormatError> {
    let count = r.u8("settings")?;
    if count == 0 || count > 7 {
        return Err(FormatError::BadValue { field: "settings count", value: u64::from(count) });
    }
    let mut settings: Vec<Setting> = Vec::new();
    for _ in 0..count {
        let code = r.u8("setting")?;
        let setting = match code {
            1 => Setting::Quorum(quorum(r)?),
            2 => Setting::Threshold(closed(r, "threshold", Threshold::from_code)?),
            3 => Setting::Recusal(r.bool("recusal")?),
            4 => {
                let cents = r.u64("four-eyes threshold")?;
                if cents > crate::money::AMOUNT_MAX_CENTS {
                    return Err(FormatError::BadValue { field: "four-eyes threshold", value: cents });
                }
                Setting::FourEyes((cents > 0).then(|| Euros::from_cents(cents)))
            }
            5 => Setting::Proxies(r.bool("proxies")?),
            6 => Setting::Name(r.text(TextField::CircleName)?),
            7 => Setting::Territory(r.text(TextField::Territory)?),
            _ => return Err(FormatError::BadValue { field: "setting", value: u64::from(code) }),
        };
        if settings.last().is_some_and(|last| last.code() >= setting.code()) {
            return Err(FormatError::BadValue { field: "settings (not ascending)", value: u64::from(code) });
        }
        settings.push(setting);
    }
    Ok(settings)
}

fn decode_agreement(r: &mut Reader<'_>) -> Result<AgreementTerms, FormatError> {
    let reference = r.text(TextField::Reference)?;
    let funder = r.text(TextField::Source)?;
    let amount = r.amount("amount awarded")?;
    let rate = match r.u16("rate")? {
        0 => None,
        points => Some(
            Rate::from_basis_points(points)
                .ok_or(FormatError::BadValue { field: "rate", value: u64::from(points) })?,
        ),
    };
    let (from, to) = (r.date("from")?, r.date("to")?);
    let count = usize::from(r.u16("actions")?);
    if count > AGREEMENT_ACTIONS_MAX {
        return Err(FormatError::BadValue { field: "actions length", value: count as u64 });
    }
    let actions = (0..count).map(|_| id(r, "action").map(ActionId)).collect::<Result<Vec<_>, _>>()?;
    if actions.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(FormatError::BadValue { field: "actions (not ascending)", value: 0 });
    }
    Ok(AgreementTerms { reference, funder, amount, rate, from, to, actions })
}

fn closed<T>(r: &mut Reader<'_>, field: &'static str, from: fn(u8) -> Option<T>) -> Result<T, FormatError> {
    let code = r.u8(field)?;
    from(code).ok_or(FormatError::BadValue { field, value: u64::from(code) })
}

fn role(r: &mut Reader<'_>) -> Result<Role, FormatError> {
    closed(r, "role", Role::from_code)
}

fn status(r: &mut Reader<'_>) -> Result<CircleStatus, FormatError> {
    closed(r, "status", CircleStatus::from_code)
}

fn name(r: &mut Reader<'_>) -> Result<MemberName, FormatError> {
    let raw = r.string("member name")?;
    raw.parse().map_err(|error: crate::ids::MemberNameError| FormatError::BadText(error.to_string()))
}

fn id(r: &mut Reader<'_>, field: &'static str) -> Result<u32, FormatError> {
    match r.u32(field)? {
        0 => Err(FormatError::BadValue { field, value: 0 }),
        value => Ok(value),
    }
}

fn payee(r: &mut Reader<'_>) -> Result<Payee, FormatError> {
    match closed(r, "spend kind", SpendKind::from_code)? {
        SpendKind::Retribution => Ok(Payee::Member(name(r)?)),
        SpendKind::Expense => Ok(Payee::Supplier(r.text(TextField::Supplier)?)),
    }
}

fn agenda(r: &mut Reader<'_>) -> Result<Vec<ProposalId>, FormatError> {
    let count = usize::from(r.u16("agenda")?);
    if count > AGENDA_LENGTH_MAX {
        return Err(FormatError::BadValue { field: "agenda length", value: count as u64 });
    }
    (0..count).map(|_| id(r, "agenda").map(ProposalId)).collect()
}

fn outcomes(r: &mut Reader<'_>) -> Result<Vec<ItemOutcome>, FormatError> {
    let count = usize::from(r.u16("outcomes")?);
    if count > AGENDA_LENGTH_MAX {
        return Err(FormatError::BadValue { field: "outcomes length", value: count as u64 });
    }
    (0..count)
        .map(|_| {
            Ok(ItemOutcome {
                proposal: ProposalId(id(r, "proposal")?),
                outcome: closed(r, "outcome", Outcome::from_code)?,
                tally: Tally { for_: r.u32("for")?, against: r.u32("against")?, abstain: r.u32("abstain")? },
            })
        })
        .collect()
}

/// An entry before it is signed: where it goes in which circle, when, by whom, and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The circle's id; all zeros in genesis (the id is genesis's own hash).
    pub circle: CircleId,
    /// Position in the ledger, from 0 (genesis).
    pub seq: u64,
    /// The previous entry's hash; all zeros in genesis.
    pub prev: EntryHash,
    /// When the entry was recorded (UTC, whole seconds), by its author's clock.
    pub recorded_at: DateTime<Utc>,
    /// The author's public key; the signature must verify under it.
    pub author: PublicKey,
    /// What happened.
    pub body: Body,
}

impl Entry {
    /// Who acted: the envelope's author for an envelope entry, else the entry's author.
    pub fn actor(&self) -> PublicKey {
        match &self.body {
            Body::Envelope(envelope) => envelope.envelope().author,
            _ => self.author,
        }
    }

    /// The canonical bytes that are signed (see `docs/FORMAT.md`).
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(ENTRY_LABEL);
        w.hash(&self.circle);
        w.u64(self.seq);
        w.hash(&self.prev);
        w.i64(self.recorded_at.timestamp());
        w.key(&self.author);
        self.body.encode(&mut w);
        w.bytes
    }

    /// Sign the entry. The author must be `key`'s public key.
    ///
    /// ```
    /// use cercle_core::{Body, CircleStatus, Entry, EntryHash, PublicKey};
    /// use ed25519_dalek::SigningKey;
    /// let key = SigningKey::from_bytes(&[7; 32]);
    /// let entry = Entry {
    ///     circle: EntryHash([1; 32]),
    ///     seq: 3,
    ///     prev: EntryHash([2; 32]),
    ///     recorded_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
    ///     author: PublicKey(key.verifying_key().to_bytes()),
    ///     body: Body::CircleStatus { status: CircleStatus::Active },
    /// };
    /// let signed = entry.sign(&key).unwrap();
    /// assert!(signed.verify_signature().is_ok());
    /// ```
    pub fn sign(self, key: &SigningKey) -> Result<SignedEntry, FormatError> {
        if key.verifying_key().to_bytes() != self.author.0 {
            return Err(FormatError::AuthorIsNotSigner);
        }
        let mut bytes = self.signing_bytes();
        if bytes.len() + SIGNATURE_LENGTH > ENTRY_BYTES_MAX {
            return Err(FormatError::TooLarge(bytes.len() + SIGNATURE_LENGTH));
        }
        let nanos = self.recorded_at.timestamp_subsec_nanos();
        if nanos != 0 {
            return Err(FormatError::BadValue { field: "recorded at", value: u64::from(nanos) });
        }
        let signature = key.sign(&bytes);
        bytes.extend_from_slice(&signature.to_bytes());
        // Pair assertion, checked in every build: what we just wrote must decode back to the very
        // same entry. An entry the decoder refuses (an amount of zero, an id 0, an agenda longer
        // than AGENDA_LENGTH_MAX…) is refused here, not signed into bytes nobody can read back.
        let decoded = SignedEntry::from_bytes(bytes)?;
        if decoded.entry != self {
            return Err(FormatError::BadValue { field: "entry (does not read back as written)", value: 0 });
        }
        // Made just now by the author's own key (checked above) over these very bytes. The entry
        // kept is `self`, equal to the decoded one, so that what is known of its parts (an
        // envelope whose signature was checked) stays known.
        let SignedEntry { bytes, hash, verified, .. } = decoded;
        let _ = verified.set(());
        Ok(SignedEntry { entry: self, bytes, hash, verified })
    }
}

/// The entry hash: `SHA-256(0x00 ‖ bytes)`, the leaf hash of RFC 6962, so that a Merkle tree can
/// be laid over the same entries later without changing them.
pub fn entry_hash(bytes: &[u8]) -> EntryHash {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(bytes);
    EntryHash(hasher.finalize().into())
}

/// A signed entry: the decoded [`Entry`], its exact bytes (signed part then the 64-byte
/// signature) and its hash.
#[derive(Clone, Debug)]
pub struct SignedEntry {
    entry: Entry,
    bytes: Vec<u8>,
    hash: EntryHash,
    /// Set once the signature is known to verify: checked ([`SignedEntry::verify_signature`])
    /// or made by the author's key just now ([`Entry::sign`]). The bytes never change, so
    /// neither does the answer: a copy keeps it, and a second check costs nothing.
    verified: std::sync::OnceLock<()>,
}

/// Two signed entries are equal when their bytes are (which decide everything else).
impl PartialEq for SignedEntry {
    fn eq(&self, other: &SignedEntry) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for SignedEntry {}

/// The signature did not verify under the author's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the signature does not verify under the author's key")]
pub struct SignatureError;

impl SignedEntry {
    /// Decode an entry from its exact bytes (as stored and exported). Checks the encoding only:
    /// the signature is checked by [`SignedEntry::verify_signature`], the rules by
    /// [`crate::Ledger`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SignedEntry, FormatError> {
        if bytes.len() > ENTRY_BYTES_MAX {
            return Err(FormatError::TooLarge(bytes.len()));
        }
        let signed_length = bytes
            .len()
            .checked_sub(SIGNATURE_LENGTH)
            .filter(|length| *length >= ENTRY_LABEL.len())
            .ok_or(FormatError::Truncated("entry"))?;
        let signed = &bytes[..signed_length];
        if &signed[..ENTRY_LABEL.len()] != ENTRY_LABEL {
            return Err(FormatError::UnknownLabel);
        }
        let mut r = Reader::new(&signed[ENTRY_LABEL.len()..]);
        let circle = r.hash("circle")?;
        let seq = r.u64("seq")?;
        let prev = r.hash("prev")?;
        let seconds = r.i64("recorded at")?;
        let recorded_at = DateTime::from_timestamp(seconds, 0)
            .ok_or(FormatError::BadValue { field: "recorded at", value: seconds.unsigned_abs() })?;
        let author = r.key("author")?;
        let body = Body::decode(&mut r)?;
        r.finish()?;
        debug_assert_eq!(r.position() + ENTRY_LABEL.len(), signed_length);
        let hash = entry_hash(&bytes);
        let entry = Entry { circle, seq, prev, recorded_at, author, body };
        Ok(SignedEntry { entry, bytes, hash, verified: std::sync::OnceLock::new() })
    }

    /// The decoded entry.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    /// The exact bytes: the signed message, then the 64-byte signature.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The signed message (the bytes without the signature).
    pub fn message(&self) -> &[u8] {
        &self.bytes[..self.bytes.len() - SIGNATURE_LENGTH]
    }

    /// The signature's 64 bytes (`R ‖ S`), as stored.
    pub fn signature_bytes(&self) -> &[u8; SIGNATURE_LENGTH] {
        match self.bytes.split_last_chunk() {
            Some((_, signature)) => signature,
            None => unreachable!("a SignedEntry holds a signature"),
        }
    }

    /// The signature.
    pub fn signature(&self) -> Signature {
        Signature::from_bytes(self.signature_bytes())
    }

    /// `SHA-256(0x00 ‖ bytes)`.
    pub fn hash(&self) -> EntryHash {
        self.hash
    }

    /// Check the signature with `verify_strict` (which refuses malleable signatures and
    /// small-order keys).
    pub fn verify_signature(&self) -> Result<(), SignatureError> {
        if self.verified.get().is_some() {
            return Ok(());
        }
        let key = VerifyingKey::from_bytes(&self.entry.author.0).map_err(|_| SignatureError)?;
        key.verify_strict(self.message(), &self.signature()).map_err(|_| SignatureError)?;
        let _ = self.verified.set(());
        Ok(())
    }

    /// The export line: `{"seq":N,"hash":"<hex>","entry":"<base64>"}` (see `docs/FORMAT.md`).
    pub fn to_line(&self) -> String {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&self.bytes);
        format!(r#"{{"seq":{},"hash":"{}","entry":"{}"}}"#, self.entry.seq, self.hash, encoded)
    }

    /// Read one export line, refusing it before parsing if it is longer than
    /// [`LINE_BYTES_MAX`]; checks that `seq` and `hash` agree with the entry's bytes.
    pub fn from_line(line: &str) -> Result<SignedEntry, FormatError> {
        read_line(line, |bytes| {
            let signed = SignedEntry::from_bytes(bytes)?;
            Ok((signed.entry.seq, signed.hash, signed))
        })
    }
}

/// What the hash chain needs of an entry: its seq, the previous entry's hash and its own hash,
/// read at their fixed offsets without decoding the rest (see `docs/FORMAT.md` §1 and §2).
///
/// Enough to check that entries are the very ones verified before (each chains to the one
/// before, the last has the hash verified): [`crate::Verifier::resuming`] does that for the
/// entries it already knows. It checks nothing else of the entry: use it for nothing more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// The entry's seq.
    pub seq: u64,
    /// The previous entry's hash (all zeros in a genesis).
    pub prev: EntryHash,
    /// The entry's hash.
    pub hash: EntryHash,
    /// The entry's kind ("unknown" for a code no kind has).
    pub kind: &'static str,
}

/// The kinds' names by code (`Body::code`), from 1.
const KINDS: [&str; 27] = [
    "genesis",
    "member-add",
    "member-role",
    "member-leave",
    "circle-status",
    "fund-received",
    "propose-action",
    "propose-spend",
    "withdraw",
    "meeting-open",
    "attend",
    "vote",
    "meeting-close",
    "payout",
    "spend-close",
    "checkpoint",
    "envelope",
    "proxy",
    "agreement",
    "fund-received-v2",
    "payout-v2",
    "fund-correction",
    "payout-reversal",
    "countersign",
    "propose-governance",
    "member-key",
    "support-key",
];

/// The name of the kind with `code` ("unknown" for a code no kind has).
fn kind_name(code: u8) -> &'static str {
    usize::from(code).checked_sub(1).and_then(|i| KINDS.get(i)).copied().unwrap_or("unknown")
}

impl Link {
    /// The link of an entry's bytes (message and signature).
    pub fn of_bytes(bytes: &[u8]) -> Result<Link, FormatError> {
        const KIND_OFFSET: usize = 128;
        if bytes.len() < KIND_OFFSET + 1 + SIGNATURE_LENGTH {
            return Err(FormatError::Truncated("header"));
        }
        if !bytes.starts_with(ENTRY_LABEL) {
            return Err(FormatError::UnknownLabel);
        }
        let mut seq = [0u8; 8];
        seq.copy_from_slice(&bytes[48..56]);
        let mut prev = [0u8; 32];
        prev.copy_from_slice(&bytes[56..88]);
        Ok(Link {
            seq: u64::from_be_bytes(seq),
            prev: EntryHash(prev),
            hash: entry_hash(bytes),
            kind: kind_name(bytes[KIND_OFFSET]),
        })
    }

    /// The link of a signed entry.
    pub fn of_entry(entry: &SignedEntry) -> Link {
        let e = entry.entry();
        Link { seq: e.seq, prev: e.prev, hash: entry.hash(), kind: e.body.kind() }
    }

    /// The link of an export line, with the checks of [`SignedEntry::from_line`] on the line
    /// itself (length, fields, base64, `seq` and `hash` agreeing with the entry's bytes).
    pub fn from_line(line: &str) -> Result<Link, FormatError> {
        read_line(line, |bytes| {
            let link = Link::of_bytes(&bytes)?;
            Ok((link.seq, link.hash, link))
        })
    }
}

/// Read an export line: refuse it before parsing if it is longer than [`LINE_BYTES_MAX`],
/// parse its fields, decode its entry's base64 and read the bytes with `read` (which gives the
/// entry's seq and hash), then check that the line's `seq` and `hash` agree with them.
fn read_line<T>(
    line: &str,
    read: impl FnOnce(Vec<u8>) -> Result<(u64, EntryHash, T), FormatError>,
) -> Result<T, FormatError> {
    if line.len() > LINE_BYTES_MAX {
        return Err(FormatError::LineTooLong(line.len()));
    }
    let parsed: ExportLine<'_> =
        serde_json::from_str(line).map_err(|error| FormatError::BadLine(error.to_string()))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(parsed.entry.as_bytes())
        .map_err(|_| FormatError::BadBase64)?;
    let (seq, hash, read) = read(bytes)?;
    if seq != parsed.seq {
        return Err(FormatError::LineSeqMismatch { line: parsed.seq, entry: seq });
    }
    if parsed.hash.parse::<EntryHash>().ok() != Some(hash) {
        return Err(FormatError::LineHashMismatch);
    }
    Ok(read)
}

/// The longest export line accepted: an entry of [`ENTRY_BYTES_MAX`] in base64 plus its fields.
pub const LINE_BYTES_MAX: usize = ENTRY_BYTES_MAX * 4 / 3 + 256;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportLine<'a> {
    seq: u64,
    #[serde(borrow)]
    hash: &'a str,
    #[serde(borrow)]
    entry: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn entry(body: Body) -> Entry {
        Entry {
            circle: EntryHash([9; 32]),
            seq: 5,
            prev: EntryHash([8; 32]),
            recorded_at: DateTime::from_timestamp(1_715_000_000, 0).unwrap(),
            author: PublicKey(key(1).verifying_key().to_bytes()),
            body,
        }
    }

    fn all_bodies() -> Vec<Body> {
        let text = |field, value: &str| Text::new(field, value).unwrap();
        let date = NaiveDate::from_ymd_opt(2024, 5, 14).unwrap();
        vec![
            Body::Genesis(Genesis {
                name: text(TextField::CircleName, "Littoral"),
                territory: text(TextField::Territory, "Côte d'Opale"),
                status: CircleStatus::Active,
                founder: "alice".parse().unwrap(),
                governance: Governance::default(),
                support_key: Some(PublicKey([3; 32])),
            }),
            Body::MemberAdd {
                name: "bob".parse().unwrap(),
                key: PublicKey([4; 32]),
                role: Role::Contributor,
            },
            Body::MemberRole { name: "bob".parse().unwrap(), role: Role::Participant },
            Body::MemberLeave { name: "bob".parse().unwrap() },
            Body::CircleStatus { status: CircleStatus::Emerging },
            Body::FundReceived {
                amount: "10000".parse().unwrap(),
                source: text(TextField::Source, "FEDER"),
                reference: text(TextField::Reference, "HF0012345"),
            },
            Body::ProposeAction { title: text(TextField::Title, "Forum"), envelope: "2000".parse().unwrap() },
            Body::ProposeSpend {
                action: ActionId(1),
                amount: "350".parse().unwrap(),
                payee: Payee::Supplier(text(TextField::Supplier, "Traiteur du Port")),
                purpose: text(TextField::Purpose, "Repas"),
            },
            Body::Withdraw { proposal: ProposalId(2) },
            Body::MeetingOpen { date, agenda: vec![ProposalId(1), ProposalId(2)] },
            Body::Attend { meeting: MeetingId(1) },
            Body::Vote { meeting: MeetingId(1), proposal: ProposalId(1), choice: Choice::Abstain },
            Body::MeetingClose {
                meeting: MeetingId(1),
                outcomes: vec![ItemOutcome {
                    proposal: ProposalId(1),
                    outcome: Outcome::Rejected(crate::model::RejectReason::OverEnvelope),
                    tally: Tally { for_: 3, against: 1, abstain: 0 },
                }],
            },
            Body::Payout {
                proposal: ProposalId(3),
                amount: "12,5".parse().unwrap(),
                date,
                reference: text(TextField::Reference, "VIR-1"),
            },
            Body::SpendClose { proposal: ProposalId(3) },
            Body::Checkpoint,
            Body::Proxy { meeting: MeetingId(2), holder: "lea".parse().unwrap() },
            Body::Agreement(Box::new(AgreementTerms {
                reference: text(TextField::Reference, "CONV-2024-017"),
                funder: text(TextField::Source, "FEDER"),
                amount: "60000".parse().unwrap(),
                rate: Rate::from_basis_points(6000),
                from: date,
                to: date,
                actions: vec![ActionId(1), ActionId(3)],
            })),
            Body::FundReceivedV2 {
                amount: "100".parse().unwrap(),
                source: text(TextField::Source, "FEDER"),
                reference: text(TextField::Reference, "VIR-7"),
                agreement: Some(text(TextField::Reference, "CONV-2024-017")),
                duplicate_ok: false,
            },
            Body::PayoutV2 {
                proposal: ProposalId(3),
                amount: "12,5".parse().unwrap(),
                date,
                reference: text(TextField::Reference, "VIR-1"),
                receipt: Some(Receipt {
                    sha256: FileHash([7; 32]),
                    name: text(TextField::ReceiptName, "facture 12.pdf"),
                }),
                duplicate_ok: true,
            },
            Body::FundCorrection {
                target: 4,
                amount: "1000".parse().unwrap(),
                source: text(TextField::Source, "FEDER"),
                reference: text(TextField::Reference, "VIR-7"),
                reason: text(TextField::Reason, "saisi 10 000 au lieu de 1 000"),
            },
            Body::PayoutReversal { target: 9, reason: text(TextField::Reason, "payé deux fois") },
            Body::Countersign { target: 10 },
            Body::MemberKey { name: "amélie".parse().unwrap(), key: PublicKey([3; 32]) },
            Body::SupportKey { key: PublicKey([4; 32]) },
            Body::ProposeGovernance {
                settings: vec![
                    Setting::Quorum(Quorum::new(2, 3).unwrap()),
                    Setting::FourEyes(Some("1500".parse().unwrap())),
                    Setting::Territory(text(TextField::Territory, "Pays du Calaisis")),
                ],
            },
            Body::Envelope(Box::new(
                crate::Envelope {
                    circle: EntryHash([9; 32]),
                    author: PublicKey(key(2).verifying_key().to_bytes()),
                    created_at: DateTime::from_timestamp(1_714_999_000, 0).unwrap(),
                    nonce: [6; 16],
                    body: Body::Attend { meeting: MeetingId(1) },
                }
                .sign(&key(2))
                .unwrap(),
            )),
        ]
    }

    /// The bytes of `body` in an entry, changed by `edit`, must be refused.
    fn refused_after(body: Body, edit: impl Fn(&mut Vec<u8>)) -> FormatError {
        let signed = entry(body).sign(&key(1)).unwrap();
        let mut message = signed.bytes()[..signed.bytes().len() - SIGNATURE_LENGTH].to_vec();
        edit(&mut message);
        let signature = key(1).sign(&message);
        message.extend_from_slice(&signature.to_bytes());
        SignedEntry::from_bytes(message).unwrap_err()
    }

    #[test]
    fn the_new_kinds_have_one_encoding_each() {
        let text = |field, value: &str| Text::new(field, value).unwrap();
        let date = NaiveDate::from_ymd_opt(2024, 5, 14).unwrap();
        // A kind 20 saying nothing that kind 6 cannot: its last two bytes (agreement flag 0,
        // duplicate 0) would be the only difference, so it is refused.
        let plain = Body::FundReceivedV2 {
            amount: "100".parse().unwrap(),
            source: text(TextField::Source, "FEDER"),
            reference: text(TextField::Reference, "VIR-7"),
            agreement: None,
            duplicate_ok: true,
        };
        let error = refused_after(plain, |bytes| *bytes.last_mut().unwrap() = 0);
        assert!(error.to_string().contains("kind 6"), "{error}");
        let with_receipt = Body::PayoutV2 {
            proposal: ProposalId(3),
            amount: "12,5".parse().unwrap(),
            date,
            reference: text(TextField::Reference, "VIR-1"),
            receipt: None,
            duplicate_ok: true,
        };
        let error = refused_after(with_receipt, |bytes| *bytes.last_mut().unwrap() = 0);
        assert!(error.to_string().contains("kind 14"), "{error}");
        // The builders pick the old kinds when nothing new is said.
        let fund = Body::fund_received(
            "1".parse().unwrap(),
            text(TextField::Source, "FEDER"),
            text(TextField::Reference, "R"),
            None,
            false,
        );
        assert_eq!(fund.code(), 6);
        let pay = Body::new_payout(
            ProposalId(1),
            "1".parse().unwrap(),
            date,
            text(TextField::Reference, "R"),
            None,
            false,
        );
        assert_eq!(pay.code(), 14);
        // An agreement's actions are strictly ascending, its rate at most 100 %.
        let agreement = |actions: Vec<ActionId>| {
            Body::Agreement(Box::new(AgreementTerms {
                reference: text(TextField::Reference, "C"),
                funder: text(TextField::Source, "FEDER"),
                amount: "1".parse().unwrap(),
                rate: None,
                from: date,
                to: date,
                actions,
            }))
        };
        assert!(entry(agreement(vec![ActionId(2), ActionId(1)])).sign(&key(1)).is_err());
        assert!(entry(agreement(vec![ActionId(2), ActionId(2)])).sign(&key(1)).is_err());
        // The rate is the u16 after the amount: 10 001 basis points is refused.
        let at_rate = agreement(vec![]);
        let offset = entry(at_rate.clone()).signing_bytes().len() - 2 - 4 - 4 - 2;
        let error = refused_after(at_rate, |bytes| {
            bytes[offset..offset + 2].copy_from_slice(&10_001u16.to_be_bytes())
        });
        assert_eq!(error, FormatError::BadValue { field: "rate", value: 10_001 });
        // A receipt's name is a file's name, not a path.
        assert!(Text::new(TextField::ReceiptName, "../etc/passwd").is_err());
        assert!(Text::new(TextField::ReceiptName, "..").is_err());
        assert!(Text::new(TextField::ReceiptName, "a\\b.pdf").is_err());
        assert!(Text::new(TextField::ReceiptName, "facture n°12.pdf").is_ok());
    }

    #[test]
    fn every_kind_round_trips_through_bytes_and_lines() {
        for body in all_bodies() {
            let signed = entry(body).sign(&key(1)).unwrap();
            let decoded = SignedEntry::from_bytes(signed.bytes().to_vec()).unwrap();
            assert_eq!(decoded, signed);
            assert!(decoded.verify_signature().is_ok());
            assert_eq!(SignedEntry::from_line(&signed.to_line()).unwrap(), signed);
        }
    }

    #[test]
    fn a_link_is_what_the_decoded_entry_says() {
        let bodies = all_bodies();
        let names: std::collections::BTreeSet<&str> = bodies.iter().map(Body::kind).collect();
        assert_eq!(names.len(), KINDS.len(), "one body of every kind, each with its own name");
        assert!(!names.contains("unknown"));
        for body in bodies {
            let signed = entry(body).sign(&key(1)).unwrap();
            let link = Link::of_entry(&signed);
            assert_eq!(Link::of_bytes(signed.bytes()), Ok(link));
            assert_eq!(Link::from_line(&signed.to_line()), Ok(link));
            assert_eq!((link.seq, link.prev, link.hash), (5, EntryHash([8; 32]), signed.hash()));
        }
        assert_eq!(Link::of_bytes(&[0; 10]), Err(FormatError::Truncated("header")));
        let mut other = entry(Body::Checkpoint).sign(&key(1)).unwrap().bytes().to_vec();
        other[0] ^= 1;
        assert_eq!(Link::of_bytes(&other), Err(FormatError::UnknownLabel));
    }

    #[test]
    fn any_flipped_bit_is_caught() {
        for body in all_bodies() {
            let signed = entry(body).sign(&key(1)).unwrap();
            for index in 0..signed.bytes().len() {
                let mut bytes = signed.bytes().to_vec();
                bytes[index] ^= 0x01;
                if let Ok(tampered) = SignedEntry::from_bytes(bytes) {
                    assert!(tampered.verify_signature().is_err(), "flip at {index} went unseen");
                    assert_ne!(tampered.hash(), signed.hash());
                }
            }
        }
    }

    #[test]
    fn signing_with_another_key_is_refused() {
        assert_eq!(entry(Body::Checkpoint).sign(&key(2)), Err(FormatError::AuthorIsNotSigner));
    }

    #[test]
    fn lines_that_disagree_with_their_bytes_are_refused() {
        let signed = entry(Body::Checkpoint).sign(&key(1)).unwrap();
        let line = signed.to_line();
        let wrong_seq = line.replace("\"seq\":5", "\"seq\":6");
        assert!(matches!(SignedEntry::from_line(&wrong_seq), Err(FormatError::LineSeqMismatch { .. })));
        let wrong_hash = line.replace(&signed.hash().to_hex(), &EntryHash([0; 32]).to_hex());
        assert_eq!(SignedEntry::from_line(&wrong_hash), Err(FormatError::LineHashMismatch));
        assert!(SignedEntry::from_line(&"x".repeat(LINE_BYTES_MAX + 1)).is_err());
        assert!(SignedEntry::from_line("{}").is_err());
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut with_label = ENTRY_LABEL.to_vec();
            with_label.extend_from_slice(&bytes);
            let _ = SignedEntry::from_bytes(with_label);
            let _ = SignedEntry::from_bytes(bytes);
        }

        #[test]
        fn reading_arbitrary_lines_never_panics(line in "\\PC{0,300}") {
            let _ = SignedEntry::from_line(&line);
            let _ = Link::from_line(&line);
        }

        #[test]
        fn linking_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut with_label = ENTRY_LABEL.to_vec();
            with_label.extend_from_slice(&bytes);
            let _ = Link::of_bytes(&with_label);
            let _ = Link::of_bytes(&bytes);
        }
    }
}
