//! What the command line says when it refuses: one sentence (what was refused and why), then
//! a `hint:` line where one helps. Every refusal exits with code 1; usage errors (clap) with 2.

use std::fmt;

use cercle_core::{AppendError, FormatError, RuleError, VerifyError};
use cercle_store::{KeystoreError, StoreError};

/// A refusal.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
    /// The rule refused, for scripts (`RuleError::rule()`).
    pub rule: Option<&'static str>,
    /// 1 for a refusal, 2 for a usage error.
    pub code: u8,
}

impl Failure {
    pub fn new(message: impl fmt::Display) -> Failure {
        Failure { message: message.to_string(), hint: None, rule: None, code: 1 }
    }

    /// A usage error (exit code 2): the command line itself is incomplete.
    pub fn usage(message: impl fmt::Display) -> Failure {
        Failure { code: 2, ..Failure::new(message) }
    }

    /// `refused: PREFIX: what was refused` (a rule's refusal, said of something else).
    pub fn prefixed(mut self, prefix: &str) -> Failure {
        // The rule's refusal starts with `refused: ` in English, `refusé : ` in French.
        let refused = t!("cli-refused", error = "");
        let message = std::mem::take(&mut self.message);
        let rest = message.strip_prefix("refused: ").or_else(|| message.strip_prefix(refused.as_str()));
        self.message = t!("refused-prefixed", prefix = prefix, rest = rest.unwrap_or(&message));
        self
    }

    pub fn hint(mut self, hint: impl fmt::Display) -> Failure {
        self.hint = Some(hint.to_string());
        self
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

impl From<RuleError> for Failure {
    fn from(error: RuleError) -> Failure {
        let hint = match &error {
            RuleError::UnknownAuthor => {
                Some("check --as: the key must belong to a current member (cercle member list)")
            }
            RuleError::VoterNotPresent(..) => Some("record your attendance first: cercle meeting attend M…"),
            RuleError::NotSoucieux(_) | RuleError::NotSoucieuxOrSupport(_) => {
                Some("sign with a soucieux's key: --as NAME (cercle member list shows the roles)")
            }
            _ => None,
        };
        let failure = Failure { rule: Some(error.rule()), ..Failure::new(format!("refused: {error}")) };
        match hint {
            Some(hint) => failure.hint(hint),
            None => failure,
        }
    }
}

impl From<AppendError> for Failure {
    fn from(error: AppendError) -> Failure {
        match error {
            AppendError::Rule(rule) => rule.into(),
            AppendError::Format(format) => format.into(),
        }
    }
}

impl From<FormatError> for Failure {
    fn from(error: FormatError) -> Failure {
        Failure::new(format!("refused: {error}"))
    }
}

impl From<VerifyError> for Failure {
    fn from(error: VerifyError) -> Failure {
        let rule = match &error {
            VerifyError::Rule { error, .. } => Some(error.rule()),
            _ => None,
        };
        Failure { rule, ..Failure::new(format!("verification failed: {error}")) }
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        match error {
            StoreError::Rule(rule) => rule.into(),
            StoreError::Verify(verify) => verify.into(),
            StoreError::Missing(_) => Failure::new(error)
                .hint("create one with `cercle init`, or point to it with --ledger DIR (or CERCLE_LEDGER)"),
            StoreError::Locked(_) => {
                Failure::new(error).hint("wait for the other command to finish, then retry")
            }
            StoreError::Published { .. } => Failure::new(error).hint(
                "a sync may still be copying it: wait and retry; otherwise the keeper moves the folder's `checkpoint` away and publishes again, which compares every file and names the damaged one",
            ),
            StoreError::Busy { .. } => Failure::new(error)
                .hint("retry when the other command has finished, or wait longer with --wait SECS"),
            StoreError::Damaged { .. } => Failure::new(error).hint(
                "`cercle repair` keeps the intact entries and sets the damaged files aside; \
                 or restore it from an export: cercle import FILE --ledger NEW_DIR",
            ),
            StoreError::Unknown { seq, .. } => Failure {
                rule: Some("outcome-unknown"),
                ..Failure::new(&error).hint(format!(
                    "do not simply retry: `cercle log` shows whether entry {seq} is there once the disk works again"
                ))
            },
            other => Failure::new(other),
        }
    }
}

impl From<KeystoreError> for Failure {
    fn from(error: KeystoreError) -> Failure {
        match error {
            KeystoreError::NoSuchKey { .. } => Failure::new(error)
                .hint("create it with `cercle key new NAME`; `cercle key list` shows the keys here"),
            // Refused as ssh refuses such keys: the hint is the command that fixes it.
            KeystoreError::KeyExposed { ref path, .. } => {
                let hint = format!("chmod 600 {}", path.display());
                Failure::new(format!("refused: {error}")).hint(hint)
            }
            KeystoreError::KeyNotYours { ref path, uid, .. } => {
                let hint = format!(
                    "if this key is yours: chown {uid} {} (as root); otherwise create your own with \
                     `cercle key new NAME`",
                    path.display()
                );
                Failure::new(format!("refused: {error}")).hint(hint)
            }
            KeystoreError::LinkOutside { ref link, ref target, .. } => {
                let hint =
                    format!("put the key itself in the keystore: mv {} {}", target.display(), link.display());
                Failure::new(format!("refused: {error}")).hint(hint)
            }
            KeystoreError::DirExposed { ref dir, .. } => {
                let hint = format!("chmod 700 {}", dir.display());
                Failure::new(format!("refused: {error}")).hint(hint)
            }
            KeystoreError::DirNotYours { ref dir, uid, .. } => {
                let hint = format!(
                    "chown {uid} {} (as root), or use a keystore of your own with --keys DIR",
                    dir.display()
                );
                Failure::new(format!("refused: {error}")).hint(hint)
            }
            other => Failure::new(other),
        }
    }
}

macro_rules! plain_failure {
    ($($error:ty),+) => {
        $(impl From<$error> for Failure {
            fn from(error: $error) -> Failure {
                Failure::new(format!("refused: {error}"))
            }
        })+
    };
}

plain_failure!(
    cercle_core::AmountError,
    cercle_core::QuorumError,
    cercle_core::IdError,
    cercle_core::MemberNameError,
    cercle_core::TextError,
    cercle_core::WordError,
    cercle_core::HexError,
    cercle_core::CheckpointError
);
