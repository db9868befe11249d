//! Reading and checking what others give: ledgers and exports to audit or verify, proofs,
//! reports, statements and evidence bundles.

use std::path::PathBuf;

use cercle_render::errors::Message;
use chrono::{DateTime, NaiveDate, Utc};

use super::Refusal;
use crate::lang::lang;

/// What is refused.
#[derive(Debug)]
pub enum Audit {
    /// The checkpoint note the ledger keeps does not parse.
    NoteBad { error: String },
    /// The checkpoint note the ledger keeps is not a tree checkpoint.
    NoteNotTree,
    /// The checkpoint note the ledger keeps is not of this ledger's tree.
    NoteMismatch { size: u64 },
    /// A file given (a proof, a note) is refused: what it is not.
    FileRefused { path: PathBuf, error: String },
    /// Nothing (no ledger, no export) at the path given.
    NothingAt { path: PathBuf },
    /// A directory that is neither a ledger nor a published folder; the exports and the ledgers
    /// (or published folders) it holds one level down, in name order, for the hint.
    NotALedgerDirectory { path: PathBuf, exports: Vec<PathBuf>, ledgers: Vec<PathBuf> },
    /// A file given as an export could not be read.
    SourceUnreadable { path: PathBuf, error: String },
    /// A file given as an export is empty.
    SourceEmpty { path: PathBuf },
    /// A file given as an export is another kind of file: its first line is not UTF-8.
    ExportNotText { path: PathBuf },
    /// A file given as an export is another kind of file: its first line is JSON, not an object.
    ExportNotObject { path: PathBuf },
    /// A file given as an export is another kind of file: its first line is not JSON (serde's
    /// error).
    ExportNotJson { path: PathBuf, error: String },
    /// A note is signed by a support key replaced before the entry it checkpoints.
    NoteKeyNotOfItsTime { seq: u64 },
    /// Checkpoint notes given for a ledger that has no genesis.
    NoGenesis,
    /// A checkpoint note (`verify --checkpoint`) is for another circle.
    CheckpointOtherCircle { path: PathBuf },
    /// A checkpoint note cannot be checked: the circle names no support key.
    CheckpointNoSupport { path: PathBuf },
    /// A checkpoint note does not verify: why.
    CheckpointBad { path: PathBuf, error: String },
    /// A file given as a checkpoint note is too large to be one.
    NoteTooLarge { path: PathBuf },
    /// A file given as a checkpoint note is not text.
    NotANote { path: PathBuf },
    /// The witness directory or one of its records could not be read or written, or is
    /// damaged (`WitnessError`, said in the user's language).
    Witness { error: Box<cercle_store::WitnessError> },
    /// The history a witness record kept could not be decoded (its decoder panicked).
    WitnessUndecodable,
    /// A ledger diverged from what the witness verified of it on `at`.
    DivergedWitnessed { error: String, at: DateTime<Utc> },
    /// A renderer could not write the report, the audit or the journal (`RenderError`, said in
    /// English).
    Render { error: String },
    /// JSON could not be made of a report or a statement (serde's error, said in English).
    Json { error: String },
    /// The ledger verified holds no entry.
    LedgerEmpty,
    /// `export` of a ledger with no entry.
    ExportEmpty,
    /// `report --from` after `--to`.
    PeriodReversed { from: NaiveDate, to: NaiveDate },
    /// The ledger does not replay at entry `seq` (a report over a period).
    NoReplay { seq: u64, error: cercle_core::RuleError },
    /// A report as of a day before the circle's genesis (`None`: no day given).
    BeforeCircle { day: Option<NaiveDate> },
    /// An agreement's statement could not be built (`StatementError`, said in English).
    Statement { error: String },
    /// An evidence bundle was written without an intact receipt for each line: what lacks one,
    /// and what was written.
    EvidenceIncomplete { problems: Vec<String>, written: String },
    /// A proof file larger than a proof can be.
    ProofTooLarge { path: PathBuf, length: u64, max: usize },
    /// A proof file that is not text.
    ProofNotUtf8 { path: PathBuf },
    /// `check-proof --vkey` that is not a verifier key.
    BadVkey { error: cercle_core::CheckpointError },
    /// `prove` on a ledger that keeps no tree checkpoint.
    NoCheckpoint,
    /// `prove` of an entry after the latest checkpoint, which covers entries 0 to `last`.
    AfterCheckpoint { seq: u64, last: u64 },
    /// `prove REF` where no entry matches.
    NoMatch { reference: String },
    /// `prove REF` with a reference of no known form.
    BadReference { reference: String },
    /// `prove P2/N` where N is not a payout number.
    BadPayoutNumber { nth: String },
    /// `prove M3/P7/NAME` where NAME is no member.
    NotMember { name: cercle_core::MemberName },
    /// `prove` naming a proposal the ledger does not have.
    NoProposal { proposal: cercle_core::ProposalId },
}

impl Audit {
    /// A witness error (said in the user's language: `witness_error_text`).
    pub fn witness(error: cercle_store::WitnessError) -> Audit {
        Audit::Witness { error: Box::new(error) }
    }

    /// A renderer's error, said in English (`RenderError` has no translation yet).
    pub fn render(error: cercle_render::RenderError) -> Audit {
        Audit::Render { error: error.to_string() }
    }

    /// serde's error making JSON, said in English.
    pub fn json(error: serde_json::Error) -> Audit {
        Audit::Json { error: error.to_string() }
    }
}

/// `source-not-export`: `path` is not an export, `why` (a message) says why.
fn not_an_export(path: &std::path::Path, why: Message) -> Message {
    Message::new("source-not-export").arg("path", path.display()).arg("why", why.format(lang()))
}

impl Refusal for Audit {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Audit::NoteBad { error } => m("prove-note-bad").arg("error", error),
            Audit::NoteNotTree => m("prove-note-not-tree"),
            Audit::NoteMismatch { size } => m("prove-note-mismatch").arg("size", size),
            Audit::FileRefused { path, error } => {
                m("proof-refused-file").arg("path", path.display()).arg("error", error)
            }
            Audit::NothingAt { path } => m("audit-nothing-at").arg("path", path.display()),
            Audit::NotALedgerDirectory { path, .. } => {
                m("source-directory-not-ledger").arg("path", path.display())
            }
            Audit::SourceUnreadable { path, error } => {
                m("source-unreadable").arg("path", path.display()).arg("error", error)
            }
            Audit::SourceEmpty { path } => m("source-empty").arg("path", path.display()),
            Audit::ExportNotText { path } => not_an_export(path, m("source-not-text")),
            Audit::ExportNotObject { path } => not_an_export(path, m("source-json-not-object")),
            Audit::ExportNotJson { path, error } => {
                not_an_export(path, m("source-not-json").arg("error", error))
            }
            Audit::NoteKeyNotOfItsTime { seq } => m("note-key-not-of-its-time").arg("seq", seq),
            Audit::NoGenesis => m("audit-no-genesis"),
            Audit::CheckpointOtherCircle { path } => {
                m("audit-checkpoint-other-circle").arg("path", path.display())
            }
            Audit::CheckpointNoSupport { path } => {
                m("audit-checkpoint-no-support").arg("path", path.display())
            }
            Audit::CheckpointBad { path, error } => {
                m("audit-checkpoint-bad").arg("path", path.display()).arg("error", error)
            }
            Audit::NoteTooLarge { path } => m("audit-note-too-large").arg("path", path.display()),
            Audit::NotANote { path } => m("audit-note-not-a-note").arg("path", path.display()),
            Audit::Witness { error } => {
                m("audit-witness-failed").arg("error", super::witness_error_text(error, lang()))
            }
            Audit::WitnessUndecodable => m("audit-witness-undecodable"),
            Audit::DivergedWitnessed { error, at } => {
                m("audit-diverged-witnessed").arg("error", error).arg("date", at.format("%Y-%m-%d %H:%M UTC"))
            }
            Audit::Render { error } => m("render-failed").arg("error", error),
            Audit::Json { error } => m("json-failed").arg("error", error),
            Audit::LedgerEmpty => m("audit-ledger-empty"),
            Audit::ExportEmpty => m("export-empty"),
            Audit::PeriodReversed { from, to } => m("report-period-reversed").arg("to", to).arg("from", from),
            Audit::NoReplay { seq, error } => m("report-no-replay").arg("seq", seq).arg("error", error),
            Audit::BeforeCircle { day } => {
                m("report-before-circle").arg("day", day.map(|d| d.to_string()).unwrap_or_default())
            }
            Audit::Statement { error } => m("cli-refused").arg("error", error),
            Audit::EvidenceIncomplete { problems, .. } => {
                m("evidence-incomplete").arg("count", problems.len()).arg("problems", problems.join("; "))
            }
            Audit::ProofTooLarge { path, length, max } => {
                m("proof-too-large").arg("path", path.display()).arg("length", length).arg("max", max)
            }
            Audit::ProofNotUtf8 { path } => m("proof-not-utf8").arg("path", path.display()),
            Audit::BadVkey { error } => m("proof-bad-vkey").arg("error", error),
            Audit::NoCheckpoint => m("prove-no-checkpoint"),
            Audit::AfterCheckpoint { seq, last } => {
                m("prove-after-checkpoint").arg("seq", seq).arg("last", last)
            }
            Audit::NoMatch { reference } => m("prove-no-match").arg("reference", reference),
            Audit::BadReference { reference } => m("prove-bad-reference").arg("reference", reference),
            Audit::BadPayoutNumber { nth } => m("prove-bad-payout-number").arg("nth", nth),
            Audit::NotMember { name } => m("prove-not-member").arg("name", name),
            Audit::NoProposal { proposal } => m("prove-no-proposal").arg("proposal", proposal),
        }
    }

    fn hint(&self) -> Option<Message> {
        let m = Message::new;
        Some(match self {
            Audit::NoteNotTree | Audit::NoCheckpoint => m("prove-no-checkpoint-hint"),
            Audit::NotALedgerDirectory { path, exports, ledgers } => match (exports.first(), ledgers.first())
            {
                (Some(export), _) => m("source-directory-holds-exports")
                    .arg("count", exports.len())
                    .arg("export", export.display())
                    .arg("all", path.join("*.jsonl").display()),
                (None, Some(ledger)) => m("source-directory-holds-ledgers")
                    .arg("count", ledgers.len())
                    .arg("ledger", ledger.display()),
                (None, None) => m("source-directory-hint"),
            },
            Audit::ExportNotText { .. } | Audit::ExportNotObject { .. } | Audit::ExportNotJson { .. } => {
                m("source-not-export-hint")
            }
            Audit::NoReplay { .. } => m("report-no-replay-hint"),
            Audit::EvidenceIncomplete { written, .. } => {
                m("evidence-incomplete-hint").arg("message", written)
            }
            Audit::AfterCheckpoint { .. } => m("prove-after-checkpoint-hint"),
            _ => return None,
        })
    }
}
