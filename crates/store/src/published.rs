//! Reading a ledger published by `cercle publish` in the C2SP tlog-tiles layout
//! (`docs/FORMAT.md` §11): the signed `checkpoint` and the entry bundles `tile/entries/…`, read
//! in order as an export is. What is read is checked as it goes: the checkpoint must be a tree
//! note of the circle the first entry founds, signed by that circle's support key; the entries
//! must be exactly the checkpoint's size, the last one the head the checkpoint names (if it
//! names one); and the RFC 6962 root of their hashes must be the checkpoint's root (so a
//! changed, missing or added entry fails, whatever the tiles say).
//! Verifying the entries themselves (signatures, chain, rules) is the caller's, as for an export.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cercle_core::merkle::Frontier;
use cercle_core::{
    parse_note, verify_note, Body, FormatError, NoteBody, PublicKey, Role, SignedEntry, TreeCheckpoint,
    KEEPER_KEY_NAME, SUPPORT_KEY_NAME,
};

use crate::damage::PublishedDamage;
use crate::store::StoreError;

/// Hashes per full tile, and entries per full bundle (tiles of height 8).
pub const TILE_WIDTH: u64 = 256;
const BUNDLE_ENTRIES: u64 = TILE_WIDTH;
/// A bundle holds at most 256 entries of at most 16 KiB and their lengths.
const BUNDLE_BYTES_MAX: u64 = BUNDLE_ENTRIES * (cercle_core::ENTRY_BYTES_MAX as u64 + 2);

/// Whether `dir` looks like a published ledger (a `checkpoint` and `tile/`, and not a ledger
/// directory of ours).
pub fn is_published(dir: &Path) -> bool {
    dir.join("checkpoint").is_file() && dir.join("tile").is_dir() && !dir.join("format").exists()
}

/// A published ledger: its checkpoint, read and parsed (not yet verified: see
/// [`Published::entries`]).
#[derive(Debug, Clone)]
pub struct Published {
    dir: PathBuf,
    note: String,
    tree: TreeCheckpoint,
}

impl Published {
    /// Read the checkpoint of the published ledger at `dir`.
    pub fn open(dir: &Path) -> Result<Published, StoreError> {
        let path = dir.join("checkpoint");
        let bytes = read_bounded(&path, cercle_core::CHECKPOINT_BYTES_MAX as u64)?;
        let damaged = |reason: PublishedDamage| StoreError::Published { path: dir.to_path_buf(), reason };
        let note = String::from_utf8(bytes).map_err(|_| damaged(PublishedDamage::CheckpointNotText))?;
        let parsed = parse_note(&note)
            .map_err(|error| damaged(PublishedDamage::CheckpointUnreadable { error: Box::new(error) }))?;
        let NoteBody::Tree(tree) = *parsed.body() else {
            return Err(damaged(PublishedDamage::NotATreeCheckpoint));
        };
        Ok(Published { dir: dir.to_path_buf(), note, tree })
    }

    /// The checkpoint note, as published.
    pub fn note(&self) -> &str {
        &self.note
    }

    /// What the checkpoint states.
    pub fn tree(&self) -> TreeCheckpoint {
        self.tree
    }

    /// The entries `0 .. size`, in order, from the bundles. The checkpoint must be signed by
    /// the support key the genesis names (checked after the genesis) or, as the keeper's
    /// ([`cercle_core::KEEPER_KEY_NAME`]), by the key of a soucieux current at the last entry
    /// (checked after it, the soucieux followed on the way: [`Soucieux`]). The last must have the hash the checkpoint's head
    /// line names, if it has one; after the last, the root of all their hashes must be the
    /// checkpoint's: a last `Err` says so otherwise.
    pub fn entries(&self) -> impl Iterator<Item = Result<SignedEntry, StoreError>> + '_ {
        let (mut entries, mut frontier, mut done) = (self.entries_from(0), Frontier::new(), false);
        // The soucieux, while the keeper's signature remains to be checked.
        let mut members: Option<Soucieux> = None;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            let checked = match entries.next() {
                None => {
                    done = true;
                    let size = self.tree.size;
                    if frontier.root() != self.tree.root {
                        return Some(Err(self.damaged(PublishedDamage::RootDiffers { size })));
                    }
                    return members.take().and_then(|keys| self.check_keeper(&keys).err()).map(Err);
                }
                Some(Ok(entry)) if frontier.size() == 0 => self.check_signature(&entry).map(|by_support| {
                    if !by_support {
                        members = Some(Soucieux::founded(&entry));
                    }
                    entry
                }),
                Some(Ok(entry)) => {
                    if let Some(soucieux) = &mut members {
                        soucieux.follow(entry.entry());
                    }
                    Ok(entry)
                }
                Some(entry) => entry,
            };
            let pushed = checked.and_then(|entry| Ok(frontier.push(entry.hash().0).map(|()| entry)?));
            done = pushed.is_err();
            Some(pushed)
        })
    }

    /// The entries `seq .. size`, in order, from the bundles, checked neither against the
    /// checkpoint's signature nor its root: for a caller that extends a Merkle frontier it
    /// trusts with their hashes and compares the root itself (`cercle audit --witness`,
    /// `cercle sync`). The last must have the hash the checkpoint's head line names, if it has
    /// one (§10: witnesses vouch only for the first three lines, so a reader holding the entries
    /// checks it).
    pub fn entries_from(&self, seq: u64) -> impl Iterator<Item = Result<SignedEntry, StoreError>> + '_ {
        let size = self.tree.size;
        let mut next = seq.min(size);
        let mut bundle: Vec<SignedEntry> = Vec::new();
        let mut failed = false;
        std::iter::from_fn(move || {
            if failed || next >= size {
                return None;
            }
            if bundle.is_empty() {
                let n = next / BUNDLE_ENTRIES;
                let width = (size - n * BUNDLE_ENTRIES).min(BUNDLE_ENTRIES);
                match self.bundle(n, width) {
                    Ok(entries) => bundle = entries,
                    Err(error) => {
                        failed = true;
                        return Some(Err(error));
                    }
                }
                // The bundle's entries before `next` (the first bundle read may start inside).
                let skip = usize::try_from(next - n * BUNDLE_ENTRIES).unwrap_or(usize::MAX);
                bundle.truncate(bundle.len().saturating_sub(skip));
            }
            next += 1;
            let Some(entry) = bundle.pop() else {
                failed = true;
                return Some(Err(self.damaged(PublishedDamage::BundleEmpty)));
            };
            match self.tree.head.filter(|head| next == size && entry.hash() != *head) {
                Some(head) => {
                    failed = true;
                    Some(Err(self.damaged(PublishedDamage::HeadDiffers {
                        named: head,
                        seq: next - 1,
                        found: entry.hash(),
                    })))
                }
                None => Some(Ok(entry)),
            }
        })
    }

    /// The hash of the perfect subtree (`level`, `n`) (leaves `n·2^level .. (n+1)·2^level`,
    /// within the checkpoint's size), from the hash tiles: the tiles of level `L` hold the
    /// hashes of the tree's level `8·L`, so a node between is computed from the `2^(level mod
    /// 8)` hashes below it in one tile. The hashes are taken as they are: whoever uses them
    /// checks what they lead to against a root it trusts.
    pub fn tree_node(&self, level: u8, n: u64) -> Result<[u8; 32], StoreError> {
        let (tile_level, height) = (level / 8, level % 8);
        let count = 1u64 << height;
        let first = n.checked_shl(u32::from(height)).filter(|first| first >> height == n);
        let at_level = self.tree.size.checked_shr(8 * u32::from(tile_level)).unwrap_or(0);
        let Some(first) = first.filter(|first| first.saturating_add(count) <= at_level) else {
            return Err(self.damaged(PublishedDamage::NoNode { size: self.tree.size, n, level }));
        };
        let tile = first / TILE_WIDTH;
        let width = (at_level - tile * TILE_WIDTH).min(TILE_WIDTH);
        let relative = tile_path(&tile_level.to_string(), tile, width);
        let bytes = read_bounded(&self.dir.join(&relative), TILE_WIDTH * 32)?;
        if bytes.len() as u64 != width * 32 {
            return Err(self.damaged(PublishedDamage::TileSize {
                tile: relative,
                bytes: bytes.len() as u64,
                expected: width * 32,
            }));
        }
        let start = usize::try_from((first % TILE_WIDTH) * 32).unwrap_or(usize::MAX);
        let hashes: Vec<[u8; 32]> = bytes[start..start + 32 * count as usize]
            .chunks_exact(32)
            .map(|hash| <[u8; 32]>::try_from(hash).unwrap_or([0; 32]))
            .collect();
        Ok(cercle_core::merkle::root(&hashes))
    }

    fn damaged(&self, reason: PublishedDamage) -> StoreError {
        StoreError::Published { path: self.dir.clone(), reason }
    }

    /// The entries of bundle `n` (`width` of them), each a length (u16) then its bytes, last
    /// first (they are popped from the end, in order).
    fn bundle(&self, n: u64, width: u64) -> Result<Vec<SignedEntry>, StoreError> {
        let relative = tile_path("entries", n, width);
        let bytes = read_bounded(&self.dir.join(&relative), BUNDLE_BYTES_MAX)?;
        let mut entries = parse_bundle(&bytes, n * BUNDLE_ENTRIES, width).map_err(|error| match error {
            BundleError::Format { seq, error } => {
                StoreError::Verify(cercle_core::VerifyError::Format { position: seq, error })
            }
            BundleError::CutShort { seq } => {
                self.damaged(PublishedDamage::BundleCutShort { bundle: relative.clone(), seq })
            }
            BundleError::TooLong { width } => {
                self.damaged(PublishedDamage::BundleTooLong { bundle: relative.clone(), width })
            }
        })?;
        entries.reverse();
        Ok(entries)
    }

    /// The checkpoint must be signed by the support key current at the last entry (it may have
    /// been replaced since the genesis) or as the keeper by a current soucieux.
    fn check_keeper(&self, soucieux: &Soucieux) -> Result<(), StoreError> {
        let parsed = parse_note(&self.note)
            .map_err(|error| self.damaged(PublishedDamage::Checkpoint { error: Box::new(error) }))?;
        let keepers = soucieux.current().into_iter().map(|key| (KEEPER_KEY_NAME, key));
        let known: Vec<(&str, PublicKey)> =
            soucieux.support.map(|key| (SUPPORT_KEY_NAME, key)).into_iter().chain(keepers).collect();
        verify_note(&parsed, &known)
            .map(|_| ())
            .map_err(|error| self.damaged(PublishedDamage::NotSignedByKeeper { error: Box::new(error) }))
    }

    /// Whether the checkpoint is signed by the support key the genesis names; if not, the
    /// keeper's signature is checked after the last entry ([`Published::check_keeper`]).
    fn check_signature(&self, genesis: &SignedEntry) -> Result<bool, StoreError> {
        let Body::Genesis(body) = &genesis.entry().body else {
            return Err(self.damaged(PublishedDamage::NoGenesis));
        };
        let support = body.support_key.ok_or_else(|| self.damaged(PublishedDamage::NoSupportKey))?;
        if genesis.hash() != self.tree.circle {
            return Err(self.damaged(PublishedDamage::OtherCircle));
        }
        let parsed = parse_note(&self.note)
            .map_err(|error| self.damaged(PublishedDamage::Checkpoint { error: Box::new(error) }))?;
        match verify_note(&parsed, &[(SUPPORT_KEY_NAME, support)]) {
            Ok(_) => Ok(true),
            Err(cercle_core::CheckpointError::NoKnownSignature) => Ok(false),
            Err(error) => {
                Err(self.damaged(PublishedDamage::SupportSignatureWrong { error: Box::new(error) }))
            }
        }
    }
}

/// Who is a soucieux, and the support key, followed entry by entry, for the one thing a
/// published folder's reader needs before the caller's verifier has the whole ledger: which
/// keys may sign its checkpoint (the support key, replaced since the genesis, or a soucieux's as
/// the keeper). It follows the member and key entries as written (a key replacement counts
/// when the countersignatures `docs/FORMAT.md` §17 asks for are there); that they obey the rules
/// is the verifier's to check (the caller verifies every entry it reads).
#[derive(Default)]
struct Soucieux {
    /// Every member's key, by name (case-insensitive key), and whether they are a current
    /// soucieux.
    members: BTreeMap<String, (PublicKey, bool)>,
    /// The support key.
    support: Option<PublicKey>,
    /// Key replacements waiting, by seq: the member's name key (`None`: the support team's), the
    /// new key, and who signed (name keys; the support team as `None`).
    pending: BTreeMap<u64, Waiting>,
}

/// A key replacement waiting: whose (a member's name key, `None` for the support team), the new
/// key, who signed (name keys, `None` for the support team).
type Waiting = (Option<String>, PublicKey, Vec<Option<String>>);

impl Soucieux {
    fn founded(genesis: &SignedEntry) -> Soucieux {
        let mut soucieux = Soucieux::default();
        if let Body::Genesis(g) = &genesis.entry().body {
            soucieux.members.insert(g.founder.key(), (genesis.entry().author, true));
            soucieux.support = g.support_key;
        }
        soucieux
    }

    /// Who signs with `key`: a member (name key), or the support team (`None`).
    fn signer(&self, key: &PublicKey) -> Option<String> {
        self.members.iter().find(|(_, (k, _))| k == key).map(|(name, _)| name.clone())
    }

    fn all_soucieux_signed(&self, signers: &[Option<String>]) -> bool {
        self.members.iter().filter(|(_, (_, s))| *s).all(|(name, _)| signers.contains(&Some(name.clone())))
    }

    fn follow(&mut self, entry: &cercle_core::Entry) {
        let (seq, actor) = (entry.seq, entry.actor());
        match entry.body.act() {
            Body::MemberKey { name, key } => {
                let holder = Some(name.key());
                self.pending.retain(|_, (h, _, _)| *h != holder);
                self.pending.insert(seq, (holder, *key, vec![self.signer(&actor)]));
            }
            Body::SupportKey { key } if self.support == Some(actor) => {
                self.pending.retain(|_, (h, _, _)| h.is_some());
                self.support = Some(*key);
            }
            Body::SupportKey { key } => {
                self.pending.retain(|_, (h, _, _)| h.is_some());
                let signers = vec![self.signer(&actor)];
                if self.all_soucieux_signed(&signers) {
                    self.support = Some(*key);
                } else {
                    self.pending.insert(seq, (None, *key, signers));
                }
            }
            Body::Countersign { target } => {
                let signer = self.signer(&actor);
                let Some((holder, key, mut signers)) = self.pending.remove(target) else { return };
                signers.push(signer);
                match holder {
                    Some(name) => {
                        if let Some((old, _)) = self.members.get_mut(&name) {
                            *old = key;
                        }
                    }
                    None if self.all_soucieux_signed(&signers) => self.support = Some(key),
                    None => {
                        self.pending.insert(*target, (None, key, signers));
                    }
                }
            }
            body => self.follow_member(body),
        }
    }

    fn follow_member(&mut self, body: &Body) {
        match body {
            Body::MemberAdd { name, key, role } => {
                self.members.insert(name.key(), (*key, *role == Role::Soucieux));
            }
            Body::MemberRole { name, role } => {
                if let Some((_, soucieux)) = self.members.get_mut(&name.key()) {
                    *soucieux = *role == Role::Soucieux;
                }
            }
            Body::MemberLeave { name } => {
                if let Some((_, soucieux)) = self.members.get_mut(&name.key()) {
                    *soucieux = false;
                }
            }
            _ => {}
        }
    }

    fn current(&self) -> Vec<PublicKey> {
        self.members.values().filter(|(_, soucieux)| *soucieux).map(|(key, _)| *key).collect()
    }
}

/// Why bytes are not an entry bundle of the expected width ([`parse_bundle`]). Displayed as the
/// end of a sentence about the bundle's file (`tile/entries/000.p/6 is cut short at entry #5`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bytes end inside entry `seq`'s length or inside its bytes, or before it.
    #[error("is cut short at entry #{seq}")]
    CutShort {
        /// The entry cut short.
        seq: u64,
    },
    /// Bytes are left after the bundle's `width` entries.
    #[error("holds more than its {width} entries")]
    TooLong {
        /// The entries the bundle should hold.
        width: u64,
    },
    /// Entry `seq`'s bytes do not decode to an entry.
    #[error("holds entry #{seq}, which cannot be read: {error}")]
    Format {
        /// The entry.
        seq: u64,
        /// What is wrong with its bytes.
        error: FormatError,
    },
}

/// The `width` entries of an entry bundle (`docs/FORMAT.md` §11), in order: for each, its
/// length as a big-endian `u16`, then its exact signed bytes, and nothing after the last. The
/// first is entry `first_seq` (the bundle's number times 256), which only names the entries in
/// errors (saturating at `u64::MAX`). Each entry's bytes are decoded, not verified (signature,
/// chain and rules are the caller's), so the entries re-encode to exactly `bytes`.
///
/// Pure and total: any bytes and any `width` give entries or an error, never a panic, and
/// memory in proportion to `bytes` only.
///
/// # Errors
///
/// [`BundleError::CutShort`] if the bytes end before the `width`-th entry does,
/// [`BundleError::Format`] for the first entry that does not decode, [`BundleError::TooLong`]
/// if bytes follow the last.
pub fn parse_bundle(bytes: &[u8], first_seq: u64, width: u64) -> Result<Vec<SignedEntry>, BundleError> {
    // Each entry takes at least its 2-byte length: no more can be there than bytes / 2.
    let capacity = usize::try_from(width.min(bytes.len() as u64 / 2)).unwrap_or(0);
    let mut entries = Vec::with_capacity(capacity);
    let mut rest = bytes;
    for i in 0..width {
        let seq = first_seq.saturating_add(i);
        let cut = || BundleError::CutShort { seq };
        let (length, after) = rest.split_first_chunk::<2>().ok_or_else(cut)?;
        let length = usize::from(u16::from_be_bytes(*length));
        let (entry, after) = after.split_at_checked(length).ok_or_else(cut)?;
        let entry =
            SignedEntry::from_bytes(entry.to_vec()).map_err(|error| BundleError::Format { seq, error })?;
        entries.push(entry);
        rest = after;
    }
    if !rest.is_empty() {
        return Err(BundleError::TooLong { width });
    }
    Ok(entries)
}

/// The path of tile `n` of `level` (a number, or `entries` for the entry bundles) holding
/// `width` hashes or entries, under the publication's root: `tile/<level>/<n>`, with `.p/<width>`
/// for a partial one (C2SP tlog-tiles).
pub fn tile_path(level: &str, n: u64, width: u64) -> String {
    let mut path = format!("tile/{level}/{}", index_path(n));
    if width < TILE_WIDTH {
        path.push_str(&format!(".p/{width}"));
    }
    path
}

/// `n` as zero-padded 3-digit path elements, all but the last prefixed with `x`
/// (1234067 → `x001/x234/067`), as C2SP tlog-tiles writes tile indexes.
fn index_path(mut n: u64) -> String {
    let mut elements = vec![format!("{:03}", n % 1000)];
    n /= 1000;
    while n > 0 {
        elements.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    elements.reverse();
    elements.join("/")
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let length = std::fs::metadata(path).map_err(io)?.len();
    if length > max {
        return Err(StoreError::Published {
            path: path.to_path_buf(),
            reason: PublishedDamage::TooLarge { bytes: length, max },
        });
    }
    std::fs::read(path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::{index_path, tile_path};

    #[test]
    fn tile_paths_are_written_as_the_spec_says() {
        assert_eq!(index_path(0), "000");
        assert_eq!(index_path(67), "067");
        assert_eq!(index_path(999), "999");
        assert_eq!(index_path(1_234_067), "x001/x234/067");
        assert_eq!(index_path(1000), "x001/000");
        assert_eq!(tile_path("0", 1, 256), "tile/0/001");
        assert_eq!(tile_path("2", 1_234_067, 5), "tile/2/x001/x234/067.p/5");
        assert_eq!(tile_path("entries", 12, 1), "tile/entries/012.p/1");
    }
}
