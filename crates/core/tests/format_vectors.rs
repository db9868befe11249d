//! The test vectors of `docs/FORMAT.md`, rebuilt from their fields and compared byte for byte
//! with the hex, hashes, signatures, export lines and checkpoint note written in that page, so
//! that the format cannot drift from its spec silently.
//!
//! In `docs/FORMAT.md`, a marker line `<!-- vector NAME -->` is followed by a fenced block
//! whose content (whitespace removed for hex) is the value named. To print every block after a
//! deliberate format change (which needs a new label, see the page):
//! `CERCLE_PRINT_VECTORS=1 cargo test -p cercle-core --test format_vectors -- --nocapture`.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::*;
use chrono::{DateTime, NaiveDate};

const FORMAT_MD: &str = include_str!("../../../docs/FORMAT.md");

/// The values of `docs/FORMAT.md` by marker name.
fn blocks() -> BTreeMap<String, String> {
    let mut blocks = BTreeMap::new();
    let mut lines = FORMAT_MD.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.trim().strip_prefix("<!-- vector ").and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(fence.starts_with("```"), "the marker {name} is not followed by a fenced block");
        let content: Vec<&str> = lines.by_ref().take_while(|line| !line.starts_with("```")).collect();
        let previous = blocks.insert(name.to_string(), content.join("\n"));
        assert!(previous.is_none(), "two blocks are named {name}");
    }
    blocks
}

fn seed_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn public(seed: u8) -> PublicKey {
    PublicKey(seed_key(seed).verifying_key().to_bytes())
}

fn text(field: TextField, value: &str) -> Text {
    Text::new(field, value).unwrap()
}

/// The vector ledger: (name, signed entry) in order.
fn vector_entries() -> Vec<(&'static str, SignedEntry)> {
    let (alice, bob, support) = (1, 2, 9);
    let steps: Vec<(&str, u8, Body)> = vec![
        (
            "genesis",
            alice,
            Body::Genesis(Genesis {
                name: text(TextField::CircleName, "Littoral"),
                territory: text(TextField::Territory, "Côte d'Opale"),
                status: CircleStatus::Active,
                founder: "alice".parse().unwrap(),
                governance: Governance::default(),
                support_key: Some(public(support)),
            }),
        ),
        (
            "member-add",
            alice,
            Body::MemberAdd { name: "bob".parse().unwrap(), key: public(bob), role: Role::Contributor },
        ),
        (
            "fund-received",
            support,
            Body::FundReceived {
                amount: "10 000".parse().unwrap(),
                source: text(TextField::Source, "FEDER"),
                reference: text(TextField::Reference, "CONV-2024-17"),
            },
        ),
        (
            "propose-action",
            bob,
            Body::ProposeAction {
                title: text(TextField::Title, "Forum des tiers-lieux"),
                envelope: "2 000,00".parse().unwrap(),
            },
        ),
        (
            "meeting-open",
            alice,
            Body::MeetingOpen {
                date: NaiveDate::from_ymd_opt(2024, 5, 14).unwrap(),
                agenda: vec![ProposalId(1)],
            },
        ),
    ];
    let mut ledger = Ledger::new();
    let mut entries = Vec::new();
    for (index, (name, seed, body)) in steps.into_iter().enumerate() {
        let at = DateTime::from_timestamp(1_715_000_000 + 60 * index as i64, 0).unwrap();
        let signed = ledger.sign_and_append(&seed_key(seed), at, body).unwrap();
        entries.push((name, signed));
    }
    entries
}

/// Every value the page must hold, by marker name.
fn expected_blocks() -> BTreeMap<String, String> {
    let mut expected = BTreeMap::new();
    for seed in [1u8, 2, 9] {
        expected.insert(format!("key-{seed} public"), public(seed).to_hex());
    }
    let entries = vector_entries();
    for (name, signed) in &entries {
        let signature = signed.signature().to_bytes();
        expected.insert(format!("{name} bytes"), wrap(&hex_encode(signed.bytes())));
        expected.insert(format!("{name} signature"), wrap(&hex_encode(&signature)));
        expected.insert(format!("{name} hash"), signed.hash().to_hex());
        expected.insert(format!("{name} line"), signed.to_line());
    }
    let (_, head) = entries.last().unwrap();
    let circle = entries[0].1.hash();
    let checkpoint = Checkpoint::sign(circle, head.entry().seq, head.hash(), &seed_key(9));
    expected.insert("checkpoint note".into(), checkpoint.to_note(&public(9)).trim_end().to_string());
    expected
}

/// Hex in lines of 64 digits (32 bytes).
fn wrap(hex: &str) -> String {
    let lines: Vec<&str> = hex.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    lines.join("\n")
}

fn squeeze(value: &str) -> String {
    value.split_whitespace().collect()
}

#[test]
fn format_md_holds_the_vectors_byte_for_byte() {
    let expected = expected_blocks();
    if std::env::var_os("CERCLE_PRINT_VECTORS").is_some() {
        for (name, value) in &expected {
            println!("<!-- vector {name} -->\n```text\n{value}\n```\n");
        }
    }
    let found = blocks();
    let names_found: Vec<&String> = found.keys().collect();
    let names_expected: Vec<&String> = expected.keys().collect();
    assert_eq!(names_found, names_expected, "docs/FORMAT.md does not hold the expected vector blocks");
    for (name, value) in &expected {
        let in_page = &found[name];
        let same = if name.ends_with("line") || name.ends_with("note") {
            in_page.trim() == value
        } else {
            squeeze(in_page) == squeeze(value)
        };
        assert!(same, "docs/FORMAT.md's vector {name} differs:\n page: {in_page}\n code: {value}");
    }
}

#[test]
fn the_vectors_decode_verify_and_replay() {
    let entries = vector_entries();
    let found = blocks();
    let mut decoded = Vec::new();
    for (name, signed) in &entries {
        let bytes = hex_decode(&squeeze(&found[&format!("{name} bytes")])).unwrap();
        let reread = SignedEntry::from_bytes(bytes).unwrap();
        assert_eq!(&reread, signed, "{name}");
        assert!(reread.verify_signature().is_ok(), "{name}");
        assert_eq!(SignedEntry::from_line(found[&format!("{name} line")].trim()).unwrap(), reread);
        decoded.push(reread);
    }
    let ledger = verify_entries(decoded).unwrap();
    assert_eq!(ledger.len(), 5);
    assert_eq!(ledger.circle().unwrap().id.to_hex(), squeeze(&found["genesis hash"]));
    let note = format!("{}\n", found["checkpoint note"].trim());
    let checkpoint = Checkpoint::from_note(&note, &public(9)).unwrap();
    assert_eq!((checkpoint.seq(), checkpoint.hash), (4, ledger.head().unwrap().hash));
}

#[test]
fn the_layout_of_the_first_entries_is_the_documented_one() {
    // The fixed header, read by hand as a verifier in another language would.
    let entries = vector_entries();
    let genesis = entries[0].1.bytes();
    assert_eq!(&genesis[..16], b"cercle/entry/v1\n");
    assert_eq!(&genesis[16..48], &[0; 32], "genesis's circle is all zeros");
    assert_eq!(&genesis[48..56], &0u64.to_be_bytes(), "seq");
    assert_eq!(&genesis[56..88], &[0; 32], "genesis's prev is all zeros");
    assert_eq!(&genesis[88..96], &1_715_000_000i64.to_be_bytes(), "recorded at");
    assert_eq!(&genesis[96..128], &public(1).0, "author");
    assert_eq!(genesis[128], 1, "kind genesis");
    assert_eq!(&genesis[129..139], b"\x00\x08Littoral");

    let member_add = entries[1].1.bytes();
    assert_eq!(&member_add[16..48], &entries[0].1.hash().0, "circle id = genesis hash");
    assert_eq!(&member_add[56..88], &entries[0].1.hash().0, "prev = genesis hash");
    assert_eq!(member_add[128], 2, "kind member-add");
    assert_eq!(&member_add[129..134], b"\x00\x03bob");
    assert_eq!(&member_add[134..166], &public(2).0);
    assert_eq!(member_add[166], 2, "role contributor");
    assert_eq!(member_add.len(), 167 + 64);

    let fund = entries[2].1.bytes();
    assert_eq!(&fund[129..137], &1_000_000u64.to_be_bytes(), "10 000,00 € in cents");

    let meeting = entries[4].1.bytes();
    assert_eq!(&meeting[129..133], &19_857i32.to_be_bytes(), "2024-05-14 in days since 1970-01-01");
    assert_eq!(&meeting[133..139], &[0, 1, 0, 0, 0, 1], "agenda: 1 item, P1");

    let hash = entry_hash(genesis);
    let mut prefixed = vec![0u8];
    prefixed.extend_from_slice(genesis);
    assert_eq!(hash.0, sha2_digest(&prefixed));
}

/// SHA-256 by another path than `entry_hash`.
fn sha2_digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}
