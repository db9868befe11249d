//! The store keeps what it acknowledged, opens without replaying, and detects damage.

// A panic in a test helper is a failing test, which is what we want.
#![allow(clippy::unwrap_used)]

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{Body, CircleStatus, Genesis, Governance, Ledger, PublicKey, SignedEntry, Text, TextField};
use cercle_store::{Store, StoreError};

fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_715_000_000 + seconds, 0).unwrap()
}

/// One demo circle of `count` entries (every kind of entry, history that settles).
fn demo_entries(seed: u64, count: u64) -> Vec<SignedEntry> {
    let config = cercle_demo::DemoConfig { seed, circles: 1, entries: Some(count) };
    let mut all = Vec::new();
    cercle_demo::generate_circle(&config, 0, |entry| {
        all.push(entry);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap();
    all
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

#[test]
fn appended_entries_survive_a_reopen_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = entries(20);
    let mut store = Store::create(&path).unwrap();
    for entry in &all {
        store.append(entry).unwrap();
    }
    let state = store.ledger().clone();
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
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
    let mut store = Store::create(&path).unwrap();
    store.append(&all[0]).unwrap();
    // Entry 2 before entry 1: the chain refuses it.
    assert!(matches!(store.append(&all[2]), Err(StoreError::Rule(_))));
    assert_eq!(store.entries().count(), 1);
    store.append(&all[1]).unwrap();
    assert_eq!(store.ledger().len(), 2);
}

#[test]
fn missing_and_foreign_directories_are_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    assert!(matches!(Store::open(&missing), Err(StoreError::Missing(_))));
    assert!(!missing.exists());
    std::fs::write(dir.path().join("file"), "x").unwrap();
    assert!(matches!(Store::open(&dir.path().join("file")), Err(StoreError::NotALedger(_))));
    assert!(matches!(Store::open(dir.path()), Err(StoreError::NotALedger(_))));
    assert!(matches!(Store::create(dir.path()), Err(StoreError::AlreadyExists(_))));
}

#[test]
fn a_damaged_store_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let mut store = Store::create(&path).unwrap();
    for entry in entries(5) {
        store.append(&entry).unwrap();
    }
    store.close().unwrap();
    {
        // Remove the last entry behind the store's back, as a disk fault or a hand would.
        let db = sled::open(&path).unwrap();
        db.open_tree("tail").unwrap().remove(5u64.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let error = Store::open(&path).err().expect("damage is detected on open");
    assert!(error.to_string().contains("is damaged"), "{error}");
    {
        // Change an entry's bytes (keeping the last one): verification names it.
        let db = sled::open(&path).unwrap();
        let tree = db.open_tree("tail").unwrap();
        let mut bytes = tree.get(2u64.to_be_bytes()).unwrap().unwrap().to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        tree.insert(2u64.to_be_bytes(), bytes).unwrap();
        db.flush().unwrap();
    }
    // Put the missing entry back so the store opens, then verify.
    let all = entries(5);
    {
        let db = sled::open(&path).unwrap();
        db.open_tree("tail").unwrap().insert(5u64.to_be_bytes(), all[5].bytes()).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let error = store.verify(&[]).expect_err("a changed entry fails verification");
    assert!(error.to_string().contains("entry 2"), "{error}");
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
    let good = Store::import(&path, entries(4).into_iter().map(Ok)).unwrap();
    assert_eq!(good.ledger().len(), 5);
}

#[test]
fn a_ledger_longer_than_the_tail_moves_to_the_archive_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = demo_entries(7, cercle_store::TAIL_ENTRIES_MAX * 2 + 50);
    let expected = cercle_core::verify_entries(all.clone()).unwrap();
    let mut store = Store::create(&path).unwrap();
    for entry in &all {
        store.append(entry).unwrap();
    }
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.full_ledger().unwrap(), expected, "live state and history, across tail and archive");
    assert_eq!(store.verify(&[]).unwrap(), expected);
    let stored: Vec<SignedEntry> = store.entries().map(Result::unwrap).collect();
    assert_eq!(stored, all);
    // The same ledger imported in one go reads back the same.
    let imported = Store::import(&dir.path().join("imported"), all.iter().cloned().map(Ok)).unwrap();
    assert_eq!(imported.full_ledger().unwrap(), expected);
    assert_eq!(imported.entries().count(), all.len());
}

#[test]
fn a_state_written_by_another_version_is_rebuilt_from_the_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    let all = demo_entries(3, 1500);
    let expected = cercle_core::verify_entries(all.clone()).unwrap();
    Store::import(&path, all.into_iter().map(Ok)).unwrap().close().unwrap();
    for (key, value) in [("state", &b"not postcard"[..]), ("state-version", &b"cercle-state/0"[..])] {
        {
            let db = sled::open(&path).unwrap();
            db.insert(key, value).unwrap();
            db.flush().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert!(store.was_rebuilt(), "{key}");
        assert_eq!(store.full_ledger().unwrap(), expected);
        store.close().unwrap();
        let again = Store::open(&path).unwrap();
        assert!(!again.was_rebuilt());
        assert_eq!(again.full_ledger().unwrap(), expected);
    }
}

#[test]
fn an_import_cut_short_does_not_open_as_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger");
    Store::import(&path, entries(10).into_iter().map(Ok)).unwrap().close().unwrap();
    {
        // What a killed import leaves: its mark still there.
        let db = sled::open(&path).unwrap();
        db.insert("importing", &[1u8]).unwrap();
        db.flush().unwrap();
    }
    let error = Store::open(&path).err().expect("refused");
    assert!(error.to_string().contains("an import into it did not finish"), "{error}");
}
