//! Verifying a whole ledger: replay every entry through the very rules of [`Ledger::append`],
//! with decoding, hashing and signature checks done in batches on every core.
//!
//! The pipeline: the caller pushes export lines or decoded entries in order; every
//! [`BATCH_ENTRIES`] items become a job for a worker thread (decode, hash, [`batch::verify_batch`]);
//! up to one job per core is in flight while the caller reads on; jobs come back in order and
//! their entries go through [`Ledger::apply`] one by one, on the caller's thread.
//!
//! Guarantees: the first bad entry is named by its position (from 0), with the rule it breaks;
//! an entry whose signature fails in a batch is found by re-checking that batch one by one with
//! `verify_strict`; memory stays bounded by (cores + 1) batches plus the derived state.

use std::collections::{BTreeMap, VecDeque};
use std::thread::JoinHandle;

use ed25519_dalek::{Signature, VerifyingKey};

use crate::batch::{self, Signed};
use crate::entry::{Link, SignedEntry};
use crate::error::{FormatError, RuleError, VerifyError};
use crate::ids::{EntryHash, PublicKey};
use crate::ledger::Ledger;

/// How many entries one job checks together.
pub const BATCH_ENTRIES: usize = 4096;

/// Something to verify: a decoded entry, or an export line still to decode (where it is in
/// its job's text).
enum Item {
    Entry(Box<SignedEntry>),
    Line(std::ops::Range<usize>),
}

/// A job for a worker: its items, and the text of its lines, one buffer for all of them (a
/// string per line, allocated here and freed on the worker, made the two threads fight over
/// malloc's lock: 18,000 futex calls and 0.8 s of system time for a million lines).
struct Job {
    items: Vec<Item>,
    text: String,
}

/// What a worker gives back for one item.
// Not boxed: a box would cost an allocation per verified entry, on the hot path; the space a
// `Known` item wastes lives only as long as one job's answer.
#[allow(clippy::large_enum_variant)]
enum Checked {
    /// An entry of the resumed prefix: its link (or why it does not decode).
    Known(Result<Link, FormatError>),
    /// Any other entry (or why it does not decode), and whether its signature verifies.
    New(Result<SignedEntry, FormatError>, bool),
}

/// A streaming verifier: push entries (or export lines) in order, then [`Verifier::finish`].
///
/// ```
/// use cercle_core::Verifier;
/// let mut verifier = Verifier::new();
/// verifier.push_line("not an export line".to_string()).unwrap();
/// let error = verifier.finish().unwrap_err();
/// assert!(error.to_string().starts_with("entry 0:"));
/// ```
pub struct Verifier {
    ledger: Ledger,
    pending: Vec<Item>,
    pending_text: String,
    in_flight: VecDeque<JoinHandle<Vec<Checked>>>,
    threads: usize,
    expected: BTreeMap<u64, (usize, EntryHash)>,
    keep_verified: bool,
    verified: Vec<SignedEntry>,
    strict: bool,
    failed: Option<VerifyError>,
    /// Entries checked so far (in the resumed prefix, ahead of `ledger.len()`).
    position: u64,
    /// Entries sent to workers so far.
    dispatched: u64,
    /// How many leading entries are already verified ([`Verifier::resuming`]); the hash of the
    /// last one seen there.
    known: u64,
    known_prev: Option<EntryHash>,
    /// The head of a ledger verified before, which this one must extend.
    extends: Option<(u64, EntryHash)>,
    /// Tree checkpoints to check (size → which one given, its root), and the Merkle frontier
    /// of the entries so far, kept only when there are some.
    trees: BTreeMap<u64, (usize, [u8; 32])>,
    frontier: Option<crate::merkle::Frontier>,
}

impl Default for Verifier {
    fn default() -> Verifier {
        Verifier::new()
    }
}

impl Verifier {
    /// A verifier using every available core.
    pub fn new() -> Verifier {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 64);
        Verifier {
            ledger: Ledger::new(),
            pending: Vec::with_capacity(BATCH_ENTRIES),
            pending_text: String::new(),
            in_flight: VecDeque::new(),
            threads,
            expected: BTreeMap::new(),
            keep_verified: false,
            verified: Vec::new(),
            strict: false,
            failed: None,
            position: 0,
            dispatched: 0,
            known: 0,
            known_prev: None,
            extends: None,
            trees: BTreeMap::new(),
            frontier: None,
        }
    }

    /// Start from `state`, the state of a ledger verified before (e.g. kept by an earlier audit
    /// with its history), instead of from nothing: the entries it covers are still pushed, in
    /// order, but they are only decoded and hashed (no signature, no rule). Each must chain to
    /// the one before, and the last must be `state`'s head: then, by the hash chain, they are
    /// the very entries `state` was verified from. The entries after it are verified as usual,
    /// from `state`. A ledger that is shorter, or whose entry at that seq is another one, fails
    /// with [`VerifyError::Diverged`].
    ///
    /// Trusting `state` is trusting whoever kept it: keep it where only the auditor writes.
    ///
    /// ```
    /// use cercle_core::*;
    /// use ed25519_dalek::SigningKey;
    ///
    /// let alice = SigningKey::from_bytes(&[1; 32]);
    /// let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
    /// let text = |field, value: &str| Text::new(field, value).unwrap();
    /// let mut ledger = Ledger::new();
    /// let mut entries = vec![ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
    ///     name: text(TextField::CircleName, "Littoral"),
    ///     territory: text(TextField::Territory, "Côte d'Opale"),
    ///     status: CircleStatus::Active,
    ///     founder: "alice".parse().unwrap(),
    ///     governance: Governance::default(),
    ///     support_key: None,
    /// })).unwrap()];
    /// for reference in ["C-1", "C-2", "C-3"] {
    ///     entries.push(ledger.sign_and_append(&alice, at, Body::FundReceived {
    ///         amount: "100".parse().unwrap(),
    ///         source: text(TextField::Source, "FEDER"),
    ///         reference: text(TextField::Reference, reference),
    ///     }).unwrap());
    /// }
    ///
    /// // Verified once, up to entry 1, and kept (e.g. by an auditor's witness)...
    /// let kept = verify_entries(entries[..2].to_vec()).unwrap();
    /// // ...then a longer copy: entries 0 and 1 are only hashed, 2 and 3 fully verified.
    /// let mut verifier = Verifier::new().resuming(kept.clone());
    /// for entry in entries.clone() {
    ///     verifier.push(entry).unwrap();
    /// }
    /// assert_eq!(verifier.finish().unwrap(), ledger);
    ///
    /// // A copy that stops before what was verified does not extend it.
    /// let mut verifier = Verifier::new().resuming(kept);
    /// verifier.push(entries[0].clone()).unwrap();
    /// assert!(matches!(verifier.finish(), Err(VerifyError::Diverged { seq: 1, .. })));
    /// ```
    pub fn resuming(mut self, state: Ledger) -> Verifier {
        if let Some(head) = state.head() {
            self.known = state.len();
            self.extends = Some((head.seq, head.hash));
            self.ledger = state;
        }
        self
    }

    /// Start from `state`, the state of a ledger verified before up to its head, and verify
    /// only the entries pushed after it: the first pushed must be entry `state.len()`, chained
    /// to `state`'s head. Unlike [`Verifier::resuming`], the entries `state` covers are not
    /// pushed at all: whoever uses this has proven otherwise that the ledger still holds them
    /// (a store's Merkle tree, consistent with a root kept with `state`: `cercle audit
    /// --witness`). Checkpoint heads ([`Verifier::expect_head`]) before `state.len()` are not
    /// checked here.
    pub fn continuing(mut self, state: Ledger) -> Verifier {
        if let Some(head) = state.head() {
            self.known = state.len();
            self.position = state.len();
            self.dispatched = state.len();
            self.known_prev = Some(head.hash);
            self.extends = Some((head.seq, head.hash));
            self.ledger = state;
        }
        self
    }

    /// Require that the RFC 6962 root of the ledger's first `size` entries be `root` (a tree
    /// checkpoint, `docs/FORMAT.md` §10; `index` names it in the error, from 1). The verifier
    /// then keeps the Merkle frontier of the entries as it goes (O(1) hashes per entry); call
    /// it before pushing any entry. Not for [`Verifier::continuing`], which sees no early entry.
    pub fn expect_tree(&mut self, index: usize, size: u64, root: [u8; 32]) {
        self.trees.insert(size, (index, root));
        if self.frontier.is_none() && self.position == 0 {
            self.frontier = Some(crate::merkle::Frontier::new());
        }
    }

    /// Require that the ledger extends one verified before, whose head was `seq` with `hash`,
    /// verifying every entry (see [`Verifier::resuming`] to skip the known ones).
    pub fn extending(mut self, seq: u64, hash: EntryHash) -> Verifier {
        self.extends = Some((seq, hash));
        self
    }

    /// Use at most `threads` worker threads (at least one).
    pub fn with_threads(mut self, threads: usize) -> Verifier {
        self.threads = threads.max(1);
        self
    }

    /// Check every signature one by one with `verify_strict` (still on every core) instead of
    /// in batches.
    ///
    /// Why it exists: a batch ([`batch::verify_batch`]) checks the cofactorless equation with
    /// coefficients drawn from the batch's own contents, so a signer who adds a small-order
    /// component to their own signature's `R` can craft an entry that a batch accepts and
    /// `verify_strict` (what [`Ledger::append`] and `docs/FORMAT.md` require) refuses. Only the
    /// key's holder can make such a signature, so nothing can be forged; strict mode makes every
    /// verifier agree on every byte, at about four times the cost (3.7 to 4.0 measured at a
    /// million entries, `docs/PERFORMANCE.md`).
    pub fn strict(mut self) -> Verifier {
        self.strict = true;
        self
    }

    /// Keep the verified entries for [`Verifier::take_verified`] (e.g. to store them).
    pub fn keeping_verified(mut self) -> Verifier {
        self.keep_verified = true;
        self
    }

    /// Also require that the entry at `seq` has `hash` (a checkpoint kept apart); `index`
    /// names the checkpoint in the error.
    pub fn expect_head(&mut self, index: usize, seq: u64, hash: EntryHash) {
        self.expected.insert(seq, (index, hash));
    }

    /// The state verified so far (entries still in flight are not in it).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Take the history gathered so far (see [`crate::History`]), to keep it elsewhere.
    pub fn take_history(&mut self) -> crate::History {
        self.ledger.take_history()
    }

    /// The entries verified since the last call (only with [`Verifier::keeping_verified`]).
    pub fn take_verified(&mut self) -> Vec<SignedEntry> {
        std::mem::take(&mut self.verified)
    }

    /// Add the next entry. An error names the first bad entry; after one, every push fails.
    pub fn push(&mut self, entry: SignedEntry) -> Result<(), VerifyError> {
        self.push_item(Item::Entry(Box::new(entry)))
    }

    /// Add the next export line (decoded on a worker thread).
    pub fn push_line(&mut self, line: impl AsRef<str>) -> Result<(), VerifyError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let start = self.pending_text.len();
        self.pending_text.push_str(line.as_ref());
        self.push_item(Item::Line(start..self.pending_text.len()))
    }

    /// Verify what is pending and return the ledger's state.
    pub fn finish(mut self) -> Result<Ledger, VerifyError> {
        self.dispatch()?;
        while !self.in_flight.is_empty() {
            self.apply_oldest()?;
        }
        if self.position == 0 {
            return Err(VerifyError::Empty);
        }
        if let Some((seq, hash)) = self.extends.filter(|(seq, _)| *seq >= self.position) {
            let reason = format!("this ledger holds only {} entries (truncated?)", self.position);
            return Err(VerifyError::Diverged { seq, hash, reason });
        }
        let length = self.position;
        if let Some((size, (index, root))) = self.trees.iter().find(|(size, _)| **size > length) {
            return Err(VerifyError::Checkpoint {
                index: *index,
                seq: size - 1,
                hash: EntryHash(*root),
                reason: format!("the ledger holds only {length} entries (truncated?)"),
            });
        }
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

    /// Like [`Verifier::finish`], also returning the entries verified since the last
    /// [`Verifier::take_verified`] (with [`Verifier::keeping_verified`]).
    pub fn finish_with_verified(mut self) -> Result<(Ledger, Vec<SignedEntry>), VerifyError> {
        self.dispatch()?;
        while !self.in_flight.is_empty() {
            self.apply_oldest()?;
        }
        let verified = std::mem::take(&mut self.verified);
        Ok((self.finish()?, verified))
    }

    fn push_item(&mut self, item: Item) -> Result<(), VerifyError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        self.pending.push(item);
        if self.pending.len() >= BATCH_ENTRIES {
            self.dispatch()?;
        }
        Ok(())
    }

    /// Send the pending items to a worker; first make room by applying the oldest job.
    fn dispatch(&mut self) -> Result<(), VerifyError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        while self.in_flight.len() >= self.threads {
            self.apply_oldest()?;
        }
        let text_capacity = self.pending_text.len();
        let job = Job {
            items: std::mem::replace(&mut self.pending, Vec::with_capacity(BATCH_ENTRIES)),
            text: std::mem::replace(&mut self.pending_text, String::with_capacity(text_capacity)),
        };
        let strict = self.strict;
        let known = usize::try_from(self.known.saturating_sub(self.dispatched)).unwrap_or(usize::MAX);
        self.dispatched += job.items.len() as u64;
        // A thread per job, not a pool: a pool's long-lived threads allocate the decoded entries
        // that this thread frees, and glibc's malloc (mimalloc too) then kept freed memory:
        // peak RSS grew with the ledger (180 MiB at a million entries, against 35 MiB here).
        self.in_flight.push_back(std::thread::spawn(move || check_job(job, strict, known)));
        Ok(())
    }

    fn apply_oldest(&mut self) -> Result<(), VerifyError> {
        let Some(handle) = self.in_flight.pop_front() else { return Ok(()) };
        let result = match handle.join() {
            Ok(checked) => self.apply_checked(checked),
            Err(_) => Err(VerifyError::Worker { position: self.position }),
        };
        if let Err(error) = &result {
            self.failed = Some(error.clone());
            self.in_flight.clear(); // later jobs are moot; their threads end on their own
        }
        result
    }

    fn apply_checked(&mut self, checked: Vec<Checked>) -> Result<(), VerifyError> {
        for item in checked {
            // Name the entry by its position, not by the seq it claims (which may be forged).
            let position = self.position;
            let format = |error| VerifyError::Format { position, error };
            match item {
                Checked::Known(link) => {
                    let link = link.map_err(format)?;
                    let rule = |error| VerifyError::Rule { seq: position, kind: link.kind, error };
                    self.check_known(position, &link).map_err(rule)?;
                    self.check_expected(position, link.hash)?;
                    self.check_tree(link.hash)?;
                }
                Checked::New(decoded, signature_ok) => {
                    let entry = decoded.map_err(format)?;
                    let kind = entry.entry().body.kind();
                    let rule = |error| VerifyError::Rule { seq: position, kind, error };
                    if !signature_ok {
                        return Err(rule(RuleError::BadSignature));
                    }
                    self.ledger.apply(&entry).map_err(rule)?;
                    self.check_expected(position, entry.hash())?;
                    self.check_tree(entry.hash())?;
                    if self.keep_verified {
                        self.verified.push(entry);
                    }
                }
            }
            self.position += 1;
        }
        Ok(())
    }

    /// An entry of the resumed prefix: it must be numbered `position` and chain to the one
    /// before (the first must be the circle's genesis, whose hash is the circle's id).
    fn check_known(&mut self, position: u64, link: &Link) -> Result<(), RuleError> {
        if link.seq != position {
            return Err(RuleError::WrongSequence { expected: position, found: link.seq });
        }
        match self.known_prev {
            None => {
                let id = self.ledger.circle().map(|c| c.id);
                if id != Some(link.hash) {
                    return Err(RuleError::WrongCircle {
                        expected: id.unwrap_or_default(),
                        found: link.hash,
                    });
                }
            }
            Some(prev) if link.prev != prev => return Err(RuleError::BrokenChain),
            Some(_) => {}
        }
        self.known_prev = Some(link.hash);
        Ok(())
    }

    /// Extend the frontier (if tree checkpoints are expected) and check the one of this size.
    fn check_tree(&mut self, leaf: EntryHash) -> Result<(), VerifyError> {
        let Some(frontier) = self.frontier.as_mut() else { return Ok(()) };
        frontier.push(leaf.0).map_err(|_| VerifyError::Worker { position: self.position })?;
        let size = frontier.size();
        match self.trees.get(&size) {
            Some((index, root)) if frontier.root() != *root => Err(VerifyError::Checkpoint {
                index: *index,
                seq: size - 1,
                hash: EntryHash(*root),
                reason: format!(
                    "the Merkle root of its first {size} entries is {}, not the checkpoint's",
                    EntryHash(frontier.root())
                ),
            }),
            _ => Ok(()),
        }
    }

    fn check_expected(&self, position: u64, found: EntryHash) -> Result<(), VerifyError> {
        if let Some((seq, hash)) = self.extends.filter(|(seq, hash)| *seq == position && *hash != found) {
            let reason = format!("this ledger's entry {seq} has hash {found} (history rewritten?)");
            return Err(VerifyError::Diverged { seq, hash, reason });
        }
        match self.expected.get(&position) {
            Some((index, hash)) if *hash != found => Err(VerifyError::Checkpoint {
                index: *index,
                seq: position,
                hash: *hash,
                reason: format!("the entry there has hash {found} (rewritten?)"),
            }),
            _ => Ok(()),
        }
    }
}

/// Decode, hash and check the signatures of one job, on a worker thread. A batch that fails
/// [`batch::verify_batch`] is re-checked one by one with `verify_strict` to find which entries fail.
/// The first `known` items are only decoded and hashed (the resumed prefix).
fn check_job(job: Job, strict: bool, known: usize) -> Vec<Checked> {
    let Job { mut items, text } = job;
    let line = |range: std::ops::Range<usize>| text.get(range).unwrap_or_default();
    let rest = items.split_off(known.min(items.len()));
    let links = items.into_iter().map(|item| {
        Checked::Known(match item {
            Item::Entry(entry) => Ok(Link::of_entry(&entry)),
            Item::Line(range) => Link::from_line(line(range)),
        })
    });
    let decoded: Vec<Result<SignedEntry, FormatError>> = rest
        .into_iter()
        .map(|item| match item {
            Item::Entry(entry) => Ok(*entry),
            Item::Line(range) => SignedEntry::from_line(line(range)),
        })
        .collect();
    let mut keys: BTreeMap<PublicKey, Option<VerifyingKey>> = BTreeMap::new();
    let mut key_of = |entry: &SignedEntry| {
        let author = entry.entry().author;
        *keys.entry(author).or_insert_with(|| VerifyingKey::from_bytes(&author.0).ok())
    };
    let batch_ok = !strict && {
        let items: Vec<Signed> = decoded
            .iter()
            .filter_map(|d| d.as_ref().ok())
            .map(|entry| Signed {
                key: &entry.entry().author,
                message: entry.message(),
                signature: entry.signature_bytes(),
            })
            .collect();
        items.len() == decoded.len() && batch::verify_batch(&items)
    };
    let checked = decoded.into_iter().map(|entry| {
        let ok = batch_ok
            || match &entry {
                Ok(e) => key_of(e).is_some_and(|key| verify_one(&key, e)),
                Err(_) => false,
            };
        Checked::New(entry, ok)
    });
    links.chain(checked).collect()
}

fn verify_one(key: &VerifyingKey, entry: &SignedEntry) -> bool {
    let signature: Signature = entry.signature();
    key.verify_strict(entry.message(), &signature).is_ok()
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
