//! The C2SP tlog-tiles layout `cercle publish` writes (docs/FORMAT.md §11): which files a tree
//! of a given size has, and their bytes.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use cercle_core::{merkle, SignedEntry};
use cercle_store::published::{tile_path, TILE_WIDTH};
use cercle_store::{Store, StoreError};

use crate::error::{Error, Result, Share};
use crate::files::{cannot_read, other_bytes};

/// The Merkle levels one tile level spans.
pub(crate) const TILE_HEIGHT: u8 = 8;

/// One file of the layout, decided by the tree's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tile {
    /// `tile/<level>/<n>[.p/<width>]`: the stored hashes at Merkle level 8 × `level`, numbers
    /// `n·256 .. n·256 + width`.
    Hashes { level: u8, n: u64, width: u64 },
    /// `tile/entries/<n>[.p/<width>]`: entries `n·256 .. n·256 + width`.
    Entries { n: u64, width: u64 },
}

impl Tile {
    /// How many hashes (or entries) it holds.
    pub(crate) fn width(self) -> u64 {
        match self {
            Tile::Hashes { width, .. } | Tile::Entries { width, .. } => width,
        }
    }

    /// The tile at the same place with `width` hashes (or entries).
    pub(crate) fn with_width(self, width: u64) -> Tile {
        match self {
            Tile::Hashes { level, n, .. } => Tile::Hashes { level, n, width },
            Tile::Entries { n, .. } => Tile::Entries { n, width },
        }
    }

    /// The file's path under the publication's root, with `/` between elements.
    pub(crate) fn path(&self) -> String {
        match *self {
            Tile::Hashes { level, n, width } => tile_path(&level.to_string(), n, width),
            Tile::Entries { n, width } => tile_path("entries", n, width),
        }
    }

    /// The width of the tile (or bundle) a tree of `size` leaves has at this tile's place: 256
    /// if full, that of its partial tile, or 0 if it has none there (as [`tiles_of`] lists).
    pub(crate) fn width_in(self, size: u64) -> u64 {
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
pub(crate) fn tiles_of(size: u64) -> Vec<Tile> {
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
pub(crate) struct Entries<'a> {
    pub(crate) store: &'a Store,
    pub(crate) iter: Option<Box<dyn Iterator<Item = Result<SignedEntry, StoreError>> + 'a>>,
    /// The seq of the entry `iter` yields next.
    pub(crate) next: u64,
    /// The last bundle read: its number and its entries' bytes.
    pub(crate) last: Option<(u64, Vec<Vec<u8>>)>,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(store: &'a Store) -> Entries<'a> {
        Entries { store, iter: None, next: 0, last: None }
    }

    /// The bytes of entries `n·256 .. n·256 + width`, each checked against the tree's leaf.
    pub(crate) fn bundle(&mut self, n: u64, width: u64) -> Result<&[Vec<u8>]> {
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

    pub(crate) fn take(&mut self, start: u64, count: u64) -> Result<Vec<Vec<u8>>> {
        // Elsewhere than where the reading is: start there (found in O(log n) reads, not by
        // reading every entry before it: a publication after another reads only new bundles).
        if self.iter.is_none() || start != self.next {
            self.iter =
                Some(if start == 0 { self.store.entries() } else { self.store.entries_from(start)? });
            self.next = start;
        }
        let iter = self.iter.as_mut().ok_or(Share::NoEntries)?;
        let mut taken = Vec::new();
        while self.next < start + count {
            let seq = self.next;
            let entry = iter.next().transpose()?.ok_or(Share::LedgerEnds { seq })?;
            self.next += 1;
            if seq < start {
                continue;
            }
            // Pair assertion: the bundle's entry is the leaf the hash tiles hold.
            if entry.entry().seq != seq || entry.hash().0 != self.store.tree_node(0, seq)? {
                return Err(Share::EntryNotLeaf { seq }.into());
            }
            taken.push(entry.bytes().to_vec());
        }
        Ok(taken)
    }
}

/// The bytes of `tile`, decided by the ledger alone.
pub(crate) fn contents(store: &Store, entries: &mut Entries<'_>, tile: Tile) -> Result<Vec<u8>> {
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
                    let (first, last) = (n * TILE_WIDTH, n * TILE_WIDTH + width - 1);
                    return Err(Share::TileNotParent { level: merkle_level, first, last }.into());
                }
            }
            Ok(hashes.concat())
        }
        Tile::Entries { n, width } => {
            let mut bytes = Vec::new();
            for (i, entry) in entries.bundle(n, width)?.iter().enumerate() {
                let length = u16::try_from(entry.len()).map_err(|_| {
                    Error::from(Share::EntryTooLarge { seq: n * TILE_WIDTH + i as u64, length: entry.len() })
                })?;
                bytes.extend_from_slice(&length.to_be_bytes());
                bytes.extend_from_slice(entry);
            }
            Ok(bytes)
        }
    }
}

/// Whether the file at `path` holds exactly `tile`'s bytes (`false` if it is not a file).
pub(crate) fn holds(
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
pub(crate) fn length_holds(meta: &fs::Metadata, tile: Tile) -> bool {
    meta.is_file()
        && match tile {
            Tile::Hashes { width, .. } => meta.len() == width * 32,
            Tile::Entries { .. } => true,
        }
}

/// The partial tiles already in the folder at the place of `tile` (left by earlier
/// publications), narrower than it: `(width, path)`. One as wide or wider than a partial
/// `tile` would be of a larger tree than the checkpoint's: it is refused.
pub(crate) fn earlier_partials(dir: &Path, tile: Tile) -> Result<Vec<(u64, PathBuf)>> {
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

/// A tree's size, or a count of files, as said: `1204` → `1 204` (ASCII spaces, as the
/// amounts: docs of `cercle_render::table`).
pub(crate) fn grouped(n: u64) -> String {
    cercle_render::table::group_thousands(n, " ")
}

/// What happened to `DIR/checkpoint`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckpointFile {
    New,
    Replaced,
    Unchanged,
}

impl CheckpointFile {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CheckpointFile::New => "new",
            CheckpointFile::Replaced => "replaced",
            CheckpointFile::Unchanged => "unchanged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(1204), "1 204");
        assert_eq!(grouped(1_000_000), "1 000 000");
    }

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
}
