//! The store keeps what it acknowledged, opens without replaying, detects damage, and repairs it.

// A panic in a test helper is a failing test, which is what we want.
#![allow(clippy::unwrap_used)]

mod common;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{Body, CircleStatus, Genesis, Governance, Ledger, PublicKey, SignedEntry, Text, TextField};
use common::demo_entries;
use std::time::Duration;

use cercle_store::{Store, StoreError, StoreNote};

fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_715_000_000 + seconds, 0).unwrap()
}

/// A genesis and `funds` fund entries, signed by one soucieux.
fn entries(funds: usize) -> Vec<SignedEntry> {
    let alice = SigningKey::from_bytes(&[1; 32]);
    let mut ledger = Ledger::new();
    let mut out = vec![ledger
        .sign_and_append(
            &alice,
            at(0),
            Body::Genesis(Genesis {
                name: Text::new(TextField::CircleName, "Somme").unwrap(),
                territory: Text::new(TextField::Territory, "Amiénois").unwrap(),
                status: CircleStatus::Emerging,
                founder: "alice".parse().unwrap(),
                governance: Governance::default(),
                support_key: Some(PublicKey(SigningKey::from_bytes(&[9; 32]).verifying_key().to_bytes())),
            }),
        )
        .unwrap()];
    for index in 0..funds {
        let body = Body::FundReceived {
            amount: "12,50".parse().unwrap(),
            source: Text::new(TextField::Source, "FEDER").unwrap(),
            reference: Text::new(TextField::Reference, &format!("REF-{index}")).unwrap(),
        };
        out.push(ledger.sign_and_append(&alice, at(index as i64), body).unwrap());
    }
    out
}

const WAIT: Duration = Duration::from_millis(200);

fn writer(path: &std::path::Path) -> Store {
    Store::open_writer(path, WAIT, &mut || ()).unwrap()
}

/// A ledger at `path` holding `all`, appended one by one.
fn appended(path: &std::path::Path, all: &[SignedEntry]) -> Ledger {
    Store::init(path, &all[0]).unwrap();
    let mut store = writer(path);
    for entry in &all[1..] {
        store.append(entry).unwrap();
    }
    let state = store.ledger().clone();
    drop(store); // releases the writers' lock
    state
}

/// Every file under `dir` with its bytes, to compare a directory before and after.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for item in std::fs::read_dir(&next).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn appended_entries_survive_a_reopen_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(20);
    let state = appended(&path, &all);
    let store = Store::open(&path).unwrap();
    assert!(!store.was_rebuilt());
    assert_eq!(store.ledger(), &state);
    assert_eq!(store.verify(&[]).unwrap(), state);
    let stored: Vec<SignedEntry> = store.entries().map(Result::unwrap).collect();
    assert_eq!(stored, all);
}

#[test]
fn a_refused_entry_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(3);
    appended(&path, &all[..1]);
    let before = snapshot(&path);
    let mut store = writer(&path);
    // Entry 2 before entry 1: the chain refuses it.
    assert!(matches!(store.append(&all[2]), Err(StoreError::Rule(_))));
    drop(store);
    assert_eq!(snapshot(&path), before, "byte for byte as it was");
    let mut store = writer(&path);
    store.append(&all[1]).unwrap();
    assert_eq!(store.ledger().len(), 2);
}

#[test]
fn missing_and_foreign_directories_are_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    assert!(matches!(Store::open(&missing), Err(StoreError::Missing(_))));
    assert!(matches!(Store::open_writer(&missing, WAIT, &mut || ()), Err(StoreError::Missing(_))));
    assert!(!missing.exists());
    std::fs::write(dir.path().join("file"), "x").unwrap();
    assert!(matches!(Store::open(&dir.path().join("file")), Err(StoreError::NotALedger(_))));
    assert!(matches!(Store::open(dir.path()), Err(StoreError::NotALedger(_))));
    let genesis = &entries(0)[0];
    assert!(matches!(Store::init(dir.path(), genesis), Err(StoreError::AlreadyExists(_))));
    // An empty directory may receive a new ledger, and nothing of the making is left beside it.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    Store::init(&empty, genesis).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn acknowledged_entries_that_vanish_are_named_and_repair_keeps_the_intact_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(5);
    appended(&path, &all);
    // Cut the last entry's record behind the store's back, as a lying disk would.
    let file = path.join("entries");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 40]).unwrap();
    for error in [Store::open(&path).err(), Store::open_writer(&path, WAIT, &mut || ()).err()] {
        let error = error.expect("damage is detected on open").to_string();
        assert!(error.contains("acknowledged earlier are missing") && error.contains("entry 5"), "{error}");
        assert!(error.contains("cercle repair"), "{error}");
    }
    let repair = Store::repair(&path, WAIT, &mut || ()).unwrap();
    assert_eq!(repair.kept, 5);
    let aside = repair.set_aside.expect("the damaged files are kept");
    assert_eq!(std::fs::read(aside.join("entries")).unwrap(), &bytes[..bytes.len() - 40]);
    let mut store = writer(&path);
    assert_eq!(store.ledger(), &cercle_core::verify_entries(all[..5].to_vec()).unwrap());
    store.append(&all[5]).unwrap();
    assert_eq!(store.verify(&[]).unwrap().len(), 6);
}

#[test]
fn a_changed_entry_fails_verification_and_repair_cuts_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(5);
    appended(&path, &all);
    // Flip a byte of entry 2's signature, and fix its frame's hash, as a forger would.
    let file = path.join("entries");
    let mut bytes = std::fs::read(&file).unwrap();
    let mut offset = 0;
    for entry in &all[..2] {
        offset += entry.bytes().len() + 36;
    }
    let length = all[2].bytes().len();
    bytes[offset + 4 + length - 1] ^= 1;
    let hash = cercle_core::entry_hash(&bytes[offset + 4..offset + 4 + length]);
    bytes[offset + 4 + length..offset + 4 + length + 32].copy_from_slice(&hash.0);
    std::fs::write(&file, &bytes).unwrap();
    let store = Store::open(&path).unwrap();
    let error = store.verify(&[]).expect_err("a changed entry fails verification");
    assert!(error.to_string().contains("entry 2"), "{error}");
    drop(store);
    let repair = Store::repair(&path, WAIT, &mut || ()).unwrap();
    assert_eq!(repair.kept, 2);
    assert!(repair.reason.unwrap().to_string().contains("entry 2"));
    assert_eq!(writer(&path).verify(&[]).unwrap().len(), 2);
    // A frame whose hash does not match its entry, inside what was acknowledged: damage, named.
    let mut bytes = std::fs::read(&file).unwrap();
    let trailer = all[0].bytes().len() + 4;
    bytes[trailer] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let error = Store::open(&path).unwrap().verify(&[]).expect_err("a bad frame is damage");
    assert!(error.to_string().contains("entry 0") && error.to_string().contains("not intact"), "{error}");
}

#[test]
fn a_torn_tail_is_left_by_readers_and_cut_by_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(4);
    let state = appended(&path, &all[..4]);
    // An append killed half-way: part of entry 4's record.
    let record_start = std::fs::metadata(path.join("entries")).unwrap().len();
    let mut file = std::fs::OpenOptions::new().append(true).open(path.join("entries")).unwrap();
    std::io::Write::write_all(&mut file, &[0, 0, 1, 20, 7, 7, 7]).unwrap();
    drop(file);
    let before = snapshot(&path);
    let mut reader = Store::open(&path).unwrap();
    assert_eq!(reader.ledger(), &state);
    let notes = reader.take_notes();
    assert_eq!(notes, [StoreNote::TornAppend { bytes: 7, seq: 4 }]);
    // Its Display is the English sentence the store has always said.
    assert_eq!(
        notes[0].to_string(),
        "7 bytes at the end of its entries are an append that was interrupted before it was \
         acknowledged (entry 4 was never recorded); the next command that writes will cut them"
    );
    drop(reader);
    assert_eq!(snapshot(&path), before, "a reader writes nothing");
    let mut store = writer(&path);
    assert_eq!(store.take_notes(), [StoreNote::TornAppendCut { bytes: 7, seq: 4 }]);
    assert_eq!(std::fs::metadata(path.join("entries")).unwrap().len(), record_start);
    store.append(&all[4]).unwrap();
    assert_eq!(store.verify(&[]).unwrap().len(), 5);
}

#[test]
fn a_refused_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imported");
    let mut all = entries(4);
    all.swap(2, 3);
    let result = Store::import(&path, all.into_iter().map(Ok));
    assert!(result.is_err());
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary directory is left");
    // What a killed import leaves (its process gone) is removed by the next one.
    let abandoned = dir.path().join(".imported.cercle-new-4294967-1");
    std::fs::create_dir(&abandoned).unwrap();
    std::fs::write(abandoned.join("entries"), b"half").unwrap();
    let good = Store::import(&path, entries(4).into_iter().map(Ok)).unwrap();
    assert_eq!(good.len(), 5);
    assert!(!abandoned.exists());
}

#[test]
fn a_long_ledger_appended_or_imported_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = demo_entries(7, 2100);
    let expected = cercle_core::verify_entries(all.clone()).unwrap();
    appended(&path, &all);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.full_ledger().unwrap(), expected, "live state and history");
    assert_eq!(store.verify(&[]).unwrap(), expected);
    let stored: Vec<SignedEntry> = store.entries().map(Result::unwrap).collect();
    assert_eq!(stored, all);
    let live = Store::import(&dir.path().join("imported"), all.iter().cloned().map(Ok)).unwrap();
    let imported = Store::open(&dir.path().join("imported")).unwrap();
    assert_eq!(imported.ledger(), &live);
    assert_eq!(imported.full_ledger().unwrap(), expected);
    assert_eq!(imported.entries().count(), all.len());
    assert_eq!(
        std::fs::read(path.join("entries")).unwrap(),
        std::fs::read(dir.path().join("imported/entries")).unwrap(),
        "the same entries give the same file, appended or imported"
    );
}

#[test]
fn a_missing_or_damaged_state_is_rebuilt_from_the_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = demo_entries(3, 1500);
    let expected = cercle_core::verify_entries(all.clone()).unwrap();
    Store::import(&path, all.into_iter().map(Ok)).unwrap();
    let good = std::fs::read(path.join("state")).unwrap();
    let mut flipped = good.clone();
    flipped[40] ^= 1;
    let mut other_version = good.clone();
    other_version[13] = b'0'; // cercle-state/00: never a version
    for (what, state) in
        [("damaged", Some(flipped)), ("another version", Some(other_version)), ("missing", None)]
    {
        match &state {
            Some(bytes) => std::fs::write(path.join("state"), bytes).unwrap(),
            None => std::fs::remove_file(path.join("state")).unwrap(),
        }
        let before = snapshot(&path);
        let reader = Store::open(&path).unwrap();
        assert!(reader.was_rebuilt(), "{what}");
        assert_eq!(reader.full_ledger().unwrap(), expected, "{what}");
        drop(reader);
        assert_eq!(snapshot(&path), before, "{what}: a reader rebuilds in memory only");
        let store = writer(&path);
        assert!(store.was_rebuilt());
        drop(store);
        let again = Store::open(&path).unwrap();
        assert!(!again.was_rebuilt(), "{what}: the writer saved the rebuilt state");
        assert_eq!(again.full_ledger().unwrap(), expected);
        assert_eq!(std::fs::read(path.join("state")).unwrap(), good, "{what}");
    }
}

#[test]
fn readers_take_no_lock_and_a_second_writer_waits_then_gives_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(2);
    appended(&path, &all[..2]);
    let held = writer(&path);
    assert_eq!(Store::open(&path).unwrap().ledger().len(), 2, "a reader is not blocked by a writer");
    let mut waited = false;
    let started = std::time::Instant::now();
    let error = Store::open_writer(&path, Duration::from_millis(300), &mut || waited = true).err().unwrap();
    assert!(matches!(error, StoreError::Busy { .. }), "{error}");
    assert!(waited && started.elapsed() >= Duration::from_millis(300));
    // Released: the next writer gets it at once.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(held);
    });
    let mut store = Store::open_writer(&path, Duration::from_secs(10), &mut || ()).unwrap();
    releaser.join().unwrap();
    store.append(&entries(2)[2]).unwrap();
}

#[test]
fn a_ledger_of_the_sled_format_is_read_as_it_is_and_migrated_by_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/v1-ledger.tar.gz");
    let status =
        std::process::Command::new("tar").arg("xzf").arg(fixture).current_dir(dir.path()).status().unwrap();
    assert!(status.success());
    let path = dir.path().join("ledger");
    let export: Vec<SignedEntry> = std::fs::read_to_string(dir.path().join("v1.jsonl"))
        .unwrap()
        .lines()
        .map(|line| SignedEntry::from_line(line).unwrap())
        .collect();
    let expected = cercle_core::verify_entries(export.clone()).unwrap();
    let mut reader = Store::open(&path).unwrap();
    assert_eq!(reader.take_notes(), [StoreNote::EarlierFormat]);
    assert_eq!(reader.full_ledger().unwrap(), expected);
    drop(reader);
    let store = writer(&path);
    assert_eq!(store.full_ledger().unwrap(), expected);
    assert_eq!(store.entries().map(Result::unwrap).collect::<Vec<_>>(), export);
    drop(store);
    assert!(path.join("format").is_file() && path.join("v1-sled/db").is_file() && !path.join("db").exists());
    assert_eq!(Store::open(&path).unwrap().verify(&[]).unwrap(), expected);
}

#[test]
fn the_merkle_tree_is_kept_on_append_and_import_and_proves_any_entry() {
    use cercle_core::merkle;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = demo_entries(5, 700);
    let leaves: Vec<[u8; 32]> = all.iter().map(|e| e.hash().0).collect();
    appended(&path, &all);
    Store::import(&dir.path().join("imported"), all.iter().cloned().map(Ok)).unwrap();
    assert_eq!(
        std::fs::read(path.join("tree")).unwrap(),
        std::fs::read(dir.path().join("imported/tree")).unwrap(),
        "appended or imported, the same stored hashes"
    );
    let store = Store::open(&path).unwrap();
    let (size, root) = store.tree_head();
    assert_eq!((size, root), (leaves.len() as u64, merkle::root(&leaves)));
    for (index, size) in [(0u64, 1u64), (0, 700), (699, 700), (345, 512), (511, 513), (100, 101)] {
        let proof = store.inclusion_proof(index, size).unwrap();
        assert_eq!(proof, merkle::inclusion_proof(&leaves, index, size).unwrap());
        let root = merkle::root(&leaves[..size as usize]);
        merkle::verify_inclusion(leaves[index as usize], index, size, &proof, root).unwrap();
    }
    for (old, new) in [(1u64, 700u64), (512, 700), (699, 700), (300, 301), (700, 700)] {
        let proof = store.consistency_proof(old, new).unwrap();
        let (old_root, new_root) =
            (merkle::root(&leaves[..old as usize]), merkle::root(&leaves[..new as usize]));
        merkle::verify_consistency(old, new, &proof, old_root, new_root).unwrap();
    }
    assert!(store.inclusion_proof(0, 701).is_err());
    // Every entry is found by its position (a binary search over 170 KB of entries).
    for seq in 0..700u64 {
        assert_eq!(store.entry_at(seq).unwrap().as_ref(), Some(&all[seq as usize]), "entry {seq}");
    }
    assert_eq!(store.entry_at(700).unwrap(), None);
    for seq in [0u64, 1, 299, 650, 699, 700] {
        let from: Vec<SignedEntry> = store.entries_from(seq).unwrap().map(Result::unwrap).collect();
        assert_eq!(from.as_slice(), &all[seq as usize..], "entries from {seq}");
    }
    assert_eq!(store.verify(&[]).unwrap().len(), 700);
    drop(store);
    // A changed stored hash: verification names it; a missing tree file is rebuilt.
    let mut tree = std::fs::read(path.join("tree")).unwrap();
    tree[32 * 40] ^= 1;
    std::fs::write(path.join("tree"), &tree).unwrap();
    let error = Store::open(&path).unwrap().verify(&[]).expect_err("a changed tree hash is damage");
    assert!(error.to_string().contains("Merkle tree differs"), "{error}");
    std::fs::remove_file(path.join("tree")).unwrap();
    let store = Store::open(&path).unwrap();
    assert!(store.was_rebuilt());
    assert_eq!(store.tree_head().1, merkle::root(&leaves));
    assert!(store.inclusion_proof(5, 700).is_ok());
    drop(store);
    let store = writer(&path);
    drop(store);
    assert_eq!(
        std::fs::read(path.join("tree")).unwrap(),
        std::fs::read(dir.path().join("imported/tree")).unwrap()
    );
}

/// A storage that lets a writer append, once, at the moment a reader looks at `state`.
struct WriterBetweenReads {
    inner: std::sync::Arc<cercle_store::MemoryStorage>,
    hook: std::sync::Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

impl cercle_store::Storage for WriterBetweenReads {
    fn location(&self) -> std::path::PathBuf {
        self.inner.location()
    }
    fn len(&self, name: &str) -> std::io::Result<Option<u64>> {
        if name == "state" {
            let hook = self.hook.lock().unwrap().take();
            if let Some(hook) = hook {
                hook();
            }
        }
        self.inner.len(name)
    }
    fn read_at(&self, name: &str, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        self.inner.read_at(name, offset, len)
    }
    fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write_at(name, offset, bytes)
    }
    fn truncate(&self, name: &str, len: u64) -> std::io::Result<()> {
        self.inner.truncate(name, len)
    }
    fn sync(&self, name: &str) -> std::io::Result<()> {
        self.inner.sync(name)
    }
    fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        self.inner.rename(from, to)
    }
    fn remove(&self, name: &str) -> std::io::Result<()> {
        self.inner.remove(name)
    }
    fn sync_dir(&self) -> std::io::Result<()> {
        self.inner.sync_dir()
    }
}

/// A reader that opens while a writer appends sees the ledger before or after the append,
/// never "damaged" (it reads the state before the length of the entries it remembers).
#[test]
fn a_reader_racing_a_writer_sees_a_whole_ledger() {
    use cercle_store::MemoryStorage;
    let all = entries(3);
    let memory = std::sync::Arc::new(MemoryStorage::new(5));
    Store::init_storage(Box::new(memory.clone()), &all[0]).unwrap();
    let mut writer = Store::open_storage(Box::new(memory.clone()), true).unwrap();
    writer.append(&all[1]).unwrap();
    drop(writer);
    let (shared, next) = (memory.clone(), all[2].clone());
    let hook: Box<dyn FnOnce() + Send> = Box::new(move || {
        let mut writer = Store::open_storage(Box::new(shared), true).unwrap();
        writer.append(&next).unwrap();
    });
    let racing = WriterBetweenReads { inner: memory, hook: std::sync::Mutex::new(Some(hook)) };
    let reader = Store::open_storage(Box::new(racing), false).expect("a whole ledger, not a damaged one");
    assert_eq!(reader.ledger().len(), 3);
}
