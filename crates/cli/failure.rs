//! What the command line says when it refuses: one sentence (what was refused and why), then
//! a `hint:` line where one helps. Every refusal exits with code 1; usage errors (clap) with 2.

use std::fmt;

use cercle_core::{AppendError, FormatError, RuleError, VerifyError};
use cercle_render::errors::{Localized, Message};
use cercle_store::{KeystoreError, StoreError};

use crate::lang::{lang, Lang};

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

    /// A refusal: `refused: MESSAGE` in the user's language.
    pub fn refused(message: impl fmt::Display) -> Failure {
        Failure::new(t!("failure-refused", message = message))
    }

    /// A usage error (exit code 2): the command line itself is incomplete.
    pub fn usage(message: impl fmt::Display) -> Failure {
        Failure { code: 2, ..Failure::new(message) }
    }

    /// `refused: PREFIX: what was refused` (a rule's refusal, said of something else).
    pub fn prefixed(mut self, prefix: &str) -> Failure {
        let refused = t!("failure-refused", message = "");
        let rest = self.message.strip_prefix(refused.as_str()).unwrap_or(&self.message);
        self.message = t!("failure-refused-of", prefix = prefix, message = rest);
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
            RuleError::UnknownAuthor => Some("hint-unknown-author"),
            RuleError::VoterNotPresent(..) => Some("hint-voter-not-present"),
            RuleError::NotSoucieux(_) | RuleError::NotSoucieuxOrSupport(_) => Some("hint-not-soucieux"),
            _ => None,
        };
        let failure = Failure { rule: Some(error.rule()), ..Failure::refused(error.in_lang(lang())) };
        match hint {
            Some(hint) => failure.hint(t!(hint)),
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
        Failure::refused(error.in_lang(lang()))
    }
}

impl From<VerifyError> for Failure {
    fn from(error: VerifyError) -> Failure {
        let rule = match &error {
            VerifyError::Rule { error, .. } => Some(error.rule()),
            _ => None,
        };
        Failure { rule, ..Failure::new(t!("failure-verification-failed", message = error.in_lang(lang()))) }
    }
}

/// A store error's sentence in `lang`: its `Display` in English, `locales/*/rules.ftl` in
/// French. Said here, not in cercle-render, which does not depend on cercle-store.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    store_message(error, lang).map_or_else(|| error.to_string(), |message| message.format(lang))
}

fn store_message(error: &StoreError, lang: Lang) -> Option<Message> {
    let m = Message::new;
    Some(match error {
        StoreError::Missing(path) => m("store-missing").arg("path", path.display()),
        StoreError::NotALedger(path) => m("store-not-a-ledger").arg("path", path.display()),
        StoreError::AlreadyExists(path) => m("store-already-exists").arg("path", path.display()),
        StoreError::Locked(path) => m("store-locked").arg("path", path.display()),
        StoreError::Busy { path, waited } => {
            m("store-busy").arg("path", path.display()).arg("seconds", waited.as_secs())
        }
        StoreError::Damaged { path, reason } => {
            m("store-damaged").arg("path", path.display()).arg("reason", reason)
        }
        StoreError::Published { path, reason } => {
            m("store-published").arg("path", path.display()).arg("reason", reason)
        }
        StoreError::Unknown { path, seq, source } => {
            m("store-unknown").arg("path", path.display()).arg("seq", seq).arg("cause", source)
        }
        StoreError::Rule(error) => return error.message(lang),
        StoreError::Verify(error) => return error.message(lang),
        StoreError::Proof(error) => return error.message(lang),
        StoreError::Io { path, source } => m("store-io").arg("path", path.display()).arg("cause", source),
        // A variant added to the store after this: said in English until translated (the test
        // `every_store_and_keystore_variant_is_translated` fails meanwhile).
        _ => return None,
    })
}

/// A keystore error's sentence in `lang` (see [`store_error`]).
pub fn keystore_error(error: &KeystoreError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    keystore_message(error, lang).map_or_else(|| error.to_string(), |message| message.format(lang))
}

fn keystore_message(error: &KeystoreError, lang: Lang) -> Option<Message> {
    let m = Message::new;
    Some(match error {
        KeystoreError::BadName(name) => m("key-bad-name").arg("name", name),
        KeystoreError::NoSuchKey { name, dir } => {
            m("key-no-such-key").arg("name", name).arg("dir", dir.display())
        }
        KeystoreError::Exists(name) => m("key-exists").arg("name", name),
        KeystoreError::BadFile(path) => m("key-bad-file").arg("path", path.display()),
        KeystoreError::Empty(path) => m("key-empty").arg("path", path.display()),
        KeystoreError::NotCreated { name, dir, source } => {
            m("key-not-created").arg("name", name).arg("dir", dir.display()).arg("cause", source)
        }
        KeystoreError::KeyExposed { path, mode } => {
            // What others may do to the key file, and what only its owner may (as the store says).
            let readable = mode & 0o044 != 0;
            let (exposed, verb) = match (lang, readable) {
                (Lang::En, true) => ("read", "read"),
                (Lang::En, false) => ("changed", "change"),
                (Lang::Fr, true) => ("lu", "lire"),
                (Lang::Fr, false) => ("modifié", "modifier"),
            };
            m("key-exposed")
                .arg("path", path.display())
                .arg("exposed", exposed)
                .arg("mode", format!("{mode:04o}"))
                .arg("verb", verb)
        }
        KeystoreError::KeyNotYours { path, owner, uid } => {
            m("key-not-yours").arg("path", path.display()).arg("owner", owner).arg("uid", uid)
        }
        KeystoreError::LinkOutside { link, target, dir } => m("key-link-outside")
            .arg("link", link.display())
            .arg("target", target.display())
            .arg("dir", dir.display()),
        KeystoreError::DirExposed { dir, mode } => {
            m("key-dir-exposed").arg("dir", dir.display()).arg("mode", format!("{mode:04o}"))
        }
        KeystoreError::DirNotYours { dir, owner, uid } => {
            m("key-dir-not-yours").arg("dir", dir.display()).arg("owner", owner).arg("uid", uid)
        }
        KeystoreError::Io { path, source } => m("key-io").arg("path", path.display()).arg("cause", source),
        KeystoreError::NoPassphrase { name, why } => m("key-no-passphrase").arg("name", name).arg("why", why),
        KeystoreError::WrongPassphrase(name) => m("key-wrong-passphrase").arg("name", name),
        KeystoreError::BadExport(path) => m("key-bad-export").arg("path", path.display()),
        _ => return None,
    })
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        let message = store_error(&error, lang());
        match error {
            StoreError::Rule(rule) => rule.into(),
            StoreError::Verify(verify) => verify.into(),
            StoreError::Missing(_) => Failure::new(message).hint(t!("hint-store-missing")),
            StoreError::Locked(_) => Failure::new(message).hint(t!("hint-store-locked")),
            StoreError::Published { .. } => Failure::new(message).hint(t!("hint-store-published")),
            StoreError::Busy { .. } => Failure::new(message).hint(t!("hint-store-busy")),
            StoreError::Damaged { .. } => Failure::new(message).hint(t!("hint-store-damaged")),
            StoreError::Unknown { seq, .. } => Failure {
                rule: Some("outcome-unknown"),
                ..Failure::new(message).hint(t!("hint-store-unknown", seq = seq))
            },
            _ => Failure::new(message),
        }
    }
}

impl From<KeystoreError> for Failure {
    fn from(error: KeystoreError) -> Failure {
        let message = keystore_error(&error, lang());
        match error {
            KeystoreError::NoSuchKey { .. } => Failure::new(message).hint(t!("hint-key-no-such-key")),
            // Refused as ssh refuses such keys: the hint is the command that fixes it.
            KeystoreError::KeyExposed { ref path, .. } => {
                Failure::refused(message).hint(t!("hint-key-exposed", path = path.display()))
            }
            KeystoreError::KeyNotYours { ref path, uid, .. } => {
                Failure::refused(message).hint(t!("hint-key-not-yours", uid = uid, path = path.display()))
            }
            KeystoreError::LinkOutside { ref link, ref target, .. } => Failure::refused(message).hint(t!(
                "hint-key-link-outside",
                target = target.display(),
                link = link.display()
            )),
            KeystoreError::DirExposed { ref dir, .. } => {
                Failure::refused(message).hint(t!("hint-key-dir-exposed", dir = dir.display()))
            }
            KeystoreError::DirNotYours { ref dir, uid, .. } => {
                Failure::refused(message).hint(t!("hint-key-dir-not-yours", uid = uid, dir = dir.display()))
            }
            _ => Failure::new(message),
        }
    }
}

macro_rules! plain_failure {
    ($($error:ty),+) => {
        $(impl From<$error> for Failure {
            fn from(error: $error) -> Failure {
                Failure::refused(error.in_lang(lang()))
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    fn io() -> std::io::Error {
        std::io::Error::other("disk full")
    }

    fn store_errors() -> Vec<StoreError> {
        let path = || PathBuf::from("/srv/cercle/ledger");
        vec![
            StoreError::Missing(path()),
            StoreError::NotALedger(path()),
            StoreError::AlreadyExists(path()),
            StoreError::Locked(path()),
            StoreError::Busy { path: path(), waited: Duration::from_secs(30) },
            StoreError::Damaged { path: path(), reason: "entries is cut short".into() },
            StoreError::Published { path: path(), reason: "tile 0 is missing".into() },
            StoreError::Unknown { path: path(), seq: 12, source: io() },
            StoreError::Rule(RuleError::EmptyAgenda),
            StoreError::Verify(VerifyError::Empty),
            StoreError::Proof(cercle_core::merkle::ProofError::DifferentRoots { size: 4 }),
            StoreError::Io { path: path(), source: io() },
        ]
    }

    fn keystore_errors() -> Vec<KeystoreError> {
        let dir = || PathBuf::from("/home/alice/.cercle/keys");
        let file = || dir().join("alice");
        vec![
            KeystoreError::BadName(".x".into()),
            KeystoreError::NoSuchKey { name: "zoe".into(), dir: dir() },
            KeystoreError::Exists("alice".into()),
            KeystoreError::BadFile(file()),
            KeystoreError::Empty(file()),
            KeystoreError::NotCreated { name: "alice".into(), dir: dir(), source: io() },
            KeystoreError::KeyExposed { path: file(), mode: 0o644 },
            KeystoreError::KeyExposed { path: file(), mode: 0o620 },
            KeystoreError::KeyNotYours { path: file(), owner: 1001, uid: 1000 },
            KeystoreError::LinkOutside { link: file(), target: PathBuf::from("/tmp/k"), dir: dir() },
            KeystoreError::DirExposed { dir: dir(), mode: 0o777 },
            KeystoreError::DirNotYours { dir: dir(), owner: 1001, uid: 1000 },
            KeystoreError::Io { path: dir(), source: io() },
            KeystoreError::NoPassphrase { name: "alice".into(), why: "no terminal to ask it on".into() },
            KeystoreError::WrongPassphrase("alice".into()),
            KeystoreError::BadExport(file()),
        ]
    }

    #[test]
    fn the_english_catalog_says_each_store_error_as_its_display() {
        for error in store_errors() {
            let message = store_message(&error, Lang::En).expect("a message");
            assert_eq!(message.format(Lang::En), error.to_string(), "{}", message.id);
            let french = store_error(&error, Lang::Fr);
            assert_ne!(french, error.to_string(), "{} is not translated", message.id);
        }
        for error in keystore_errors() {
            let message = keystore_message(&error, Lang::En).expect("a message");
            assert_eq!(message.format(Lang::En), error.to_string(), "{}", message.id);
            let french = keystore_error(&error, Lang::Fr);
            assert_ne!(french, error.to_string(), "{} is not translated", message.id);
        }
        let exposed = KeystoreError::KeyExposed { path: "/k/alice".into(), mode: 0o644 };
        assert_eq!(
            keystore_error(&exposed, Lang::Fr),
            "le fichier de clé /k/alice peut être lu par d'autres utilisateurs (mode 0644) ; vous seul devez pouvoir le lire"
        );
    }

    /// The variants of `enum name` in a source file: its `#[error(` attributes.
    fn variants_in_source(source: &str, name: &str) -> usize {
        let start = source.find(&format!("pub enum {name} {{")).expect("the enum");
        let body = &source[start..];
        body[..body.find("\n}\n").expect("its end")].matches("#[error(").count()
    }

    #[test]
    fn every_store_and_keystore_variant_is_translated() {
        // Both enums are #[non_exhaustive]: their variants are counted in the store's source.
        let ids = |messages: Vec<Option<Message>>| {
            let mut ids: Vec<&str> =
                messages.into_iter().map(|message| message.expect("a message").id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        let store = ids(store_errors().iter().map(|error| store_message(error, Lang::En)).collect());
        let keystore = ids(keystore_errors().iter().map(|error| keystore_message(error, Lang::En)).collect());
        assert_eq!(store, variants_in_source(include_str!("../store/src/store.rs"), "StoreError"));
        assert_eq!(keystore, variants_in_source(include_str!("../store/src/keystore.rs"), "KeystoreError"));
    }
}
