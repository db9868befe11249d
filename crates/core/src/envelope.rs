//! Envelopes: an act signed by a member on their own machine, without the ledger's head, so
//! that members never need each other's keys nor the ledger's latest state to sign.
//!
//! A member signs what they want to happen (a vote, an attendance, a proposal…) as an
//! [`Envelope`]: the circle, their key, the act, a creation time and a random nonce, under its
//! own label `cercle/envel/v1\n` (so that no envelope is ever an entry, nor an entry an
//! envelope). The circle's keeper (a soucieux) *sequences* envelopes: each becomes an entry of
//! kind `envelope` ([`crate::Body::Envelope`]) that the keeper signs, and which carries the
//! envelope's exact bytes. A verifier checks both signatures, and the rules apply to the act as
//! if its author had appended it: the author must be a current member, may vote only if present,
//! and so on. `docs/FORMAT.md` §12 specifies the bytes.
//!
//! Replays are refused by rule ([`crate::Ledger`]): an envelope is accepted only within
//! [`ENVELOPE_WINDOW_SECONDS`] of its creation (and not more than [`ENVELOPE_AHEAD_SECONDS`]
//! before it), and an envelope already sequenced within that window is refused; so no envelope
//! is ever sequenced twice. An envelope names its circle, so none is ever replayed into another
//! circle; a vote names its meeting, so none is ever replayed into a later meeting.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::encoding::{Reader, Writer};
use crate::entry::{Body, SignatureError};
use crate::error::FormatError;
use crate::ids::{CircleId, EntryHash, PublicKey};

/// The label every envelope's bytes begin with.
pub const ENVELOPE_LABEL: &[u8; 16] = b"cercle/envel/v1\n";

/// The most bytes one envelope (signature included) may have: it must fit, with the keeper's
/// header and signature, in an entry of [`crate::ENTRY_BYTES_MAX`].
pub const ENVELOPE_BYTES_MAX: usize = 12 * 1024;

/// How long after its creation an envelope may still be sequenced: 30 days.
pub const ENVELOPE_WINDOW_SECONDS: i64 = 30 * 24 * 3600;

/// How far an envelope's creation time may be ahead of the entry that sequences it (a member's
/// clock that runs fast): one day.
pub const ENVELOPE_AHEAD_SECONDS: i64 = 24 * 3600;

const SIGNATURE_LENGTH: usize = 64;

/// What a member signs: an act for a circle, independent of the ledger's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The circle's id (its genesis's hash).
    pub circle: CircleId,
    /// The author's public key; the signature must verify under it.
    pub author: PublicKey,
    /// When the author signed it (UTC, whole seconds), by the author's clock.
    pub created_at: DateTime<Utc>,
    /// Random bytes, so that two equal acts signed in the same second are two envelopes.
    pub nonce: [u8; 16],
    /// The act: any kind but genesis, checkpoint and envelope.
    pub body: Body,
}

impl Envelope {
    /// The canonical bytes that are signed (see `docs/FORMAT.md` §12).
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(ENVELOPE_LABEL);
        w.hash(&self.circle);
        w.key(&self.author);
        w.i64(self.created_at.timestamp());
        w.bytes.extend_from_slice(&self.nonce);
        self.body.encode(&mut w);
        w.bytes
    }

    /// Sign the envelope. The author must be `key`'s public key, and the act a kind an envelope
    /// may carry.
    ///
    /// ```
    /// use cercle_core::{Body, Choice, EntryHash, Envelope, MeetingId, ProposalId, PublicKey};
    /// use ed25519_dalek::SigningKey;
    /// let karim = SigningKey::from_bytes(&[7; 32]);
    /// let envelope = Envelope {
    ///     circle: EntryHash([1; 32]),
    ///     author: PublicKey(karim.verifying_key().to_bytes()),
    ///     created_at: chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap(),
    ///     nonce: [9; 16],
    ///     body: Body::Vote { meeting: MeetingId(2), proposal: ProposalId(1), choice: Choice::For },
    /// };
    /// let signed = envelope.sign(&karim).unwrap();
    /// assert!(signed.verify_signature().is_ok());
    /// assert!(signed.file_name().ends_with(".envelope"));
    /// ```
    pub fn sign(self, key: &SigningKey) -> Result<SignedEnvelope, FormatError> {
        if key.verifying_key().to_bytes() != self.author.0 {
            return Err(FormatError::AuthorIsNotSigner);
        }
        if !may_carry(&self.body) {
            return Err(FormatError::BadValue {
                field: "envelope's act",
                value: u64::from(self.body.code()),
            });
        }
        let nanos = self.created_at.timestamp_subsec_nanos();
        if nanos != 0 {
            return Err(FormatError::BadValue { field: "created at", value: u64::from(nanos) });
        }
        let mut bytes = self.signing_bytes();
        if bytes.len() + SIGNATURE_LENGTH > ENVELOPE_BYTES_MAX {
            return Err(FormatError::TooLarge(bytes.len() + SIGNATURE_LENGTH));
        }
        let signature = key.sign(&bytes);
        bytes.extend_from_slice(&signature.to_bytes());
        // As for entries: what was written must read back as the very same envelope.
        let decoded = SignedEnvelope::from_bytes(bytes)?;
        if decoded.envelope != self {
            return Err(FormatError::BadValue {
                field: "envelope (does not read back as written)",
                value: 0,
            });
        }
        let _ = decoded.verified.set(());
        Ok(decoded)
    }
}

/// Whether an envelope may carry `body`: every act but a genesis (a circle is founded on one
/// machine), a checkpoint (it signs the head, which an envelope does not know) and an envelope.
fn may_carry(body: &Body) -> bool {
    !matches!(body, Body::Genesis(_) | Body::Checkpoint | Body::Envelope(_))
}

/// A signed envelope: the decoded [`Envelope`], its exact bytes and its id.
#[derive(Clone, Debug)]
pub struct SignedEnvelope {
    envelope: Envelope,
    bytes: Vec<u8>,
    id: EntryHash,
    /// Set once the signature is known to verify (as [`crate::SignedEntry`]'s): the keeper
    /// checks a whole inbox's signatures on every core first, then each rule finds it done.
    verified: std::sync::OnceLock<()>,
}

/// Two signed envelopes are equal when their bytes are.
impl PartialEq for SignedEnvelope {
    fn eq(&self, other: &SignedEnvelope) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for SignedEnvelope {}

impl SignedEnvelope {
    /// Decode an envelope from its exact bytes. Checks the encoding only: the signature is
    /// checked by [`SignedEnvelope::verify_signature`], the rules by [`crate::Ledger`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SignedEnvelope, FormatError> {
        if bytes.len() > ENVELOPE_BYTES_MAX {
            return Err(FormatError::TooLarge(bytes.len()));
        }
        let signed_length = bytes
            .len()
            .checked_sub(SIGNATURE_LENGTH)
            .filter(|length| *length >= ENVELOPE_LABEL.len())
            .ok_or(FormatError::Truncated("envelope"))?;
        let signed = &bytes[..signed_length];
        if &signed[..ENVELOPE_LABEL.len()] != ENVELOPE_LABEL {
            return Err(FormatError::UnknownLabel);
        }
        let mut r = Reader::new(&signed[ENVELOPE_LABEL.len()..]);
        let circle = r.hash("circle")?;
        let author = r.key("author")?;
        let seconds = r.i64("created at")?;
        let created_at = DateTime::from_timestamp(seconds, 0)
            .ok_or(FormatError::BadValue { field: "created at", value: seconds.unsigned_abs() })?;
        let nonce = r.nonce("nonce")?;
        let body = Body::decode(&mut r)?;
        if !may_carry(&body) {
            return Err(FormatError::BadValue { field: "envelope's act", value: u64::from(body.code()) });
        }
        r.finish()?;
        let id = envelope_id(&bytes);
        let envelope = Envelope { circle, author, created_at, nonce, body };
        Ok(SignedEnvelope { envelope, bytes, id, verified: std::sync::OnceLock::new() })
    }

    /// The decoded envelope.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The exact bytes: the signed message, then the 64-byte signature.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The envelope's id: `SHA-256(bytes)`, which names its file.
    pub fn id(&self) -> EntryHash {
        self.id
    }

    /// The file name an envelope is written under in an inbox: `<id in hex>.envelope`.
    pub fn file_name(&self) -> String {
        format!("{}.envelope", self.id.to_hex())
    }

    /// Check the author's signature with `verify_strict`.
    pub fn verify_signature(&self) -> Result<(), SignatureError> {
        if self.verified.get().is_some() {
            return Ok(());
        }
        let key = VerifyingKey::from_bytes(&self.envelope.author.0).map_err(|_| SignatureError)?;
        self.verify_with(&key)
    }

    /// Whether the signature is already known to verify (checked, or made in this process).
    pub fn is_checked(&self) -> bool {
        self.verified.get().is_some()
    }

    /// [`SignedEnvelope::verify_signature`] with the author's key already decoded (a keeper
    /// checking many envelopes of a few members decodes each key once). A key that is not the
    /// author's fails.
    pub fn verify_with(&self, key: &VerifyingKey) -> Result<(), SignatureError> {
        if self.verified.get().is_some() {
            return Ok(());
        }
        if key.to_bytes() != self.envelope.author.0 {
            return Err(SignatureError);
        }
        let (message, signature) = self.bytes.split_at(self.bytes.len() - SIGNATURE_LENGTH);
        let signature = Signature::from_slice(signature).map_err(|_| SignatureError)?;
        key.verify_strict(message, &signature).map_err(|_| SignatureError)?;
        let _ = self.verified.set(());
        Ok(())
    }
}

/// An envelope's id: `SHA-256(bytes)` (the bytes begin with their own label, so no id is ever
/// an entry's or a tree node's hash).
pub fn envelope_id(bytes: &[u8]) -> EntryHash {
    EntryHash(Sha256::digest(bytes).into())
}

/// In JSON (`cercle log --json`): the envelope's id, author, creation time and act, and its
/// bytes in base64, which are all a reader needs to check it.
impl Serialize for SignedEnvelope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedEnvelope", 5)?;
        s.serialize_field("id", &self.id.to_hex())?;
        s.serialize_field("author", &self.envelope.author)?;
        s.serialize_field("created_at", &self.envelope.created_at.to_rfc3339())?;
        s.serialize_field("act", &self.envelope.body)?;
        s.serialize_field("bytes", &base64::engine::general_purpose::STANDARD.encode(&self.bytes))?;
        s.end()
    }
}

/// Read back from the `bytes` field alone (the others are derived from them).
impl<'de> Deserialize<'de> for SignedEnvelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Bytes {
            bytes: String,
        }
        let Bytes { bytes } = Bytes::deserialize(deserializer)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(bytes.as_bytes())
            .map_err(|_| serde::de::Error::custom("an envelope's bytes are not base64"))?;
        SignedEnvelope::from_bytes(bytes).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{MeetingId, ProposalId};
    use crate::model::Choice;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn vote() -> Envelope {
        Envelope {
            circle: EntryHash([1; 32]),
            author: PublicKey(key(3).verifying_key().to_bytes()),
            created_at: DateTime::from_timestamp(1_715_000_000, 0).unwrap(),
            nonce: [5; 16],
            body: Body::Vote { meeting: MeetingId(2), proposal: ProposalId(1), choice: Choice::Against },
        }
    }

    #[test]
    fn an_envelope_round_trips_and_any_flipped_bit_is_caught() {
        let signed = vote().sign(&key(3)).unwrap();
        assert_eq!(SignedEnvelope::from_bytes(signed.bytes().to_vec()).unwrap(), signed);
        for index in 0..signed.bytes().len() {
            let mut bytes = signed.bytes().to_vec();
            bytes[index] ^= 0x01;
            if let Ok(tampered) = SignedEnvelope::from_bytes(bytes) {
                assert!(tampered.verify_signature().is_err(), "flip at {index} went unseen");
                assert_ne!(tampered.id(), signed.id());
            }
        }
    }

    #[test]
    fn acts_an_envelope_may_not_carry_are_refused_both_ways() {
        let mut checkpoint = vote();
        checkpoint.body = Body::Checkpoint;
        assert!(checkpoint.clone().sign(&key(3)).is_err());
        // Bytes written by hand, signed: still refused by the decoder.
        let mut bytes = checkpoint.signing_bytes();
        bytes.extend_from_slice(&key(3).sign(&bytes).to_bytes());
        assert!(SignedEnvelope::from_bytes(bytes).is_err());
        assert_eq!(vote().sign(&key(4)), Err(FormatError::AuthorIsNotSigner));
    }

    #[test]
    fn an_entry_is_never_an_envelope() {
        let signed = vote().sign(&key(3)).unwrap();
        let mut bytes = signed.bytes().to_vec();
        bytes[..16].copy_from_slice(crate::ENTRY_LABEL);
        assert_eq!(SignedEnvelope::from_bytes(bytes), Err(FormatError::UnknownLabel));
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut with_label = ENVELOPE_LABEL.to_vec();
            with_label.extend_from_slice(&bytes);
            let _ = SignedEnvelope::from_bytes(with_label);
            let _ = SignedEnvelope::from_bytes(bytes);
        }
    }
}
