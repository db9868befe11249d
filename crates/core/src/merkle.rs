//! The RFC 6962 / RFC 9162 (§2.1) Merkle tree over a ledger's entries: its root, kept
//! incrementally by a [`Frontier`], and its inclusion and consistency proofs.
//!
//! The leaves are the entries' hashes, [`entry_hash`](crate::entry_hash)`(bytes)` =
//! `SHA-256(0x00 ‖ bytes)`, which are exactly RFC 6962 leaf hashes; an interior node is
//! `SHA-256(0x01 ‖ left ‖ right)` ([`node_hash`]); the tree of `n` leaves splits at the largest
//! power of two below `n`, and the empty tree's root is `SHA-256("")` ([`EMPTY_ROOT`]). So a
//! root, a proof or a stored subtree hash made here is the one Certificate Transparency, Go's
//! `golang.org/x/mod/sumdb/tlog` or the C2SP tlog-tiles layout would make of the same leaves.
//!
//! Guarantees:
//! - the proofs are RFC 9162's `PATH` (§2.1.3.1) and `PROOF` (§2.1.4.1), and the verifiers
//!   run RFC 9162's algorithms (§2.1.3.2 and §2.1.4.2) step by step, after checking that the
//!   proof has exactly the length its sizes call for, so that an error names what is wrong;
//! - no proof of more than [`PROOF_HASHES_MAX`] hashes is made or read: that bounds the work
//!   done on untrusted input, and suffices for every inclusion proof in a tree of any `u64`
//!   size, and every consistency proof towards a tree of at most 2⁶³ leaves;
//! - nothing here panics (sizes are `u64`, and no arithmetic on them can overflow) or does any
//!   I/O: the functions that make proofs read the tree through a slice of leaf hashes, or
//!   through a caller's function giving the hash of a stored subtree, so that a store can
//!   serve them from its tiles in O(log² n) reads;
//! - a [`Frontier`] appends a leaf in O(1) hashes on average (64 at most) and gives the root
//!   in at most 63.
//!
//! ```
//! use cercle_core::entry_hash;
//! use cercle_core::merkle::{self, Frontier};
//!
//! let leaves: Vec<[u8; 32]> = (0..7u8).map(|i| entry_hash(&[i]).0).collect();
//! let mut frontier = Frontier::new();
//! for leaf in &leaves {
//!     frontier.push(*leaf).unwrap();
//! }
//! assert_eq!(frontier.size(), 7);
//! let root = frontier.root();
//!
//! // Entry 4 is in the tree of 7 entries whose root is `root`, and no other entry is.
//! let proof = merkle::inclusion_proof(&leaves, 4, 7).unwrap();
//! assert_eq!(merkle::verify_inclusion(leaves[4], 4, 7, &proof, root), Ok(()));
//! assert!(merkle::verify_inclusion(leaves[3], 4, 7, &proof, root).is_err());
//!
//! // The tree of 7 entries extends the tree of its first 3 entries.
//! let old_root = merkle::root(&leaves[..3]);
//! let proof = merkle::consistency_proof(&leaves, 3, 7).unwrap();
//! assert_eq!(merkle::verify_consistency(3, 7, &proof, old_root, root), Ok(()));
//! assert!(merkle::verify_consistency(3, 7, &proof, root, old_root).is_err());
//! ```

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The root of the empty tree: `SHA-256("")` (RFC 9162 §2.1.1).
pub const EMPTY_ROOT: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27,
    0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// The most hashes a proof may have, made or read.
pub const PROOF_HASHES_MAX: usize = 64;

/// An interior node's hash: `SHA-256(0x01 ‖ left ‖ right)` (RFC 9162 §2.1.1).
pub fn node_hash(left: [u8; 32], right: [u8; 32]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update([1u8]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// Why a proof cannot be made or does not verify, or why a tree cannot be read or grown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The leaf index is not in the tree.
    #[error("leaf {index} is not in a tree of {size} leaves")]
    IndexOutOfRange {
        /// The leaf asked for.
        index: u64,
        /// The tree's size.
        size: u64,
    },
    /// A tree is asked of more leaves than were given.
    #[error("a tree of {size} leaves was asked for, but only {available} leaf hashes were given")]
    SizeOutOfRange {
        /// The size asked for.
        size: u64,
        /// The leaves given.
        available: u64,
    },
    /// A consistency proof is asked from a larger tree to a smaller one.
    #[error("the old tree has {old_size} leaves, more than the new tree's {new_size}")]
    OldSizeGreater {
        /// The old tree's size.
        old_size: u64,
        /// The new tree's size.
        new_size: u64,
    },
    /// A proof has more hashes than any proof this module makes or reads.
    #[error("the proof has {len} hashes, more than the {max} allowed", max = PROOF_HASHES_MAX)]
    ProofTooLong {
        /// The proof's length.
        len: usize,
    },
    /// A proof does not have the length its sizes (and index) call for.
    #[error("the proof has {found} hashes, but these tree sizes call for {expected}")]
    WrongProofLength {
        /// The length the sizes call for.
        expected: usize,
        /// The proof's length.
        found: usize,
    },
    /// An inclusion proof does not lead from the leaf to the tree's root.
    #[error(
        "the proof does not lead from this leaf at index {index} to this root of a tree of {size} leaves"
    )]
    RootMismatch {
        /// The leaf's index.
        index: u64,
        /// The tree's size.
        size: u64,
    },
    /// A consistency proof does not lead to the old tree's root.
    #[error("the consistency proof does not lead to the old root (tree of {old_size} leaves)")]
    OldRootMismatch {
        /// The old tree's size.
        old_size: u64,
    },
    /// A consistency proof does not lead to the new tree's root.
    #[error("the consistency proof does not lead to the new root (tree of {new_size} leaves)")]
    NewRootMismatch {
        /// The new tree's size.
        new_size: u64,
    },
    /// Two roots given for trees of the same size differ.
    #[error("the two roots of trees of {size} leaves differ")]
    DifferentRoots {
        /// The trees' size.
        size: u64,
    },
    /// A range of leaves is not one stored subtree.
    #[error(
        "leaves {start}..{end} are not a subtree (a non-empty power of two of leaves, starting at a multiple of it)"
    )]
    NotASubtree {
        /// The range's first leaf.
        start: u64,
        /// The leaf after its last.
        end: u64,
    },
    /// A frontier does not have one hash per set bit of its size.
    #[error("a frontier of {size} leaves has {hashes} hashes, not one per set bit of its size")]
    MalformedFrontier {
        /// The size it claims.
        size: u64,
        /// The hashes it holds.
        hashes: usize,
    },
    /// The tree holds as many leaves as a `u64` counts.
    #[error("the tree already holds {size} leaves, the most a tree may hold")]
    TreeFull {
        /// The tree's size.
        size: u64,
    },
}

/// The right edge of a tree (its "compact range" from leaf 0): the roots of the perfect
/// subtrees its leaves split into, one per set bit of its size, largest (leftmost) first. It is
/// all that is needed to compute the tree's root and to append a leaf, in O(log n) hashes and
/// at most 64 × 32 bytes, so a store can keep it in its state.
///
/// Deserialising checks that the hashes are as many as the size's set bits (it cannot check
/// that they are the right ones: a store recomputes them when in doubt).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FrontierParts")]
pub struct Frontier {
    size: u64,
    hashes: Vec<[u8; 32]>,
}

/// A frontier as read, before its shape is checked.
#[derive(Deserialize)]
struct FrontierParts {
    size: u64,
    hashes: Vec<[u8; 32]>,
}

impl TryFrom<FrontierParts> for Frontier {
    type Error = ProofError;

    fn try_from(parts: FrontierParts) -> Result<Frontier, ProofError> {
        if parts.hashes.len() != parts.size.count_ones() as usize {
            return Err(ProofError::MalformedFrontier { size: parts.size, hashes: parts.hashes.len() });
        }
        Ok(Frontier { size: parts.size, hashes: parts.hashes })
    }
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// Appends a leaf hash (an [`entry_hash`](crate::entry_hash)): O(1) hashes on average,
    /// at most 64.
    ///
    /// # Errors
    ///
    /// [`ProofError::TreeFull`] if the tree already holds `u64::MAX` leaves (the frontier is
    /// then unchanged).
    pub fn push(&mut self, leaf: [u8; 32]) -> Result<(), ProofError> {
        let Some(size) = self.size.checked_add(1) else {
            return Err(ProofError::TreeFull { size: self.size });
        };
        // Like a binary counter's carry: each trailing one bit of the old size is a perfect
        // subtree of the same height as the one being built, which it joins on its left.
        let mut hash = leaf;
        let mut carry = self.size;
        while carry & 1 == 1 {
            match self.hashes.pop() {
                Some(left) => hash = node_hash(left, hash),
                // Unreachable: there is one hash per set bit of the size.
                None => break,
            }
            carry >>= 1;
        }
        self.hashes.push(hash);
        self.size = size;
        Ok(())
    }

    /// [`Frontier::push`], returning the hashes that Go's `tlog` stores for this leaf, in the
    /// order it stores them (`StoredHashesForRecordHash`): the leaf hash, then the root of each
    /// perfect subtree the leaf completes, smallest first. Laid end to end from the first leaf,
    /// they put the hash of (`level`, `n`) at [`stored_hash_index`]`(level, n)`.
    ///
    /// # Errors
    ///
    /// [`ProofError::TreeFull`], as [`Frontier::push`].
    pub fn push_stored(&mut self, leaf: [u8; 32]) -> Result<Vec<[u8; 32]>, ProofError> {
        let completed = self.size.trailing_ones() as usize;
        let mut stored = Vec::with_capacity(1 + completed);
        stored.push(leaf);
        let mut hash = leaf;
        for left in self.hashes.iter().rev().take(completed) {
            hash = node_hash(*left, hash);
            stored.push(hash);
        }
        self.push(leaf)?;
        debug_assert_eq!(self.hashes.last(), stored.last());
        Ok(stored)
    }

    /// The frontier of a tree of `size` leaves from its perfect subtrees' roots (largest
    /// first, one per set bit of `size`), e.g. read from stored hashes with `node`:
    /// `(level, n)` for each of them. The caller checks its [`root`](Frontier::root) against a
    /// root it trusts before extending it.
    ///
    /// # Errors
    ///
    /// What `node` returns.
    pub fn from_nodes<E>(
        size: u64,
        mut node: impl FnMut(u8, u64) -> Result<[u8; 32], E>,
    ) -> Result<Frontier, E> {
        let mut hashes = Vec::with_capacity(size.count_ones() as usize);
        let mut at = 0u64;
        for level in (0..64u8).rev() {
            if size & (1u64 << level) != 0 {
                hashes.push(node(level, at >> level)?);
                at += 1u64 << level;
            }
        }
        Ok(Frontier { size, hashes })
    }

    /// How many leaves the tree holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree of [`size`](Frontier::size) leaves (RFC 9162's `MTH`);
    /// [`EMPTY_ROOT`] for the empty tree.
    pub fn root(&self) -> [u8; 32] {
        let mut hashes = self.hashes.iter().rev();
        let Some(&last) = hashes.next() else {
            return EMPTY_ROOT;
        };
        hashes.fold(last, |right, &left| node_hash(left, right))
    }

    /// The roots of the perfect subtrees the leaves split into, largest (leftmost) first: the
    /// subtree of `2^level` leaves for each set bit `level` of the size, from the highest bit.
    pub fn hashes(&self) -> &[[u8; 32]] {
        &self.hashes
    }
}

/// Where Go's `tlog` stores the hash of the perfect subtree (`level`, `n`) (leaves
/// `n·2^level .. (n+1)·2^level`) in its sequence of stored hashes (`StoredHashIndex`): level
/// L's n-th hash comes right after level L+1's (2n+1)-th.
pub fn stored_hash_index(level: u8, n: u64) -> u64 {
    let mut n = n;
    for _ in 0..level {
        n = n.wrapping_mul(2).wrapping_add(1);
    }
    let mut index = 0u64;
    while n > 0 {
        index = index.wrapping_add(n);
        n >>= 1;
    }
    index.wrapping_add(u64::from(level))
}

/// How many hashes Go's `tlog` stores for a tree of `size` leaves (`StoredHashCount`).
pub fn stored_hash_count(size: u64) -> u64 {
    if size == 0 {
        return 0;
    }
    stored_hash_index(0, size - 1) + 1 + u64::from((size - 1).trailing_ones())
}

/// The root of the tree of `size` leaves, reading it through `node(level, n)` as
/// [`inclusion_proof_from`] does: O(log size) lookups.
///
/// # Errors
///
/// What `node` returns.
pub fn root_from<E>(size: u64, mut node: impl FnMut(u8, u64) -> Result<[u8; 32], E>) -> Result<[u8; 32], E> {
    if size == 0 {
        return Ok(EMPTY_ROOT);
    }
    range_root(0, size, &mut node)
}

/// The root (RFC 9162's `MTH`) of the tree of all the given leaves; [`EMPTY_ROOT`] if there
/// are none. O(n) hashes.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
    let size = leaves.len() as u64;
    if size == 0 {
        return EMPTY_ROOT;
    }
    match range_root(0, size, &mut |level, index| Ok::<_, ProofError>(perfect_root(leaves, level, index))) {
        Ok(root) => root,
        // Unreachable: the slice holds every leaf asked for.
        Err(_) => EMPTY_ROOT,
    }
}

/// The root of the perfect subtree of leaves `start..end`, where `end - start` is a power of
/// two and `start` a multiple of it: the hash a tlog tile stores for that node (at level
/// `log2(end - start)`, index `start / (end - start)`).
///
/// # Errors
///
/// [`ProofError::NotASubtree`] if the range is empty, not a power of two long or not aligned;
/// [`ProofError::SizeOutOfRange`] if it ends past the leaves given.
pub fn subtree_root(leaves: &[[u8; 32]], start: u64, end: u64) -> Result<[u8; 32], ProofError> {
    let width = end.checked_sub(start).filter(|w| w.is_power_of_two() && start.is_multiple_of(*w));
    let Some(width) = width else {
        return Err(ProofError::NotASubtree { start, end });
    };
    check_size(leaves, end)?;
    let level = width.trailing_zeros() as u8;
    Ok(perfect_root(leaves, level, start >> level))
}

/// The inclusion proof (RFC 9162 §2.1.3.1 `PATH`) of leaf `index` in the tree of the first
/// `size` of the given leaves (which may be more, so that a proof towards an earlier tree is
/// made from today's leaves). O(size) hashes; [`inclusion_proof_from`] makes it from stored
/// subtree hashes instead.
///
/// # Errors
///
/// [`ProofError::SizeOutOfRange`] if `size` is more than the leaves given;
/// [`ProofError::IndexOutOfRange`] if `index` is not less than `size`.
pub fn inclusion_proof(leaves: &[[u8; 32]], index: u64, size: u64) -> Result<Vec<[u8; 32]>, ProofError> {
    check_size(leaves, size)?;
    inclusion_proof_from(index, size, |level, n| Ok(perfect_root(leaves, level, n)))
}

/// The consistency proof (RFC 9162 §2.1.4.1 `PROOF`) that the tree of the first `new_size`
/// leaves extends the tree of the first `old_size`. It is empty when `old_size` is 0 or equals
/// `new_size` (there is nothing to prove). O(new_size) hashes; [`consistency_proof_from`] makes
/// it from stored subtree hashes instead.
///
/// # Errors
///
/// [`ProofError::SizeOutOfRange`] if `new_size` is more than the leaves given;
/// [`ProofError::OldSizeGreater`] if `old_size` is more than `new_size`;
/// [`ProofError::ProofTooLong`] if the proof would have more than [`PROOF_HASHES_MAX`] hashes
/// (only towards trees of more than 2⁶³ leaves).
pub fn consistency_proof(
    leaves: &[[u8; 32]],
    old_size: u64,
    new_size: u64,
) -> Result<Vec<[u8; 32]>, ProofError> {
    check_size(leaves, new_size)?;
    consistency_proof_from(old_size, new_size, |level, n| Ok(perfect_root(leaves, level, n)))
}

/// [`inclusion_proof`], reading the tree through `node(level, n)`: the root of the perfect
/// subtree of leaves `n·2^level .. (n+1)·2^level` (what Go's tlog calls the stored hash at
/// `level`, `n`; level 0 is the leaf hashes). It asks only for subtrees within the first
/// `size` leaves, O(log² size) of them.
///
/// # Errors
///
/// [`ProofError::IndexOutOfRange`] if `index` is not less than `size`, or what `node` returns.
pub fn inclusion_proof_from<E: From<ProofError>>(
    index: u64,
    size: u64,
    mut node: impl FnMut(u8, u64) -> Result<[u8; 32], E>,
) -> Result<Vec<[u8; 32]>, E> {
    let shape = inclusion_shape(index, size)?;
    shape.iter().map(|&(start, end)| range_root(start, end, &mut node)).collect()
}

/// [`consistency_proof`], reading the tree through `node(level, n)` as
/// [`inclusion_proof_from`] does. It asks only for subtrees within the first `new_size`
/// leaves, O(log² new_size) of them.
///
/// # Errors
///
/// [`ProofError::OldSizeGreater`] if `old_size` is more than `new_size`,
/// [`ProofError::ProofTooLong`] as [`consistency_proof`] says, or what `node` returns.
pub fn consistency_proof_from<E: From<ProofError>>(
    old_size: u64,
    new_size: u64,
    mut node: impl FnMut(u8, u64) -> Result<[u8; 32], E>,
) -> Result<Vec<[u8; 32]>, E> {
    let shape = consistency_shape(old_size, new_size)?;
    shape.iter().map(|&(start, end)| range_root(start, end, &mut node)).collect()
}

/// Checks that `proof` proves that `leaf` (a leaf hash) is leaf `index` of the tree of `size`
/// leaves whose root is `root`, by RFC 9162 §2.1.3.2's algorithm.
///
/// # Errors
///
/// [`ProofError::ProofTooLong`], [`ProofError::IndexOutOfRange`],
/// [`ProofError::WrongProofLength`] (checked in this order, before any hash), then
/// [`ProofError::RootMismatch`] if the proof does not lead to `root`.
pub fn verify_inclusion(
    leaf: [u8; 32],
    index: u64,
    size: u64,
    proof: &[[u8; 32]],
    root: [u8; 32],
) -> Result<(), ProofError> {
    if proof.len() > PROOF_HASHES_MAX {
        return Err(ProofError::ProofTooLong { len: proof.len() });
    }
    let expected = inclusion_shape(index, size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength { expected, found: proof.len() });
    }
    let wrong_length = ProofError::WrongProofLength { expected, found: proof.len() };

    // RFC 9162 §2.1.3.2, step by step.
    // 1. If leaf_index is greater than or equal to tree_size, fail (done by inclusion_shape).
    // 2. Set fn to leaf_index and sn to tree_size - 1.
    let mut f_n = index;
    let mut s_n = size - 1;
    // 3. Set r to hash.
    let mut r = leaf;
    // 4. For each value p in the inclusion_path array:
    for &p in proof {
        // a. If sn is 0, then stop the iteration and fail the proof verification.
        if s_n == 0 {
            return Err(wrong_length);
        }
        // b. If LSB(fn) is set, or if fn is equal to sn, then:
        if f_n & 1 == 1 || f_n == s_n {
            // i. Set r to HASH(0x01 || p || r).
            r = node_hash(p, r);
            // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
            // LSB(fn) is set or fn is 0.
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            // Otherwise: i. Set r to HASH(0x01 || r || p).
            r = node_hash(r, p);
        }
        // c. Finally, right-shift both fn and sn one time.
        f_n >>= 1;
        s_n >>= 1;
    }
    // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the
    // root_hash are equal, then the log has proven the inclusion of hash. Otherwise, fail.
    if s_n != 0 {
        return Err(wrong_length);
    }
    if r != root {
        return Err(ProofError::RootMismatch { index, size });
    }
    Ok(())
}

/// Checks that `proof` proves that the tree of `new_size` leaves whose root is `new_root`
/// extends the tree of `old_size` leaves whose root is `old_root`, by RFC 9162 §2.1.4.2's
/// algorithm. Beyond the RFC, which proves `0 < old_size < new_size`: equal sizes need an
/// empty proof and equal roots, and an old size of 0 an empty proof and the empty tree's root
/// ([`EMPTY_ROOT`]) as the old root.
///
/// # Errors
///
/// [`ProofError::ProofTooLong`], [`ProofError::OldSizeGreater`],
/// [`ProofError::WrongProofLength`] (checked in this order, before any hash), then
/// [`ProofError::DifferentRoots`] (equal sizes), [`ProofError::OldRootMismatch`] or
/// [`ProofError::NewRootMismatch`] if the proof does not lead to that root.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    proof: &[[u8; 32]],
    old_root: [u8; 32],
    new_root: [u8; 32],
) -> Result<(), ProofError> {
    if proof.len() > PROOF_HASHES_MAX {
        return Err(ProofError::ProofTooLong { len: proof.len() });
    }
    let expected = consistency_shape(old_size, new_size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength { expected, found: proof.len() });
    }
    let wrong_length = ProofError::WrongProofLength { expected, found: proof.len() };
    if old_size == new_size {
        return if old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::DifferentRoots { size: old_size })
        };
    }
    if old_size == 0 {
        return if old_root == EMPTY_ROOT { Ok(()) } else { Err(ProofError::OldRootMismatch { old_size }) };
    }

    // RFC 9162 §2.1.4.2, step by step, for 0 < first < second.
    let (first, second) = (old_size, new_size);
    // 1. If consistency_path is an empty array, stop and fail the proof verification.
    let Some((&head, rest)) = proof.split_first() else {
        return Err(wrong_length);
    };
    // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path
    // array.
    let (c0, rest) = if first.is_power_of_two() { (old_root, proof) } else { (head, rest) };
    // 3. Set fn to first - 1 and sn to second - 1.
    let mut f_n = first - 1;
    let mut s_n = second - 1;
    // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    // 5. Set both fr and sr to the first value in the consistency_path array.
    let mut f_r = c0;
    let mut s_r = c0;
    // 6. For each subsequent value c in the consistency_path array:
    for &c in rest {
        // a. If sn is 0, then stop the iteration and fail the proof verification.
        if s_n == 0 {
            return Err(wrong_length);
        }
        // b. If LSB(fn) is set, or if fn is equal to sn, then:
        if f_n & 1 == 1 || f_n == s_n {
            // i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
            f_r = node_hash(c, f_r);
            s_r = node_hash(c, s_r);
            // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
            // LSB(fn) is set or fn is 0.
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            // Otherwise: i. Set sr to HASH(0x01 || sr || c).
            s_r = node_hash(s_r, c);
        }
        // c. Finally, right-shift both fn and sn one time.
        f_n >>= 1;
        s_n >>= 1;
    }
    // 7. Verify that the fr calculated is equal to the first_hash supplied, that the sr
    // calculated is equal to the second_hash supplied, and that sn is 0.
    if s_n != 0 {
        return Err(wrong_length);
    }
    if f_r != old_root {
        return Err(ProofError::OldRootMismatch { old_size });
    }
    if s_r != new_root {
        return Err(ProofError::NewRootMismatch { new_size });
    }
    Ok(())
}

/// Refuses a tree size larger than the leaves given.
fn check_size(leaves: &[[u8; 32]], size: u64) -> Result<(), ProofError> {
    let available = leaves.len() as u64;
    if size > available {
        return Err(ProofError::SizeOutOfRange { size, available });
    }
    Ok(())
}

/// The largest power of two strictly less than `n` (for `n ≥ 2`): where RFC 9162 splits a
/// tree of `n` leaves.
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The leaf ranges whose roots make the inclusion proof of `index` in the tree of `size`
/// leaves, in the proof's order: RFC 9162's recursive `PATH`, unrolled.
fn inclusion_shape(index: u64, size: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    // PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n])      for m < k,
    //              = PATH(m - k, D[k:n]) : MTH(D[0:k])  for m >= k,
    // and PATH(0, {d0}) = {}: the siblings are found from the top, and listed from the bottom.
    let mut siblings = Vec::new();
    let (mut start, mut end) = (0, size);
    while end - start > 1 {
        let middle = start + split(end - start);
        if index < middle {
            siblings.push((middle, end));
            end = middle;
        } else {
            siblings.push((start, middle));
            start = middle;
        }
    }
    siblings.reverse();
    Ok(siblings)
}

/// The leaf ranges whose roots make the consistency proof from `old_size` to `new_size`, in
/// the proof's order: RFC 9162's recursive `SUBPROOF`, unrolled; empty when there is nothing to
/// prove (`old_size` 0 or equal to `new_size`).
fn consistency_shape(old_size: u64, new_size: u64) -> Result<Vec<(u64, u64)>, ProofError> {
    if old_size > new_size {
        return Err(ProofError::OldSizeGreater { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    // PROOF(m, D_n) = SUBPROOF(m, D_n, true), with
    // SUBPROOF(m, D_m, true) = {}, SUBPROOF(m, D_m, false) = {MTH(D_m)},
    // SUBPROOF(m, D_n, b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          for m <= k,
    //                     = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  for m > k.
    let mut siblings = Vec::new();
    let (mut start, mut end, mut whole) = (0, new_size, true);
    while old_size != end {
        let middle = start + split(end - start);
        if old_size <= middle {
            siblings.push((middle, end));
            end = middle;
        } else {
            siblings.push((start, middle));
            start = middle;
            whole = false;
        }
    }
    if !whole {
        siblings.push((start, end));
    }
    siblings.reverse();
    if siblings.len() > PROOF_HASHES_MAX {
        return Err(ProofError::ProofTooLong { len: siblings.len() });
    }
    Ok(siblings)
}

/// The root of leaves `start..end` (non-empty), read through the roots of the perfect subtrees
/// it splits into (`node(level, n)`), largest first; each is aligned, as every range RFC 9162's
/// recursion visits starts at a multiple of the smallest power of two not below its length.
fn range_root<E>(
    start: u64,
    end: u64,
    node: &mut impl FnMut(u8, u64) -> Result<[u8; 32], E>,
) -> Result<[u8; 32], E> {
    // The subtrees, from the highest set bit of the length down, then folded from the right:
    // MTH(D[s:e]) = HASH(0x01 ‖ MTH(first subtree) ‖ MTH(the rest)).
    let mut parts = [[0u8; 32]; 64];
    let mut count = 0;
    let mut at = start;
    let mut rest = end - start;
    while rest != 0 {
        let level = 63 - rest.leading_zeros();
        parts[count] = node(level as u8, at >> level)?;
        count += 1;
        at += 1 << level;
        rest -= 1 << level;
    }
    let mut parts = parts[..count].iter().rev();
    let last = parts.next().copied().unwrap_or(EMPTY_ROOT);
    Ok(parts.fold(last, |right, &left| node_hash(left, right)))
}

/// The root of the perfect subtree of leaves `n·2^level .. (n+1)·2^level`, all in `leaves`.
fn perfect_root(leaves: &[[u8; 32]], level: u8, n: u64) -> [u8; 32] {
    let range = 1usize.checked_shl(u32::from(level)).and_then(|width| {
        let start = usize::try_from(n).ok()?.checked_mul(width)?;
        leaves.get(start..start.checked_add(width)?)
    });
    let Some(range) = range else {
        // Unreachable: callers check that the leaves cover the tree.
        return EMPTY_ROOT;
    };
    // A stack of pending subtree roots with their levels, merged as a binary counter would.
    let mut stack: Vec<([u8; 32], u8)> = Vec::with_capacity(usize::from(level) + 1);
    for &leaf in range {
        let mut hash = leaf;
        let mut height = 0u8;
        while let Some(&(left, h)) = stack.last() {
            if h != height {
                break;
            }
            stack.pop();
            hash = node_hash(left, hash);
            height += 1;
        }
        stack.push((hash, height));
    }
    stack.pop().map_or(EMPTY_ROOT, |(hash, _)| hash)
}
