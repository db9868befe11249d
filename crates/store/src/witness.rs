//! What an auditor remembers of the circles it verified (`cercle audit --witness DIR`), as a
//! transparency log's witness remembers the last checkpoint of each log: the head it verified
//! and the state verified up to it. The next audit of the same circle then checks that the
//! ledger *extends* that head (the entries up to it are only hashed, and must be the very same
//! bytes, by the hash chain) and verifies only the entries added since
//! ([`cercle_core::Verifier::resuming`]). A ledger that does not extend it (rewritten or
//! truncated history) fails the audit.
//!
//! One file per circle, `DIR/<circle id>.witness`: the line `cercle-witness/1`, a line of JSON
//! (circle, head seq and hash, strict, when, the version of the state's encoding, and the
//! circle's name and territory), then the state and its history in postcard (the encoding of the
//! store's derived state). The name and territory let the next audit say which witnessed circle
//! is missing from it, or was replaced by another genesis with the same name
//! ([`Witness::records`]); a record written before they were kept has none in its header, and
//! gives them from its state when that decodes. A record
//! written by a version of cercle whose state encoding differs still gives its head, so the
//! next audit verifies everything but still requires the ledger to extend it. The record is
//! trusted as it is read: keep the directory where only the auditor writes.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cercle_core::{EntryHash, History, Ledger};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::damage::WitnessDamage;
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
    /// Absent from the records of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    /// Absent from the records of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    territory: Option<String>,
    /// The Merkle tree verified (its size and root, hex), when the audit read a store:
    /// absent from the records of earlier versions and of audits of exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tree_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tree_root: Option<EntryHash>,
    /// Where the history is kept, when apart from the state (absent from the records of
    /// earlier versions, whose state is followed by its history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    history: Option<HistoryRef>,
}

/// The history of a record, kept apart in `<circle id>.<file>.history`: its first `end` bytes,
/// whose frames chain to `hash`. The file is only appended to while later audits continue the
/// record; a record that starts over writes the next `file`, so the record it replaces stays
/// readable until the new one is in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryRef {
    file: u64,
    end: u64,
    hash: EntryHash,
}

/// The most bytes read of a record to list it: the magic line and the header (a circle's name
/// and territory are short [`cercle_core::Text`]s).
const HEADER_BYTES_MAX: u64 = 16 * 1024;

/// The header of the record of `circle` in `bytes`, and where its state starts.
fn header(bytes: &[u8], circle: &EntryHash) -> Result<(Header, usize), WitnessDamage> {
    let rest = bytes.strip_prefix(WITNESS_MAGIC).ok_or(WitnessDamage::NotARecord)?;
    let end = rest.iter().position(|b| *b == b'\n').ok_or(WitnessDamage::NoHeader)?;
    let header: Header = serde_json::from_slice(&rest[..end]).map_err(|_| WitnessDamage::HeaderUnreadable)?;
    if header.circle != *circle {
        return Err(WitnessDamage::OtherCircle);
    }
    Ok((header, WITNESS_MAGIC.len() + end + 1))
}

/// A record of [`Witness::records`]: the circle its file is named after, and the record
/// (without its state) or why it cannot be read.
pub type Listed = (EntryHash, Result<WitnessRecord, WitnessError>);

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
    /// The circle's name, as its genesis gave it (`None`: a record of an earlier version whose
    /// state does not decode here).
    pub name: Option<String>,
    /// The circle's territory (`None` as for `name`).
    pub territory: Option<String>,
    /// The size and RFC 6962 root of the Merkle tree of the entries verified, when known (an
    /// audit of a store): a later audit proves the new tree consistent with it instead of
    /// reading the old entries again.
    pub tree: Option<(u64, [u8; 32])>,
    /// The state verified; `None` if the record was written by a version of cercle that
    /// encodes the state otherwise, or was only listed ([`Witness::records`]). Its history is
    /// in `history` once loaded, in the ledger itself when the record is new.
    ledger: Option<Ledger>,
    /// The history of a loaded record, apart from its state.
    history: Option<EncodedHistory>,
}

impl WitnessRecord {
    /// The record of a verified `ledger` (its history included); `None` for a ledger with no
    /// circle yet.
    pub fn new(audited_at: DateTime<Utc>, strict: bool, ledger: Ledger) -> Option<WitnessRecord> {
        let circle = ledger.circle()?;
        let (id, name, territory) = (circle.id, circle.name.to_string(), circle.territory.to_string());
        let head = ledger.head()?;
        Some(WitnessRecord {
            audited_at,
            strict,
            circle: id,
            head: (head.seq, head.hash),
            name: Some(name),
            territory: Some(territory),
            tree: None,
            ledger: Some(ledger),
            history: None,
        })
    }

    /// The same record, also keeping the tree verified (`size` entries, `root`).
    pub fn with_tree(mut self, size: u64, root: [u8; 32]) -> WitnessRecord {
        self.tree = Some((size, root));
        self
    }

    /// The verified ledger, history included, to resume from; `None` if the record was written
    /// by a version of cercle whose state encoding differs, or was only listed (verify from
    /// scratch, and require the ledger to extend [`WitnessRecord::head`]). A history that does
    /// not decode is an error.
    pub fn into_ledger(self) -> Result<Option<Ledger>, WitnessError> {
        match self.into_parts() {
            None => Ok(None),
            Some((mut ledger, history)) => {
                ledger.restore_history(history.decode()?.history);
                Ok(Some(ledger))
            }
        }
    }

    /// The verified state without its history, and the history still encoded: decode it
    /// ([`EncodedHistory::decode`], e.g. on another thread) while the state is carried on
    /// (its rules read no history), then save the next record with [`Witness::save_after`]
    /// so that only what was settled since is written. `None` as for
    /// [`WitnessRecord::into_ledger`].
    pub fn into_parts(self) -> Option<(Ledger, EncodedHistory)> {
        let mut ledger = self.ledger?;
        let history = match self.history {
            Some(history) => history,
            None => EncodedHistory {
                kept: None,
                path: PathBuf::new(),
                form: Form::Decoded(ledger.take_history()),
            },
        };
        Some((ledger, history))
    }
}

/// The history of a loaded [`WitnessRecord`], not decoded yet ([`WitnessRecord::into_parts`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedHistory {
    kept: Option<HistoryRef>,
    path: PathBuf,
    form: Form,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Form {
    /// Frames of postcard [`History`], their hashes checked when read.
    Frames(Vec<Vec<u8>>),
    /// Decoded with the state (a record of an earlier version).
    Decoded(History),
}

impl EncodedHistory {
    /// Decode it (the part of a witness audit that grows with the whole ledger, not with what
    /// was added: a few tens of milliseconds at a million entries).
    pub fn decode(self) -> Result<KeptHistory, WitnessError> {
        let history = match self.form {
            Form::Decoded(history) => history,
            Form::Frames(frames) => {
                let mut history = History::default();
                for frame in frames {
                    let part: History = postcard::from_bytes(&frame).map_err(|_| WitnessError::Damaged {
                        path: self.path.clone(),
                        reason: WitnessDamage::HistoryUnreadable,
                    })?;
                    history.extend(part);
                }
                history
            }
        };
        Ok(KeptHistory { kept: self.kept, history })
    }
}

/// The history of a loaded [`WitnessRecord`], decoded ([`EncodedHistory::decode`]); the
/// default is none (a record saved from scratch).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeptHistory {
    kept: Option<HistoryRef>,
    /// What the entries the record covers settled.
    pub history: History,
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
        reason: WitnessDamage,
    },
}

/// The hash a history file's frames chain to: `node_hash(previous, entry_hash(frame))` from
/// 32 zero bytes (the hashes of `docs/FORMAT.md` §10, so nothing new to specify).
fn chain(previous: [u8; 32], frame: &[u8]) -> [u8; 32] {
    cercle_core::merkle::node_hash(previous, cercle_core::entry_hash(frame).0)
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
/// assert_eq!(record.into_ledger().unwrap(), Some(ledger)); // to resume from: Verifier::resuming
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

    /// Where the `file`th history of `circle` is kept.
    fn history_path(&self, circle: &EntryHash, file: u64) -> PathBuf {
        self.dir.join(format!("{}.{file}.history", circle.to_hex()))
    }

    /// The record of `circle`, if there is one. Its history is read and its hashes checked,
    /// but not decoded ([`WitnessRecord::into_parts`]).
    pub fn load(&self, circle: &EntryHash) -> Result<Option<WitnessRecord>, WitnessError> {
        let path = self.path(circle);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(WitnessError::Io { path, source }),
        };
        let damaged = |reason: WitnessDamage| WitnessError::Damaged { path: path.clone(), reason };
        let (header, end) = header(&bytes, circle).map_err(damaged)?;
        let (ledger, history) = if header.state.as_bytes() != STATE_VERSION {
            (None, None)
        } else if let Some(kept) = header.history {
            let ledger: Ledger =
                postcard::from_bytes(&bytes[end..]).map_err(|_| damaged(WitnessDamage::StateUnreadable))?;
            let history = self.read_history(circle, kept)?;
            (Some(ledger), Some(history))
        } else {
            let (mut ledger, history): (Ledger, History) =
                postcard::from_bytes(&bytes[end..]).map_err(|_| damaged(WitnessDamage::StateUnreadable))?;
            ledger.restore_history(history);
            (Some(ledger), None)
        };
        if let Some(ledger) = &ledger {
            let head = ledger.head().map(|head| (head.seq, head.hash));
            if ledger.circle().map(|c| c.id) != Some(*circle) || head != Some((header.seq, header.hash)) {
                return Err(damaged(WitnessDamage::StateDisagrees));
            }
            let named = |text: &cercle_core::Text| Some(text.to_string());
            let circle = ledger.circle().ok_or_else(|| damaged(WitnessDamage::NoCircle))?;
            if header.name.is_some() && header.name != named(&circle.name)
                || header.territory.is_some() && header.territory != named(&circle.territory)
            {
                return Err(damaged(WitnessDamage::StateDisagrees));
            }
        }
        let circle = ledger.as_ref().and_then(Ledger::circle);
        Ok(Some(WitnessRecord {
            audited_at: header.audited_at,
            strict: header.strict,
            circle: header.circle,
            head: (header.seq, header.hash),
            name: header.name.or_else(|| circle.map(|c| c.name.to_string())),
            territory: header.territory.or_else(|| circle.map(|c| c.territory.to_string())),
            tree: header.tree_size.zip(header.tree_root.map(|root| root.0)),
            ledger,
            history,
        }))
    }

    /// The frames of the history `kept` of `circle`, their chain of hashes checked.
    fn read_history(&self, circle: &EntryHash, kept: HistoryRef) -> Result<EncodedHistory, WitnessError> {
        let path = self.history_path(circle, kept.file);
        let damaged = |reason: WitnessDamage| WitnessError::Damaged { path: path.clone(), reason };
        let bytes = fs::read(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => damaged(WitnessDamage::Missing),
            _ => WitnessError::Io { path: path.clone(), source },
        })?;
        let end = usize::try_from(kept.end).ok().filter(|end| *end <= bytes.len());
        let mut rest = &bytes[..end.ok_or_else(|| damaged(WitnessDamage::ShorterThanRecord))?];
        let (mut frames, mut hash) = (Vec::new(), [0; 32]);
        while !rest.is_empty() {
            let length = rest.get(..4).map(|l| u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize);
            let frame = length
                .and_then(|length| rest.get(4..4 + length))
                .ok_or_else(|| damaged(WitnessDamage::FrameCut))?;
            hash = chain(hash, frame);
            frames.push(frame.to_vec());
            rest = &rest[4 + frame.len()..];
        }
        if hash != kept.hash.0 {
            return Err(damaged(WitnessDamage::HashesDiffer));
        }
        Ok(EncodedHistory { kept: Some(kept), path, form: Form::Frames(frames) })
    }

    /// Every record of the directory, by circle id, without its state (so
    /// [`WitnessRecord::into_ledger`] gives `None`: [`Witness::load`] one to resume from it).
    /// Only the header of each file is read, but for a record of an earlier version, whose
    /// header has no name: its state gives the name. Files not named `<circle id>.witness` are
    /// not records and are left out; a record that cannot be read is listed as its error.
    pub fn records(&self) -> Result<Vec<Listed>, WitnessError> {
        let io = |source| WitnessError::Io { path: self.dir.clone(), source };
        let mut records = Vec::new();
        for item in fs::read_dir(&self.dir).map_err(io)? {
            let path = item.map_err(io)?.path();
            let circle = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_suffix(".witness"))
                .and_then(|hex| hex.parse::<EntryHash>().ok());
            if let Some(circle) = circle {
                records.push((circle, self.listed(&path, &circle)));
            }
        }
        records.sort_by_key(|(circle, _)| *circle);
        Ok(records)
    }

    /// The header of the record at `path`, if it can be read.
    fn read_header(path: &Path, circle: &EntryHash) -> Result<Header, WitnessError> {
        use std::io::Read as _;
        let io = |source| WitnessError::Io { path: path.to_path_buf(), source };
        let mut start = Vec::new();
        let file = fs::File::open(path).map_err(io)?;
        file.take(HEADER_BYTES_MAX).read_to_end(&mut start).map_err(io)?;
        let (header, _) = header(&start, circle)
            .map_err(|reason| WitnessError::Damaged { path: path.to_path_buf(), reason })?;
        Ok(header)
    }

    /// The record at `path`, header only when it names its circle.
    fn listed(&self, path: &Path, circle: &EntryHash) -> Result<WitnessRecord, WitnessError> {
        let header = Self::read_header(path, circle)?;
        if header.name.is_none() {
            let loaded = self.load(circle)?;
            return loaded.map(|record| WitnessRecord { ledger: None, history: None, ..record }).ok_or_else(
                || WitnessError::Io { path: path.to_path_buf(), source: std::io::ErrorKind::NotFound.into() },
            );
        }
        Ok(WitnessRecord {
            audited_at: header.audited_at,
            strict: header.strict,
            circle: header.circle,
            head: (header.seq, header.hash),
            name: header.name,
            territory: header.territory,
            tree: header.tree_size.zip(header.tree_root.map(|root| root.0)),
            ledger: None,
            history: None,
        })
    }

    /// Keep `record` for its circle, its ledger's whole history included, replacing the record
    /// before only once it is wholly written (new files, synced, then the record renamed over
    /// the old one).
    pub fn save(&self, record: WitnessRecord) -> Result<(), WitnessError> {
        self.save_after(&record, &KeptHistory::default())
    }

    /// Keep `record`, whose ledger holds only the history settled after `before` (the history
    /// of the record it was continued from: [`WitnessRecord::into_parts`]). If that record is
    /// still the one kept, only the new history is written, appended to its history file;
    /// otherwise both are written to a new one. Either way the record before stays whole
    /// until the new one replaces it.
    pub fn save_after(&self, record: &WitnessRecord, before: &KeptHistory) -> Result<(), WitnessError> {
        let path = self.path(&record.circle);
        let temporary = path.with_extension("witness.new");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WitnessError::Io { path, source }
        };
        let encoding_failed = |reason: WitnessDamage| WitnessError::Damaged { path: path.clone(), reason };
        let not_encoded = |error: String| encoding_failed(WitnessDamage::NotEncoded { error });
        let Some(ledger) = &record.ledger else {
            return Err(encoding_failed(WitnessDamage::NoState));
        };
        let new = ledger.history();
        // The history kept by the record now in place, if `before` is it.
        let current = Self::read_header(&path, &record.circle).ok().and_then(|header| header.history);
        let (kept, frames) = match before.kept.filter(|kept| Some(*kept) == current) {
            Some(kept) => (kept, vec![new]),
            None => {
                let file = current.map_or(0, |current| current.file + 1);
                (HistoryRef { file, end: 0, hash: EntryHash([0; 32]) }, vec![&before.history, new])
            }
        };
        let history_path = self.history_path(&record.circle, kept.file);
        let mut appended = Vec::new();
        let mut hash = kept.hash.0;
        for part in frames.iter().filter(|part| !part.is_empty()) {
            let frame = postcard::to_stdvec(part).map_err(|e| not_encoded(e.to_string()))?;
            let length =
                u32::try_from(frame.len()).map_err(|_| encoding_failed(WitnessDamage::HistoryTooLarge))?;
            hash = chain(hash, &frame);
            appended.extend_from_slice(&length.to_le_bytes());
            appended.extend_from_slice(&frame);
        }
        {
            let mut file = fs::OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(false)
                .open(&history_path)
                .map_err(io(&history_path))?;
            // What a save that did not finish may have left after the kept part goes.
            file.set_len(kept.end)
                .and_then(|()| std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(kept.end)))
                .and_then(|_| file.write_all(&appended))
                .and_then(|()| file.sync_all())
                .map_err(io(&history_path))?;
        }
        let history =
            HistoryRef { file: kept.file, end: kept.end + appended.len() as u64, hash: EntryHash(hash) };
        let header = Header {
            circle: record.circle,
            seq: record.head.0,
            hash: record.head.1,
            strict: record.strict,
            audited_at: record.audited_at,
            state: String::from_utf8_lossy(STATE_VERSION).into_owned(),
            name: record.name.clone(),
            territory: record.territory.clone(),
            tree_size: record.tree.map(|(size, _)| size),
            tree_root: record.tree.map(|(_, root)| EntryHash(root)),
            history: Some(history),
        };
        let mut head_line = serde_json::to_vec(&header).map_err(|e| not_encoded(e.to_string()))?;
        head_line.push(b'\n');
        let body = postcard::to_stdvec(ledger).map_err(|e| not_encoded(e.to_string()))?;
        let mut file = fs::File::create(&temporary).map_err(io(&temporary))?;
        file.write_all(WITNESS_MAGIC)
            .and_then(|()| file.write_all(&head_line))
            .and_then(|()| file.write_all(&body))
            .and_then(|()| file.sync_all())
            .map_err(io(&temporary))?;
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all(); // a new history file, before the record that names it
        }
        fs::rename(&temporary, &path).map_err(io(&path))?;
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all(); // the rename itself, where the platform allows it
        }
        // The history files of records replaced are no longer named by any record.
        if let Some(current) = current.filter(|current| current.file != kept.file) {
            let _ = fs::remove_file(self.history_path(&header.circle, current.file));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cercle_core::ed25519_dalek::SigningKey;
    use cercle_core::{Body, CircleStatus, Genesis, Governance, Text, TextField};

    fn ledger(name: &str) -> Ledger {
        let alice = SigningKey::from_bytes(&[1; 32]);
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let text = |field, value: &str| Text::new(field, value).expect("a text");
        let mut ledger = Ledger::new();
        let genesis = Genesis {
            name: text(TextField::CircleName, name),
            territory: text(TextField::Territory, "Côte d'Opale"),
            status: CircleStatus::Active,
            founder: "alice".parse().expect("a name"),
            governance: Governance::default(),
            support_key: None,
        };
        ledger.sign_and_append(&alice, at, Body::Genesis(genesis)).expect("a genesis");
        ledger
    }

    #[test]
    fn records_are_listed_with_their_circle_and_without_their_state() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        for name in ["Littoral", "Somme"] {
            witness.save(WitnessRecord::new(at, false, ledger(name)).expect("a record")).expect("saved");
        }
        fs::write(dir.path().join("notes.txt"), "not a record").expect("written");
        let listed = witness.records().expect("listed");
        let mut names: Vec<String> =
            listed.iter().map(|(_, r)| r.as_ref().expect("readable").name.clone().expect("a name")).collect();
        names.sort();
        assert_eq!(names, ["Littoral", "Somme"]);
        for (circle, record) in listed {
            let record = record.expect("readable");
            assert_eq!(record.circle, circle);
            assert_eq!(record.territory.as_deref(), Some("Côte d'Opale"));
            assert_eq!(record.into_ledger().expect("no history to decode"), None, "listed, not loaded");
        }
    }

    /// A demo circle's ledger after `count` entries (with history that settles), verified.
    fn demo(count: u64) -> Ledger {
        let config = cercle_demo::DemoConfig { seed: 7, circles: 1, entries: Some(count) };
        let mut verifier = cercle_core::Verifier::new();
        cercle_demo::generate_circle(&config, 0, |entry| verifier.push(entry)).expect("valid entries");
        verifier.finish().expect("a verified ledger")
    }

    /// The ledger of `count` demo entries continued from the record of `from` entries, the
    /// way `cercle audit --witness` does it: state and history apart, only what is new saved.
    fn continue_record(witness: &Witness, from: &Ledger, count: u64) -> Ledger {
        let circle = from.circle().expect("a circle").id;
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let (state, history) =
            witness.load(&circle).expect("read").expect("there").into_parts().expect("a state");
        assert!(state.history().is_empty(), "the state is apart from its history");
        let config = cercle_demo::DemoConfig { seed: 7, circles: 1, entries: Some(count) };
        let mut verifier = cercle_core::Verifier::new().continuing(state);
        let mut seq = 0;
        cercle_demo::generate_circle(&config, 0, |entry| {
            seq += 1;
            if seq > from.len() {
                verifier.push(entry)
            } else {
                Ok(())
            }
        })
        .expect("valid entries");
        let ledger = verifier.finish().expect("verified");
        let kept = history.decode().expect("decoded");
        let record = WitnessRecord::new(at, false, ledger).expect("a record");
        witness.save_after(&record, &kept).expect("saved");
        let mut ledger = record.into_ledger().expect("no decoding").expect("a state");
        let new = ledger.take_history();
        ledger.restore_history(kept.history);
        ledger.restore_history(new);
        ledger
    }

    fn files(dir: &Path) -> Vec<(String, u64)> {
        let mut files: Vec<(String, u64)> = fs::read_dir(dir)
            .expect("listed")
            .map(|item| {
                let item = item.expect("an item");
                (item.file_name().to_string_lossy().into_owned(), item.metadata().expect("metadata").len())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_continued_record_appends_only_the_history_settled_since() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let first = demo(600);
        let circle = first.circle().expect("a circle").id;
        assert!(!first.history().is_empty(), "the demo settles proposals by then");
        witness.save(WitnessRecord::new(at, false, first.clone()).expect("a record")).expect("saved");
        let before = files(dir.path());
        let history_file = format!("{}.0.history", circle.to_hex());
        let size_before = before.iter().find(|(name, _)| *name == history_file).expect("a history file").1;

        let continued = continue_record(&witness, &first, 900);
        let whole = demo(900);
        assert_eq!(continued, whole, "continued = verified from scratch, history in order");
        // The same file, grown by what was settled between 600 and 900 entries only.
        let after = files(dir.path());
        assert_eq!(after.len(), 2, "{after:?}");
        let size_after = after.iter().find(|(name, _)| *name == history_file).expect("the same file").1;
        let new_history = postcard::to_stdvec(&{
            let mut all = whole.clone();
            let mut old = first.clone();
            let (all, old) = (all.take_history(), old.take_history());
            History {
                proposals: all
                    .proposals
                    .into_iter()
                    .filter(|(id, _)| !old.proposals.contains_key(id))
                    .collect(),
                meetings: all.meetings.into_iter().filter(|(id, _)| !old.meetings.contains_key(id)).collect(),
                checkpoints: all.checkpoints[old.checkpoints.len()..].to_vec(),
                corrections: all.corrections[old.corrections.len()..].to_vec(),
                duplicates: all.duplicates[old.duplicates.len()..].to_vec(),
                governance: all.governance[old.governance.len()..].to_vec(),
            }
        })
        .expect("encoded");
        assert_eq!(size_after - size_before, 4 + new_history.len() as u64);
        let loaded = witness.load(&circle).expect("read").expect("there");
        assert_eq!(loaded.into_ledger().expect("decoded"), Some(whole));
    }

    #[test]
    fn a_save_cut_short_leaves_the_record_before_whole() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let first = demo(600);
        let circle = first.circle().expect("a circle").id;
        witness.save(WitnessRecord::new(at, false, first.clone()).expect("a record")).expect("saved");
        // A save that appended to the history, then stopped before its record replaced this one.
        let history = dir.path().join(format!("{}.0.history", circle.to_hex()));
        let mut file = fs::OpenOptions::new().append(true).open(&history).expect("opened");
        file.write_all(b"\x05\0\0\0half").expect("written");
        drop(file);
        let loaded = witness.load(&circle).expect("read").expect("there");
        assert_eq!(loaded.into_ledger().expect("decoded"), Some(first.clone()));
        // The next save cuts what was left, and continues.
        assert_eq!(continue_record(&witness, &first, 700), demo(700));
        // A history shorter than its record says, or changed, is damaged: named, not used.
        let bytes = fs::read(&history).expect("read");
        fs::write(&history, &bytes[..bytes.len() - 1]).expect("written");
        let error = witness.load(&circle).expect_err("damaged");
        assert!(error.to_string().contains("shorter than its record says"), "{error}");
        let mut changed = bytes.clone();
        changed[10] ^= 1;
        fs::write(&history, &changed).expect("written");
        let error = witness.load(&circle).expect_err("damaged");
        assert!(error.to_string().contains("do not match its record"), "{error}");
        fs::remove_file(&history).expect("removed");
        let error = witness.load(&circle).expect_err("damaged");
        assert!(error.to_string().contains("is missing"), "{error}");
    }

    #[test]
    fn a_record_saved_from_scratch_moves_to_a_new_history_file() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let first = demo(600);
        let circle = first.circle().expect("a circle").id;
        witness.save(WitnessRecord::new(at, false, first).expect("a record")).expect("saved");
        let whole = demo(800);
        witness.save(WitnessRecord::new(at, true, whole.clone()).expect("a record")).expect("saved");
        let names: Vec<String> = files(dir.path()).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, [format!("{}.1.history", circle.to_hex()), format!("{}.witness", circle.to_hex())]);
        let loaded = witness.load(&circle).expect("read").expect("there");
        assert!(loaded.strict);
        assert_eq!(loaded.into_ledger().expect("decoded"), Some(whole));
    }

    #[test]
    fn a_record_of_an_earlier_version_still_gives_its_circle_s_name() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let ledger = demo(600);
        let circle = ledger.circle().expect("a circle").id;
        witness.save(WitnessRecord::new(at, false, ledger.clone()).expect("a record")).expect("saved");
        // The record as earlier versions wrote it: no name, no territory in its header, and
        // the history after the state.
        let path = witness.path(&circle);
        let text = fs::read(&path).expect("read");
        let (header, _) = header(&text, &circle).expect("a header");
        let old = serde_json::json!({
            "circle": header.circle, "seq": header.seq, "hash": header.hash, "strict": header.strict,
            "audited_at": header.audited_at, "state": header.state,
        });
        let mut bytes = WITNESS_MAGIC.to_vec();
        bytes.extend(serde_json::to_vec(&old).expect("JSON"));
        bytes.push(b'\n');
        let mut state = ledger.clone();
        let history = state.take_history();
        bytes.extend(postcard::to_stdvec(&(&state, &history)).expect("encoded"));
        fs::write(&path, bytes).expect("written");
        fs::remove_file(dir.path().join(format!("{}.0.history", circle.to_hex()))).expect("removed");
        let loaded = witness.load(&circle).expect("readable").expect("there");
        assert_eq!(loaded.name.as_deref(), Some("Littoral"));
        assert_eq!(loaded.clone().into_ledger().expect("decoded"), Some(ledger.clone()));
        let listed = witness.records().expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].1.as_ref().expect("readable").name.as_deref(), Some("Littoral"));
        // Continued, it moves to a history file of its own.
        assert_eq!(continue_record(&witness, &ledger, 700), demo(700));
        assert!(dir.path().join(format!("{}.0.history", circle.to_hex())).exists());
    }
}
