//! The support team's checkpoints: a signed statement "this circle's ledger had `size` entries
//! and its last entry's hash was `hash`", kept apart from the ledger so that a later rewrite or
//! truncation of anything before it is caught.
//!
//! The file is a C2SP signed note (the format of Go's checksum database and of transparency-log
//! witnesses), so other witnesses can cosign it and existing note tools can read it:
//!
//! ```text
//! cercle/<circle id, hex>
//! <size: number of entries>
//! <hash of the last entry, base64>
//!
//! — cercle-support <base64(key id ‖ signature)>
//! ```
//!
//! The signature is ed25519 over the note's text (the three lines, each ending in `\n`); the key
//! id is the first 4 bytes of `SHA-256("cercle-support\n" ‖ 0x01 ‖ public key)`, as C2SP defines
//! for ed25519 keys. The third line is the hash of the ledger's last entry (a hash chain head),
//! not an RFC 6962 tree root.

use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::ids::{CircleId, EntryHash, PublicKey};

/// The name on the support team's signature line.
pub const SUPPORT_KEY_NAME: &str = "cercle-support";

/// The longest checkpoint note read (refused before parsing).
pub const CHECKPOINT_BYTES_MAX: usize = 4096;

/// A signed checkpoint of a circle's head.
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

/// A checkpoint file that cannot be read or does not verify.
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
        let mut signed = key_id(key).to_vec();
        signed.extend_from_slice(&self.signature);
        let encoded = base64::engine::general_purpose::STANDARD.encode(signed);
        format!("{}\n\u{2014} {SUPPORT_KEY_NAME} {encoded}\n", note_text(&self.circle, self.size, &self.hash))
    }

    /// Read a note and check its signature under `support`.
    pub fn from_note(text: &str, support: &PublicKey) -> Result<Checkpoint, CheckpointError> {
        if text.len() > CHECKPOINT_BYTES_MAX {
            return Err(CheckpointError::Malformed("too long"));
        }
        let (body, signatures) =
            text.split_once("\n\n").ok_or(CheckpointError::Malformed("no blank line"))?;
        let mut lines = body.lines();
        let origin = lines.next().ok_or(CheckpointError::Malformed("no origin line"))?;
        let circle = origin
            .strip_prefix("cercle/")
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
        for line in signatures.lines() {
            let Some(encoded) = line.strip_prefix(&prefix) else { continue };
            let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(encoded) else { continue };
            if raw.len() != 68 || raw[..4] != key_id(support) {
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
    format!("cercle/{circle}\n{size}\n{hash}\n")
}

/// The C2SP key id of an ed25519 key named [`SUPPORT_KEY_NAME`].
fn key_id(key: &PublicKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(SUPPORT_KEY_NAME.as_bytes());
    hasher.update(b"\n\x01");
    hasher.update(key.0);
    let digest = hasher.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
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
}
