//! The test vectors of `docs/FORMAT.md` (sections 8 and 12 to 17), rebuilt from their fields
//! and compared byte for byte with the hex, hashes, signatures, ids, export lines and checkpoint
//! note written in that page, so that the format cannot drift from its spec silently; the bounds
//! of section 12's envelope rules, checked on those vectors; how section 13's proxy counts; and
//! the refusals (decoder and rules) sections 14 to 16 list for agreements, funds, payouts,
//! corrections, governance proposals and payouts waiting for their second signature, and the
//! refusals section 17 lists for key replacements.
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

/// The envelope vectors of section 12, continuing the vector ledger: bob's attendance at M1
/// (seq 5, an ordinary entry), bob's vote for P1 signed by bob as an envelope, and the entry by
/// which alice, the keeper, sequences it (seq 6, kind 17).
struct EnvelopeVectors {
    /// Seq 5: `attend` M1, by bob.
    attend: SignedEntry,
    /// bob's vote, as an envelope.
    vote: SignedEnvelope,
    /// Seq 6: `envelope`, by alice, carrying `vote`.
    sequenced: SignedEntry,
}

/// The vote envelope's nonce: the bytes 0 to 15.
const VOTE_NONCE: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// When bob signed his vote: 30 seconds before alice sequences it.
const VOTE_CREATED_AT: i64 = 1_715_000_330;

fn envelope_vectors() -> EnvelopeVectors {
    let (alice, bob) = (1, 2);
    let at = |seconds: i64| DateTime::from_timestamp(seconds, 0).unwrap();
    let mut ledger = verify_entries(vector_entries().into_iter().map(|(_, signed)| signed)).unwrap();
    let attend = ledger
        .sign_and_append(&seed_key(bob), at(1_715_000_000 + 60 * 5), Body::Attend { meeting: MeetingId(1) })
        .unwrap();
    let vote = Envelope {
        circle: ledger.circle().unwrap().id,
        author: public(bob),
        created_at: at(VOTE_CREATED_AT),
        nonce: VOTE_NONCE,
        body: Body::Vote { meeting: MeetingId(1), proposal: ProposalId(1), choice: Choice::For },
    }
    .sign(&seed_key(bob))
    .unwrap();
    let body = Body::Envelope(Box::new(vote.clone()));
    let sequenced = ledger.sign_and_append(&seed_key(alice), at(1_715_000_000 + 60 * 6), body).unwrap();
    EnvelopeVectors { attend, vote, sequenced }
}

/// When alice gives her proxy (section 13): seq 7, a minute after seq 6.
const PROXY_RECORDED_AT: i64 = 1_715_000_420;

/// Section 13's vector, continuing section 12's: the ledger of seq 0 to 6 (bob present at M1 and
/// voting for P1), the same with seq 7, alice's proxy for M1 to bob, and that entry.
fn proxy_vector() -> (Ledger, Ledger, SignedEntry) {
    let EnvelopeVectors { attend, sequenced, .. } = envelope_vectors();
    let mut entries: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    entries.extend([attend, sequenced]);
    let before = verify_entries(entries).unwrap();
    let mut after = before.clone();
    let at = DateTime::from_timestamp(PROXY_RECORDED_AT, 0).unwrap();
    let proxy = after.sign_and_append(&seed_key(1), at, proxy_body(1, "bob")).unwrap();
    (before, after, proxy)
}

fn proxy_body(meeting: u32, holder: &str) -> Body {
    Body::Proxy { meeting: MeetingId(meeting), holder: holder.parse().unwrap() }
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
    let EnvelopeVectors { attend, vote, sequenced } = envelope_vectors();
    expected.insert("attend bytes".into(), wrap(&hex_encode(attend.bytes())));
    expected.insert("attend hash".into(), attend.hash().to_hex());
    let vote_signature = &vote.bytes()[vote.bytes().len() - 64..];
    expected.insert("vote-envelope bytes".into(), wrap(&hex_encode(vote.bytes())));
    expected.insert("vote-envelope signature".into(), wrap(&hex_encode(vote_signature)));
    expected.insert("vote-envelope id".into(), vote.id().to_hex());
    expected.insert("vote-envelope file".into(), vote.file_name());
    expected.insert("envelope bytes".into(), wrap(&hex_encode(sequenced.bytes())));
    expected.insert("envelope signature".into(), wrap(&hex_encode(&sequenced.signature().to_bytes())));
    expected.insert("envelope hash".into(), sequenced.hash().to_hex());
    expected.insert("envelope line".into(), sequenced.to_line());
    let (_, _, proxy) = proxy_vector();
    expected.insert("proxy bytes".into(), wrap(&hex_encode(proxy.bytes())));
    expected.insert("proxy hash".into(), proxy.hash().to_hex());
    expected.insert("proxy line".into(), proxy.to_line());
    funding_expected(&mut expected);
    corrections_expected(&mut expected);
    governance_expected(&mut expected);
    keys_expected(&mut expected);
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

#[test]
fn the_envelope_vectors_decode_verify_and_count_as_bobs() {
    let EnvelopeVectors { attend, vote, sequenced } = envelope_vectors();
    let found = blocks();
    let from_page = |name: &str| hex_decode(&squeeze(&found[name])).unwrap();
    let attend_read = SignedEntry::from_bytes(from_page("attend bytes")).unwrap();
    assert_eq!(attend_read, attend);
    let vote_read = SignedEnvelope::from_bytes(from_page("vote-envelope bytes")).unwrap();
    assert_eq!(vote_read, vote);
    assert!(vote_read.verify_signature().is_ok());
    assert_eq!(
        vote_read.id().0,
        sha2_digest(vote_read.bytes()),
        "an envelope's id: SHA-256 of its bytes, no prefix"
    );
    assert_eq!(
        found["vote-envelope file"].trim(),
        format!("{}.envelope", squeeze(&found["vote-envelope id"]))
    );
    let sequenced_read = SignedEntry::from_bytes(from_page("envelope bytes")).unwrap();
    assert_eq!(sequenced_read, sequenced);
    assert!(sequenced_read.verify_signature().is_ok());
    assert_eq!(SignedEntry::from_line(found["envelope line"].trim()).unwrap(), sequenced_read);
    let Body::Envelope(carried) = &sequenced_read.entry().body else { panic!("kind 17 carries an envelope") };
    assert_eq!(**carried, vote_read);
    assert_eq!(sequenced_read.entry().author, public(1), "the keeper, alice, signs the entry");
    assert_eq!(sequenced_read.entry().actor(), public(2), "the vote is bob's");

    let mut entries: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    entries.extend([attend_read, sequenced_read]);
    let ledger = verify_entries(entries).unwrap();
    assert_eq!(ledger.len(), 7);
    let meeting = ledger.meeting(MeetingId(1)).unwrap();
    assert_eq!(meeting.vote_of(ProposalId(1), &"bob".parse().unwrap()), Some(Choice::For));
    assert!(ledger.has_envelope(&vote_read));
}

#[test]
fn the_layout_of_the_envelope_vectors_is_the_documented_one() {
    let EnvelopeVectors { attend, vote, sequenced } = envelope_vectors();
    let circle = vector_entries()[0].1.hash();
    let envelope = vote.bytes();
    assert_eq!(&envelope[..16], b"cercle/envel/v1\n");
    assert_eq!(&envelope[..16], ENVELOPE_LABEL);
    assert_eq!(&envelope[16..48], &circle.0, "circle");
    assert_eq!(&envelope[48..80], &public(2).0, "author: bob");
    assert_eq!(&envelope[80..88], &VOTE_CREATED_AT.to_be_bytes(), "created at");
    assert_eq!(&envelope[88..104], &VOTE_NONCE, "nonce");
    assert_eq!(envelope[104], 12, "kind vote");
    assert_eq!(&envelope[105..114], &[0, 0, 0, 1, 0, 0, 0, 1, 1], "M1, P1, for");
    assert_eq!(envelope.len(), 114 + 64);
    use cercle_core::ed25519_dalek::Verifier as _;
    let signature = cercle_core::ed25519_dalek::Signature::from_slice(&envelope[114..]).unwrap();
    assert!(
        seed_key(2).verifying_key().verify(&envelope[..114], &signature).is_ok(),
        "bob signs bytes 0..114"
    );

    let entry = sequenced.bytes();
    assert_eq!(&entry[16..48], &circle.0);
    assert_eq!(&entry[48..56], &6u64.to_be_bytes(), "seq");
    assert_eq!(&entry[56..88], &attend.hash().0, "prev");
    assert_eq!(&entry[88..96], &1_715_000_360i64.to_be_bytes(), "recorded at");
    assert_eq!(&entry[96..128], &public(1).0, "author: alice, the keeper");
    assert_eq!(entry[128], 17, "kind envelope");
    assert_eq!(&entry[129..131], &178u16.to_be_bytes(), "the envelope's length");
    assert_eq!(&entry[131..309], envelope, "the envelope's exact bytes");
    assert_eq!(entry.len(), 309 + 64);

    let attend = attend.bytes();
    assert_eq!(attend[128], 11, "kind attend");
    assert_eq!(&attend[129..133], &[0, 0, 0, 1], "M1");
    assert_eq!(&attend[96..128], &public(2).0, "author: bob");
}

#[test]
fn the_rules_of_section_12_hold_at_their_bounds() {
    use cercle_core::envelope::{ENVELOPE_AHEAD_SECONDS, ENVELOPE_WINDOW_SECONDS};
    assert_eq!((ENVELOPE_WINDOW_SECONDS, ENVELOPE_AHEAD_SECONDS), (2_592_000, 86_400));
    assert_eq!(cercle_core::envelope::ENVELOPE_BYTES_MAX, 12_288);
    assert_eq!((KEEPER_KEY_NAME, SUPPORT_KEY_NAME), ("cercle-keeper", "cercle-support"));
    let EnvelopeVectors { attend, vote, .. } = envelope_vectors();
    let mut entries: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    entries.push(attend);
    let before = verify_entries(entries).unwrap();
    let at = |seconds: i64| DateTime::from_timestamp(seconds, 0).unwrap();
    // Sequence `envelope` at `recorded` with `keeper`'s key: the rule that refuses it, if any.
    let sequence = |ledger: &Ledger, keeper: u8, recorded: i64, envelope: &SignedEnvelope| {
        let body = Body::Envelope(Box::new(envelope.clone()));
        match ledger.clone().sign_and_append(&seed_key(keeper), at(recorded), body) {
            Ok(_) => Ok(()),
            Err(AppendError::Rule(rule)) => Err(rule.rule()),
            Err(other) => panic!("{other}"),
        }
    };
    let signed_at = |created: i64| {
        Envelope { created_at: at(created), ..vote.envelope().clone() }.sign(&seed_key(2)).unwrap()
    };
    let created = VOTE_CREATED_AT;
    // The window: created_at >= recorded_at - 30 days, created_at <= recorded_at + 1 day.
    assert_eq!(sequence(&before, 1, created + 2_592_000, &vote), Ok(()));
    assert_eq!(sequence(&before, 1, created + 2_592_001, &vote), Err("envelope-too-old"));
    let early = 1_715_000_300; // the head's time: an entry may not be recorded before it
    assert_eq!(sequence(&before, 1, early, &signed_at(early + 86_400)), Ok(()));
    assert_eq!(sequence(&before, 1, early, &signed_at(early + 86_401)), Err("envelope-from-future"));
    // Only a soucieux sequences; the envelope names this circle; its signature holds.
    assert_eq!(sequence(&before, 2, 1_715_000_360, &vote), Err("not-soucieux"));
    let elsewhere = Envelope { circle: EntryHash([7; 32]), ..vote.envelope().clone() };
    assert_eq!(
        sequence(&before, 1, 1_715_000_360, &elsewhere.sign(&seed_key(2)).unwrap()),
        Err("envelope-other-circle")
    );
    let mut flipped = vote.bytes().to_vec();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x01;
    let flipped = SignedEnvelope::from_bytes(flipped).unwrap();
    assert_eq!(sequence(&before, 1, 1_715_000_360, &flipped), Err("envelope-bad-signature"));
    // Sequenced once, it is refused again (within the window; after it, as too old).
    let mut after = before.clone();
    after.sign_and_append(&seed_key(1), at(1_715_000_360), Body::Envelope(Box::new(vote.clone()))).unwrap();
    assert_eq!(sequence(&after, 1, 1_715_000_420, &vote), Err("envelope-replayed"));
    assert_eq!(sequence(&after, 1, created + 2_592_000, &vote), Err("envelope-replayed"));
    assert_eq!(sequence(&after, 1, created + 2_592_001, &vote), Err("envelope-too-old"));
    // The act's own rules, as bob's: he voted already.
    let again = Envelope { nonce: [0xff; 16], ..vote.envelope().clone() }.sign(&seed_key(2)).unwrap();
    assert_eq!(sequence(&after, 1, 1_715_000_420, &again), Err("already-voted"));
    // Acts an envelope may not carry are refused by the decoder (a format error).
    for body in [Body::Checkpoint, Body::Envelope(Box::new(vote.clone()))] {
        let mut bytes = Envelope { body, ..vote.envelope().clone() }.signing_bytes();
        bytes.extend_from_slice(&cercle_core::ed25519_dalek::Signer::sign(&seed_key(2), &bytes).to_bytes());
        assert!(SignedEnvelope::from_bytes(bytes).is_err());
    }
}

/// SHA-256 by another path than `entry_hash`.
fn sha2_digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

#[test]
fn the_proxy_vector_decodes_verifies_and_counts() {
    let (before, ledger, proxy) = proxy_vector();
    let found = blocks();
    let read = SignedEntry::from_bytes(hex_decode(&squeeze(&found["proxy bytes"])).unwrap()).unwrap();
    assert_eq!(read, proxy);
    assert_eq!(SignedEntry::from_line(found["proxy line"].trim()).unwrap(), read);
    let bytes = read.bytes();
    assert_eq!(&bytes[48..56], &7u64.to_be_bytes(), "seq");
    assert_eq!(&bytes[88..96], &PROXY_RECORDED_AT.to_be_bytes(), "recorded at");
    assert_eq!(&bytes[96..128], &public(1).0, "author: alice, the giver");
    assert_eq!(bytes[128], 18, "kind proxy");
    assert_eq!(&bytes[129..138], b"\x00\x00\x00\x01\x00\x03bob", "M1, holder bob");
    assert_eq!(bytes.len(), 138 + 64);
    // bob present and voting for P1, alice represented by bob: quorum 2 of 2, P1 for 2.
    let counted = ItemOutcome {
        proposal: ProposalId(1),
        outcome: Outcome::Adopted,
        tally: Tally { for_: 2, against: 0, abstain: 0 },
    };
    assert_eq!(ledger.preview_close(MeetingId(1)).unwrap(), vec![counted]);
    // What appending `body`, signed by `seed`, to a copy of `ledger` gives.
    let rule = |ledger: &Ledger, seed: u8, body: Body| {
        let at = DateTime::from_timestamp(PROXY_RECORDED_AT, 0).unwrap();
        match ledger.clone().sign_and_append(&seed_key(seed), at, body) {
            Ok(_) => Ok(()),
            Err(AppendError::Rule(rule)) => Err(rule.rule()),
            Err(other) => panic!("{other}"),
        }
    };
    let close = |tally: Tally| Body::MeetingClose {
        meeting: MeetingId(1),
        outcomes: vec![ItemOutcome { tally, ..counted }],
    };
    assert_eq!(rule(&ledger, 1, close(counted.tally)), Ok(()));
    assert_eq!(rule(&ledger, 1, close(Tally { for_: 1, against: 0, abstain: 0 })), Err("outcome-mismatch"));
    // The refusals the page names: at seq 7 (instead of alice's proxy), then at seq 8.
    assert_eq!(rule(&before, 1, proxy_body(1, "alice")), Err("proxy-to-self"));
    assert_eq!(rule(&before, 2, proxy_body(1, "alice")), Err("proxy-giver-present"));
    assert_eq!(rule(&before, 1, proxy_body(2, "bob")), Err("no-such-meeting"));
    assert_eq!(rule(&ledger, 1, proxy_body(1, "bob")), Err("proxy-already-given"));
    // alice attends after all: her proxy is void, and bob's vote counts once.
    let mut attended = ledger.clone();
    let at = DateTime::from_timestamp(PROXY_RECORDED_AT + 60, 0).unwrap();
    attended.sign_and_append(&seed_key(1), at, Body::Attend { meeting: MeetingId(1) }).unwrap();
    let once = ItemOutcome { tally: Tally { for_: 1, against: 0, abstain: 0 }, ..counted };
    assert_eq!(attended.preview_close(MeetingId(1)).unwrap(), vec![once]);
}

// Section 14: funding agreements, fund receipts into them, payouts with receipts.

/// The file whose SHA-256 section 14's payout carries: these 18 ASCII bytes.
const RECEIPT_CONTENT: &[u8] = b"Facture F-2024-117";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn euros(amount: &str) -> Euros {
    amount.parse().unwrap()
}

fn reference(value: &str) -> Text {
    text(TextField::Reference, value)
}

/// Seq 9: the agreement, by alice.
fn agreement_body() -> Body {
    Body::Agreement(Box::new(AgreementTerms {
        reference: reference("FEDER-HDF-2024-03"),
        funder: text(TextField::Source, "FEDER"),
        amount: euros("6 000,00"),
        rate: Rate::from_basis_points(6000),
        from: date(2024, 1, 1),
        to: date(2024, 12, 31),
        actions: vec![ActionId(1)],
    }))
}

fn fund_v2(
    amount: &str,
    source: &str,
    reference_: &str,
    agreement: Option<&str>,
    duplicate_ok: bool,
) -> Body {
    Body::FundReceivedV2 {
        amount: euros(amount),
        source: text(TextField::Source, source),
        reference: reference(reference_),
        agreement: agreement.map(reference),
        duplicate_ok,
    }
}

fn receipt() -> Receipt {
    Receipt {
        sha256: FileHash(sha2_digest(RECEIPT_CONTENT)),
        name: text(TextField::ReceiptName, "facture-F-2024-117.pdf"),
    }
}

fn payout_v2(amount: &str, reference_: &str, receipt: Option<Receipt>, duplicate_ok: bool) -> Body {
    Body::PayoutV2 {
        proposal: ProposalId(2),
        amount: euros(amount),
        date: date(2024, 5, 6),
        reference: reference(reference_),
        receipt,
        duplicate_ok,
    }
}

fn adopted(proposal: u32, for_: u32) -> ItemOutcome {
    ItemOutcome {
        proposal: ProposalId(proposal),
        outcome: Outcome::Adopted,
        tally: Tally { for_, against: 0, abstain: 0 },
    }
}

/// Section 14's steps after section 13's ledger (seq 0 to 7): (vector name, seed, body), seq
/// 8 to 17, entry n recorded at `1715000000 + 60 × n`.
fn funding_steps() -> Vec<(&'static str, u8, Body)> {
    let (alice, bob, support) = (1, 2, 9);
    vec![
        ("close-m1", alice, Body::MeetingClose { meeting: MeetingId(1), outcomes: vec![adopted(1, 2)] }),
        ("agreement", alice, agreement_body()),
        (
            "fund-into-agreement",
            support,
            fund_v2("3 000,00", "FEDER", "VIR-2024-0611", Some("FEDER-HDF-2024-03"), false),
        ),
        (
            "propose-spend",
            bob,
            Body::ProposeSpend {
                action: ActionId(1),
                amount: euros("1 200,00"),
                payee: Payee::Supplier(text(TextField::Supplier, "Imprimerie du Port")),
                purpose: text(TextField::Purpose, "Affiches du forum"),
            },
        ),
        ("open-m2", alice, Body::MeetingOpen { date: date(2024, 5, 6), agenda: vec![ProposalId(2)] }),
        ("attend-m2", alice, Body::Attend { meeting: MeetingId(2) }),
        (
            "vote-m2",
            alice,
            Body::Vote { meeting: MeetingId(2), proposal: ProposalId(2), choice: Choice::For },
        ),
        ("close-m2", alice, Body::MeetingClose { meeting: MeetingId(2), outcomes: vec![adopted(2, 1)] }),
        ("payout-v2", alice, payout_v2("1 000,00", "VIR-2024-0625", Some(receipt()), false)),
        ("fund-duplicate", support, fund_v2("500,00", "Région Hauts-de-France", "VIR-2024-0611", None, true)),
    ]
}

fn at_seq(seq: u64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(1_715_000_000 + 60 * seq as i64, 0).unwrap()
}

/// Section 14's vector: every ledger from seq 7 (section 13's) to seq 17, in order (index i
/// holds seq 0 to 7 + i), and the entries of seq 8 to 17 by name.
fn funding_vector() -> (Vec<Ledger>, Vec<(&'static str, SignedEntry)>) {
    let (_, mut ledger, _) = proxy_vector();
    let mut ledgers = vec![ledger.clone()];
    let mut entries = Vec::new();
    for (name, seed, body) in funding_steps() {
        let seq = ledger.len();
        let signed = ledger.sign_and_append(&seed_key(seed), at_seq(seq), body).unwrap();
        entries.push((name, signed));
        ledgers.push(ledger.clone());
    }
    (ledgers, entries)
}

/// The names of section 14's vectors whose bytes and export line the page shows (the others,
/// ordinary kinds, are shown by their hash only).
const FUNDING_SHOWN: [&str; 4] = ["agreement", "fund-into-agreement", "payout-v2", "fund-duplicate"];

fn funding_expected(expected: &mut BTreeMap<String, String>) {
    let (_, entries) = funding_vector();
    for (name, signed) in &entries {
        expected.insert(format!("funding {name} hash"), signed.hash().to_hex());
        if FUNDING_SHOWN.contains(name) {
            expected.insert(format!("funding {name} bytes"), wrap(&hex_encode(signed.bytes())));
            expected.insert(format!("funding {name} line"), signed.to_line());
        }
    }
    expected.insert("funding receipt sha256".into(), hex_encode(&sha2_digest(RECEIPT_CONTENT)));
}

/// What appending `body`, signed by `seed`, to a copy of `ledger` gives.
fn try_append(ledger: &Ledger, seed: u8, body: Body) -> Result<(), &'static str> {
    let at = at_seq(ledger.len());
    match ledger.clone().sign_and_append(&seed_key(seed), at, body) {
        Ok(_) => Ok(()),
        Err(AppendError::Rule(rule)) => Err(rule.rule()),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn the_funding_vectors_decode_verify_and_count() {
    let (_, entries) = funding_vector();
    let found = blocks();
    for name in FUNDING_SHOWN {
        let (_, signed) = entries.iter().find(|(n, _)| *n == name).unwrap();
        let read =
            SignedEntry::from_bytes(hex_decode(&squeeze(&found[&format!("funding {name} bytes")])).unwrap())
                .unwrap();
        assert_eq!(&read, signed, "{name}");
        assert!(read.verify_signature().is_ok(), "{name}");
        assert_eq!(SignedEntry::from_line(found[&format!("funding {name} line")].trim()).unwrap(), read);
    }
    // The whole ledger, seq 0 to 17, verifies.
    let EnvelopeVectors { attend, sequenced, .. } = envelope_vectors();
    let (_, _, proxy) = proxy_vector();
    let mut all: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    all.extend([attend, sequenced, proxy]);
    all.extend(entries.iter().map(|(_, signed)| signed.clone()));
    let ledger = verify_entries(all).unwrap();
    assert_eq!(ledger.len(), 18);
    let agreement = ledger.agreement("feder-hdf-2024-03").unwrap();
    assert_eq!((agreement.seq, agreement.received), (9, euros("3 000,00")));
    // Funds into an agreement count as any: 10 000 + 3 000 + 500; 1 000 paid, 200 committed.
    let totals = ledger.totals();
    assert_eq!(
        (totals.received, totals.paid, totals.committed),
        (euros("13 500,00"), euros("1 000,00"), euros("200,00"))
    );
    assert_eq!(
        ledger.reference_used(true, "vir-2024-0611", chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()),
        Some(17) // the latest use: seq 17 used it again, meant
    );
    assert_eq!(
        ledger.reference_used(false, "VIR-2024-0625", chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()),
        Some(16)
    );
    assert_eq!(
        ledger.reference_used(false, "VIR-2024-0611", chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()),
        None,
        "separate namespaces"
    );

    // The layout of the new kinds, read by hand.
    let bytes = |name: &str| entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
    let agreement = bytes("agreement");
    assert_eq!(agreement[128], 19);
    let mut body = b"\x00\x11FEDER-HDF-2024-03\x00\x05FEDER".to_vec();
    body.extend_from_slice(&600_000u64.to_be_bytes());
    body.extend_from_slice(&6000u16.to_be_bytes());
    body.extend_from_slice(&19_723i32.to_be_bytes()); // 2024-01-01
    body.extend_from_slice(&20_088i32.to_be_bytes()); // 2024-12-31
    body.extend_from_slice(&[0, 1, 0, 0, 0, 1]);
    assert_eq!(&agreement[129..agreement.len() - 64], &body[..]);
    let fund = bytes("fund-into-agreement");
    assert_eq!(fund[128], 20);
    let mut body = 300_000u64.to_be_bytes().to_vec();
    body.extend_from_slice(b"\x00\x05FEDER\x00\x0dVIR-2024-0611\x01\x00\x11FEDER-HDF-2024-03\x00");
    assert_eq!(&fund[129..fund.len() - 64], &body[..]);
    let payout = bytes("payout-v2");
    assert_eq!(payout[128], 21);
    let mut body = vec![0, 0, 0, 2];
    body.extend_from_slice(&100_000u64.to_be_bytes());
    body.extend_from_slice(&19_849i32.to_be_bytes()); // 2024-05-06
    body.extend_from_slice(b"\x00\x0dVIR-2024-0625\x01");
    body.extend_from_slice(&sha2_digest(RECEIPT_CONTENT));
    body.extend_from_slice(b"\x00\x16facture-F-2024-117.pdf\x00");
    assert_eq!(&payout[129..payout.len() - 64], &body[..]);
    let duplicate = bytes("fund-duplicate");
    assert_eq!(duplicate[128], 20);
    let mut body = 50_000u64.to_be_bytes().to_vec();
    body.extend_from_slice("\x00\x17Région Hauts-de-France\x00\x0dVIR-2024-0611\x00\x01".as_bytes());
    assert_eq!(&duplicate[129..duplicate.len() - 64], &body[..]);

    // The statement of the agreement: one payout, eligible, 60 % of it the funder's share.
    let mut payouts = cercle_core::statement::Payouts::new();
    for (_, signed) in &entries {
        payouts.observe(signed);
    }
    let statement =
        cercle_core::statement::Statement::build(&ledger, &payouts, "FEDER-HDF-2024-03", None, None).unwrap();
    assert_eq!(statement.lines.len(), 1);
    assert_eq!((statement.lines[0].amount, statement.lines[0].eligible), (euros("1 000,00"), true));
    assert_eq!(
        (statement.totals.eligible, statement.totals.funder_share),
        (euros("1 000,00"), euros("600,00"))
    );
}

#[test]
fn the_funding_rules_refuse_what_section_14_says() {
    let (ledgers, _) = funding_vector();
    let (alice, bob, support) = (1, 2, 9);
    // ledgers[i] holds seq 0 to 7 + i.
    let (at9, at10, at17, at18) = (&ledgers[1], &ledgers[2], &ledgers[9], &ledgers[10]);
    let terms = |change: &dyn Fn(&mut AgreementTerms)| {
        let Body::Agreement(mut terms) = agreement_body() else { unreachable!() };
        change(&mut terms);
        Body::Agreement(terms)
    };
    // Seq 9, instead of the agreement.
    assert_eq!(try_append(at9, bob, agreement_body()), Err("not-soucieux-or-support"));
    assert_eq!(try_append(at9, support, agreement_body()), Ok(()));
    assert_eq!(try_append(at9, alice, terms(&|t| t.to = date(2023, 12, 31))), Err("agreement-period"));
    assert_eq!(try_append(at9, alice, terms(&|t| t.to = t.from)), Ok(()));
    assert_eq!(try_append(at9, alice, terms(&|t| t.actions = vec![ActionId(2)])), Err("no-such-action"));
    assert_eq!(try_append(at9, alice, terms(&|t| t.actions = vec![])), Ok(()));
    // Seq 10, instead of the fund receipt.
    assert_eq!(
        try_append(at10, alice, terms(&|t| t.reference = reference("feder-hdf-2024-03"))),
        Err("agreement-taken")
    );
    let into = |amount: &str, agreement: &str| fund_v2(amount, "FEDER", "VIR-X", Some(agreement), false);
    assert_eq!(try_append(at10, support, into("6 000,00", "feder-hdf-2024-03")), Ok(()));
    assert_eq!(
        try_append(at10, support, into("6 000,01", "FEDER-HDF-2024-03")),
        Err("agreement-over-awarded")
    );
    assert_eq!(try_append(at10, support, into("1,00", "FEDER-HDF-2024-04")), Err("no-such-agreement"));
    assert_eq!(try_append(at10, bob, into("1,00", "FEDER-HDF-2024-03")), Err("not-soucieux-or-support"));
    // Seq 17, instead of the meant duplicate.
    let kind6 = |reference_: &str| Body::FundReceived {
        amount: euros("500,00"),
        source: text(TextField::Source, "Région Hauts-de-France"),
        reference: reference(reference_),
    };
    assert_eq!(try_append(at17, support, kind6("vir-2024-0611")), Err("duplicate-reference"));
    assert_eq!(try_append(at17, support, kind6("CONV-2024-17")), Err("duplicate-reference"), "seq 2's");
    assert_eq!(try_append(at17, support, kind6("VIR-2024-0625")), Ok(()), "a payout's: another namespace");
    assert_eq!(try_append(at17, support, into("3 000,00", "FEDER-HDF-2024-03")), Ok(()));
    assert_eq!(
        try_append(at17, support, into("3 000,01", "FEDER-HDF-2024-03")),
        Err("agreement-over-awarded")
    );
    // Seq 18: P2 has 200,00 left.
    let kind14 = |amount: &str, reference_: &str| Body::Payout {
        proposal: ProposalId(2),
        amount: euros(amount),
        date: date(2024, 5, 6),
        reference: reference(reference_),
    };
    assert_eq!(try_append(at18, alice, kind14("200,00", "vir-2024-0625")), Err("duplicate-reference"));
    assert_eq!(
        try_append(at18, alice, kind14("200,00", "VIR-2024-0611")),
        Ok(()),
        "a fund's: another namespace"
    );
    assert_eq!(try_append(at18, alice, payout_v2("200,00", "vir-2024-0625", None, true)), Ok(()));
    assert_eq!(try_append(at18, alice, kind14("200,01", "VIR-2024-0701")), Err("payout-exceeds-line"));
    // In an envelope (section 12), sequenced by alice: the act is its author's.
    let envelope = |seed: u8, body: Body, ledger: &Ledger| {
        let enveloped = Envelope {
            circle: ledger.circle().unwrap().id,
            author: public(seed),
            created_at: at_seq(ledger.len()),
            nonce: [seed; 16],
            body,
        }
        .sign(&seed_key(seed))
        .unwrap();
        try_append(ledger, alice, Body::Envelope(Box::new(enveloped)))
    };
    assert_eq!(envelope(bob, agreement_body(), at9), Err("not-soucieux-or-support"));
    assert_eq!(envelope(support, agreement_body(), at9), Ok(()));
    assert_eq!(envelope(support, kind6("vir-2024-0611"), at17), Err("duplicate-reference"));
    assert_eq!(envelope(support, fund_v2("1,00", "FEDER", "vir-2024-0611", None, true), at17), Ok(()));
    assert_eq!(
        envelope(support, payout_v2("200,00", "VIR-2024-0625", Some(receipt()), false), at18),
        Err("duplicate-reference")
    );
}

/// An entry of `kind` with `body`, the header of section 8's genesis and a zero signature:
/// enough for the decoder, which reads no signature.
fn decoded(kind: u8, body: &[u8]) -> Result<SignedEntry, FormatError> {
    let genesis = vector_entries()[0].1.bytes().to_vec();
    let mut bytes = genesis[..128].to_vec();
    bytes.push(kind);
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&[0; 64]);
    SignedEntry::from_bytes(bytes)
}

#[test]
fn the_decoder_refuses_what_section_14_refuses() {
    let (_, entries) = funding_vector();
    let body = |name: &str| {
        let bytes = entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
        bytes[129..bytes.len() - 64].to_vec()
    };
    let agreement = body("agreement");
    assert!(decoded(19, &agreement).is_ok());
    // rate at offset 2 + 17 + 2 + 5 + 8 = 34 of the body; actions count at 34 + 2 + 8 = 44.
    let with = |at: usize, new: &[u8]| {
        let mut b = agreement.clone();
        b.splice(at..at + new.len(), new.iter().copied());
        b
    };
    assert!(decoded(19, &with(34, &10_000u16.to_be_bytes())).is_ok(), "100 %");
    assert!(decoded(19, &with(34, &10_001u16.to_be_bytes())).is_err(), "above 100 %");
    assert!(decoded(19, &with(34, &0u16.to_be_bytes())).is_ok(), "no rate");
    let actions = |ids: &[u32]| {
        let mut b = agreement[..44].to_vec();
        b.extend_from_slice(&u16::try_from(ids.len()).unwrap().to_be_bytes());
        ids.iter().for_each(|id| b.extend_from_slice(&id.to_be_bytes()));
        b
    };
    assert!(decoded(19, &actions(&[1, 2, 7])).is_ok());
    assert!(decoded(19, &actions(&[])).is_ok());
    assert!(decoded(19, &actions(&[2, 1])).is_err(), "not ascending");
    assert!(decoded(19, &actions(&[1, 1])).is_err(), "twice");
    assert!(decoded(19, &actions(&[0])).is_err(), "id 0");
    assert!(decoded(19, &actions(&(1..=100).collect::<Vec<_>>())).is_ok());
    assert!(decoded(19, &actions(&(1..=101).collect::<Vec<_>>())).is_err(), "101 actions");
    // Kind 20 with neither flag is kind 6's act: refused.
    let duplicate = body("fund-duplicate");
    assert!(decoded(20, &duplicate).is_ok());
    let last = duplicate.len() - 1;
    let mut neither = duplicate.clone();
    neither[last] = 0;
    assert!(decoded(20, &neither).is_err(), "kind 20 with neither flag");
    neither[last] = 2;
    assert!(decoded(20, &neither).is_err(), "a bool of 2");
    // Kind 21 with neither flag is kind 14's act; receipt names.
    let payout = body("payout-v2");
    assert!(decoded(21, &payout).is_ok());
    let mut without = payout[..4 + 8 + 4 + 15].to_vec();
    without.push(0);
    without.push(0);
    assert!(decoded(21, &without).is_err(), "kind 21 with neither flag");
    *without.last_mut().unwrap() = 1;
    assert!(decoded(21, &without).is_ok(), "kind 21, a meant duplicate without a receipt");
    let named = |name: &str| {
        let mut b = payout[..4 + 8 + 4 + 15 + 1 + 32].to_vec();
        b.extend_from_slice(&u16::try_from(name.len()).unwrap().to_be_bytes());
        b.extend_from_slice(name.as_bytes());
        b.push(0);
        b
    };
    assert!(decoded(21, &named("facture.pdf")).is_ok());
    assert!(decoded(21, &named("...")).is_ok(), "three dots is a name");
    for bad in ["a/b.pdf", "a\\b.pdf", ".", "..", " facture.pdf", ""] {
        assert!(decoded(21, &named(bad)).is_err(), "{bad:?}");
    }
}

// Section 15: corrections and countersignatures.

fn fund_correction(target: u64, amount: &str, source: &str, reference_: &str, reason: &str) -> Body {
    Body::FundCorrection {
        target,
        amount: euros(amount),
        source: text(TextField::Source, source),
        reference: reference(reference_),
        reason: text(TextField::Reason, reason),
    }
}

fn reversal(target: u64, reason: &str) -> Body {
    Body::PayoutReversal { target, reason: text(TextField::Reason, reason) }
}

/// Section 15's steps after section 14's ledger (seq 0 to 17): (vector name, seed, body), seq
/// 18 to 21, entry n recorded at `1715000000 + 60 × n`.
fn corrections_steps() -> Vec<(&'static str, u8, Body)> {
    let (alice, support) = (1, 9);
    vec![
        (
            "fund-correction",
            alice,
            fund_correction(10, "2 500,00", "FEDER", "VIR-2024-0611", "2 500 reçus, pas 3 000"),
        ),
        ("countersign-fund", support, Body::Countersign { target: 18 }),
        ("payout-reversal", support, reversal(16, "virement rejeté par la banque")),
        ("countersign-reversal", alice, Body::Countersign { target: 20 }),
    ]
}

/// Section 15's vector: every ledger from seq 17 (section 14's) to seq 21 (index i holds seq 0
/// to 17 + i), and the entries of seq 18 to 21 by name.
fn corrections_vector() -> (Vec<Ledger>, Vec<(&'static str, SignedEntry)>) {
    let (ledgers, _) = funding_vector();
    let mut ledger = ledgers.last().unwrap().clone();
    let mut all = vec![ledger.clone()];
    let mut entries = Vec::new();
    for (name, seed, body) in corrections_steps() {
        let seq = ledger.len();
        let signed = ledger.sign_and_append(&seed_key(seed), at_seq(seq), body).unwrap();
        entries.push((name, signed));
        all.push(ledger.clone());
    }
    (all, entries)
}

/// The names of section 15's vectors whose bytes and export line the page shows.
const CORRECTIONS_SHOWN: [&str; 3] = ["fund-correction", "countersign-fund", "payout-reversal"];

fn corrections_expected(expected: &mut BTreeMap<String, String>) {
    let (_, entries) = corrections_vector();
    for (name, signed) in &entries {
        expected.insert(format!("corrections {name} hash"), signed.hash().to_hex());
        if CORRECTIONS_SHOWN.contains(name) {
            expected.insert(format!("corrections {name} bytes"), wrap(&hex_encode(signed.bytes())));
            expected.insert(format!("corrections {name} line"), signed.to_line());
        }
    }
}

#[test]
fn the_corrections_vectors_decode_verify_and_count() {
    let (ledgers, entries) = corrections_vector();
    let found = blocks();
    for name in CORRECTIONS_SHOWN {
        let (_, signed) = entries.iter().find(|(n, _)| *n == name).unwrap();
        let read = SignedEntry::from_bytes(
            hex_decode(&squeeze(&found[&format!("corrections {name} bytes")])).unwrap(),
        )
        .unwrap();
        assert_eq!(&read, signed, "{name}");
        assert!(read.verify_signature().is_ok(), "{name}");
        assert_eq!(SignedEntry::from_line(found[&format!("corrections {name} line")].trim()).unwrap(), read);
    }
    // The layout of the new kinds, read by hand.
    let bytes = |name: &str| entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
    let correction = bytes("fund-correction");
    assert_eq!(correction[128], 22);
    let mut body = 10u64.to_be_bytes().to_vec();
    body.extend_from_slice(&250_000u64.to_be_bytes());
    body.extend_from_slice(b"\x00\x05FEDER\x00\x0dVIR-2024-0611");
    body.extend_from_slice("\x00\x172 500 reçus, pas 3 000".as_bytes());
    assert_eq!(&correction[129..correction.len() - 64], &body[..]);
    let countersign = bytes("countersign-fund");
    assert_eq!(countersign[128], 24);
    assert_eq!(&countersign[129..countersign.len() - 64], &18u64.to_be_bytes());
    let reversal_ = bytes("payout-reversal");
    assert_eq!(reversal_[128], 23);
    let mut body = 16u64.to_be_bytes().to_vec();
    body.extend_from_slice("\x00\x1evirement rejeté par la banque".as_bytes());
    assert_eq!(&reversal_[129..reversal_.len() - 64], &body[..]);

    // The books step by step: a correction counts only once countersigned.
    let totals = |ledger: &Ledger| {
        let t = ledger.totals();
        (t.received, t.paid, t.committed)
    };
    let received = |ledger: &Ledger| ledger.agreement("FEDER-HDF-2024-03").unwrap().received;
    let before = (euros("13 500,00"), euros("1 000,00"), euros("200,00"));
    assert_eq!((totals(&ledgers[0]), received(&ledgers[0])), (before, euros("3 000,00")));
    assert_eq!((totals(&ledgers[1]), received(&ledgers[1])), (before, euros("3 000,00")), "waiting");
    assert_eq!(ledgers[1].pending_corrections().map(|c| c.seq).collect::<Vec<_>>(), vec![18]);
    let corrected = (euros("13 000,00"), euros("1 000,00"), euros("200,00"));
    assert_eq!((totals(&ledgers[2]), received(&ledgers[2])), (corrected, euros("2 500,00")));
    assert_eq!(ledgers[2].fund_record(10).unwrap().amount, euros("2 500,00"));
    assert_eq!(totals(&ledgers[3]), corrected, "the reversal waits");
    let end = &ledgers[4];
    assert_eq!(totals(end), (euros("13 000,00"), Euros::ZERO, euros("200,00")));
    assert_eq!(end.totals().available(), euros("12 800,00"));
    assert_eq!(end.action(ActionId(1)).unwrap().paid, Euros::ZERO, "the action's paid goes back");
    let line =
        end.proposals().into_iter().find(|p| p.id == ProposalId(2)).unwrap().spend_line().unwrap().clone();
    assert_eq!(
        (line.paid, line.remaining()),
        (euros("1 000,00"), euros("200,00")),
        "the line keeps its paid"
    );
    assert_eq!(end.pending_corrections().count(), 0);
    assert_eq!(end.history().corrections.iter().map(|c| c.seq).collect::<Vec<_>>(), vec![18, 20]);
    end.check_books().unwrap();

    // The whole ledger, seq 0 to 21, verifies.
    let EnvelopeVectors { attend, sequenced, .. } = envelope_vectors();
    let (_, _, proxy) = proxy_vector();
    let (_, funding) = funding_vector();
    let mut all: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    all.extend([attend, sequenced, proxy]);
    all.extend(funding.into_iter().map(|(_, signed)| signed));
    all.extend(entries.iter().map(|(_, signed)| signed.clone()));
    let verified = verify_entries(all).unwrap();
    assert_eq!(verified.len(), 22);
    assert_eq!(totals(&verified), totals(end));
}

#[test]
fn the_corrections_rules_refuse_what_section_15_says() {
    let (ledgers, _) = corrections_vector();
    let (alice, bob, support) = (1, 2, 9);
    // ledgers[i] holds seq 0 to 17 + i.
    let (at18, at19, at20, at21, at22) = (&ledgers[0], &ledgers[1], &ledgers[2], &ledgers[3], &ledgers[4]);
    let why = "2 500 reçus, pas 3 000";
    let fix = |amount: &str, reference_: &str| fund_correction(10, amount, "FEDER", reference_, why);
    // Seq 18, instead of the fund correction.
    assert_eq!(try_append(at18, bob, fix("2 500,00", "VIR-2024-0611")), Err("not-soucieux-or-support"));
    assert_eq!(try_append(at18, support, fix("2 500,00", "VIR-2024-0611")), Ok(()));
    assert_eq!(
        try_append(at18, alice, fund_correction(16, "2 500,00", "FEDER", "VIR-2024-0611", why)),
        Err("not-a-fund-receipt"),
        "a payout"
    );
    assert_eq!(
        try_append(at18, alice, fund_correction(9, "2 500,00", "FEDER", "VIR-2024-0611", why)),
        Err("not-a-fund-receipt"),
        "an agreement"
    );
    assert_eq!(try_append(at18, alice, fix("3 000,00", "VIR-2024-0611")), Err("correction-changes-nothing"));
    assert_eq!(try_append(at18, alice, fix("3 000,00", "vir-2024-0611")), Ok(()), "the case is a change");
    assert_eq!(
        try_append(at18, alice, fix("3 000,00", "conv-2024-17")),
        Err("duplicate-reference"),
        "seq 2's"
    );
    assert_eq!(try_append(at18, alice, fix("3 000,00", "VIR-2024-0612")), Ok(()));
    assert_eq!(try_append(at18, alice, reversal(17, why)), Err("not-a-reversible-payout"), "a fund receipt");
    assert_eq!(try_append(at18, alice, Body::Countersign { target: 10 }), Err("nothing-to-countersign"));
    // Seq 19, instead of the countersignature.
    assert_eq!(try_append(at19, alice, Body::Countersign { target: 18 }), Err("countersigned-by-author"));
    assert_eq!(try_append(at19, bob, Body::Countersign { target: 18 }), Err("not-soucieux-or-support"));
    assert_eq!(try_append(at19, support, Body::Countersign { target: 17 }), Err("nothing-to-countersign"));
    // A second correction of seq 10 supersedes the first, which can no longer be countersigned.
    let mut superseded = at19.clone();
    superseded.sign_and_append(&seed_key(alice), at_seq(19), fix("2 400,00", "VIR-2024-0611")).unwrap();
    assert_eq!(
        try_append(&superseded, support, Body::Countersign { target: 18 }),
        Err("nothing-to-countersign")
    );
    assert_eq!(try_append(&superseded, support, Body::Countersign { target: 19 }), Ok(()));
    // Countersigned, a correction is checked like the entry it corrects.
    let mut over = at18.clone();
    over.sign_and_append(&seed_key(alice), at_seq(18), fix("6 000,01", "VIR-2024-0611")).unwrap();
    assert_eq!(try_append(&over, support, Body::Countersign { target: 18 }), Err("agreement-over-awarded"));
    let mut exactly = at18.clone();
    exactly.sign_and_append(&seed_key(alice), at_seq(18), fix("6 000,00", "VIR-2024-0611")).unwrap();
    assert_eq!(try_append(&exactly, support, Body::Countersign { target: 18 }), Ok(()));
    // Seq 20, instead of the reversal; seq 21, instead of its countersignature; seq 22.
    assert_eq!(try_append(at20, bob, reversal(16, why)), Err("not-soucieux-or-support"));
    assert_eq!(try_append(at20, alice, reversal(10, why)), Err("not-a-reversible-payout"));
    assert_eq!(try_append(at21, support, Body::Countersign { target: 20 }), Err("countersigned-by-author"));
    assert_eq!(try_append(at22, alice, reversal(16, why)), Err("already-reversed"));
    assert_eq!(try_append(at22, support, Body::Countersign { target: 20 }), Err("nothing-to-countersign"));
}

#[test]
fn the_decoder_reads_section_15_as_documented() {
    let (_, entries) = corrections_vector();
    let body = |name: &str| {
        let bytes = entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
        bytes[129..bytes.len() - 64].to_vec()
    };
    let correction = body("fund-correction");
    assert!(decoded(22, &correction).is_ok());
    assert!(decoded(22, &correction[..correction.len() - 1]).is_err(), "cut short");
    let mut zero = correction.clone();
    zero[8..16].copy_from_slice(&0u64.to_be_bytes());
    assert!(decoded(22, &zero).is_err(), "an amount of 0");
    let mut empty = correction[..8 + 8 + 7 + 15].to_vec();
    empty.extend_from_slice(&[0, 0]);
    assert!(decoded(22, &empty).is_err(), "an empty reason");
    assert!(decoded(24, &18u64.to_be_bytes()).is_ok());
    assert!(decoded(24, &[0, 0, 0, 0, 0, 0, 0, 18, 0]).is_err(), "a byte after the target");
    assert!(decoded(23, &body("payout-reversal")).is_ok());
    assert!(decoded(23, &16u64.to_be_bytes()).is_err(), "a reversal without its reason");
}

// Section 16: governance changed by vote, and four eyes on large payouts.

fn governance(settings: Vec<Setting>) -> Body {
    Body::ProposeGovernance { settings }
}

/// Seq 22's proposal: payouts above 500,00 need a second signature, and proxies are no longer
/// allowed.
fn four_eyes_and_no_proxies() -> Vec<Setting> {
    vec![Setting::FourEyes(Some(euros("500,00"))), Setting::Proxies(false)]
}

/// A kind 14 payout on P4 (section 16), dated 2024-05-06.
fn payout_p4(amount: &str, reference_: &str) -> Body {
    Body::new_payout(ProposalId(4), euros(amount), date(2024, 5, 6), reference(reference_), None, false)
}

/// Section 16's steps after section 15's ledger (seq 0 to 21): (vector name, seed, body), seq
/// 22 to 30, entry n recorded at `1715000000 + 60 × n`; `proposal` is P3's settings.
fn governance_steps(proposal: Vec<Setting>) -> Vec<(&'static str, u8, Body)> {
    let (alice, bob, support) = (1, 2, 9);
    vec![
        ("propose-governance", bob, governance(proposal)),
        (
            "propose-spend",
            bob,
            Body::ProposeSpend {
                action: ActionId(1),
                amount: euros("1 500,00"),
                payee: Payee::Supplier(text(TextField::Supplier, "Traiteur du Port")),
                purpose: text(TextField::Purpose, "Repas du forum"),
            },
        ),
        (
            "open-m3",
            alice,
            Body::MeetingOpen { date: date(2024, 5, 6), agenda: vec![ProposalId(3), ProposalId(4)] },
        ),
        ("attend-m3", alice, Body::Attend { meeting: MeetingId(3) }),
        (
            "vote-p3",
            alice,
            Body::Vote { meeting: MeetingId(3), proposal: ProposalId(3), choice: Choice::For },
        ),
        (
            "vote-p4",
            alice,
            Body::Vote { meeting: MeetingId(3), proposal: ProposalId(4), choice: Choice::For },
        ),
        (
            "close-m3",
            alice,
            Body::MeetingClose { meeting: MeetingId(3), outcomes: vec![adopted(3, 1), adopted(4, 1)] },
        ),
        ("payout", alice, payout_p4("1 200,00", "VIR-2024-0626")),
        ("countersign-payout", support, Body::Countersign { target: 29 }),
    ]
}

/// Section 16's vector: every ledger from seq 21 (section 15's) to seq 30 (index i holds seq 0
/// to 21 + i), and the entries of seq 22 to 30 by name.
fn governance_vector_with(proposal: Vec<Setting>) -> (Vec<Ledger>, Vec<(&'static str, SignedEntry)>) {
    let (ledgers, _) = corrections_vector();
    let mut ledger = ledgers.last().unwrap().clone();
    let mut all = vec![ledger.clone()];
    let mut entries = Vec::new();
    for (name, seed, body) in governance_steps(proposal) {
        let seq = ledger.len();
        let signed = ledger.sign_and_append(&seed_key(seed), at_seq(seq), body).unwrap();
        entries.push((name, signed));
        all.push(ledger.clone());
    }
    (all, entries)
}

fn governance_vector() -> (Vec<Ledger>, Vec<(&'static str, SignedEntry)>) {
    governance_vector_with(four_eyes_and_no_proxies())
}

/// The names of section 16's vectors whose bytes and export line the page shows.
const GOVERNANCE_SHOWN: [&str; 3] = ["propose-governance", "payout", "countersign-payout"];

fn governance_expected(expected: &mut BTreeMap<String, String>) {
    let (_, entries) = governance_vector();
    for (name, signed) in &entries {
        expected.insert(format!("governance {name} hash"), signed.hash().to_hex());
        if GOVERNANCE_SHOWN.contains(name) {
            expected.insert(format!("governance {name} bytes"), wrap(&hex_encode(signed.bytes())));
            expected.insert(format!("governance {name} line"), signed.to_line());
        }
    }
}

#[test]
fn the_governance_vectors_decode_verify_and_count() {
    let (ledgers, entries) = governance_vector();
    let found = blocks();
    for name in GOVERNANCE_SHOWN {
        let (_, signed) = entries.iter().find(|(n, _)| *n == name).unwrap();
        let read = SignedEntry::from_bytes(
            hex_decode(&squeeze(&found[&format!("governance {name} bytes")])).unwrap(),
        )
        .unwrap();
        assert_eq!(&read, signed, "{name}");
        assert!(read.verify_signature().is_ok(), "{name}");
        assert_eq!(SignedEntry::from_line(found[&format!("governance {name} line")].trim()).unwrap(), read);
    }
    // The layout of kind 25, read by hand: count 2, code 4 (50000 cents), code 5 (false).
    let bytes = |name: &str| entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
    let proposal = bytes("propose-governance");
    assert_eq!(proposal[128], 25);
    let mut body = vec![2, 4];
    body.extend_from_slice(&50_000u64.to_be_bytes());
    body.extend_from_slice(&[5, 0]);
    assert_eq!(&proposal[129..proposal.len() - 64], &body[..]);
    let countersign = bytes("countersign-payout");
    assert_eq!((countersign[128], &countersign[129..countersign.len() - 64]), (24, &29u64.to_be_bytes()[..]));

    // The settings step by step: proposed, nothing changes; adopted at the closing, they apply.
    let circle = |ledger: &Ledger| {
        let c = ledger.circle().unwrap();
        (c.four_eyes, c.proxies)
    };
    assert_eq!(circle(&ledgers[0]), (None, true), "at genesis: no four eyes, proxies allowed");
    assert_eq!(circle(&ledgers[6]), (None, true), "proposed, not adopted yet");
    assert_eq!(circle(&ledgers[7]), (Some(euros("500,00")), false), "adopted at seq 28");
    let change = &ledgers[7].history().governance;
    assert_eq!(change.len(), 1);
    assert_eq!((change[0].proposal, change[0].meeting), (ProposalId(3), MeetingId(3)));
    assert_eq!(change[0].settings, four_eyes_and_no_proxies());
    // The books: P4 commits 1 500,00 at seq 28; the payout waits at seq 29, counts at seq 30.
    let totals = |ledger: &Ledger| {
        let t = ledger.totals();
        (t.received, t.paid, t.committed)
    };
    let adopted_ = (euros("13 000,00"), Euros::ZERO, euros("1 700,00"));
    assert_eq!(totals(&ledgers[7]), adopted_);
    assert_eq!(totals(&ledgers[8]), adopted_, "the payout waits");
    assert_eq!(ledgers[8].awaiting_second_signature().collect::<Vec<_>>(), vec![29]);
    assert_eq!(
        ledgers[8].reference_used(
            false,
            "VIR-2024-0626",
            chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()
        ),
        None,
        "not used while it waits"
    );
    let end = &ledgers[9];
    assert_eq!(totals(end), (euros("13 000,00"), euros("1 200,00"), euros("500,00")));
    assert_eq!(end.totals().available(), euros("11 300,00"));
    assert_eq!(end.awaiting_second_signature().count(), 0);
    assert_eq!(
        end.reference_used(false, "vir-2024-0626", chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()),
        Some(29)
    );
    assert_eq!(end.action(ActionId(1)).unwrap().paid, euros("1 200,00"));
    assert_eq!(end.history().corrections.last().unwrap().countersigned.as_ref().map(|c| c.0), Some(30));
    end.check_books().unwrap();

    // The whole ledger, seq 0 to 30, verifies.
    let EnvelopeVectors { attend, sequenced, .. } = envelope_vectors();
    let (_, _, proxy) = proxy_vector();
    let (_, funding) = funding_vector();
    let (_, corrections) = corrections_vector();
    let mut all: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    all.extend([attend, sequenced, proxy]);
    all.extend(funding.into_iter().map(|(_, signed)| signed));
    all.extend(corrections.into_iter().map(|(_, signed)| signed));
    all.extend(entries.iter().map(|(_, signed)| signed.clone()));
    let verified = verify_entries(all).unwrap();
    assert_eq!(verified.len(), 31);
    assert_eq!(totals(&verified), totals(end));
    assert_eq!(circle(&verified), (Some(euros("500,00")), false));
}

#[test]
fn the_governance_rules_refuse_what_section_16_says() {
    let (ledgers, _) = governance_vector();
    let (alice, bob, support) = (1, 2, 9);
    // ledgers[i] holds seq 0 to 21 + i.
    let (at22, at25, at29, at30, at31) = (&ledgers[0], &ledgers[3], &ledgers[7], &ledgers[8], &ledgers[9]);
    let quorum = |n, d| Setting::Quorum(Quorum::new(n, d).unwrap());
    // Seq 22, instead of the proposal.
    assert_eq!(try_append(at22, support, governance(four_eyes_and_no_proxies())), Err("unknown-author"));
    assert_eq!(
        try_append(at22, bob, governance(vec![Setting::Proxies(true)])),
        Err("governance-changes-nothing")
    );
    assert_eq!(try_append(at22, bob, governance(vec![quorum(1, 2)])), Err("governance-changes-nothing"));
    assert_eq!(
        try_append(at22, bob, governance(vec![Setting::FourEyes(None)])),
        Err("governance-changes-nothing")
    );
    assert_eq!(
        try_append(
            at22,
            bob,
            governance(vec![Setting::Recusal(true), Setting::FourEyes(Some(euros("500,00")))])
        ),
        Err("governance-changes-nothing")
    );
    let calaisis = Setting::Territory(text(TextField::Territory, "Pays du Calaisis"));
    assert_eq!(try_append(at22, bob, governance(vec![quorum(2, 3), calaisis])), Ok(()));
    // Seq 25: M3 is open and its P3 not yet adopted: proxies are still allowed.
    assert_eq!(try_append(at25, bob, proxy_body(3, "alice")), Ok(()));
    // Seq 29, after the closing.
    assert_eq!(
        try_append(at29, bob, proxy_body(3, "alice")),
        Err("proxies-not-allowed"),
        "before meeting-closed"
    );
    assert_eq!(
        try_append(at29, bob, proxy_body(4, "alice")),
        Err("proxies-not-allowed"),
        "before no-such-meeting"
    );
    assert_eq!(try_append(at29, support, proxy_body(3, "alice")), Err("unknown-author"));
    assert_eq!(
        try_append(at29, bob, governance(vec![Setting::FourEyes(Some(euros("500,00")))])),
        Err("governance-changes-nothing")
    );
    assert_eq!(try_append(at29, bob, governance(vec![Setting::Proxies(true)])), Ok(()));
    let mut at_once = at29.clone();
    at_once.sign_and_append(&seed_key(alice), at_seq(29), payout_p4("500,00", "VIR-2024-0626")).unwrap();
    assert_eq!(at_once.totals().paid, euros("500,00"), "not above the threshold: it counts at once");
    assert_eq!(at_once.awaiting_second_signature().count(), 0);
    assert_eq!(try_append(at29, alice, payout_p4("1 500,01", "VIR-2024-0626")), Err("payout-exceeds-line"));
    assert_eq!(try_append(at29, bob, payout_p4("1 200,00", "VIR-2024-0626")), Err("not-soucieux-or-support"));
    // Seq 30, instead of the countersignature.
    assert_eq!(try_append(at30, alice, Body::Countersign { target: 29 }), Err("countersigned-by-author"));
    assert_eq!(try_append(at30, bob, Body::Countersign { target: 29 }), Err("not-soucieux-or-support"));
    assert_eq!(
        try_append(at30, support, reversal(29, "erreur")),
        Err("not-a-reversible-payout"),
        "a payout waiting is not reversible"
    );
    // Countersigned, a payout is checked again, as of its own seq and day.
    let twice = |second: Body| {
        let mut ledger = at30.clone();
        ledger.sign_and_append(&seed_key(alice), at_seq(30), second).unwrap();
        ledger.sign_and_append(&seed_key(support), at_seq(31), Body::Countersign { target: 29 }).unwrap();
        ledger
    };
    let same_ref = twice(payout_p4("1 200,00", "VIR-2024-0626"));
    assert_eq!(try_append(&same_ref, support, Body::Countersign { target: 30 }), Err("duplicate-reference"));
    let other_ref = twice(payout_p4("1 200,00", "VIR-2024-0627"));
    assert_eq!(try_append(&other_ref, support, Body::Countersign { target: 30 }), Err("payout-exceeds-line"));
    let mut closed = at30.clone();
    closed
        .sign_and_append(&seed_key(alice), at_seq(30), Body::SpendClose { proposal: ProposalId(4) })
        .unwrap();
    assert_eq!(try_append(&closed, support, Body::Countersign { target: 29 }), Err("line-not-adopted"));
    // Seq 31, after it.
    assert_eq!(try_append(at31, alice, Body::Countersign { target: 29 }), Err("nothing-to-countersign"));
    assert_eq!(try_append(at31, support, reversal(29, "erreur")), Ok(()));
    // The outcomes of a closing are computed from the settings before it: with P3 setting the
    // quorum to 1/1 as well, M3's closing (alice alone present) still adopts P3 and P4.
    let mut strict = vec![quorum(1, 1)];
    strict.extend(four_eyes_and_no_proxies());
    let (strict, _) = governance_vector_with(strict);
    assert_eq!(strict[7].circle().unwrap().governance.quorum, Quorum::new(1, 1).unwrap());
}

#[test]
fn the_decoder_reads_section_16_as_documented() {
    let ok = |body: &[u8]| decoded(25, body).is_ok();
    let mut all = vec![7, 1, 0, 2, 0, 3, 2, 3, 3, 0, 4];
    all.extend_from_slice(&100_000_000_000u64.to_be_bytes());
    all.extend_from_slice(&[5, 1, 6, 0, 1, b'L', 7, 0, 1, b'T']);
    assert!(ok(&all), "the seven settings, four eyes at the maximum");
    let mut over = all.clone();
    over[11..19].copy_from_slice(&100_000_000_001u64.to_be_bytes());
    assert!(!ok(&over), "four eyes above the maximum");
    let four_eyes = |cents: u64| {
        let mut b = vec![1, 4];
        b.extend_from_slice(&cents.to_be_bytes());
        b
    };
    assert!(ok(&four_eyes(0)), "four eyes 0: none");
    assert!(ok(&[1, 5, 0]));
    assert!(!ok(&[0]), "count 0");
    let mut eight = all.clone();
    eight[0] = 8;
    assert!(!ok(&eight), "count 8");
    assert!(!ok(&[1, 8, 0]), "code 8");
    assert!(!ok(&[1, 0, 0]), "code 0");
    assert!(!ok(&[2, 5, 0, 3, 1]), "codes not ascending");
    assert!(!ok(&[2, 5, 0, 5, 1]), "a code twice");
    assert!(!ok(&[1, 1, 0, 2, 0, 4]), "quorum 2/4");
    assert!(!ok(&[1, 1, 0, 0, 0, 1]), "quorum 0/1");
    assert!(!ok(&[1, 1, 0, 3, 0, 2]), "quorum 3/2");
    assert!(ok(&[1, 1, 0, 1, 0, 1]), "quorum 1/1");
    assert!(!ok(&[1, 2, 4]), "threshold 4");
    assert!(!ok(&[1, 3, 2]), "recusal 2");
    assert!(!ok(&[1, 6, 0, 0]), "an empty name");
    assert!(!ok(&[1, 5]), "cut short");
    assert!(!ok(&[1, 5, 0, 0]), "a byte after the last setting");
}

// Section 17: key replacement.

/// bob's new key (seed 32 × 0x03) and the support team's new key (seed 32 × 0x0a).
const BOB_NEW: u8 = 3;
const SUPPORT_NEW: u8 = 10;

/// Section 17's steps after section 16's ledger (seq 0 to 30): (vector name, seed, body), seq 31
/// to 33, entry n recorded at `1715000000 + 60 × n`.
fn keys_steps() -> Vec<(&'static str, u8, Body)> {
    let (alice, support) = (1, 9);
    vec![
        ("member-key", alice, Body::MemberKey { name: "bob".parse().unwrap(), key: public(BOB_NEW) }),
        ("countersign-member-key", support, Body::Countersign { target: 31 }),
        ("support-key", support, Body::SupportKey { key: public(SUPPORT_NEW) }),
    ]
}

/// Section 17's vector: every ledger from seq 30 (section 16's) to seq 33 (index i holds seq 0
/// to 30 + i), and the entries of seq 31 to 33 by name.
fn keys_vector() -> (Vec<Ledger>, Vec<(&'static str, SignedEntry)>) {
    let (ledgers, _) = governance_vector();
    let mut ledger = ledgers.last().unwrap().clone();
    let mut all = vec![ledger.clone()];
    let mut entries = Vec::new();
    for (name, seed, body) in keys_steps() {
        let seq = ledger.len();
        let signed = ledger.sign_and_append(&seed_key(seed), at_seq(seq), body).unwrap();
        entries.push((name, signed));
        all.push(ledger.clone());
    }
    (all, entries)
}

fn keys_expected(expected: &mut BTreeMap<String, String>) {
    for seed in [BOB_NEW, SUPPORT_NEW] {
        expected.insert(format!("key-{seed} public"), public(seed).to_hex());
    }
    let (_, entries) = keys_vector();
    for (name, signed) in &entries {
        expected.insert(format!("keys {name} bytes"), wrap(&hex_encode(signed.bytes())));
        expected.insert(format!("keys {name} signature"), wrap(&hex_encode(&signed.signature().to_bytes())));
        expected.insert(format!("keys {name} hash"), signed.hash().to_hex());
        expected.insert(format!("keys {name} line"), signed.to_line());
    }
}

#[test]
fn the_key_vectors_decode_verify_and_count() {
    let (ledgers, entries) = keys_vector();
    let found = blocks();
    for (name, signed) in &entries {
        let read =
            SignedEntry::from_bytes(hex_decode(&squeeze(&found[&format!("keys {name} bytes")])).unwrap())
                .unwrap();
        assert_eq!(&read, signed, "{name}");
        assert!(read.verify_signature().is_ok(), "{name}");
        assert_eq!(SignedEntry::from_line(found[&format!("keys {name} line")].trim()).unwrap(), read);
    }
    // The layout of kinds 26, 24 and 27, read by hand: a name and a key, a seq, a key.
    let bytes = |name: &str| entries.iter().find(|(n, _)| *n == name).unwrap().1.bytes().to_vec();
    let member_key = bytes("member-key");
    let mut body = vec![0, 3];
    body.extend_from_slice(b"bob");
    body.extend_from_slice(&public(BOB_NEW).0);
    assert_eq!((member_key[128], &member_key[129..member_key.len() - 64]), (26, &body[..]));
    let countersign = bytes("countersign-member-key");
    assert_eq!((countersign[128], &countersign[129..countersign.len() - 64]), (24, &31u64.to_be_bytes()[..]));
    let support_key = bytes("support-key");
    assert_eq!(
        (support_key[128], &support_key[129..support_key.len() - 64]),
        (27, &public(SUPPORT_NEW).0[..])
    );
    assert_eq!(&support_key[96..128], &public(9).0[..], "signed by the current support key");

    // Step by step: bob's new key waits at seq 31, counts at seq 32; the support team's counts at
    // once at seq 33.
    let bob = "bob".parse().unwrap();
    let bob_key = |ledger: &Ledger| ledger.member(&bob).unwrap().key;
    assert_eq!(bob_key(&ledgers[1]), public(2), "asked, not counting yet");
    assert!(ledgers[1].key_change_waits(31));
    assert_eq!(bob_key(&ledgers[2]), public(BOB_NEW));
    assert!(!ledgers[2].key_change_waits(31));
    assert_eq!(ledgers[2].circle().unwrap().support_key, Some(public(9)));
    let end = &ledgers[3];
    assert_eq!(end.circle().unwrap().support_key, Some(public(SUPPORT_NEW)));
    assert_eq!(end.pending_key_changes().count(), 0);
    let history: Vec<_> = end
        .key_changes()
        .iter()
        .map(|c| {
            let signers: Vec<_> = c.signers.iter().map(|s| (s.seq, s.who.to_string())).collect();
            (c.holder.to_string(), c.old, c.new, c.requested, c.seq, c.at, signers)
        })
        .collect();
    assert_eq!(
        history,
        vec![
            (
                "bob".to_string(),
                public(2),
                public(BOB_NEW),
                31,
                32,
                at_seq(32),
                vec![(31, "alice".to_string()), (32, "the support team".to_string())]
            ),
            (
                "the support team".to_string(),
                public(9),
                public(SUPPORT_NEW),
                33,
                33,
                at_seq(33),
                vec![(33, "the support team".to_string())]
            ),
        ]
    );
    assert_eq!(
        (end.support_key_at(32), end.support_key_at(33)),
        (Some(public(9)), Some(public(SUPPORT_NEW)))
    );

    // The whole ledger, seq 0 to 33, verifies.
    let EnvelopeVectors { attend, sequenced, .. } = envelope_vectors();
    let (_, _, proxy) = proxy_vector();
    let (_, funding) = funding_vector();
    let (_, corrections) = corrections_vector();
    let (_, governance) = governance_vector();
    let mut all: Vec<SignedEntry> = vector_entries().into_iter().map(|(_, signed)| signed).collect();
    all.extend([attend, sequenced, proxy]);
    all.extend(funding.into_iter().map(|(_, signed)| signed));
    all.extend(corrections.into_iter().map(|(_, signed)| signed));
    all.extend(governance.into_iter().map(|(_, signed)| signed));
    all.extend(entries.iter().map(|(_, signed)| signed.clone()));
    let verified = verify_entries(all).unwrap();
    assert_eq!(verified.len(), 34);
    assert_eq!(verified.key_changes(), end.key_changes());
}

#[test]
fn the_key_rules_refuse_what_section_17_says() {
    let (ledgers, _) = keys_vector();
    let (alice, bob, support) = (1, 2, 9);
    let allow_proxies = || Body::ProposeGovernance { settings: vec![Setting::Proxies(true)] };
    let member_key = |key: u8| Body::MemberKey { name: "bob".parse().unwrap(), key: public(key) };
    let at31 = &ledgers[0];
    assert_eq!(try_append(at31, bob, member_key(BOB_NEW)), Err("not-soucieux-or-support"));
    assert_eq!(try_append(at31, alice, member_key(9)), Err("key-taken"));
    assert_eq!(try_append(at31, alice, member_key(1)), Err("key-taken"));
    let at32 = &ledgers[1];
    assert_eq!(try_append(at32, alice, Body::Countersign { target: 31 }), Err("countersigned-by-author"));
    assert_eq!(try_append(at32, bob, Body::Countersign { target: 31 }), Err("not-soucieux-or-support"));
    let at33 = &ledgers[2];
    assert_eq!(try_append(at33, bob, allow_proxies()), Err("key-replaced"));
    assert_eq!(try_append(at33, BOB_NEW, allow_proxies()), Ok(()));
    assert_eq!(try_append(at33, alice, Body::SupportKey { key: public(2) }), Err("key-taken"));
    let at34 = &ledgers[3];
    assert_eq!(try_append(at34, support, Body::Countersign { target: 29 }), Err("key-replaced"));
    assert_eq!(try_append(at34, SUPPORT_NEW, Body::SupportKey { key: public(9) }), Err("key-taken"));
}
