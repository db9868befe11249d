//! Keys and what they sign: the keystore's commands, checkpoints, cosignatures and
//! countersignatures, and the acts of the other commands.

use std::path::PathBuf;

use cercle_core::{CheckpointError, Euros};
use cercle_render::errors::{Localized, Message};
use chrono::{DateTime, Utc};

use super::Refusal;
use crate::lang::lang;

/// What is refused.
#[derive(Debug)]
pub enum Sign {
    /// The command would be dated more than a day after this machine's clock.
    ClockAhead { date: DateTime<Utc>, clock: DateTime<Utc> },
    /// `CERCLE_NOW` is not an RFC 3339 time.
    NowInvalid { text: String },
    /// Neither `--keys`, `CERCLE_KEYS`, `XDG_CONFIG_HOME` nor `HOME` says where the keystore is.
    KeystoreNowhere,
    /// An entry's number typed is not one.
    SeqInvalid { text: String },
    /// A date typed is not `YYYY-MM-DD`.
    DateInvalid { text: String },
    /// The ledger to read has no circle yet (said with its path).
    NoCircleAt { path: PathBuf },
    /// `--passphrase-file` could not be read.
    PassphraseFileUnreadable { path: PathBuf, error: String },
    /// `--passphrase-file` has nothing on its first line.
    PassphraseFileEmpty { path: PathBuf },
    /// The terminal did not give the passphrase typed.
    PassphraseUnread { error: String },
    /// A new passphrase typed empty.
    PassphraseEmpty,
    /// The new passphrase typed twice differently.
    PassphrasesDiffer,
    /// The system gave no randomness for a new key.
    NoRandomness { error: String },
    /// `key export` with no passphrase to encrypt with.
    ExportNeedsPassphrase,
    /// `key import` with no passphrase to decrypt with.
    ImportNeedsPassphrase,
    /// A key replacement without its new key (`--key` nor `--key-name`).
    NewKeyMissing,
    /// `cosign`: the file is not text.
    NotANote { path: PathBuf },
    /// `cosign`: the note is not a tree checkpoint.
    NotATree { path: PathBuf },
    /// `cosign`: the note is of another circle.
    OtherCircle { path: PathBuf },
    /// `cosign`: the note is signed neither by the support key nor by the keeper.
    BadSigner { path: PathBuf, error: CheckpointError },
    /// `cosign`: this copy of the ledger does not have the note's root.
    NotVouched { size: u64 },
    /// `checkpoint --to DIR`: a checkpoint signs the head, which an envelope does not know.
    CheckpointNoEnvelope,
    /// `checkpoint`: the circle names no support key to sign the note for.
    NoSupportKey,
    /// `checkpoint FILE`: the export has no circle.
    ExportNoCircle,
    /// `checkpoint FILE`: the export has no entry.
    ExportNoEntry,
    /// `checkpoint FILE`: the export's circle names no support key.
    CheckpointNoSupportKey,
    /// `demo generate`: a directory could not be created.
    DemoDirUncreatable { path: PathBuf, error: String },
    /// `demo generate`: a circle could not be generated.
    DemoNotGenerated { slug: String, error: String },
    /// `demo generate`: the directory holds another key of that name.
    DemoKeyDiffers { path: PathBuf, name: String },
    /// `todo --as`: a local key that is no member's, nor a member's name.
    KeyOfNoMember { key: String, circle: String },
    /// `todo --as`: neither a local key nor a member's name.
    NoSuchKeyNorMember { key: String, dir: PathBuf, circle: String },
    /// `propose spend` without a payee.
    PayeeMissing,
    /// `propose governance`: a switch (`--recusal`, `--proxies`) given neither of its values.
    SwitchInvalid { what: &'static str, on: &'static str, off: &'static str, value: String },
    /// `payout --receipt`: the receipt is refused (the store's error, in English).
    Receipt { error: String },
    /// `payout --countersign` of a payout that needs no second signature.
    NotFourEyes { amount: Euros },
    /// `fund receive --agreement`: no such agreement to take the source from.
    NoAgreement { name: String },
    /// `agreement add --rate`: not a rate (the core's error, in English).
    Rate { error: String },
    /// `man DIR`: the pages could not be written.
    ManPagesUnwritable { dir: PathBuf, error: String },
    /// `man`: the page could not be written.
    ManPageUnwritable { error: String },
}

/// A time as the refusals say it.
fn minute(time: &DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl Refusal for Sign {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Sign::ClockAhead { date, clock } => {
                m("signer-clock-ahead").arg("date", minute(date)).arg("clock", minute(clock))
            }
            Sign::NowInvalid { text } => m("now-invalid").arg("text", text),
            Sign::KeystoreNowhere => m("keystore-nowhere"),
            Sign::SeqInvalid { text } => m("seq-invalid").arg("text", text),
            Sign::DateInvalid { text } => m("date-invalid").arg("text", text),
            Sign::NoCircleAt { path } => m("read-no-circle-at").arg("path", path.display()),
            Sign::PassphraseFileUnreadable { path, error } => {
                m("passphrase-file-unreadable").arg("path", path.display()).arg("error", error)
            }
            Sign::PassphraseFileEmpty { path } => m("passphrase-file-empty").arg("path", path.display()),
            Sign::PassphraseUnread { error } => m("passphrase-unread").arg("error", error),
            Sign::PassphraseEmpty => m("passphrase-empty"),
            Sign::PassphrasesDiffer => m("passphrase-differ"),
            Sign::NoRandomness { error } => m("key-no-randomness").arg("error", error),
            Sign::ExportNeedsPassphrase => m("key-export-needs-passphrase"),
            Sign::ImportNeedsPassphrase => m("key-import-needs-passphrase"),
            Sign::NewKeyMissing => m("key-new-missing"),
            Sign::NotANote { path } => m("cosign-not-a-note").arg("path", path.display()),
            Sign::NotATree { path } => m("cosign-not-tree").arg("path", path.display()),
            Sign::OtherCircle { path } => m("cosign-other-circle").arg("path", path.display()),
            Sign::BadSigner { path, error } => {
                m("cosign-bad-signer").arg("path", path.display()).arg("error", error.in_lang(lang()))
            }
            Sign::NotVouched { size } => m("cosign-not-vouched").arg("size", size),
            Sign::CheckpointNoEnvelope => m("checkpoint-no-envelope"),
            Sign::NoSupportKey => m("audit-no-support-key"),
            Sign::ExportNoCircle => m("checkpoint-export-no-circle"),
            Sign::ExportNoEntry => m("checkpoint-export-no-entry"),
            Sign::CheckpointNoSupportKey => m("checkpoint-no-support-key"),
            Sign::DemoDirUncreatable { path, error } => {
                m("demo-dir-uncreatable").arg("path", path.display()).arg("error", error)
            }
            Sign::DemoNotGenerated { slug, error } => {
                m("demo-not-generated").arg("slug", slug).arg("error", error)
            }
            Sign::DemoKeyDiffers { path, name } => {
                m("demo-key-differs").arg("path", path.display()).arg("name", name)
            }
            Sign::KeyOfNoMember { key, circle } => {
                m("todo-key-of-no-member").arg("key", key).arg("circle", circle)
            }
            Sign::NoSuchKeyNorMember { key, dir, circle } => {
                m("todo-no-such-key").arg("key", key).arg("dir", dir.display()).arg("circle", circle)
            }
            Sign::PayeeMissing => m("propose-payee-missing"),
            Sign::SwitchInvalid { what, on, off, value } => m("propose-switch-invalid")
                .arg("what", what)
                .arg("on", on)
                .arg("off", off)
                .arg("value", value),
            Sign::Receipt { error } | Sign::Rate { error } => m("cli-refused").arg("error", error),
            Sign::NotFourEyes { amount } => {
                m("payout-not-four-eyes").arg("amount", crate::output::euros(*amount))
            }
            Sign::NoAgreement { name } => m("fund-no-agreement").arg("name", name),
            Sign::ManPagesUnwritable { dir, error } => {
                m("man-pages-unwritable").arg("dir", dir.display()).arg("error", error)
            }
            Sign::ManPageUnwritable { error } => m("man-page-unwritable").arg("error", error),
        }
    }

    fn hint(&self) -> Option<Message> {
        let id = match self {
            Sign::ClockAhead { .. } => "signer-clock-ahead-hint",
            Sign::PassphraseEmpty => "passphrase-empty-hint",
            Sign::NotVouched { .. } => "cosign-not-vouched-hint",
            Sign::KeyOfNoMember { .. } => "todo-key-of-no-member-hint",
            Sign::NoSuchKeyNorMember { .. } => "todo-no-such-key-hint",
            Sign::NotFourEyes { .. } => "payout-not-four-eyes-hint",
            Sign::NoAgreement { .. } => "fund-no-agreement-hint",
            _ => return None,
        };
        Some(Message::new(id))
    }
}
