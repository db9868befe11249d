//! Any bytes as an entry bundle, and as a published folder (C2SP tlog-tiles, docs/FORMAT.md
//! §11): parsing, opening, reading the entries and the tree's nodes never panic.
//!
//! - `parse_bundle`: the first two bytes choose the width (0 to 256), the next eight the first
//!   seq, the rest is the bundle; what parses re-encodes to exactly the bundle.
//! - A folder: the first two bytes (big-endian) are the length of the `checkpoint` text that
//!   follows; the rest is the entry bundle and the level-0 hash tile its size asks for. With an
//!   empty checkpoint text, the target signs one itself (the support key of the demo of seed
//!   7, as `cercle-support`) over the entries the rest decodes to, with honest hash tiles: then
//!   a rest that is whole entries, the first a genesis naming that key (as the demo's does),
//!   must read back exactly, and every node must be the true one. Good seeds: two zero bytes,
//!   then a bundle of the first entries of the demo circle of seed 7 (as
//!   `crates/store/tests/published.rs` builds one).
#![no_main]
use std::path::Path;

use cercle_core::{merkle, Body, EntryHash, PublicKey, SignedEntry, TreeCheckpoint, SUPPORT_KEY_NAME};
use cercle_store::published::{parse_bundle, tile_path, Published, TILE_WIDTH};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bundle(data);
    folder(data);
});

fn encode(entries: &[SignedEntry]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in entries {
        let length = u16::try_from(entry.bytes().len()).expect("an entry is at most 16 KiB");
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(entry.bytes());
    }
    bytes
}

fn bundle(data: &[u8]) {
    let Some((head, bytes)) = data.split_first_chunk::<10>() else { return };
    let width = u64::from(u16::from_be_bytes([head[0], head[1]]) % 257);
    let first_seq =
        u64::from_be_bytes([head[2], head[3], head[4], head[5], head[6], head[7], head[8], head[9]]);
    if let Ok(entries) = parse_bundle(bytes, first_seq, width) {
        assert_eq!(entries.len() as u64, width);
        assert_eq!(encode(&entries), bytes);
    }
}

/// The entries `bytes` starts with (at most 256), and whether nothing else follows.
fn greedy(mut bytes: &[u8]) -> (Vec<SignedEntry>, bool) {
    let mut entries = Vec::new();
    while entries.len() < TILE_WIDTH as usize {
        let Some((length, rest)) = bytes.split_first_chunk::<2>() else { break };
        let Some((entry, rest)) = rest.split_at_checked(usize::from(u16::from_be_bytes(*length))) else {
            break;
        };
        let Ok(entry) = SignedEntry::from_bytes(entry.to_vec()) else { break };
        entries.push(entry);
        bytes = rest;
    }
    (entries, bytes.is_empty())
}

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a file is in a folder")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn folder(data: &[u8]) {
    let Some((length, rest)) = data.split_first_chunk::<2>() else { return };
    let length = usize::from(u16::from_be_bytes(*length)).min(rest.len());
    let (checkpoint, payload) = rest.split_at(length);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dir = dir.path();
    write(dir, "checkpoint", checkpoint);
    if checkpoint.is_empty() {
        signed_folder(dir, payload);
        return;
    }
    // The checkpoint as given: the bundle and tiles at the paths its size asks for (or at
    // tile/…/000 if it does not read).
    let size = Published::open(dir).map_or(1, |published| published.tree().size);
    let width = size.clamp(1, TILE_WIDTH);
    write(dir, &tile_path("entries", 0, width), payload);
    write(dir, &tile_path("0", 0, width), payload);
    write(dir, &tile_path("1", 0, (size / TILE_WIDTH).clamp(1, TILE_WIDTH)), payload);
    let Ok(published) = Published::open(dir) else { return };
    for entry in published.entries() {
        if entry.is_err() {
            break;
        }
    }
    let _ = published.entries_from(1).count();
    let _ = published.entries_from(size.saturating_sub(1)).count();
    for (level, n) in [(0, 0), (0, size.saturating_sub(1)), (3, 1), (8, 0), (9, 0), (63, 0), (255, u64::MAX)]
    {
        let _ = published.tree_node(level, n);
    }
}

fn signed_folder(dir: &Path, payload: &[u8]) {
    let key = cercle_demo::support_key(7);
    let (entries, whole) = greedy(payload);
    let leaves: Vec<[u8; 32]> = entries.iter().map(|entry| entry.hash().0).collect();
    let circle = entries.first().map_or(EntryHash([0; 32]), SignedEntry::hash);
    let tree = TreeCheckpoint::of_leaves(circle, &leaves);
    let note = tree.sign(&key, SUPPORT_KEY_NAME).expect("a consistent checkpoint signs");
    write(dir, "checkpoint", note.as_bytes());
    let size = leaves.len() as u64;
    if size > 0 {
        write(dir, &tile_path("entries", 0, size), payload);
        write(dir, &tile_path("0", 0, size), &leaves.concat());
    }
    if size == TILE_WIDTH {
        write(dir, &tile_path("1", 0, 1), &merkle::root(&leaves));
    }
    let published = Published::open(dir).expect("a signed tree checkpoint opens");
    assert_eq!(published.tree(), tree);
    let read: Vec<_> = published.entries().collect();
    let support = PublicKey(key.verifying_key().to_bytes());
    let founds = match entries.first().map(|entry| &entry.entry().body) {
        Some(Body::Genesis(genesis)) => genesis.support_key == Some(support),
        _ => false,
    };
    if whole && (founds || entries.is_empty()) {
        let read: Vec<SignedEntry> = read.into_iter().collect::<Result<_, _>>().expect("a good folder reads");
        assert_eq!(read, entries);
    } else if !entries.is_empty() {
        assert!(read.last().is_some_and(Result::is_err), "a folder that does not hold fails");
    }
    for level in 0..=8u8 {
        for n in 0..=(size >> level) {
            let got = published.tree_node(level, n);
            match merkle::subtree_root(&leaves, n << level, (n + 1) << level) {
                Ok(hash) => assert_eq!(got.ok(), Some(hash)),
                Err(_) => assert!(got.is_err()),
            }
        }
    }
    let _ = published.tree_node(255, u64::MAX);
}
