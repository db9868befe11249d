//! A deterministic simulation of the storage under the store (after SQLite's test VFS and
//! TigerBeetle's VOPR): appends through a [`MemoryStorage`] that fails with ENOSPC or EIO, or
//! crashes, at a random operation; after each crash, the storage as a kill or a power cut
//! leaves it. After every reopen: the ledger opens, every acknowledged entry is there, and
//! nothing else is but the one entry whose append was cut short.
//!
//! `CERCLE_SIM_SEEDS=N` runs N seeds (default 1000); `CERCLE_SIM_SEED=S` replays one.

#![allow(clippy::unwrap_used)]

mod common;

use cercle_core::SignedEntry;
use cercle_store::{Fault, MemoryStorage, Store, StoreError};
use common::demo_entries;

/// Appends (and faults) per seed.
const APPENDS_PER_SEED: usize = 14;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

#[derive(Default, Debug)]
struct Tally {
    appends: u64,
    acknowledged: u64,
    refused_cleanly: u64,
    unknown: u64,
    crashes: u64,
    power_cuts: u64,
    reopens: u64,
    faulty_opens: u64,
}

/// Every entry the store holds is `all`'s at its position, and the count is within bounds.
fn check(store: &Store, all: &[SignedEntry], acknowledged: u64, in_flight: bool, seed: u64) {
    let len = store.ledger().len();
    let most = acknowledged + u64::from(in_flight);
    assert!(len >= acknowledged, "seed {seed}: {len} entries, {acknowledged} were acknowledged");
    assert!(len <= most, "seed {seed}: {len} entries, at most {most} could be there");
    let stored: Vec<SignedEntry> = store.entries().map(Result::unwrap).collect();
    assert_eq!(stored.as_slice(), &all[..len as usize], "seed {seed}: the entries differ");
    let replayed = store.verify(&[]).unwrap_or_else(|e| panic!("seed {seed}: verify: {e}"));
    assert_eq!(replayed.len(), len);
    let leaves: Vec<[u8; 32]> = all[..len as usize].iter().map(|e| e.hash().0).collect();
    assert_eq!(store.tree_head(), (len, cercle_core::merkle::root(&leaves)), "seed {seed}: the tree");
    let proof = store.inclusion_proof(len - 1, len).unwrap_or_else(|e| panic!("seed {seed}: prove: {e}"));
    cercle_core::merkle::verify_inclusion(
        leaves[len as usize - 1],
        len - 1,
        len,
        &proof,
        store.tree_head().1,
    )
    .unwrap();
}

/// Open `storage` as a reader, then as a writer, perhaps with a fault armed during the open (a
/// failed open must leave a storage that opens the next time).
fn reopen(
    storage: MemoryStorage,
    rng: &mut Rng,
    tally: &mut Tally,
    seed: u64,
) -> (Store, std::sync::Arc<MemoryStorage>) {
    let storage = std::sync::Arc::new(storage);
    let reader = Store::open_storage(Box::new(storage.clone()), false)
        .unwrap_or_else(|e| panic!("seed {seed}: a reader could not open: {e}"));
    drop(reader);
    if rng.below(3) == 0 {
        storage.arm(rng.below(12), if rng.below(2) == 0 { Fault::Io } else { Fault::NoSpace });
        if Store::open_storage(Box::new(storage.clone()), true).is_err() {
            tally.faulty_opens += 1;
        }
        storage.disarm();
    }
    let writer = Store::open_storage(Box::new(storage.clone()), true)
        .unwrap_or_else(|e| panic!("seed {seed}: a writer could not open: {e}"));
    (writer, storage)
}

fn run_seed(seed: u64, all: &[SignedEntry], tally: &mut Tally) {
    use cercle_store::Storage as _;
    let mut rng = Rng(seed);
    let first = MemoryStorage::new(seed);
    let storage = std::sync::Arc::new(first);
    let mut store = Store::init_storage(Box::new(storage.clone()), &all[0]).unwrap();
    let mut storage = storage;
    let mut acknowledged = 1u64;
    for _ in 0..APPENDS_PER_SEED {
        let next = &all[store.ledger().len() as usize];
        if rng.below(3) != 0 {
            let fault = match rng.below(4) {
                0 => Fault::NoSpace,
                1 => Fault::Io,
                _ => Fault::Crash,
            };
            storage.arm(rng.below(16), fault);
        }
        tally.appends += 1;
        let before = store.ledger().len();
        let ops_before = storage.operations();
        let result = store.append(next);
        if std::env::var("SIM_DEBUG").is_ok() {
            eprintln!(
                "append seq {before}: {:?} ops {}..{}",
                result.as_ref().map_err(|e| e.to_string()),
                ops_before,
                storage.operations()
            );
        }
        storage.disarm();
        let mut in_flight = false;
        match result {
            Ok(()) => {
                acknowledged = store.ledger().len();
                tally.acknowledged += 1;
            }
            Err(StoreError::Io { .. }) if !storage.crashed() => {
                // A clean refusal: nothing recorded, the handle goes on.
                assert_eq!(store.ledger().len(), before, "seed {seed}");
                tally.refused_cleanly += 1;
            }
            Err(StoreError::Io { .. }) | Err(StoreError::Unknown { .. }) => {
                in_flight = true;
                tally.unknown += u64::from(!storage.crashed());
            }
            Err(other) => panic!("seed {seed}: unexpected {other}"),
        }
        let crashed = storage.crashed();
        if !crashed && !in_flight && rng.below(4) != 0 {
            continue;
        }
        // The process ends here (killed, or it just exits); the machine may lose power.
        drop(store);
        let power_cut = rng.below(2) == 0;
        tally.crashes += u64::from(crashed);
        tally.power_cuts += u64::from(power_cut);
        tally.reopens += 1;
        let image = storage.after_crash(power_cut);
        let reopened = reopen(image, &mut rng, tally, seed);
        store = reopened.0;
        storage = reopened.1;
        check(&store, all, acknowledged, in_flight, seed);
        acknowledged = store.ledger().len();
        assert!(storage.len("entries").unwrap().is_some());
    }
}

#[test]
fn no_fault_or_crash_loses_an_acknowledged_entry_or_bricks_the_ledger() {
    let all = demo_entries(11, APPENDS_PER_SEED as u64 + 2);
    let seeds: Vec<u64> = match std::env::var("CERCLE_SIM_SEED") {
        Ok(one) => vec![one.parse().unwrap()],
        Err(_) => {
            let count = std::env::var("CERCLE_SIM_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
            (0..count).collect()
        }
    };
    let mut tally = Tally::default();
    for &seed in &seeds {
        run_seed(seed, &all, &mut tally);
    }
    eprintln!("simulation: {} seeds, {tally:?}", seeds.len());
    if seeds.len() >= 100 {
        // The simulation really exercised what it claims to.
        assert!(tally.crashes > 0 && tally.power_cuts > 0 && tally.refused_cleanly > 0, "{tally:?}");
    }
}
