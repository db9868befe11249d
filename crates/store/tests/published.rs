//! The reader of a published folder (C2SP tlog-tiles, `docs/FORMAT.md` §11), on folders built
//! here by hand from a demo circle (not by `cercle publish`): a good folder reads back entry for
//! entry and node for node; any changed byte of the checkpoint or of a bundle, and any bundle
//! cut short or extended, fails the reading with an error; a changed byte of a hash tile changes
//! the node it is read into; and neither the bundle parser nor `tree_node` panics on anything.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use cercle_core::merkle::{root, subtree_root};
use cercle_core::{SignedEntry, TreeCheckpoint, SUPPORT_KEY_NAME};
use cercle_store::published::{parse_bundle, tile_path, BundleError, Published, TILE_WIDTH};
use cercle_store::StoreError;
use proptest::prelude::*;
use proptest::sample::Index;

const SEED: u64 = 7;
/// Two full bundles and level-0 tiles, a partial bundle and tile of 88, and a partial level-1
/// tile of 2 hashes: nodes up to level 9 are within the tree.
const SIZE: u64 = 600;
const TILE: usize = TILE_WIDTH as usize;

/// The demo circle's entries, their hashes (the tree's leaves) and the files of their
/// publication, made once.
struct Fixture {
    entries: Vec<SignedEntry>,
    leaves: Vec<[u8; 32]>,
    files: BTreeMap<String, Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let entries = common::demo_entries(SEED, SIZE);
        assert_eq!(entries.len() as u64, SIZE);
        let leaves: Vec<[u8; 32]> = entries.iter().map(|entry| entry.hash().0).collect();
        let files = folder_files(&entries, &leaves);
        Fixture { entries, leaves, files }
    })
}

/// The bundle bytes of `entries`: each one's length (u16, big-endian) then its bytes.
fn bundle_bytes(entries: &[SignedEntry]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in entries {
        let length = u16::try_from(entry.bytes().len()).expect("an entry is at most 16 KiB");
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(entry.bytes());
    }
    bytes
}

/// The true hash of node (`level`, `n`) of the tree of `leaves`.
fn node(leaves: &[[u8; 32]], level: u8, n: u64) -> [u8; 32] {
    subtree_root(leaves, n << level, (n + 1) << level).expect("the node is within the leaves")
}

/// The files of the publication of `entries` (whose hashes are `leaves`), by path:
/// `checkpoint`, the hash tiles of every level and the entry bundles, as §11 lays them out.
fn folder_files(entries: &[SignedEntry], leaves: &[[u8; 32]]) -> BTreeMap<String, Vec<u8>> {
    let size = entries.len();
    let mut files = BTreeMap::new();

    let checkpoint = TreeCheckpoint::of_leaves(entries[0].hash(), leaves);
    let note = checkpoint
        .sign(&cercle_demo::support_key(SEED), SUPPORT_KEY_NAME)
        .expect("the support key signs the checkpoint");
    files.insert("checkpoint".to_string(), note.into_bytes());

    for (n, chunk) in entries.chunks(TILE).enumerate() {
        files.insert(tile_path("entries", n as u64, chunk.len() as u64), bundle_bytes(chunk));
    }
    // Level L holds the hashes of the perfect subtrees of 256^L leaves.
    let mut level: u8 = 0;
    loop {
        let hashes: Vec<[u8; 32]> =
            (0..(size as u64) >> (8 * u32::from(level))).map(|i| node(leaves, 8 * level, i)).collect();
        if hashes.is_empty() {
            break;
        }
        for (n, chunk) in hashes.chunks(TILE).enumerate() {
            files.insert(tile_path(&level.to_string(), n as u64, chunk.len() as u64), chunk.concat());
        }
        level += 1;
    }
    files
}

fn write_folder(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a file is in a folder")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
    }
}

fn folder(files: &BTreeMap<String, Vec<u8>>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_folder(dir.path(), files);
    dir
}

/// What a reader of the whole folder gets: every entry, or the first error.
fn read_all(dir: &Path) -> Result<Vec<SignedEntry>, StoreError> {
    Published::open(dir)?.entries().collect()
}

/// Whether the perfect subtree (`level`, `n`) is within a tree of `size` leaves (none of
/// level 64 or more is: it would span 2^64 leaves).
fn within(level: u8, n: u64, size: u64) -> bool {
    level < 64 && (u128::from(n) + 1) << level <= u128::from(size)
}

/// The tile level and number of a hash tile's path, `tile/<L>/<N>[.p/<W>]` (`N` < 1000 here).
fn tile_of(path: &str) -> (u8, u64) {
    let rest = path.strip_prefix("tile/").expect("a tile");
    let rest = rest.split_once(".p/").map_or(rest, |(full, _)| full);
    let (level, n) = rest.split_once('/').expect("tile/<L>/<N>");
    (level.parse().expect("a tile's level"), n.parse().expect("a tile's number"))
}

/// The reason of a `StoreError::Published`, or what the error is.
fn reason(error: &StoreError) -> String {
    match error {
        StoreError::Published { reason, .. } => reason.to_string(),
        other => format!("not a Published error: {other:?}"),
    }
}

/// (a) The full folder reads back: its checkpoint, every entry in order, and every node of
/// levels 0 to 9 within the tree equal to the root of its leaves (and none beyond).
#[test]
fn a_hand_built_folder_reads_back() {
    let Fixture { entries, leaves, files } = fixture();
    // The layout of §11 for 600 entries.
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "checkpoint",
            "tile/0/000",
            "tile/0/001",
            "tile/0/002.p/88",
            "tile/1/000.p/2",
            "tile/entries/000",
            "tile/entries/001",
            "tile/entries/002.p/88"
        ]
    );
    let dir = folder(files);
    let published = Published::open(dir.path()).expect("the checkpoint reads");
    assert_eq!(published.tree(), TreeCheckpoint::of_leaves(entries[0].hash(), leaves));
    assert_eq!(published.note().as_bytes(), files["checkpoint"].as_slice());
    let read: Vec<SignedEntry> = published.entries().collect::<Result<_, _>>().expect("every entry reads");
    assert_eq!(&read, entries);
    let mut nodes = 0;
    for level in 0..=9u8 {
        for n in 0..SIZE >> level {
            let got = published.tree_node(level, n).expect("a node within the tree reads");
            assert_eq!(got, node(leaves, level, n), "node {n} at level {level}");
            nodes += 1;
        }
        assert!(published.tree_node(level, SIZE >> level).is_err(), "level {level} ends at the size");
    }
    assert_eq!(nodes, 600 + 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1);
    assert!(published.tree_node(10, 0).is_err(), "600 entries have no node of 1024");
}

/// A missing file the reader needs is an error: a bundle for `entries()`, a tile for the node
/// read from it.
#[test]
fn a_missing_file_is_an_error() {
    let files = &fixture().files;
    for path in files.keys() {
        let mut missing = files.clone();
        missing.remove(path);
        let dir = folder(&missing);
        if path.starts_with("tile/entries/") || path == "checkpoint" {
            assert!(read_all(dir.path()).is_err(), "without {path}");
        } else {
            let published = Published::open(dir.path()).expect("the checkpoint reads");
            let (level, tile) = tile_of(path);
            assert!(published.tree_node(8 * level, tile * TILE_WIDTH).is_err(), "without {path}");
            assert_eq!(read_all(dir.path()).expect("the entries do not use the tiles").len() as u64, SIZE);
        }
    }
}

/// A checkpoint signed by the support key, of the right root, whose `head` line names another
/// entry than the last is refused (§10: a reader holding the ledger checks that entry
/// `size − 1` has that hash, as witnesses vouch only for the first three lines); without a
/// head line, the same tree reads.
#[test]
fn a_checkpoint_naming_another_head_is_refused() {
    let Fixture { entries, leaves, files } = fixture();
    let key = cercle_demo::support_key(SEED);
    let circle = entries[0].hash();
    let root = root(leaves);
    for (head, holds) in [(Some(entries[entries.len() - 2].hash()), false), (None, true)] {
        let tree = TreeCheckpoint::new(circle, SIZE, root, head).expect("a consistent checkpoint");
        let mut files = files.clone();
        let note = tree.sign(&key, SUPPORT_KEY_NAME).expect("signed");
        files.insert("checkpoint".to_string(), note.into_bytes());
        let dir = folder(&files);
        match read_all(dir.path()) {
            Ok(read) => assert!(holds && &read == entries, "head {head:?}: {} entries read", read.len()),
            Err(error) => {
                let head = entries[entries.len() - 2].hash();
                let last = entries[entries.len() - 1].hash();
                assert!(!holds, "{error}");
                assert_eq!(
                    reason(&error),
                    format!(
                        "its checkpoint names {head} as the hash of its last entry #599, which is {last}"
                    )
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// (a) Every prefix of the circle, published, reads back (whatever the partial widths):
    /// the entries in order, and every node within the tree is the root of its leaves.
    #[test]
    fn a_every_size_reads_back(size in 1..=SIZE as usize) {
        let Fixture { entries, leaves, .. } = fixture();
        let dir = folder(&folder_files(&entries[..size], &leaves[..size]));
        let published = Published::open(dir.path()).expect("the checkpoint reads");
        let read: Vec<SignedEntry> =
            published.entries().collect::<Result<_, _>>().expect("every entry reads");
        prop_assert_eq!(&read[..], &entries[..size]);
        for level in 0..=9u8 {
            for n in 0..(size as u64) >> level {
                prop_assert_eq!(published.tree_node(level, n).ok(), Some(node(&leaves[..size], level, n)));
            }
            prop_assert!(published.tree_node(level, (size as u64) >> level).is_err());
        }
        prop_assert_eq!(root(&leaves[..size]), published.tree().root);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (b) One byte changed (xor with a nonzero byte) in the checkpoint or a bundle: reading
    /// the whole folder ends in an error. In a hash tile (which `entries()` does not read, so
    /// the entries still read): the node read from that hash is no longer the true one.
    #[test]
    fn b_any_changed_byte_is_seen(file in any::<Index>(), offset in any::<Index>(), xor in 1..=255u8) {
        let Fixture { entries, leaves, files } = fixture();
        let mut files = files.clone();
        let path = files.keys().nth(file.index(files.len())).expect("a file").clone();
        let bytes = files.get_mut(&path).expect("the file");
        let at = offset.index(bytes.len());
        bytes[at] ^= xor;
        let dir = folder(&files);
        if path == "checkpoint" || path.starts_with("tile/entries/") {
            prop_assert!(read_all(dir.path()).is_err(), "{path} changed at byte {at}");
        } else {
            // tile/<L>/<N>[.p/<W>]: the hash `at / 32` of tile N at Merkle level 8·L.
            let (level, tile) = tile_of(&path);
            let n = tile * TILE_WIDTH + (at / 32) as u64;
            let published = Published::open(dir.path()).expect("the checkpoint reads");
            let got = published.tree_node(8 * level, n).expect("the tile has its length");
            prop_assert_ne!(got, node(leaves, 8 * level, n), "{} changed at byte {}", path, at);
            // And so is every node above it read from the same tile.
            for height in 1..8u8 {
                let (above, m) = (8 * level + height, n >> height);
                if within(above, m, SIZE) {
                    prop_assert_ne!(published.tree_node(above, m).ok(), Some(node(leaves, above, m)));
                }
            }
            let read: Vec<SignedEntry> =
                published.entries().collect::<Result<_, _>>().expect("the entries do not use the tiles");
            prop_assert_eq!(&read, entries);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// (c) A bundle cut short by 1 to all its bytes fails with "… is cut short at entry #k",
    /// `k` the entry the cut falls in (or the first missing); one extended by 1 to 64 bytes
    /// fails with "… holds more than its W entries". Never a panic.
    #[test]
    fn c_a_bundle_cut_or_extended_fails(
        bundle in 0..3usize,
        cut in any::<Index>(),
        extend in prop::option::of(prop::collection::vec(any::<u8>(), 1..=64)),
    ) {
        let Fixture { entries, files, .. } = fixture();
        let mut files = files.clone();
        let chunk = &entries[bundle * TILE..entries.len().min((bundle + 1) * TILE)];
        let path = tile_path("entries", bundle as u64, chunk.len() as u64);
        let bytes = files.get_mut(&path).expect("the bundle");
        let expected = match extend {
            Some(more) => {
                bytes.extend_from_slice(&more);
                format!("{path} holds more than its {} entries", chunk.len())
            }
            None => {
                let keep = cut.index(bytes.len()); // 0 .. len - 1: at least one byte cut
                bytes.truncate(keep);
                // Entry i ends at `ends[i]`: the first that ends past `keep` is cut short.
                let mut end = 0;
                let i = chunk
                    .iter()
                    .position(|entry| {
                        end += 2 + entry.bytes().len();
                        end > keep
                    })
                    .expect("the cut falls in an entry");
                format!("{path} is cut short at entry #{}", bundle * TILE + i)
            }
        };
        let dir = folder(&files);
        let error = read_all(dir.path()).expect_err("a damaged bundle fails");
        prop_assert_eq!(reason(&error), expected);
        // The entries before that bundle read, then the error, then nothing.
        let published = Published::open(dir.path()).expect("the checkpoint reads");
        let read: Vec<Result<SignedEntry, StoreError>> = published.entries().collect();
        prop_assert_eq!(read.len(), bundle * TILE + 1);
        prop_assert!(read[..bundle * TILE].iter().all(Result::is_ok));
        prop_assert!(read[bundle * TILE].is_err());
    }
}

/// (e) `entries_from(k)` yields exactly entries `k ..` (nothing for `k` at or past the size).
#[test]
fn e_entries_from_any_seq() {
    let Fixture { entries, files, .. } = fixture();
    let dir = folder(files);
    let published = Published::open(dir.path()).expect("the checkpoint reads");
    proptest!(ProptestConfig::with_cases(64), |(k in prop_oneof![0..=SIZE, any::<u64>()])| {
        let read: Vec<SignedEntry> =
            published.entries_from(k).collect::<Result<_, _>>().expect("the entries read");
        let from = usize::try_from(k.min(SIZE)).expect("small");
        prop_assert_eq!(&read[..], &entries[from..]);
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (d) Any bytes as a bundle of any width from any seq: never a panic, and what parses
    /// re-encodes to exactly the bytes, `width` entries numbered from `first_seq`.
    #[test]
    fn d_parse_bundle_on_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        first_seq in any::<u64>(),
        width in 0..=TILE_WIDTH,
    ) {
        check_parse(&bytes, first_seq, width)?;
    }

    /// (d) Real bundles of 0 to 8 entries, changed or not (a byte xor-ed, cut short, extended,
    /// another width asked for): never a panic, what parses re-encodes to exactly the bytes,
    /// and an unchanged bundle parses to its entries.
    #[test]
    fn d_parse_bundle_on_near_bundles(
        start in 0..SIZE as usize - 8,
        count in 0..=8usize,
        change in prop_oneof![
            Just(Change::None),
            (any::<Index>(), 1..=255u8).prop_map(|(at, xor)| Change::Xor(at, xor)),
            any::<Index>().prop_map(Change::Cut),
            prop::collection::vec(any::<u8>(), 1..8).prop_map(Change::Extend),
            (0..=9u64).prop_map(Change::Width),
        ],
        first_seq in any::<u64>(),
    ) {
        let chunk = &fixture().entries[start..start + count];
        let mut bytes = bundle_bytes(chunk);
        let mut width = count as u64;
        match &change {
            Change::None => {}
            Change::Xor(at, xor) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] ^= xor;
            }
            Change::Xor(..) => {}
            Change::Cut(keep) if !bytes.is_empty() => bytes.truncate(keep.index(bytes.len())),
            Change::Cut(_) => {}
            Change::Extend(more) => bytes.extend_from_slice(more),
            Change::Width(other) => width = *other,
        }
        let parsed = check_parse(&bytes, first_seq, width)?;
        if matches!(change, Change::None) || width == count as u64 && bytes == bundle_bytes(chunk) {
            prop_assert_eq!(parsed.as_deref(), Some(chunk));
        } else {
            // A changed bundle never reads as the same entries, and a changed width never reads.
            prop_assert!(parsed.as_deref() != Some(chunk));
        }
    }
}

/// (f) Any node (any level, any number): never a panic; an error outside the tree, the true
/// hash within it.
#[test]
fn f_tree_node_on_any_node() {
    let Fixture { leaves, files, .. } = fixture();
    let dir = folder(files);
    let published = Published::open(dir.path()).expect("the checkpoint reads");
    let level = prop_oneof![0..64u8, any::<u8>()];
    let n = prop_oneof![0..4u64, 0..=SIZE, any::<u64>(), (0..64u32).prop_map(|shift| u64::MAX >> shift)];
    proptest!(ProptestConfig::with_cases(1024), |(level in level, n in n)| {
        let got = published.tree_node(level, n);
        if within(level, n, SIZE) {
            prop_assert_eq!(got.ok(), Some(node(leaves, level, n)));
        } else {
            prop_assert!(got.is_err(), "node {} at level {}", n, level);
        }
    });
}

/// How a real bundle is changed in `d_parse_bundle_on_near_bundles`.
#[derive(Clone, Debug)]
enum Change {
    None,
    Xor(Index, u8),
    Cut(Index),
    Extend(Vec<u8>),
    Width(u64),
}

/// `parse_bundle` on `bytes`: when it reads entries, there are `width` of them, numbered from
/// `first_seq` as the errors would, and they re-encode to exactly `bytes`; an error names an
/// entry of the bundle.
fn check_parse(bytes: &[u8], first_seq: u64, width: u64) -> Result<Option<Vec<SignedEntry>>, TestCaseError> {
    match parse_bundle(bytes, first_seq, width) {
        Ok(entries) => {
            prop_assert_eq!(entries.len() as u64, width);
            prop_assert_eq!(bundle_bytes(&entries), bytes);
            Ok(Some(entries))
        }
        Err(BundleError::CutShort { seq } | BundleError::Format { seq, .. }) => {
            prop_assert!(seq >= first_seq && seq - first_seq < width);
            Ok(None)
        }
        Err(BundleError::TooLong { width: said }) => {
            prop_assert_eq!(said, width);
            Ok(None)
        }
    }
}
