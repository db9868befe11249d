//! The local keystore: one file per key, `NAME.key`, mode 0600, in a directory of mode 0700.
//!
//! A key file holds two lines: `cercle-key/v1` and the 32-byte ed25519 secret seed in hex; or,
//! protected by a passphrase, `cercle-key/v1 protected`, the public key in hex, then the seed
//! in hex encrypted with [age](https://age-encryption.org)'s scrypt passphrase encryption
//! (ASCII-armored, as `rage -p -a` writes it), so that a stolen laptop does not give the key
//! away. The public key in clear lets `key list` and `key show` work without the passphrase;
//! [`Keystore::load`] checks that the decrypted secret is its key. Secrets are never printed;
//! only public keys leave this module.
//!
//! A key file appears whole or not at all: [`Keystore::create`] writes and fsyncs a temporary
//! file `.NAME.….tmp` in the same directory, publishes it with a hard link (which never
//! replaces an existing key), removes the temporary name and fsyncs the directory. A failure
//! removes what it wrote; a crash leaves at most a dot-temp file, which [`Keystore::list`]
//! ignores and which does not stop the same key being created again.
//!
//! On unix a key is used only if others cannot read, change or swap it, as ssh does with its
//! private keys: the key file must be owned by the user running cercle and readable by no one
//! else (no bit of `0o077`), the keystore directory must be the user's (or root's) and writable
//! by no one else (no bit of `0o022`), and a key file that is a symbolic link must lead to a
//! file in the keystore directory itself. Otherwise the key is refused before anything is
//! written, with an error that names the file and its mode (the `chmod`/`chown` that fixes it).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{hex_decode, hex_encode, PublicKey};

/// The longest key name.
pub const KEY_NAME_MAX_CHARS: usize = 64;

const KEY_FILE_HEADER: &str = "cercle-key/v1";
const PROTECTED_HEADER: &str = "cercle-key/v1 protected";
const EXPORT_HEADER: &str = "cercle-key-export/v1";
const KEY_FILE_BYTES_MAX: u64 = 4096;

/// Where a protected key's passphrase comes from: given the key's name, the passphrase, or why
/// there is none (no terminal to ask, say).
pub type PassphraseSource = std::sync::Arc<dyn Fn(&str) -> Result<String, String> + Send + Sync>;

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
    /// A key file that other users can read or change (a bit of `0o077` is set).
    #[error(
        "the key file {} can be {} by other users (mode {mode:04o}); only you may {} it",
        path.display(),
        exposure(*mode).0,
        exposure(*mode).1
    )]
    KeyExposed {
        /// The key file.
        path: PathBuf,
        /// Its permission bits (`mode & 0o7777`).
        mode: u32,
    },
    /// A key file owned by another user than the one running cercle.
    #[error(
        "the key file {} belongs to another user (uid {owner}), not to you (uid {uid}); only a key \
         file of your own is used",
        path.display()
    )]
    KeyNotYours {
        /// The key file.
        path: PathBuf,
        /// Its owner.
        owner: u32,
        /// The effective uid of this process.
        uid: u32,
    },
    /// A key file that is a symbolic link to a file outside the keystore directory.
    #[error(
        "the key file {} is a link to {}, outside the keystore {}; a key must be in the keystore \
         itself",
        link.display(),
        target.display(),
        dir.display()
    )]
    LinkOutside {
        /// The key file (the link).
        link: PathBuf,
        /// Where it leads (resolved).
        target: PathBuf,
        /// The keystore.
        dir: PathBuf,
    },
    /// A keystore directory that other users can write to, and so swap its keys.
    #[error(
        "the keystore directory {} can be written by other users (mode {mode:04o}), who could \
         replace its keys",
        dir.display()
    )]
    DirExposed {
        /// The keystore.
        dir: PathBuf,
        /// Its permission bits (`mode & 0o7777`).
        mode: u32,
    },
    /// A keystore directory owned by another user than the one running cercle (nor root).
    #[error(
        "the keystore directory {} belongs to another user (uid {owner}), who could replace its \
         keys; it must be yours (uid {uid}) or root's",
        dir.display()
    )]
    DirNotYours {
        /// The keystore.
        dir: PathBuf,
        /// Its owner.
        owner: u32,
        /// The effective uid of this process.
        uid: u32,
    },
    /// The file system failed.
    #[error("the keystore at {path} could not be read or written: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A protected key, and no passphrase to open it.
    #[error("the key {name} is protected by a passphrase, and {why}")]
    NoPassphrase {
        /// The key's name.
        name: String,
        /// Why there is none.
        why: String,
    },
    /// The passphrase does not open the key (or the file was changed).
    #[error("the passphrase does not open the key {0}")]
    WrongPassphrase(String),
    /// A key export that is not one, or a passphrase that does not open it.
    #[error("{0} is not a cercle key export that this passphrase opens")]
    BadExport(PathBuf),
}

/// What other users may do to a key file of mode `mode`, and what only its owner may do.
fn exposure(mode: u32) -> (&'static str, &'static str) {
    if mode & 0o044 != 0 {
        ("read", "read")
    } else {
        ("changed", "change")
    }
}

/// A key file's contents.
enum KeyFile<'a> {
    Plain([u8; 32]),
    Protected { public: PublicKey, sealed: &'a str },
}

fn parse_key_file(text: &str) -> Option<KeyFile<'_>> {
    if let Some(rest) = text.strip_prefix(PROTECTED_HEADER).and_then(|rest| rest.strip_prefix('\n')) {
        let (public, sealed) = rest.split_once('\n')?;
        let public = hex_decode(public.trim()).and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())?;
        return Some(KeyFile::Protected { public: PublicKey(public), sealed });
    }
    let mut lines = text.lines();
    match (lines.next(), lines.next(), lines.next()) {
        (Some(KEY_FILE_HEADER), Some(hex), None) => {
            hex_decode(hex.trim()).and_then(|bytes| bytes.try_into().ok()).map(KeyFile::Plain)
        }
        _ => None,
    }
}

/// `plain` encrypted with `passphrase` (age, scrypt, ASCII armor).
fn seal(plain: &str, passphrase: &str) -> Result<String, KeystoreError> {
    let recipient = age::scrypt::Recipient::new(age::secrecy::SecretString::from(passphrase.to_string()));
    age::encrypt_and_armor(&recipient, plain.as_bytes()).map_err(|error| KeystoreError::Io {
        path: PathBuf::new(),
        source: std::io::Error::other(error.to_string()),
    })
}

/// What `sealed` holds, if `passphrase` opens it.
fn open_sealed(sealed: &str, passphrase: &str) -> Option<String> {
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_string()));
    let plain = age::decrypt(&identity, sealed.as_bytes()).ok()?;
    String::from_utf8(plain).ok()
}

/// The keys of a keystore, by name.
type Keys = Vec<(String, PublicKey)>;

/// A directory of signing keys.
pub struct Keystore {
    dir: PathBuf,
    passphrase: Option<PassphraseSource>,
}

impl Keystore {
    /// The keystore in `dir` (created on the first `create`).
    pub fn new(dir: &Path) -> Keystore {
        Keystore { dir: dir.to_path_buf(), passphrase: None }
    }

    /// The same keystore, opening protected keys with the passphrases `source` gives.
    pub fn with_passphrase(mut self, source: PassphraseSource) -> Keystore {
        self.passphrase = Some(source);
        self
    }

    /// Create a key protected by `passphrase` (age's scrypt encryption), as [`Keystore::create`].
    pub fn create_protected(
        &self,
        name: &str,
        seed: [u8; 32],
        passphrase: &str,
    ) -> Result<PublicKey, KeystoreError> {
        let public = PublicKey(SigningKey::from_bytes(&seed).verifying_key().to_bytes());
        let sealed = seal(&hex_encode(&seed), passphrase)?;
        let text = format!("{PROTECTED_HEADER}\n{}\n{sealed}", public.to_hex());
        self.publish_key(name, &text)?;
        Ok(public)
    }

    /// A key, encrypted with `passphrase` for another machine: `key import` reads it there.
    pub fn export(&self, name: &str, passphrase: &str) -> Result<String, KeystoreError> {
        let key = self.load(name)?;
        seal(&format!("{EXPORT_HEADER}\n{name}\n{}\n", hex_encode(&key.to_bytes())), passphrase)
    }

    /// Read a key export (`text`, from `path`) with `passphrase`: its name and its seed.
    pub fn read_export(
        path: &Path,
        text: &str,
        passphrase: &str,
    ) -> Result<(String, [u8; 32]), KeystoreError> {
        let bad = || KeystoreError::BadExport(path.to_path_buf());
        let plain = open_sealed(text, passphrase).ok_or_else(bad)?;
        let mut lines = plain.lines();
        match (lines.next(), lines.next(), lines.next(), lines.next()) {
            (Some(EXPORT_HEADER), Some(name), Some(hex), None) => {
                let seed = hex_decode(hex.trim()).and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
                Ok((name.to_string(), seed.ok_or_else(bad)?))
            }
            _ => Err(bad()),
        }
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
        self.publish_key(name, &format!("{KEY_FILE_HEADER}\n{}\n", hex_encode(&seed)))?;
        Ok(PublicKey(SigningKey::from_bytes(&seed).verifying_key().to_bytes()))
    }

    /// Write a new key file's `text` (see [`Keystore::create`]).
    fn publish_key(&self, name: &str, text: &str) -> Result<(), KeystoreError> {
        let path = self.path_of(name)?;
        create_private_dir(&self.dir)
            .map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
        // A directory others can write to would let them swap the key once written.
        self.check_dir()?;
        let not_created =
            |source| KeystoreError::NotCreated { name: name.to_string(), dir: self.dir.clone(), source };
        match publish(&self.dir, name, &path, text.as_bytes()) {
            Ok(()) => Ok(()),
            Err(Publish::Exists) => Err(self.exists(name, &path)),
            Err(Publish::Failed(source)) => Err(not_created(source)),
            Err(Publish::Unknown(source)) => Err(KeystoreError::Io { path, source }),
        }
    }

    /// Why `create` found `path` taken: a key, or an empty file that an older cercle left.
    fn exists(&self, name: &str, path: &Path) -> KeystoreError {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => KeystoreError::Empty(path.to_path_buf()),
            _ => KeystoreError::Exists(name.to_string()),
        }
    }

    /// The signing key named `name`, refused (on unix) if others could read, change or swap it:
    /// see the module's documentation.
    pub fn load(&self, name: &str) -> Result<SigningKey, KeystoreError> {
        let (path, text) = self.read_checked(name)?;
        let seed = match parse_key_file(&text) {
            Some(KeyFile::Plain(seed)) => seed,
            Some(KeyFile::Protected { public, sealed }) => {
                let source = self.passphrase.as_ref().ok_or_else(|| KeystoreError::NoPassphrase {
                    name: name.to_string(),
                    why: "no passphrase was given".into(),
                })?;
                let passphrase = source(name)
                    .map_err(|why| KeystoreError::NoPassphrase { name: name.to_string(), why })?;
                let hex = open_sealed(sealed, &passphrase)
                    .ok_or_else(|| KeystoreError::WrongPassphrase(name.to_string()))?;
                let seed = hex_decode(hex.trim()).and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
                let seed = seed.ok_or_else(|| KeystoreError::BadFile(path.clone()))?;
                // The public key in clear must be this secret's, or the file was tampered with.
                if SigningKey::from_bytes(&seed).verifying_key().to_bytes() != public.0 {
                    return Err(KeystoreError::BadFile(path));
                }
                seed
            }
            None => return Err(KeystoreError::BadFile(path)),
        };
        Ok(SigningKey::from_bytes(&seed))
    }

    /// The public key named `name` (a protected key's, without its passphrase), after the same
    /// checks as [`Keystore::load`].
    pub fn public(&self, name: &str) -> Result<PublicKey, KeystoreError> {
        let (path, text) = self.read_checked(name)?;
        match parse_key_file(&text) {
            Some(KeyFile::Plain(seed)) => {
                Ok(PublicKey(SigningKey::from_bytes(&seed).verifying_key().to_bytes()))
            }
            Some(KeyFile::Protected { public, .. }) => Ok(public),
            None => Err(KeystoreError::BadFile(path)),
        }
    }

    /// The text of the key file named `name`, read (at most [`KEY_FILE_BYTES_MAX`] bytes) only
    /// if others cannot read, change or swap it: see the module's documentation.
    fn read_checked(&self, name: &str) -> Result<(PathBuf, String), KeystoreError> {
        let path = self.path_of(name)?;
        let no_such_key = || KeystoreError::NoSuchKey { name: name.to_string(), dir: self.dir.clone() };
        let io = |path: &Path, source: std::io::Error| match source.kind() {
            std::io::ErrorKind::NotFound => no_such_key(),
            _ => KeystoreError::Io { path: path.to_path_buf(), source },
        };
        match self.check_dir() {
            Err(KeystoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(no_such_key())
            }
            checked => checked?,
        }
        self.check_link(&path).map_err(|error| match error {
            KeystoreError::Io { path, source } => io(&path, source),
            other => other,
        })?;
        let mut file = fs::File::open(&path).map_err(|source| io(&path, source))?;
        let meta = file.metadata().map_err(|source| io(&path, source))?;
        if !meta.is_file() {
            return Err(KeystoreError::BadFile(path));
        }
        // An empty file holds no secret to protect: say first that it is empty.
        if meta.len() == 0 {
            return Err(KeystoreError::Empty(path));
        }
        check_key_file(&path, &meta)?;
        let text = read_small(&mut file).map_err(|source| io(&path, source))?;
        if text.is_empty() {
            return Err(KeystoreError::Empty(path));
        }
        Ok((path, text))
    }

    /// Every key that can be read, by name. A key file that cannot be read, is not a key
    /// (e.g. 0 bytes) or is refused (others may read it, say) is left out: [`Keystore::scan`]
    /// also says which, and `load` of its name says why. Fails only if the directory itself
    /// cannot be read or is refused (others may write to it), which refuses every key in it.
    pub fn list(&self) -> Result<Vec<(String, PublicKey)>, KeystoreError> {
        Ok(self.scan()?.0)
    }

    /// Every key that can be read, by name, and why each `NAME.key` file that could not be
    /// read was left out (by name; each error names its file). Files whose name starts with
    /// `.` (a `create` cut short leaves `.NAME.….tmp`) and other files are ignored. Fails only
    /// if the directory itself cannot be read or is refused; a missing directory holds no key.
    pub fn scan(&self) -> Result<(Keys, Vec<KeystoreError>), KeystoreError> {
        match self.check_dir() {
            Err(KeystoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            checked => checked?,
        }
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

    /// Refuse a keystore directory that others could write to (mode `0o022`) or that belongs
    /// to another user than ours or root's: they could swap its key files. A missing directory
    /// is an `Io` error of kind `NotFound`.
    fn check_dir(&self) -> Result<(), KeystoreError> {
        let meta =
            fs::metadata(&self.dir).map_err(|source| KeystoreError::Io { path: self.dir.clone(), source })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            if let Some(uid) = effective_uid() {
                if meta.uid() != uid && meta.uid() != 0 {
                    return Err(KeystoreError::DirNotYours { dir: self.dir.clone(), owner: meta.uid(), uid });
                }
            }
            if meta.mode() & 0o022 != 0 {
                return Err(KeystoreError::DirExposed { dir: self.dir.clone(), mode: meta.mode() & 0o7777 });
            }
        }
        #[cfg(not(unix))]
        let _ = meta;
        Ok(())
    }

    /// Refuse a key file that is a symbolic link to a file outside the keystore directory (a
    /// link to another key file of the keystore is fine).
    fn check_link(&self, path: &Path) -> Result<(), KeystoreError> {
        fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeystoreError + '_ {
            move |source| KeystoreError::Io { path: path.to_path_buf(), source }
        }
        if !fs::symlink_metadata(path).map_err(io(path))?.file_type().is_symlink() {
            return Ok(());
        }
        let target = fs::canonicalize(path).map_err(io(path))?;
        let dir = fs::canonicalize(&self.dir).map_err(io(&self.dir))?;
        // In the directory itself, whose mode and owner were checked; not in a subdirectory.
        if target.parent() == Some(dir.as_path()) {
            Ok(())
        } else {
            Err(KeystoreError::LinkOutside { link: path.to_path_buf(), target, dir: self.dir.clone() })
        }
    }
}

/// Refuse a key file (`meta` of the open file) that belongs to another user or that others
/// may read or change (mode `0o077`), as ssh does. Root is no exception: root's key files must
/// be root's, of mode 0600.
fn check_key_file(path: &Path, meta: &fs::Metadata) -> Result<(), KeystoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let Some(uid) = effective_uid() {
            if meta.uid() != uid {
                return Err(KeystoreError::KeyNotYours { path: path.to_path_buf(), owner: meta.uid(), uid });
            }
        }
        if meta.mode() & 0o077 != 0 {
            return Err(KeystoreError::KeyExposed { path: path.to_path_buf(), mode: meta.mode() & 0o7777 });
        }
    }
    #[cfg(not(unix))]
    let _ = (path, meta);
    Ok(())
}

/// The effective uid of this process: the user whose key files are used.
///
/// std has no `geteuid`, this crate forbids `unsafe` (so no `libc` call) and we add no
/// dependency. On Linux, the `Uid:` line of `/proc/self/status` gives the real, effective,
/// saved and file-system uids: take the second. (The owner of `/proc/self` is also the
/// effective uid, but becomes root for a process that is not "dumpable", e.g. after a setuid
/// change: the status file has no such exception.) Where there is no `/proc` (macOS, the BSDs),
/// a new file is owned by the effective uid: create one in the temporary directory, read its
/// owner and remove it. If neither works the owner checks are skipped (the mode checks still
/// apply). Computed once per process.
#[cfg(unix)]
fn effective_uid() -> Option<u32> {
    static UID: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UID.get_or_init(|| proc_status_euid().or_else(new_file_owner))
}

#[cfg(unix)]
fn proc_status_euid() -> Option<u32> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let uids = status.lines().find_map(|line| line.strip_prefix("Uid:"))?;
    uids.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(unix)]
fn new_file_owner() -> Option<u32> {
    use std::os::unix::fs::MetadataExt as _;
    let (path, file) = create_temp(&std::env::temp_dir(), "cercle-uid").ok()?;
    let owner = file.metadata().map(|meta| meta.uid()).ok();
    drop(file);
    let _ = fs::remove_file(&path);
    owner
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

fn read_small(file: &mut fs::File) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut text = String::new();
    file.take(KEY_FILE_BYTES_MAX).read_to_string(&mut text)?;
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
    fn a_protected_key_opens_with_its_passphrase_only() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Keystore::new(dir.path());
        let public = plain.create_protected("amelie", [7; 32], "correct horse").unwrap();
        let text = fs::read_to_string(dir.path().join("amelie.key")).unwrap();
        assert!(text.starts_with("cercle-key/v1 protected\n") && text.contains("BEGIN AGE ENCRYPTED FILE"));
        assert!(!text.contains(&hex_encode(&[7; 32])), "the secret is not in clear");
        // The public key without the passphrase; the secret not.
        assert_eq!(plain.public("amelie").unwrap(), public);
        assert!(matches!(plain.load("amelie"), Err(KeystoreError::NoPassphrase { .. })));
        let given =
            |pass: &'static str| -> PassphraseSource { std::sync::Arc::new(move |_| Ok(pass.to_string())) };
        let wrong = Keystore::new(dir.path()).with_passphrase(given("hunter2"));
        assert!(matches!(wrong.load("amelie"), Err(KeystoreError::WrongPassphrase(_))));
        let right = Keystore::new(dir.path()).with_passphrase(given("correct horse"));
        assert_eq!(right.load("amelie").unwrap().to_bytes(), [7; 32]);
        // An export opens elsewhere with its own passphrase only.
        let export = right.export("amelie", "moving day").unwrap();
        let path = Path::new("amelie.export");
        assert_eq!(
            Keystore::read_export(path, &export, "moving day").unwrap(),
            ("amelie".to_string(), [7; 32])
        );
        assert!(matches!(Keystore::read_export(path, &export, "nope"), Err(KeystoreError::BadExport(_))));
        // A protected file whose public key was changed is refused once opened.
        let other = hex_encode(&SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes());
        let tampered = text.replace(&public.to_hex(), &other);
        fs::write(dir.path().join("amelie.key"), tampered).unwrap();
        assert!(matches!(right.load("amelie"), Err(KeystoreError::BadFile(_))));
    }

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
        #[cfg(unix)]
        chmod(&keys.join("dave.key"), 0o600);
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

    #[cfg(unix)]
    fn chmod(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_effective_uid_owns_the_files_we_create() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine");
        fs::write(&path, "").unwrap();
        let owner = fs::metadata(&path).unwrap().uid();
        assert_eq!(effective_uid(), Some(owner));
        assert_eq!(new_file_owner(), Some(owner));
        if Path::new("/proc/self/status").exists() {
            assert_eq!(proc_status_euid(), Some(owner));
        }
    }

    #[cfg(unix)]
    #[test]
    fn key_files_others_may_read_or_change_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        let alice = store.create("alice", [1; 32]).unwrap();
        let bob = store.create("bob", [2; 32]).unwrap();
        let path = keys.join("alice.key");
        for (mode, verb) in [(0o644, "read"), (0o640, "read"), (0o604, "read"), (0o620, "changed")] {
            chmod(&path, mode);
            let refused = store.load("alice").unwrap_err();
            assert!(
                matches!(&refused, KeystoreError::KeyExposed { path: p, mode: m } if *p == path && *m == mode),
                "{refused:?}"
            );
            let text = refused.to_string();
            assert!(text.contains(&format!("can be {verb} by other users (mode 0{mode:o})")), "{text}");
            // One such file does not hide the others.
            assert_eq!(store.list().unwrap(), vec![("bob".to_string(), bob)]);
        }
        assert!(store.load("alice").unwrap_err().to_string().ends_with("only you may change it"));
        chmod(&path, 0o644);
        assert_eq!(
            store.load("alice").unwrap_err().to_string(),
            format!(
                "the key file {} can be read by other users (mode 0644); only you may read it",
                path.display()
            )
        );
        chmod(&path, 0o400);
        assert_eq!(store.public("alice").unwrap(), alice);
        chmod(&path, 0o600);
        assert_eq!(store.public("alice").unwrap(), alice);
    }

    #[cfg(unix)]
    #[test]
    fn a_keystore_others_may_write_to_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        store.create("alice", [1; 32]).unwrap();
        for mode in [0o770, 0o702, 0o777, 0o1777] {
            chmod(&keys, mode);
            let refused = store.load("alice").unwrap_err();
            assert!(
                matches!(&refused, KeystoreError::DirExposed { dir: d, mode: m } if *d == keys && *m == mode),
                "{refused:?}"
            );
            assert!(matches!(store.list(), Err(KeystoreError::DirExposed { .. })));
            assert!(matches!(store.create("bob", [2; 32]), Err(KeystoreError::DirExposed { .. })));
            assert_eq!(names(&keys), ["alice.key"]);
        }
        chmod(&keys, 0o755);
        store.create("bob", [2; 32]).unwrap();
        assert_eq!(store.list().unwrap().len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_keystore_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("new").join("keys");
        Keystore::new(&keys).create("alice", [1; 32]).unwrap();
        assert_eq!(fs::metadata(&keys).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_key_outside_the_keystore_is_refused_one_inside_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        let alice = store.create("alice", [1; 32]).unwrap();
        let elsewhere = Keystore::new(&dir.path().join("elsewhere"));
        elsewhere.create("bob", [2; 32]).unwrap();
        let bob = dir.path().join("elsewhere").join("bob.key");

        std::os::unix::fs::symlink(&bob, keys.join("bob.key")).unwrap();
        let refused = store.load("bob").unwrap_err();
        assert!(
            matches!(&refused, KeystoreError::LinkOutside { link, target, dir: d }
                if *link == keys.join("bob.key") && *target == fs::canonicalize(&bob).unwrap() && *d == keys),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("outside the keystore"), "{refused}");
        // A link into a subdirectory is outside too.
        fs::create_dir(keys.join("sub")).unwrap();
        fs::copy(keys.join("alice.key"), keys.join("sub").join("carol.key")).unwrap();
        std::os::unix::fs::symlink("sub/carol.key", keys.join("carol.key")).unwrap();
        assert!(matches!(store.load("carol"), Err(KeystoreError::LinkOutside { .. })));

        // A link to another key of the keystore, relative or absolute.
        std::os::unix::fs::symlink("alice.key", keys.join("amelie.key")).unwrap();
        std::os::unix::fs::symlink(keys.join("alice.key"), keys.join("al.key")).unwrap();
        assert_eq!(store.public("amelie").unwrap(), alice);
        assert_eq!(store.public("al").unwrap(), alice);
        let listed: Vec<String> = store.list().unwrap().into_iter().map(|(name, _)| name).collect();
        assert_eq!(listed, ["al", "alice", "amelie"]);
        // A keystore reached through a link is still the keystore.
        std::os::unix::fs::symlink(&keys, dir.path().join("linked")).unwrap();
        assert_eq!(Keystore::new(&dir.path().join("linked")).public("amelie").unwrap(), alice);
        // A dangling link is no key.
        std::os::unix::fs::symlink("gone.key", keys.join("dan.key")).unwrap();
        assert!(matches!(store.load("dan"), Err(KeystoreError::NoSuchKey { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_of_another_user_is_refused() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let store = Keystore::new(&keys);
        store.create("alice", [1; 32]).unwrap();
        let path = keys.join("alice.key");
        let me = fs::metadata(&path).unwrap().uid();
        if me != 0 {
            eprintln!("skipped: giving a file to another user needs root");
            return;
        }
        std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
        let refused = store.load("alice").unwrap_err();
        assert!(
            matches!(&refused, KeystoreError::KeyNotYours { path: p, owner: 65534, uid: 0 } if *p == path),
            "{refused:?}"
        );
        assert!(store.list().unwrap().is_empty());
        // A keystore of another user (not root) is refused whole.
        std::os::unix::fs::chown(&path, Some(0), None).unwrap();
        std::os::unix::fs::chown(&keys, Some(65534), None).unwrap();
        assert!(matches!(store.load("alice"), Err(KeystoreError::DirNotYours { owner: 65534, uid: 0, .. })));
        std::os::unix::fs::chown(&keys, Some(0), None).unwrap();
        assert!(store.load("alice").is_ok());
    }
}
