//! Batch verification of ed25519 signatures, with the terms of each signer gathered.
//!
//! A circle's entries are signed by a few dozen keys, so a batch of [`crate::BATCH_ENTRIES`]
//! signatures holds the same keys again and again. `ed25519_dalek::verify_batch` checks
//!
//! ```text
//! (−Σ zᵢ·sᵢ)·B + Σ zᵢ·Rᵢ + Σ (zᵢ·kᵢ)·Aᵢ = 0        kᵢ = SHA-512(Rᵢ ‖ Aᵢ ‖ Mᵢ) mod ℓ
//! ```
//!
//! as one multiscalar multiplication over 2n + 1 points. [`verify_batch`] checks the very same
//! sum, but adds the scalars of every signature by one key first (`Σ zᵢ·kᵢ` per key, a scalar
//! addition) so that each key enters once: n + (number of keys) + 1 points, about half the
//! curve arithmetic. The group element computed is the same one, so what the check proves (and
//! with what probability it can be fooled) is that of the plain batch equation.
//!
//! What the check requires of each signature, like `verify_strict` does:
//! - `s` is canonical (below ℓ);
//! - `R` is a canonical encoding of a curve point that is not of small order;
//! - the key `A` decodes (as `ed25519_dalek::VerifyingKey::from_bytes` decodes it) to a point
//!   that is not of small order.
//!
//! What it cannot see, like every batch check: an `R` whose small-order component was added by
//! the signer on purpose to a valid signature (`verify_strict` refuses it; the batch equation
//! holds whenever `zᵢ` cancels that component). Only the key's holder can make such a signature,
//! so nothing is forged; the default verification of a ledger accepts it, `--strict` does not
//! (see `docs/FORMAT.md` §3).
//!
//! The coefficients `zᵢ` are 128-bit numbers derived from a SHA-512 transcript of the whole
//! batch (every `kᵢ`, which commits to `Rᵢ`, `Aᵢ` and `Mᵢ`, and every `sᵢ`): like
//! `ed25519_dalek::verify_batch`, the check is deterministic and needs no random source, and a
//! signer cannot choose the coefficients without changing the batch that determines them.

use std::collections::BTreeMap;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use sha2::{Digest, Sha512};

use crate::ids::PublicKey;

/// Domain separation of the coefficients' transcript.
const TRANSCRIPT_LABEL: &[u8] = b"cercle/batch/v1\n";

/// One signature to check: the signer's key, the signed message and the 64-byte signature.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// The signer's public key (32 bytes, RFC 8032 encoding).
    pub key: &'a PublicKey,
    /// The exact bytes that were signed.
    pub message: &'a [u8],
    /// `R ‖ s`, as RFC 8032 writes them.
    pub signature: &'a [u8; 64],
}

/// Whether every signature of the batch verifies (see the [module](self) for what that means).
///
/// An empty batch verifies. `false` says that at least one signature does not verify, not
/// which: check them one by one (e.g. with `verify_strict`) to find it.
///
/// ```
/// use cercle_core::batch::{verify_batch, Signed};
/// use cercle_core::ed25519_dalek::{Signer, SigningKey};
/// use cercle_core::PublicKey;
///
/// let alice = SigningKey::from_bytes(&[7; 32]);
/// let key = PublicKey(alice.verifying_key().to_bytes());
/// let messages: Vec<Vec<u8>> = (0..10u8).map(|i| vec![i; 40]).collect();
/// let mut signatures: Vec<[u8; 64]> = messages.iter().map(|m| alice.sign(m).to_bytes()).collect();
/// let batch = |signatures: &[[u8; 64]]| -> Vec<(Vec<u8>, [u8; 64])> {
///     messages.iter().cloned().zip(signatures.iter().copied()).collect()
/// };
/// let check = |pairs: &[(Vec<u8>, [u8; 64])]| {
///     let items: Vec<Signed> =
///         pairs.iter().map(|(message, signature)| Signed { key: &key, message, signature }).collect();
///     verify_batch(&items)
/// };
/// assert!(check(&batch(&signatures)));
/// signatures[3][40] ^= 1; // one bit of one `s`
/// assert!(!check(&batch(&signatures)));
/// ```
pub fn verify_batch(batch: &[Signed<'_>]) -> bool {
    let n = batch.len();
    if n == 0 {
        return true;
    }
    // kᵢ, sᵢ, and the transcript that commits to all of them.
    let mut transcript = Sha512::new();
    transcript.update(TRANSCRIPT_LABEL);
    transcript.update((n as u64).to_be_bytes());
    let mut ks = Vec::with_capacity(n);
    let mut ss = Vec::with_capacity(n);
    for item in batch {
        let (r, s) = item.signature.split_at(32);
        let Some(s) = canonical_scalar(s) else { return false };
        let hram: [u8; 64] = Sha512::new()
            .chain_update(r)
            .chain_update(item.key.0)
            .chain_update(item.message)
            .finalize()
            .into();
        transcript.update(hram);
        transcript.update(s.as_bytes());
        ks.push(Scalar::from_bytes_mod_order_wide(&hram));
        ss.push(s);
    }
    let seed: [u8; 64] = transcript.finalize().into();

    // Points: B, then every R, then every distinct key once.
    let mut points: Vec<EdwardsPoint> = Vec::with_capacity(n + 33);
    let mut scalars: Vec<Scalar> = Vec::with_capacity(n + 33);
    points.push(ED25519_BASEPOINT_POINT);
    scalars.push(Scalar::ZERO);
    let mut key_slot: BTreeMap<[u8; 32], usize> = BTreeMap::new();
    let mut key_points: Vec<EdwardsPoint> = Vec::new();
    let mut key_scalars: Vec<Scalar> = Vec::new();
    let mut basepoint = Scalar::ZERO;
    for (((item, k), s), z) in batch.iter().zip(&ks).zip(&ss).zip(Coefficients::new(seed)) {
        let Some(r) = r_point(&item.signature[..32]) else { return false };
        let slot = match key_slot.get(&item.key.0) {
            Some(slot) => *slot,
            None => {
                let Some(a) = key_point(&item.key.0) else { return false };
                key_points.push(a);
                key_scalars.push(Scalar::ZERO);
                key_slot.insert(item.key.0, key_points.len() - 1);
                key_points.len() - 1
            }
        };
        basepoint -= z * s;
        key_scalars[slot] += z * k;
        points.push(r);
        scalars.push(z);
    }
    scalars[0] = basepoint;
    points.extend(key_points);
    scalars.extend(key_scalars);
    EdwardsPoint::vartime_multiscalar_mul(&scalars, &points).is_identity()
}

/// `s` as a scalar if it is below ℓ (RFC 8032 §5.1.7 refuses the others).
fn canonical_scalar(bytes: &[u8]) -> Option<Scalar> {
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    Option::from(Scalar::from_canonical_bytes(bytes))
}

/// The point an `R` stands for, if its encoding is canonical (y < p; `verify_strict` compares
/// `R`'s bytes with a canonical encoding, so it refuses the others) and the point is on the curve
/// and not of small order.
fn r_point(bytes: &[u8]) -> Option<EdwardsPoint> {
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    if !y_is_canonical(&bytes) {
        return None;
    }
    key_point(&bytes)
}

/// The point a key stands for, decoded as `ed25519_dalek::VerifyingKey::from_bytes` does (y is
/// reduced mod p, see `docs/FORMAT.md` §3), if it is on the curve and not of small order.
fn key_point(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    let point = CompressedEdwardsY(*bytes).decompress()?;
    (!point.is_small_order()).then_some(point)
}

/// Whether the y coordinate of an encoding (its low 255 bits, little-endian) is below
/// p = 2^255 − 19: the only y values at or above p are p..2^255 − 1, whose encodings are
/// `ed..ff` then thirty `ff` bytes then `7f` (the sign bit aside).
fn y_is_canonical(bytes: &[u8; 32]) -> bool {
    !(bytes[0] >= 0xed && bytes[1..31].iter().all(|b| *b == 0xff) && bytes[31] & 0x7f == 0x7f)
}

/// The coefficients z₀, z₁, …: 128-bit numbers, four from each SHA-512(seed ‖ block), block =
/// 0, 1, … as a big-endian u64; zᵢ is bytes 16·(i mod 4)..16·(i mod 4) + 16 of block i / 4, read
/// little-endian.
struct Coefficients {
    seed: [u8; 64],
    next: u64,
    block: [u8; 64],
}

impl Coefficients {
    fn new(seed: [u8; 64]) -> Coefficients {
        Coefficients { seed, next: 0, block: [0; 64] }
    }
}

impl Iterator for Coefficients {
    type Item = Scalar;

    fn next(&mut self) -> Option<Scalar> {
        let offset = 16 * (self.next % 4) as usize;
        if offset == 0 {
            self.block = Sha512::new()
                .chain_update(self.seed)
                .chain_update((self.next / 4).to_be_bytes())
                .finalize()
                .into();
        }
        self.next += 1;
        let mut z = [0u8; 16];
        z.copy_from_slice(&self.block[offset..offset + 16]);
        Some(Scalar::from(u128::from_le_bytes(z)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The encoding of y (sign bit aside) as 32 little-endian bytes.
    fn encoding(low: u8, sign: bool) -> [u8; 32] {
        let mut bytes = [0xff; 32];
        bytes[0] = low;
        bytes[31] = if sign { 0xff } else { 0x7f };
        bytes
    }

    #[test]
    fn y_at_or_above_p_is_not_canonical() {
        for sign in [false, true] {
            assert!(y_is_canonical(&encoding(0xec, sign)), "p - 1");
            assert!(!y_is_canonical(&encoding(0xed, sign)), "p");
            assert!(!y_is_canonical(&encoding(0xee, sign)), "p + 1");
            assert!(!y_is_canonical(&encoding(0xff, sign)), "2^255 - 1");
            let mut below = encoding(0xff, sign);
            below[17] = 0xfe;
            assert!(y_is_canonical(&below), "below p by far");
        }
        assert!(y_is_canonical(&[0; 32]));
        // p + 1 is a second encoding of y = 1, the identity: refused as not canonical (and it
        // is of small order too).
        assert!(r_point(&encoding(0xee, false)).is_none());
        // Every y below 19 has a second encoding, y + p; as an R, those that are points of
        // large order are accepted in their canonical encoding only.
        let mut large = 0;
        for y in 0u8..19 {
            let mut canonical = [0u8; 32];
            canonical[0] = y;
            let second = encoding(0xed + y, false);
            assert!(r_point(&second).is_none(), "y = {y} + p");
            if r_point(&canonical).is_some() {
                // A key is decoded as ed25519-dalek decodes it: y reduced mod p.
                assert_eq!(key_point(&second), key_point(&canonical), "y = {y} + p");
                large += 1;
            }
        }
        assert!(large > 0);
    }

    #[test]
    fn coefficients_are_128_bit_and_follow_the_transcript() {
        let a: Vec<Scalar> = Coefficients::new([1; 64]).take(9).collect();
        let b: Vec<Scalar> = Coefficients::new([2; 64]).take(9).collect();
        assert_eq!(a, Coefficients::new([1; 64]).take(9).collect::<Vec<_>>());
        assert!(a.iter().zip(&b).all(|(x, y)| x != y));
        assert!(a.iter().all(|z| z.as_bytes()[16..].iter().all(|b| *b == 0)));
        let distinct: std::collections::HashSet<[u8; 32]> = a.iter().map(|z| z.to_bytes()).collect();
        assert_eq!(distinct.len(), 9);
    }
}
