//! # cercle-core
//!
//! The contributive budget of a *cercle territorial* (a territorial circle of a French
//! tiers-lieux network), kept in an append-only, ed25519-signed, hash-chained ledger.
//!
//! This crate is the rulebook in code: the domain ([`Ledger`], [`Member`], [`Role`],
//! [`Proposal`], [`SpendLine`], [`Meeting`]…), the canonical bytes of every [`Entry`]
//! (`docs/FORMAT.md`), signatures, and the state machine that checks every rule, both when an
//! entry is appended ([`Ledger::append`]) and when a whole ledger is verified ([`Verifier`]).
//!
//! **Architecture invariant:** this crate does no I/O: no files, no sled, no clock, no
//! environment. Callers pass the time of an entry in; storage and the command line live in
//! other crates.
//!
//! A circle's first year, in a few lines:
//!
//! ```
//! use cercle_core::*;
//! use ed25519_dalek::SigningKey;
//!
//! let alice = SigningKey::from_bytes(&[1; 32]); // soucieux
//! let bob = SigningKey::from_bytes(&[2; 32]);   // contributor
//! let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
//! let text = |field, value: &str| Text::new(field, value).unwrap();
//! let key = |k: &SigningKey| PublicKey(k.verifying_key().to_bytes());
//!
//! let mut ledger = Ledger::new();
//! ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
//!     name: text(TextField::CircleName, "Littoral"),
//!     territory: text(TextField::Territory, "Côte d'Opale"),
//!     status: CircleStatus::Active,
//!     founder: "alice".parse().unwrap(),
//!     governance: Governance::default(),
//!     support_key: None,
//! })).unwrap();
//! ledger.sign_and_append(&alice, at, Body::MemberAdd {
//!     name: "bob".parse().unwrap(), key: key(&bob), role: Role::Contributor,
//! }).unwrap();
//! ledger.sign_and_append(&alice, at, Body::FundReceived {
//!     amount: "10 000".parse().unwrap(),
//!     source: text(TextField::Source, "FEDER"),
//!     reference: text(TextField::Reference, "CONV-2024-17"),
//! }).unwrap();
//! ledger.sign_and_append(&bob, at, Body::ProposeAction {
//!     title: text(TextField::Title, "Forum des tiers-lieux"),
//!     envelope: "2000".parse().unwrap(),
//! }).unwrap();
//! let date = chrono::NaiveDate::from_ymd_opt(2024, 5, 14).unwrap();
//! ledger.sign_and_append(&alice, at, Body::MeetingOpen { date, agenda: vec![ProposalId(1)] }).unwrap();
//! for member in [&alice, &bob] {
//!     ledger.sign_and_append(member, at, Body::Attend { meeting: MeetingId(1) }).unwrap();
//!     ledger.sign_and_append(member, at, Body::Vote {
//!         meeting: MeetingId(1), proposal: ProposalId(1), choice: Choice::For,
//!     }).unwrap();
//! }
//! let outcomes = ledger.preview_close(MeetingId(1)).unwrap();
//! ledger.sign_and_append(&alice, at, Body::MeetingClose { meeting: MeetingId(1), outcomes }).unwrap();
//! assert_eq!(ledger.actions()[0].id.to_string(), "A1");
//!
//! // A rule broken: bob may not record funds. The ledger is unchanged.
//! let before = ledger.clone();
//! let refused = ledger.sign_and_append(&bob, at, Body::FundReceived {
//!     amount: "5".parse().unwrap(),
//!     source: text(TextField::Source, "Région"),
//!     reference: text(TextField::Reference, "X"),
//! });
//! assert!(matches!(refused, Err(AppendError::Rule(RuleError::NotSoucieuxOrSupport(_)))));
//! assert_eq!(ledger, before);
//! ```

#![forbid(unsafe_code)]

mod agreement;
pub mod batch;
mod checkpoint;
mod encoding;
mod entry;
pub mod envelope;
mod error;
mod ids;
mod ledger;
pub mod merkle;
mod model;
mod money;
pub mod proof;
mod report;
pub mod statement;
mod verify;

pub use agreement::{
    reference_key, Agreement, AgreementTerms, Rate, RateError, Receipt, AGREEMENT_ACTIONS_MAX,
};
pub use checkpoint::{
    cosign_note, parse_note, verify_note, Checkpoint, CheckpointError, NoteBody, NoteSignature, ParsedNote,
    TreeCheckpoint, Vkey, CHAIN_ORIGIN_PREFIX, CHECKPOINT_BYTES_MAX, HEAD_LINE_PREFIX, KEEPER_KEY_NAME,
    NOTE_SIGNATURES_MAX, SUPPORT_KEY_NAME, TREE_ORIGIN_PREFIX,
};
pub use entry::{
    entry_hash, Body, Entry, FundView, Genesis, ItemOutcome, Link, Payee, PayoutView, SignatureError,
    SignedEntry, AGENDA_LENGTH_MAX, ENTRY_BYTES_MAX, ENTRY_LABEL, LINE_BYTES_MAX,
};
pub use envelope::{Envelope, SignedEnvelope, ENVELOPE_LABEL};
pub use error::{FormatError, RuleError, VerifyError};
pub use ids::{
    hex_decode, hex_encode, ActionId, CircleId, EntryHash, FileHash, HexError, IdError, MeetingId,
    MemberName, MemberNameError, ProposalId, PublicKey, MEMBER_NAME_MAX_CHARS,
};
pub use ledger::{
    Action, AppendError, Change, Circle, Correction, FundRecord, GovernanceChange, Head, History, KeyChange,
    KeyHolder, KeyRequest, KeySigner, Ledger, Meeting, Member, MonthFlow, Proposal, ProposalKind, Setting,
    SpendLine, Totals, MEETING_AHEAD_DAYS_MAX, MEMBERS_MAX, REFERENCE_WINDOW_DAYS,
};
pub use model::{
    Choice, CircleStatus, Governance, Outcome, ProposalStatus, RejectReason, Role, SpendKind, Tally, Text,
    TextError, TextField, Threshold, WordError,
};
pub use money::{AmountError, Euros, Quorum, QuorumError, AMOUNT_MAX_CENTS};
pub use report::KeyChangeReport;
pub use report::{
    ActionReport, CircleReport, CorrectionReport, DuplicateReport, FunderReport, GovernanceReport,
    HeadReport, MeetingReport, MemberReport, MonthReport, OutcomeReport, PayoutReport, PeriodReport,
    ProposalReport, ProxyReport, Replay, Report, RoleReport, TotalsReport,
};
pub use verify::{verify_entries, Verifier, BATCH_ENTRIES};

/// Re-exported so that callers sign with the same ed25519 implementation.
pub use ed25519_dalek;
