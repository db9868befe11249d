//! Key replacement end to end (`docs/RULES.md`, "Keys"): a member's lost laptop, the support
//! team's lost key; what the old key signed before stays valid, what it signs after is refused.

use crate::util::Dir;

/// bob (contributor) and dave (soucieux) join alice's circle; funds arrive.
fn circle() -> Dir {
    let d = Dir::new();
    d.circle(&[("bob", "contributor"), ("dave", "soucieux")]);
    d.ok(&["fund", "receive", "1000", "--source", "FEDER", "--ref", "VIR-1", "--as", "alice"]);
    d
}

fn seq(out: &serde_json::Value) -> String {
    out["seq"].to_string()
}

fn propose(title: &str, who: &str) -> Vec<String> {
    ["propose", "action", "--title", title, "--envelope", "100", "--as", who].map(String::from).to_vec()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_lost_laptop_gives_a_member_a_new_key_once_the_support_team_countersigned_it() {
    let d = circle();
    d.ok(&["key", "new", "bob-laptop2"]);
    let asked = d.json(&["member", "key", "bob", "--key-name", "bob-laptop2", "--as", "alice"]);
    let report = d.json(&["report"]);
    assert_eq!(report["key_history"][0]["status"], "waiting");
    assert_eq!(report["key_history"][0]["holder"], "bob");
    // Waiting: the old key still signs, the new one not yet.
    d.ok(&args(&propose("Forum", "bob")));
    assert!(d.refused(&args(&propose("Atelier", "bob-laptop2"))).contains("not the key of a current member"));
    // The other side countersigns: the support team, not another soucieux, nor the asker.
    assert!(d.refused(&["countersign", &seq(&asked), "--as", "dave"]).contains("support team"));
    assert!(d.refused(&["countersign", &seq(&asked), "--as", "alice"]).contains("not by its author"));
    let out = d.ok(&["countersign", &seq(&asked), "--as", "support"]);
    assert!(out.contains("bob signs with the new key"), "{out}");
    // From now on the old key is refused, one sentence and a hint, the ledger unchanged.
    let refused = d.refused(&args(&propose("Atelier", "bob")));
    assert!(refused.contains("this key was replaced"), "{refused}");
    d.ok(&args(&propose("Atelier", "bob-laptop2")));
    let report = d.json(&["report"]);
    let history = &report["key_history"][0];
    assert_eq!(history["status"], "replaced");
    assert_eq!(history["signed_by"], serde_json::json!(["alice", "support"]));
    assert_eq!(history["new_key"], d.ok(&["key", "show", "bob-laptop2"]));
    assert_eq!(history["old_key"], d.ok(&["key", "show", "bob"]));
    assert!(d.ok(&["report"]).contains("Key history"));
    // What the old key signed before stays valid: the ledger and its export verify and audit.
    d.ok(&["verify"]);
    d.ok(&["export", "--format", "jsonl", "--out", "c.jsonl"]);
    d.ok(&["verify", "c.jsonl"]);
    d.ok(&["audit", "c.jsonl"]);
    let log = d.ok(&["log"]);
    assert!(log.lines().any(|l| l.contains("bob") && l.contains("Forum")), "{log}");
}

#[test]
fn the_countersignature_can_be_given_at_once_or_asked_by_the_support_team() {
    let d = circle();
    d.ok(&["key", "new", "dave2"]);
    d.ok(&["member", "key", "dave", "--key-name", "dave2", "--countersign", "support", "--as", "alice"]);
    d.ok(&["circle", "status", "emerging", "--as", "dave2"]);
    d.ok(&["key", "new", "alice2"]);
    let asked = d.json(&["member", "key", "alice", "--key-name", "alice2", "--as", "support"]);
    assert!(d.refused(&["countersign", &seq(&asked), "--as", "alice"]).contains("another soucieux must"));
    d.ok(&["countersign", &seq(&asked), "--as", "dave2"]);
    assert!(d.refused(&["circle", "status", "active", "--as", "alice"]).contains("replaced"));
    // A key taken, by anyone now or before, is refused.
    assert!(d
        .refused(&["member", "key", "bob", "--key-name", "alice", "--as", "alice2"])
        .contains("already belongs to alice"));
    d.ok(&["verify"]);
}

#[test]
fn the_support_team_replaces_its_key_itself_or_every_soucieux_together() {
    let d = circle();
    d.ok(&["key", "new", "support2"]);
    d.ok(&["circle", "support-key", "--key-name", "support2", "--as", "support"]);
    assert!(d.refused(&["checkpoint", "--as", "support"]).contains("replaced"));
    d.ok(&["checkpoint", "--as", "support2"]);
    d.ok(&["verify"]);

    // Lost: alice and dave, every current soucieux, sign together.
    d.ok(&["key", "new", "support3"]);
    let asked = d.json(&["circle", "support-key", "--key-name", "support3", "--as", "alice"]);
    let waiting = |d: &Dir| d.json(&["report"])["circle"]["support_key"].clone();
    assert_eq!(waiting(&d), d.ok(&["key", "show", "support2"]), "one soucieux missing: not yet");
    assert!(d.refused(&["countersign", &seq(&asked), "--as", "bob"]).contains("soucieux"));
    assert!(d.refused(&["countersign", &seq(&asked), "--as", "support2"]).contains("only a soucieux"));
    d.ok(&["countersign", &seq(&asked), "--as", "dave"]);
    assert_eq!(waiting(&d), d.ok(&["key", "show", "support3"]));
    assert!(d.refused(&["checkpoint", "--as", "support2"]).contains("replaced"));
    d.ok(&["checkpoint", "--as", "support3"]);
    let history = d.json(&["report"])["key_history"].clone();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[1]["signed_by"], serde_json::json!(["alice", "dave"]));
    d.ok(&["verify"]);
}

/// An entry signed by a replaced key, chained and signed correctly, is refused by `verify`.
#[test]
fn an_export_with_an_entry_signed_by_a_replaced_key_fails_verification() {
    use cercle_core::{Body, SignedEntry, Text, TextField};
    let d = circle();
    d.ok(&["key", "new", "bob2"]);
    d.ok(&["member", "key", "bob", "--key-name", "bob2", "--countersign", "support", "--as", "alice"]);
    d.ok(&["export", "--format", "jsonl", "--out", "c.jsonl"]);
    let text = std::fs::read_to_string(d.path().join("c.jsonl")).unwrap();
    let entries: Vec<SignedEntry> = text.lines().map(|l| SignedEntry::from_line(l).unwrap()).collect();
    let ledger = cercle_core::verify_entries(entries).unwrap();
    // bob's old key, from his keystore file (`cercle-key/v1`, then the seed in hex).
    let file = std::fs::read_to_string(d.path().join("keys").join("bob.key")).unwrap();
    let hex = file.lines().nth(1).unwrap().trim();
    let seed: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
    let old = cercle_core::ed25519_dalek::SigningKey::from_bytes(&seed.try_into().unwrap());
    let body = Body::ProposeAction {
        title: Text::new(TextField::Title, "Forum").unwrap(),
        envelope: "100".parse().unwrap(),
    };
    let author = cercle_core::PublicKey(old.verifying_key().to_bytes());
    let at = ledger.head().unwrap().recorded_at;
    let forged = ledger.draft(author, at, body).sign(&old).unwrap();
    std::fs::write(d.path().join("forged.jsonl"), format!("{text}{}\n", forged.to_line())).unwrap();
    let refused = d.refused(&["verify", "forged.jsonl"]);
    assert!(refused.contains("key-replaced") || refused.contains("this key was replaced"), "{refused}");
}

/// Checkpoint notes follow the support key's history: a note the new key signed verifies, and
/// so does one the old key signed of a head from before its replacement, in `verify` (ledger
/// and export) and in `audit` (issue 13: notes were checked against the genesis key only).
#[test]
fn checkpoint_notes_are_checked_with_the_support_key_of_their_time() {
    let d = circle();
    d.ok(&["export", "--format", "jsonl", "--out", "before.jsonl"]);
    d.ok(&["checkpoint", "before.jsonl", "--out", "old.note", "--as", "support"]);
    d.ok(&["key", "new", "support2"]);
    d.ok(&["circle", "support-key", "--key-name", "support2", "--as", "support"]);
    d.ok(&["checkpoint", "--out", "new.note", "--as", "support2"]);
    d.ok(&["export", "--format", "jsonl", "--out", "after.jsonl"]);
    for note in ["old.note", "new.note"] {
        d.ok(&["verify", "--checkpoint", note]);
        d.ok(&["verify", "after.jsonl", "--checkpoint", note]);
    }
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    for note in ["old.note", "new.note"] {
        std::fs::copy(d.path().join(note), notes.join(note)).unwrap();
    }
    let audit = d.ok(&["audit", "after.jsonl", "--checkpoints", "notes"]);
    assert!(!audit.contains("FAIL"), "{audit}");
    // The old key cannot sign what came after its replacement, by the ledger or by an export.
    assert!(d
        .refused(&["checkpoint", "after.jsonl", "--out", "late.note", "--as", "support"])
        .contains("replaced"));
}
