//! Reading ledgers written by cercle before the log format (`cercle-ledger/v1`: two sled
//! databases), so that they can be migrated.
//!
//! Layout of v1, in the ledger's directory `DIR`: `DIR` is a sled database whose default tree
//! holds `format` = `cercle-ledger/v1`, and whose tree `tail` holds the most recent entries
//! (seq as 8 big-endian bytes → the entry's signed bytes); `DIR/archive` is a sled database
//! whose tree `entries` holds older entries in chunks (keyed by their first seq; per entry its
//! seq (u64), its length (u32) and its bytes). An interrupted move may have left an entry in
//! both: each position is kept once.
//!
//! Opening a sled database writes to it (it settles its snapshot) and takes its lock: only a
//! migration does it, once.

use std::path::Path;

use cercle_core::{SignedEntry, VerifyError};

use crate::damage::Damage;
use crate::store::StoreError;

/// The marker a v1 ledger holds under the key `format`.
const FORMAT_MARKER_V1: &[u8] = b"cercle-ledger/v1";
const IMPORTING_KEY: &str = "importing";

/// Whether `dir` looks like a v1 ledger (sled's files and the archive).
pub fn is_v1(dir: &Path) -> bool {
    dir.join("conf").is_file() && dir.join("db").is_file() && dir.join("archive").is_dir()
}

/// Every entry of a v1 ledger, in order (decoded, not verified).
pub fn read_entries(dir: &Path) -> Result<Vec<SignedEntry>, StoreError> {
    let db = open_sled(dir)?;
    let io = |e| io_error(dir, e);
    if db.get("format").map_err(io)?.as_deref() != Some(FORMAT_MARKER_V1) {
        return Err(StoreError::NotALedger(dir.to_path_buf()));
    }
    if db.contains_key(IMPORTING_KEY).map_err(io)? {
        return Err(StoreError::Damaged { path: dir.to_path_buf(), reason: Damage::ImportUnfinished });
    }
    let mut positions: std::collections::BTreeMap<u64, Vec<u8>> = std::collections::BTreeMap::new();
    let archive_path = dir.join("archive");
    let archive = open_sled(&archive_path)?;
    for chunk in archive.open_tree("entries").map_err(|e| io_error(&archive_path, e))?.iter().values() {
        let chunk = chunk.map_err(|e| io_error(&archive_path, e))?;
        for (seq, bytes) in decode_chunk(&chunk).map_err(|reason| damaged(dir, reason))? {
            positions.insert(seq, bytes);
        }
    }
    for item in db.open_tree("tail").map_err(io)?.iter() {
        let (key, value) = item.map_err(io)?;
        let seq = <[u8; 8]>::try_from(key.as_ref())
            .map(u64::from_be_bytes)
            .map_err(|_| damaged(dir, Damage::TailKeyMalformed))?;
        positions.insert(seq, value.to_vec());
    }
    let mut entries = Vec::with_capacity(positions.len());
    for (expected, (seq, bytes)) in positions.into_iter().enumerate() {
        if seq != expected as u64 {
            return Err(damaged(dir, Damage::EntryMissing { seq: expected as u64, next: seq }));
        }
        let entry = SignedEntry::from_bytes(bytes)
            .map_err(|error| StoreError::Verify(VerifyError::Format { position: seq, error }))?;
        entries.push(entry);
    }
    Ok(entries)
}

/// The entries of one archive chunk, or why it cannot be read.
fn decode_chunk(chunk: &[u8]) -> Result<Vec<(u64, Vec<u8>)>, Damage> {
    let mut entries = Vec::new();
    let mut rest = chunk;
    while !rest.is_empty() {
        let header = rest.get(..12).ok_or(Damage::ChunkTruncated)?;
        let seq = u64::from_be_bytes(header[..8].try_into().map_err(|_| Damage::ChunkMalformed)?);
        let length =
            u32::from_be_bytes(header[8..12].try_into().map_err(|_| Damage::ChunkMalformed)?) as usize;
        let bytes = rest.get(12..12 + length).ok_or(Damage::ChunkTruncated)?;
        entries.push((seq, bytes.to_vec()));
        rest = &rest[12 + length..];
    }
    Ok(entries)
}

fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new().path(path).cache_capacity(2 * 1024 * 1024).flush_every_ms(None);
    config.open().map_err(|error| {
        let text = error.to_string();
        if text.contains("could not acquire lock") || text.contains("WouldBlock") {
            StoreError::Locked(path.to_path_buf())
        } else {
            io_error(path, error)
        }
    })
}

fn damaged(path: &Path, reason: Damage) -> StoreError {
    StoreError::Damaged { path: path.to_path_buf(), reason }
}

fn io_error(path: &Path, error: sled::Error) -> StoreError {
    let source = match error {
        sled::Error::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    };
    StoreError::Io { path: path.to_path_buf(), source }
}
