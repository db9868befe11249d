//! Verifying a whole ledger: replay every entry through the very rules of [`Ledger::append`],
//! with signatures checked in batches on every core.
//!
//! Guarantees: the first bad entry is named (its seq and the rule it breaks); an entry whose
//! signature fails in a batch is found by checking that batch one by one with
//! `verify_strict`; memory stays bounded by the batch size plus the derived state.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, VerifyingKey};

use crate::entry::SignedEntry;
use crate::error::{RuleError, VerifyError};
use crate::ids::{EntryHash, PublicKey};
use crate::ledger::Ledger;

/// How many entries are checked together (split among threads).
pub const BATCH_ENTRIES: usize = 2048;

/// A streaming verifier: push entries in order, then [`Verifier::finish`].
///
/// ```
/// use cercle_core::{Verifier, Ledger};
/// # let entries: Vec<cercle_core::SignedEntry> = Vec::new();
/// let mut verifier = Verifier::new();
/// for entry in entries {
///     verifier.push(entry).unwrap();
/// }
/// assert!(verifier.finish().is_err()); // no genesis: an empty ledger does not verify
/// ```
pub struct Verifier {
    ledger: Ledger,
    pending: Vec<SignedEntry>,
    threads: usize,
    keys: BTreeMap<PublicKey, VerifyingKey>,
    expected: BTreeMap<u64, (usize, EntryHash)>,
    failed: Option<VerifyError>,
}

impl Default for Verifier {
    fn default() -> Verifier {
        Verifier::new()
    }
}

impl Verifier {
    /// A verifier using every available core.
    pub fn new() -> Verifier {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16);
        Verifier {
            ledger: Ledger::new(),
            pending: Vec::with_capacity(BATCH_ENTRIES),
            threads,
            keys: BTreeMap::new(),
            expected: BTreeMap::new(),
            failed: None,
        }
    }

    /// Use at most `threads` threads for signatures (at least one).
    pub fn with_threads(mut self, threads: usize) -> Verifier {
        self.threads = threads.max(1);
        self
    }

    /// Also require that the entry at `seq` has `hash` (a checkpoint kept apart); `index`
    /// names the checkpoint in the error.
    pub fn expect_head(&mut self, index: usize, seq: u64, hash: EntryHash) {
        self.expected.insert(seq, (index, hash));
    }

    /// The state verified so far (entries pushed but not yet flushed are not in it).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Add the next entry. An error names the first bad entry; after one, every push fails.
    pub fn push(&mut self, entry: SignedEntry) -> Result<(), VerifyError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        self.pending.push(entry);
        if self.pending.len() >= BATCH_ENTRIES {
            self.flush()?;
        }
        Ok(())
    }

    /// Verify what is pending and return the ledger's state.
    pub fn finish(mut self) -> Result<Ledger, VerifyError> {
        self.flush()?;
        if self.ledger.is_empty() {
            return Err(VerifyError::Empty);
        }
        let length = self.ledger.len();
        if let Some((seq, (index, hash))) = self.expected.iter().find(|(seq, _)| **seq >= length) {
            return Err(VerifyError::Checkpoint {
                index: *index,
                seq: *seq,
                hash: *hash,
                reason: format!("the ledger holds only {length} entries (truncated?)"),
            });
        }
        Ok(self.ledger)
    }

    fn flush(&mut self) -> Result<(), VerifyError> {
        let batch = std::mem::take(&mut self.pending);
        let result = self.verify_batch(&batch);
        if let Err(error) = &result {
            self.failed = Some(error.clone());
        }
        self.pending = batch;
        self.pending.clear();
        result
    }

    fn verify_batch(&mut self, batch: &[SignedEntry]) -> Result<(), VerifyError> {
        let signatures_ok = self.signatures_ok(batch);
        for (entry, signature_ok) in batch.iter().zip(signatures_ok) {
            let seq = entry.entry().seq;
            let kind = entry.entry().body.kind();
            let rule = |error| VerifyError::Rule { seq, kind, error };
            if !signature_ok {
                return Err(rule(RuleError::BadSignature));
            }
            self.ledger.apply(entry).map_err(rule)?;
            if let Some((index, hash)) = self.expected.get(&seq) {
                if *hash != entry.hash() {
                    return Err(VerifyError::Checkpoint {
                        index: *index,
                        seq,
                        hash: *hash,
                        reason: format!("the entry there has hash {} (rewritten?)", entry.hash()),
                    });
                }
            }
        }
        Ok(())
    }

    /// One flag per entry: does its signature verify? Batches on every core; a failing chunk is
    /// rechecked one by one (strictly) to find which entries fail.
    fn signatures_ok(&mut self, batch: &[SignedEntry]) -> Vec<bool> {
        let keys: Vec<Option<VerifyingKey>> = batch.iter().map(|e| self.key(&e.entry().author)).collect();
        let chunk = batch.len().div_ceil(self.threads).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .zip(keys.chunks(chunk))
                .map(|(entries, keys)| scope.spawn(move || check_chunk(entries, keys)))
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().unwrap_or_else(|_| Vec::new()))
                .collect::<Vec<bool>>()
        })
        .into_iter()
        .chain(std::iter::repeat(false))
        .take(batch.len())
        .collect()
    }

    fn key(&mut self, key: &PublicKey) -> Option<VerifyingKey> {
        if let Some(found) = self.keys.get(key) {
            return Some(*found);
        }
        let parsed = VerifyingKey::from_bytes(&key.0).ok()?;
        if self.keys.len() < 100_000 {
            self.keys.insert(*key, parsed);
        }
        Some(parsed)
    }
}

fn check_chunk(entries: &[SignedEntry], keys: &[Option<VerifyingKey>]) -> Vec<bool> {
    let all_keys: Option<Vec<VerifyingKey>> = keys.iter().copied().collect();
    if let Some(all_keys) = all_keys {
        let messages: Vec<&[u8]> = entries.iter().map(SignedEntry::message).collect();
        let signatures: Vec<Signature> = entries.iter().map(SignedEntry::signature).collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, &all_keys).is_ok() {
            return vec![true; entries.len()];
        }
    }
    entries
        .iter()
        .zip(keys)
        .map(|(entry, key)| key.is_some_and(|key| key.verify_strict(entry.message(), &entry.signature()).is_ok()))
        .collect()
}

/// Verify a whole ledger given as signed entries in order.
pub fn verify_entries<I>(entries: I) -> Result<Ledger, VerifyError>
where
    I: IntoIterator<Item = SignedEntry>,
{
    let mut verifier = Verifier::new();
    for entry in entries {
        verifier.push(entry)?;
    }
    verifier.finish()
}
