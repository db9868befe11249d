//! The seam between a ledger and the disk: the few file operations a [`crate::Store`] makes.
//!
//! Everything the store writes goes through [`Storage`], so that tests can swap the file system
//! for [`crate::MemoryStorage`], which tears writes, loses what was not synced, and fails with
//! `ENOSPC` or `EIO` at any step (as SQLite's test VFS and TigerBeetle's simulator do). The real
//! one, [`FsStorage`], is a directory.
//!
//! The operations are those a crash-safe protocol needs and no more: positional reads and
//! writes, `truncate`, `fsync` of a file, `rename`, and `fsync` of the directory (which makes a
//! rename or a new file's name durable). A reader only ever calls [`Storage::len`] and
//! [`Storage::read_at`]: it opens files read-only, so it works on a read-only file system.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// The file operations of one ledger directory. Names are plain file names in that directory.
pub trait Storage: Send + Sync {
    /// Where this storage is, for messages.
    fn location(&self) -> PathBuf;
    /// The length of a file, or `None` if there is no such file.
    fn len(&self, name: &str) -> io::Result<Option<u64>>;
    /// Up to `len` bytes of a file from `offset` (fewer at its end).
    fn read_at(&self, name: &str, offset: u64, len: usize) -> io::Result<Vec<u8>>;
    /// Write `bytes` at `offset`, creating the file if it is missing. Nothing is durable before
    /// [`Storage::sync`]; a failure may leave part of `bytes` written.
    fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> io::Result<()>;
    /// Cut a file to `len` bytes.
    fn truncate(&self, name: &str, len: u64) -> io::Result<()>;
    /// Make a file's content durable (`fsync`).
    fn sync(&self, name: &str) -> io::Result<()>;
    /// Rename `from` over `to` (atomically replacing it).
    fn rename(&self, from: &str, to: &str) -> io::Result<()>;
    /// Remove a file (no error if it is missing).
    fn remove(&self, name: &str) -> io::Result<()>;
    /// Make the directory's names durable (`fsync` of the directory).
    fn sync_dir(&self) -> io::Result<()>;

    /// A whole (small) file, or `None` if there is no such file.
    fn read_all(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        match self.len(name)? {
            None => Ok(None),
            Some(len) => {
                let len = usize::try_from(len).map_err(|_| io::Error::other("file too large"))?;
                self.read_at(name, 0, len).map(Some)
            }
        }
    }

    /// Replace a file by a new content, crash-safely: write `NAME.tmp`, sync it, rename it over
    /// `NAME`, sync the directory. A crash leaves the old content or the new, never half.
    fn replace(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let temporary = format!("{name}.tmp");
        self.remove(&temporary)?;
        self.write_at(&temporary, 0, bytes)?;
        self.sync(&temporary)?;
        self.rename(&temporary, name)?;
        self.sync_dir()
    }
}

/// A storage shared with its caller (a test that arms faults on a [`crate::MemoryStorage`]
/// while a store uses it) is a storage.
impl<S: Storage + ?Sized> Storage for std::sync::Arc<S> {
    fn location(&self) -> PathBuf {
        (**self).location()
    }
    fn len(&self, name: &str) -> io::Result<Option<u64>> {
        (**self).len(name)
    }
    fn read_at(&self, name: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        (**self).read_at(name, offset, len)
    }
    fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> io::Result<()> {
        (**self).write_at(name, offset, bytes)
    }
    fn truncate(&self, name: &str, len: u64) -> io::Result<()> {
        (**self).truncate(name, len)
    }
    fn sync(&self, name: &str) -> io::Result<()> {
        (**self).sync(name)
    }
    fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        (**self).rename(from, to)
    }
    fn remove(&self, name: &str) -> io::Result<()> {
        (**self).remove(name)
    }
    fn sync_dir(&self) -> io::Result<()> {
        (**self).sync_dir()
    }
}

/// A ledger directory on the real file system.
///
/// Reads go through one read-only descriptor per file, opened on the first read and kept:
/// proofs and publication read millions of 32-byte hashes, and opening the file for each cost
/// more than the read. A file replaced by [`Storage::rename`] or removed is opened anew.
#[derive(Debug)]
pub struct FsStorage {
    dir: PathBuf,
    readers: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<File>>>,
}

impl Clone for FsStorage {
    fn clone(&self) -> FsStorage {
        FsStorage::new(&self.dir)
    }
}

impl FsStorage {
    /// The directory `dir` (not created here).
    pub fn new(dir: &Path) -> FsStorage {
        FsStorage { dir: dir.to_path_buf(), readers: std::sync::Mutex::new(std::collections::HashMap::new()) }
    }

    fn reader(&self, name: &str) -> io::Result<std::sync::Arc<File>> {
        let mut readers = self.readers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(file) = readers.get(name) {
            return Ok(file.clone());
        }
        let file = std::sync::Arc::new(File::open(self.path(name))?);
        readers.insert(name.to_string(), file.clone());
        Ok(file)
    }

    fn forget(&self, names: &[&str]) {
        let mut readers = self.readers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for name in names {
            readers.remove(*name);
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

impl Storage for FsStorage {
    fn location(&self) -> PathBuf {
        self.dir.clone()
    }

    fn len(&self, name: &str) -> io::Result<Option<u64>> {
        match std::fs::metadata(self.path(name)) {
            Ok(metadata) => Ok(Some(metadata.len())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn read_at(&self, name: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let file = self.reader(name)?;
        let mut buffer = vec![0u8; len];
        let mut filled = 0;
        while filled < len {
            let read = file.read_at(&mut buffer[filled..], offset + filled as u64)?;
            if read == 0 {
                break;
            }
            filled += read;
        }
        buffer.truncate(filled);
        Ok(buffer)
    }

    /// One open, one read: a file replaced by rename (the state, a checkpoint note) is read
    /// whole from the one it opened, never a length from one and bytes from the other.
    fn read_all(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        use std::io::Read as _;
        let mut file = match File::open(self.path(name)) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    }

    fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> io::Result<()> {
        let file = OpenOptions::new().write(true).create(true).truncate(false).open(self.path(name))?;
        file.write_all_at(bytes, offset)
    }

    fn truncate(&self, name: &str, len: u64) -> io::Result<()> {
        OpenOptions::new().write(true).open(self.path(name))?.set_len(len)
    }

    fn sync(&self, name: &str) -> io::Result<()> {
        // fsync through a descriptor opened for writing: some systems refuse it on a read-only one.
        OpenOptions::new().write(true).open(self.path(name))?.sync_all()
    }

    fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        self.forget(&[from, to]);
        std::fs::rename(self.path(from), self.path(to))
    }

    fn remove(&self, name: &str) -> io::Result<()> {
        self.forget(&[name]);
        match std::fs::remove_file(self.path(name)) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn sync_dir(&self) -> io::Result<()> {
        sync_directory(&self.dir)
    }
}

/// `fsync` a directory, so that the names it holds (a new file, a rename) are durable.
pub(crate) fn sync_directory(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
