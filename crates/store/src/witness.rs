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
}

/// The most bytes read of a record to list it: the magic line and the header (a circle's name
/// and territory are short [`cercle_core::Text`]s).
const HEADER_BYTES_MAX: u64 = 16 * 1024;

/// The header of the record of `circle` in `bytes`, and where its state starts.
fn header(bytes: &[u8], circle: &EntryHash) -> Result<(Header, usize), &'static str> {
    let rest = bytes.strip_prefix(WITNESS_MAGIC).ok_or("it is not a cercle witness record")?;
    let end = rest.iter().position(|b| *b == b'\n').ok_or("it has no header")?;
    let header: Header = serde_json::from_slice(&rest[..end]).map_err(|_| "its header does not decode")?;
    if header.circle != *circle {
        return Err("it holds another circle");
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
    /// The state verified, history included; `None` if the record was written by a version
    /// of cercle that encodes the state otherwise, or was only listed ([`Witness::records`]).
    ledger: Option<Ledger>,
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
        })
    }

    /// The same record, also keeping the tree verified (`size` entries, `root`).
    pub fn with_tree(mut self, size: u64, root: [u8; 32]) -> WitnessRecord {
        self.tree = Some((size, root));
        self
    }

    /// The verified ledger, history included, to resume from; `None` if the record was written
    /// by a version of cercle whose state encoding differs, or was only listed (verify from
    /// scratch, and require the ledger to extend [`WitnessRecord::head`]).
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
        let (header, end) = header(&bytes, circle).map_err(damaged)?;
        let ledger = if header.state.as_bytes() == STATE_VERSION {
            let (mut ledger, history): (Ledger, History) =
                postcard::from_bytes(&bytes[end..]).map_err(|_| damaged("its state does not decode"))?;
            let head = ledger.head().map(|head| (head.seq, head.hash));
            if ledger.circle().map(|c| c.id) != Some(*circle) || head != Some((header.seq, header.hash)) {
                return Err(damaged("its state disagrees with its header"));
            }
            let named = |text: &cercle_core::Text| Some(text.to_string());
            let circle = ledger.circle().ok_or_else(|| damaged("its state holds no circle"))?;
            if header.name.is_some() && header.name != named(&circle.name)
                || header.territory.is_some() && header.territory != named(&circle.territory)
            {
                return Err(damaged("its state disagrees with its header"));
            }
            ledger.restore_history(history);
            Some(ledger)
        } else {
            None
        };
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
        }))
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

    /// The record at `path`, header only when it names its circle.
    fn listed(&self, path: &Path, circle: &EntryHash) -> Result<WitnessRecord, WitnessError> {
        use std::io::Read as _;
        let io = |source| WitnessError::Io { path: path.to_path_buf(), source };
        let mut start = Vec::new();
        let file = fs::File::open(path).map_err(io)?;
        file.take(HEADER_BYTES_MAX).read_to_end(&mut start).map_err(io)?;
        let (header, _) = header(&start, circle)
            .map_err(|reason| WitnessError::Damaged { path: path.to_path_buf(), reason: reason.into() })?;
        if header.name.is_none() {
            let loaded = self.load(circle)?;
            return loaded
                .map(|record| WitnessRecord { ledger: None, ..record })
                .ok_or_else(|| io(std::io::ErrorKind::NotFound.into()));
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
        })
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
            name: record.name,
            territory: record.territory,
            tree_size: record.tree.map(|(size, _)| size),
            tree_root: record.tree.map(|(_, root)| EntryHash(root)),
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
            assert_eq!(record.into_ledger(), None, "listed, not loaded");
        }
    }

    #[test]
    fn a_record_of_an_earlier_version_still_gives_its_circle_s_name() {
        let dir = tempfile::tempdir().expect("a directory");
        let witness = Witness::open(dir.path()).expect("a witness");
        let at = DateTime::from_timestamp(1_715_000_000, 0).expect("a time");
        let ledger = ledger("Littoral");
        let circle = ledger.circle().expect("a circle").id;
        witness.save(WitnessRecord::new(at, false, ledger.clone()).expect("a record")).expect("saved");
        // The header as earlier versions wrote it: no name, no territory.
        let path = witness.path(&circle);
        let text = fs::read(&path).expect("read");
        let (header, start) = header(&text, &circle).expect("a header");
        let old = serde_json::json!({
            "circle": header.circle, "seq": header.seq, "hash": header.hash, "strict": header.strict,
            "audited_at": header.audited_at, "state": header.state,
        });
        let mut bytes = WITNESS_MAGIC.to_vec();
        bytes.extend(serde_json::to_vec(&old).expect("JSON"));
        bytes.push(b'\n');
        bytes.extend_from_slice(&text[start..]);
        fs::write(&path, bytes).expect("written");
        let loaded = witness.load(&circle).expect("readable").expect("there");
        assert_eq!(loaded.name.as_deref(), Some("Littoral"));
        assert_eq!(loaded.into_ledger(), Some(ledger));
        let listed = witness.records().expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].1.as_ref().expect("readable").name.as_deref(), Some("Littoral"));
    }
}
