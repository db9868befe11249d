//! `cercle publish DIR`: the ledger, as far as the support team's latest tree checkpoint covers
//! it, in the C2SP tlog-tiles layout (docs/FORMAT.md §11): `checkpoint`, the hash tiles
//! `tile/<L>/<N>[.p/<W>]` and the entry bundles `tile/entries/<N>[.p/<W>]`.
//!
//! Every file but `checkpoint` is written once: its path decides its bytes, so a file that is
//! there already must hold exactly those bytes (or the folder holds another ledger, or was
//! damaged, and nothing is written), and a later publication only adds files. A shared folder,
//! a git repository or a static web host then carries the ledger, and sync tools copy only
//! what is new; publishing again reads only the files that the folder's checkpoint does not
//! vouch for (see [`publish`]). A new file is written as a hidden temporary file beside its
//! place, synced, then linked into place (never over another file); the directories are synced
//! before the checkpoint, which is written last: an interrupted publication leaves only
//! complete files, and no checkpoint that names a file that is not there.

use std::collections::BTreeSet;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use cercle_core::{
    cosign_note, merkle, parse_note, verify_note, EntryHash, NoteBody, PublicKey, SignedEntry,
    TreeCheckpoint, KEEPER_KEY_NAME,
};
use cercle_store::published::{tile_path, TILE_WIDTH};
use cercle_store::{Store, StoreError};
use serde_json::json;

use crate::commands::{open_store, Context};
use crate::failure::{Failure, Result};
use crate::output::{note, print, print_json};

/// The Merkle levels one tile level spans.
const TILE_HEIGHT: u8 = 8;

/// One file of the layout, decided by the tree's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tile {
    /// `tile/<level>/<n>[.p/<width>]`: the stored hashes at Merkle level 8 × `level`, numbers
    /// `n·256 .. n·256 + width`.
    Hashes { level: u8, n: u64, width: u64 },
    /// `tile/entries/<n>[.p/<width>]`: entries `n·256 .. n·256 + width`.
    Entries { n: u64, width: u64 },
}

impl Tile {
    /// How many hashes (or entries) it holds.
    fn width(self) -> u64 {
        match self {
            Tile::Hashes { width, .. } | Tile::Entries { width, .. } => width,
        }
    }

    /// The tile at the same place with `width` hashes (or entries).
    fn with_width(self, width: u64) -> Tile {
        match self {
            Tile::Hashes { level, n, .. } => Tile::Hashes { level, n, width },
            Tile::Entries { n, .. } => Tile::Entries { n, width },
        }
    }

    /// The file's path under the publication's root, with `/` between elements.
    fn path(&self) -> String {
        match *self {
            Tile::Hashes { level, n, width } => tile_path(&level.to_string(), n, width),
            Tile::Entries { n, width } => tile_path("entries", n, width),
        }
    }

    /// The width of the tile (or bundle) a tree of `size` leaves has at this tile's place: 256
    /// if full, that of its partial tile, or 0 if it has none there (as [`tiles_of`] lists).
    fn width_in(self, size: u64) -> u64 {
        let (level, n) = match self {
            Tile::Hashes { level, n, .. } => (level, n),
            Tile::Entries { n, .. } => (0, n),
        };
        let hashes = (0..level).fold(size, |hashes, _| hashes / TILE_WIDTH);
        hashes.saturating_sub(n.saturating_mul(TILE_WIDTH)).min(TILE_WIDTH)
    }
}

/// Every tile and bundle of a tree of `size` leaves, as C2SP tlog-tiles lists them: at each
/// level `L` with `size / 256^L ≥ 1`, the full tiles and, if `size / 256^L` is not a multiple of
/// 256, one partial tile of that many hashes modulo 256; the entry bundles as level 0.
fn tiles_of(size: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    let mut level: u8 = 0;
    let mut hashes = size; // size / 256^level: the hashes at this level
    while hashes > 0 {
        for n in 0..hashes / TILE_WIDTH {
            tiles.push(Tile::Hashes { level, n, width: TILE_WIDTH });
        }
        if !hashes.is_multiple_of(TILE_WIDTH) {
            tiles.push(Tile::Hashes { level, n: hashes / TILE_WIDTH, width: hashes % TILE_WIDTH });
        }
        if level == 0 {
            for n in 0..hashes / TILE_WIDTH {
                tiles.push(Tile::Entries { n, width: TILE_WIDTH });
            }
            if !hashes.is_multiple_of(TILE_WIDTH) {
                tiles.push(Tile::Entries { n: hashes / TILE_WIDTH, width: hashes % TILE_WIDTH });
            }
        }
        hashes /= TILE_WIDTH;
        level += 1;
    }
    tiles
}

/// Reads the entries in order for the bundles, once, however the bundles are asked for in
/// increasing order (starting over only if asked for an earlier one), keeping the last bundle
/// read: a partial bundle is a prefix of the wider bundles at the same place.
struct Entries<'a> {
    store: &'a Store,
    iter: Option<Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + 'a>>,
    /// The seq of the entry `iter` yields next.
    next: u64,
    /// The last bundle read: its number and its entries' bytes.
    last: Option<(u64, Vec<Vec<u8>>)>,
}

impl<'a> Entries<'a> {
    fn new(store: &'a Store) -> Entries<'a> {
        Entries { store, iter: None, next: 0, last: None }
    }

    /// The bytes of entries `n·256 .. n·256 + width`, each checked against the tree's leaf.
    fn bundle(&mut self, n: u64, width: u64) -> Result<&[Vec<u8>]> {
        let start = n * TILE_WIDTH;
        match self.last.take() {
            Some((m, held)) if m == n && held.len() as u64 >= width => self.last = Some((m, held)),
            // A narrower bundle at the same place was read last: read on from where it ended.
            Some((m, mut held)) if m == n && self.next == start + held.len() as u64 => {
                held.extend(self.take(self.next, width - held.len() as u64)?);
                self.last = Some((n, held));
            }
            _ => self.last = Some((n, self.take(start, width)?)),
        }
        let held = self.last.as_ref().map(|(_, held)| held.as_slice()).unwrap_or_default();
        Ok(&held[..usize::try_from(width).unwrap_or(usize::MAX).min(held.len())])
    }

    fn take(&mut self, start: u64, count: u64) -> Result<Vec<Vec<u8>>> {
        // Elsewhere than where the reading is: start there (found in O(log n) reads, not by
        // reading every entry before it: a publication after another reads only new bundles).
        if self.iter.is_none() || start != self.next {
            self.iter =
                Some(if start == 0 { self.store.entries() } else { self.store.entries_from(start)? });
            self.next = start;
        }
        let iter = self.iter.as_mut().ok_or_else(|| Failure::new(t!("publish-no-entries")))?;
        let mut taken = Vec::new();
        while self.next < start + count {
            let seq = self.next;
            let entry =
                iter.next().transpose()?.ok_or_else(|| Failure::new(t!("publish-ledger-ends", seq = seq)))?;
            self.next += 1;
            if seq < start {
                continue;
            }
            // Pair assertion: the bundle's entry is the leaf the hash tiles hold.
            if entry.entry().seq != seq || entry.hash().0 != self.store.tree_node(0, seq)? {
                return Err(damaged(&t!("publish-not-leaf", seq = seq)));
            }
            taken.push(entry.bytes().to_vec());
        }
        Ok(taken)
    }
}

fn damaged(what: &str) -> Failure {
    Failure::new(t!("publish-damaged", what = what)).hint(t!("publish-damaged-hint"))
}

/// The bytes of `tile`, decided by the ledger alone.
fn contents(store: &Store, entries: &mut Entries<'_>, tile: Tile) -> Result<Vec<u8>> {
    match tile {
        Tile::Hashes { level, n, width } => {
            let merkle_level = level * TILE_HEIGHT;
            let mut hashes = Vec::with_capacity(usize::try_from(width).unwrap_or(0));
            for i in 0..width {
                hashes.push(store.tree_node(merkle_level, n * TILE_WIDTH + i)?);
            }
            if width == TILE_WIDTH {
                // Pair assertion: a full tile hashes to the hash the level above holds.
                let parent = store.tree_node(merkle_level + TILE_HEIGHT, n)?;
                if merkle::root(&hashes) != parent {
                    return Err(damaged(&t!(
                        "publish-bad-parent",
                        level = merkle_level,
                        first = n * TILE_WIDTH,
                        last = n * TILE_WIDTH + width - 1
                    )));
                }
            }
            Ok(hashes.concat())
        }
        Tile::Entries { n, width } => {
            let mut bytes = Vec::new();
            for (i, entry) in entries.bundle(n, width)?.iter().enumerate() {
                let length = u16::try_from(entry.len()).map_err(|_| {
                    Failure::new(t!(
                        "publish-entry-too-large",
                        seq = n * TILE_WIDTH + i as u64,
                        length = entry.len()
                    ))
                })?;
                bytes.extend_from_slice(&length.to_be_bytes());
                bytes.extend_from_slice(entry);
            }
            Ok(bytes)
        }
    }
}

/// Whether the file at `path` holds exactly `tile`'s bytes (`false` if it is not a file).
fn holds(
    store: &Store,
    entries: &mut Entries<'_>,
    path: &Path,
    meta: &fs::Metadata,
    tile: Tile,
) -> Result<bool> {
    Ok(length_holds(meta, tile)
        && fs::read(path).map_err(|e| cannot_read(path, &e))? == contents(store, entries, tile)?)
}

/// Whether `meta` is of a file that may hold `tile`'s bytes, by its metadata alone: a file, and
/// for a hash tile, of 32 bytes a hash.
fn length_holds(meta: &fs::Metadata, tile: Tile) -> bool {
    meta.is_file()
        && match tile {
            Tile::Hashes { width, .. } => meta.len() == width * 32,
            Tile::Entries { .. } => true,
        }
}

/// The partial tiles already in the folder at the place of `tile` (left by earlier
/// publications), narrower than it: `(width, path)`. One as wide or wider than a partial
/// `tile` would be of a larger tree than the checkpoint's: it is refused.
fn earlier_partials(dir: &Path, tile: Tile) -> Result<Vec<(u64, PathBuf)>> {
    let width = tile.width();
    let partials = dir.join(format!("{}.p", tile.with_width(TILE_WIDTH).path()));
    let read = match fs::read_dir(&partials) {
        Ok(read) => read,
        Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(Vec::new())
        }
        Err(error) => return Err(cannot_read(&partials, &error)),
    };
    let mut found = Vec::new();
    for item in read {
        let item = item.map_err(|e| cannot_read(&partials, &e))?;
        let name = item.file_name();
        let Some(name) = name.to_str() else { continue };
        // Only the names the layout gives: 1 to 255, no leading zero (a `.…tmp` file is an
        // interrupted write, which never became a file of the layout).
        let Some(w) =
            name.parse::<u64>().ok().filter(|w| (1..TILE_WIDTH).contains(w) && *name == w.to_string())
        else {
            continue;
        };
        if w == width {
            continue;
        }
        if w > width {
            return Err(other_bytes(&item.path()));
        }
        found.push((w, item.path()));
    }
    found.sort();
    Ok(found)
}

/// What happened to `DIR/checkpoint`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CheckpointFile {
    New,
    Replaced,
    Unchanged,
}

impl CheckpointFile {
    fn as_str(self) -> &'static str {
        match self {
            CheckpointFile::New => "new",
            CheckpointFile::Replaced => "replaced",
            CheckpointFile::Unchanged => "unchanged",
        }
    }
}

/// `cercle publish DIR`.
///
/// Publishing again costs what is new. When `DIR/checkpoint` is a tree checkpoint of this
/// circle, of a size `m` no larger than the ledger's checkpoint's, whose root is this ledger's
/// root at size `m` ([`read_published_checkpoint`] checks it, and refuses any other checkpoint),
/// the files it vouches for are not read:
///
/// - the files a publication of size `m` writes that this one lists too, at the same path:
///   the full tiles and bundles below `m` (and all of its files if `m` is the new size);
/// - the partial tiles at a place where that tree has a full tile, or narrower than its
///   partial tile there (left by the publications before it): a publication of size `m`
///   compared them (or they were vouched for by the checkpoint before it, and so on).
///
/// Of those, only the metadata is read: a file that is missing is written again, and one that
/// is not a file, or a hash tile of another length, is refused. Everything else is
/// compared byte for byte, as when the folder has no checkpoint: the new files' places, any file
/// there that the checkpoint does not vouch for, and the partial tiles of size `m` that this
/// publication supersedes (at most one a level and one bundle, each under 8 KiB or 256 entries).
///
/// Why it is sound: a publication writes the checkpoint last, after every file it writes or
/// compares is in place and synced, and a file, once written, is never rewritten; so a
/// checkpoint of size `m` in the folder says those files were there, with the bytes a tree of
/// size `m` decides, when it was written. Its root is this ledger's root at `m`, so that tree
/// is this ledger's first `m` entries (RFC 6962 roots are collision-resistant): the bytes the
/// files must hold are the same for both, and comparing them again would find them equal. What
/// this does not see is a vouched-for file changed in place since: checking a folder against
/// its checkpoint is `cercle verify DIR`'s (and a witness's), not `publish`'s, which only adds
/// files. A checkpoint that is absent, of another tree, or does not parse vouches for nothing:
/// without one every file there is compared, and any other is refused, as before.
pub fn publish(ctx: &Context, dir: &Path) -> Result<()> {
    let store = open_store(&ctx.ledger)?;
    let circle = store.ledger().circle().ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))?.clone();
    let name = circle.name.to_string();
    let text = match ctx.as_key {
        Some(_) => keeper_note(ctx, &store)?,
        None => store.latest_note()?.ok_or_else(|| {
            Failure::new(t!("publish-no-checkpoint")).hint(t!("publish-no-checkpoint-hint"))
        })?,
    };
    let parsed = parse_note(&text).map_err(|e| Failure::new(t!("prove-note-bad", error = e)))?;
    let NoteBody::Tree(checkpoint) = *parsed.body() else {
        return Err(Failure::new(t!("prove-note-not-tree")).hint(t!("prove-no-checkpoint-hint")));
    };
    if checkpoint.circle != circle.id {
        return Err(Failure::new(t!(
            "publish-note-other-circle",
            theirs = short(&checkpoint.circle),
            name = name,
            mine = short(&circle.id)
        )));
    }
    verify_note(&parsed, &store.ledger().publishers())
        .map_err(|e| Failure::new(t!("publish-note-bad-signer", error = e)))?;
    let size = checkpoint.size;
    let (ledger_size, _) = store.tree_head();
    if size > ledger_size || store.tree_root_at(size)? != checkpoint.root {
        return Err(Failure::new(t!("prove-note-mismatch", size = size)));
    }

    let checkpoint_path = dir.join("checkpoint");
    let published = read_published_checkpoint(&store, &checkpoint_path, &checkpoint, &name)?;
    // The size of the tree the folder's checkpoint states, if it has one (of this circle, and
    // of this ledger's tree at that size: checked above), else 0 (nothing is known of it).
    let published_size = published.as_ref().map_or(0, |(_, size)| *size);

    // First the files already there are compared (but for those the folder's checkpoint
    // vouches for: see above), and nothing is written if one differs; then the missing ones
    // are written.
    let tiles = tiles_of(size);
    let mut entries = Entries::new(&store);
    let mut missing = Vec::new();
    for tile in &tiles {
        let path = dir.join(tile.path());
        // The width of the folder's checkpoint's tile at this place: 256 if it is full.
        let vouched = tile.width_in(published_size);
        // At a place where that tree has a full tile, every partial tile there is narrower than
        // it, vouched for with it: the `.p` directory is not even listed.
        let earlier = if vouched == TILE_WIDTH { Vec::new() } else { earlier_partials(dir, *tile)? };
        match existing_file(&path)? {
            // This very file is one the folder's checkpoint vouches for: it is there, and of
            // the layout's length; its bytes are not read.
            Some(meta) if tile.width() == vouched => {
                if !length_holds(&meta, *tile) {
                    return Err(other_bytes(&path));
                }
            }
            Some(meta) => {
                if !holds(&store, &mut entries, &path, &meta, *tile)? {
                    return Err(other_bytes(&path));
                }
            }
            None => missing.push(*tile),
        }
        // The partial tiles earlier publications left at this place are prefixes of this one;
        // those narrower than the folder's checkpoint's tile here are vouched for with it (its
        // own, as wide, is compared: it is the one this publication supersedes).
        for (w, path) in earlier.into_iter().filter(|(w, _)| *w >= vouched) {
            let partial = tile.with_width(w);
            let meta = existing_file(&path)?.ok_or_else(|| other_bytes(&path))?;
            if !holds(&store, &mut entries, &path, &meta, partial)? {
                return Err(other_bytes(&path));
            }
        }
    }
    let mut dirs = DirsToSync::default();
    dirs.create(dir)?;
    let (mut new_tiles, mut new_bundles) = (0u64, 0u64);
    for tile in &missing {
        let bytes = contents(&store, &mut entries, *tile)?;
        write_once(dir, &tile.path(), &bytes, &mut dirs)?;
        match tile {
            Tile::Hashes { .. } => new_tiles += 1,
            Tile::Entries { .. } => new_bundles += 1,
        }
    }
    dirs.sync()?;
    let checkpoint_file = match published {
        Some((bytes, _)) if bytes == text.as_bytes() => CheckpointFile::Unchanged,
        Some(_) => {
            replace(dir, "checkpoint", text.as_bytes())?;
            CheckpointFile::Replaced
        }
        None => {
            replace(dir, "checkpoint", text.as_bytes())?;
            CheckpointFile::New
        }
    };

    if ledger_size > size {
        let message = t!("publish-unpublished", first = size, last = ledger_size - 1);
        note(&t!("note-line", message = message));
    }
    // The checkpoint counts as a new file the first time only: later it is replaced.
    let new_files = new_tiles + new_bundles + u64::from(checkpoint_file == CheckpointFile::New);
    let unchanged_files = tiles.len() as u64 - new_tiles - new_bundles
        + u64::from(checkpoint_file == CheckpointFile::Unchanged);
    if ctx.json {
        return print_json(&json!({
            "circle": name, "circle_id": circle.id.to_hex(), "dir": dir, "size": size,
            "new_files": new_files, "new_tiles": new_tiles, "new_bundles": new_bundles,
            "unchanged_files": unchanged_files, "checkpoint": checkpoint_file.as_str(),
        }));
    }
    let files_plural = if new_files == 1 { "one" } else { "other" };
    let entries_plural = if size == 1 { "one" } else { "other" };
    let (size, new) = (grouped(size), grouped(new_files));
    let message = if checkpoint_file == CheckpointFile::Unchanged {
        t!(
            "published-unchanged",
            size = size,
            entries_plural = entries_plural,
            name = name,
            path = dir.display(),
            new = new,
            files_plural = files_plural
        )
    } else {
        t!(
            "published",
            size = size,
            entries_plural = entries_plural,
            name = name,
            path = dir.display(),
            new = new,
            files_plural = files_plural
        )
    };
    print(&message)
}

/// The bytes of `DIR/checkpoint` if there is one, and the size it states, after checking that
/// this publication may replace it: a tree checkpoint of the same circle, of a size no larger
/// than the new one's, whose root is this ledger's root at that size.
fn read_published_checkpoint(
    store: &Store,
    path: &Path,
    checkpoint: &TreeCheckpoint,
    name: &str,
) -> Result<Option<(Vec<u8>, u64)>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(cannot_read(path, &error)),
    };
    let published = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| parse_note(text).ok())
        .and_then(|note| match note.body() {
            NoteBody::Tree(tree) => Some(*tree),
            NoteBody::Chain { .. } => None,
        })
        .ok_or_else(|| Failure::new(t!("publish-folder-not-checkpoint", path = path.display())))?;
    if published.circle != checkpoint.circle {
        return Err(Failure::new(t!(
            "publish-folder-other-circle",
            path = path.display(),
            theirs = short(&published.circle),
            name = name,
            mine = short(&checkpoint.circle)
        )));
    }
    if published.size > checkpoint.size {
        return Err(Failure::new(t!(
            "publish-folder-ahead",
            path = path.display(),
            size = grouped(published.size),
            latest = grouped(checkpoint.size)
        ))
        .hint(t!("publish-folder-ahead-hint")));
    }
    if store.tree_root_at(published.size)? != published.root {
        return Err(Failure::new(t!(
            "publish-folder-fork",
            path = path.display(),
            size = grouped(published.size),
            name = name
        )));
    }
    Ok(Some((bytes, published.size)))
}

/// The keeper's checkpoint of the whole ledger: a tree note signed by the `--as` key (a current
/// soucieux) as [`KEEPER_KEY_NAME`]; if the support team's note kept with the ledger is of
/// this very tree, the keeper's signature is added to it, so the publication carries both.
fn keeper_note(ctx: &Context, store: &cercle_store::Store) -> Result<String> {
    let (name, key) = ctx.signer()?;
    let keeper = PublicKey(key.verifying_key().to_bytes());
    let ledger = store.ledger();
    let circle = ledger.circle().ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))?;
    if !ledger.publishers().contains(&(KEEPER_KEY_NAME, keeper)) {
        return Err(Failure::new(t!("publish-not-keeper", name = name, circle = circle.name))
            .hint(t!("publish-not-keeper-hint")));
    }
    let (size, root) = store.tree_head();
    let head = ledger.head().map(|head| head.hash);
    let tree = TreeCheckpoint::new(circle.id, size, root, head).map_err(|e| Failure::new(e.to_string()))?;
    let own = tree.sign(&key, KEEPER_KEY_NAME).map_err(|e| Failure::new(e.to_string()))?;
    let support = store.latest_note()?.filter(
        |kept| matches!((parse_note(kept), parse_note(&own)), (Ok(a), Ok(b)) if a.text() == b.text()),
    );
    match support {
        Some(kept) => match cosign_note(&kept, &key, KEEPER_KEY_NAME) {
            Ok(both) => Ok(both),
            Err(cercle_core::CheckpointError::AlreadySigned { .. }) => Ok(kept),
            Err(e) => Err(Failure::new(e.to_string())),
        },
        None => Ok(own),
    }
}

/// The metadata of `path` if something is there.
fn existing_file(path: &Path) -> Result<Option<fs::Metadata>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        // A path element is a file where the layout has a directory: it is not this layout.
        Err(error) if error.kind() == ErrorKind::NotADirectory => Err(other_bytes(path)),
        Err(error) => Err(cannot_read(path, &error)),
    }
}

fn other_bytes(path: &Path) -> Failure {
    Failure::new(t!("publish-other-bytes", path = path.display())).hint(t!("publish-other-bytes-hint"))
}

fn cannot_read(path: &Path, error: &std::io::Error) -> Failure {
    Failure::new(t!("cli-file-unreadable", path = path.display(), error = error))
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Failure {
    Failure::new(t!("cli-file-unwritable", path = path.display(), error = error))
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
        return Err(cannot_write(&temp, &error));
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

/// Replace `DIR/name` whole with `bytes` (temporary file, sync, rename, sync of `DIR`).
pub(crate) fn replace(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    let temp = temporary(&path, bytes)?;
    if let Err(error) = fs::rename(&temp, &path) {
        let _ = fs::remove_file(&temp);
        return Err(cannot_write(&path, &error));
    }
    sync_dir(dir)
}

fn short(hash: &EntryHash) -> String {
    hash.to_hex()[..16].to_string()
}

/// `1204` → `1 204` (ASCII spaces, as the amounts: docs of `cercle_render::table`).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_tlog_tiles() {
        assert_eq!(Tile::Hashes { level: 0, n: 1, width: 256 }.path(), "tile/0/001");
        assert_eq!(Tile::Hashes { level: 2, n: 1_234_067, width: 5 }.path(), "tile/2/x001/x234/067.p/5");
        assert_eq!(Tile::Entries { n: 12, width: 1 }.path(), "tile/entries/012.p/1");
    }

    #[test]
    fn the_tiles_of_a_tree_are_the_specs_example() {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial
        // level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width
        // 17, and one partial level 2 tile of width 1."
        let tiles = tiles_of(70_000);
        let hashes = |level: u8, full: bool| {
            tiles
                .iter()
                .filter(|t| matches!(t, Tile::Hashes { level: l, width, .. } if *l == level && (*width == 256) == full))
                .count()
        };
        assert_eq!((hashes(0, true), hashes(0, false), hashes(1, true), hashes(1, false)), (273, 1, 1, 1));
        assert_eq!((hashes(2, true), hashes(2, false), hashes(3, false)), (0, 1, 0));
        assert!(tiles.contains(&Tile::Hashes { level: 0, n: 273, width: 112 }));
        assert!(tiles.contains(&Tile::Hashes { level: 1, n: 1, width: 17 }));
        assert!(tiles.contains(&Tile::Hashes { level: 2, n: 0, width: 1 }));
        assert!(tiles.contains(&Tile::Entries { n: 273, width: 112 }));
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
        // tile of width 1."
        assert_eq!(
            tiles_of(256),
            vec![
                Tile::Hashes { level: 0, n: 0, width: 256 },
                Tile::Entries { n: 0, width: 256 },
                Tile::Hashes { level: 1, n: 0, width: 1 }
            ]
        );
        assert!(tiles_of(0).is_empty());
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(1204), "1 204");
        assert_eq!(grouped(1_000_000), "1 000 000");
    }
}
