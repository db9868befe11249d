//! The local keystore: one file per key, `NAME.key`, mode 0600, in a directory of mode 0700.
//!
//! A key file holds two lines: `cercle-key/v1` and the 32-byte ed25519 secret seed in hex.
//! Secrets are never printed; only public keys leave this module.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
    /// The file system failed.
    #[error("the keystore at {path} could not be read or written: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

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
    pub fn create(&self, name: &str, seed: [u8; 32]) -> Result<PublicKey, KeystoreError> {
        let path = self.path_of(name)?;
        create_private_dir(&self.dir)
            .map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => KeystoreError::Exists(name.to_string()),
            _ => KeystoreError::Io { path: path.clone(), source },
        })?;
        let text = format!("{KEY_FILE_HEADER}\n{}\n", hex_encode(&seed));
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|source| KeystoreError::Io { path: path.clone(), source })?;
        Ok(PublicKey(SigningKey::from_bytes(&seed).verifying_key().to_bytes()))
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

    /// Every key, by name.
    pub fn list(&self) -> Result<Vec<(String, PublicKey)>, KeystoreError> {
        let read = match fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(KeystoreError::Io { path: self.dir.clone(), source }),
        };
        let mut keys = Vec::new();
        for item in read {
            let item = item.map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
            let file_name = item.file_name();
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".key")) else { continue };
            if check_name(name).is_ok() {
                keys.push((name.to_string(), self.public(name)?));
            }
        }
        keys.sort();
        Ok(keys)
    }

    fn path_of(&self, name: &str) -> Result<PathBuf, KeystoreError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.key")))
    }
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
    builder.create(dir)
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
}
