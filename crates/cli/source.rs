//! What `verify`, `import`, `checkpoint` and `audit` read: a ledger directory, an export or a
//! published folder ([`Source`]), the checkpoints it must still hold ([`Required`]), and the
//! verification of its entries, one [`TreeSource`] for the ledger's `tree` file and a published
//! folder's hash tiles.

use std::fs;
use std::path::{Path, PathBuf};

use cercle_core::{Body, Checkpoint, EntryHash, Ledger, PublicKey, SignedEntry, Verifier, VerifyError};
use cercle_store::{read_export_file, read_export_lines, Store, StoreError};

use crate::error::{Audit, Error, Io, Result};
use crate::progress::Progress;

/// A ledger to read: a store (opened once, here), an export file (read when verified), or a
/// folder published in the tlog-tiles layout (`cercle publish`, read when verified).
pub(crate) enum Source {
    Store(Box<Store>),
    Export(PathBuf),
    Published(Box<cercle_store::published::Published>),
}

impl Source {
    pub(crate) fn open(path: &Path) -> Result<Source> {
        if !path.exists() {
            return Err(Audit::NothingAt { path: path.to_path_buf() }.into());
        }
        if path.is_dir() && cercle_store::published::is_published(path) {
            return Ok(Source::Published(Box::new(cercle_store::published::Published::open(path)?)));
        }
        if path.is_dir() {
            return match Store::open(path) {
                Err(StoreError::NotALedger(_)) => Err(not_a_ledger_directory(path).into()),
                opened => {
                    let mut store = opened?;
                    crate::context::print_notes(&mut store);
                    Ok(Source::Store(Box::new(store)))
                }
            };
        }
        check_export_start(path)?;
        Ok(Source::Export(path.to_path_buf()))
    }
}

/// Why a directory that is neither a ledger nor a published folder cannot be verified, and
/// what in it could be: exports (`*.jsonl`), or ledgers and published folders one level down.
pub(crate) fn not_a_ledger_directory(path: &Path) -> Audit {
    let mut exports = Vec::new();
    let mut ledgers = Vec::new();
    for item in fs::read_dir(path).into_iter().flatten().flatten() {
        let inner = item.path();
        if inner.is_file() && inner.extension().is_some_and(|e| e == "jsonl") {
            exports.push(inner);
        } else if inner.join("format").is_file() || cercle_store::published::is_published(&inner) {
            ledgers.push(inner);
        }
    }
    exports.sort();
    ledgers.sort();
    Audit::NotALedgerDirectory { path: path.to_path_buf(), exports, ledgers }
}

/// Refuse at once a file that cannot be an export: empty, or whose first line is not an
/// export line (another kind of file). The lines are all decoded again when verified.
pub(crate) fn check_export_start(path: &Path) -> Result<()> {
    use std::io::{BufRead, Read};
    let unread = |e: std::io::Error| {
        Error::from(Audit::SourceUnreadable { path: path.to_path_buf(), error: e.to_string() })
    };
    let file = fs::File::open(path).map_err(unread)?;
    let mut first = Vec::new();
    // An export line is at most LINE_BYTES_MAX bytes; a longer one is the verifier's to refuse.
    std::io::BufReader::new(file)
        .take(u64::try_from(cercle_core::LINE_BYTES_MAX).unwrap_or(u64::MAX) + 2)
        .read_until(b'\n', &mut first)
        .map_err(unread)?;
    if first.is_empty() {
        return Err(Audit::SourceEmpty { path: path.to_path_buf() }.into());
    }
    // A JSON object, even a damaged line, is left to the verifier, which names entry 0 and
    // why; a first line that is not text or not a JSON object means another kind of file.
    if first.len() > cercle_core::LINE_BYTES_MAX {
        return Ok(());
    }
    let path = path.to_path_buf();
    let refused = match std::str::from_utf8(&first) {
        Err(_) => Audit::ExportNotText { path },
        Ok(line) => match serde_json::from_str::<serde_json::Value>(line) {
            Ok(value) if value.is_object() => return Ok(()),
            Ok(_) => Audit::ExportNotObject { path },
            Err(error) => Audit::ExportNotJson { path, error: error.to_string() },
        },
    };
    Err(refused.into())
}

/// The support key and circle id of a ledger, read from its first entry (for a file) or its
/// stored state (for a store); both are confirmed by the verification that follows.
pub(crate) fn identity(source: &Source) -> Result<Option<(EntryHash, Option<PublicKey>)>> {
    Ok(circle_of(source)?.map(|circle| (circle.id, circle.support)))
}

/// Every key the support team was given by a `support-key` entry of `source` (kind 27, alone
/// or inside an envelope), in order, and for a ledger directory the keys they replaced: the
/// keys a note may be signed with besides the one the source names first. Read only when a note does not verify under the genesis key; which key was the support
/// team's at the note's head is checked once the ledger is verified ([`check_note_keys`]).
pub(crate) fn later_support_keys(source: &Source) -> Result<Vec<PublicKey>> {
    let named = |body: &Body| match body.act() {
        Body::SupportKey { key } => Some(*key),
        _ => None,
    };
    let mut keys: Vec<PublicKey> = Vec::new();
    match source {
        Source::Store(store) => {
            // A store's circle names its current support key: the earlier ones are candidates.
            let changes = store.ledger().key_changes();
            let support = changes.iter().filter(|c| c.holder == cercle_core::KeyHolder::Support);
            keys.extend(support.flat_map(|c| [c.old, c.new]));
        }
        Source::Export(path) => {
            for entry in read_export_file(path)? {
                keys.extend(named(&entry?.entry().body));
            }
        }
        Source::Published(published) => {
            for entry in published.entries() {
                keys.extend(named(&entry?.entry().body));
            }
        }
    }
    keys.dedup();
    Ok(keys)
}

/// Checks a note's signature under the genesis support key, then (when that fails) under each
/// later support key of the source, computed once; returns what the note says and its signer.
pub(crate) fn check_note<T, E>(
    source: &Source,
    later: &mut Option<Vec<PublicKey>>,
    genesis: &PublicKey,
    check: impl Fn(&PublicKey) -> std::result::Result<T, E>,
) -> std::result::Result<(T, PublicKey), E> {
    let first = match check(genesis) {
        Ok(found) => return Ok((found, *genesis)),
        Err(error) => error,
    };
    if later.is_none() {
        *later = Some(later_support_keys(source).unwrap_or_default());
    }
    for key in later.iter().flatten() {
        if let Ok(found) = check(key) {
            return Ok((found, *key));
        }
    }
    Err(first)
}

/// What a tree note requires, and the support key that signed it.
pub(crate) type SignedRequirement = (Required, PublicKey);

/// Once the ledger is verified: each note (head seq, signer) was signed by the support team's
/// key of its time (the key just after its head) or by its current key; a replaced key signs
/// nothing of what came after its replacement.
pub(crate) fn check_note_keys(ledger: &cercle_core::Ledger, notes: &[(u64, PublicKey)]) -> Result<()> {
    let current = ledger.circle().and_then(|circle| circle.support_key);
    for (seq, key) in notes {
        if ledger.support_key_at(*seq) != Some(*key) && current != Some(*key) {
            return Err(Audit::NoteKeyNotOfItsTime { seq: *seq }.into());
        }
    }
    Ok(())
}

/// Read checkpoint notes and keep those of `circle`, checking their signatures (under the
/// support key of the genesis, or a later one of `source`: see [`check_note_keys`]).
pub(crate) fn load_checkpoints(
    files: &[PathBuf],
    circle: Option<(EntryHash, Option<PublicKey>)>,
    strict: bool,
    source: &Source,
) -> Result<Vec<(Checkpoint, PublicKey)>> {
    let mut later = None;
    let mut checkpoints = Vec::new();
    for file in files {
        let text = read_note(file)?;
        let Some((id, support)) = circle else {
            return Err(Audit::NoGenesis.into());
        };
        let origin = format!("cercle/{id}\n");
        if !text.starts_with(&origin) {
            if strict {
                return Err(Audit::CheckpointOtherCircle { path: file.clone() }.into());
            }
            continue;
        }
        let support = support.ok_or_else(|| Audit::CheckpointNoSupport { path: file.clone() })?;
        let checkpoint = check_note(source, &mut later, &support, |key| Checkpoint::from_note(&text, key))
            .map_err(|e| Audit::CheckpointBad { path: file.clone(), error: e.to_string() })?;
        checkpoints.push(checkpoint);
    }
    Ok(checkpoints)
}

pub(crate) fn read_note(file: &Path) -> Result<String> {
    let bytes = fs::read(file).map_err(|e| Error::from(Io::unreadable(file, e)))?;
    if bytes.len() > cercle_core::CHECKPOINT_BYTES_MAX {
        return Err(Audit::NoteTooLarge { path: file.to_path_buf() }.into());
    }
    String::from_utf8(bytes).map_err(|_| Audit::NotANote { path: file.to_path_buf() }.into())
}

/// A verifier checking signatures in batches, or one by one with `--strict`.
pub(crate) fn verifier(strict: bool) -> Verifier {
    if strict {
        Verifier::new().strict()
    } else {
        Verifier::new()
    }
}

/// What a checkpoint note requires of a ledger: that it hold `size` entries at least, the last
/// of them `head` (a chain note, and a tree note that names its head), and that the Merkle root
/// of those entries be `root` (a tree note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Required {
    pub(crate) size: u64,
    pub(crate) head: Option<EntryHash>,
    pub(crate) root: Option<[u8; 32]>,
}

impl Required {
    pub(crate) fn of_chain(checkpoint: &Checkpoint) -> Required {
        Required { size: checkpoint.size, head: Some(checkpoint.hash), root: None }
    }

    pub(crate) fn of_tree(tree: &cercle_core::TreeCheckpoint) -> Required {
        Required { size: tree.size, head: tree.head, root: Some(tree.root) }
    }

    pub(crate) fn seq(&self) -> u64 {
        self.size.saturating_sub(1)
    }

    /// The failure of the `index`th requirement (from 1), as the verifier words it.
    pub(crate) fn unheld(&self, index: usize, reason: String) -> StoreError {
        let hash = self.head.unwrap_or(EntryHash(self.root.unwrap_or_default()));
        StoreError::Verify(VerifyError::Checkpoint { index, seq: self.seq(), hash, reason })
    }
}

/// Verify a store or an export with `verifier`; what the notes require must hold.
pub(crate) fn verify_source(
    source: &Source,
    required: &[Required],
    mut verifier: Verifier,
) -> std::result::Result<Ledger, StoreError> {
    for (index, required) in required.iter().enumerate() {
        if let Some(head) = required.head {
            verifier.expect_head(index + 1, required.seq(), head);
        }
        if let Some(root) = required.root {
            verifier.expect_tree(index + 1, required.size, root);
        }
    }
    match source {
        Source::Store(store) => store.verify_with(verifier, &[]),
        Source::Published(published) => {
            // The entries are checked against the published checkpoint's root as they are read.
            let mut verifier = verifier;
            for entry in published.entries() {
                verifier.push(entry?)?;
            }
            Ok(verifier.finish()?)
        }
        Source::Export(path) => {
            let mut verifier = verifier;
            let mut progress = Progress::new(t!("progress-verifying", path = path.display()));
            let unit = t!("progress-entries");
            // Lines are decoded on the verifier's worker threads, beside the signatures.
            for line in progress.counting(read_export_lines(path)?, &unit) {
                verifier.push_line(line?)?;
            }
            Ok(verifier.finish()?)
        }
    }
}

/// Split the notes given to `verify` into chain notes (read by [`load_checkpoints`]) and tree
/// checkpoints (C2SP tlog-checkpoint, `docs/FORMAT.md` §10), checked here: of this circle,
/// signed by its support key as `cercle-support`.
pub(crate) fn tree_notes(
    files: &[PathBuf],
    circle: Option<(EntryHash, Option<PublicKey>)>,
    source: &Source,
) -> Result<(Vec<PathBuf>, Vec<SignedRequirement>)> {
    let mut later = None;
    let (mut chains, mut trees) = (Vec::new(), Vec::new());
    for file in files {
        let text = read_note(file)?;
        if !text.starts_with(cercle_core::TREE_ORIGIN_PREFIX) {
            chains.push(file.clone());
            continue;
        }
        let Some((id, support)) = circle else {
            return Err(Audit::NoGenesis.into());
        };
        let refused = |why: String| Audit::CheckpointBad { path: file.clone(), error: why };
        let support = support.ok_or_else(|| refused(t!("audit-no-support-key")))?;
        trees.push(
            check_note(source, &mut later, &support, |key| tree_required(&text, id, key)).map_err(refused)?,
        );
    }
    Ok((chains, trees))
}

/// What a tree note of circle `id`, whose support key is `support`, requires; its signature
/// checked.
pub(crate) fn tree_required(
    text: &str,
    id: EntryHash,
    support: &PublicKey,
) -> std::result::Result<Required, String> {
    let note = cercle_core::parse_note(text).map_err(|e| e.to_string())?;
    let cercle_core::NoteBody::Tree(tree) = note.body() else {
        return Err(t!("audit-not-tree"));
    };
    if tree.circle != id {
        return Err(t!("audit-tree-other-circle"));
    }
    cercle_core::verify_note(&note, &[(cercle_core::SUPPORT_KEY_NAME, *support)])
        .map_err(|e| e.to_string())?;
    if tree.size == 0 {
        return Err(t!("audit-tree-empty"));
    }
    Ok(Required::of_tree(tree))
}

/// A circle as its genesis names it (read before it is verified, confirmed by verification).
#[derive(Clone, Debug)]
pub(crate) struct CircleIdentity {
    pub(crate) id: EntryHash,
    pub(crate) support: Option<PublicKey>,
    pub(crate) name: String,
    pub(crate) territory: String,
}

/// The circle of a ledger, read from its first entry (for a file) or its stored state (for a
/// store).
pub(crate) fn circle_of(source: &Source) -> Result<Option<CircleIdentity>> {
    let identity = |id, support, name: &dyn std::fmt::Display, territory: &dyn std::fmt::Display| {
        CircleIdentity { id, support, name: name.to_string(), territory: territory.to_string() }
    };
    match source {
        Source::Store(store) => {
            Ok(store.ledger().circle().map(|c| identity(c.id, c.support_key, &c.name, &c.territory)))
        }
        Source::Published(published) => {
            let first = published.entries().next().transpose()?;
            Ok(first.and_then(|entry| match &entry.entry().body {
                Body::Genesis(g) => Some(identity(entry.hash(), g.support_key, &g.name, &g.territory)),
                _ => None,
            }))
        }
        Source::Export(path) => {
            let first = read_export_file(path)?.next().transpose()?;
            Ok(first.and_then(|entry| match &entry.entry().body {
                Body::Genesis(g) => Some(identity(entry.hash(), g.support_key, &g.name, &g.territory)),
                _ => None,
            }))
        }
    }
}

/// Entries read in order, each or the reason it could not be read.
pub(crate) type EntryIter<'a> = Box<dyn Iterator<Item = std::result::Result<SignedEntry, StoreError>> + 'a>;

/// A ledger whose Merkle tree can be read node by node: a ledger directory (its `tree` file) or
/// a published folder (its hash tiles).
pub(crate) trait TreeSource {
    /// The size and root of its tree (for a published folder, as its checkpoint, whose
    /// signature was checked when its first entry was read, says).
    fn head(&self) -> (u64, [u8; 32]);
    /// The hash of the perfect subtree (`level`, `n`).
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError>;
    /// Its entries from `seq` on.
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError>;
    /// The consistency proof from its first `old_size` entries to its first `new_size`.
    fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        cercle_core::merkle::consistency_proof_from(old_size, new_size, |level, n| self.node(level, n))
    }
    /// The inclusion proof of entry `index` in its first `size` entries.
    fn inclusion_proof(&self, index: u64, size: u64) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        cercle_core::merkle::inclusion_proof_from(index, size, |level, n| self.node(level, n))
    }
}

impl TreeSource for Store {
    fn head(&self) -> (u64, [u8; 32]) {
        self.tree_head()
    }
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError> {
        self.tree_node(level, n)
    }
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError> {
        Store::entries_from(self, seq)
    }
    // A store checks its proofs against the roots it keeps: a `tree` file that disagrees with
    // itself is named as such.
    fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        Store::consistency_proof(self, old_size, new_size)
    }
    fn inclusion_proof(&self, index: u64, size: u64) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        Store::inclusion_proof(self, index, size)
    }
}

impl TreeSource for cercle_store::published::Published {
    fn head(&self) -> (u64, [u8; 32]) {
        (self.tree().size, self.tree().root)
    }
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError> {
        self.tree_node(level, n)
    }
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError> {
        Ok(Box::new(cercle_store::published::Published::entries_from(self, seq)))
    }
}

impl Source {
    /// The ledger's Merkle tree, unless it is an export (which carries none).
    pub(crate) fn tree(&self) -> Option<&dyn TreeSource> {
        match self {
            Source::Store(store) => Some(store.as_ref()),
            Source::Published(published) => Some(published.as_ref()),
            Source::Export(_) => None,
        }
    }
}
