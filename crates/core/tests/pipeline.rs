//! The verification pipeline over more entries than one job holds: entries cross the
//! boundaries of jobs and workers in order, and a bad entry in any job is named by its
//! position, whatever the number of worker threads.

#![allow(clippy::unwrap_used)]

mod fixture;

use std::sync::LazyLock;

use cercle_core::*;
use fixture::Fixture;

/// A circle of three signers with a little over two jobs' worth of entries (built once).
fn long_ledger() -> Vec<SignedEntry> {
    static LEDGER: LazyLock<Vec<SignedEntry>> = LazyLock::new(build);
    LEDGER.clone()
}

fn build() -> Vec<SignedEntry> {
    let mut circle = Fixture::with_members();
    let mut i = 0;
    while circle.entries.len() < 2 * BATCH_ENTRIES + 700 {
        match i % 3 {
            0 => circle.fund("10,00"),
            1 => drop(circle.propose_action("bob", &format!("Atelier {i}"), "100,00")),
            _ => drop(circle.propose_action("carol", &format!("Repair café {i}"), "50,00")),
        }
        i += 1;
    }
    circle.entries
}

fn verify_with(threads: usize, entries: Vec<SignedEntry>) -> Result<Ledger, VerifyError> {
    let mut verifier = Verifier::new().with_threads(threads);
    for entry in entries {
        verifier.push(entry)?;
    }
    verifier.finish()
}

/// Flip one bit of the signature of the entry at `position`.
fn bad_signature(entries: &mut [SignedEntry], position: usize) {
    let mut bytes = entries[position].bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last - 40] ^= 0x01; // a bit of R
    entries[position] = SignedEntry::from_bytes(bytes).unwrap();
}

#[test]
fn a_long_ledger_verifies_with_any_number_of_workers() {
    let entries = long_ledger();
    let expected = entries.len() as u64;
    for threads in [1, 2, 3] {
        let ledger = verify_with(threads, entries.clone()).unwrap();
        assert_eq!(ledger.len(), expected, "{threads} thread(s)");
    }
}

#[test]
fn a_bad_signature_in_any_job_is_named_by_its_position() {
    let entries = long_ledger();
    let positions = [5, BATCH_ENTRIES - 1, BATCH_ENTRIES, 2 * BATCH_ENTRIES + 3, entries.len() - 1];
    for position in positions {
        for threads in [1, 2] {
            let mut changed = entries.clone();
            bad_signature(&mut changed, position);
            match verify_with(threads, changed) {
                Err(VerifyError::Rule { seq, error: RuleError::BadSignature, .. }) => {
                    assert_eq!(seq, position as u64, "{threads} thread(s)")
                }
                other => panic!("entry {position} with a bad signature, {threads} thread(s): {other:?}"),
            }
        }
    }
}

#[test]
fn an_entry_left_out_at_a_jobs_boundary_is_named() {
    let entries = long_ledger();
    for position in [BATCH_ENTRIES - 1, BATCH_ENTRIES, 2 * BATCH_ENTRIES] {
        let mut changed = entries.clone();
        changed.remove(position);
        let error = verify_with(2, changed).unwrap_err();
        assert_eq!(error.seq(), Some(position as u64), "{error}");
    }
}
