//! The RFC 6962 / RFC 9162 Merkle tree (`cercle_core::merkle`): the reference test vectors,
//! then properties checked against a naive transcription of the RFC's recursive definitions
//! (`MTH`, `PATH`, `SUBPROOF`), written here again with `sha2` alone.

#![allow(clippy::unwrap_used)]

use cercle_core::entry_hash;
use cercle_core::merkle::{self, Frontier, ProofError, EMPTY_ROOT, PROOF_HASHES_MAX};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

type Hash = [u8; 32];

fn hex(text: &str) -> Hash {
    let bytes = cercle_core::hex_decode(text).unwrap();
    bytes.try_into().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The naive RFC definitions.

fn naive_node(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([1u8]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The largest power of two strictly less than `n` (n ≥ 2).
fn naive_split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// RFC 9162 §2.1.1 `MTH`.
fn naive_root(d: &[Hash]) -> Hash {
    match d.len() {
        0 => Sha256::digest(b"").into(),
        1 => d[0],
        n => {
            let k = naive_split(n);
            naive_node(&naive_root(&d[..k]), &naive_root(&d[k..]))
        }
    }
}

/// RFC 9162 §2.1.3.1 `PATH(m, D_n)`.
fn naive_path(m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return Vec::new();
    }
    let k = naive_split(d.len());
    if m < k {
        let mut path = naive_path(m, &d[..k]);
        path.push(naive_root(&d[k..]));
        path
    } else {
        let mut path = naive_path(m - k, &d[k..]);
        path.push(naive_root(&d[..k]));
        path
    }
}

/// RFC 9162 §2.1.4.1 `SUBPROOF(m, D_n, b)`.
fn naive_subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    if m == d.len() {
        return if b { Vec::new() } else { vec![naive_root(d)] };
    }
    let k = naive_split(d.len());
    if m <= k {
        let mut proof = naive_subproof(m, &d[..k], b);
        proof.push(naive_root(&d[k..]));
        proof
    } else {
        let mut proof = naive_subproof(m - k, &d[k..], false);
        proof.push(naive_root(&d[..k]));
        proof
    }
}

/// RFC 9162 §2.1.4.1 `PROOF(m, D_n)`, for 0 < m ≤ n.
fn naive_consistency(m: usize, d: &[Hash]) -> Vec<Hash> {
    naive_subproof(m, d, true)
}

/// Every stored subtree hash, level by level (level 0: the leaves), built pairwise.
struct Levels(Vec<Vec<Hash>>);

impl Levels {
    fn new(leaves: &[Hash]) -> Levels {
        let mut levels = vec![leaves.to_vec()];
        loop {
            let below = levels.last().unwrap();
            if below.len() < 2 {
                break;
            }
            let above = below.chunks_exact(2).map(|pair| naive_node(&pair[0], &pair[1])).collect();
            levels.push(above);
        }
        Levels(levels)
    }

    fn node(&self, level: u8, n: u64) -> Result<Hash, ProofError> {
        Ok(self.0[usize::from(level)][n as usize])
    }
}

/// `n` distinct leaf hashes drawn from `seed`.
fn leaves(seed: u64, n: usize) -> Vec<Hash> {
    (0..n as u64)
        .map(|i| {
            let mut bytes = seed.to_le_bytes().to_vec();
            bytes.extend_from_slice(&i.to_le_bytes());
            entry_hash(&bytes).0
        })
        .collect()
}

/// The roots of the trees of sizes 0..=leaves.len(), from a frontier.
fn roots(leaves: &[Hash]) -> Vec<Hash> {
    let mut frontier = Frontier::new();
    let mut roots = vec![frontier.root()];
    for leaf in leaves {
        frontier.push(*leaf).unwrap();
        roots.push(frontier.root());
    }
    roots
}

fn flip(hash: &Hash, byte: usize, mask: u8) -> Hash {
    let mut changed = *hash;
    changed[byte % 32] ^= mask;
    changed
}

// ---------------------------------------------------------------------------------------------
// The reference vectors.
//
// The 8-leaf tree of Certificate Transparency's `merkle_tree_test` (certificate-transparency,
// C++), as kept today by transparency-dev/merkle (the Go Merkle library of Trillian, Tessera
// and the C2SP tlog tools), commit 417fb0c314750d94e53942e9f92e79b6d35915db:
// - `testonly/constants.go`: `LeafInputs`, `NodeHashes` and `RootHashes` (the roots of the
//   trees of sizes 0 to 8);
// - `cmd/proofgen/main.go`: `inclusionProofs` (its leaf indices are 1-based: `{6, 8}` is leaf
//   5 of the tree of 8) and `consistencyProofs`, from which its `testdata/` probes are made.
// (Go's `golang.org/x/mod/sumdb/tlog` tests check against a live CT log instead, so they hold
// no such vectors.)

const LEAF_INPUTS: [&[u8]; 8] = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
];

/// `NodeHashes()`: the stored subtree hashes, level by level.
const NODE_HASHES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// `RootHashes()`: the root of the tree of the first `size` leaves, for size 0 to 8.
const ROOT_HASHES: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// `inclusionProofs`: (leaf index, 0-based here; tree size; audit path).
const INCLUSION_PROOFS: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// `consistencyProofs`: (old size, new size, proof).
const CONSISTENCY_PROOFS: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn reference_leaves() -> Vec<Hash> {
    LEAF_INPUTS.iter().map(|input| entry_hash(input).0).collect()
}

#[test]
fn the_empty_root_is_the_hash_of_nothing() {
    assert_eq!(EMPTY_ROOT, <Hash>::from(Sha256::digest(b"")));
    assert_eq!(Frontier::new().root(), EMPTY_ROOT);
    assert_eq!(merkle::root(&[]), EMPTY_ROOT);
}

#[test]
fn reference_leaf_and_node_hashes() {
    let leaves = reference_leaves();
    for (level, hashes) in NODE_HASHES.iter().enumerate() {
        let width = 1u64 << level;
        for (n, expected) in hashes.iter().enumerate() {
            let start = n as u64 * width;
            assert_eq!(
                merkle::subtree_root(&leaves, start, start + width),
                Ok(hex(expected)),
                "level {level}, node {n}"
            );
        }
    }
    // Level 0 is the leaf hashes: cercle's entry hashes are RFC 6962 leaf hashes.
    let level0: Vec<Hash> = NODE_HASHES[0].iter().map(|h| hex(h)).collect();
    assert_eq!(leaves, level0);
}

#[test]
fn reference_roots_for_every_size() {
    let leaves = reference_leaves();
    let mut frontier = Frontier::new();
    assert_eq!(frontier.root(), hex(ROOT_HASHES[0]));
    for (size, leaf) in leaves.iter().enumerate() {
        frontier.push(*leaf).unwrap();
        let expected = hex(ROOT_HASHES[size + 1]);
        assert_eq!(frontier.size(), size as u64 + 1);
        assert_eq!(frontier.root(), expected, "frontier, size {}", size + 1);
        assert_eq!(merkle::root(&leaves[..size + 1]), expected, "root, size {}", size + 1);
        assert_eq!(naive_root(&leaves[..size + 1]), expected, "naive, size {}", size + 1);
    }
}

#[test]
fn reference_inclusion_proofs() {
    let leaves = reference_leaves();
    for (index, size, path) in INCLUSION_PROOFS {
        let expected: Vec<Hash> = path.iter().map(|h| hex(h)).collect();
        assert_eq!(merkle::inclusion_proof(&leaves, index, size), Ok(expected.clone()), "{index} of {size}");
        let root = hex(ROOT_HASHES[size as usize]);
        let leaf = leaves[index as usize];
        assert_eq!(merkle::verify_inclusion(leaf, index, size, &expected, root), Ok(()));
        // A few of transparency-dev/merkle's bad probes.
        assert!(merkle::verify_inclusion(leaf, index, size * 2, &expected, root).is_err());
        assert!(merkle::verify_inclusion(leaf, index, size, &expected, EMPTY_ROOT).is_err());
        assert!(merkle::verify_inclusion(leaf, index + 1, size, &expected, root).is_err());
        let mut trailing = expected.clone();
        trailing.push(root);
        assert!(merkle::verify_inclusion(leaf, index, size, &trailing, root).is_err());
        let mut preceding = vec![root];
        preceding.extend_from_slice(&expected);
        assert!(merkle::verify_inclusion(leaf, index, size, &preceding, root).is_err());
    }
}

#[test]
fn reference_consistency_proofs() {
    let leaves = reference_leaves();
    for (old_size, new_size, proof) in CONSISTENCY_PROOFS {
        let expected: Vec<Hash> = proof.iter().map(|h| hex(h)).collect();
        assert_eq!(
            merkle::consistency_proof(&leaves, old_size, new_size),
            Ok(expected.clone()),
            "{old_size} to {new_size}"
        );
        let old_root = hex(ROOT_HASHES[old_size as usize]);
        let new_root = hex(ROOT_HASHES[new_size as usize]);
        assert_eq!(merkle::verify_consistency(old_size, new_size, &expected, old_root, new_root), Ok(()));
        if old_size != new_size {
            assert!(merkle::verify_consistency(old_size, new_size, &expected, new_root, old_root).is_err());
            assert!(merkle::verify_consistency(old_size, new_size, &[], old_root, new_root).is_err());
            assert!(
                merkle::verify_consistency(old_size, new_size, &expected[1..], old_root, new_root).is_err()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every size, deterministically.

#[test]
fn frontier_root_is_the_rfc_root_for_every_size_up_to_300() {
    let leaves = leaves(7, 300);
    let mut frontier = Frontier::new();
    for size in 0..=leaves.len() {
        assert_eq!(frontier.size(), size as u64);
        assert_eq!(frontier.hashes().len(), size.count_ones() as usize);
        let root = naive_root(&leaves[..size]);
        assert_eq!(frontier.root(), root, "size {size}");
        assert_eq!(merkle::root(&leaves[..size]), root, "size {size}");
        if let Some(leaf) = leaves.get(size) {
            frontier.push(*leaf).unwrap();
        }
    }
}

#[test]
fn proofs_have_the_rfc_shape_for_every_small_tree() {
    let leaves = leaves(11, 40);
    for n in 0..=leaves.len() {
        let d = &leaves[..n];
        for m in 0..n {
            let proof = merkle::inclusion_proof(&leaves, m as u64, n as u64).unwrap();
            assert_eq!(proof, naive_path(m, d), "PATH({m}, D_{n})");
        }
        for m in 1..=n {
            let proof = merkle::consistency_proof(&leaves, m as u64, n as u64).unwrap();
            assert_eq!(proof, naive_consistency(m, d), "PROOF({m}, D_{n})");
        }
    }
}

#[test]
fn subtree_roots_are_aligned_powers_of_two() {
    let leaves = leaves(3, 64);
    for level in 0..=6u32 {
        let width = 1u64 << level;
        for start in (0..64).step_by(width as usize) {
            let expected = naive_root(&leaves[start as usize..(start + width) as usize]);
            assert_eq!(merkle::subtree_root(&leaves, start, start + width), Ok(expected));
        }
    }
    for (start, end) in [(0, 0), (0, 3), (1, 3), (2, 6), (4, 2), (8, 24)] {
        assert_eq!(merkle::subtree_root(&leaves, start, end), Err(ProofError::NotASubtree { start, end }));
    }
    assert_eq!(
        merkle::subtree_root(&leaves, 64, 128),
        Err(ProofError::SizeOutOfRange { size: 128, available: 64 })
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input, limits and errors.

#[test]
fn bad_arguments_are_refused_with_their_reason() {
    let leaves = leaves(5, 10);
    let root = merkle::root(&leaves);
    assert_eq!(
        merkle::inclusion_proof(&leaves, 10, 10),
        Err(ProofError::IndexOutOfRange { index: 10, size: 10 })
    );
    assert_eq!(
        merkle::inclusion_proof(&leaves, 0, 0),
        Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
    );
    assert_eq!(
        merkle::inclusion_proof(&leaves, 0, 11),
        Err(ProofError::SizeOutOfRange { size: 11, available: 10 })
    );
    assert_eq!(
        merkle::consistency_proof(&leaves, 5, 11),
        Err(ProofError::SizeOutOfRange { size: 11, available: 10 })
    );
    assert_eq!(
        merkle::consistency_proof(&leaves, 6, 5),
        Err(ProofError::OldSizeGreater { old_size: 6, new_size: 5 })
    );
    assert_eq!(merkle::consistency_proof(&leaves, 0, 10), Ok(Vec::new()));
    assert_eq!(merkle::consistency_proof(&leaves, 10, 10), Ok(Vec::new()));

    let proof = merkle::inclusion_proof(&leaves, 3, 10).unwrap();
    assert_eq!(
        merkle::verify_inclusion(leaves[3], 10, 10, &proof, root),
        Err(ProofError::IndexOutOfRange { index: 10, size: 10 })
    );
    assert_eq!(
        merkle::verify_inclusion(leaves[3], 3, 10, &proof[1..], root),
        Err(ProofError::WrongProofLength { expected: proof.len(), found: proof.len() - 1 })
    );
    assert_eq!(
        merkle::verify_inclusion(leaves[4], 3, 10, &proof, root),
        Err(ProofError::RootMismatch { index: 3, size: 10 })
    );

    let old_root = merkle::root(&leaves[..3]);
    let proof = merkle::consistency_proof(&leaves, 3, 10).unwrap();
    assert_eq!(
        merkle::verify_consistency(4, 3, &proof, old_root, root),
        Err(ProofError::OldSizeGreater { old_size: 4, new_size: 3 })
    );
    assert_eq!(
        merkle::verify_consistency(3, 10, &proof, root, root),
        Err(ProofError::OldRootMismatch { old_size: 3 })
    );
    assert_eq!(
        merkle::verify_consistency(3, 10, &proof, old_root, old_root),
        Err(ProofError::NewRootMismatch { new_size: 10 })
    );
    assert_eq!(merkle::verify_consistency(10, 10, &[], root, root), Ok(()));
    assert_eq!(
        merkle::verify_consistency(10, 10, &[], root, old_root),
        Err(ProofError::DifferentRoots { size: 10 })
    );
    assert_eq!(
        merkle::verify_consistency(10, 10, &[root], root, root),
        Err(ProofError::WrongProofLength { expected: 0, found: 1 })
    );
    assert_eq!(merkle::verify_consistency(0, 10, &[], EMPTY_ROOT, root), Ok(()));
    assert_eq!(
        merkle::verify_consistency(0, 10, &[], root, root),
        Err(ProofError::OldRootMismatch { old_size: 0 })
    );
    assert_eq!(merkle::verify_consistency(0, 0, &[], EMPTY_ROOT, EMPTY_ROOT), Ok(()));
}

#[test]
fn proofs_longer_than_the_limit_are_refused_before_any_hash() {
    let long = vec![[7u8; 32]; PROOF_HASHES_MAX + 1];
    assert_eq!(
        merkle::verify_inclusion([0; 32], 0, u64::MAX, &long, EMPTY_ROOT),
        Err(ProofError::ProofTooLong { len: 65 })
    );
    assert_eq!(
        merkle::verify_consistency(1, u64::MAX, &long, EMPTY_ROOT, EMPTY_ROOT),
        Err(ProofError::ProofTooLong { len: 65 })
    );
}

#[test]
fn the_largest_sizes_are_handled_without_overflow() {
    // The deepest leaf of the largest tree has a proof of 64 hashes; the edge of u64 must not
    // overflow anything.
    let proof = vec![[7u8; 32]; 64];
    for (index, size) in [(0, u64::MAX), (u64::MAX - 1, u64::MAX), (1 << 62, (1 << 63) + 1)] {
        let result = merkle::verify_inclusion([1; 32], index, size, &proof, EMPTY_ROOT);
        assert!(matches!(result, Err(ProofError::RootMismatch { .. } | ProofError::WrongProofLength { .. })));
    }
    for (old, new) in [(1, u64::MAX), (u64::MAX - 1, u64::MAX), ((1 << 63) - 1, 1 << 63), (3, 1 << 63)] {
        let result = merkle::verify_consistency(old, new, &proof, EMPTY_ROOT, [1; 32]);
        assert!(result.is_err(), "{old} to {new}");
    }
    // Proofs within the largest trees, read through a stand-in for stored subtree hashes.
    let node = |level: u8, n: u64| {
        Ok::<_, ProofError>(naive_node(&[level; 32], &n.to_le_bytes().repeat(4).try_into().unwrap()))
    };
    assert_eq!(merkle::inclusion_proof_from(0, u64::MAX, node).unwrap().len(), 64);
    assert_eq!(merkle::inclusion_proof_from(u64::MAX - 1, u64::MAX, node).unwrap().len(), 63);
    assert_eq!(merkle::consistency_proof_from((1 << 63) - 1, 1 << 63, node).unwrap().len(), 64);
    assert_eq!(merkle::consistency_proof_from(u64::MAX - 1, u64::MAX, node).unwrap().len(), 64);
    // The one kind of proof that would need 65 hashes: towards a tree of more than 2^63 leaves.
    let too_long = merkle::consistency_proof_from((1 << 63) - 1, u64::MAX, node);
    assert!(matches!(too_long, Err(ProofError::ProofTooLong { .. })), "{too_long:?}");
}

#[test]
fn a_stored_hash_that_cannot_be_read_fails_the_proof() {
    #[derive(Debug, PartialEq)]
    enum Read {
        Missing(u8, u64),
        Proof(ProofError),
    }
    impl From<ProofError> for Read {
        fn from(error: ProofError) -> Read {
            Read::Proof(error)
        }
    }
    let missing = |level: u8, n: u64| Err::<Hash, _>(Read::Missing(level, n));
    assert_eq!(merkle::inclusion_proof_from(0, 2, missing), Err(Read::Missing(0, 1)));
    assert_eq!(merkle::consistency_proof_from(1, 2, missing), Err(Read::Missing(0, 1)));
    assert_eq!(
        merkle::inclusion_proof_from(2, 2, missing),
        Err(Read::Proof(ProofError::IndexOutOfRange { index: 2, size: 2 }))
    );
}

#[test]
fn a_full_tree_refuses_one_more_leaf() {
    let json = serde_json::json!({ "size": u64::MAX, "hashes": vec![[9u8; 32]; 64] });
    let mut frontier: Frontier = serde_json::from_value(json).unwrap();
    let before = frontier.clone();
    assert_eq!(frontier.push([1; 32]), Err(ProofError::TreeFull { size: u64::MAX }));
    assert_eq!(frontier, before);
    let _ = frontier.root();
}

#[test]
fn a_frontier_without_one_hash_per_bit_is_refused() {
    for (size, count) in [(0u64, 1usize), (1, 0), (3, 1), (3, 3), (8, 2)] {
        let json = serde_json::json!({ "size": size, "hashes": vec![[9u8; 32]; count] });
        let error = serde_json::from_value::<Frontier>(json).unwrap_err();
        assert!(error.to_string().contains("not one per set bit"), "{error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Properties over random trees of up to 300 leaves.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn frontier_roots_are_rfc_roots_and_survive_serde(seed: u64, n in 0usize..=300) {
        let leaves = leaves(seed, n);
        let mut frontier = Frontier::new();
        for leaf in &leaves {
            frontier.push(*leaf).unwrap();
        }
        prop_assert_eq!(frontier.size(), n as u64);
        prop_assert_eq!(frontier.root(), naive_root(&leaves));
        let json = serde_json::to_string(&frontier).unwrap();
        let read: Frontier = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&read, &frontier);
        prop_assert_eq!(read.root(), frontier.root());
        prop_assert_eq!(&frontier.clone(), &frontier);
        // The next leaf changes the frontier, and another leaf a different one.
        let mut one = frontier.clone();
        let mut other = frontier.clone();
        one.push([1; 32]).unwrap();
        other.push([2; 32]).unwrap();
        prop_assert_ne!(&one, &frontier);
        prop_assert_ne!(one.root(), other.root());
    }

    #[test]
    fn every_inclusion_proof_verifies_for_its_leaf_only(
        seed: u64,
        n in 1usize..=300,
        pick: prop::sample::Index,
        byte: usize,
        mask in 1u8..=255,
    ) {
        let leaves = leaves(seed, n);
        let levels = Levels::new(&leaves);
        let roots = roots(&leaves);
        let root = roots[n];
        let size = n as u64;

        // Every leaf's proof verifies; a one-byte change of any of its hashes, of the leaf or
        // of the root, fails.
        for index in 0..size {
            let leaf = leaves[index as usize];
            let proof = merkle::inclusion_proof_from(index, size, |l, k| levels.node(l, k)).unwrap();
            prop_assert_eq!(merkle::verify_inclusion(leaf, index, size, &proof, root), Ok(()));
            for position in 0..proof.len() {
                let mut changed = proof.clone();
                changed[position] = flip(&changed[position], byte.wrapping_add(position), mask);
                prop_assert!(merkle::verify_inclusion(leaf, index, size, &changed, root).is_err());
            }
            let changed_leaf = flip(&leaf, byte, mask);
            prop_assert!(merkle::verify_inclusion(changed_leaf, index, size, &proof, root).is_err());
            let changed_root = flip(&root, byte, mask);
            prop_assert!(merkle::verify_inclusion(leaf, index, size, &proof, changed_root).is_err());
        }

        // One leaf, in depth: the proof is the RFC's PATH (made from the slice as from the
        // stored hashes); it fails for every other leaf, every other index, every other tree of
        // the log, and any one-byte change.
        let index = pick.index(n);
        let leaf = leaves[index];
        let proof = merkle::inclusion_proof(&leaves, index as u64, size).unwrap();
        prop_assert_eq!(&proof, &naive_path(index, &leaves));
        prop_assert!(proof.len() <= PROOF_HASHES_MAX);
        let from = merkle::inclusion_proof_from(index as u64, size, |l, k| levels.node(l, k)).unwrap();
        prop_assert_eq!(&proof, &from);
        for (other, &other_leaf) in leaves.iter().enumerate() {
            if other != index {
                let wrong_leaf = merkle::verify_inclusion(other_leaf, index as u64, size, &proof, root);
                prop_assert!(wrong_leaf.is_err(), "leaf {} verified at {}", other, index);
                let wrong_index = merkle::verify_inclusion(leaf, other as u64, size, &proof, root);
                prop_assert!(wrong_index.is_err(), "leaf {} verified at {}", index, other);
            }
        }
        // A proof does not bind the size alone (leaf 0 has the same path in trees of 17 and 18
        // leaves): the size is bound to the root, which a checkpoint signs with it. So: every
        // other tree of the log (its size with its root) fails, and so do twice and half the
        // size (transparency-dev/merkle's probes).
        for (other_size, other_root) in roots.iter().enumerate() {
            let other_size = other_size as u64;
            if other_size != size {
                let other_tree = merkle::verify_inclusion(leaf, index as u64, other_size, &proof, *other_root);
                prop_assert!(other_tree.is_err(), "leaf {} of {} verified in the tree of {}", index, n, other_size);
                prop_assert!(merkle::verify_inclusion(leaf, index as u64, size, &proof, *other_root).is_err());
            }
        }
        prop_assert!(merkle::verify_inclusion(leaf, index as u64, size * 2, &proof, root).is_err());
        prop_assert!(merkle::verify_inclusion(leaf, index as u64, size / 2, &proof, root).is_err());
        for position in 0..proof.len() {
            for at in 0..32 {
                let mut changed = proof.clone();
                changed[position] = flip(&changed[position], at, mask);
                prop_assert!(merkle::verify_inclusion(leaf, index as u64, size, &changed, root).is_err());
            }
        }
        // A hash more or less fails too.
        let mut longer = proof.clone();
        longer.push(root);
        prop_assert!(merkle::verify_inclusion(leaf, index as u64, size, &longer, root).is_err());
        if let Some((_, shorter)) = proof.split_last() {
            prop_assert!(merkle::verify_inclusion(leaf, index as u64, size, shorter, root).is_err());
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_only_for_its_roots(
        seed: u64,
        n in 1usize..=300,
        pick: prop::sample::Index,
        byte: usize,
        mask in 1u8..=255,
    ) {
        let leaves = leaves(seed, n);
        let levels = Levels::new(&leaves);
        let roots = roots(&leaves);
        let new_size = n as u64;
        let new_root = roots[n];

        // Every m ≤ n: the proof verifies; a one-byte change of any of its hashes fails, and so
        // do swapped roots.
        for (m, &old_root) in roots.iter().enumerate() {
            let old_size = m as u64;
            let proof = merkle::consistency_proof_from(old_size, new_size, |l, k| levels.node(l, k)).unwrap();
            prop_assert_eq!(merkle::verify_consistency(old_size, new_size, &proof, old_root, new_root), Ok(()));
            for position in 0..proof.len() {
                let mut changed = proof.clone();
                changed[position] = flip(&changed[position], byte.wrapping_add(position), mask);
                prop_assert!(merkle::verify_consistency(old_size, new_size, &changed, old_root, new_root).is_err());
            }
            if m != n {
                prop_assert!(merkle::verify_consistency(old_size, new_size, &proof, new_root, old_root).is_err());
                let changed_old = flip(&old_root, byte, mask);
                prop_assert!(merkle::verify_consistency(old_size, new_size, &proof, changed_old, new_root).is_err());
            }
            // The empty tree is consistent with every tree: only a non-empty one binds the new root.
            if m != 0 {
                let changed_new = flip(&new_root, byte, mask);
                prop_assert!(merkle::verify_consistency(old_size, new_size, &proof, old_root, changed_new).is_err());
            }
        }

        // One old size, in depth: the proof is the RFC's PROOF (made from the slice as from the
        // stored hashes); it fails for any other old size or root, and any one-byte change.
        let m = pick.index(n + 1);
        let old_size = m as u64;
        let old_root = roots[m];
        let proof = merkle::consistency_proof(&leaves, old_size, new_size).unwrap();
        if m > 0 {
            prop_assert_eq!(&proof, &naive_consistency(m, &leaves));
        }
        prop_assert!(proof.len() <= PROOF_HASHES_MAX);
        let from = merkle::consistency_proof_from(old_size, new_size, |l, k| levels.node(l, k)).unwrap();
        prop_assert_eq!(&proof, &from);
        for (other, other_root) in roots.iter().enumerate() {
            if other != m {
                let wrong_size = merkle::verify_consistency(other as u64, new_size, &proof, old_root, new_root);
                prop_assert!(wrong_size.is_err(), "{} to {} verified as {}", m, n, other);
                let wrong_root = merkle::verify_consistency(old_size, new_size, &proof, *other_root, new_root);
                prop_assert!(wrong_root.is_err(), "{} to {} verified with the root of {}", m, n, other);
            }
        }
        for position in 0..proof.len() {
            for at in 0..32 {
                let mut changed = proof.clone();
                changed[position] = flip(&changed[position], at, mask);
                prop_assert!(merkle::verify_consistency(old_size, new_size, &changed, old_root, new_root).is_err());
            }
        }
        // A tree that does not extend the old one (a leaf of the old part rewritten) fails.
        if m > 0 {
            let mut rewritten = leaves.clone();
            rewritten[pick.index(m)] = flip(&rewritten[pick.index(m)], byte, mask);
            let forged = merkle::consistency_proof(&rewritten, old_size, new_size).unwrap();
            let forged_root = merkle::root(&rewritten);
            prop_assert!(merkle::verify_consistency(old_size, new_size, &forged, old_root, forged_root).is_err());
        }
    }

    #[test]
    fn subtree_roots_match_the_rfc_root_of_their_range(seed: u64, level in 0u32..=8, pick: prop::sample::Index) {
        let leaves = leaves(seed, 300);
        let width = 1usize << level;
        let start = pick.index(300 / width) * width;
        let expected = naive_root(&leaves[start..start + width]);
        prop_assert_eq!(merkle::subtree_root(&leaves, start as u64, (start + width) as u64), Ok(expected));
    }
}

/// The stored hashes, laid end to end, are Go's `tlog` layout: each perfect subtree's root at
/// `stored_hash_index`, `stored_hash_count` of them, and `root_from` reads any size's root back.
#[test]
fn stored_hashes_follow_go_tlog_layout() {
    use cercle_core::merkle::{root_from, stored_hash_count, stored_hash_index, subtree_root};
    // Go's StoredHashIndex for the first hashes of a tree (tlog.go: level 0 n at n+n/2+n/4+...).
    assert_eq!((0..8).map(|n| stored_hash_index(0, n)).collect::<Vec<_>>(), vec![0, 1, 3, 4, 7, 8, 10, 11]);
    assert_eq!(stored_hash_index(1, 0), 2);
    assert_eq!(stored_hash_index(2, 0), 6);
    assert_eq!(stored_hash_index(3, 0), 14);
    let leaves: Vec<[u8; 32]> = (0u32..300).map(|i| cercle_core::entry_hash(&i.to_be_bytes()).0).collect();
    let mut frontier = Frontier::new();
    let mut stored: Vec<[u8; 32]> = Vec::new();
    for (i, leaf) in leaves.iter().enumerate() {
        stored.extend(frontier.push_stored(*leaf).unwrap());
        let size = i as u64 + 1;
        assert_eq!(stored.len() as u64, stored_hash_count(size), "size {size}");
        assert_eq!(frontier.root(), cercle_core::merkle::root(&leaves[..=i]));
    }
    for level in 0u8..9 {
        let width = 1u64 << level;
        for n in 0..(leaves.len() as u64 / width) {
            let expected = subtree_root(&leaves, n * width, (n + 1) * width).unwrap();
            assert_eq!(stored[stored_hash_index(level, n) as usize], expected, "level {level} n {n}");
        }
    }
    for size in 0..=leaves.len() {
        let node = |level: u8, n: u64| Ok::<_, ProofError>(stored[stored_hash_index(level, n) as usize]);
        assert_eq!(root_from(size as u64, node).unwrap(), cercle_core::merkle::root(&leaves[..size]));
    }
}

/// docs/FORMAT.md §10's vectors: the 7-leaf tree of `entry_hash([i])`, one inclusion proof
/// and one consistency proof, as the page prints them (base64), are what the code computes.
#[test]
fn format_md_tree_vectors_are_the_codes() {
    use base64::Engine as _;
    const FORMAT_MD: &str = include_str!("../../../docs/FORMAT.md");
    let b64 = |hash: &[u8; 32]| base64::engine::general_purpose::STANDARD.encode(hash);
    let leaves: Vec<[u8; 32]> = (0u8..7).map(|i| entry_hash(&[i]).0).collect();
    let inclusion = merkle::inclusion_proof(&leaves, 3, 7).unwrap();
    let consistency = merkle::consistency_proof(&leaves, 4, 7).unwrap();
    let mut expected = vec![format!("root of 7: {}", b64(&merkle::root(&leaves)))];
    expected.push(format!("root of 4: {}", b64(&merkle::root(&leaves[..4]))));
    expected.extend(
        inclusion.iter().enumerate().map(|(i, h)| format!("inclusion of leaf 3 in 7, hash {i}: {}", b64(h))),
    );
    expected.extend(
        consistency.iter().enumerate().map(|(i, h)| format!("consistency of 4 in 7, hash {i}: {}", b64(h))),
    );
    for line in &expected {
        assert!(
            FORMAT_MD.contains(line.as_str()),
            "docs/FORMAT.md lacks the line\n{line}\n(all: {expected:#?})"
        );
    }
    merkle::verify_inclusion(leaves[3], 3, 7, &inclusion, merkle::root(&leaves)).unwrap();
    merkle::verify_consistency(4, 7, &consistency, merkle::root(&leaves[..4]), merkle::root(&leaves))
        .unwrap();
}
