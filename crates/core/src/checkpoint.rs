//! The support team's checkpoints: a signed statement "this circle's ledger had `size` entries"
//! kept apart from the ledger, so that a later rewrite or truncation of anything before it is
//! caught. Both forms are C2SP signed notes (the format of Go's checksum database and of
//! transparency-log witnesses), so other witnesses can cosign them and existing note tools
//! (Go's `golang.org/x/mod/sumdb/note`) verify them.
//!
//! **Chain checkpoints** ([`Checkpoint`], the first form, still read and written): the third
//! line is the hash of the ledger's last entry (the head of the hash chain).
//!
//! ```text
//! cercle/<circle id, hex>
//! <size: number of entries>
//! <hash of the last entry, base64>
//!
//! — cercle-support <base64(key id ‖ signature)>
//! ```
//!
//! **Tree checkpoints** ([`TreeCheckpoint`]): a C2SP `tlog-checkpoint`, whose third line is the
//! RFC 6962 root of the Merkle tree over the entry hashes ([`crate::merkle`]), so that any
//! transparency-log tool, witness or monitor can use it. An optional extension line names the
//! chain head, as chain checkpoints do:
//!
//! ```text
//! cercle.invalid/<circle id, 64 lowercase hex>
//! <size: number of entries, decimal>
//! <RFC 6962 root of the tree of those entries, base64>
//! head <seq of the last entry = size − 1> <hash of the last entry, 64 lowercase hex>
//!
//! — <key name> <base64(key id ‖ signature)>
//! — <another key name> <base64(key id ‖ signature)>
//! ```
//!
//! A reader tells them apart by the first line alone: `cercle/` then the circle id is a chain
//! checkpoint, `cercle.invalid/` ([`TREE_ORIGIN_PREFIX`]) then the circle id a tree checkpoint.
//! [`parse_note`] reads both; [`verify_note`] checks their signatures under any number of known
//! keys, as C2SP requires; [`cosign_note`] adds a signature; [`Vkey`] reads and writes C2SP
//! verifier keys.
//!
//! The support team signs both forms under the key name `cercle-support` (see
//! [`TreeCheckpoint::sign`] for why not the origin); cosigners under their own names.
//! Every signature is ed25519 over the note's text (its lines up to the blank line, each ending
//! in `\n`); the key id of a key named `name` is the first 4 bytes of
//! `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`, as C2SP defines for ed25519 keys.

use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::ids::{hex_encode, CircleId, EntryHash, PublicKey};
use crate::merkle;

/// The name on the support team's signature lines, on notes of both forms.
pub const SUPPORT_KEY_NAME: &str = "cercle-support";

/// The name on the keeper's signature line of a published folder's checkpoint: a current
/// soucieux who sequences the circle's envelopes and publishes its ledger.
pub const KEEPER_KEY_NAME: &str = "cercle-keeper";

/// The longest checkpoint note read or written (refused before parsing). Enough for a tree
/// checkpoint with its head line and `NOTE_SIGNATURES_MAX` (16) ed25519 signatures whose key
/// names are at most 143 bytes each (not for post-quantum cosignatures of several KiB).
pub const CHECKPOINT_BYTES_MAX: usize = 4096;

/// The most signature lines a note may have ([`parse_note`] refuses more): C2SP's signed-note
/// requires verifiers to accept at least 16.
pub const NOTE_SIGNATURES_MAX: usize = 16;

/// How a chain checkpoint's first line starts (then the circle id in lowercase hex).
pub const CHAIN_ORIGIN_PREFIX: &str = "cercle/";

/// How a tree checkpoint's first line (its C2SP *origin*) starts (then the circle id in
/// lowercase hex).
///
/// C2SP tlog-checkpoint says the origin SHOULD be a schema-less URL with neither spaces nor
/// `+`, unique to the log, and that clients MUST NOT assume it is reachable. A circle's ledger
/// has no URL of its own (it lives in files, shared folders and static hosts that change), so
/// the origin is a URL-shaped name in the `.invalid` top-level domain, which RFC 2606 and
/// RFC 6761 §6.4 reserve so that it never resolves and nobody can register it: no real log
/// can ever take the same origin, and the name says honestly that it is not an address. The
/// circle id (the SHA-256 hash of the circle's genesis entry) makes it unique per circle.
/// It differs from the chain checkpoints' `cercle/` from the seventh byte on (`.` instead of
/// `/`), so a note of one form is never read as the other.
pub const TREE_ORIGIN_PREFIX: &str = "cercle.invalid/";

/// How a tree checkpoint's optional extension line starts: `head <seq> <hash hex>`.
pub const HEAD_LINE_PREFIX: &str = "head ";

/// A signed checkpoint of a circle's head (a chain checkpoint, the first form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The circle.
    pub circle: CircleId,
    /// How many entries the ledger held (the head's seq + 1).
    pub size: u64,
    /// The hash of the last of those entries.
    pub hash: EntryHash,
    /// The support team's signature over the note's text.
    pub signature: [u8; 64],
}

/// A checkpoint note, a verifier key or a signature that cannot be read, made or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckpointError {
    /// The text is not a checkpoint note.
    #[error("not a cercle checkpoint note: {0}")]
    Malformed(&'static str),
    /// No signature line by the support key verifies.
    #[error("the checkpoint is not signed by the circle's support key")]
    BadSignature,
    /// The checkpoint is for another circle.
    #[error("the checkpoint is for circle {found}, not this circle ({expected})")]
    WrongCircle {
        /// This circle.
        expected: CircleId,
        /// The checkpoint's.
        found: CircleId,
    },
    /// The note is longer than [`CHECKPOINT_BYTES_MAX`].
    #[error("the note is {len} bytes long, more than the {max} bytes a checkpoint note may have", max = CHECKPOINT_BYTES_MAX)]
    TooLong {
        /// The note's length.
        len: usize,
    },
    /// The note holds a control character other than a newline.
    #[error("the note holds a control character other than a newline (C2SP signed notes may not)")]
    ControlCharacter,
    /// The note does not end with a blank line and signature lines.
    #[error("the note does not end with a blank line followed by signature lines, each ending in a newline")]
    NoSignatureBlock,
    /// A signature line is not `— <key name> <base64>`.
    #[error("signature line {line} of the note {reason}")]
    BadSignatureLine {
        /// Which signature line (1 for the first after the blank line).
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The note has more than `NOTE_SIGNATURES_MAX` (16) signature lines.
    #[error("the note has {count} signature lines, more than the {max} allowed", max = NOTE_SIGNATURES_MAX)]
    TooManySignatures {
        /// How many it has.
        count: usize,
    },
    /// Two signature lines of the note are by the same key (same name and key id).
    #[error("the note has two signatures by the same key {name}+{key_id}")]
    DuplicateSignature {
        /// The key's name.
        name: String,
        /// Its key id, in hex.
        key_id: String,
    },
    /// A signature by a known key does not verify.
    #[error("the signature by the known key {name}+{key_id} does not verify: the note was altered or signed by another key")]
    InvalidSignature {
        /// The key's name.
        name: String,
        /// Its key id, in hex.
        key_id: String,
    },
    /// No signature line is by a known key.
    #[error("no signature on the note is by a known key")]
    NoKnownSignature,
    /// A key name is empty or holds a space, a `+` or a control character.
    #[error("the key name {0:?} is empty or holds a space, a plus sign or a control character")]
    BadKeyName(String),
    /// A verifier key cannot be read.
    #[error("not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): {0}")]
    BadVkey(&'static str),
    /// The key asked to cosign has signed the note already.
    #[error("the note is already signed by {name}+{key_id}")]
    AlreadySigned {
        /// The key's name.
        name: String,
        /// Its key id, in hex.
        key_id: String,
    },
}

impl Checkpoint {
    /// Sign a checkpoint of the entry `seq` (with `hash`) of `circle`.
    pub fn sign(circle: CircleId, seq: u64, hash: EntryHash, key: &SigningKey) -> Checkpoint {
        let size = seq + 1;
        let text = note_text(&circle, size, &hash);
        let signature = key.sign(text.as_bytes()).to_bytes();
        Checkpoint { circle, size, hash, signature }
    }

    /// The seq of the checkpointed entry.
    pub fn seq(&self) -> u64 {
        self.size.saturating_sub(1)
    }

    /// The note, ready to be written to a file.
    pub fn to_note(&self, key: &PublicKey) -> String {
        let mut signed = key_id(SUPPORT_KEY_NAME, key).to_vec();
        signed.extend_from_slice(&self.signature);
        let encoded = base64::engine::general_purpose::STANDARD.encode(signed);
        format!("{}\n\u{2014} {SUPPORT_KEY_NAME} {encoded}\n", note_text(&self.circle, self.size, &self.hash))
    }

    /// Read a note and check its signature under `support`.
    pub fn from_note(text: &str, support: &PublicKey) -> Result<Checkpoint, CheckpointError> {
        if text.len() > CHECKPOINT_BYTES_MAX {
            return Err(CheckpointError::Malformed("too long"));
        }
        if text.starts_with(TREE_ORIGIN_PREFIX) {
            return Err(CheckpointError::Malformed(
                "the first line is cercle.invalid/<circle id>: a checkpoint of the Merkle tree, not of the hash chain",
            ));
        }
        let (body, signatures) =
            text.split_once("\n\n").ok_or(CheckpointError::Malformed("no blank line"))?;
        let mut lines = body.lines();
        let origin = lines.next().ok_or(CheckpointError::Malformed("no origin line"))?;
        let circle = origin
            .strip_prefix(CHAIN_ORIGIN_PREFIX)
            .and_then(|hex| hex.parse::<EntryHash>().ok())
            .ok_or(CheckpointError::Malformed("the first line is not cercle/<circle id>"))?;
        let size = lines
            .next()
            .and_then(|line| line.parse::<u64>().ok())
            .filter(|size| *size > 0)
            .ok_or(CheckpointError::Malformed("the second line is not a size"))?;
        let hash = lines
            .next()
            .and_then(|line| base64::engine::general_purpose::STANDARD.decode(line).ok())
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .map(EntryHash)
            .ok_or(CheckpointError::Malformed("the third line is not a base64 hash"))?;
        if lines.next().is_some() {
            return Err(CheckpointError::Malformed("unexpected lines"));
        }
        let expected_text = note_text(&circle, size, &hash);
        let verifying = VerifyingKey::from_bytes(&support.0).map_err(|_| CheckpointError::BadSignature)?;
        let prefix = format!("\u{2014} {SUPPORT_KEY_NAME} ");
        let support_id = key_id(SUPPORT_KEY_NAME, support);
        for line in signatures.lines() {
            let Some(encoded) = line.strip_prefix(&prefix) else { continue };
            let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(encoded) else { continue };
            if raw.len() != 68 || raw[..4] != support_id {
                continue;
            }
            let mut signature = [0u8; 64];
            signature.copy_from_slice(&raw[4..]);
            let ok =
                verifying.verify_strict(expected_text.as_bytes(), &Signature::from_bytes(&signature)).is_ok();
            if ok {
                return Ok(Checkpoint { circle, size, hash, signature });
            }
        }
        Err(CheckpointError::BadSignature)
    }
}

fn note_text(circle: &CircleId, size: u64, hash: &EntryHash) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(hash.0);
    format!("{CHAIN_ORIGIN_PREFIX}{circle}\n{size}\n{hash}\n")
}

/// The C2SP key id of the ed25519 key `key` named `name`: the first 4 bytes of
/// `SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)`.
fn key_id(name: &str, key: &PublicKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update(b"\n\x01");
    hasher.update(key.0);
    let digest = hasher.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// Whether `name` may name a key: non-empty, with no Unicode space, no `+` and no control
/// character (C2SP signed-note; Go's `note` package checks the same).
fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

fn check_key_name(name: &str) -> Result<(), CheckpointError> {
    if is_valid_key_name(name) {
        Ok(())
    } else {
        Err(CheckpointError::BadKeyName(name.to_string()))
    }
}

/// A signature line, `— <name> <base64(key id ‖ signature)>` and its newline.
fn signature_line(name: &str, id: [u8; 4], signature: &[u8]) -> String {
    let mut raw = id.to_vec();
    raw.extend_from_slice(signature);
    let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
    format!("\u{2014} {name} {encoded}\n")
}

/// A checkpoint of the RFC 6962 Merkle tree over a circle's entry hashes: a C2SP
/// tlog-checkpoint, the second form of checkpoint notes. Its text, each line ending in `\n`:
///
/// ```text
/// cercle.invalid/<circle id, 64 lowercase hex>
/// <size: number of entries, decimal, no leading zero>
/// <RFC 6962 root of the tree of those entries, standard padded base64>
/// head <size − 1> <hash of entry size − 1, 64 lowercase hex>      (optional)
/// ```
///
/// then a blank line and the signature lines (`— <key name> <base64(key id ‖ signature)>`).
/// The origin (first line) is explained at `TREE_ORIGIN_PREFIX`; chain checkpoints start with
/// `cercle/` instead, so a reader tells the two forms apart by their first line.
///
/// The head is optional: when present, the note carries the extension line
/// `head <size − 1> <hash hex>`, naming the ledger's last entry as chain checkpoints do, so a
/// reader holding the ledger can match the note to an entry without building the tree, and a
/// person can read which entry was checkpointed. It is redundant with the root (the last entry's
/// hash is the tree's last leaf: an inclusion proof of leaf `size − 1` proves it), and
/// transparency-log witnesses vouch only for the first three lines, so a verifier holding the
/// ledger MUST still check that entry `size − 1` has that hash and that the root is the tree's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeCheckpoint {
    /// The circle.
    pub circle: CircleId,
    /// How many entries the tree holds (0 for the empty tree).
    pub size: u64,
    /// The RFC 6962 root of the tree of those entries' hashes.
    pub root: [u8; 32],
    /// The hash of entry `size − 1`, if the note names it (never for an empty tree).
    pub head: Option<EntryHash>,
}

impl TreeCheckpoint {
    /// A tree checkpoint, checked as [`parse_note`] checks one: an empty tree has the empty
    /// tree's root ([`merkle::EMPTY_ROOT`]) and no head; a tree of one entry has that entry's
    /// hash as its root, so a head, if given, must be it.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::Malformed`] naming the inconsistency.
    pub fn new(
        circle: CircleId,
        size: u64,
        root: [u8; 32],
        head: Option<EntryHash>,
    ) -> Result<TreeCheckpoint, CheckpointError> {
        let checkpoint = TreeCheckpoint { circle, size, root, head };
        checkpoint.check()?;
        Ok(checkpoint)
    }

    /// The checkpoint of the tree of all `leaves` (entry hashes), naming the last as the head.
    /// O(n) hashes: a store computes the root from its [`merkle::Frontier`] and calls
    /// [`TreeCheckpoint::new`] instead.
    pub fn of_leaves(circle: CircleId, leaves: &[[u8; 32]]) -> TreeCheckpoint {
        TreeCheckpoint {
            circle,
            size: leaves.len() as u64,
            root: merkle::root(leaves),
            head: leaves.last().map(|leaf| EntryHash(*leaf)),
        }
    }

    /// The note's first line, without its newline: `cercle.invalid/<circle id>`.
    pub fn origin(&self) -> String {
        format!("{TREE_ORIGIN_PREFIX}{}", self.circle)
    }

    /// The seq of the head entry (`size − 1`), if the note names it.
    pub fn head_seq(&self) -> Option<u64> {
        self.head.map(|_| self.size.saturating_sub(1))
    }

    /// The note's text (what is signed): the origin, size, root and head lines, each ending in
    /// `\n`.
    pub fn to_note_body(&self) -> String {
        let root = base64::engine::general_purpose::STANDARD.encode(self.root);
        let mut body = format!("{}\n{}\n{root}\n", self.origin(), self.size);
        if let Some(hash) = self.head {
            body.push_str(&format!("{HEAD_LINE_PREFIX}{} {hash}\n", self.size.saturating_sub(1)));
        }
        body
    }

    /// The signed note, with one signature line by `key` under `key_name`. Deterministic
    /// (ed25519).
    ///
    /// The support team signs under [`SUPPORT_KEY_NAME`], as on chain checkpoints. C2SP
    /// tlog-checkpoint says the log's key name SHOULD match the origin; cercle departs from it
    /// on purpose: with a fixed name the key id depends on the support key alone, so one
    /// verifier key (`cercle-support+<key id>+<key>`) verifies the support team's notes of
    /// every circle of its region and of both forms, and that one line is what a funder or a
    /// witness is given; the origin line already names the circle. Witnesses and other
    /// circles' members cosign ([`cosign_note`]) under their own names.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::BadKeyName`], [`CheckpointError::Malformed`] if the checkpoint is
    /// inconsistent (as [`TreeCheckpoint::new`] says), [`CheckpointError::TooLong`] if the key
    /// name makes the note longer than [`CHECKPOINT_BYTES_MAX`].
    pub fn sign(&self, key: &SigningKey, key_name: &str) -> Result<String, CheckpointError> {
        check_key_name(key_name)?;
        self.check()?;
        let body = self.to_note_body();
        let public = PublicKey(key.verifying_key().to_bytes());
        let signature = key.sign(body.as_bytes()).to_bytes();
        let note = format!("{body}\n{}", signature_line(key_name, key_id(key_name, &public), &signature));
        parse_note(&note)?;
        Ok(note)
    }

    fn check(&self) -> Result<(), CheckpointError> {
        if self.size == 0 && self.root != merkle::EMPTY_ROOT {
            return Err(CheckpointError::Malformed("an empty tree's root is not SHA-256 of nothing"));
        }
        match self.head {
            Some(_) if self.size == 0 => Err(CheckpointError::Malformed("an empty tree has no head")),
            Some(hash) if self.size == 1 && hash.0 != self.root => Err(CheckpointError::Malformed(
                "the head of a tree of one entry is not its root (its only leaf)",
            )),
            _ => Ok(()),
        }
    }
}

/// What a checkpoint note states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteBody {
    /// A chain checkpoint (`cercle/<circle id>`): the ledger's last entry and its hash.
    Chain {
        /// The circle.
        circle: CircleId,
        /// How many entries the ledger held (never 0).
        size: u64,
        /// The hash of entry `size − 1`.
        hash: EntryHash,
    },
    /// A tree checkpoint (`cercle.invalid/<circle id>`): a C2SP tlog-checkpoint.
    Tree(TreeCheckpoint),
}

impl NoteBody {
    /// The circle the note is about.
    pub fn circle(&self) -> CircleId {
        match self {
            NoteBody::Chain { circle, .. } => *circle,
            NoteBody::Tree(tree) => tree.circle,
        }
    }

    /// How many entries it checkpoints.
    pub fn size(&self) -> u64 {
        match self {
            NoteBody::Chain { size, .. } => *size,
            NoteBody::Tree(tree) => tree.size,
        }
    }

    /// The hash of entry `size − 1`, if the note names it (a chain checkpoint always does).
    pub fn head(&self) -> Option<EntryHash> {
        match self {
            NoteBody::Chain { hash, .. } => Some(*hash),
            NoteBody::Tree(tree) => tree.head,
        }
    }
}

/// One signature line of a note, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    /// The key name.
    pub name: String,
    /// The key id (4 bytes, big-endian).
    pub key_id: [u8; 4],
    /// The signature, after the key id (64 bytes for ed25519; other lengths for other
    /// signature types, which are kept and ignored).
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The key id in hex (8 lowercase digits), as in a verifier key.
    pub fn key_id_hex(&self) -> String {
        hex_encode(&self.key_id)
    }
}

/// A checkpoint note read by [`parse_note`]: its statement, its signed text and its signature
/// lines (not yet verified: see [`verify_note`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedNote {
    body: NoteBody,
    text: String,
    signatures: Vec<NoteSignature>,
}

impl ParsedNote {
    /// What the note states. Not to be trusted before [`verify_note`] succeeds.
    pub fn body(&self) -> &NoteBody {
        &self.body
    }

    /// The signed text, ending in `\n` (without the blank line and the signatures).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The signature lines, in the note's order.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Whether it is a tree checkpoint (a C2SP tlog-checkpoint), not a chain checkpoint.
    pub fn is_tree(&self) -> bool {
        matches!(self.body, NoteBody::Tree(_))
    }
}

/// Reads a checkpoint note of either form, strictly as C2SP signed-note says (and as Go's
/// `note.Open` does), without verifying its signatures.
///
/// The note is at most [`CHECKPOINT_BYTES_MAX`] bytes, with no control character but `\n`. It is
/// split at its **last** blank line; after it come 1 to `NOTE_SIGNATURES_MAX` (16) lines
/// `— <key name> <base64>` each ending in `\n` (U+2014, a space, a name with no space nor `+`,
/// a space, standard padded base64 of at least 5 bytes), no two by the same name and key id.
/// Before it, the text is in canonical form, exactly as this module writes it:
/// - `cercle/` and 64 lowercase hex digits, a size (decimal, not 0, no leading zero), the head's
///   hash in padded base64: a chain checkpoint;
/// - `cercle.invalid/` and 64 lowercase hex digits, a size (decimal, no leading zero), the root
///   in padded base64, then at most one extension line `head <size − 1> <64 lowercase hex>`: a
///   tree checkpoint (consistent, as [`TreeCheckpoint::new`] says).
///
/// Chain checkpoints that only the lenient [`Checkpoint::from_note`] reads (a missing final
/// newline, non-canonical lines, stray lines after the signatures) are refused here; they stay
/// readable with [`Checkpoint::from_note`].
///
/// # Errors
///
/// One [`CheckpointError`] naming the first thing refused.
pub fn parse_note(note: &str) -> Result<ParsedNote, CheckpointError> {
    if note.len() > CHECKPOINT_BYTES_MAX {
        return Err(CheckpointError::TooLong { len: note.len() });
    }
    // The bytes of a multi-byte UTF-8 character are all ≥ 0x80.
    if note.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(CheckpointError::ControlCharacter);
    }
    let split = note.rfind("\n\n").ok_or(CheckpointError::NoSignatureBlock)?;
    let text = &note[..split + 1];
    let block = &note[split + 2..];
    let Some(block) = block.strip_suffix('\n') else {
        return Err(CheckpointError::NoSignatureBlock);
    };
    let count = block.split('\n').count();
    if count > NOTE_SIGNATURES_MAX {
        return Err(CheckpointError::TooManySignatures { count });
    }
    let body = parse_body(text)?;
    let mut signatures: Vec<NoteSignature> = Vec::with_capacity(count);
    for (index, line) in block.split('\n').enumerate() {
        let signature = parse_signature_line(line)
            .map_err(|reason| CheckpointError::BadSignatureLine { line: index + 1, reason })?;
        if signatures.iter().any(|seen| seen.name == signature.name && seen.key_id == signature.key_id) {
            return Err(CheckpointError::DuplicateSignature {
                key_id: signature.key_id_hex(),
                name: signature.name,
            });
        }
        signatures.push(signature);
    }
    Ok(ParsedNote { body, text: text.to_string(), signatures })
}

fn parse_signature_line(line: &str) -> Result<NoteSignature, &'static str> {
    let rest = line.strip_prefix("\u{2014} ").ok_or("does not start with an em dash (U+2014) and a space")?;
    let (name, encoded) =
        rest.split_once(' ').ok_or("has no space between the key name and the signature")?;
    if !is_valid_key_name(name) {
        return Err("has an empty key name, or one holding a space or a plus sign");
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| "does not end in a signature in standard padded base64")?;
    if raw.len() < 5 {
        return Err("holds fewer than 5 bytes (a 4-byte key id, then the signature)");
    }
    let key_id = [raw[0], raw[1], raw[2], raw[3]];
    Ok(NoteSignature { name: name.to_string(), key_id, signature: raw[4..].to_vec() })
}

/// Reads the note's text (ending in `\n`) in canonical form.
fn parse_body(text: &str) -> Result<NoteBody, CheckpointError> {
    let lines: Vec<&str> = text.strip_suffix('\n').unwrap_or(text).split('\n').collect();
    if lines.iter().any(|line| line.is_empty()) {
        return Err(CheckpointError::Malformed("the text before the signatures has an empty line"));
    }
    let origin = lines.first().copied().unwrap_or_default();
    if let Some(hex) = origin.strip_prefix(TREE_ORIGIN_PREFIX) {
        let circle = parse_lower_hex(hex).ok_or(CheckpointError::Malformed(
            "the first line is not cercle.invalid/ and a circle id in 64 lowercase hex digits",
        ))?;
        let (size, root) = match lines.get(1..3) {
            Some(&[size, root]) => (size, root),
            _ => return Err(CheckpointError::Malformed("a tree checkpoint has fewer than three lines")),
        };
        let size = parse_decimal(size).ok_or(CheckpointError::Malformed(
            "the second line is not a tree size (decimal, without sign or leading zeros)",
        ))?;
        let root = parse_base64_hash(root).ok_or(CheckpointError::Malformed(
            "the third line is not a root hash (32 bytes in standard padded base64)",
        ))?;
        let head = match lines.get(3..) {
            Some([]) | None => None,
            Some(&[line]) => Some(parse_head_line(line, size)?),
            Some(_) => {
                return Err(CheckpointError::Malformed("a tree checkpoint has at most one extension line"))
            }
        };
        let tree = TreeCheckpoint::new(circle, size, root, head)?;
        return Ok(NoteBody::Tree(tree));
    }
    if let Some(hex) = origin.strip_prefix(CHAIN_ORIGIN_PREFIX) {
        let circle = parse_lower_hex(hex).ok_or(CheckpointError::Malformed(
            "the first line is not cercle/ and a circle id in 64 lowercase hex digits",
        ))?;
        let (size, hash) = match lines.get(1..) {
            Some(&[size, hash]) => (size, hash),
            _ => return Err(CheckpointError::Malformed("a chain checkpoint has not exactly three lines")),
        };
        let size = parse_decimal(size).filter(|size| *size > 0).ok_or(CheckpointError::Malformed(
            "the second line is not a size (decimal, not 0, without sign or leading zeros)",
        ))?;
        let hash = parse_base64_hash(hash).ok_or(CheckpointError::Malformed(
            "the third line is not an entry hash (32 bytes in standard padded base64)",
        ))?;
        return Ok(NoteBody::Chain { circle, size, hash: EntryHash(hash) });
    }
    Err(CheckpointError::Malformed(
        "the first line is neither cercle.invalid/<circle id> (a tree checkpoint) nor cercle/<circle id> (a chain checkpoint)",
    ))
}

fn parse_head_line(line: &str, size: u64) -> Result<EntryHash, CheckpointError> {
    let malformed = CheckpointError::Malformed(
        "the extension line is not head <seq> <hash>, the seq in decimal and the hash in 64 lowercase hex digits",
    );
    let rest = line.strip_prefix(HEAD_LINE_PREFIX).ok_or(malformed.clone())?;
    let (seq, hash) = rest.split_once(' ').ok_or(malformed.clone())?;
    let seq = parse_decimal(seq).ok_or(malformed.clone())?;
    let hash = parse_lower_hex(hash).ok_or(malformed)?;
    if size.checked_sub(1) != Some(seq) {
        return Err(CheckpointError::Malformed("the head line names another entry than the tree's last"));
    }
    Ok(hash)
}

/// A `u64` in decimal without sign or leading zeros.
fn parse_decimal(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// 32 bytes in 64 lowercase hex digits.
fn parse_lower_hex(text: &str) -> Option<EntryHash> {
    let canonical = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// 32 bytes in standard padded base64 (the engine refuses non-canonical padding and trailing
/// bits, so there is one text per hash).
fn parse_base64_hash(text: &str) -> Option<[u8; 32]> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).ok()?;
    <[u8; 32]>::try_from(bytes).ok()
}

/// Checks a parsed note's signatures under the known `keys` (name and ed25519 public key), as
/// C2SP signed-note says: a signature line whose name and key id match no known key is
/// ignored; one that matches a known key must verify (over the note's text as written, which
/// [`parse_note`] made sure is canonical), or the whole note is refused; and at least one must.
///
/// Returns the known keys that signed, in the note's order.
///
/// # Errors
///
/// [`CheckpointError::InvalidSignature`] naming the first known key whose signature fails,
/// [`CheckpointError::NoKnownSignature`] if no signature is by a known key.
pub fn verify_note(
    note: &ParsedNote,
    keys: &[(&str, PublicKey)],
) -> Result<Vec<(String, PublicKey)>, CheckpointError> {
    let known: Vec<(&str, PublicKey, [u8; 4])> =
        keys.iter().map(|(name, key)| (*name, *key, key_id(name, key))).collect();
    let mut signers = Vec::new();
    for line in &note.signatures {
        let mut matching =
            known.iter().filter(|(name, _, id)| *name == line.name && *id == line.key_id).peekable();
        if matching.peek().is_none() {
            continue;
        }
        let signer = matching.find(|(_, key, _)| verifies(key, note.text.as_bytes(), &line.signature));
        match signer {
            Some((name, key, _)) => signers.push((name.to_string(), *key)),
            None => {
                return Err(CheckpointError::InvalidSignature {
                    name: line.name.clone(),
                    key_id: line.key_id_hex(),
                })
            }
        }
    }
    if signers.is_empty() {
        return Err(CheckpointError::NoKnownSignature);
    }
    Ok(signers)
}

fn verifies(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = <[u8; 64]>::try_from(signature) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key.0) else { return false };
    key.verify_strict(message, &Signature::from_bytes(&signature)).is_ok()
}

/// Adds a signature line by `key` under `key_name` to a checkpoint note of either form,
/// keeping the note and its other signature lines byte for byte (a witness's or another
/// circle's cosignature is an ordinary signed-note ed25519 signature, type 0x01). It does not
/// check the other signatures: a cosigner verifies the note first ([`verify_note`]) and checks
/// what it vouches for (for a tree checkpoint, a consistency proof from the last one it
/// cosigned).
///
/// # Errors
///
/// What [`parse_note`] refuses in `note`, [`CheckpointError::BadKeyName`],
/// [`CheckpointError::AlreadySigned`] if a line has the same name and key id, and
/// [`CheckpointError::TooLong`] or [`CheckpointError::TooManySignatures`] if the note would
/// grow beyond its bounds.
pub fn cosign_note(note: &str, key: &SigningKey, key_name: &str) -> Result<String, CheckpointError> {
    check_key_name(key_name)?;
    let parsed = parse_note(note)?;
    let public = PublicKey(key.verifying_key().to_bytes());
    let id = key_id(key_name, &public);
    if parsed.signatures.iter().any(|line| line.name == key_name && line.key_id == id) {
        return Err(CheckpointError::AlreadySigned { name: key_name.to_string(), key_id: hex_encode(&id) });
    }
    let signature = key.sign(parsed.text.as_bytes()).to_bytes();
    let cosigned = format!("{note}{}", signature_line(key_name, id, &signature));
    parse_note(&cosigned)?;
    Ok(cosigned)
}

/// A C2SP verifier key ("vkey") of an ed25519 key: `<name>+<key id, 8 hex>+<base64(0x01 ‖
/// public key)>`, as Go's `note.NewVerifier` reads and `note.NewEd25519VerifierKey` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vkey {
    name: String,
    key: PublicKey,
}

impl Vkey {
    /// The verifier key of `key` under `name`.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::BadKeyName`].
    pub fn new(name: &str, key: PublicKey) -> Result<Vkey, CheckpointError> {
        check_key_name(name)?;
        Ok(Vkey { name: name.to_string(), key })
    }

    /// Reads a verifier key, exactly as written (no surrounding white space). The key id's hex
    /// may be in either case; it must be the one the name and key make.
    ///
    /// # Errors
    ///
    /// [`CheckpointError::BadVkey`] naming what is wrong, [`CheckpointError::BadKeyName`].
    pub fn parse(text: &str) -> Result<Vkey, CheckpointError> {
        if text.len() > CHECKPOINT_BYTES_MAX {
            return Err(CheckpointError::BadVkey("it is too long"));
        }
        let (name, rest) = text.split_once('+').ok_or(CheckpointError::BadVkey("it has no plus sign"))?;
        let (id, encoded) = rest.split_once('+').ok_or(CheckpointError::BadVkey("it has one plus sign"))?;
        check_key_name(name)?;
        let id: [u8; 4] = (id.len() == 8)
            .then(|| crate::ids::hex_decode(id))
            .flatten()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CheckpointError::BadVkey("its key id is not 8 hex digits"))?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| CheckpointError::BadVkey("its key is not in standard padded base64"))?;
        let Some((&kind, key)) = raw.split_first() else {
            return Err(CheckpointError::BadVkey("its key is empty"));
        };
        if kind != 0x01 {
            return Err(CheckpointError::BadVkey("its signature type is not ed25519 (0x01)"));
        }
        let key: [u8; 32] =
            key.try_into().map_err(|_| CheckpointError::BadVkey("its ed25519 key is not 32 bytes"))?;
        if VerifyingKey::from_bytes(&key).is_err() {
            return Err(CheckpointError::BadVkey("its key is not an ed25519 public key"));
        }
        let vkey = Vkey { name: name.to_string(), key: PublicKey(key) };
        if vkey.key_id() != id {
            return Err(CheckpointError::BadVkey("its key id is not the one its name and key make"));
        }
        Ok(vkey)
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The ed25519 public key.
    pub fn key(&self) -> PublicKey {
        self.key
    }

    /// The C2SP key id: `SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[..4]`.
    pub fn key_id(&self) -> [u8; 4] {
        key_id(&self.name, &self.key)
    }

    /// As [`verify_note`] takes a known key.
    pub fn as_known(&self) -> (&str, PublicKey) {
        (&self.name, self.key)
    }
}

impl std::fmt::Display for Vkey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut raw = vec![0x01];
        raw.extend_from_slice(&self.key.0);
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
        write!(f, "{}+{}+{encoded}", self.name, hex_encode(&self.key_id()))
    }
}

impl std::str::FromStr for Vkey {
    type Err = CheckpointError;

    fn from_str(text: &str) -> Result<Vkey, CheckpointError> {
        Vkey::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_round_trips_and_refuses_tampering() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let public = PublicKey(key.verifying_key().to_bytes());
        let checkpoint = Checkpoint::sign(EntryHash([1; 32]), 41, EntryHash([2; 32]), &key);
        let note = checkpoint.to_note(&public);
        assert_eq!(Checkpoint::from_note(&note, &public).unwrap(), checkpoint);
        assert_eq!(checkpoint.seq(), 41);
        let tampered = note.replace("\n42\n", "\n43\n");
        assert_eq!(Checkpoint::from_note(&tampered, &public), Err(CheckpointError::BadSignature));
        let other = PublicKey(SigningKey::from_bytes(&[6; 32]).verifying_key().to_bytes());
        assert_eq!(Checkpoint::from_note(&note, &other), Err(CheckpointError::BadSignature));
        assert!(Checkpoint::from_note("garbage", &public).is_err());
    }

    #[test]
    fn the_c2sp_signed_note_example_key_reads() {
        // From C2SP signed-note.md, "Verifier keys", "Example".
        let vkey =
            Vkey::parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").unwrap();
        assert_eq!(vkey.name(), "example.com/foo");
        assert_eq!(vkey.key_id(), [0x53, 0x0d, 0x90, 0x3a]);
        assert_eq!(vkey.to_string(), "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        // Its signed note verifies.
        let line = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=";
        let signature = parse_signature_line(line).unwrap();
        assert_eq!((signature.name.as_str(), signature.key_id), ("example.com/foo", vkey.key_id()));
        assert!(verifies(&vkey.key(), b"This is an example message.\n", &signature.signature));
        assert!(!verifies(&vkey.key(), b"This is an example message!\n", &signature.signature));
    }

    #[test]
    fn a_signature_line_is_the_one_go_makes() {
        // From the documentation of Go's golang.org/x/mod/sumdb/note: the signer key
        // "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz" (its
        // base64 is 0x01 and the ed25519 seed) signs this text into this line.
        let raw = base64::engine::general_purpose::STANDARD
            .decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
            .unwrap();
        let seed: [u8; 32] = raw[1..].try_into().unwrap();
        let key = SigningKey::from_bytes(&seed);
        let public = PublicKey(key.verifying_key().to_bytes());
        let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
        let line = signature_line(
            "PeterNeumann",
            key_id("PeterNeumann", &public),
            &key.sign(text.as_bytes()).to_bytes(),
        );
        assert_eq!(
            line,
            "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        );
        assert_eq!(
            Vkey::new("PeterNeumann", public).unwrap().to_string(),
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        );
    }
}
