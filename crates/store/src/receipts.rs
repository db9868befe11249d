//! The receipts folder: copies of the files behind payouts (*justificatifs*), beside the
//! ledger, each named by the SHA-256 of its bytes.
//!
//! The ledger holds a receipt's hash and file name, never its content; this folder holds the
//! content, so that an expense statement can be handed over with its receipts and anyone can
//! check each file against the ledger. A copy is written to a temporary file, fsynced, and
//! renamed to its hash only once the entry that names it is durable ([`Staged::keep`]): a
//! refused payout leaves no copy behind, and a copy under a hash's name always holds exactly
//! those bytes.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use cercle_core::{FileHash, Receipt, Text, TextField};
use sha2::{Digest, Sha256};

use crate::storage::sync_directory;

/// The folder's name, in the ledger's directory.
pub const RECEIPTS_DIR: &str = "receipts";

/// The largest receipt accepted (a scanned invoice is far smaller).
pub const RECEIPT_BYTES_MAX: u64 = 64 * 1024 * 1024;

/// Why a receipt could not be read, staged or kept.
#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    /// The file could not be read.
    #[error("could not read the receipt {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than [`RECEIPT_BYTES_MAX`].
    #[error(
        "the receipt {0} is larger than 64 MiB: attach a lighter copy (a PDF scan, not a photo of each page)"
    )]
    TooLarge(PathBuf),
    /// Its name cannot be recorded.
    #[error("the receipt's file name {name:?} cannot be recorded: {why}")]
    BadName {
        /// The name.
        name: String,
        /// Why.
        why: String,
    },
    /// The copy could not be written.
    #[error("could not copy the receipt into {path}: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The receipts folder of one ledger (or of a shared folder).
#[derive(Clone, Debug)]
pub struct Receipts {
    dir: PathBuf,
}

/// What a receipt's copy is, compared with the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyState {
    /// A file with the receipt's hash is there and holds exactly those bytes.
    Present(PathBuf),
    /// No copy.
    Missing,
    /// A file is there but its bytes hash to something else (it was changed).
    Differs {
        /// The file.
        path: PathBuf,
        /// The SHA-256 of what it holds.
        found: String,
    },
}

/// A receipt read and copied to a temporary file, waiting for its entry.
#[derive(Debug)]
pub struct Staged {
    receipt: Receipt,
    temp: Option<PathBuf>,
    dir: PathBuf,
}

impl Receipts {
    /// The receipts folder of the ledger (or shared folder) at `dir`.
    pub fn of(dir: &Path) -> Receipts {
        Receipts { dir: dir.join(RECEIPTS_DIR) }
    }

    /// A folder of receipts itself (e.g. scans named as they were when recorded).
    pub fn at(dir: &Path) -> Receipts {
        Receipts { dir: dir.to_path_buf() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the copy of a receipt with this hash lives.
    pub fn path_of(&self, receipt: &Receipt) -> PathBuf {
        self.dir.join(receipt.sha256.to_hex())
    }

    /// Read `file`, hash it, and copy it to a temporary file in the folder (created if need be).
    pub fn stage(&self, file: &Path) -> Result<Staged, ReceiptError> {
        let read = |source| ReceiptError::Read { path: file.to_path_buf(), source };
        let bytes =
            read_bounded(file).map_err(read)?.ok_or_else(|| ReceiptError::TooLarge(file.to_path_buf()))?;
        let name = file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let name = Text::new(TextField::ReceiptName, &name)
            .map_err(|why| ReceiptError::BadName { name: name.clone(), why: why.to_string() })?;
        let receipt = Receipt { sha256: FileHash(Sha256::digest(&bytes).into()), name };
        let write = |path: &Path, source| ReceiptError::Write { path: path.to_path_buf(), source };
        fs::create_dir_all(&self.dir).map_err(|e| write(&self.dir, e))?;
        let temp = self.dir.join(format!(".{}.{}.tmp", receipt.sha256.to_hex(), std::process::id()));
        let mut out = File::create(&temp).map_err(|e| write(&temp, e))?;
        let staged = Staged { receipt, temp: Some(temp.clone()), dir: self.dir.clone() };
        out.write_all(&bytes).and_then(|()| out.sync_all()).map_err(|e| write(&temp, e))?;
        Ok(staged)
    }

    /// Whether the copy of `receipt` is there and intact: a file named by its hash, or else by
    /// its recorded file name.
    pub fn check(&self, receipt: &Receipt) -> CopyState {
        match self.check_file(self.path_of(receipt), receipt) {
            CopyState::Missing => self.check_file(self.dir.join(receipt.name.as_str()), receipt),
            found => found,
        }
    }

    fn check_file(&self, path: PathBuf, receipt: &Receipt) -> CopyState {
        match read_bounded(&path) {
            Err(_) => CopyState::Missing,
            Ok(None) => CopyState::Differs { path, found: "(larger than 64 MiB)".into() },
            Ok(Some(bytes)) => {
                let found: [u8; 32] = Sha256::digest(&bytes).into();
                if found == receipt.sha256.0 {
                    CopyState::Present(path)
                } else {
                    CopyState::Differs { path, found: found.iter().map(|b| format!("{b:02x}")).collect() }
                }
            }
        }
    }
}

impl Staged {
    /// The receipt to record in the entry.
    pub fn receipt(&self) -> &Receipt {
        &self.receipt
    }

    /// The entry is durable: give the copy its hash's name, and make the rename durable.
    pub fn keep(mut self) -> Result<PathBuf, ReceiptError> {
        let target = self.dir.join(self.receipt.sha256.to_hex());
        let Some(temp) = self.temp.take() else { return Ok(target) };
        let write = |source| ReceiptError::Write { path: target.clone(), source };
        fs::rename(&temp, &target).map_err(write)?;
        sync_directory(&self.dir).map_err(write)?;
        Ok(target)
    }
}

impl Drop for Staged {
    /// Not kept (the entry was refused): the temporary copy goes.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = fs::remove_file(temp);
            // The folder, if this made it and nothing else is in it.
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

/// The file's bytes, or `None` when it is larger than [`RECEIPT_BYTES_MAX`].
fn read_bounded(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(RECEIPT_BYTES_MAX + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= RECEIPT_BYTES_MAX).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_copy_is_named_by_its_hash_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("facture 12.pdf");
        fs::write(&file, b"%PDF invoice").unwrap();
        let receipts = Receipts::of(&dir.path().join("ledger"));
        let staged = receipts.stage(&file).unwrap();
        assert_eq!(staged.receipt().name.as_str(), "facture 12.pdf");
        drop(staged);
        assert!(!receipts.dir().exists(), "a refused payout leaves no receipts folder");
        let staged = receipts.stage(&file).unwrap();
        let receipt = staged.receipt().clone();
        let kept = staged.keep().unwrap();
        assert_eq!(fs::read(&kept).unwrap(), b"%PDF invoice");
        assert_eq!(receipts.check(&receipt), CopyState::Present(kept.clone()));
        fs::write(&kept, b"%PDF changed").unwrap();
        assert!(matches!(receipts.check(&receipt), CopyState::Differs { .. }));
        fs::remove_file(&kept).unwrap();
        assert_eq!(receipts.check(&receipt), CopyState::Missing);
    }
}
