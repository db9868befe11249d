//! A proof that one entry is in a circle's ledger, checkable with nothing but the support
//! team's key: the entry's export line, its place in the ledger's Merkle tree (the RFC 9162
//! audit path) and the signed tree checkpoint note it is proven against (`docs/FORMAT.md` §10).
//!
//! No I/O: a proof is read from text and checked here; `cercle prove` writes one and
//! `cercle check-proof` reads one. Reading is bounded ([`PROOF_BYTES_MAX`]) and never panics,
//! whatever the text; a proof checks only if every part agrees with every other.
//!
//! ```
//! use cercle_core::ed25519_dalek::SigningKey;
//! use cercle_core::proof::Proof;
//! use cercle_core::{merkle, Body, Genesis, Governance, Ledger, PublicKey, Text, TextField, TreeCheckpoint};
//!
//! let alice = SigningKey::from_bytes(&[1; 32]);
//! let support = SigningKey::from_bytes(&[9; 32]);
//! let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
//! let mut ledger = Ledger::new();
//! let genesis = ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
//!     name: Text::new(TextField::CircleName, "Littoral").unwrap(),
//!     territory: Text::new(TextField::Territory, "Côte d'Opale").unwrap(),
//!     status: cercle_core::CircleStatus::Active,
//!     founder: "alice".parse().unwrap(),
//!     governance: Governance::default(),
//!     support_key: Some(PublicKey(support.verifying_key().to_bytes())),
//! })).unwrap();
//! let fund = ledger.sign_and_append(&alice, at, Body::FundReceived {
//!     amount: "15 000".parse().unwrap(),
//!     source: Text::new(TextField::Source, "FEDER").unwrap(),
//!     reference: Text::new(TextField::Reference, "HF-2024-001").unwrap(),
//! }).unwrap();
//! let leaves = [genesis.hash().0, fund.hash().0];
//! let note = TreeCheckpoint::of_leaves(genesis.hash(), &leaves).sign(&support, "cercle-support").unwrap();
//! let path = merkle::inclusion_proof(&leaves, 1, 2).unwrap();
//! let proof = Proof::new(&fund, 2, &path, note);
//!
//! let read = Proof::parse(&proof.to_json()).unwrap();
//! let checked = read.check(&[("cercle-support", PublicKey(support.verifying_key().to_bytes()))]).unwrap();
//! assert_eq!(checked.entry, fund);
//! assert!(read.check(&[("cercle-support", PublicKey(alice.verifying_key().to_bytes()))]).is_err());
//! ```

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::checkpoint::{parse_note, verify_note, CheckpointError, NoteBody};
use crate::ids::{CircleId, PublicKey};
use crate::merkle::{self, ProofError};
use crate::{FormatError, SignedEntry};

/// What a proof's `format` field says.
pub const PROOF_FORMAT: &str = "cercle-proof/1";

/// The largest proof read: an entry line, 64 hashes and a note fit in a few KiB.
pub const PROOF_BYTES_MAX: usize = 64 * 1024;

/// A proof as written (JSON, `docs/FORMAT.md` §10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proof {
    /// [`PROOF_FORMAT`].
    pub format: String,
    /// The entry's export line, exactly (`docs/FORMAT.md` §4).
    pub entry: String,
    /// Its leaf index: its seq.
    pub index: u64,
    /// The size of the checkpointed tree.
    pub size: u64,
    /// The audit path, standard base64 hashes from the leaf's sibling up (RFC 9162 §2.1.3).
    pub path: Vec<String>,
    /// The signed tree checkpoint note (C2SP tlog-checkpoint).
    pub checkpoint: String,
}

/// What a proof that checks says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProof {
    /// The entry, whose author's signature holds.
    pub entry: SignedEntry,
    /// Its circle.
    pub circle: CircleId,
    /// The size of the checkpointed tree that holds it.
    pub size: u64,
    /// That tree's root.
    pub root: [u8; 32],
    /// The names of the known keys that signed the checkpoint, in the note's order.
    pub signers: Vec<String>,
}

/// Why a proof was refused: one sentence each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofFileError {
    /// Longer than [`PROOF_BYTES_MAX`].
    #[error("it is {0} bytes, more than a proof can be ({PROOF_BYTES_MAX})")]
    TooLarge(usize),
    /// Not the JSON of a proof.
    #[error("it is not a cercle proof ({0})")]
    NotAProof(String),
    /// Another format.
    #[error("it is a {0}, not a {PROOF_FORMAT}")]
    OtherFormat(String),
    /// The entry line does not decode.
    #[error("its entry cannot be read: {0}")]
    Entry(FormatError),
    /// The entry's author's signature does not hold.
    #[error("its entry is not signed by its author")]
    EntrySignature,
    /// The note does not parse.
    #[error("its checkpoint note cannot be read: {0}")]
    Note(CheckpointError),
    /// A chain note (first year's format), which names no tree.
    #[error("its checkpoint note is not a tree checkpoint")]
    NotATreeNote,
    /// No key given signed the note.
    #[error("its checkpoint is not signed by the key given: {0}")]
    NotSigned(CheckpointError),
    /// The note is of another circle than the entry.
    #[error("its checkpoint is of circle {checkpoint}, its entry of circle {entry}")]
    OtherCircle {
        /// The note's circle (short hex).
        checkpoint: String,
        /// The entry's circle (short hex).
        entry: String,
    },
    /// `index` or `size` disagree with the entry or the note.
    #[error("it says entry #{index} of {size}, but its entry is #{seq} and its checkpoint covers {covered} entries")]
    Mismatch {
        /// The proof's index.
        index: u64,
        /// The proof's size.
        size: u64,
        /// The entry's seq.
        seq: u64,
        /// The note's size.
        covered: u64,
    },
    /// A path element is not a base64 hash.
    #[error("\"{0}\" in its path is not a base64 hash")]
    BadPathHash(String),
    /// The path does not lead from the entry to the note's root.
    #[error("its entry is not in the checkpointed tree: {0}")]
    NotIncluded(ProofError),
}

impl Proof {
    /// The proof of `entry`, leaf `entry.seq` of the tree of `size` entries, by `path`, against
    /// `checkpoint` (a signed tree note of that size).
    pub fn new(entry: &SignedEntry, size: u64, path: &[[u8; 32]], checkpoint: String) -> Proof {
        Proof {
            format: PROOF_FORMAT.into(),
            entry: entry.to_line(),
            index: entry.entry().seq,
            size,
            path: path.iter().map(|hash| base64::engine::general_purpose::STANDARD.encode(hash)).collect(),
            checkpoint,
        }
    }

    /// Read a proof (bounded; never panics).
    ///
    /// # Errors
    ///
    /// [`ProofFileError::TooLarge`], [`ProofFileError::NotAProof`], [`ProofFileError::OtherFormat`].
    pub fn parse(text: &str) -> Result<Proof, ProofFileError> {
        if text.len() > PROOF_BYTES_MAX {
            return Err(ProofFileError::TooLarge(text.len()));
        }
        let proof: Proof =
            serde_json::from_str(text).map_err(|e| ProofFileError::NotAProof(e.to_string()))?;
        if proof.format != PROOF_FORMAT {
            return Err(ProofFileError::OtherFormat(proof.format));
        }
        Ok(proof)
    }

    /// The proof as pretty JSON (what `cercle prove` writes).
    pub fn to_json(&self) -> String {
        // Strings and integers only: serde_json cannot fail on them.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Check everything: the entry decodes and its author signed it; the note is a tree note
    /// signed by one of `keys` (name, key), of the entry's circle, of `size` entries; `index` is
    /// the entry's seq; and the path leads from the entry's hash to the note's root.
    ///
    /// # Errors
    ///
    /// The first [`ProofFileError`] that applies, in that order.
    pub fn check(&self, keys: &[(&str, PublicKey)]) -> Result<CheckedProof, ProofFileError> {
        let entry = SignedEntry::from_line(&self.entry).map_err(ProofFileError::Entry)?;
        entry.verify_signature().map_err(|_| ProofFileError::EntrySignature)?;
        let seq = entry.entry().seq;
        let circle = if seq == 0 { entry.hash() } else { entry.entry().circle };
        let note = parse_note(&self.checkpoint).map_err(ProofFileError::Note)?;
        let NoteBody::Tree(checkpoint) = note.body() else {
            return Err(ProofFileError::NotATreeNote);
        };
        let signers = verify_note(&note, keys).map_err(ProofFileError::NotSigned)?;
        if checkpoint.circle != circle {
            return Err(ProofFileError::OtherCircle {
                checkpoint: checkpoint.circle.to_hex()[..16].to_string(),
                entry: circle.to_hex()[..16].to_string(),
            });
        }
        if self.size != checkpoint.size || self.index != seq {
            return Err(ProofFileError::Mismatch {
                index: self.index,
                size: self.size,
                seq,
                covered: checkpoint.size,
            });
        }
        if self.path.len() > merkle::PROOF_HASHES_MAX {
            return Err(ProofFileError::NotIncluded(ProofError::ProofTooLong { len: self.path.len() }));
        }
        let path = self.path.iter().map(|text| decode_hash(text)).collect::<Result<Vec<_>, _>>()?;
        merkle::verify_inclusion(entry.hash().0, seq, checkpoint.size, &path, checkpoint.root)
            .map_err(ProofFileError::NotIncluded)?;
        Ok(CheckedProof {
            entry,
            circle,
            size: checkpoint.size,
            root: checkpoint.root,
            signers: signers.into_iter().map(|(name, _)| name).collect(),
        })
    }
}

fn decode_hash(text: &str) -> Result<[u8; 32], ProofFileError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| ProofFileError::BadPathHash(text.chars().take(64).collect()))
}
