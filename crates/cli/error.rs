//! What the command line says when it refuses, as rage's error enums: [`Error`] has a
//! variant per library error it wraps and per refusal of the command line's own, grouped by
//! what they are about ([`Usage`], [`Io`], [`Lookup`], [`Share`], [`Audit`], [`Sign`]). Each says one
//! sentence in the user's language (a message of `locales/*/cli.ftl`, or the library's own
//! translated by `cercle-render`), a hint where one helps, and its exit code: 1 refused, 2 for
//! a usage error. A refusal is a variant, never free text written where it is raised.

use std::fmt;

use cercle_core::{AppendError, FormatError, RuleError, VerifyError};
use cercle_render::errors::{Localized, Message};
use cercle_store::{KeystoreError, StoreError};

use crate::lang::{lang, Lang};

mod audit;
mod io;
mod lookup;
mod share;
mod sign;
mod store;
mod usage;

pub use audit::Audit;
pub use io::Io;
pub use lookup::Lookup;
pub use share::Share;
pub use sign::Sign;
pub use store::{damage_text, keystore_error, store_error, store_note_text, witness_error_text};
pub use usage::Usage;

/// A refusal of the command line's own: its sentence, hint and exit code.
pub trait Refusal: fmt::Debug {
    /// What was refused and why: a message of `locales/*/cli.ftl` with its arguments.
    fn message(&self) -> Message;

    /// What to do about it, where something helps.
    fn hint(&self) -> Option<Message> {
        None
    }
}

/// Everything the command line refuses.
#[derive(Debug)]
pub enum Error {
    /// A rule of the rulebook refused an entry.
    Rule(RuleError),
    /// A rule's refusal said of something else (`refused: a copy at #12 refuses it: …`), or
    /// with a hint of the command's own; boxed: the rarest of refusals need not make every
    /// `Result` larger.
    RuleOf(Box<RuleOf>),
    /// Verifying a ledger failed.
    Verify(VerifyError),
    /// Bytes that are not a well-formed entry.
    Format(FormatError),
    /// The ledger on disk.
    Store(StoreError),
    /// The local keystore.
    Keystore(KeystoreError),
    /// An amount typed or read.
    Amount(cercle_core::AmountError),
    /// A quorum typed or read.
    Quorum(cercle_core::QuorumError),
    /// An identifier (`M1`, `P3`, `A2`) typed or read.
    Id(cercle_core::IdError),
    /// A member's name.
    MemberName(cercle_core::MemberNameError),
    /// Free text (a title, a reference).
    Text(cercle_core::TextError),
    /// A word (a role, a choice) typed.
    Word(cercle_core::WordError),
    /// Hexadecimal text (a key, a hash).
    Hex(cercle_core::HexError),
    /// A checkpoint or a signed note.
    Checkpoint(cercle_core::CheckpointError),
    /// A Merkle proof.
    Proof(cercle_core::merkle::ProofError),
    /// The ledger has no circle yet (nothing to read, publish or sign for).
    NoCircleYet,
    /// The command line is incomplete (exit code 2).
    Usage(Usage),
    /// A file or the output.
    Io(Io),
    /// What a command names is not in the ledger.
    Lookup(Lookup),
    /// Sharing a ledger: publishing, syncing, envelopes in an inbox (boxed: its refusals name
    /// paths and two circles, and need not make every `Result` larger).
    Share(Box<Share>),
    /// Reading and checking ledgers, exports, proofs and reports.
    Audit(Audit),
    /// Keys and what they sign.
    Sign(Sign),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A rule's refusal said of something else.
#[derive(Debug)]
pub struct RuleOf {
    /// What refused it, if not the ledger itself.
    of: Option<Message>,
    /// The rule.
    error: RuleError,
    /// The hint in place of the rule's own.
    hint: Option<Message>,
}

/// A rule's hint, for the refusals where one helps.
fn rule_hint(error: &RuleError) -> Option<Message> {
    let id = match error {
        RuleError::UnknownAuthor => "hint-unknown-author",
        RuleError::VoterNotPresent(..) => "hint-voter-not-present",
        RuleError::NotSoucieux(_) | RuleError::NotSoucieuxOrSupport(_) => "hint-not-soucieux",
        _ => return None,
    };
    Some(Message::new(id))
}

impl Error {
    /// A rule's refusal said of something else: `of` names it, `hint` (if any) replaces the
    /// rule's own.
    pub fn rule_of(error: RuleError, of: Message, hint: Option<Message>) -> Error {
        Error::RuleOf(Box::new(RuleOf { of: Some(of), error, hint }))
    }

    /// A rule's refusal with the command's own hint in place of the rule's.
    pub fn rule_hinted(error: RuleError, hint: Message) -> Error {
        Error::RuleOf(Box::new(RuleOf { of: None, error, hint: Some(hint) }))
    }

    /// The library error's sentence in `lang`, for the variants that wrap one said as
    /// `refused: …`.
    fn refused_value(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Error::Rule(error) => error.in_lang(lang),
            Error::Format(error) => error.in_lang(lang),
            Error::Amount(error) => error.in_lang(lang),
            Error::Quorum(error) => error.in_lang(lang),
            Error::Id(error) => error.in_lang(lang),
            Error::MemberName(error) => error.in_lang(lang),
            Error::Text(error) => error.in_lang(lang),
            Error::Word(error) => error.in_lang(lang),
            Error::Hex(error) => error.in_lang(lang),
            Error::Checkpoint(error) => error.in_lang(lang),
            Error::Proof(error) => error.in_lang(lang),
            _ => return None,
        })
    }

    /// The sentence, in the user's language (the operating system's errors it quotes too).
    pub fn message(&self) -> String {
        let lang = lang();
        cercle_render::errors::os_errors_in(&self.sentence(lang), lang)
    }

    fn sentence(&self, lang: Lang) -> String {
        if let Some(message) = self.refused_value(lang) {
            return t!("failure-refused", message = message);
        }
        match self {
            Error::RuleOf(rule_of) => match &rule_of.of {
                Some(of) => {
                    t!("failure-refused-of", prefix = of.format(lang), message = rule_of.error.in_lang(lang))
                }
                None => t!("failure-refused", message = rule_of.error.in_lang(lang)),
            },
            Error::Verify(error) => t!("failure-verification-failed", message = error.in_lang(lang)),
            Error::Store(error) => store_error(error, lang),
            Error::Keystore(error) if keystore_refuses(error) => {
                t!("failure-refused", message = keystore_error(error, lang))
            }
            Error::Keystore(error) => keystore_error(error, lang),
            Error::NoCircleYet => t!("audit-no-circle-yet"),
            other => match other.refusal() {
                Some(refusal) => refusal.message().format(lang),
                None => String::new(),
            },
        }
    }

    /// What to do about it, in the user's language.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            Error::Rule(error) => rule_hint(error),
            Error::RuleOf(rule_of) => rule_of.hint.clone().or_else(|| rule_hint(&rule_of.error)),
            Error::Store(error) => store_hint(error),
            Error::Keystore(error) => keystore_hint(error),
            other => other.refusal().and_then(Refusal::hint),
        };
        hint.map(|hint| hint.format(lang()))
    }

    /// The rule refused, for scripts (`RuleError::rule()`).
    pub fn rule(&self) -> Option<&'static str> {
        match self {
            Error::Rule(error) => Some(error.rule()),
            Error::RuleOf(rule_of) => Some(rule_of.error.rule()),
            Error::Verify(VerifyError::Rule { error, .. }) => Some(error.rule()),
            Error::Store(StoreError::Unknown { .. }) => Some("outcome-unknown"),
            _ => None,
        }
    }

    /// 1 for a refusal, 2 for a usage error.
    pub fn code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    fn refusal(&self) -> Option<&dyn Refusal> {
        Some(match self {
            Error::Usage(refusal) => refusal,
            Error::Io(refusal) => refusal,
            Error::Lookup(refusal) => refusal,
            Error::Share(refusal) => refusal.as_ref(),
            Error::Audit(refusal) => refusal,
            Error::Sign(refusal) => refusal,
            _ => return None,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl From<AppendError> for Error {
    fn from(error: AppendError) -> Error {
        match error {
            AppendError::Rule(rule) => Error::Rule(rule),
            AppendError::Format(format) => Error::Format(format),
        }
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Error {
        match error {
            StoreError::Rule(rule) => Error::Rule(rule),
            StoreError::Verify(verify) => Error::Verify(verify),
            other => Error::Store(other),
        }
    }
}

macro_rules! wraps {
    ($($variant:ident($error:ty)),+ $(,)?) => {
        $(impl From<$error> for Error {
            fn from(error: $error) -> Error {
                Error::$variant(error)
            }
        })+
    };
}

wraps!(
    Rule(RuleError),
    Verify(VerifyError),
    Format(FormatError),
    Keystore(KeystoreError),
    Amount(cercle_core::AmountError),
    Quorum(cercle_core::QuorumError),
    Id(cercle_core::IdError),
    MemberName(cercle_core::MemberNameError),
    Text(cercle_core::TextError),
    Word(cercle_core::WordError),
    Hex(cercle_core::HexError),
    Checkpoint(cercle_core::CheckpointError),
    Proof(cercle_core::merkle::ProofError),
    Usage(Usage),
    Io(Io),
    Lookup(Lookup),
    Audit(Audit),
    Sign(Sign),
);

impl From<Share> for Error {
    fn from(refusal: Share) -> Error {
        Error::Share(Box::new(refusal))
    }
}

fn store_hint(error: &StoreError) -> Option<Message> {
    Some(match error {
        StoreError::Missing(_) => Message::new("hint-store-missing"),
        StoreError::Locked(_) => Message::new("hint-store-locked"),
        StoreError::Published { .. } => Message::new("hint-store-published"),
        StoreError::Busy { .. } => Message::new("hint-store-busy"),
        StoreError::Damaged { .. } => Message::new("hint-store-damaged"),
        StoreError::Unknown { seq, .. } => Message::new("hint-store-unknown").arg("seq", seq),
        _ => return None,
    })
}

/// The keystore's refusals of a key file that others could read or change, said as ssh says
/// them: `refused: …`, with the command that fixes it as the hint.
fn keystore_refuses(error: &KeystoreError) -> bool {
    matches!(
        error,
        KeystoreError::KeyExposed { .. }
            | KeystoreError::KeyNotYours { .. }
            | KeystoreError::LinkOutside { .. }
            | KeystoreError::DirExposed { .. }
            | KeystoreError::DirNotYours { .. }
    )
}

fn keystore_hint(error: &KeystoreError) -> Option<Message> {
    let m = Message::new;
    Some(match error {
        KeystoreError::NoSuchKey { .. } => m("hint-key-no-such-key"),
        KeystoreError::KeyExposed { path, .. } => m("hint-key-exposed").arg("path", path.display()),
        KeystoreError::KeyNotYours { path, uid, .. } => {
            m("hint-key-not-yours").arg("uid", uid).arg("path", path.display())
        }
        KeystoreError::LinkOutside { link, target, .. } => {
            m("hint-key-link-outside").arg("target", target.display()).arg("link", link.display())
        }
        KeystoreError::DirExposed { dir, .. } => m("hint-key-dir-exposed").arg("dir", dir.display()),
        KeystoreError::DirNotYours { dir, uid, .. } => {
            m("hint-key-dir-not-yours").arg("uid", uid).arg("dir", dir.display())
        }
        _ => return None,
    })
}
