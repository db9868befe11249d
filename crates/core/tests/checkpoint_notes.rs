//! Checkpoint notes of both forms: the tree checkpoint (a C2SP tlog-checkpoint, origin
//! `cercle.invalid/<circle id>`) and the chain checkpoint (`cercle/<circle id>`), read by
//! `parse_note`, verified by `verify_note` under any number of keys, cosigned by `cosign_note`;
//! C2SP verifier keys; the test vector of `examples/tlog_note.rs`; and, with proptest, that no
//! text makes a reader panic and that no single-byte change of a signed note goes unnoticed.

// The helpers build fixed notes: a panic there is a failing test.
#![allow(clippy::unwrap_used)]

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::merkle::{self, EMPTY_ROOT};
use cercle_core::{
    cosign_note, entry_hash, parse_note, verify_note, Checkpoint, CheckpointError, EntryHash, NoteBody,
    PublicKey, TreeCheckpoint, Vkey, CHECKPOINT_BYTES_MAX, SUPPORT_KEY_NAME,
};
use proptest::prelude::*;

const WITNESS: &str = "witness.invalid/opale";

/// What `cargo run -p cercle-core --example tlog_note` prints (docs/FORMAT.md's vector).
const VECTOR_NOTE: &str = "\
cercle.invalid/c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1
7
NWAZGAMChESyMgGKwEf9tWHAnCOnpodsheCLXk1I6fM=
head 6 40d88127d4d31a3891f41598eeed41174e5bc89b1eb9bbd66a8cbfc09956a3fd

— cercle-support TWax0ZfLBja04VX9n+kwRGSsUk/ayrZKTmWreeirvmsgUCiOvcb8FSzkm/ym/soo6I1mXQSsqMM3lRLA0dEYxlGjcAA=
— witness.invalid/opale jZ8xlXa4aqCkHtjQOE7MrMEYJ/v2DOkF5bvSQQvD0R05JVXV5qWhte6F4TN4Fk/XyS3Pf2xlI+SPlDpQJJfW/U5y2g8=
";
const VECTOR_SUPPORT_VKEY: &str = "cercle-support+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY";
const VECTOR_WITNESS_VKEY: &str =
    "witness.invalid/opale+8d9f3195+AUOnLnFEAXYt9mtowm373yaCquyfJHTspGE+QkoPuv08";

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn public(seed: u8) -> PublicKey {
    PublicKey(key(seed).verifying_key().to_bytes())
}

fn leaves(n: u8) -> Vec<[u8; 32]> {
    (0..n).map(|i| entry_hash(&[i]).0).collect()
}

fn circle() -> EntryHash {
    EntryHash([0xc1; 32])
}

/// The example's note: 7 leaves, signed by the support key (seed 9), cosigned by seed 10.
fn vector_note() -> String {
    let checkpoint = TreeCheckpoint::of_leaves(circle(), &leaves(7));
    let signed = checkpoint.sign(&key(9), SUPPORT_KEY_NAME).unwrap();
    cosign_note(&signed, &key(10), WITNESS).unwrap()
}

fn both_keys() -> Vec<(&'static str, PublicKey)> {
    vec![(SUPPORT_KEY_NAME, public(9)), (WITNESS, public(10))]
}

fn both_signers() -> Vec<(String, PublicKey)> {
    both_keys().into_iter().map(|(name, key)| (name.to_string(), key)).collect()
}

fn malformed(note: &str) -> CheckpointError {
    parse_note(note).expect_err("refused")
}

#[test]
fn the_example_vector_is_the_documented_one() {
    let note = vector_note();
    assert_eq!(note, VECTOR_NOTE);
    let support = Vkey::new(SUPPORT_KEY_NAME, public(9)).unwrap();
    let witness = Vkey::new(WITNESS, public(10)).unwrap();
    assert_eq!(support.to_string(), VECTOR_SUPPORT_VKEY);
    assert_eq!(witness.to_string(), VECTOR_WITNESS_VKEY);
    assert_eq!(support.key_id(), [0x4d, 0x66, 0xb1, 0xd1]);
    assert_eq!(witness.key_id(), [0x8d, 0x9f, 0x31, 0x95]);

    let parsed = parse_note(&note).unwrap();
    assert!(parsed.is_tree());
    let NoteBody::Tree(tree) = *parsed.body() else { panic!("not a tree checkpoint") };
    assert_eq!(tree.size, 7);
    assert_eq!(tree.root, merkle::root(&leaves(7)));
    assert_eq!(tree.head, Some(EntryHash(leaves(7)[6])));
    assert_eq!(tree.head_seq(), Some(6));
    assert_eq!(parsed.text(), tree.to_note_body());
    assert_eq!(verify_note(&parsed, &both_keys()).unwrap(), both_signers());
    // The same key signs chain checkpoints under the same name: one vkey verifies both forms.
    let chain = Checkpoint::sign(circle(), 6, EntryHash(leaves(7)[6]), &key(9)).to_note(&public(9));
    let chain = parse_note(&chain).unwrap();
    assert_eq!(verify_note(&chain, &[support.as_known()]).unwrap().len(), 1);
}

#[test]
fn the_body_is_origin_size_root_and_head() {
    let tree = TreeCheckpoint::of_leaves(circle(), &leaves(3));
    let origin = format!("cercle.invalid/{}", circle());
    assert_eq!(tree.origin(), origin);
    let root = "O2zM1+PgI/85MAbwMDFe562esRGwIrQfun5bejlz9og=";
    let head = EntryHash(leaves(3)[2]);
    assert_eq!(merkle::root(&leaves(3)), decode32(root));
    assert_eq!(tree.to_note_body(), format!("{origin}\n3\n{root}\nhead 2 {head}\n"));
    let headless = TreeCheckpoint { head: None, ..tree };
    assert_eq!(headless.to_note_body(), format!("{origin}\n3\n{root}\n"));
    assert_eq!(headless.head_seq(), None);
    let note = headless.sign(&key(9), SUPPORT_KEY_NAME).unwrap();
    assert_eq!(parse_note(&note).unwrap().body(), &NoteBody::Tree(headless));
}

fn decode32(text: &str) -> [u8; 32] {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text).unwrap().try_into().unwrap()
}

#[test]
fn an_empty_tree_and_a_tree_of_one_entry_are_checked() {
    let empty = TreeCheckpoint::of_leaves(circle(), &[]);
    assert_eq!((empty.size, empty.root, empty.head), (0, EMPTY_ROOT, None));
    let note = empty.sign(&key(9), SUPPORT_KEY_NAME).unwrap();
    assert!(note.contains("\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n"));
    assert_eq!(parse_note(&note).unwrap().body(), &NoteBody::Tree(empty));
    let not_empty = TreeCheckpoint::new(circle(), 0, [7; 32], None);
    assert_eq!(
        not_empty.unwrap_err().to_string(),
        "not a cercle checkpoint note: an empty tree's root is not SHA-256 of nothing"
    );
    assert!(TreeCheckpoint::new(circle(), 0, EMPTY_ROOT, Some(EntryHash([1; 32]))).is_err());

    let one = TreeCheckpoint::of_leaves(circle(), &leaves(1));
    assert_eq!(one.root, leaves(1)[0]);
    assert!(TreeCheckpoint::new(circle(), 1, one.root, one.head).is_ok());
    let wrong_head = TreeCheckpoint::new(circle(), 1, one.root, Some(EntryHash([2; 32])));
    assert_eq!(
        wrong_head.unwrap_err().to_string(),
        "not a cercle checkpoint note: the head of a tree of one entry is not its root (its only leaf)"
    );
    // sign refuses what parse_note would refuse.
    let inconsistent = TreeCheckpoint { head: Some(EntryHash([2; 32])), ..one };
    assert!(inconsistent.sign(&key(9), SUPPORT_KEY_NAME).is_err());
}

#[test]
fn old_notes_still_read_and_are_never_taken_for_new_ones() {
    let hash = EntryHash([2; 32]);
    let old = Checkpoint::sign(circle(), 41, hash, &key(9)).to_note(&public(9));
    assert!(old.starts_with("cercle/"));
    let parsed = parse_note(&old).unwrap();
    assert!(!parsed.is_tree());
    assert_eq!(parsed.body(), &NoteBody::Chain { circle: circle(), size: 42, hash });
    assert_eq!(parsed.body().head(), Some(hash));
    assert_eq!(parsed.body().circle(), circle());
    assert_eq!(parsed.body().size(), 42);
    assert_eq!(verify_note(&parsed, &[(SUPPORT_KEY_NAME, public(9))]).unwrap().len(), 1);
    assert_eq!(Checkpoint::from_note(&old, &public(9)).unwrap().seq(), 41);
    // A witness may cosign an old note; the old reader still reads it.
    let cosigned = cosign_note(&old, &key(10), WITNESS).unwrap();
    assert_eq!(Checkpoint::from_note(&cosigned, &public(9)).unwrap().seq(), 41);
    assert_eq!(verify_note(&parse_note(&cosigned).unwrap(), &both_keys()).unwrap(), both_signers());

    // The old reader refuses a new note, saying what it is.
    let new = vector_note();
    assert_eq!(
        Checkpoint::from_note(&new, &public(9)).unwrap_err().to_string(),
        "not a cercle checkpoint note: the first line is cercle.invalid/<circle id>: a checkpoint of the Merkle tree, not of the hash chain"
    );
    // What only the lenient old reader accepts stays readable by it alone.
    let lenient = old.trim_end().to_string();
    assert!(Checkpoint::from_note(&lenient, &public(9)).is_ok());
    assert_eq!(malformed(&lenient), CheckpointError::NoSignatureBlock);
}

#[test]
fn unknown_signatures_are_ignored_and_known_ones_must_verify() {
    let parsed = parse_note(&vector_note()).unwrap();
    assert_eq!(parsed.signatures().len(), 2);
    assert_eq!(parsed.signatures()[1].name, WITNESS);
    assert_eq!(parsed.signatures()[1].key_id_hex(), "8d9f3195");
    // Only the support key known: the witness's line is ignored.
    let support_only = verify_note(&parsed, &[(SUPPORT_KEY_NAME, public(9))]).unwrap();
    assert_eq!(support_only, vec![(SUPPORT_KEY_NAME.to_string(), public(9))]);
    // Same name, other key (so other key id): ignored, and nothing known is left.
    assert_eq!(
        verify_note(&parsed, &[(SUPPORT_KEY_NAME, public(11))]),
        Err(CheckpointError::NoKnownSignature)
    );
    // Same key, other name: ignored too.
    assert_eq!(
        verify_note(&parsed, &[("cercle-support-2", public(9))]),
        Err(CheckpointError::NoKnownSignature)
    );
    assert_eq!(verify_note(&parsed, &[]), Err(CheckpointError::NoKnownSignature));
    assert_eq!(CheckpointError::NoKnownSignature.to_string(), "no signature on the note is by a known key");

    // A known key's line that does not verify refuses the whole note, even if another verifies.
    let forged_line = cosign_note(
        &TreeCheckpoint::of_leaves(circle(), &leaves(6)).sign(&key(9), SUPPORT_KEY_NAME).unwrap(),
        &key(10),
        WITNESS,
    )
    .unwrap()
    .lines()
    .last()
    .unwrap()
    .to_string();
    let signed = TreeCheckpoint::of_leaves(circle(), &leaves(7)).sign(&key(9), SUPPORT_KEY_NAME).unwrap();
    let forged = format!("{signed}{forged_line}\n");
    let error = verify_note(&parse_note(&forged).unwrap(), &both_keys()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the signature by the known key witness.invalid/opale+8d9f3195 does not verify: the note was altered or signed by another key"
    );
    // Unknown to this reader, the forged line is ignored.
    assert!(verify_note(&parse_note(&forged).unwrap(), &both_keys()[..1]).is_ok());
}

#[test]
fn cosigning_keeps_the_note_and_refuses_a_second_signature_by_the_same_key() {
    let signed = TreeCheckpoint::of_leaves(circle(), &leaves(5)).sign(&key(9), SUPPORT_KEY_NAME).unwrap();
    let cosigned = cosign_note(&signed, &key(10), WITNESS).unwrap();
    assert!(cosigned.starts_with(&signed));
    assert_eq!(cosigned.lines().count(), signed.lines().count() + 1);
    assert_eq!(
        cosign_note(&cosigned, &key(10), WITNESS).unwrap_err().to_string(),
        "the note is already signed by witness.invalid/opale+8d9f3195"
    );
    assert!(matches!(
        cosign_note(&cosigned, &key(9), SUPPORT_KEY_NAME),
        Err(CheckpointError::AlreadySigned { .. })
    ));
    // The same key under another name is another key id, so another signature.
    assert!(cosign_note(&cosigned, &key(10), "witness.invalid/opale-2").is_ok());
    assert_eq!(
        cosign_note(&cosigned, &key(11), "two words").unwrap_err().to_string(),
        "the key name \"two words\" is empty or holds a space, a plus sign or a control character"
    );
    assert!(matches!(cosign_note(&cosigned, &key(11), "a+b"), Err(CheckpointError::BadKeyName(_))));
    assert!(matches!(cosign_note(&cosigned, &key(11), ""), Err(CheckpointError::BadKeyName(_))));
    assert!(matches!(cosign_note("garbage", &key(11), "w"), Err(CheckpointError::NoSignatureBlock)));
    assert!(matches!(
        TreeCheckpoint::of_leaves(circle(), &leaves(5)).sign(&key(9), "cercle\u{a0}support"),
        Err(CheckpointError::BadKeyName(_))
    ));
}

#[test]
fn sixteen_signatures_with_long_names_fit_and_a_seventeenth_is_refused() {
    // The largest body: a size of 20 digits and its head line.
    let tree = TreeCheckpoint::new(circle(), u64::MAX, [3; 32], Some(EntryHash([4; 32]))).unwrap();
    let name = |i: u8| format!("{i:02}{}", "w".repeat(141));
    assert_eq!(name(0).len(), 143);
    let mut note = tree.sign(&key(0), &name(0)).unwrap();
    for i in 1..16u8 {
        note = cosign_note(&note, &key(i), &name(i)).unwrap();
    }
    assert!(note.len() <= CHECKPOINT_BYTES_MAX, "{}", note.len());
    let parsed = parse_note(&note).unwrap();
    assert_eq!(parsed.signatures().len(), 16);
    let names: Vec<String> = (0..16u8).map(name).collect();
    let keys: Vec<(&str, PublicKey)> =
        (0..16u8).map(|i| (names[usize::from(i)].as_str(), public(i))).collect();
    assert_eq!(verify_note(&parsed, &keys).unwrap().len(), 16);
    assert_eq!(
        cosign_note(&note, &key(16), "w").unwrap_err().to_string(),
        format!(
            "the note is {} bytes long, more than the 4096 bytes a checkpoint note may have",
            note.len() + 99
        )
    );

    let mut short = TreeCheckpoint::of_leaves(circle(), &leaves(2)).sign(&key(0), "w0").unwrap();
    for i in 1..16u8 {
        short = cosign_note(&short, &key(i), &format!("w{i}")).unwrap();
    }
    assert_eq!(
        cosign_note(&short, &key(16), "w16").unwrap_err().to_string(),
        "the note has 17 signature lines, more than the 16 allowed"
    );
}

#[test]
fn each_refusal_names_what_is_wrong() {
    let note = vector_note();
    let (body, signatures) = note.split_once("\n\n").unwrap();
    let with_body = |b: &str| format!("{b}\n\n{signatures}");
    let with_signatures = |s: &str| format!("{body}\n\n{s}");
    let origin = format!("cercle.invalid/{}", circle());
    let root = "NWAZGAMChESyMgGKwEf9tWHAnCOnpodsheCLXk1I6fM=";
    let head = format!("head 6 {}", EntryHash(leaves(7)[6]));
    let cases: Vec<(String, &str)> = vec![
        ("x".repeat(CHECKPOINT_BYTES_MAX + 1), "the note is 4097 bytes long, more than the 4096 bytes a checkpoint note may have"),
        (note.replacen('\n', "\r\n", 1), "the note holds a control character other than a newline (C2SP signed notes may not)"),
        (note.replace("head", "he\tad"), "the note holds a control character other than a newline (C2SP signed notes may not)"),
        (body.to_string(), "the note does not end with a blank line followed by signature lines, each ending in a newline"),
        (note.trim_end().to_string(), "the note does not end with a blank line followed by signature lines, each ending in a newline"),
        (format!("{body}\n\n"), "the note does not end with a blank line followed by signature lines, each ending in a newline"),
        (with_signatures("- cercle-support AAAA\n"), "signature line 1 of the note does not start with an em dash (U+2014) and a space"),
        (with_signatures(&format!("{signatures}\u{2014} nospace\n")), "signature line 3 of the note has no space between the key name and the signature"),
        (with_signatures("\u{2014}  AAAAAAA=\n"), "signature line 1 of the note has an empty key name, or one holding a space or a plus sign"),
        (with_signatures("\u{2014} a+b AAAAAAA=\n"), "signature line 1 of the note has an empty key name, or one holding a space or a plus sign"),
        (with_signatures("\u{2014} a AAAA AAAA\n"), "signature line 1 of the note does not end in a signature in standard padded base64"),
        (with_signatures("\u{2014} a AAAAAAA\n"), "signature line 1 of the note does not end in a signature in standard padded base64"),
        (with_signatures("\u{2014} a AAAAAAB=\n"), "signature line 1 of the note does not end in a signature in standard padded base64"),
        (with_signatures("\u{2014} a AAAAAA==\n"), "signature line 1 of the note holds fewer than 5 bytes (a 4-byte key id, then the signature)"),
        (with_signatures(&format!("{signatures}{}", signatures.lines().next().unwrap())), "the note does not end with a blank line followed by signature lines, each ending in a newline"),
        (with_signatures(&format!("{signatures}{}\n", signatures.lines().next().unwrap())), "the note has two signatures by the same key cercle-support+4d66b1d1"),
        (with_body(&format!("{origin}\n\n7\n{root}")), "not a cercle checkpoint note: the text before the signatures has an empty line"),
        (with_body(&format!("cercle.example/{}\n7\n{root}", circle())), "not a cercle checkpoint note: the first line is neither cercle.invalid/<circle id> (a tree checkpoint) nor cercle/<circle id> (a chain checkpoint)"),
        (with_body(&format!("go.sum database tree\n7\n{root}")), "not a cercle checkpoint note: the first line is neither cercle.invalid/<circle id> (a tree checkpoint) nor cercle/<circle id> (a chain checkpoint)"),
        (with_body(&format!("{}\n7\n{root}", origin.to_uppercase().replace("CERCLE.INVALID", "cercle.invalid"))), "not a cercle checkpoint note: the first line is not cercle.invalid/ and a circle id in 64 lowercase hex digits"),
        (with_body(&format!("{origin}c1\n7\n{root}")), "not a cercle checkpoint note: the first line is not cercle.invalid/ and a circle id in 64 lowercase hex digits"),
        (with_body(&format!("{origin}\n7")), "not a cercle checkpoint note: a tree checkpoint has fewer than three lines"),
        (with_body(&format!("{origin}\n07\n{root}")), "not a cercle checkpoint note: the second line is not a tree size (decimal, without sign or leading zeros)"),
        (with_body(&format!("{origin}\n+7\n{root}")), "not a cercle checkpoint note: the second line is not a tree size (decimal, without sign or leading zeros)"),
        (with_body(&format!("{origin}\n18446744073709551616\n{root}")), "not a cercle checkpoint note: the second line is not a tree size (decimal, without sign or leading zeros)"),
        (with_body(&format!("{origin}\n7\n{}", root.trim_end_matches('='))), "not a cercle checkpoint note: the third line is not a root hash (32 bytes in standard padded base64)"),
        (with_body(&format!("{origin}\n7\nNWAZGAMChESyMgGKwEf9tWHAnCOnpodsheCLXk1I6fN=")), "not a cercle checkpoint note: the third line is not a root hash (32 bytes in standard padded base64)"),
        (with_body(&format!("{origin}\n7\n{root}\n{head}\n{head}")), "not a cercle checkpoint note: a tree checkpoint has at most one extension line"),
        (with_body(&format!("{origin}\n7\n{root}\nwitness-time 1700000000")), "not a cercle checkpoint note: the extension line is not head <seq> <hash>, the seq in decimal and the hash in 64 lowercase hex digits"),
        (with_body(&format!("{origin}\n7\n{root}\n{}", head.to_uppercase())), "not a cercle checkpoint note: the extension line is not head <seq> <hash>, the seq in decimal and the hash in 64 lowercase hex digits"),
        (with_body(&format!("{origin}\n7\n{root}\n{}", head.replace("head 6", "head 06"))), "not a cercle checkpoint note: the extension line is not head <seq> <hash>, the seq in decimal and the hash in 64 lowercase hex digits"),
        (with_body(&format!("{origin}\n7\n{root}\n{}", head.replace("head 6", "head 5"))), "not a cercle checkpoint note: the head line names another entry than the tree's last"),
        (with_body(&format!("{origin}\n0\n{root}")), "not a cercle checkpoint note: an empty tree's root is not SHA-256 of nothing"),
        (with_body(&format!("cercle/{}\n0\n{root}", circle())), "not a cercle checkpoint note: the second line is not a size (decimal, not 0, without sign or leading zeros)"),
        (with_body(&format!("cercle/{}\n7\n{root}\n{head}", circle())), "not a cercle checkpoint note: a chain checkpoint has not exactly three lines"),
        (with_body(&format!("cercle/{}\n7\n{}", circle(), &root[..40])), "not a cercle checkpoint note: the third line is not an entry hash (32 bytes in standard padded base64)"),
    ];
    for (text, expected) in cases {
        let error = parse_note(&text).expect_err(expected);
        assert_eq!(error.to_string(), expected, "{text:?}");
    }
    let many = with_signatures(&"\u{2014} a AAAAAAA=\n".repeat(17));
    assert_eq!(parse_note(&many), Err(CheckpointError::TooManySignatures { count: 17 }));
}

#[test]
fn verifier_keys_read_and_write_as_c2sp_and_go_do() {
    // C2SP signed-note.md's example, and the key of Go's note package documentation.
    for text in [
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ] {
        let vkey = Vkey::parse(text).unwrap();
        assert_eq!(vkey.to_string(), text);
        assert_eq!(text.parse::<Vkey>().unwrap(), vkey);
        assert_eq!(Vkey::new(vkey.name(), vkey.key()).unwrap(), vkey);
    }
    let upper = Vkey::parse("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").unwrap();
    assert_eq!(upper.key_id(), [0x53, 0x0d, 0x90, 0x3a]);

    let good = VECTOR_SUPPORT_VKEY;
    let cases = [
        ("cercle-support", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): it has no plus sign"),
        ("cercle-support+4d66b1d1", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): it has one plus sign"),
        ("cercle-support+4d66b1d+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key id is not 8 hex digits"),
        ("cercle-support+4d66b1dg+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key id is not 8 hex digits"),
        ("cercle-support+4d66b1d2+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key id is not the one its name and key make"),
        ("cercle-suppor+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key id is not the one its name and key make"),
        ("cercle-support+4d66b1d1+BP0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its signature type is not ed25519 (0x01)"),
        ("cercle-support+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16f", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key is not in standard padded base64"),
        ("cercle-support+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg1", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its ed25519 key is not 32 bytes"),
        ("cercle-support+4d66b1d1+", "not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): its key is empty"),
        (" cercle-support+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "the key name \" cercle-support\" is empty or holds a space, a plus sign or a control character"),
        ("+4d66b1d1+Af0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY", "the key name \"\" is empty or holds a space, a plus sign or a control character"),
    ];
    assert!(Vkey::parse(good).is_ok());
    for (text, expected) in cases {
        assert_eq!(Vkey::parse(text).unwrap_err().to_string(), expected, "{text}");
    }
    assert!(Vkey::parse(&format!("{good}\n")).is_err());
    assert!(Vkey::new("a b", public(1)).is_err());
}

/// A note signed by seed 9 alone (then every change must make it fail).
fn single_note(size: u8) -> String {
    TreeCheckpoint::of_leaves(circle(), &leaves(size)).sign(&key(9), SUPPORT_KEY_NAME).unwrap()
}

/// Whether a changed note is refused, or verifies fewer signatures than `signers`.
fn noticed(bytes: &[u8], keys: &[(&str, PublicKey)], signers: usize) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return true };
    let Ok(parsed) = parse_note(text) else { return true };
    match verify_note(&parsed, keys) {
        Err(_) => true,
        Ok(found) => found.len() < signers,
    }
}

#[test]
fn every_single_bit_change_of_a_signed_note_is_noticed() {
    for (note, keys, signers) in [
        (vector_note(), both_keys(), 2),
        (single_note(5), both_keys()[..1].to_vec(), 1),
        (Checkpoint::sign(circle(), 3, EntryHash([5; 32]), &key(9)).to_note(&public(9)), both_keys(), 1),
    ] {
        for at in 0..note.len() {
            for flip in [0x01u8, 0x02, 0x20, 0x80] {
                let mut bytes = note.clone().into_bytes();
                bytes[at] ^= flip;
                assert!(noticed(&bytes, &keys, signers), "byte {at} ^ {flip:#04x} of\n{note}");
            }
        }
    }
}

fn tree_checkpoints() -> impl Strategy<Value = TreeCheckpoint> {
    prop_oneof![
        Just(TreeCheckpoint { circle: circle(), size: 0, root: EMPTY_ROOT, head: None }),
        any::<[u8; 32]>().prop_map(|leaf| TreeCheckpoint::of_leaves(circle(), &[leaf])),
        (any::<[u8; 32]>(), 2..=u64::MAX, any::<[u8; 32]>(), any::<[u8; 32]>(), any::<bool>()).prop_map(
            |(circle, size, root, head, named)| TreeCheckpoint {
                circle: EntryHash(circle),
                size,
                root,
                head: named.then_some(EntryHash(head)),
            }
        ),
    ]
}

proptest! {
    #[test]
    fn any_text_is_read_without_panicking(text in "\\PC{0,300}|[\u{2014} \n\\-a-z0-9+/=.]{0,300}") {
        if let Ok(parsed) = parse_note(&text) {
            let _ = verify_note(&parsed, &both_keys());
        }
        let _ = cosign_note(&text, &key(3), WITNESS);
        let _ = Vkey::parse(&text);
        let _ = Checkpoint::from_note(&text, &public(9));
    }

    #[test]
    fn any_edit_of_a_note_is_read_without_panicking(
        at in 0usize..500,
        cut in 0usize..40,
        insert in "\\PC{0,20}|\n|\n\n|\u{2014} |[0-9]{1,25}|[A-Za-z0-9+/]{0,8}=?=?",
    ) {
        let note = vector_note();
        let mut at = at.min(note.len());
        while !note.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(note.len());
        while !note.is_char_boundary(end) {
            end -= 1;
        }
        let edited = format!("{}{insert}{}", &note[..at], &note[end..]);
        if let Ok(parsed) = parse_note(&edited) {
            let verified = verify_note(&parsed, &both_keys());
            if edited != note {
                prop_assert_ne!(verified, Ok(both_signers()));
            }
        }
        let _ = cosign_note(&edited, &key(3), WITNESS);
        let _ = Checkpoint::from_note(&edited, &public(9));
    }

    #[test]
    fn any_single_byte_change_of_a_signed_note_fails(at in 0usize..1000, change in 1u8..=255) {
        let note = vector_note();
        let mut bytes = note.into_bytes();
        let at = at % bytes.len();
        bytes[at] ^= change;
        prop_assert!(noticed(&bytes, &both_keys(), 2));
    }

    #[test]
    fn every_tree_checkpoint_round_trips(tree in tree_checkpoints(), seed in any::<u8>()) {
        let note = tree.sign(&key(seed), SUPPORT_KEY_NAME).unwrap();
        let parsed = parse_note(&note).unwrap();
        prop_assert_eq!(parsed.body(), &NoteBody::Tree(tree));
        prop_assert_eq!(parsed.text(), tree.to_note_body());
        prop_assert!(note.starts_with("cercle.invalid/"));
        let signers = verify_note(&parsed, &[(SUPPORT_KEY_NAME, public(seed))]).unwrap();
        prop_assert_eq!(signers.len(), 1);
    }
}
