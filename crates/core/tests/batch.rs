//! cercle's batch check of signatures (`cercle_core::batch`) against `verify_strict`, the check
//! the ledger's rules and `docs/FORMAT.md` require: a batch verifies exactly when every one of
//! its signatures passes `verify_strict`, for every batch these tests can build but one, the
//! signer's own small-order component in `R`, which a batch cannot see (the last tests pin that
//! down).

#![allow(clippy::unwrap_used)]

use cercle_core::batch::{verify_batch, Signed};
use cercle_core::ed25519_dalek::{self, Signature, Signer, SigningKey, VerifyingKey};
use cercle_core::PublicKey;
use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use proptest::prelude::*;
use sha2::{Digest, Sha512};

/// One signature with what it needs: key bytes, message, signature bytes.
#[derive(Clone, Debug)]
struct Item {
    key: PublicKey,
    message: Vec<u8>,
    signature: [u8; 64],
}

fn batch(items: &[Item]) -> bool {
    let signed: Vec<Signed> = items
        .iter()
        .map(|item| Signed { key: &item.key, message: &item.message, signature: &item.signature })
        .collect();
    verify_batch(&signed)
}

fn strict(item: &Item) -> bool {
    VerifyingKey::from_bytes(&item.key.0)
        .is_ok_and(|key| key.verify_strict(&item.message, &Signature::from_bytes(&item.signature)).is_ok())
}

fn signer(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

/// Valid signatures by `signers` keys, round robin, over the given messages.
fn signed(signers: u8, messages: &[Vec<u8>]) -> Vec<Item> {
    messages
        .iter()
        .enumerate()
        .map(|(i, message)| {
            let key = signer(1 + (i % usize::from(signers)) as u8);
            Item {
                key: PublicKey(key.verifying_key().to_bytes()),
                message: message.clone(),
                signature: key.sign(message).to_bytes(),
            }
        })
        .collect()
}

/// A change to one signature of a batch.
#[derive(Clone, Debug)]
enum Change {
    /// Flip one of the signature's 512 bits.
    SignatureBit(usize),
    /// Flip one bit of the message (or append a byte to an empty one).
    MessageBit(usize),
    /// Claim another signer's key.
    OtherKey,
    /// Add ℓ to `s` (the same scalar, not canonical: RFC 8032 refuses it).
    NonCanonicalS,
    /// Swap the signature with the next item's.
    SwapWithNext,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0usize..512).prop_map(Change::SignatureBit),
        (0usize..4096).prop_map(Change::MessageBit),
        Just(Change::OtherKey),
        Just(Change::NonCanonicalS),
        Just(Change::SwapWithNext),
    ]
}

/// ℓ, little-endian.
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

fn apply(items: &mut [Item], index: usize, change: &Change) {
    let n = items.len();
    match change {
        Change::SignatureBit(bit) => items[index].signature[bit / 8] ^= 1 << (bit % 8),
        Change::MessageBit(bit) => {
            let message = &mut items[index].message;
            if message.is_empty() {
                message.push(0);
            } else {
                let byte = (bit / 8) % message.len();
                message[byte] ^= 1 << (bit % 8);
            }
        }
        Change::OtherKey => {
            let other =
                if items[index].key == PublicKey(signer(99).verifying_key().to_bytes()) { 98 } else { 99 };
            items[index].key = PublicKey(signer(other).verifying_key().to_bytes());
        }
        Change::NonCanonicalS => {
            let mut carry = 0u16;
            for (byte, add) in items[index].signature[32..].iter_mut().zip(ELL) {
                let sum = u16::from(*byte) + u16::from(add) + carry;
                *byte = sum as u8;
                carry = sum >> 8;
            }
        }
        Change::SwapWithNext => {
            let next = (index + 1) % n;
            let signature = items[next].signature;
            items[next].signature = items[index].signature;
            items[index].signature = signature;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Valid signatures verify, whatever the number of signers and the messages, and the plain
    /// `ed25519_dalek::verify_batch` agrees.
    #[test]
    fn valid_batches_verify(
        signers in 1u8..6,
        messages in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 1..40),
    ) {
        let items = signed(signers, &messages);
        prop_assert!(items.iter().all(strict));
        prop_assert!(batch(&items));
        let keys: Vec<VerifyingKey> = items.iter().map(|i| VerifyingKey::from_bytes(&i.key.0).unwrap()).collect();
        let sigs: Vec<Signature> = items.iter().map(|i| Signature::from_bytes(&i.signature)).collect();
        let msgs: Vec<&[u8]> = items.iter().map(|i| i.message.as_slice()).collect();
        prop_assert!(ed25519_dalek::verify_batch(&msgs, &sigs, &keys).is_ok());
    }

    /// A batch with one changed signature (a bit of it or of its message, another key,
    /// a non-canonical `s`, two signatures swapped) fails, and so does `verify_strict` on it.
    #[test]
    fn one_change_fails_the_batch(
        signers in 1u8..6,
        messages in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 2..30),
        index in any::<prop::sample::Index>(),
        change in change(),
    ) {
        let mut items = signed(signers, &messages);
        let index = index.index(items.len());
        apply(&mut items, index, &change);
        let all_strict = items.iter().all(strict);
        prop_assume!(!all_strict); // e.g. two equal messages by one signer, swapped
        prop_assert!(!batch(&items));
    }
}

#[test]
fn an_empty_batch_verifies() {
    assert!(batch(&[]));
}

/// With a small-order key anyone can "sign" anything: `A` = identity, `R` = identity, `s` = 0
/// satisfies `s·B = R + k·A`. The ledger refuses such keys when they enter; the batch check
/// refuses them too, as `verify_strict` does.
#[test]
fn a_small_order_key_is_refused() {
    let identity = EdwardsPoint::default().compress().to_bytes();
    for torsion in EIGHT_TORSION {
        let key = PublicKey(torsion.compress().to_bytes());
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&identity);
        let forged = Item { key, message: b"pay 1000 euros to mallory".to_vec(), signature };
        assert!(!strict(&forged));
        let mut items = signed(2, &[b"a".to_vec(), b"b".to_vec()]);
        items.push(forged);
        assert!(!batch(&items), "small-order key {torsion:?}");
    }
}

/// A signature made by hand: `R = r·B + T`, `s = r + k·a`, with `T` of small order added on
/// purpose by the key's holder.
fn sign_with_torsion(seed: u8, message: &[u8], torsion: EdwardsPoint) -> Item {
    let a = Scalar::from_bytes_mod_order([seed; 32]);
    let key = (ED25519_BASEPOINT_POINT * a).compress().to_bytes();
    let r = Scalar::from_bytes_mod_order_wide(
        &Sha512::new().chain_update([seed]).chain_update(message).finalize().into(),
    );
    let big_r = (ED25519_BASEPOINT_POINT * r + torsion).compress().to_bytes();
    let k = Scalar::from_bytes_mod_order_wide(
        &Sha512::new().chain_update(big_r).chain_update(key).chain_update(message).finalize().into(),
    );
    let s = r + k * a;
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(&big_r);
    signature[32..].copy_from_slice(s.as_bytes());
    Item { key: PublicKey(key), message: message.to_vec(), signature }
}

/// The hand-made signer is right: without a torsion component its signatures pass
/// `verify_strict` and the batch.
#[test]
fn hand_made_signatures_verify() {
    let items: Vec<Item> =
        (0..8u8).map(|i| sign_with_torsion(5, &[i; 20], EdwardsPoint::default())).collect();
    assert!(items.iter().all(strict));
    assert!(batch(&items));
}

/// What a batch cannot see: a small-order component that the signer added to `R`. Every such
/// signature fails `verify_strict`; a batch refuses a signature with an R of mixed order unless
/// its coefficient happens to cancel the component (for an order-8 component, one time in
/// eight). R of small order alone (no prime-order part) is always refused.
#[test]
fn a_signers_own_torsion_in_r_is_what_a_batch_may_miss() {
    let mut accepted = 0;
    let tries = 200;
    for i in 0..tries {
        let message = format!("entry {i}");
        let item = sign_with_torsion(9, message.as_bytes(), EIGHT_TORSION[1]);
        assert!(!strict(&item), "verify_strict refuses R with a torsion component");
        let mut items = signed(3, &[b"x".to_vec(), b"y".to_vec(), b"z".to_vec()]);
        items.push(item);
        if batch(&items) {
            accepted += 1;
        }
    }
    // Order 8: accepted iff 8 divides that coefficient, about 25 times in 200.
    assert!((5..50).contains(&accepted), "accepted {accepted} of {tries}");

    let mut small_r = sign_with_torsion(9, b"m", EIGHT_TORSION[1]);
    small_r.signature[..32].copy_from_slice(&EIGHT_TORSION[1].compress().to_bytes());
    assert!(!batch(&[small_r]));
}
