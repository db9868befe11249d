//! A circle's ledger in sled databases.
//!
//! Layout (format `cercle-ledger/v1`), in the ledger's directory `DIR`:
//! - `DIR` is the **state** database: in the default tree, `format` = `cercle-ledger/v1` and
//!   `state` = the live part of the derived [`Ledger`] (postcard); tree `tail` = the most recent
//!   entries (seq as 8 big-endian bytes → the entry's exact signed bytes), at least the head and
//!   at most [`TAIL_ENTRIES_MAX`]; trees `tail-proposals`, `tail-meetings`, `tail-checkpoints` =
//!   the [`History`] those entries settled.
//! - `DIR/archive` is the **archive** database: trees `entries`, `proposals` and `meetings`
//!   (id as 4 big-endian bytes), `checkpoints` (seq): everything older.
//!
//! Why two databases: sled's open reads a page table that grows with the data, so a command that
//! opened one database holding a million entries would start in tens of milliseconds. Every
//! command opens only the small state database; commands that read the whole ledger (verify,
//! export, log, report) also open the archive. An append is one transaction in the state
//! database; once the tail is full, it moves to the archive (idempotent, so an interrupted move
//! is completed by the next one), keeping the head in the tail.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use cercle_core::{History, Ledger, RuleError, SignedEntry, VerifyError};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

/// The marker a cercle ledger holds under the key `format`.
pub const FORMAT_MARKER: &[u8] = b"cercle-ledger/v1";

/// The most entries the state database holds before they move to the archive.
pub const TAIL_ENTRIES_MAX: u64 = 1024;

/// Entries per archive record: the archive is only ever read in order, and a million keys would
/// make sled's writes, its page table and its memory grow with the ledger.
const CHUNK_ENTRIES: usize = 32;

const ARCHIVE_DIR: &str = "archive";
const FORMAT_KEY: &str = "format";
const STATE_KEY: &str = "state";
const STATE_VERSION_KEY: &str = "state-version";
/// Present while an import runs: an import cut short (killed) must not open as a ledger.
const IMPORTING_KEY: &str = "importing";
/// The shape of the derived state and history records: change it whenever their Rust types
/// change, so that an older store rebuilds them from its entries instead of misreading them
/// (or what they hold, so that it rebuilds them with it: /2 keeps who was present at a closed
/// meeting).
pub(crate) const STATE_VERSION: &[u8] = b"cercle-state/2";
/// Small: a command reads a few pages; sled's default (1 GB) is for servers.
const CACHE_CAPACITY_BYTES: u64 = 2 * 1024 * 1024;
/// How many times an open waits 5 ms for a lock before saying another process holds it.
const LOCK_ATTEMPTS: u32 = 40;
/// Entries written per batch during an import.
const IMPORT_BATCH_ENTRIES: usize = 4096;

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
    /// Another process holds the ledger.
    #[error("the ledger at {0} is open in another cercle process")]
    Locked(PathBuf),
    /// The store's derived state disagrees with its entries.
    #[error("the ledger at {path} is damaged: {reason}")]
    Damaged {
        /// The ledger.
        path: PathBuf,
        /// What disagrees.
        reason: String,
    },
    /// An entry breaks a rule (nothing was written).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// Verification failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// sled or the file system failed.
    #[error("the ledger at {path} could not be read or written: {source}")]
    Io {
        /// The ledger.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Entries and history records, in one database (the state's tail, or the archive).
struct Trees {
    entries: sled::Tree,
    proposals: sled::Tree,
    meetings: sled::Tree,
    checkpoints: sled::Tree,
}

impl Trees {
    const ARCHIVE: [&'static str; 4] = ["entries", "proposals", "meetings", "checkpoints"];
    const TAIL: [&'static str; 4] = ["tail", "tail-proposals", "tail-meetings", "tail-checkpoints"];

    fn open(path: &Path, db: &sled::Db, names: [&str; 4]) -> Result<Trees, StoreError> {
        let tree = |name: &str| db.open_tree(name).map_err(|e| io_error(path, e));
        Ok(Trees {
            entries: tree(names[0])?,
            proposals: tree(names[1])?,
            meetings: tree(names[2])?,
            checkpoints: tree(names[3])?,
        })
    }
}

struct Archive {
    db: sled::Db,
    trees: Trees,
}

/// A circle's ledger on disk, with its live derived state in memory.
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    tail: Trees,
    archive: OnceCell<Archive>,
    archive_written: std::cell::Cell<bool>,
    rebuilt: bool,
    ledger: Ledger,
}

impl Store {
    /// Open an existing ledger. Creates nothing: a missing directory, or one that is not a
    /// cercle ledger, is an error. Reads only the state database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let looks_like_one =
            path.join("conf").is_file() && path.join("db").is_file() && path.join(ARCHIVE_DIR).is_dir();
        if !path.is_dir() || !looks_like_one {
            return Err(StoreError::NotALedger(path.to_path_buf()));
        }
        let db = open_sled(path)?;
        let format = db.get(FORMAT_KEY).map_err(|e| io_error(path, e))?;
        if format.as_deref() != Some(FORMAT_MARKER) {
            return Err(StoreError::NotALedger(path.to_path_buf()));
        }
        if db.contains_key(IMPORTING_KEY).map_err(|e| io_error(path, e))? {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                reason: "an import into it did not finish; remove the directory and import again".into(),
            });
        }
        let tail = Trees::open(path, &db, Trees::TAIL)?;
        let version = db.get(STATE_VERSION_KEY).map_err(|e| io_error(path, e))?;
        let state = read_state(path, &db).ok().filter(|_| version.as_deref() == Some(STATE_VERSION));
        let mut store = Store::assemble(path, db, tail, state.clone().unwrap_or_default());
        if state.is_none() {
            store.rebuild_derived()?;
        }
        store.check_head()?;
        Ok(store)
    }

    /// Whether opening rebuilt the derived state from the entries (it was written by another
    /// version of cercle, or could not be read).
    pub fn was_rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// Replay every entry (verifying it) and write the derived state and history anew. The
    /// entries, which are the truth, are not touched.
    fn rebuild_derived(&mut self) -> Result<(), StoreError> {
        let mut verifier = cercle_core::Verifier::new();
        for entry in self.entries() {
            verifier.push(entry?)?;
        }
        let mut ledger = verifier.finish()?;
        let history = ledger.take_history();
        let io = |e| io_error(&self.path, e);
        let archive = self.archive()?;
        for tree in [
            &self.tail.proposals,
            &self.tail.meetings,
            &self.tail.checkpoints,
            &archive.trees.proposals,
            &archive.trees.meetings,
            &archive.trees.checkpoints,
        ] {
            tree.clear().map_err(io)?;
        }
        self.archive_records(&[], &history)?;
        archive.db.flush().map_err(io)?;
        self.archive_written.set(true);
        self.db.insert(STATE_KEY, encode(&ledger)).map_err(io)?;
        self.db.insert(STATE_VERSION_KEY, STATE_VERSION).map_err(io)?;
        self.db.flush().map_err(io)?;
        self.ledger = ledger;
        self.rebuilt = true;
        Ok(())
    }

    /// Create a new, empty ledger at `path` (a missing or empty directory).
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let occupied = path.exists()
            && (!path.is_dir() || std::fs::read_dir(path).map(|mut d| d.next().is_some()).unwrap_or(true));
        if occupied {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let db = open_sled(path)?;
        let tail = Trees::open(path, &db, Trees::TAIL)?;
        let store = Store::assemble(path, db, tail, Ledger::new());
        store.archive()?;
        store.archive_written.set(true);
        store.db.insert(FORMAT_KEY, FORMAT_MARKER).map_err(|e| io_error(path, e))?;
        store.db.insert(STATE_VERSION_KEY, STATE_VERSION).map_err(|e| io_error(path, e))?;
        store.db.flush().map_err(|e| io_error(path, e))?;
        Ok(store)
    }

    fn assemble(path: &Path, db: sled::Db, tail: Trees, ledger: Ledger) -> Store {
        Store {
            path: path.to_path_buf(),
            db,
            tail,
            archive: OnceCell::new(),
            archive_written: std::cell::Cell::new(false),
            rebuilt: false,
            ledger,
        }
    }

    /// The archive database, opened on first use.
    fn archive(&self) -> Result<&Archive, StoreError> {
        if let Some(archive) = self.archive.get() {
            return Ok(archive);
        }
        let path = self.path.join(ARCHIVE_DIR);
        let db = open_sled(&path)?;
        let trees = Trees::open(&path, &db, Trees::ARCHIVE)?;
        Ok(self.archive.get_or_init(|| Archive { db, trees }))
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

    /// The derived state with its whole history read back, for reports.
    pub fn full_ledger(&self) -> Result<Ledger, StoreError> {
        let mut ledger = self.ledger.clone();
        ledger.restore_history(self.read_history()?);
        Ok(ledger)
    }

    /// Check `entry` against every rule, then write it, the new live state and what it settled
    /// in one transaction of the state database, flush, and read the entry back. On any error
    /// nothing is written; after an I/O error, drop the store (its in-memory state may be ahead
    /// of the disk).
    pub fn append(&mut self, entry: &SignedEntry) -> Result<(), StoreError> {
        let mut next = self.ledger.clone();
        next.append(entry)?;
        let history = next.take_history();
        self.write(entry, &next, &history)?;
        self.ledger = next;
        if self.tail_length()? >= TAIL_ENTRIES_MAX {
            self.move_tail_to_archive()?;
        }
        Ok(())
    }

    /// Close the store so that the next open changes no byte: sled rewrites its snapshot file on
    /// the first open after a write, so a writer reopens once before it exits. After this, a
    /// refused or read-only command leaves the directory byte-for-byte as it is.
    pub fn close(self) -> Result<(), StoreError> {
        let Store { path, db, tail, archive, archive_written, rebuilt: _, ledger: _ } = self;
        db.flush().map_err(|e| io_error(&path, e))?;
        drop(tail);
        drop(db);
        let archive_path = path.join(ARCHIVE_DIR);
        if let Some(archive) = archive.into_inner() {
            archive.db.flush().map_err(|e| io_error(&archive_path, e))?;
        }
        settle(&path)?;
        if archive_written.get() {
            settle(&archive_path)?;
        }
        Ok(())
    }

    /// Every entry, in order, decoded (not verified: see [`Store::verify`]).
    pub fn entries(&self) -> Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + '_> {
        let io = move |e| io_error(&self.path, e);
        let tail_first = match self.tail_first() {
            Ok(first) => first,
            Err(error) => return Box::new(std::iter::once(Err(error))),
        };
        let archive: Box<dyn Iterator<Item = Result<sled::IVec, StoreError>>> = match self.archive.get() {
            Some(archive) => {
                Box::new(archive.trees.entries.iter().values().map(move |chunk| chunk.map_err(io)))
            }
            None => Box::new(ArchiveChunks::new(self.path.join(ARCHIVE_DIR), ARCHIVE_CHUNKS_PER_OPEN)),
        };
        // Older entries come from the archive's chunks, newer from the tail; an interrupted move
        // may have left an entry in both, so the reader keeps each position once.
        let archived = archive
            .flat_map(move |item| match item {
                Ok(chunk) => match decode_chunk(&chunk) {
                    Ok(entries) => entries.into_iter().map(Ok).collect(),
                    Err(reason) => vec![Err(self.damaged(reason))],
                },
                Err(error) => vec![Err(error)],
            })
            .filter(move |item| !matches!(item, Ok((seq, _)) if *seq >= tail_first));
        let tail = self.tail.entries.iter().map(move |item| {
            let (key, value) = item.map_err(io)?;
            let seq = seq_of(&key).ok_or_else(|| self.damaged("a malformed key in its tail".into()))?;
            Ok((seq, value.to_vec()))
        });
        let entries = archived.chain(tail).scan(0u64, move |expected, item| {
            let next =
                match item {
                    Err(error) => Some(Err(error)),
                    Ok((seq, _)) if seq < *expected => None,
                    Ok((seq, _)) if seq > *expected => Some(Err(
                        self.damaged(format!("entry {expected} is missing (the next stored is {seq})"))
                    )),
                    Ok((seq, bytes)) => {
                        *expected += 1;
                        Some(SignedEntry::from_bytes(bytes).map_err(|error| {
                            StoreError::Verify(VerifyError::Format { position: seq, error })
                        }))
                    }
                };
            Some(next)
        });
        Box::new(entries.flatten())
    }

    /// Replay every entry through every rule (signatures in batches) and compare the result
    /// with the stored state and history. `checkpoints` are (seq, hash) heads that must still
    /// be there. Returns the whole derived state, history included.
    pub fn verify(&self, checkpoints: &[(u64, cercle_core::EntryHash)]) -> Result<Ledger, StoreError> {
        self.verify_with(cercle_core::Verifier::new(), checkpoints)
    }

    /// [`Store::verify`] with a verifier of the caller's (e.g. [`cercle_core::Verifier::strict`]).
    pub fn verify_with(
        &self,
        mut verifier: cercle_core::Verifier,
        checkpoints: &[(u64, cercle_core::EntryHash)],
    ) -> Result<Ledger, StoreError> {
        for (index, (seq, hash)) in checkpoints.iter().enumerate() {
            verifier.expect_head(index + 1, *seq, *hash);
        }
        for entry in self.entries() {
            verifier.push(entry?)?;
        }
        let mut replayed = verifier.finish()?;
        let history = replayed.take_history();
        if replayed != self.ledger {
            return Err(self.damaged("its stored state differs from what its entries give".into()));
        }
        if history != self.read_history()? {
            return Err(self.damaged("its stored history differs from what its entries give".into()));
        }
        replayed.restore_history(history);
        Ok(replayed)
    }

    /// Create a ledger at `path` from entries, verifying every one before it is written: on
    /// any error the new directory is removed.
    pub fn import<I>(path: &Path, entries: I) -> Result<Store, StoreError>
    where
        I: IntoIterator<Item = Result<SignedEntry, StoreError>>,
    {
        let items = entries.into_iter().map(|e| e.map(|entry| Item::Entry(Box::new(entry))));
        Store::import_items(path, items, cercle_core::Verifier::new())
    }

    /// Create a ledger at `path` from the lines of an export; lines are decoded, hashed and
    /// their signatures checked on every core. On any error the new directory is removed.
    pub fn import_lines<I>(
        path: &Path,
        lines: I,
        verifier: cercle_core::Verifier,
    ) -> Result<Store, StoreError>
    where
        I: IntoIterator<Item = Result<String, StoreError>>,
    {
        Store::import_items(path, lines.into_iter().map(|l| l.map(Item::Line)), verifier)
    }

    fn import_items(
        path: &Path,
        items: impl Iterator<Item = Result<Item, StoreError>>,
        verifier: cercle_core::Verifier,
    ) -> Result<Store, StoreError> {
        let existed = path.exists();
        let result = Store::import_into(path, items, verifier);
        if result.is_err() && !existed {
            // Best effort: the directory is ours and holds nothing of value.
            let _ = std::fs::remove_dir_all(path);
        }
        result
    }

    fn import_into(
        path: &Path,
        items: impl Iterator<Item = Result<Item, StoreError>>,
        verifier: cercle_core::Verifier,
    ) -> Result<Store, StoreError> {
        let mut store = Store::create(path)?;
        store.db.insert(IMPORTING_KEY, &[1u8]).map_err(|e| io_error(path, e))?;
        store.db.flush().map_err(|e| io_error(path, e))?;
        let mut verifier = verifier.keeping_verified();
        let mut head = None;
        for (count, item) in items.enumerate() {
            match item? {
                Item::Entry(entry) => verifier.push(*entry)?,
                Item::Line(line) => verifier.push_line(line)?,
            }
            if (count + 1) % IMPORT_BATCH_ENTRIES == 0 {
                let verified = verifier.take_verified();
                head = verified.last().cloned().or(head);
                store.archive_records(&verified, &verifier.take_history())?;
            }
        }
        let (mut ledger, verified) = verifier.finish_with_verified()?;
        head = verified.last().cloned().or(head);
        store.archive_records(&verified, &ledger.take_history())?;
        let archive = store.archive()?;
        archive.db.flush().map_err(|e| io_error(path, e))?;
        // The state comes last, with the head in the tail, and the importing mark goes with it.
        let head = head.ok_or(StoreError::Verify(VerifyError::Empty))?;
        store
            .tail
            .entries
            .insert(head.entry().seq.to_be_bytes(), head.bytes())
            .map_err(|e| io_error(path, e))?;
        store.db.insert(STATE_KEY, encode(&ledger)).map_err(|e| io_error(path, e))?;
        store.db.remove(IMPORTING_KEY).map_err(|e| io_error(path, e))?;
        store.db.flush().map_err(|e| io_error(path, e))?;
        store.ledger = ledger;
        store.check_head()?;
        Ok(store)
    }

    fn write(&self, entry: &SignedEntry, next: &Ledger, history: &History) -> Result<(), StoreError> {
        let state = encode(next);
        let records = HistoryRecords::of(history);
        let seq = entry.entry().seq.to_be_bytes();
        let t = &self.tail;
        let trees = (&t.entries, &*self.db, &t.proposals, &t.meetings, &t.checkpoints);
        let result = trees.transaction(|(entries, meta, proposals, meetings, checkpoints)| {
            entries.insert(&seq, entry.bytes())?;
            meta.insert(STATE_KEY, state.as_slice())?;
            for (tree, rows) in [
                (proposals, &records.proposals),
                (meetings, &records.meetings),
                (checkpoints, &records.checkpoints),
            ] {
                for (key, value) in rows {
                    tree.insert(key.as_slice(), value.as_slice())?;
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        result.map_err(|error| match error {
            TransactionError::Storage(e) => io_error(&self.path, e),
            TransactionError::Abort(()) => self.damaged("a write was aborted".into()),
        })?;
        self.db.flush().map_err(|e| io_error(&self.path, e))?;
        // Pair assertion: what is on disk now is what we meant to write.
        let stored = self.tail.entries.get(seq).map_err(|e| io_error(&self.path, e))?;
        if stored.as_deref() != Some(entry.bytes()) {
            return Err(self.damaged(format!("entry {} did not read back as written", entry.entry().seq)));
        }
        Ok(())
    }

    /// Move the tail but its head, and the history it settled, to the archive. Copies first,
    /// flushes, then removes: an interruption leaves copies that the next move overwrites.
    fn move_tail_to_archive(&self) -> Result<(), StoreError> {
        let io = |e| io_error(&self.path, e);
        let head = self.ledger.head().map(|h| h.seq).unwrap_or(0);
        let entries: Vec<(sled::IVec, sled::IVec)> =
            self.tail.entries.range(..head.to_be_bytes()).collect::<Result<_, _>>().map_err(io)?;
        let archive = self.archive()?;
        self.archive_written.set(true);
        let mut rows = Vec::new();
        for (from, to) in [
            (&self.tail.proposals, &archive.trees.proposals),
            (&self.tail.meetings, &archive.trees.meetings),
            (&self.tail.checkpoints, &archive.trees.checkpoints),
        ] {
            let moved: Vec<(sled::IVec, sled::IVec)> = from.iter().collect::<Result<_, _>>().map_err(io)?;
            rows.push((from, to, moved));
        }
        let chunks: Vec<(u64, &[u8])> =
            entries.iter().filter_map(|(key, value)| Some((seq_of(key)?, value.as_ref()))).collect();
        write_chunks(&archive.trees.entries, &chunks).map_err(io)?;
        for (_, to, moved) in &rows {
            copy(to, moved).map_err(io)?;
        }
        archive.db.flush().map_err(io)?;
        remove(&self.tail.entries, &entries).map_err(io)?;
        for (from, _, moved) in &rows {
            remove(from, moved).map_err(io)?;
        }
        self.db.flush().map_err(io)?;
        Ok(())
    }

    /// Write verified entries and the history they settled to the archive (during an import).
    fn archive_records(&self, entries: &[SignedEntry], history: &History) -> Result<(), StoreError> {
        let io = |e| io_error(&self.path, e);
        let archive = self.archive()?;
        let chunks: Vec<(u64, &[u8])> = entries.iter().map(|e| (e.entry().seq, e.bytes())).collect();
        write_chunks(&archive.trees.entries, &chunks).map_err(io)?;
        let records = HistoryRecords::of(history);
        for (tree, rows) in [
            (&archive.trees.proposals, &records.proposals),
            (&archive.trees.meetings, &records.meetings),
            (&archive.trees.checkpoints, &records.checkpoints),
        ] {
            let mut batch = sled::Batch::default();
            for (key, value) in rows {
                batch.insert(key.as_slice(), value.as_slice());
            }
            tree.apply_batch(batch).map_err(io)?;
        }
        Ok(())
    }

    /// The history: the archive's, then the tail's (which is more recent).
    fn read_history(&self) -> Result<History, StoreError> {
        let mut history = self.history_of(&self.archive()?.trees)?;
        history.extend(self.history_of(&self.tail)?);
        history.checkpoints.sort_by_key(|h| h.seq);
        history.checkpoints.dedup();
        Ok(history)
    }

    fn history_of(&self, trees: &Trees) -> Result<History, StoreError> {
        let mut history = History::default();
        for item in trees.proposals.iter() {
            let (_, value) = item.map_err(|e| io_error(&self.path, e))?;
            let proposal: cercle_core::Proposal = self.decode(&value, "a proposal")?;
            history.proposals.insert(proposal.id, proposal);
        }
        for item in trees.meetings.iter() {
            let (_, value) = item.map_err(|e| io_error(&self.path, e))?;
            let meeting: cercle_core::Meeting = self.decode(&value, "a meeting")?;
            history.meetings.insert(meeting.id, meeting);
        }
        for item in trees.checkpoints.iter() {
            let (_, value) = item.map_err(|e| io_error(&self.path, e))?;
            history.checkpoints.push(self.decode(&value, "a checkpoint")?);
        }
        Ok(history)
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, bytes: &[u8], what: &str) -> Result<T, StoreError> {
        postcard::from_bytes(bytes)
            .map_err(|error| self.damaged(format!("{what} of its history cannot be read ({error})")))
    }

    /// The seq of the oldest entry in the tail (the head's + 1 when the ledger is empty).
    fn tail_first(&self) -> Result<u64, StoreError> {
        let first = self.tail.entries.first().map_err(|e| io_error(&self.path, e))?;
        Ok(first.and_then(|(key, _)| seq_of(&key)).unwrap_or(self.ledger.len()))
    }

    fn tail_length(&self) -> Result<u64, StoreError> {
        Ok(self.ledger.len().saturating_sub(self.tail_first()?))
    }

    /// The live state's head must be the last stored entry (always in the tail).
    fn check_head(&self) -> Result<(), StoreError> {
        let last = self.tail.entries.last().map_err(|e| io_error(&self.path, e))?;
        match (last, self.ledger.head()) {
            (None, None) => Ok(()),
            (Some((key, value)), Some(head)) => {
                let seq = seq_of(&key);
                let hash = cercle_core::entry_hash(&value);
                if seq != Some(head.seq) || hash != head.hash {
                    return Err(self.damaged(format!(
                        "its state ends at entry {} but its last entry is {}",
                        head.seq,
                        seq.map_or("unreadable".into(), |s| s.to_string())
                    )));
                }
                Ok(())
            }
            (Some(_), None) => Err(self.damaged("it holds entries but no state".into())),
            (None, Some(_)) => Err(self.damaged("it has a state but no entries".into())),
        }
    }

    fn damaged(&self, reason: String) -> StoreError {
        StoreError::Damaged { path: self.path.clone(), reason }
    }
}

/// Write entries (in seq order) as chunks of at most [`CHUNK_ENTRIES`], each keyed by its first
/// seq (8 bytes, big-endian) and holding, per entry, its seq (u64), its length (u32) and its
/// bytes. A chunk written again (an interrupted move redone) has the same key and bytes.
fn write_chunks(tree: &sled::Tree, entries: &[(u64, &[u8])]) -> sled::Result<()> {
    let mut batch = sled::Batch::default();
    for chunk in entries.chunks(CHUNK_ENTRIES) {
        let Some((first, _)) = chunk.first() else { continue };
        let mut value = Vec::with_capacity(chunk.iter().map(|(_, bytes)| bytes.len() + 12).sum());
        for (seq, bytes) in chunk {
            value.extend_from_slice(&seq.to_be_bytes());
            value.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_be_bytes());
            value.extend_from_slice(bytes);
        }
        batch.insert(&first.to_be_bytes(), value);
    }
    tree.apply_batch(batch)
}

/// The entries of one chunk, or why it cannot be read.
fn decode_chunk(chunk: &[u8]) -> Result<Vec<(u64, Vec<u8>)>, String> {
    let mut entries = Vec::with_capacity(CHUNK_ENTRIES);
    let mut rest = chunk;
    while !rest.is_empty() {
        let header = rest.get(..12).ok_or("a truncated chunk in its archive")?;
        let seq = u64::from_be_bytes(header[..8].try_into().map_err(|_| "a malformed chunk")?);
        let length = u32::from_be_bytes(header[8..12].try_into().map_err(|_| "a malformed chunk")?) as usize;
        let bytes = rest.get(12..12 + length).ok_or("a truncated chunk in its archive")?;
        entries.push((seq, bytes.to_vec()));
        rest = &rest[12 + length..];
    }
    Ok(entries)
}

fn copy(tree: &sled::Tree, rows: &[(sled::IVec, sled::IVec)]) -> sled::Result<()> {
    let mut batch = sled::Batch::default();
    for (key, value) in rows {
        batch.insert(key, value);
    }
    tree.apply_batch(batch)
}

fn remove(tree: &sled::Tree, rows: &[(sled::IVec, sled::IVec)]) -> sled::Result<()> {
    let mut batch = sled::Batch::default();
    for (key, _) in rows {
        batch.remove(key);
    }
    tree.apply_batch(batch)
}

/// Reopen a database once so that its snapshot file is settled (see [`Store::close`]). The data
/// is already durable: if the lock cannot be had, settling is skipped.
fn settle(path: &Path) -> Result<(), StoreError> {
    match open_sled(path) {
        Ok(settled) => settled.flush().map(|_| ()).map_err(|e| io_error(path, e)),
        Err(StoreError::Locked(_)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// What an import reads: decoded entries, or export lines still to decode.
enum Item {
    Entry(Box<SignedEntry>),
    Line(String),
}

/// A history as the rows of its trees.
struct HistoryRecords {
    proposals: Vec<(Vec<u8>, Vec<u8>)>,
    meetings: Vec<(Vec<u8>, Vec<u8>)>,
    checkpoints: Vec<(Vec<u8>, Vec<u8>)>,
}

impl HistoryRecords {
    fn of(history: &History) -> HistoryRecords {
        HistoryRecords {
            proposals: history
                .proposals
                .iter()
                .map(|(id, p)| (id.0.to_be_bytes().to_vec(), encode(p)))
                .collect(),
            meetings: history
                .meetings
                .iter()
                .map(|(id, m)| (id.0.to_be_bytes().to_vec(), encode(m)))
                .collect(),
            checkpoints: history
                .checkpoints
                .iter()
                .map(|h| (h.seq.to_be_bytes().to_vec(), encode(h)))
                .collect(),
        }
    }
}

/// Open a database, waiting a little for a lock: sled's background threads release it shortly
/// after a database is dropped, so a process that reopens what it just closed may find it still
/// held by itself. Another process holding it gets [`StoreError::Locked`] after the wait.
/// The archive's chunks of entries in order, read with a handle of its own that is reopened
/// every [`ARCHIVE_CHUNKS_PER_OPEN`] chunks: sled keeps every page it has read for as long as
/// the database is open, whatever its cache capacity, so reading a million entries through one
/// handle held 250 MiB; reopening bounds that to what one stretch reads (and measured no slower).
struct ArchiveChunks {
    path: PathBuf,
    per_open: usize,
    open: Option<(sled::Db, sled::Iter)>,
    /// The key after the last chunk read.
    next: Vec<u8>,
    read_since_open: usize,
    done: bool,
}

/// How many chunks (of [`CHUNK_ENTRIES`] entries) an [`ArchiveChunks`] reads per open: 65,536
/// entries, about 25 MiB of sled's pages.
const ARCHIVE_CHUNKS_PER_OPEN: usize = 2048;

impl ArchiveChunks {
    fn new(path: PathBuf, per_open: usize) -> ArchiveChunks {
        ArchiveChunks {
            path,
            per_open: per_open.max(1),
            open: None,
            next: Vec::new(),
            read_since_open: 0,
            done: false,
        }
    }

    fn next_chunk(&mut self) -> Result<Option<sled::IVec>, StoreError> {
        if self.read_since_open >= self.per_open {
            self.open = None; // drop the iterator and the database: sled lets its pages go
            self.read_since_open = 0;
        }
        let io = |e| io_error(&self.path, e);
        if self.open.is_none() {
            let db = open_sled(&self.path)?;
            let iter = db.open_tree(Trees::ARCHIVE[0]).map_err(io)?.range(self.next.clone()..);
            self.open = Some((db, iter));
        }
        let Some((_, iter)) = self.open.as_mut() else { return Ok(None) };
        match iter.next() {
            None => Ok(None),
            Some(item) => {
                let (key, chunk) = item.map_err(io)?;
                self.next = key.to_vec();
                self.next.push(0); // the smallest key after this one
                self.read_since_open += 1;
                Ok(Some(chunk))
            }
        }
    }
}

impl Iterator for ArchiveChunks {
    type Item = Result<sled::IVec, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_chunk().transpose();
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
            self.open = None;
        }
        next
    }
}

fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new().path(path).cache_capacity(CACHE_CAPACITY_BYTES).flush_every_ms(None);
    let mut attempts = 0;
    loop {
        match config.open() {
            Ok(db) => return Ok(db),
            Err(error) => {
                let text = error.to_string();
                if !(text.contains("could not acquire lock") || text.contains("WouldBlock")) {
                    return Err(io_error(path, error));
                }
                attempts += 1;
                if attempts >= LOCK_ATTEMPTS {
                    return Err(StoreError::Locked(path.to_path_buf()));
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }
}

fn read_state(path: &Path, db: &sled::Db) -> Result<Ledger, StoreError> {
    match db.get(STATE_KEY).map_err(|e| io_error(path, e))? {
        None => Ok(Ledger::new()),
        Some(bytes) => postcard::from_bytes(&bytes).map_err(|error| StoreError::Damaged {
            path: path.to_path_buf(),
            reason: format!("its state cannot be read ({error})"),
        }),
    }
}

/// Derived state and history records are plain data (strings, numbers, maps): postcard
/// cannot fail on them.
fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).unwrap_or_default()
}

fn seq_of(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

fn io_error(path: &Path, error: sled::Error) -> StoreError {
    let source = match error {
        sled::Error::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    };
    StoreError::Io { path: path.to_path_buf(), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reopening the archive between stretches reads every chunk once, in order.
    #[test]
    fn archive_chunks_read_across_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ARCHIVE_DIR);
        {
            let db = open_sled(&path).unwrap();
            let tree = db.open_tree(Trees::ARCHIVE[0]).unwrap();
            for seq in 0..10u64 {
                tree.insert((seq * 32).to_be_bytes(), format!("chunk {seq}").as_bytes()).unwrap();
            }
            db.flush().unwrap();
        }
        for per_open in [1, 3, 10, 100] {
            let read: Vec<String> = ArchiveChunks::new(path.clone(), per_open)
                .map(|chunk| String::from_utf8(chunk.unwrap().to_vec()).unwrap())
                .collect();
            let expected: Vec<String> = (0..10).map(|seq| format!("chunk {seq}")).collect();
            assert_eq!(read, expected, "reopened every {per_open}");
        }
    }
}
