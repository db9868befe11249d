//! Files written once and durably (a shared folder, a published ledger, an evidence zip): a
//! hidden temporary file beside its place, synced, then linked into place (never over another
//! file), and the directories synced after.

use std::collections::BTreeSet;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{Error, Io, Result};

/// The metadata of `path` if something is there.
pub(crate) fn existing_file(path: &Path) -> Result<Option<fs::Metadata>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        // A path element is a file where the layout has a directory: it is not this layout.
        Err(error) if error.kind() == ErrorKind::NotADirectory => Err(other_bytes(path)),
        Err(error) => Err(cannot_read(path, &error)),
    }
}

pub(crate) fn other_bytes(path: &Path) -> Error {
    Io::OtherBytes { path: path.to_path_buf() }.into()
}

pub(crate) fn cannot_read(path: &Path, error: &std::io::Error) -> Error {
    Error::from(Io::unreadable(path, error))
}

pub(crate) fn cannot_write(path: &Path, error: &std::io::Error) -> Error {
    Error::from(Io::unwritable(path, error))
}

/// The directories whose entries changed, synced before the checkpoint is written.
#[derive(Default)]
pub(crate) struct DirsToSync(BTreeSet<PathBuf>);

impl DirsToSync {
    /// Create `dir` and its missing parents, remembering each parent whose entries changed.
    pub(crate) fn create(&mut self, dir: &Path) -> Result<()> {
        // A relative path's last parent is "", the current directory.
        let or_here =
            |path: &Path| if path.as_os_str().is_empty() { Path::new(".") } else { path }.to_path_buf();
        let mut missing = Vec::new();
        let mut at = dir;
        while !at.as_os_str().is_empty() && !at.is_dir() {
            missing.push(at.to_path_buf());
            match at.parent() {
                Some(parent) => at = parent,
                None => break,
            }
        }
        fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
        for created in missing {
            if let Some(parent) = created.parent() {
                self.0.insert(or_here(parent));
            }
        }
        Ok(())
    }

    pub(crate) fn sync(&self) -> Result<()> {
        // Deepest first, so that a directory is synced after what it holds.
        for dir in self.0.iter().rev() {
            sync_dir(dir)?;
        }
        Ok(())
    }
}

pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| cannot_write(dir, &e))
}

/// A hidden temporary file beside `path` (`.<name>.<pid>.tmp`), holding `bytes`, synced.
pub(crate) fn temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    // A temporary file left by an interrupted publication of this very process id.
    let _ = fs::remove_file(&temp);
    let written = fs::File::create_new(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        // Said of the file asked for: the temporary one is ours, not the user's.
        return Err(cannot_write(path, &error));
    }
    Ok(temp)
}

/// Write `bytes` at `DIR/relative`, which was not there: a temporary file linked into place,
/// never over another file (if one appeared meanwhile, it must hold the same bytes).
pub(crate) fn write_once(dir: &Path, relative: &str, bytes: &[u8], dirs: &mut DirsToSync) -> Result<()> {
    let path = dir.join(relative);
    let parent = path.parent().unwrap_or(dir).to_path_buf();
    dirs.create(&parent)?;
    let temp = temporary(&path, bytes)?;
    let linked = match fs::hard_link(&temp, &path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            let same = fs::read(&path).map(|there| there == bytes).unwrap_or(false);
            if same {
                Ok(())
            } else {
                Err(other_bytes(&path))
            }
        }
        // A file system without hard links (FAT, some network shares): a rename, which the
        // check above (the file was missing) makes safe but for a concurrent publisher.
        Err(_) if !path.exists() => fs::rename(&temp, &path).map_err(|e| cannot_write(&path, &e)),
        Err(error) => Err(cannot_write(&path, &error)),
    };
    let _ = fs::remove_file(&temp);
    linked?;
    dirs.0.insert(parent);
    Ok(())
}

/// Replace `DIR/name` whole with `bytes` (see [`replace_file`]).
pub(crate) fn replace(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    replace_file(&dir.join(name), bytes)
}

/// Replace the file at `path` whole with `bytes`: a synced temporary file beside it, renamed
/// into place, then its folder synced. Whatever happens, `path` holds its old bytes or the new
/// ones, never a part; once this returns, the new ones are durable.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temporary(path, bytes)?;
    if let Err(error) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(cannot_write(path, &error));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    sync_dir(parent)
}
