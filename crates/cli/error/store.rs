//! The store's errors, notes and damage said in the user's language: their `Display` in
//! English, the messages of `locales/*/rules.ftl` in French. Said here, not in cercle-render,
//! which does not depend on cercle-store; tests check that the English messages are the
//! `Display` word for word and that every variant is translated.

use cercle_render::errors::{Localized, Message};
use cercle_store::{
    Damage, KeystoreError, PublishedDamage, StoreError, StoreNote, WitnessDamage, WitnessError,
};

use crate::lang::Lang;

/// `value` in `lang`: its `Display` in English, else its catalog message (its `Display` for a
/// variant not translated yet).
fn said(value: &dyn std::fmt::Display, lang: Lang, message: impl FnOnce() -> Option<Message>) -> String {
    match lang {
        Lang::En => value.to_string(),
        _ => message().map_or_else(|| value.to_string(), |message| message.format(lang)),
    }
}

/// A store error's sentence in `lang`: its `Display` in English, `locales/*/rules.ftl` in
/// French. Said here, not in cercle-render, which does not depend on cercle-store.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    said(error, lang, || store_message(error, lang))
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
            m("store-damaged").arg("path", path.display()).arg("reason", damage_text(reason, lang))
        }
        StoreError::Published { path, reason } => m("store-published")
            .arg("path", path.display())
            .arg("reason", published_damage_text(reason, lang)),
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

/// Why a ledger is damaged, in `lang`: its `Display` in English, `locales/fr/rules.ftl` in
/// French (what the store names, its fields as arguments; a nested error of cercle-core said
/// by cercle-render). Also the reason `cercle repair` gives for what it set aside.
pub fn damage_text(damage: &Damage, lang: Lang) -> String {
    said(damage, lang, || damage_message(damage, lang))
}

fn damage_message(damage: &Damage, lang: Lang) -> Option<Message> {
    let m = Message::new;
    Some(match damage {
        Damage::Poisoned => m("damage-poisoned"),
        Damage::TreeDisagrees { error } => m("damage-tree-disagrees").arg("error", error.in_lang(lang)),
        Damage::TreeHashMissing { level, n } => m("damage-tree-hash-missing").arg("level", level).arg("n", n),
        Damage::TreeCutShortAt { level, n } => m("damage-tree-cut-short-at").arg("level", level).arg("n", n),
        Damage::TreeTooShort => m("damage-tree-too-short"),
        Damage::TreeCutShort => m("damage-tree-cut-short"),
        Damage::TreeDiffers { index, leaf } => m("damage-tree-differs").arg("index", index).arg("leaf", leaf),
        Damage::FrontierDiffers => m("damage-frontier-differs"),
        Damage::NoteNotText => m("damage-note-not-text"),
        Damage::EntryNotLeaf { seq } => m("damage-entry-not-leaf").arg("seq", seq),
        Damage::EntryNotIntact { seq, offset } => m("damage-entry-not-intact")
            .arg("seq", seq)
            .arg("offset", offset)
            .arg("last", seq.saturating_sub(1)),
        Damage::StateDiffers => m("damage-state-differs"),
        Damage::HistoryDiffers => m("damage-history-differs"),
        Damage::UnknownFormat { format } => m("damage-unknown-format").arg("format", format),
        Damage::EntriesMissing => m("damage-entries-missing"),
        Damage::NoEntry => m("damage-no-entry"),
        Damage::EntriesCutShort { bytes, head, end } => {
            m("damage-entries-cut-short").arg("bytes", bytes).arg("head", head).arg("end", end)
        }
        Damage::HeadMoved { head, hash } => m("damage-head-moved").arg("head", head).arg("hash", hash),
        Damage::RecordNotIntact { offset } => m("damage-record-not-intact").arg("offset", offset),
        Damage::UnreadableAfterState { seq, error } => {
            m("damage-unreadable-after-state").arg("seq", seq).arg("error", error.in_lang(lang))
        }
        Damage::RefusedAfterState { seq, error } => {
            m("damage-refused-after-state").arg("seq", seq).arg("error", error.in_lang(lang))
        }
        Damage::RecordAfterStateNotIntact { offset, last } => {
            m("damage-record-after-state-not-intact").arg("offset", offset).arg("last", last)
        }
        // postcard's error: said as the decoder says it.
        Damage::HistoryUnreadable { error } => m("damage-history-unreadable").arg("error", error),
        Damage::HistoryNotIntact { offset } => m("damage-history-not-intact").arg("offset", offset),
        Damage::NothingIntact => m("damage-nothing-intact"),
        Damage::EntryUnreadable { seq, error } => {
            m("damage-entry-unreadable").arg("seq", seq).arg("error", error.in_lang(lang))
        }
        Damage::EntryRefused { seq, error } => {
            m("damage-entry-refused").arg("seq", seq).arg("error", error.in_lang(lang))
        }
        Damage::EntryCut { seq, offset } => m("damage-entry-cut").arg("seq", seq).arg("offset", offset),
        Damage::ImportUnfinished => m("damage-import-unfinished"),
        Damage::ChunkTruncated => m("damage-chunk-truncated"),
        Damage::ChunkMalformed => m("damage-chunk-malformed"),
        Damage::TailKeyMalformed => m("damage-tail-key-malformed"),
        Damage::EntryMissing { seq, next } => m("damage-entry-missing").arg("seq", seq).arg("next", next),
        // A variant added to the store after this: said in English until translated (the test
        // `every_damage_variant_is_translated` fails meanwhile).
        _ => return None,
    })
}

/// What does not hold in a published folder, in `lang` (see [`damage_text`]).
pub fn published_damage_text(damage: &PublishedDamage, lang: Lang) -> String {
    said(damage, lang, || published_damage_message(damage, lang))
}

fn published_damage_message(damage: &PublishedDamage, lang: Lang) -> Option<Message> {
    let m = Message::new;
    Some(match damage {
        PublishedDamage::CheckpointNotText => m("published-damage-checkpoint-not-text"),
        PublishedDamage::CheckpointUnreadable { error } => {
            m("published-damage-checkpoint-unreadable").arg("error", error.in_lang(lang))
        }
        PublishedDamage::NotATreeCheckpoint => m("published-damage-not-a-tree-checkpoint"),
        PublishedDamage::Checkpoint { error } => {
            m("published-damage-checkpoint").arg("error", error.in_lang(lang))
        }
        PublishedDamage::RootDiffers { size } => m("published-damage-root-differs").arg("size", size),
        PublishedDamage::BundleEmpty => m("published-damage-bundle-empty"),
        PublishedDamage::HeadDiffers { named, seq, found } => {
            m("published-damage-head-differs").arg("named", named).arg("seq", seq).arg("found", found)
        }
        PublishedDamage::NoNode { size, n, level } => {
            m("published-damage-no-node").arg("size", size).arg("n", n).arg("level", level)
        }
        PublishedDamage::TileSize { tile, bytes, expected } => {
            m("published-damage-tile-size").arg("tile", tile).arg("bytes", bytes).arg("expected", expected)
        }
        PublishedDamage::BundleCutShort { bundle, seq } => {
            m("published-damage-bundle-cut-short").arg("bundle", bundle).arg("seq", seq)
        }
        PublishedDamage::BundleTooLong { bundle, width } => {
            m("published-damage-bundle-too-long").arg("bundle", bundle).arg("width", width)
        }
        PublishedDamage::NotSignedByKeeper { error } => {
            m("published-damage-not-signed-by-keeper").arg("error", error.in_lang(lang))
        }
        PublishedDamage::NoGenesis => m("published-damage-no-genesis"),
        PublishedDamage::NoSupportKey => m("published-damage-no-support-key"),
        PublishedDamage::OtherCircle => m("published-damage-other-circle"),
        PublishedDamage::SupportSignatureWrong { error } => {
            m("published-damage-support-signature-wrong").arg("error", error.in_lang(lang))
        }
        PublishedDamage::TooLarge { bytes, max } => {
            m("published-damage-too-large").arg("bytes", bytes).arg("max", max)
        }
        // See `damage_message`.
        _ => return None,
    })
}

/// What a store noticed (the end of a `note:` line), in `lang`: its `Display` in English,
/// `locales/*/rules.ftl` in French (see [`damage_text`]).
pub fn store_note_text(note: &StoreNote, lang: Lang) -> String {
    said(note, lang, || store_note_message(note, lang))
}

fn store_note_message(note: &StoreNote, lang: Lang) -> Option<Message> {
    let m = Message::new;
    // How a note about derived files not saved starts.
    let what = |after_append: bool| {
        let id =
            if after_append { "store-note-derived-after-append" } else { "store-note-derived-after-open" };
        m(id).format(lang)
    };
    Some(match note {
        StoreNote::StateCutShort => m("store-note-state-cut-short"),
        StoreNote::StateOfAnotherVersion => m("store-note-state-of-another-version"),
        StoreNote::StateChecksumDiffers => m("store-note-state-checksum-differs"),
        // postcard's error: said as the decoder says it.
        StoreNote::StateUnreadable { error } => m("store-note-state-unreadable").arg("error", error),
        StoreNote::StateMissing => m("store-note-state-missing"),
        StoreNote::StateNoHead => m("store-note-state-no-head"),
        StoreNote::FrontierDiffers => m("store-note-frontier-differs"),
        StoreNote::DerivedCutShort => m("store-note-derived-cut-short"),
        StoreNote::TornAppend { bytes, seq } => {
            m("store-note-torn-append").arg("bytes", bytes).arg("seq", seq)
        }
        StoreNote::TornAppendCut { bytes, seq } => {
            m("store-note-torn-append-cut").arg("bytes", bytes).arg("seq", seq)
        }
        StoreNote::EndNotCut { file } => m("store-note-end-not-cut").arg("file", file),
        // The file system's error: said as the system says it (as store-io's cause).
        StoreNote::TreeNotSaved { after_append, error } => {
            m("store-note-tree-not-saved").arg("what", what(*after_append)).arg("error", error)
        }
        StoreNote::HistoryNotSaved { after_append, error } => {
            m("store-note-history-not-saved").arg("what", what(*after_append)).arg("error", error)
        }
        StoreNote::StateNotSaved { after_append, error } => {
            m("store-note-state-not-saved").arg("what", what(*after_append)).arg("error", error)
        }
        StoreNote::EarlierFormat => m("store-note-earlier-format"),
        // A variant added to the store after this: said in English until translated (the test
        // `every_store_note_is_said_as_its_display_and_translated` fails meanwhile).
        _ => return None,
    })
}

/// A witness error's sentence in `lang`: its `Display` in English, `locales/*/rules.ftl` in
/// French (see [`store_error`]).
pub fn witness_error_text(error: &WitnessError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    witness_error_message(error, lang).format(lang)
}

fn witness_error_message(error: &WitnessError, lang: Lang) -> Message {
    let m = Message::new;
    match error {
        WitnessError::Io { path, source } => {
            m("witness-file-io").arg("path", path.display()).arg("cause", source)
        }
        WitnessError::Damaged { path, reason } => m("witness-file-damaged")
            .arg("path", path.display())
            .arg("reason", witness_damage_text(reason, lang)),
    }
}

/// Why a witness file is damaged, in `lang` (see [`damage_text`]).
pub fn witness_damage_text(damage: &WitnessDamage, lang: Lang) -> String {
    said(damage, lang, || witness_damage_message(damage))
}

fn witness_damage_message(damage: &WitnessDamage) -> Option<Message> {
    let m = Message::new;
    Some(match damage {
        WitnessDamage::NotARecord => m("witness-damage-not-a-record"),
        WitnessDamage::NoHeader => m("witness-damage-no-header"),
        WitnessDamage::HeaderUnreadable => m("witness-damage-header-unreadable"),
        WitnessDamage::OtherCircle => m("witness-damage-other-circle"),
        WitnessDamage::StateUnreadable => m("witness-damage-state-unreadable"),
        WitnessDamage::StateDisagrees => m("witness-damage-state-disagrees"),
        WitnessDamage::NoCircle => m("witness-damage-no-circle"),
        WitnessDamage::HistoryUnreadable => m("witness-damage-history-unreadable"),
        WitnessDamage::Missing => m("witness-damage-missing"),
        WitnessDamage::ShorterThanRecord => m("witness-damage-shorter-than-record"),
        WitnessDamage::FrameCut => m("witness-damage-frame-cut"),
        WitnessDamage::HashesDiffer => m("witness-damage-hashes-differ"),
        WitnessDamage::NoState => m("witness-damage-no-state"),
        WitnessDamage::HistoryTooLarge => m("witness-damage-history-too-large"),
        // postcard's or serde_json's error: said as the encoder says it.
        WitnessDamage::NotEncoded { error } => m("witness-damage-not-encoded").arg("error", error),
        // See `damage_message`.
        _ => return None,
    })
}

/// A keystore error's sentence in `lang` (see [`store_error`]).
pub fn keystore_error(error: &KeystoreError, lang: Lang) -> String {
    said(error, lang, || keystore_message(error, lang))
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use cercle_core::{FormatError, RuleError, VerifyError};

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
            StoreError::Damaged {
                path: path(),
                reason: Damage::EntriesCutShort { bytes: 1290, head: 6, end: 1300 },
            },
            StoreError::Published { path: path(), reason: PublishedDamage::RootDiffers { size: 7 } },
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

    fn damages() -> Vec<Damage> {
        let hash = cercle_core::EntryHash([0xab; 32]);
        vec![
            Damage::Poisoned,
            Damage::TreeDisagrees { error: cercle_core::merkle::ProofError::DifferentRoots { size: 4 } },
            Damage::TreeHashMissing { level: 1, n: 3 },
            Damage::TreeCutShortAt { level: 0, n: 9 },
            Damage::TreeTooShort,
            Damage::TreeCutShort,
            Damage::TreeDiffers { index: 17, leaf: 9 },
            Damage::FrontierDiffers,
            Damage::NoteNotText,
            Damage::EntryNotLeaf { seq: 5 },
            Damage::EntryNotIntact { seq: 12, offset: 4096 },
            Damage::StateDiffers,
            Damage::HistoryDiffers,
            Damage::UnknownFormat { format: "cercle-ledger/v3".into() },
            Damage::EntriesMissing,
            Damage::NoEntry,
            Damage::EntriesCutShort { bytes: 1290, head: 6, end: 1300 },
            Damage::HeadMoved { head: 6, hash },
            Damage::RecordNotIntact { offset: 800 },
            Damage::UnreadableAfterState { seq: 7, error: FormatError::UnknownLabel },
            Damage::RefusedAfterState { seq: 7, error: Box::new(RuleError::EmptyAgenda) },
            Damage::RecordAfterStateNotIntact { offset: 1300, last: 6 },
            Damage::HistoryUnreadable { error: "Hit the end of buffer, expected more data".into() },
            Damage::HistoryNotIntact { offset: 64 },
            Damage::NothingIntact,
            Damage::EntryUnreadable { seq: 3, error: FormatError::UnknownLabel },
            Damage::EntryRefused { seq: 3, error: Box::new(RuleError::EmptyAgenda) },
            Damage::EntryCut { seq: 7, offset: 1290 },
            Damage::ImportUnfinished,
            Damage::ChunkTruncated,
            Damage::ChunkMalformed,
            Damage::TailKeyMalformed,
            Damage::EntryMissing { seq: 4, next: 6 },
        ]
    }

    fn published_damages() -> Vec<PublishedDamage> {
        let (named, found) = (cercle_core::EntryHash([0xab; 32]), cercle_core::EntryHash([0xcd; 32]));
        let error = || cercle_core::CheckpointError::BadSignature;
        vec![
            PublishedDamage::CheckpointNotText,
            PublishedDamage::CheckpointUnreadable { error: Box::new(error()) },
            PublishedDamage::NotATreeCheckpoint,
            PublishedDamage::Checkpoint { error: Box::new(error()) },
            PublishedDamage::RootDiffers { size: 7 },
            PublishedDamage::BundleEmpty,
            PublishedDamage::HeadDiffers { named, seq: 6, found },
            PublishedDamage::NoNode { size: 7, n: 2, level: 3 },
            PublishedDamage::TileSize { tile: "tile/0/000.p/7".into(), bytes: 200, expected: 224 },
            PublishedDamage::BundleCutShort { bundle: "tile/entries/000.p/7".into(), seq: 5 },
            PublishedDamage::BundleTooLong { bundle: "tile/entries/000.p/7".into(), width: 7 },
            PublishedDamage::NotSignedByKeeper {
                error: Box::new(cercle_core::CheckpointError::NoKnownSignature),
            },
            PublishedDamage::NoGenesis,
            PublishedDamage::NoSupportKey,
            PublishedDamage::OtherCircle,
            PublishedDamage::SupportSignatureWrong { error: Box::new(error()) },
            PublishedDamage::TooLarge { bytes: 20000, max: 16384 },
        ]
    }

    /// Every reason the store gives for damage: the English catalog says it as its `Display`
    /// (byte for byte), the French one says it otherwise, and each variant has its message.
    #[test]
    fn every_damage_variant_is_said_as_its_display_and_translated() {
        let mut ids = Vec::new();
        for damage in damages() {
            let message = damage_message(&damage, Lang::En).expect("a message");
            assert_eq!(message.format(Lang::En), damage.to_string(), "{}", message.id);
            assert_eq!(damage_text(&damage, Lang::En), damage.to_string());
            assert_ne!(
                damage_text(&damage, Lang::Fr),
                damage.to_string(),
                "{} is not translated",
                message.id
            );
            ids.push(message.id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), variants_in_source(include_str!("../../store/src/damage.rs"), "Damage"));
        let mut ids = Vec::new();
        for damage in published_damages() {
            let message = published_damage_message(&damage, Lang::En).expect("a message");
            assert_eq!(message.format(Lang::En), damage.to_string(), "{}", message.id);
            assert_eq!(published_damage_text(&damage, Lang::En), damage.to_string());
            let french = published_damage_text(&damage, Lang::Fr);
            assert_ne!(french, damage.to_string(), "{} is not translated", message.id);
            ids.push(message.id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids.len(),
            variants_in_source(include_str!("../../store/src/damage.rs"), "PublishedDamage")
        );
    }

    fn store_notes() -> Vec<StoreNote> {
        let error = || "No space left on device (os error 28)".to_string();
        vec![
            StoreNote::StateCutShort,
            StoreNote::StateOfAnotherVersion,
            StoreNote::StateChecksumDiffers,
            StoreNote::StateUnreadable { error: "Hit the end of buffer, expected more data".into() },
            StoreNote::StateMissing,
            StoreNote::StateNoHead,
            StoreNote::FrontierDiffers,
            StoreNote::DerivedCutShort,
            StoreNote::TornAppend { bytes: 2, seq: 1 },
            StoreNote::TornAppendCut { bytes: 2, seq: 1 },
            StoreNote::EndNotCut { file: "history".into() },
            StoreNote::TreeNotSaved { after_append: true, error: error() },
            StoreNote::TreeNotSaved { after_append: false, error: error() },
            StoreNote::HistoryNotSaved { after_append: true, error: error() },
            StoreNote::HistoryNotSaved { after_append: false, error: error() },
            StoreNote::StateNotSaved { after_append: true, error: error() },
            StoreNote::StateNotSaved { after_append: false, error: error() },
            StoreNote::EarlierFormat,
        ]
    }

    fn witness_damages() -> Vec<WitnessDamage> {
        vec![
            WitnessDamage::NotARecord,
            WitnessDamage::NoHeader,
            WitnessDamage::HeaderUnreadable,
            WitnessDamage::OtherCircle,
            WitnessDamage::StateUnreadable,
            WitnessDamage::StateDisagrees,
            WitnessDamage::NoCircle,
            WitnessDamage::HistoryUnreadable,
            WitnessDamage::Missing,
            WitnessDamage::ShorterThanRecord,
            WitnessDamage::FrameCut,
            WitnessDamage::HashesDiffer,
            WitnessDamage::NoState,
            WitnessDamage::HistoryTooLarge,
            WitnessDamage::NotEncoded { error: "Serde Serialization Error".into() },
        ]
    }

    /// Every note of the store: the English catalog says it as its `Display` (byte for byte),
    /// the French one says it otherwise, and each variant has its message.
    #[test]
    fn every_store_note_is_said_as_its_display_and_translated() {
        let mut ids = Vec::new();
        for note in store_notes() {
            let message = store_note_message(&note, Lang::En).expect("a message");
            assert_eq!(message.format(Lang::En), note.to_string(), "{}", message.id);
            assert_eq!(store_note_text(&note, Lang::En), note.to_string());
            let french = store_note_text(&note, Lang::Fr);
            assert_ne!(french, note.to_string(), "{} is not translated", message.id);
            ids.push(message.id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), variants_in_source(include_str!("../../store/src/notes.rs"), "StoreNote"));
        // Whether the note follows an append is said in French too.
        let after_open = StoreNote::StateNotSaved { after_append: false, error: "disk full".into() };
        assert_eq!(
            store_note_text(&after_open, Lang::Fr),
            "les écritures du registre sont intactes, mais son état dérivé n'a pas pu être écrit (disk full) ; \
             la prochaine commande qui écrit le mettra à jour"
        );
        let after_append = StoreNote::TreeNotSaved { after_append: true, error: "disk full".into() };
        assert!(store_note_text(&after_append, Lang::Fr)
            .starts_with("l'écriture est enregistrée, mais son arbre"));
    }

    /// Every witness error and every reason a witness file is damaged: the English catalog says
    /// it as its `Display`, the French one otherwise.
    #[test]
    fn every_witness_error_and_damage_is_said_as_its_display_and_translated() {
        let mut ids = Vec::new();
        for damage in witness_damages() {
            let message = witness_damage_message(&damage).expect("a message");
            assert_eq!(message.format(Lang::En), damage.to_string(), "{}", message.id);
            assert_eq!(witness_damage_text(&damage, Lang::En), damage.to_string());
            let french = witness_damage_text(&damage, Lang::Fr);
            assert_ne!(french, damage.to_string(), "{} is not translated", message.id);
            ids.push(message.id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), variants_in_source(include_str!("../../store/src/damage.rs"), "WitnessDamage"));
        let path = || PathBuf::from("/srv/witness/ab.witness");
        let errors = [
            WitnessError::Io { path: path(), source: io() },
            WitnessError::Damaged { path: path(), reason: WitnessDamage::HashesDiffer },
        ];
        for error in &errors {
            let message = witness_error_message(error, Lang::En);
            assert_eq!(message.format(Lang::En), error.to_string(), "{}", message.id);
            assert_eq!(witness_error_text(error, Lang::En), error.to_string());
            assert_ne!(
                witness_error_text(error, Lang::Fr),
                error.to_string(),
                "{} is not translated",
                message.id
            );
        }
        assert_eq!(
            errors.len(),
            variants_in_source(include_str!("../../store/src/witness.rs"), "WitnessError")
        );
        assert_eq!(
            witness_error_text(&errors[1], Lang::Fr),
            "le fichier témoin /srv/witness/ab.witness est endommagé : ses empreintes ne correspondent pas \
             à son enregistrement (supprimez-le pour auditer ce cercle depuis le début)"
        );
    }

    #[test]
    fn a_damaged_ledger_is_said_in_french_throughout() {
        let error = StoreError::Damaged {
            path: PathBuf::from("broken"),
            reason: Damage::EntriesCutShort { bytes: 1290, head: 6, end: 1300 },
        };
        assert_eq!(
            store_error(&error, Lang::Fr),
            "le registre broken est endommagé : des écritures déjà confirmées manquent : il contient 1290 \
             octets d'écritures, mais l'écriture 6 (la dernière confirmée) se terminait à l'octet 1300 ; \
             `cercle repair` garde les écritures intactes et met le reste de côté"
        );
        let refused = Damage::EntryRefused { seq: 3, error: Box::new(RuleError::EmptyAgenda) };
        assert!(damage_text(&refused, Lang::Fr).starts_with("l'écriture 3 est refusée : "));
        assert_eq!(
            damage_text(&refused, Lang::Fr),
            format!("l'écriture 3 est refusée : {}", RuleError::EmptyAgenda.in_lang(Lang::Fr))
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
        assert_eq!(store, variants_in_source(include_str!("../../store/src/store.rs"), "StoreError"));
        assert_eq!(
            keystore,
            variants_in_source(include_str!("../../store/src/keystore.rs"), "KeystoreError")
        );
    }
}
