//! What an auditor remembers of the circles it verified (`cercle audit --witness DIR`), as a
//! transparency log's witness remembers the last checkpoint of each log: the head it verified
//! and the state verified up to it. The next audit of the same circle then checks that the
//! ledger *extends* that head (the entries up to it are only hashed, and must be the very same
//! bytes, by the hash chain) and verifies only the entries added since
//! ([`cercle_core::Verifier::resuming`]). A ledger that does not extend it (rewritten or
//! truncated history) fails the audit.
//!
//! One file per circle, `DIR/<circle id>.witness`: the line `cercle-witness/1`, then the record
//! in postcard (the encoding of the store's derived state). The record is trusted as it is
//! read: keep the directory where only the auditor writes, like the auditor's own keys.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cercle_core::{EntryHash, History, Ledger};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The first line of a witness file.
pub const WITNESS_MAGIC: &[u8] = b"cercle-witness/1\n";

/// What a witness keeps of one circle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessRecord {
    /// When the audit that wrote it ran.
    pub audited_at: DateTime<Utc>,
    /// Whether that audit checked every signature with `verify_strict` (`--strict`).
    pub strict: bool,
    /// The live state verified: its head is what the next ledger must extend.
    state: Ledger,
    /// The history verified with it.
    history: History,
}

impl WitnessRecord {
    /// The record of a verified `ledger` (its history included).
    pub fn new(audited_at: DateTime<Utc>, strict: bool, mut ledger: Ledger) -> WitnessRecord {
        let history = ledger.take_history();
        WitnessRecord { audited_at, strict, state: ledger, history }
    }

    /// The head the record holds (seq, hash), if its state has one.
    pub fn head(&self) -> Option<(u64, EntryHash)> {
        self.state.head().map(|head| (head.seq, head.hash))
    }

    /// The circle it holds.
    pub fn circle(&self) -> Option<EntryHash> {
        self.state.circle().map(|c| c.id)
    }

    /// The verified ledger, history included (to resume from it).
    pub fn into_ledger(self) -> Ledger {
        let mut ledger = self.state;
        ledger.restore_history(self.history);
        ledger
    }
}

/// A witness file that cannot be read or written, or is not what it should be.
#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    /// The file system failed.
    #[error("the witness file {path} could not be read or written: {source}")]
    Io {
        /// The file (or directory).
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a witness record of this circle.
    #[error("the witness file {path} is damaged: {reason} (remove it to audit this circle from scratch)")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// A directory of witness records, one per circle.
#[derive(Clone, Debug)]
pub struct Witness {
    dir: PathBuf,
}

impl Witness {
    /// The witness directory `dir`, created if missing.
    pub fn open(dir: &Path) -> Result<Witness, WitnessError> {
        fs::create_dir_all(dir).map_err(|source| WitnessError::Io { path: dir.to_path_buf(), source })?;
        Ok(Witness { dir: dir.to_path_buf() })
    }

    /// Where the record of `circle` is kept.
    pub fn path(&self, circle: &EntryHash) -> PathBuf {
        self.dir.join(format!("{}.witness", circle.to_hex()))
    }

    /// The record of `circle`, if there is one.
    pub fn load(&self, circle: &EntryHash) -> Result<Option<WitnessRecord>, WitnessError> {
        let path = self.path(circle);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(WitnessError::Io { path, source }),
        };
        let damaged = |reason: &str| WitnessError::Damaged { path: path.clone(), reason: reason.to_string() };
        let body =
            bytes.strip_prefix(WITNESS_MAGIC).ok_or_else(|| damaged("it is not a cercle witness record"))?;
        let record: WitnessRecord =
            postcard::from_bytes(body).map_err(|_| damaged("its record does not decode"))?;
        if record.circle() != Some(*circle) || record.head().is_none() {
            return Err(damaged("it holds another circle"));
        }
        Ok(Some(record))
    }

    /// Keep `record` for its circle, replacing the one before only once it is wholly written
    /// (a new file, synced, then renamed over the old one).
    pub fn save(&self, record: &WitnessRecord) -> Result<(), WitnessError> {
        let Some(circle) = record.circle() else {
            return Err(WitnessError::Damaged {
                path: self.dir.clone(),
                reason: "a record without a circle cannot be kept".into(),
            });
        };
        let path = self.path(&circle);
        let temporary = path.with_extension("witness.new");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WitnessError::Io { path, source }
        };
        let body = postcard::to_stdvec(record).map_err(|error| WitnessError::Damaged {
            path: path.clone(),
            reason: format!("the record could not be encoded: {error}"),
        })?;
        let mut file = fs::File::create(&temporary).map_err(io(&temporary))?;
        file.write_all(WITNESS_MAGIC)
            .and_then(|()| file.write_all(&body))
            .and_then(|()| file.sync_all())
            .map_err(io(&temporary))?;
        fs::rename(&temporary, &path).map_err(io(&path))?;
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all(); // the rename itself, where the platform allows it
        }
        Ok(())
    }
}
