//! What an auditor remembers of the circles it verified (`cercle audit --witness DIR`), as a
//! transparency log's witness remembers the last checkpoint of each log: the head it verified
//! and the state verified up to it. The next audit of the same circle then checks that the
//! ledger *extends* that head (the entries up to it are only hashed, and must be the very same
//! bytes, by the hash chain) and verifies only the entries added since
//! ([`cercle_core::Verifier::resuming`]). A ledger that does not extend it (rewritten or
//! truncated history) fails the audit.
//!
//! One file per circle, `DIR/<circle id>.witness`: the line `cercle-witness/1`, a line of JSON
//! (circle, head seq and hash, strict, when, and the version of the state's encoding), then the
//! state and its history in postcard (the encoding of the store's derived state). A record
//! written by a version of cercle whose state encoding differs still gives its head, so the
//! next audit verifies everything but still requires the ledger to extend it. The record is
//! trusted as it is read: keep the directory where only the auditor writes.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cercle_core::{EntryHash, History, Ledger};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::STATE_VERSION;

/// The first line of a witness file.
pub const WITNESS_MAGIC: &[u8] = b"cercle-witness/1\n";

/// The second line of a witness file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    circle: EntryHash,
    seq: u64,
    hash: EntryHash,
    strict: bool,
    audited_at: DateTime<Utc>,
    state: String,
}

/// What a witness keeps of one circle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WitnessRecord {
    /// When the audit that wrote it ran.
    pub audited_at: DateTime<Utc>,
    /// Whether that audit checked every signature with `verify_strict` (`--strict`).
    pub strict: bool,
    /// The circle.
    pub circle: EntryHash,
    /// The head verified (seq, hash): what the next ledger must extend.
    pub head: (u64, EntryHash),
    /// The state verified, history included; `None` if the record was written by a version
    /// of cercle that encodes the state otherwise.
    ledger: Option<Ledger>,
}

impl WitnessRecord {
    /// The record of a verified `ledger` (its history included); `None` for a ledger with no
    /// circle yet.
    pub fn new(audited_at: DateTime<Utc>, strict: bool, ledger: Ledger) -> Option<WitnessRecord> {
        let circle = ledger.circle()?.id;
        let head = ledger.head()?;
        Some(WitnessRecord { audited_at, strict, circle, head: (head.seq, head.hash), ledger: Some(ledger) })
    }

    /// The verified ledger, history included, to resume from; `None` if the record was written
    /// by a version of cercle whose state encoding differs (verify from scratch, and require the
    /// ledger to extend [`WitnessRecord::head`]).
    pub fn into_ledger(self) -> Option<Ledger> {
        self.ledger
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
///
/// ```
/// use cercle_core::*;
/// use cercle_store::{Witness, WitnessRecord};
/// use ed25519_dalek::SigningKey;
///
/// let alice = SigningKey::from_bytes(&[1; 32]);
/// let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
/// let text = |field, value: &str| Text::new(field, value).unwrap();
/// let mut ledger = Ledger::new();
/// ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
///     name: text(TextField::CircleName, "Littoral"),
///     territory: text(TextField::Territory, "Côte d'Opale"),
///     status: CircleStatus::Active,
///     founder: "alice".parse().unwrap(),
///     governance: Governance::default(),
///     support_key: None,
/// })).unwrap();
/// let circle = ledger.circle().unwrap().id;
///
/// let dir = tempfile::tempdir().unwrap();
/// let witness = Witness::open(dir.path()).unwrap();
/// assert!(witness.load(&circle).unwrap().is_none());
/// witness.save(WitnessRecord::new(at, false, ledger.clone()).unwrap()).unwrap();
/// let record = witness.load(&circle).unwrap().unwrap();
/// assert_eq!(record.head, (0, circle));
/// assert_eq!(record.into_ledger(), Some(ledger)); // to resume from: Verifier::resuming
/// ```
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
        let rest =
            bytes.strip_prefix(WITNESS_MAGIC).ok_or_else(|| damaged("it is not a cercle witness record"))?;
        let end = rest.iter().position(|b| *b == b'\n').ok_or_else(|| damaged("it has no header"))?;
        let header: Header =
            serde_json::from_slice(&rest[..end]).map_err(|_| damaged("its header does not decode"))?;
        if header.circle != *circle {
            return Err(damaged("it holds another circle"));
        }
        let ledger = if header.state.as_bytes() == STATE_VERSION {
            let (mut ledger, history): (Ledger, History) =
                postcard::from_bytes(&rest[end + 1..]).map_err(|_| damaged("its state does not decode"))?;
            let head = ledger.head().map(|head| (head.seq, head.hash));
            if ledger.circle().map(|c| c.id) != Some(*circle) || head != Some((header.seq, header.hash)) {
                return Err(damaged("its state disagrees with its header"));
            }
            ledger.restore_history(history);
            Some(ledger)
        } else {
            None
        };
        Ok(Some(WitnessRecord {
            audited_at: header.audited_at,
            strict: header.strict,
            circle: header.circle,
            head: (header.seq, header.hash),
            ledger,
        }))
    }

    /// Keep `record` for its circle, replacing the one before only once it is wholly written
    /// (a new file, synced, then renamed over the old one).
    pub fn save(&self, record: WitnessRecord) -> Result<(), WitnessError> {
        let path = self.path(&record.circle);
        let temporary = path.with_extension("witness.new");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WitnessError::Io { path, source }
        };
        let encoding_failed = |error: String| WitnessError::Damaged {
            path: path.clone(),
            reason: format!("the record could not be encoded: {error}"),
        };
        let header = Header {
            circle: record.circle,
            seq: record.head.0,
            hash: record.head.1,
            strict: record.strict,
            audited_at: record.audited_at,
            state: String::from_utf8_lossy(STATE_VERSION).into_owned(),
        };
        let mut head_line = serde_json::to_vec(&header).map_err(|e| encoding_failed(e.to_string()))?;
        head_line.push(b'\n');
        let Some(mut ledger) = record.ledger else {
            return Err(encoding_failed("it holds no state".into()));
        };
        let history = ledger.take_history();
        let body = postcard::to_stdvec(&(&ledger, &history)).map_err(|e| encoding_failed(e.to_string()))?;
        let mut file = fs::File::create(&temporary).map_err(io(&temporary))?;
        file.write_all(WITNESS_MAGIC)
            .and_then(|()| file.write_all(&head_line))
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
