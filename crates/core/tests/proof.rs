//! Proof files: any text is refused in one sentence or read, never a panic; a proof checks
//! only for its own entry, size and key; any change to its path or its note's body fails.

#![allow(clippy::unwrap_used)]

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::proof::Proof;
use cercle_core::{
    merkle, Body, Genesis, Governance, Ledger, PublicKey, SignedEntry, Text, TextField, TreeCheckpoint,
};
use proptest::prelude::*;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

/// A circle of `funds + 1` entries and the support team's note of all of them.
fn circle(funds: usize) -> (Vec<SignedEntry>, String) {
    let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
    let mut ledger = Ledger::new();
    let mut entries = vec![ledger
        .sign_and_append(
            &key(1),
            at,
            Body::Genesis(Genesis {
                name: Text::new(TextField::CircleName, "Littoral").unwrap(),
                territory: Text::new(TextField::Territory, "Côte d'Opale").unwrap(),
                status: cercle_core::CircleStatus::Active,
                founder: "alice".parse().unwrap(),
                governance: Governance::default(),
                support_key: Some(PublicKey(key(9).verifying_key().to_bytes())),
            }),
        )
        .unwrap()];
    for index in 0..funds {
        let body = Body::FundReceived {
            amount: "12,50".parse().unwrap(),
            source: Text::new(TextField::Source, "FEDER").unwrap(),
            reference: Text::new(TextField::Reference, &format!("REF-{index}")).unwrap(),
        };
        entries.push(ledger.sign_and_append(&key(1), at, body).unwrap());
    }
    let leaves: Vec<[u8; 32]> = entries.iter().map(|e| e.hash().0).collect();
    let note = TreeCheckpoint::of_leaves(entries[0].hash(), &leaves).sign(&key(9), "cercle-support").unwrap();
    (entries, note)
}

fn support() -> [(&'static str, PublicKey); 1] {
    [("cercle-support", PublicKey(key(9).verifying_key().to_bytes()))]
}

fn proof_of(entries: &[SignedEntry], note: &str, index: usize) -> Proof {
    let leaves: Vec<[u8; 32]> = entries.iter().map(|e| e.hash().0).collect();
    let path = merkle::inclusion_proof(&leaves, index as u64, leaves.len() as u64).unwrap();
    Proof::new(&entries[index], leaves.len() as u64, &path, note.to_string())
}

#[test]
fn a_proof_checks_for_its_own_entry_only() {
    let (entries, note) = circle(12);
    for index in 0..entries.len() {
        let proof = proof_of(&entries, &note, index);
        let read = Proof::parse(&proof.to_json()).unwrap();
        assert_eq!(read.check(&support()).unwrap().entry, entries[index]);
        // The same path offered for every other entry fails.
        for other in (0..entries.len()).filter(|o| *o != index) {
            let mut swapped = proof.clone();
            swapped.entry = entries[other].to_line();
            assert!(swapped.check(&support()).is_err(), "leaf {index}'s path for entry {other}");
            swapped.index = other as u64;
            assert!(swapped.check(&support()).is_err(), "leaf {index}'s path as leaf {other}");
        }
        // Another key, or a key under another name, does not sign it.
        assert!(read.check(&[("cercle-support", PublicKey(key(1).verifying_key().to_bytes()))]).is_err());
        assert!(read.check(&[("another-name", support()[0].1)]).is_err());
    }
}

#[test]
fn any_change_to_the_path_or_the_notes_body_fails() {
    let (entries, note) = circle(20);
    let proof = proof_of(&entries, &note, 13);
    let alphabet = ['A', 'B', 'Q', 'g', 'z', '0', '+', '/'];
    for (element, hash) in proof.path.iter().enumerate() {
        // The last two characters may be padding and unused bits: a reader that accepts no
        // non-canonical base64 refuses them, but they are not a change of the hash.
        for (position, original) in hash.char_indices().take(hash.len() - 2) {
            for replacement in alphabet.iter().filter(|c| **c != original) {
                let mut changed = proof.clone();
                let mut text: Vec<char> = hash.chars().collect();
                text[position] = *replacement;
                changed.path[element] = text.into_iter().collect();
                assert!(changed.check(&support()).is_err(), "path {element} char {position}");
            }
        }
    }
    let body_end = note.find("\n\n").unwrap();
    for position in 0..body_end {
        let mut bytes = note.clone().into_bytes();
        bytes[position] = if bytes[position] == b'1' { b'2' } else { b'1' };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let mut changed = proof.clone();
        changed.checkpoint = text;
        assert!(changed.check(&support()).is_err(), "note byte {position}");
    }
    let mut longer = proof.clone();
    longer.path.push(longer.path[0].clone());
    assert!(longer.check(&support()).is_err());
    let mut shorter = proof;
    shorter.path.pop();
    assert!(shorter.check(&support()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the text, reading and checking a proof returns, never panics.
    #[test]
    fn any_text_is_read_or_refused_never_a_panic(text in "\\PC{0,400}") {
        if let Ok(proof) = Proof::parse(&text) {
            let _ = proof.check(&support());
        }
    }

    /// A valid proof with any one character of its JSON changed is refused, read as the same
    /// proof (a change JSON does not see), or still checks only as the same entry.
    #[test]
    fn a_changed_character_never_proves_another_entry(position in 0usize..4000, replacement in proptest::char::range('!', '~')) {
        let (entries, note) = circle(6);
        let proof = proof_of(&entries, &note, 4);
        let text = proof.to_json();
        let mut chars: Vec<char> = text.chars().collect();
        let position = position % chars.len();
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        if let Ok(read) = Proof::parse(&changed) {
            if let Ok(checked) = read.check(&support()) {
                prop_assert_eq!(checked.entry, entries[4].clone());
                prop_assert_eq!(checked.size, 7);
            }
        }
    }
}
