//! A circle's ledger on disk: append-only files of ours, crash-safe by construction.
//!
//! Layout (format `cercle-ledger/v2`), in the ledger's directory `DIR`:
//! - `entries`: every entry, in order, each framed as `length ‖ signed bytes ‖ entry hash`
//!   (see [`crate::log`]). **The truth.** Only ever appended to; a torn record at its end (an
//!   append that was interrupted before it was acknowledged) is cut by the next writer.
//! - `history`: the derived records that entries settled (proposals, meetings, checkpoints), a
//!   postcard [`History`] per framed record, in the order they were settled.
//! - `state`: the live derived [`Ledger`] and the lengths of `entries` and `history` it covers,
//!   with the offset of the head's record; replaced whole (temp, fsync, rename, fsync of the
//!   directory). It is the **memory of the last acknowledged head**: an `entries` file shorter
//!   than it remembers, or whose record there is not the head it remembers, is damage that is
//!   named, never silently accepted.
//! - `format`: `cercle-ledger/v2`; `lock`: what writers lock (`flock`), empty.
//!
//! Readers open files read-only and take no lock: they work on a read-only file system and
//! never block or wait for a writer. A reader that runs while a writer appends sees the ledger
//! before or after the append (the state is replaced atomically; the entries before the
//! remembered length never change). Writers take the lock, waiting their turn.
//!
//! An append: (1) check every rule on the entry, (2) write its record at the end of `entries`
//! and fsync, (3) read it back and compare. That is the acknowledgement: the entry is durable.
//! Then (4) append its Merkle hashes to `tree` and what it settled to `history`, fsyncing each,
//! (5) replace `state`. A failure before
//! the acknowledgement cuts `entries` back (nothing is recorded); if even that fails, the
//! outcome is reported as unknown. A failure after it is a note, never a failure: the derived
//! files are caught up from the entries by the next open.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use cercle_core::merkle::{Frontier, ProofError};
use cercle_core::{entry_hash, History, Ledger, RuleError, SignedEntry, Verifier, VerifyError};

use crate::damage::{Damage, PublishedDamage};
use crate::log::{frame, Found, Scan};
use crate::memory::MemoryStorage;
use crate::notes::StoreNote;
use crate::storage::{sync_directory, FsStorage, Storage};

/// What the `format` file of a ledger holds.
pub const FORMAT_MARKER: &[u8] = b"cercle-ledger/v2\n";

/// How long a writer waits for another cercle process by default.
pub const WAIT_DEFAULT: Duration = Duration::from_secs(30);

const FORMAT: &str = "format";
const ENTRIES: &str = "entries";
const HISTORY: &str = "history";
const TREE: &str = "tree";
/// The latest tree checkpoint note (C2SP tlog-checkpoint) the support team signed for this
/// ledger, replaced whole by each `cercle checkpoint`.
const CHECKPOINT: &str = "checkpoint";
const STATE: &str = "state";
const LOCK: &str = "lock";

/// The shape of the derived state and history records (postcard of the [`Ledger`] and
/// [`History`] types): change it whenever those types change, so that a state written by
/// another version is rebuilt from the entries, not misread. It is the `state` file's first
/// line, and witness records name it too.
/// (/3: amounts as cents, not strings; /4: the state file also holds the Merkle frontier;
/// /5: envelopes and proxies; /6: agreements, references, receipts and corrections; /7:
/// settings changed by vote, four eyes; /8: references, receipts and payouts of the last 400 days.)
pub(crate) const STATE_VERSION: &[u8] = b"cercle-state/10";
/// The first bytes of the `state` file.
const STATE_MAGIC: &[u8] = b"cercle-state/10\n";

/// The largest history record (a closed meeting of many members can be large).
const HISTORY_RECORD_BYTES_MAX: u64 = 64 << 20;
/// Entries verified per batch during an import.
const IMPORT_BATCH_ENTRIES: usize = 4096;
/// Bytes gathered before one write during an import.
const IMPORT_WRITE_BYTES: usize = 4 << 20;

/// Why a store could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No directory there.
    #[error("there is no ledger at {0}")]
    Missing(PathBuf),
    /// A directory that is not a cercle ledger.
    #[error("{0} is not a cercle ledger")]
    NotALedger(PathBuf),
    /// `init` or `import` into a ledger that already has entries (or a non-empty directory).
    #[error("{0} already exists and is not empty: a new ledger needs a new directory")]
    AlreadyExists(PathBuf),
    /// A ledger of the old format is open in another process (sled's lock).
    #[error("the ledger at {0} is open in another cercle process")]
    Locked(PathBuf),
    /// Another writer kept the ledger longer than this one would wait.
    #[error("the ledger at {path} is still busy with another cercle process after {} s", waited.as_secs())]
    Busy {
        /// The ledger.
        path: PathBuf,
        /// How long this writer waited.
        waited: Duration,
    },
    /// What is on disk is not what was acknowledged, or cannot be read.
    #[error("the ledger at {path} is damaged: {reason}")]
    Damaged {
        /// The ledger.
        path: PathBuf,
        /// What is damaged, and what is intact.
        reason: Damage,
    },
    /// A folder published in the tlog-tiles layout does not hold what its checkpoint signs.
    #[error("the published ledger at {path} does not hold: {reason}")]
    Published {
        /// The folder.
        path: PathBuf,
        /// What does not hold.
        reason: PublishedDamage,
    },
    /// A write failed, and undoing it failed too: the entry may or may not be recorded.
    #[error(
        "the ledger at {path} could not be written ({source}), and whether entry {seq} was recorded is unknown"
    )]
    Unknown {
        /// The ledger.
        path: PathBuf,
        /// The entry whose fate is unknown.
        seq: u64,
        /// The first failure.
        source: std::io::Error,
    },
    /// An entry breaks a rule (nothing was written).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// Verification failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A Merkle proof could not be made or does not hold.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// The file system failed (nothing was recorded).
    #[error("the ledger at {path} could not be read or written: {source}")]
    Io {
        /// The ledger.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What [`Store::repair`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// How many entries the repaired ledger holds (all intact, verified).
    pub kept: u64,
    /// Bytes of `entries` after the intact ones, set aside.
    pub discarded_bytes: u64,
    /// Where the files as they were before the repair were copied, if anything was cut.
    pub set_aside: Option<PathBuf>,
    /// Why the entries stop where they do, if something was cut.
    pub reason: Option<Damage>,
}

/// The `state` file, decoded.
struct StateFile {
    lengths: Lengths,
    frontier: Frontier,
    ledger: Ledger,
}

/// How much of each file the state covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Lengths {
    /// `entries` up to the end of the last acknowledged record.
    entries: u64,
    /// Where that record starts.
    head_offset: u64,
    /// `history`.
    history: u64,
    /// `tree`: the stored Merkle hashes (32 bytes each, Go tlog's order).
    tree: u64,
}

/// A circle's ledger on disk, with its live derived state in memory.
pub struct Store {
    path: PathBuf,
    storage: Box<dyn Storage>,
    /// Held by a writer (the real file system's `flock`); `None` for readers, or for a writer
    /// on a storage that has no locks.
    lock: Option<File>,
    writer: bool,
    ledger: Ledger,
    /// History settled by entries that `history` does not hold yet.
    unsaved_history: History,
    /// The Merkle tree's right edge after the last entry.
    frontier: Frontier,
    /// Stored Merkle hashes that `tree` does not hold yet (they follow its `tree_len` bytes).
    unsaved_tree: Vec<[u8; 32]>,
    /// The length of `tree` that is known good.
    tree_len: u64,
    /// The length of `entries` up to its last intact record, and where that record starts.
    entries_len: u64,
    head_offset: u64,
    /// The length of `history` that is known good.
    history_len: u64,
    /// Whether `state` on disk describes `ledger`.
    state_saved: bool,
    rebuilt: bool,
    notes: Vec<StoreNote>,
    /// A write failed and could not be undone: no more appends through this handle.
    poisoned: bool,
}

impl Store {
    /// Open a ledger to read it: read-only, no lock, no write, no wait. A ledger in the format
    /// of an earlier version (sled) is read as it is.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        check_directory(path)?;
        if !has_format(path) && crate::legacy::is_v1(path) {
            return Store::open_v1_in_memory(path);
        }
        Store::load(path, Box::new(FsStorage::new(path)), None, false)
    }

    /// Open a ledger to append to it, waiting up to `wait` for another writer (calling
    /// `waiting` once if it has to wait). Cuts a torn record an interrupted append left at the
    /// end, brings the derived files up to date, and migrates a ledger of the earlier format.
    pub fn open_writer(path: &Path, wait: Duration, waiting: &mut dyn FnMut()) -> Result<Store, StoreError> {
        check_directory(path)?;
        let lock = lock_writer(path, wait, waiting)?;
        if !has_format(path) && crate::legacy::is_v1(path) {
            migrate_v1(path)?;
        }
        let mut store = Store::load(path, Box::new(FsStorage::new(path)), Some(lock), true)?;
        store.settle();
        Ok(store)
    }

    /// Open a ledger kept in any [`Storage`] (e.g. [`MemoryStorage`] in tests). A writer is
    /// not locked: the caller makes sure there is one writer at a time.
    pub fn open_storage(storage: Box<dyn Storage>, writer: bool) -> Result<Store, StoreError> {
        let path = storage.location();
        let mut store = Store::load(&path, storage, None, writer)?;
        if writer {
            store.settle();
        }
        Ok(store)
    }

    /// Create a ledger at `path` (a missing or empty directory) holding `genesis`, atomically:
    /// it is written and synced in a temporary directory beside `path`, then renamed into place.
    /// A failure or a crash leaves no ledger and nothing that blocks a retry.
    ///
    /// Returns once the ledger is durable at `path`; open it with [`Store::open_writer`] to
    /// append to it.
    pub fn init(path: &Path, genesis: &SignedEntry) -> Result<(), StoreError> {
        let items = std::iter::once(Ok(Item::Entry(Box::new(genesis.clone()))));
        create_atomically(path, items, Verifier::new()).map(drop)
    }

    /// Create a ledger in `storage` holding `genesis` (its `format` file, written last, is the
    /// commit point).
    pub fn init_storage(storage: Box<dyn Storage>, genesis: &SignedEntry) -> Result<Store, StoreError> {
        let items = std::iter::once(Ok(Item::Entry(Box::new(genesis.clone()))));
        write_new(&storage.location(), &*storage, items, Verifier::new())?;
        Store::open_storage(storage, true)
    }

    /// Create a ledger at `path` from entries, verifying every one before it is written;
    /// atomic like [`Store::init`]. Returns the live derived state of what was imported.
    pub fn import<I>(path: &Path, entries: I) -> Result<Ledger, StoreError>
    where
        I: IntoIterator<Item = Result<SignedEntry, StoreError>>,
    {
        let items = entries.into_iter().map(|e| e.map(|entry| Item::Entry(Box::new(entry))));
        create_atomically(path, items, Verifier::new())
    }

    /// [`Store::import`] with a verifier of the caller's (e.g. [`Verifier::strict`]).
    pub fn import_with<I>(path: &Path, entries: I, verifier: Verifier) -> Result<Ledger, StoreError>
    where
        I: IntoIterator<Item = Result<SignedEntry, StoreError>>,
    {
        let items = entries.into_iter().map(|e| e.map(|entry| Item::Entry(Box::new(entry))));
        create_atomically(path, items, verifier)
    }

    /// Create a ledger at `path` from the lines of an export; lines are decoded, hashed and
    /// their signatures checked on every core. Atomic like [`Store::init`]. Returns the live
    /// derived state of what was imported.
    pub fn import_lines<I>(path: &Path, lines: I, verifier: Verifier) -> Result<Ledger, StoreError>
    where
        I: IntoIterator<Item = Result<String, StoreError>>,
    {
        create_atomically(path, lines.into_iter().map(|l| l.map(Item::Line)), verifier)
    }

    /// Rebuild a damaged ledger from its intact entries: every entry from the first is read and
    /// checked (framing, signature, chain, every rule) until one is not intact; `entries` is cut
    /// there, after the files as they were are copied into `DIR/damaged-N/`; the derived files
    /// are rewritten. A ledger of the earlier format is migrated.
    pub fn repair(path: &Path, wait: Duration, waiting: &mut dyn FnMut()) -> Result<Repair, StoreError> {
        check_directory(path)?;
        let _lock = lock_writer(path, wait, waiting)?;
        if !has_format(path) && crate::legacy::is_v1(path) {
            migrate_v1(path)?;
        }
        if !has_format(path) {
            return Err(StoreError::NotALedger(path.to_path_buf()));
        }
        repair_files(path, &FsStorage::new(path))
    }

    /// Where the ledger lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The live derived state after the last entry (its history is kept apart: see
    /// [`Store::full_ledger`]).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Whether opening rebuilt the derived state from the entries.
    pub fn was_rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// What the store noticed and repaired by itself, or could not do but that costs nothing
    /// (a torn write cut, derived files not updated): each for a `note:` line (its `Display` is
    /// the English sentence).
    pub fn take_notes(&mut self) -> Vec<StoreNote> {
        std::mem::take(&mut self.notes)
    }

    /// The derived state with its whole history read back, for reports.
    pub fn full_ledger(&self) -> Result<Ledger, StoreError> {
        let mut ledger = self.ledger.clone();
        ledger.restore_history(self.read_history()?);
        Ok(ledger)
    }

    /// Check `entry` against every rule, write it durably and read it back: when this returns
    /// `Ok`, the entry is on disk (fsynced). On `Err`, nothing was recorded, except
    /// [`StoreError::Unknown`], which says so.
    pub fn append(&mut self, entry: &SignedEntry) -> Result<(), StoreError> {
        self.append_all(std::slice::from_ref(entry))
    }

    /// Check `entries`, in order, against every rule (each from the state the ones before it
    /// leave), then write them durably in one write and one `fsync` and read them back: all of
    /// them are recorded, or none (as [`Store::append`] for one entry). `cercle sync` takes a
    /// publication's new entries this way, at the cost of one append, not one per entry.
    pub fn append_all(&mut self, entries: &[SignedEntry]) -> Result<(), StoreError> {
        assert!(self.writer, "append through a store opened to read");
        let Some(first) = entries.first() else { return Ok(()) };
        if self.poisoned {
            return Err(self.damaged(Damage::Poisoned));
        }
        let mut next = self.ledger.clone();
        let mut frontier = self.frontier.clone();
        let (mut stored, mut framed, mut last) = (Vec::new(), Vec::new(), 0);
        for entry in entries {
            next.append(entry)?;
            stored.extend(frontier.push_stored(entry.hash().0)?);
            last = framed.len() as u64;
            framed.extend_from_slice(&frame(entry.bytes()));
        }
        let settled = next.take_history();
        let offset = self.entries_len;
        let written = self
            .storage
            .write_at(ENTRIES, offset, &framed)
            .and_then(|()| self.storage.sync(ENTRIES))
            .and_then(|()| self.read_back(offset, &framed));
        if let Err(cause) = written {
            return Err(self.undo_append(offset, first.entry().seq, cause));
        }
        // Acknowledged: the entries are durable. Nothing below may turn this into a failure.
        self.entries_len = offset + framed.len() as u64;
        self.head_offset = offset + last;
        self.ledger = next;
        self.unsaved_history.extend(settled);
        self.frontier = frontier;
        self.unsaved_tree.extend(stored);
        self.state_saved = false;
        self.save_derived(true);
        Ok(())
    }

    /// The Merkle tree (RFC 6962) over the entries, as of the last one: its size (the number of
    /// entries) and its root.
    pub fn tree_head(&self) -> (u64, [u8; 32]) {
        (self.frontier.size(), self.frontier.root())
    }

    /// The root of the tree of the first `size` entries.
    pub fn tree_root_at(&self, size: u64) -> Result<[u8; 32], StoreError> {
        self.check_tree_size(size)?;
        if size == self.frontier.size() {
            return Ok(self.frontier.root());
        }
        cercle_core::merkle::root_from(size, |level, n| self.tree_node(level, n))
    }

    /// The inclusion proof of entry `index` in the tree of the first `size` entries (RFC 9162
    /// §2.1.3), checked against that tree's root before it is returned.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<[u8; 32]>, StoreError> {
        self.check_tree_size(size)?;
        let proof =
            cercle_core::merkle::inclusion_proof_from(index, size, |level, n| self.tree_node(level, n))?;
        let leaf = self.tree_node(0, index)?;
        // Pair assertion: the proof, read from `tree`, leads to the root kept in `state`.
        cercle_core::merkle::verify_inclusion(leaf, index, size, &proof, self.tree_root_at(size)?)
            .map_err(|error| self.damaged(Damage::TreeDisagrees { error }))?;
        Ok(proof)
    }

    /// The consistency proof from the tree of the first `old_size` entries to the tree of the
    /// first `new_size` (RFC 9162 §2.1.4), checked before it is returned.
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<[u8; 32]>, StoreError> {
        self.check_tree_size(new_size)?;
        let proof = cercle_core::merkle::consistency_proof_from(old_size, new_size, |level, n| {
            self.tree_node(level, n)
        })?;
        let (old_root, new_root) = (self.tree_root_at(old_size)?, self.tree_root_at(new_size)?);
        cercle_core::merkle::verify_consistency(old_size, new_size, &proof, old_root, new_root)
            .map_err(|error| self.damaged(Damage::TreeDisagrees { error }))?;
        Ok(proof)
    }

    fn check_tree_size(&self, size: u64) -> Result<(), StoreError> {
        if size > self.frontier.size() {
            return Err(ProofError::SizeOutOfRange { size, available: self.frontier.size() }.into());
        }
        Ok(())
    }

    /// The stored hash of the perfect subtree (`level`, `n`), leaves `n·2^level ..
    /// (n+1)·2^level` (Go tlog's stored hash; level 0 is the entry hashes): from `tree`, or from
    /// what it does not hold yet. The subtree must be complete in the ledger.
    pub fn tree_node(&self, level: u8, n: u64) -> Result<[u8; 32], StoreError> {
        let index = cercle_core::merkle::stored_hash_index(level, n);
        let saved = self.tree_len / 32;
        if index >= saved {
            let unsaved = usize::try_from(index - saved).ok().and_then(|i| self.unsaved_tree.get(i));
            return unsaved.copied().ok_or_else(|| self.damaged(Damage::TreeHashMissing { level, n }));
        }
        let bytes = self.storage.read_at(TREE, index * 32, 32).map_err(|e| self.io(e))?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| self.damaged(Damage::TreeCutShortAt { level, n }))
    }

    fn tree_node_at(&self, unsaved: u64) -> Result<[u8; 32], StoreError> {
        usize::try_from(unsaved)
            .ok()
            .and_then(|i| self.unsaved_tree.get(i))
            .copied()
            .ok_or_else(|| self.damaged(Damage::TreeTooShort))
    }

    /// Entry `seq`, found in O(log n) reads: a binary search over `entries` that finds a record
    /// from any byte by the entry label every entry starts with, and trusts a record only if
    /// its hash holds. What it returns is checked against the Merkle tree's leaf `seq` (a pair
    /// assertion: an entry whose text imitated a record could not mislead it); if that fails,
    /// or for a ledger whose tree is not saved, it reads the entries in order.
    pub fn entry_at(&self, seq: u64) -> Result<Option<SignedEntry>, StoreError> {
        if seq >= self.ledger.len() {
            return Ok(None);
        }
        if let Some((_, entry)) = self.search_entry(seq)? {
            if self.tree_node(0, seq).ok() == Some(entry.hash().0) {
                return Ok(Some(entry));
            }
        }
        self.entries().nth(usize::try_from(seq).unwrap_or(usize::MAX)).transpose()
    }

    /// Entry `target` and where its record starts, by a binary search (see
    /// [`Store::entry_at`]); not yet checked against the tree.
    fn search_entry(&self, target: u64) -> Result<Option<(u64, SignedEntry)>, StoreError> {
        const LINEAR_BYTES: u64 = 32 * 1024;
        let (mut low, mut high) = (0u64, self.entries_len);
        while high - low > LINEAR_BYTES {
            let middle = low + (high - low) / 2;
            let Some((offset, entry)) = self.record_from(middle, high)? else {
                high = middle;
                continue;
            };
            match entry.entry().seq.cmp(&target) {
                std::cmp::Ordering::Equal => return Ok(Some((offset, entry))),
                std::cmp::Ordering::Less => low = offset,
                std::cmp::Ordering::Greater => high = middle,
            }
        }
        let scan = Scan::new(&*self.storage, ENTRIES, low, self.entries_len, entry_payload_max());
        for found in scan {
            let Found::Record { payload, offset, .. } = found.map_err(|e| self.io(e))? else {
                return Ok(None);
            };
            let Ok(entry) = SignedEntry::from_bytes(payload) else { return Ok(None) };
            if entry.entry().seq >= target {
                return Ok((entry.entry().seq == target).then_some((offset, entry)));
            }
        }
        Ok(None)
    }

    /// The first intact record starting at or after `from` (and before `until`), with where it
    /// starts.
    fn record_from(&self, from: u64, until: u64) -> Result<Option<(u64, SignedEntry)>, StoreError> {
        let window = 2 * (entry_payload_max() + crate::log::FRAME_OVERHEAD);
        let length = usize::try_from(window.min(self.entries_len - from)).unwrap_or(0);
        let bytes = self.storage.read_at(ENTRIES, from, length).map_err(|e| self.io(e))?;
        let label = cercle_core::ENTRY_LABEL;
        let mut at = 4;
        while let Some(found) =
            bytes.get(at..).and_then(|rest| rest.windows(label.len()).position(|w| w == label))
        {
            let start = at + found - 4;
            at += found + 1;
            if from + start as u64 >= until {
                return Ok(None);
            }
            let size =
                u32::from_be_bytes([bytes[start], bytes[start + 1], bytes[start + 2], bytes[start + 3]])
                    as usize;
            let Some(payload) = bytes.get(start + 4..start + 4 + size) else { continue };
            let Some(trailer) = bytes.get(start + 4 + size..start + 36 + size) else { continue };
            if entry_hash(payload).0[..] != *trailer {
                continue;
            }
            if let Ok(entry) = SignedEntry::from_bytes(payload.to_vec()) {
                return Ok(Some((from + start as u64, entry)));
            }
        }
        Ok(None)
    }

    /// The latest signed tree checkpoint note kept with the ledger, if any.
    pub fn latest_note(&self) -> Result<Option<String>, StoreError> {
        let Some(bytes) = self.storage.read_all(CHECKPOINT).map_err(|e| self.io(e))? else { return Ok(None) };
        String::from_utf8(bytes).map(Some).map_err(|_| self.damaged(Damage::NoteNotText))
    }

    /// Keep `note` (a signed tree checkpoint of this ledger) as its latest, replacing the one
    /// before (temp, fsync, rename, fsync of the directory). Writers only.
    pub fn save_note(&self, note: &str) -> Result<(), StoreError> {
        assert!(self.writer, "save_note through a store opened to read");
        self.storage.replace(CHECKPOINT, note.as_bytes()).map_err(|e| self.io(e))
    }

    /// Every entry, in order, decoded (not verified: see [`Store::verify`]).
    pub fn entries(&self) -> Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + '_> {
        self.entries_at(0, 0)
    }

    /// The entries from `seq` on, in order: found in O(log n) reads as [`Store::entry_at`]
    /// finds one, then read in order. Each is checked against the Merkle tree's leaf.
    pub fn entries_from(
        &self,
        seq: u64,
    ) -> Result<Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + '_>, StoreError> {
        if seq >= self.ledger.len() {
            return Ok(Box::new(std::iter::empty()));
        }
        let offset = match self.search_entry(seq)? {
            Some((offset, entry)) if self.tree_node(0, seq).ok() == Some(entry.hash().0) => offset,
            _ => return Ok(Box::new(self.entries().skip(usize::try_from(seq).unwrap_or(usize::MAX)))),
        };
        let entries = self.entries_at(offset, seq).enumerate().map(move |(i, entry)| {
            let entry = entry?;
            let position = seq + i as u64;
            if self.tree_node(0, position)? != entry.hash().0 {
                return Err(self.damaged(Damage::EntryNotLeaf { seq: position }));
            }
            Ok(entry)
        });
        Ok(Box::new(entries))
    }

    /// The entries of the records from byte `offset` of `entries`, the first being entry `seq`.
    fn entries_at(
        &self,
        offset: u64,
        seq: u64,
    ) -> Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + '_> {
        let scan = Scan::new(&*self.storage, ENTRIES, offset, self.entries_len, entry_payload_max())
            .leaving_hashes_to_the_caller();
        let mut position = seq;
        let not_intact = move |seq: u64, offset: u64| self.damaged(Damage::EntryNotIntact { seq, offset });
        Box::new(scan.map(move |found| {
            let seq = position;
            position += 1;
            match found {
                Ok(Found::Record { payload, offset, hash }) => {
                    // Decoding hashes the entry once; its frame must end with that very hash.
                    let entry = SignedEntry::from_bytes(payload)
                        .map_err(|error| StoreError::Verify(VerifyError::Format { position: seq, error }))?;
                    if entry.hash().0 != hash {
                        return Err(not_intact(seq, offset));
                    }
                    Ok(entry)
                }
                Ok(Found::Torn { offset, .. } | Found::Damaged { offset }) => Err(not_intact(seq, offset)),
                Err(error) => Err(self.io(error)),
            }
        }))
    }

    /// Replay every entry through every rule (signatures in batches) and compare the result
    /// with the stored state and history. `checkpoints` are (seq, hash) heads that must still
    /// be there. Returns the whole derived state, history included.
    pub fn verify(&self, checkpoints: &[(u64, cercle_core::EntryHash)]) -> Result<Ledger, StoreError> {
        self.verify_with(Verifier::new(), checkpoints)
    }

    /// [`Store::verify`] with a verifier of the caller's (e.g. [`Verifier::strict`]).
    pub fn verify_with(
        &self,
        mut verifier: Verifier,
        checkpoints: &[(u64, cercle_core::EntryHash)],
    ) -> Result<Ledger, StoreError> {
        for (index, (seq, hash)) in checkpoints.iter().enumerate() {
            verifier.expect_head(index + 1, *seq, *hash);
        }
        let mut tree = TreeCheck::new(self);
        for entry in self.entries() {
            let entry = entry?;
            tree.push(entry.hash().0)?;
            verifier.push(entry)?;
        }
        let mut replayed = verifier.finish()?;
        tree.finish()?;
        let history = replayed.take_history();
        if replayed != self.ledger {
            return Err(self.damaged(Damage::StateDiffers));
        }
        if history != self.read_history()? {
            return Err(self.damaged(Damage::HistoryDiffers));
        }
        replayed.restore_history(history);
        Ok(replayed)
    }

    // ---- opening

    fn load(
        path: &Path,
        storage: Box<dyn Storage>,
        lock: Option<File>,
        writer: bool,
    ) -> Result<Store, StoreError> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        match storage.read_all(FORMAT).map_err(io)? {
            Some(format) if format == FORMAT_MARKER => {}
            Some(format) if format.starts_with(b"cercle-ledger/") => {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    reason: Damage::UnknownFormat {
                        format: String::from_utf8_lossy(&format).trim().to_string(),
                    },
                })
            }
            _ => return Err(StoreError::NotALedger(path.to_path_buf())),
        }
        let mut store = Store {
            path: path.to_path_buf(),
            storage,
            lock,
            writer,
            ledger: Ledger::new(),
            unsaved_history: History::default(),
            frontier: Frontier::new(),
            unsaved_tree: Vec::new(),
            tree_len: 0,
            entries_len: 0,
            head_offset: 0,
            history_len: 0,
            state_saved: false,
            rebuilt: false,
            notes: Vec::new(),
            poisoned: false,
        };
        // The state first, then the length of the entries: a writer fsyncs an entry before it
        // replaces the state, so the entries read next are at least what the state remembers,
        // even if a writer appends in between (read the other way round, a reader racing a
        // writer would see a state ahead of the entries, and call the ledger damaged).
        let state = store.storage.read_all(STATE).map_err(io)?;
        let entries_total =
            store.storage.len(ENTRIES).map_err(io)?.ok_or_else(|| store.damaged(Damage::EntriesMissing))?;
        match state.as_deref().map(decode_state) {
            Some(Ok(state)) => store.adopt(state, entries_total)?,
            Some(Err(note)) => store.rebuild(entries_total, note)?,
            None => store.rebuild(entries_total, StoreNote::StateMissing)?,
        }
        store.catch_up(entries_total)?;
        if store.ledger.is_empty() {
            return Err(store.damaged(Damage::NoEntry));
        }
        Ok(store)
    }

    /// Take a state file, after checking that the entries still hold the head it remembers.
    fn adopt(&mut self, state: StateFile, entries_total: u64) -> Result<(), StoreError> {
        let Some(head) = state.ledger.head() else {
            return self.rebuild(entries_total, StoreNote::StateNoHead);
        };
        if entries_total < state.lengths.entries {
            return Err(self.damaged(Damage::EntriesCutShort {
                bytes: entries_total,
                head: head.seq,
                end: state.lengths.entries,
            }));
        }
        let record_len = state.lengths.entries.saturating_sub(state.lengths.head_offset);
        let mut scan =
            Scan::new(&*self.storage, ENTRIES, state.lengths.head_offset, state.lengths.entries, record_len);
        let found = scan.next().transpose().map_err(|e| self.io(e))?;
        let intact = matches!(
            found,
            Some(Found::Record { ref payload, offset, .. }) if offset == state.lengths.head_offset
                && payload.len() as u64 + crate::log::FRAME_OVERHEAD == record_len
                && entry_hash(payload) == head.hash
        );
        if !intact {
            return Err(self.damaged(Damage::HeadMoved { head: head.seq, hash: head.hash }));
        }
        if state.frontier.size() != state.ledger.len() {
            return self.rebuild(entries_total, StoreNote::FrontierDiffers);
        }
        self.entries_len = state.lengths.entries;
        self.head_offset = state.lengths.head_offset;
        self.history_len = state.lengths.history;
        self.tree_len = state.lengths.tree;
        self.frontier = state.frontier;
        self.ledger = state.ledger;
        self.state_saved = true;
        let history_total = self.storage.len(HISTORY).map_err(|e| self.io(e))?.unwrap_or(0);
        let tree_total = self.storage.len(TREE).map_err(|e| self.io(e))?.unwrap_or(0);
        if history_total < self.history_len || tree_total < self.tree_len {
            // Derived: rebuild them rather than refuse.
            return self.rebuild(entries_total, StoreNote::DerivedCutShort);
        }
        Ok(())
    }

    /// Derive the state and history from every entry (verified in batches).
    fn rebuild(&mut self, entries_total: u64, note: StoreNote) -> Result<(), StoreError> {
        let mut verifier = Verifier::new();
        let mut end = 0;
        let mut head_offset = 0;
        let mut frontier = Frontier::new();
        let mut tree = Vec::new();
        for found in Scan::new(&*self.storage, ENTRIES, 0, entries_total, entry_payload_max()) {
            match found.map_err(|e| self.io(e))? {
                Found::Record { offset, payload, .. } => {
                    let position = verifier.ledger().len();
                    let framed_len = payload.len() as u64 + crate::log::FRAME_OVERHEAD;
                    let entry = SignedEntry::from_bytes(payload)
                        .map_err(|error| StoreError::Verify(VerifyError::Format { position, error }))?;
                    tree.extend(frontier.push_stored(entry.hash().0)?);
                    verifier.push(entry)?;
                    head_offset = offset;
                    end = offset + framed_len;
                }
                Found::Torn { .. } => break, // handled by catch_up, as for any open
                Found::Damaged { offset } => return Err(self.damaged(Damage::RecordNotIntact { offset })),
            }
        }
        let mut ledger = verifier.finish()?;
        self.unsaved_history = ledger.take_history();
        self.ledger = ledger;
        self.entries_len = end;
        self.head_offset = head_offset;
        self.history_len = 0;
        self.frontier = frontier;
        self.unsaved_tree = tree;
        self.tree_len = 0;
        self.state_saved = false;
        self.rebuilt = true;
        self.notes.push(note);
        Ok(())
    }

    /// Apply the intact entries past the state (an append acknowledged, or written, before its
    /// derived files were), and find a torn record at the end.
    fn catch_up(&mut self, entries_total: u64) -> Result<(), StoreError> {
        if self.entries_len >= entries_total {
            return Ok(());
        }
        let scan = Scan::new(&*self.storage, ENTRIES, self.entries_len, entries_total, entry_payload_max());
        let mut found_all = Vec::new();
        for found in scan {
            found_all.push(found.map_err(|e| self.io(e))?);
        }
        for found in found_all {
            match found {
                Found::Record { offset, payload, .. } => {
                    let framed_len = payload.len() as u64 + crate::log::FRAME_OVERHEAD;
                    let seq = self.ledger.len();
                    let entry = SignedEntry::from_bytes(payload)
                        .map_err(|error| self.damaged(Damage::UnreadableAfterState { seq, error }))?;
                    self.ledger.append(&entry).map_err(|error| {
                        self.damaged(Damage::RefusedAfterState { seq, error: Box::new(error) })
                    })?;
                    self.unsaved_history.extend(self.ledger.take_history());
                    let stored = self.frontier.push_stored(entry.hash().0)?;
                    self.unsaved_tree.extend(stored);
                    self.head_offset = offset;
                    self.entries_len = offset + framed_len;
                    self.state_saved = false;
                }
                Found::Torn { offset, bytes } => self.torn_tail(offset, bytes)?,
                Found::Damaged { offset } => {
                    return Err(self.damaged(Damage::RecordAfterStateNotIntact {
                        offset,
                        last: self.ledger.len().saturating_sub(1),
                    }))
                }
            }
        }
        Ok(())
    }

    /// An interrupted append left `bytes` at `offset`: never acknowledged, so a writer cuts it.
    fn torn_tail(&mut self, offset: u64, bytes: u64) -> Result<(), StoreError> {
        let seq = self.ledger.len();
        if !self.writer {
            if !writer_is_busy(&self.path) {
                self.notes.push(StoreNote::TornAppend { bytes, seq });
            }
            return Ok(());
        }
        self.storage
            .truncate(ENTRIES, offset)
            .and_then(|()| self.storage.sync(ENTRIES))
            .map_err(|e| self.io(e))?;
        self.notes.push(StoreNote::TornAppendCut { bytes, seq });
        Ok(())
    }

    /// A writer brings `history` and `state` up to date after opening. Failures are notes: the
    /// entries are the truth, and the next open tries again.
    fn settle(&mut self) {
        for (name, known) in [(HISTORY, self.history_len), (TREE, self.tree_len)] {
            if let Ok(Some(total)) = self.storage.len(name) {
                if total > known && self.storage.truncate(name, known).is_err() {
                    self.notes.push(StoreNote::EndNotCut { file: name.to_string() });
                }
            }
        }
        if !self.state_saved {
            self.save_derived(false);
        }
    }

    // ---- writing

    fn read_back(&self, offset: u64, framed: &[u8]) -> std::io::Result<()> {
        let read = self.storage.read_at(ENTRIES, offset, framed.len())?;
        if read != framed {
            return Err(std::io::Error::other("the entry did not read back as it was written"));
        }
        Ok(())
    }

    /// An append failed before its acknowledgement: cut `entries` back to `offset` and make
    /// that durable, so that nothing is recorded; if that fails too, the outcome is unknown.
    fn undo_append(&mut self, offset: u64, seq: u64, cause: std::io::Error) -> StoreError {
        let undone = self.storage.truncate(ENTRIES, offset).and_then(|()| self.storage.sync(ENTRIES));
        match undone {
            Ok(()) => StoreError::Io { path: self.path.clone(), source: cause },
            Err(_) => {
                self.poisoned = true;
                StoreError::Unknown { path: self.path.clone(), seq, source: cause }
            }
        }
    }

    /// Write the unsaved history, then the state. Failures are notes (see [`Store::settle`]);
    /// `after_append` says whether they follow this handle's own acknowledged append.
    fn save_derived(&mut self, after_append: bool) {
        if !self.unsaved_tree.is_empty() {
            let bytes: Vec<u8> = self.unsaved_tree.concat();
            let saved =
                self.storage.write_at(TREE, self.tree_len, &bytes).and_then(|()| self.storage.sync(TREE));
            if let Err(error) = saved {
                self.notes.push(StoreNote::TreeNotSaved { after_append, error: error.to_string() });
                return;
            }
            self.tree_len += bytes.len() as u64;
            self.unsaved_tree.clear();
        }
        if !self.unsaved_history.is_empty() {
            let record = frame(&encode(&self.unsaved_history));
            let saved = self
                .storage
                .write_at(HISTORY, self.history_len, &record)
                .and_then(|()| self.storage.sync(HISTORY));
            if let Err(error) = saved {
                self.notes.push(StoreNote::HistoryNotSaved { after_append, error: error.to_string() });
                return;
            }
            self.history_len += record.len() as u64;
            self.unsaved_history = History::default();
        }
        let lengths = Lengths {
            entries: self.entries_len,
            head_offset: self.head_offset,
            history: self.history_len,
            tree: self.tree_len,
        };
        let state = encode_state(lengths, &self.frontier, &self.ledger);
        match self.storage.replace(STATE, &state) {
            Ok(()) => self.state_saved = true,
            Err(error) => {
                self.notes.push(StoreNote::StateNotSaved { after_append, error: error.to_string() })
            }
        }
    }

    // ---- reading

    /// The history: what `history` holds, then what it does not hold yet.
    fn read_history(&self) -> Result<History, StoreError> {
        let mut history = History::default();
        for found in Scan::new(&*self.storage, HISTORY, 0, self.history_len, HISTORY_RECORD_BYTES_MAX) {
            match found.map_err(|e| self.io(e))? {
                Found::Record { payload, .. } => {
                    let record: History = postcard::from_bytes(&payload).map_err(|error| {
                        self.damaged(Damage::HistoryUnreadable { error: error.to_string() })
                    })?;
                    history.extend(record);
                }
                Found::Torn { offset, .. } | Found::Damaged { offset } => {
                    return Err(self.damaged(Damage::HistoryNotIntact { offset }))
                }
            }
        }
        history.extend(self.unsaved_history.clone());
        history.checkpoints.sort_by_key(|h| h.seq);
        history.checkpoints.dedup();
        Ok(history)
    }

    fn open_v1_in_memory(path: &Path) -> Result<Store, StoreError> {
        let entries = crate::legacy::read_entries(path)?;
        let memory = MemoryStorage::new(0);
        let items = entries.into_iter().map(|entry| Ok(Item::Entry(Box::new(entry))));
        write_new(path, &memory, items, Verifier::new())?;
        let mut store = Store::load(path, Box::new(memory), None, false)?;
        store.path = path.to_path_buf();
        store.notes.push(StoreNote::EarlierFormat);
        Ok(store)
    }

    fn damaged(&self, reason: Damage) -> StoreError {
        StoreError::Damaged { path: self.path.clone(), reason }
    }

    fn io(&self, source: std::io::Error) -> StoreError {
        StoreError::Io { path: self.path.clone(), source }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(lock) = self.lock.take() {
            let _ = lock.unlock();
        }
    }
}

/// Recomputes the Merkle tree while a ledger is verified, and compares every stored hash with
/// `tree` (read a block at a time) and the frontier with the state's.
struct TreeCheck<'a> {
    store: &'a Store,
    frontier: Frontier,
    /// Hashes of `tree` read ahead, and the index of the first.
    block: Vec<u8>,
    block_first: u64,
    next: u64,
    /// The first stored hash that differs: reported after the entries' own checks, which name
    /// a changed entry more precisely.
    mismatch: Option<Damage>,
}

impl<'a> TreeCheck<'a> {
    const BLOCK_HASHES: u64 = 32 * 1024;

    fn new(store: &'a Store) -> TreeCheck<'a> {
        TreeCheck {
            store,
            frontier: Frontier::new(),
            block: Vec::new(),
            block_first: 0,
            next: 0,
            mismatch: None,
        }
    }

    fn push(&mut self, leaf: [u8; 32]) -> Result<(), StoreError> {
        for hash in self.frontier.push_stored(leaf)? {
            if self.mismatch.is_none() && self.stored(self.next)? != hash {
                self.mismatch =
                    Some(Damage::TreeDiffers { index: self.next, leaf: self.frontier.size() - 1 });
            }
            self.next += 1;
        }
        Ok(())
    }

    fn stored(&mut self, index: u64) -> Result<[u8; 32], StoreError> {
        let saved = self.store.tree_len / 32;
        if index >= saved {
            return self.store.tree_node_at(index - saved);
        }
        let in_block =
            index.checked_sub(self.block_first).filter(|i| (i + 1) * 32 <= self.block.len() as u64);
        let offset = match in_block {
            Some(i) => i * 32,
            None => {
                let count = Self::BLOCK_HASHES.min(saved - index);
                self.block = self
                    .store
                    .storage
                    .read_at(TREE, index * 32, (count * 32) as usize)
                    .map_err(|e| self.store.io(e))?;
                self.block_first = index;
                0
            }
        };
        let offset = offset as usize;
        <[u8; 32]>::try_from(self.block.get(offset..offset + 32).unwrap_or_default())
            .map_err(|_| self.store.damaged(Damage::TreeCutShort))
    }

    fn finish(self) -> Result<(), StoreError> {
        if let Some(reason) = self.mismatch {
            return Err(self.store.damaged(reason));
        }
        if self.frontier != self.store.frontier {
            return Err(self.store.damaged(Damage::FrontierDiffers));
        }
        Ok(())
    }
}

/// What an import reads: decoded entries, or export lines still to decode.
enum Item {
    Entry(Box<SignedEntry>),
    Line(String),
}

fn entry_payload_max() -> u64 {
    cercle_core::ENTRY_BYTES_MAX as u64
}

/// Write a whole new ledger into `storage` from verified items: entries, history, state, and
/// last the `format` file, its commit point.
fn write_new(
    path: &Path,
    storage: &dyn Storage,
    items: impl Iterator<Item = Result<Item, StoreError>>,
    verifier: Verifier,
) -> Result<Ledger, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    for name in [FORMAT, ENTRIES, HISTORY, TREE, STATE] {
        storage.remove(name).map_err(io)?;
    }
    for name in [ENTRIES, HISTORY, TREE] {
        storage.write_at(name, 0, &[]).map_err(io)?;
    }
    let mut writer = NewLogs::default();
    let mut verifier = verifier.keeping_verified();
    for (count, item) in items.enumerate() {
        match item? {
            Item::Entry(entry) => verifier.push(*entry)?,
            Item::Line(line) => verifier.push_line(line)?,
        }
        if (count + 1) % IMPORT_BATCH_ENTRIES == 0 {
            writer.entries(storage, &verifier.take_verified()).map_err(io)?;
            writer.history(storage, &verifier.take_history()).map_err(io)?;
        }
    }
    let (mut ledger, verified) = verifier.finish_with_verified()?;
    writer.entries(storage, &verified).map_err(io)?;
    writer.history(storage, &ledger.take_history()).map_err(io)?;
    writer.flush(storage).map_err(io)?;
    if ledger.is_empty() {
        return Err(StoreError::Verify(VerifyError::Empty));
    }
    for name in [ENTRIES, HISTORY, TREE] {
        storage.sync(name).map_err(io)?;
    }
    let lengths = Lengths {
        entries: writer.entries_len,
        head_offset: writer.head_offset,
        history: writer.history_len,
        tree: writer.tree_len,
    };
    let state = encode_state(lengths, &writer.frontier, &ledger);
    storage.replace(STATE, &state).map_err(io)?;
    storage.replace(FORMAT, FORMAT_MARKER).map_err(io)?;
    Ok(ledger)
}

/// The files of a new ledger, written in large pieces.
#[derive(Default)]
struct NewLogs {
    buffer: Vec<u8>,
    written: u64,
    entries_len: u64,
    head_offset: u64,
    history_len: u64,
    frontier: Frontier,
    tree: Vec<u8>,
    tree_len: u64,
}

impl NewLogs {
    fn entries(&mut self, storage: &dyn Storage, entries: &[SignedEntry]) -> std::io::Result<()> {
        for entry in entries {
            let stored = self.frontier.push_stored(entry.hash().0).map_err(std::io::Error::other)?;
            for hash in stored {
                self.tree.extend_from_slice(&hash);
            }
            let framed = frame(entry.bytes());
            self.head_offset = self.entries_len;
            self.entries_len += framed.len() as u64;
            self.buffer.extend_from_slice(&framed);
            if self.buffer.len() >= IMPORT_WRITE_BYTES {
                self.flush(storage)?;
            }
        }
        Ok(())
    }

    fn flush(&mut self, storage: &dyn Storage) -> std::io::Result<()> {
        storage.write_at(ENTRIES, self.written, &self.buffer)?;
        self.written += self.buffer.len() as u64;
        self.buffer.clear();
        storage.write_at(TREE, self.tree_len, &self.tree)?;
        self.tree_len += self.tree.len() as u64;
        self.tree.clear();
        Ok(())
    }

    fn history(&mut self, storage: &dyn Storage, history: &History) -> std::io::Result<()> {
        if history.is_empty() {
            return Ok(());
        }
        let record = frame(&encode(history));
        storage.write_at(HISTORY, self.history_len, &record)?;
        self.history_len += record.len() as u64;
        Ok(())
    }
}

/// Build a ledger in a temporary directory beside `path`, then rename it into place.
fn create_atomically(
    path: &Path,
    items: impl Iterator<Item = Result<Item, StoreError>>,
    verifier: Verifier,
) -> Result<Ledger, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    if occupied(path) {
        return Err(StoreError::AlreadyExists(path.to_path_buf()));
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "ledger".into());
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let prefix = format!(".{name}.cercle-new-");
    remove_abandoned(&parent, &prefix);
    let temporary = parent.join(format!("{prefix}{}-{nanos}", std::process::id()));
    std::fs::create_dir(&temporary).map_err(io)?;
    let built = write_new(path, &FsStorage::new(&temporary), items, verifier).and_then(|ledger| {
        std::fs::write(temporary.join(LOCK), b"").map_err(io)?;
        sync_directory(&temporary).map_err(io)?;
        std::fs::rename(&temporary, path).map_err(|error| match error.kind() {
            std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists => {
                StoreError::AlreadyExists(path.to_path_buf())
            }
            _ => io(error),
        })?;
        if let Err(error) = sync_directory(&parent) {
            // The new name may not survive a power cut: take it back, so that the answer
            // (a failure) is true and a retry is not refused.
            let undone = std::fs::rename(path, &temporary).and_then(|()| sync_directory(&parent));
            return Err(match undone {
                Ok(()) => io(error),
                Err(_) => StoreError::Unknown {
                    path: path.to_path_buf(),
                    seq: ledger.len().saturating_sub(1),
                    source: error,
                },
            });
        }
        Ok(ledger)
    });
    if built.is_err() {
        // Ours, and holding nothing of value.
        let _ = std::fs::remove_dir_all(&temporary);
    }
    built
}

/// Remove the temporary directories of `init`s and `import`s that were killed (their process is
/// gone), so that a crash leaves nothing behind for long. Only where `/proc` tells which
/// processes run; best effort.
fn remove_abandoned(parent: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(names) = std::fs::read_dir(parent) else { return };
    for name in names.flatten().map(|e| e.file_name()) {
        let name = name.to_string_lossy();
        let Some(pid) = name.strip_prefix(prefix).and_then(|rest| rest.split('-').next()) else { continue };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(parent.join(name.as_ref()));
        }
    }
}

/// Whether `path` is something a new ledger may not replace (a file, or a non-empty directory).
fn occupied(path: &Path) -> bool {
    path.exists()
        && (!path.is_dir() || std::fs::read_dir(path).map(|mut d| d.next().is_some()).unwrap_or(true))
}

fn check_directory(path: &Path) -> Result<(), StoreError> {
    if !path.exists() {
        return Err(StoreError::Missing(path.to_path_buf()));
    }
    if !path.is_dir() {
        return Err(StoreError::NotALedger(path.to_path_buf()));
    }
    Ok(())
}

fn has_format(path: &Path) -> bool {
    path.join(FORMAT).is_file()
}

/// Take the writers' lock of the ledger at `dir`, waiting up to `wait` for it (a thread blocks
/// on `flock`, so the lock is taken as soon as it is released, in the kernel's order).
fn lock_writer(dir: &Path, wait: Duration, waiting: &mut dyn FnMut()) -> Result<File, StoreError> {
    let io = |source| StoreError::Io { path: dir.to_path_buf(), source };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK))
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {}
        Err(std::fs::TryLockError::Error(error)) => return Err(io(error)),
    }
    waiting();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // If the receiver gave up, the send fails and the file (and its lock) is dropped.
        let _ = sender.send(file.lock().map(|()| file));
    });
    match receiver.recv_timeout(wait) {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(error)) => Err(io(error)),
        Err(_) => Err(StoreError::Busy { path: dir.to_path_buf(), waited: wait }),
    }
}

/// Whether a writer holds the ledger at `dir` now (probed without writing or waiting).
fn writer_is_busy(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join(LOCK)) else { return false };
    let busy = matches!(file.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock));
    let _ = file.unlock();
    busy
}

/// Convert a ledger of the earlier format (sled) in place: write the new files in a temporary
/// directory inside it, move them in, write `format` (the commit point), then move sled's files
/// into `DIR/v1-sled/`. An interrupted migration leaves a v1 ledger, migrated again next time.
fn migrate_v1(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let entries = crate::legacy::read_entries(path)?;
    let temporary = path.join(".v2-migration");
    if temporary.exists() {
        std::fs::remove_dir_all(&temporary).map_err(io)?;
    }
    std::fs::create_dir(&temporary).map_err(io)?;
    let items = entries.into_iter().map(|entry| Ok(Item::Entry(Box::new(entry))));
    write_new(path, &FsStorage::new(&temporary), items, Verifier::new())?;
    for name in [ENTRIES, HISTORY, TREE, STATE] {
        std::fs::rename(temporary.join(name), path.join(name)).map_err(io)?;
    }
    sync_directory(path).map_err(io)?;
    FsStorage::new(path).replace(FORMAT, FORMAT_MARKER).map_err(io)?;
    let _ = std::fs::remove_dir_all(&temporary);
    let aside = path.join("v1-sled");
    let _ = std::fs::create_dir(&aside);
    if let Ok(names) = std::fs::read_dir(path) {
        for name in names.flatten().map(|e| e.file_name()) {
            let text = name.to_string_lossy();
            let sled_file = matches!(text.as_ref(), "conf" | "db" | "blobs" | "archive" | "sled-discarded")
                || text.starts_with("snap.");
            if sled_file {
                let _ = std::fs::rename(path.join(&name), aside.join(&name));
            }
        }
    }
    let _ = sync_directory(path);
    Ok(())
}

/// See [`Store::repair`].
fn repair_files(path: &Path, storage: &dyn Storage) -> Result<Repair, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let total = storage.len(ENTRIES).map_err(io)?.unwrap_or(0);
    let mut ledger = Ledger::new();
    let mut end = 0;
    let mut head_offset = 0;
    let mut reason = None;
    let mut frontier = Frontier::new();
    let mut tree = Vec::new();
    for found in Scan::new(storage, ENTRIES, 0, total, entry_payload_max()) {
        let seq = ledger.len();
        match found.map_err(io)? {
            Found::Record { offset, payload, .. } => {
                let framed_len = payload.len() as u64 + crate::log::FRAME_OVERHEAD;
                let appended = SignedEntry::from_bytes(payload)
                    .map_err(|error| Damage::EntryUnreadable { seq, error })
                    .and_then(|entry| {
                        ledger
                            .append(&entry)
                            .map(|()| entry)
                            .map_err(|error| Damage::EntryRefused { seq, error: Box::new(error) })
                    });
                match appended {
                    Ok(entry) => tree.extend(frontier.push_stored(entry.hash().0)?.concat()),
                    Err(why) => {
                        reason = Some(why);
                        break;
                    }
                }
                head_offset = offset;
                end = offset + framed_len;
            }
            Found::Torn { offset, .. } | Found::Damaged { offset } => {
                reason = Some(Damage::EntryCut { seq, offset });
                break;
            }
        }
    }
    if ledger.is_empty() {
        return Err(StoreError::Damaged { path: path.to_path_buf(), reason: Damage::NothingIntact });
    }
    let mut set_aside = None;
    if end < total {
        let aside =
            (1..).map(|n| path.join(format!("damaged-{n}"))).find(|p| !p.exists()).unwrap_or_default();
        std::fs::create_dir(&aside).map_err(io)?;
        for name in [ENTRIES, HISTORY, TREE, STATE] {
            if path.join(name).exists() {
                std::fs::copy(path.join(name), aside.join(name)).map_err(io)?;
                File::open(aside.join(name)).and_then(|f| f.sync_all()).map_err(io)?;
            }
        }
        sync_directory(&aside).map_err(io)?;
        storage.truncate(ENTRIES, end).and_then(|()| storage.sync(ENTRIES)).map_err(io)?;
        set_aside = Some(aside);
    }
    let history = ledger.take_history();
    storage.remove(HISTORY).map_err(io)?;
    storage.write_at(HISTORY, 0, &[]).map_err(io)?;
    let mut history_len = 0;
    if !history.is_empty() {
        let record = frame(&encode(&history));
        storage.write_at(HISTORY, 0, &record).map_err(io)?;
        history_len = record.len() as u64;
    }
    storage.sync(HISTORY).map_err(io)?;
    storage.remove(TREE).map_err(io)?;
    storage.write_at(TREE, 0, &tree).and_then(|()| storage.sync(TREE)).map_err(io)?;
    let lengths = Lengths { entries: end, head_offset, history: history_len, tree: tree.len() as u64 };
    storage.replace(STATE, &encode_state(lengths, &frontier, &ledger)).map_err(io)?;
    Ok(Repair { kept: ledger.len(), discarded_bytes: total - end, set_aside, reason })
}

/// `STATE_MAGIC ‖ entries_len ‖ head_offset ‖ history_len ‖ tree_len (u64, big-endian) ‖
/// postcard((frontier, ledger)) ‖ SHA-256(0x00 ‖ all that)`.
fn encode_state(lengths: Lengths, frontier: &Frontier, ledger: &Ledger) -> Vec<u8> {
    let mut bytes = STATE_MAGIC.to_vec();
    for number in [lengths.entries, lengths.head_offset, lengths.history, lengths.tree] {
        bytes.extend_from_slice(&number.to_be_bytes());
    }
    bytes.extend_from_slice(&encode(&(frontier, ledger)));
    let checksum = entry_hash(&bytes);
    bytes.extend_from_slice(&checksum.0);
    bytes
}

/// The state file in `bytes`, or why it is rebuilt instead.
fn decode_state(bytes: &[u8]) -> Result<StateFile, StoreNote> {
    let header = STATE_MAGIC.len() + 32;
    if bytes.len() < header + 32 {
        return Err(StoreNote::StateCutShort);
    }
    if !bytes.starts_with(STATE_MAGIC) {
        return Err(StoreNote::StateOfAnotherVersion);
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 32);
    if entry_hash(body).0[..] != *checksum {
        return Err(StoreNote::StateChecksumDiffers);
    }
    let number = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&body[at..at + 8]);
        u64::from_be_bytes(word)
    };
    let start = STATE_MAGIC.len();
    let lengths = Lengths {
        entries: number(start),
        head_offset: number(start + 8),
        history: number(start + 16),
        tree: number(start + 24),
    };
    let (frontier, ledger) = postcard::from_bytes(&body[header..])
        .map_err(|error| StoreNote::StateUnreadable { error: error.to_string() })?;
    Ok(StateFile { lengths, frontier, ledger })
}

/// Derived state and history records are plain data (strings, numbers, maps): postcard
/// cannot fail on them.
fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_file_starts_with_the_state_version() {
        assert_eq!(STATE_MAGIC, [STATE_VERSION, b"\n"].concat().as_slice());
    }

    /// The stored state is the postcard of [`Ledger`] and [`History`]: a field added, removed or
    /// retyped changes its bytes, and a state written before would be misread (or refused as
    /// damage) unless `STATE_VERSION` changes too, so that it is rebuilt from the entries.
    /// This pins the encoding of one deterministic demo circle to the version: when this test
    /// fails, bump `STATE_VERSION` (and FORMAT.md §9), then update the hash below.
    #[test]
    fn the_state_encoding_changes_only_with_the_state_version() {
        use sha2::{Digest, Sha256};
        let config = cercle_demo::DemoConfig { seed: 11, circles: 1, entries: Some(400) };
        let mut verifier = cercle_core::Verifier::new();
        cercle_demo::generate_circle(&config, 0, |entry| verifier.push(entry)).expect("valid entries");
        let mut ledger = verifier.finish().expect("a verified ledger");
        let history = ledger.take_history();
        let bytes =
            [postcard::to_stdvec(&ledger).expect("state"), postcard::to_stdvec(&history).expect("history")]
                .concat();
        let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            (String::from_utf8_lossy(STATE_VERSION).into_owned(), hash),
            (
                "cercle-state/10".to_string(),
                "bbe06340b4c60e19a4b758423d125afc136b75d74c14514ac4b65906b943ef61".to_string()
            ),
            "the derived state's encoding changed: bump STATE_VERSION, then pin the new hash"
        );
    }
}
