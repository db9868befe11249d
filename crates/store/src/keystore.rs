//! The local keystore: one file per key, `NAME.key`, mode 0600, in a directory of mode 0700.
//!
//! A key file holds two lines: `cercle-key/v1` and the 32-byte ed25519 secret seed in hex.
//! Secrets are never printed; only public keys leave this module.
//!
//! A key file appears whole or not at all: [`Keystore::create`] writes and fsyncs a temporary
//! file `.NAME.….tmp` in the same directory, publishes it with a hard link (which never
//! replaces an existing key), removes the temporary name and fsyncs the directory. A failure
//! removes what it wrote; a crash leaves at most a dot-temp file, which [`Keystore::list`]
//! ignores and which does not stop the same key being created again.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{hex_decode, hex_encode, PublicKey};

/// The longest key name.
pub const KEY_NAME_MAX_CHARS: usize = 64;

const KEY_FILE_HEADER: &str = "cercle-key/v1";
const KEY_FILE_BYTES_MAX: u64 = 1024;

/// Why the keystore refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeystoreError {
    /// The name cannot be a key name.
    #[error(
        "\"{0}\" is not a key name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'"
    )]
    BadName(String),
    /// No such key.
    #[error("there is no key named {name} in {dir}")]
    NoSuchKey {
        /// The name.
        name: String,
        /// The keystore.
        dir: PathBuf,
    },
    /// A key of that name exists.
    #[error("a key named {0} already exists")]
    Exists(String),
    /// A key file that is not one.
    #[error("{0} is not a cercle key file")]
    BadFile(PathBuf),
    /// A key file of 0 bytes (left by an older cercle whose write was cut short).
    #[error(
        "{0} is empty, so it holds no key (its writing was cut short, e.g. by a full disk): \
         remove it, then create the key again"
    )]
    Empty(PathBuf),
    /// A new key could not be written; nothing of it was kept.
    #[error(
        "could not write the key {name} in {dir}: {source}; nothing of it was kept, so the same \
         command can be retried once this is fixed"
    )]
    NotCreated {
        /// The key's name.
        name: String,
        /// The keystore.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file system failed.
    #[error("the keystore at {path} could not be read or written: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The keys of a keystore, by name.
type Keys = Vec<(String, PublicKey)>;

/// A directory of signing keys.
pub struct Keystore {
    dir: PathBuf,
}

impl Keystore {
    /// The keystore in `dir` (created on the first `create`).
    pub fn new(dir: &Path) -> Keystore {
        Keystore { dir: dir.to_path_buf() }
    }

    /// Where the keys are.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Create a key named `name` from `seed` (32 random bytes) and return its public key.
    ///
    /// The key file appears whole (written and fsynced) or not at all, and an existing key is
    /// never replaced. On [`KeystoreError::NotCreated`] nothing was left behind.
    pub fn create(&self, name: &str, seed: [u8; 32]) -> Result<PublicKey, KeystoreError> {
        let path = self.path_of(name)?;
        create_private_dir(&self.dir)
            .map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
        let text = format!("{KEY_FILE_HEADER}\n{}\n", hex_encode(&seed));
        let not_created =
            |source| KeystoreError::NotCreated { name: name.to_string(), dir: self.dir.clone(), source };
        match publish(&self.dir, name, &path, text.as_bytes()) {
            Ok(()) => {}
            Err(Publish::Exists) => return Err(self.exists(name, &path)),
            Err(Publish::Failed(source)) => return Err(not_created(source)),
            Err(Publish::Unknown(source)) => return Err(KeystoreError::Io { path, source }),
        }
        Ok(PublicKey(SigningKey::from_bytes(&seed).verifying_key().to_bytes()))
    }

    /// Why `create` found `path` taken: a key, or an empty file that an older cercle left.
    fn exists(&self, name: &str, path: &Path) -> KeystoreError {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => KeystoreError::Empty(path.to_path_buf()),
            _ => KeystoreError::Exists(name.to_string()),
        }
    }

    /// The signing key named `name`.
    pub fn load(&self, name: &str) -> Result<SigningKey, KeystoreError> {
        let path = self.path_of(name)?;
        let text = read_small(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => {
                KeystoreError::NoSuchKey { name: name.to_string(), dir: self.dir.clone() }
            }
            _ => KeystoreError::Io { path: path.clone(), source },
        })?;
        if text.is_empty() {
            return Err(KeystoreError::Empty(path));
        }
        let mut lines = text.lines();
        let seed = match (lines.next(), lines.next(), lines.next()) {
            (Some(KEY_FILE_HEADER), Some(hex), None) => hex_decode(hex.trim()),
            _ => None,
        };
        let seed: [u8; 32] = seed
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| KeystoreError::BadFile(path.clone()))?;
        Ok(SigningKey::from_bytes(&seed))
    }

    /// The public key named `name`.
    pub fn public(&self, name: &str) -> Result<PublicKey, KeystoreError> {
        Ok(PublicKey(self.load(name)?.verifying_key().to_bytes()))
    }

    /// Every key that can be read, by name. A key file that cannot be read or is not a key
    /// (e.g. 0 bytes) is left out: [`Keystore::scan`] also says which, and `load` of its name
    /// says why. Fails only if the directory itself cannot be read.
    pub fn list(&self) -> Result<Vec<(String, PublicKey)>, KeystoreError> {
        Ok(self.scan()?.0)
    }

    /// Every key that can be read, by name, and why each `NAME.key` file that could not be
    /// read was left out (by name; each error names its file). Files whose name starts with
    /// `.` (a `create` cut short leaves `.NAME.….tmp`) and other files are ignored. Fails only
    /// if the directory itself cannot be read; a missing directory holds no key.
    pub fn scan(&self) -> Result<(Keys, Vec<KeystoreError>), KeystoreError> {
        let read = match fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(source) => return Err(KeystoreError::Io { path: self.dir.clone(), source }),
        };
        let mut names = Vec::new();
        for item in read {
            let item = item.map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
            let file_name = item.file_name();
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".key")) else { continue };
            if check_name(name).is_ok() {
                names.push(name.to_string());
            }
        }
        names.sort();
        let (mut keys, mut unreadable) = (Vec::new(), Vec::new());
        for name in names {
            match self.public(&name) {
                Ok(public) => keys.push((name, public)),
                // Removed since the directory was read: not a key any more, not a problem.
                Err(KeystoreError::NoSuchKey { .. }) => {}
                Err(error) => unreadable.push(error),
            }
        }
        Ok((keys, unreadable))
    }

    fn path_of(&self, name: &str) -> Result<PathBuf, KeystoreError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.key")))
    }
}

/// How publishing a key file failed.
enum Publish {
    /// `path` exists; nothing was written.
    Exists,
    /// Nothing was kept (a dot-temp file may remain if even its removal failed).
    Failed(std::io::Error),
    /// The key file was published, but could not be made durable nor removed again.
    Unknown(std::io::Error),
}

/// Write `bytes` to `path` in `dir` whole or not at all, never replacing `path`: a temporary
/// file in `dir`, fsynced, then hard-linked to `path`, then the directory fsynced.
fn publish(dir: &Path, name: &str, path: &Path, bytes: &[u8]) -> Result<(), Publish> {
    let (temp, mut file) = create_temp(dir, name).map_err(Publish::Failed)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(Publish::Failed(error));
    }
    let linked = fs::hard_link(&temp, path);
    // The temporary name is never needed again; one left behind is harmless.
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Err(Publish::Exists),
        // A file system without hard links (FAT, some network shares).
        Err(error) if cannot_link(&error) => return write_new(path, bytes),
        Err(error) => return Err(Publish::Failed(error)),
    }
    sync_dir(dir).map_err(|error| match fs::remove_file(path) {
        Ok(()) => Publish::Failed(error),
        Err(_) => Publish::Unknown(error),
    })
}

/// Without hard links: create `path` itself (never replacing it), and remove it on failure.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Publish> {
    let mut file = match private_file().open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Err(Publish::Exists),
        Err(error) => return Err(Publish::Failed(error)),
    };
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let written = written.and_then(|()| path.parent().map_or(Ok(()), sync_dir));
    written.map_err(|error| match fs::remove_file(path) {
        Ok(()) => Publish::Failed(error),
        Err(_) => Publish::Unknown(error),
    })
}

fn cannot_link(error: &std::io::Error) -> bool {
    matches!(error.kind(), std::io::ErrorKind::Unsupported | std::io::ErrorKind::PermissionDenied)
}

/// A new file `.NAME.PID-N.tmp` in `dir`, of mode 0600.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, fs::File)> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut tries = 0;
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match private_file().open(&temp) {
            Ok(file) => return Ok((temp, file)),
            // Left by a process of the same id that was killed: take another name.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && tries < 64 => tries += 1,
            Err(error) => return Err(error),
        }
    }
}

/// Options that create a new file of mode 0600, failing if the name is taken.
fn private_file() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// Make the names in `dir` durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn check_name(name: &str) -> Result<(), KeystoreError> {
    let count = name.chars().count();
    let valid = (1..=KEY_NAME_MAX_CHARS).contains(&count)
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(KeystoreError::BadName(name.chars().take(KEY_NAME_MAX_CHARS + 1).collect()))
    }
}

fn read_small(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut text = String::new();
    fs::File::open(path)?.take(KEY_FILE_BYTES_MAX).read_to_string(&mut text)?;
    Ok(text)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    // The new directory's name must be durable before a key in it is.
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => sync_dir(parent),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_private_files_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Keystore::new(&dir.path().join("keys"));
        let public = store.create("alice", [7; 32]).unwrap();
        assert_eq!(store.public("alice").unwrap(), public);
        assert!(matches!(store.create("alice", [8; 32]), Err(KeystoreError::Exists(_))));
        assert!(matches!(store.load("bob"), Err(KeystoreError::NoSuchKey { .. })));
        assert!(matches!(store.create("../evil", [1; 32]), Err(KeystoreError::BadName(_))));
        assert!(matches!(store.create(".hidden", [1; 32]), Err(KeystoreError::BadName(_))));
        assert_eq!(store.list().unwrap(), vec![("alice".to_string(), public)]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(dir.path().join("keys/alice.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|item| item.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    #[test]
    fn leftovers_and_bad_key_files_do_not_stop_list_or_create() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        let alice = store.create("alice", [1; 32]).unwrap();
        // What a crash in `create` leaves, what an older cercle left on a full disk, and junk.
        fs::write(keys.join(".bob.4242-0.tmp"), format!("{KEY_FILE_HEADER}\n")).unwrap();
        fs::write(keys.join(".carol.4242-1.tmp"), "").unwrap();
        fs::write(keys.join("carol.key"), "").unwrap();
        fs::write(keys.join("dave.key"), "not a key\n").unwrap();
        fs::write(keys.join("notes.txt"), "hello").unwrap();

        assert_eq!(store.list().unwrap(), vec![("alice".to_string(), alice)]);
        let (listed, unreadable) = store.scan().unwrap();
        assert_eq!(listed, vec![("alice".to_string(), alice)]);
        assert!(
            matches!(&unreadable[..], [KeystoreError::Empty(c), KeystoreError::BadFile(d)]
                if *c == keys.join("carol.key") && *d == keys.join("dave.key")),
            "{unreadable:?}"
        );
        assert!(matches!(store.load("carol"), Err(KeystoreError::Empty(_))));
        assert!(store.load("carol").unwrap_err().to_string().contains("is empty"));
        assert!(matches!(store.load("dave"), Err(KeystoreError::BadFile(_))));

        // Another key, and the key whose temporary file a crash left, can be created.
        let bob = store.create("bob", [2; 32]).unwrap();
        let erin = store.create("erin", [3; 32]).unwrap();
        assert_eq!(store.public("bob").unwrap(), bob);
        assert_eq!(
            store.list().unwrap(),
            vec![("alice".to_string(), alice), ("bob".to_string(), bob), ("erin".to_string(), erin)]
        );
        // The empty file is named, not silently replaced.
        assert!(matches!(store.create("carol", [4; 32]), Err(KeystoreError::Empty(_))));
        assert_eq!(fs::metadata(keys.join("carol.key")).unwrap().len(), 0);
        // `create` leaves no temporary file of its own.
        assert_eq!(
            names(&keys),
            [
                ".bob.4242-0.tmp",
                ".carol.4242-1.tmp",
                "alice.key",
                "bob.key",
                "carol.key",
                "dave.key",
                "erin.key",
                "notes.txt"
            ]
        );
    }

    #[test]
    fn creating_an_existing_key_fails_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        let public = store.create("alice", [7; 32]).unwrap();
        let before = fs::read(keys.join("alice.key")).unwrap();
        let refused = store.create("alice", [8; 32]).unwrap_err();
        assert!(matches!(&refused, KeystoreError::Exists(name) if name == "alice"), "{refused:?}");
        assert_eq!(fs::read(keys.join("alice.key")).unwrap(), before);
        assert_eq!(store.load("alice").unwrap().to_bytes(), [7; 32]);
        assert_eq!(store.public("alice").unwrap(), public);
        assert_eq!(names(&keys), ["alice.key"]);
    }

    #[test]
    fn racing_creations_of_one_name_publish_exactly_one_whole_key() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8u8)
                .map(|i| {
                    let keys = &keys;
                    scope.spawn(move || (i, Keystore::new(keys).create("alice", [i; 32])))
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap()).collect()
        });
        let winners: Vec<u8> = results.iter().filter(|(_, r)| r.is_ok()).map(|(i, _)| *i).collect();
        assert_eq!(winners.len(), 1, "{results:?}");
        assert!(results
            .iter()
            .all(|(_, r)| r.is_ok() || matches!(r, Err(KeystoreError::Exists(name)) if name == "alice")));
        assert_eq!(Keystore::new(&keys).load("alice").unwrap().to_bytes(), [winners[0]; 32]);
        assert_eq!(names(&keys), ["alice.key"]);
    }
}
