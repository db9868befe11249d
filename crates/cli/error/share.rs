//! Sharing a ledger: publishing it (`cercle publish`), following it (`cercle sync`), envelopes
//! in a shared folder's inbox (`--to DIR`, `cercle ingest`).

use std::path::PathBuf;

use cercle_core::{EntryHash, TreeCheckpoint};
use cercle_render::errors::Message;

use super::{Error, Refusal};
use crate::describe::short_hash;
use crate::lang::lang;
use crate::tiles::grouped;

/// What is refused.
#[derive(Debug)]
pub enum Share {
    /// `publish` without `--as`, and the ledger keeps no tree checkpoint to publish.
    NoCheckpoint,
    /// The checkpoint note the ledger keeps is of another circle.
    NoteOtherCircle { theirs: EntryHash, name: String, mine: EntryHash },
    /// The checkpoint note the ledger keeps is signed by no publisher of the circle.
    NoteBadSigner { error: String },
    /// `DIR/checkpoint` is not a tree checkpoint: the folder holds something else.
    FolderNotCheckpoint { path: PathBuf },
    /// `DIR/checkpoint` is of another circle: the folder holds another ledger.
    FolderOtherCircle { path: PathBuf, theirs: EntryHash, name: String, mine: EntryHash },
    /// `DIR/checkpoint` is of a larger tree than the one to publish.
    FolderAhead { path: PathBuf, size: u64, latest: u64 },
    /// `DIR/checkpoint` has another root than this ledger's at its size.
    FolderFork { path: PathBuf, size: u64, name: String },
    /// `publish --as NAME`, and NAME is not a current soucieux (the circle's keeper).
    NotKeeper { name: String, circle: String },
    /// The entries to publish could not be read from the ledger.
    NoEntries,
    /// The ledger ends before an entry its checkpoint covers.
    LedgerEnds { seq: u64 },
    /// An entry read is not the leaf the ledger's Merkle tree holds.
    EntryNotLeaf { seq: u64 },
    /// A full hash tile of the ledger does not hash to its parent (at the Merkle `level`,
    /// hashes `first` to `last`).
    TileNotParent { level: u8, first: u64, last: u64 },
    /// An entry too large for an entry bundle's 16-bit length.
    EntryTooLarge { seq: u64, length: usize },
    /// `sync DIR`, and DIR holds no published ledger.
    NotPublished { path: PathBuf },
    /// The published ledger has no entry.
    PublishedEmpty,
    /// The copy to extend has no circle yet.
    CopyNoCircleYet,
    /// The copy to extend has no entry.
    CopyEmpty,
    /// The publication is of another circle than the copy's.
    PublishedOtherCircle { path: PathBuf, theirs: EntryHash, circle: String, mine: EntryHash },
    /// The publication's checkpoint is signed by no publisher the copy knows.
    PublishedBadSigner { path: PathBuf, error: String },
    /// The publication's new entries do not give its checkpoint's root.
    BundleChanged { path: PathBuf, seq: u64 },
    /// The publication does not extend the copy: where they differ, and both heads.
    Fork {
        path: PathBuf,
        /// The first entry where the two differ.
        first: u64,
        /// Whether both hold entry `first` (else they agree on every entry both hold, and
        /// the copy holds more).
        both_hold_it: bool,
        /// The copy's head: its last entry's number and hash.
        mine: Option<(u64, EntryHash)>,
        /// The publication's checkpoint (boxed: it would make every `Error` larger).
        theirs: Box<TreeCheckpoint>,
    },
    /// `--to DIR` for a checkpoint, which no envelope carries.
    NoCheckpointEnvelope,
    /// `--to DIR`, and the member's copy of the ledger (`--ledger`) could not be opened.
    CopyUnreadable { path: PathBuf, error: Box<Error> },
    /// `--to DIR`, and the member's copy of the ledger has no circle yet.
    EnvelopeCopyNoCircle,
    /// `ingest --recover FROM`, and FROM holds another circle.
    RecoverOtherCircle { path: PathBuf },
    /// A file of the inbox is already in `ingested/` or `refused/`, with other bytes.
    MovedOtherBytes { path: PathBuf },
    /// A file of the inbox already moved could not be removed from it.
    NotRemoved { error: String },
    /// A file of the inbox could not be moved to `path`.
    NotMoved { path: PathBuf, error: String },
}

/// A message said within another, in the user's language.
fn said(message: Message) -> String {
    message.format(lang())
}

impl Refusal for Share {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Share::NoCheckpoint => m("publish-no-checkpoint"),
            Share::NoteOtherCircle { theirs, name, mine } => m("publish-note-other-circle")
                .arg("theirs", short_hash(theirs))
                .arg("name", name)
                .arg("mine", short_hash(mine)),
            Share::NoteBadSigner { error } => m("publish-note-bad-signer").arg("error", error),
            Share::FolderNotCheckpoint { path } => {
                m("publish-folder-not-checkpoint").arg("path", path.display())
            }
            Share::FolderOtherCircle { path, theirs, name, mine } => m("publish-folder-other-circle")
                .arg("path", path.display())
                .arg("theirs", short_hash(theirs))
                .arg("name", name)
                .arg("mine", short_hash(mine)),
            Share::FolderAhead { path, size, latest } => m("publish-folder-ahead")
                .arg("path", path.display())
                .arg("size", grouped(*size))
                .arg("latest", grouped(*latest)),
            Share::FolderFork { path, size, name } => m("publish-folder-fork")
                .arg("path", path.display())
                .arg("size", grouped(*size))
                .arg("name", name),
            Share::NotKeeper { name, circle } => {
                m("publish-not-keeper").arg("name", name).arg("circle", circle)
            }
            Share::NoEntries => m("publish-no-entries"),
            Share::LedgerEnds { seq } => m("publish-ledger-ends").arg("seq", seq),
            Share::EntryNotLeaf { seq } => {
                m("publish-damaged").arg("what", said(m("publish-not-leaf").arg("seq", seq)))
            }
            Share::TileNotParent { level, first, last } => m("publish-damaged").arg(
                "what",
                said(m("publish-bad-parent").arg("level", level).arg("first", first).arg("last", last)),
            ),
            Share::EntryTooLarge { seq, length } => {
                m("publish-entry-too-large").arg("seq", seq).arg("length", length)
            }
            Share::NotPublished { path } => m("sync-not-published").arg("path", path.display()),
            Share::PublishedEmpty => m("sync-published-empty"),
            Share::CopyNoCircleYet => m("sync-no-circle"),
            Share::CopyEmpty => m("sync-empty"),
            Share::PublishedOtherCircle { path, theirs, circle, mine } => m("sync-other-circle")
                .arg("path", path.display())
                .arg("theirs", short_hash(theirs))
                .arg("circle", circle)
                .arg("mine", short_hash(mine)),
            Share::PublishedBadSigner { path, error } => {
                m("sync-bad-signer").arg("path", path.display()).arg("error", error)
            }
            Share::BundleChanged { path, seq } => {
                m("sync-bundle-changed").arg("path", path.display()).arg("seq", seq)
            }
            Share::Fork { path, first, both_hold_it, mine, theirs } => {
                let differ = if *both_hold_it {
                    m("sync-differ-from").arg("seq", first)
                } else {
                    m("sync-differ-after").arg("seq", first.saturating_sub(1))
                };
                let none = || said(m("sync-head-none"));
                let mine = mine.map_or_else(none, |(seq, hash)| format!("#{seq} {hash}"));
                let theirs = match (theirs.head, theirs.size.checked_sub(1)) {
                    (Some(hash), Some(seq)) => format!("#{seq} {hash}"),
                    (None, Some(seq)) => {
                        said(m("sync-head-root").arg("seq", seq).arg("root", EntryHash(theirs.root)))
                    }
                    (_, None) => none(),
                };
                m("sync-fork")
                    .arg("path", path.display())
                    .arg("differ", said(differ))
                    .arg("mine", mine)
                    .arg("theirs", theirs)
            }
            Share::NoCheckpointEnvelope => m("inbox-no-checkpoint-envelope"),
            Share::CopyUnreadable { path, error } => {
                m("inbox-copy-unreadable").arg("path", path.display()).arg("error", error.message())
            }
            Share::EnvelopeCopyNoCircle => m("inbox-copy-no-circle"),
            Share::RecoverOtherCircle { path } => m("inbox-recover-other-circle").arg("path", path.display()),
            Share::MovedOtherBytes { path } => m("inbox-other-bytes").arg("path", path.display()),
            Share::NotRemoved { error } => m("inbox-not-removed").arg("error", error),
            Share::NotMoved { path, error } => {
                m("inbox-not-moved").arg("path", path.display()).arg("error", error)
            }
        }
    }

    fn hint(&self) -> Option<Message> {
        let id = match self {
            Share::NoCheckpoint => "publish-no-checkpoint-hint",
            Share::FolderAhead { .. } => "publish-folder-ahead-hint",
            Share::NotKeeper { .. } => "publish-not-keeper-hint",
            Share::EntryNotLeaf { .. } | Share::TileNotParent { .. } => "publish-damaged-hint",
            Share::Fork { .. } => "sync-fork-hint",
            Share::NoCheckpointEnvelope => "inbox-no-checkpoint-envelope-hint",
            Share::CopyUnreadable { .. } => "inbox-copy-unreadable-hint",
            _ => return None,
        };
        Some(Message::new(id))
    }
}

#[cfg(test)]
mod tests {
    use cercle_render::i18n::Lang;

    use super::*;

    #[test]
    fn a_fork_names_both_heads_and_where_they_differ() {
        let (hash, root) = (EntryHash([0xab; 32]), [0xcd; 32]);
        let theirs = TreeCheckpoint { circle: hash, size: 5, root, head: None };
        let fork = Share::Fork {
            path: "pub".into(),
            first: 3,
            both_hold_it: true,
            mine: Some((7, hash)),
            theirs: Box::new(theirs),
        };
        let said = fork.message().format(Lang::En);
        assert!(said.starts_with("pub does not extend your ledger: two histories of the circle (they differ from entry #3 on); yours ends at #7 abab"), "{said}");
        assert!(said.contains(", the published one (signed by the support team) at #4 (root cdcd"), "{said}");
        let fork = Share::Fork {
            path: "pub".into(),
            first: 5,
            both_hold_it: false,
            mine: None,
            theirs: Box::new(theirs),
        };
        let said = fork.message().format(Lang::En);
        assert!(
            said.contains("(your ledger holds entries after #4 that it does not); yours ends at none,"),
            "{said}"
        );
    }
}
