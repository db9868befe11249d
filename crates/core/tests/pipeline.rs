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

/// The state after the first `n` entries, verified (with its history).
fn verified_prefix(entries: &[SignedEntry], n: usize) -> Ledger {
    verify_with(2, entries[..n].to_vec()).unwrap()
}

fn resume_with(state: Ledger, entries: Vec<SignedEntry>) -> Result<Ledger, VerifyError> {
    let mut verifier = Verifier::new().with_threads(2).resuming(state);
    for entry in entries {
        verifier.push(entry)?;
    }
    verifier.finish()
}

#[test]
fn resuming_from_a_verified_prefix_gives_the_same_state() {
    let entries = long_ledger();
    let whole = verify_with(2, entries.clone()).unwrap();
    for n in [1, 7, BATCH_ENTRIES, BATCH_ENTRIES + 10, entries.len() - 1, entries.len()] {
        let resumed = resume_with(verified_prefix(&entries, n), entries.clone()).unwrap();
        assert_eq!(resumed, whole, "resumed after {n} entries");
    }
}

#[test]
fn the_resumed_prefix_is_not_rechecked_but_must_be_the_same_bytes() {
    let entries = long_ledger();
    let n = BATCH_ENTRIES + 10;
    let state = verified_prefix(&entries, n);

    // A changed entry inside the prefix changes its hash: the next entry no longer chains.
    let mut changed = entries.clone();
    bad_signature(&mut changed, 100);
    match resume_with(state.clone(), changed) {
        Err(VerifyError::Rule { seq: 101, error: RuleError::BrokenChain, .. }) => {}
        other => panic!("a changed entry in the prefix: {other:?}"),
    }

    // The prefix's last entry changed: the ledger does not extend the one verified.
    let mut changed = entries.clone();
    bad_signature(&mut changed, n - 1);
    match resume_with(state.clone(), changed) {
        Err(VerifyError::Diverged { seq, .. }) => assert_eq!(seq, n as u64 - 1),
        other => panic!("a changed head: {other:?}"),
    }

    // Shorter than what was verified: truncated.
    match resume_with(state.clone(), entries[..n - 1].to_vec()) {
        Err(VerifyError::Diverged { seq, reason, .. }) => {
            assert_eq!(seq, n as u64 - 1);
            assert!(reason.contains("truncated"), "{reason}");
        }
        other => panic!("a truncated ledger: {other:?}"),
    }

    // After the prefix, every signature and rule is checked again.
    let mut changed = entries.clone();
    bad_signature(&mut changed, n + 5);
    match resume_with(state, changed) {
        Err(VerifyError::Rule { seq, error: RuleError::BadSignature, .. }) => assert_eq!(seq, n as u64 + 5),
        other => panic!("a bad signature after the prefix: {other:?}"),
    }
}

#[test]
fn another_history_of_the_same_circle_does_not_extend_it() {
    let entries = long_ledger();
    let n = 50;
    let state = verified_prefix(&entries, n);
    // The same genesis and members, then other entries, all validly signed: a rewritten history.
    let mut other = Fixture::with_members();
    assert_eq!(other.entries[0], entries[0]);
    while other.entries.len() < n + 20 {
        other.fund("99,00");
    }
    match resume_with(state.clone(), other.entries.clone()) {
        Err(VerifyError::Diverged { seq, .. }) => assert_eq!(seq, n as u64 - 1),
        other => panic!("a rewritten history: {other:?}"),
    }
    // Verified from scratch, it is a valid ledger, but not an extension of the one verified.
    assert!(verify_with(2, other.entries.clone()).is_ok());
    let head = state.head().unwrap();
    let mut verifier = Verifier::new().extending(head.seq, head.hash);
    for entry in other.entries {
        verifier.push(entry).unwrap_or(());
    }
    assert!(matches!(verifier.finish(), Err(VerifyError::Diverged { .. })));
}

#[test]
fn checkpoints_inside_the_resumed_prefix_are_still_checked() {
    let entries = long_ledger();
    let n = BATCH_ENTRIES + 10;
    let state = verified_prefix(&entries, n);
    let resume = |seq: usize, hash: EntryHash| {
        let mut verifier = Verifier::new().with_threads(2).resuming(state.clone());
        verifier.expect_head(1, seq as u64, hash);
        for entry in entries.clone() {
            verifier.push(entry)?;
        }
        verifier.finish()
    };
    assert!(resume(100, entries[100].hash()).is_ok());
    match resume(100, entries[101].hash()) {
        Err(VerifyError::Checkpoint { index: 1, seq: 100, .. }) => {}
        other => panic!("a checkpoint the resumed prefix does not hold: {other:?}"),
    }
}

/// `continuing` verifies only what comes after a state, and refuses what does not chain to it.
#[test]
fn continuing_verifies_only_the_entries_after_a_state() {
    let all = long_ledger();
    let cut = BATCH_ENTRIES + 100;
    let whole = verify_entries(all.clone()).unwrap();
    let kept = verify_entries(all[..cut].to_vec()).unwrap();
    let mut verifier = Verifier::new().continuing(kept.clone());
    for entry in all[cut..].iter().cloned() {
        verifier.push(entry).unwrap();
    }
    assert_eq!(verifier.finish().unwrap(), whole);
    // An entry that does not follow the state's head is refused, named by its position.
    let mut verifier = Verifier::new().continuing(kept);
    verifier.push(all[cut + 1].clone()).unwrap();
    let error = verifier.finish().unwrap_err().to_string();
    assert!(error.starts_with(&format!("entry {cut}")), "{error}");
}

/// `expect_tree` checks the Merkle root of the first entries, across jobs, and names the
/// checkpoint whose root differs.
#[test]
fn expected_tree_roots_are_checked_across_jobs() {
    let all = long_ledger();
    let leaves: Vec<[u8; 32]> = all.iter().map(|e| e.hash().0).collect();
    let size = BATCH_ENTRIES as u64 + 7;
    let root = merkle::root(&leaves[..size as usize]);
    let mut verifier = Verifier::new();
    verifier.expect_tree(1, size, root);
    verifier.expect_tree(2, leaves.len() as u64, merkle::root(&leaves));
    for entry in all.iter().cloned() {
        verifier.push(entry).unwrap();
    }
    verifier.finish().unwrap();
    let mut verifier = Verifier::new();
    verifier.expect_tree(1, size, merkle::root(&leaves[..size as usize - 1]));
    for entry in all.iter().cloned() {
        verifier.push(entry).unwrap();
    }
    let error = verifier.finish().unwrap_err();
    assert!(matches!(error, VerifyError::Checkpoint { index: 1, .. }), "{error}");
    assert!(error.to_string().contains("Merkle root"), "{error}");
}
