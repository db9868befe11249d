//! `cercle prove` and `cercle check-proof`: a funder checks one payout with the proof file and
//! the support team's key alone, and every edit of the proof is refused.

use crate::util::Dir;

/// A circle with one adopted spend line on A1 paid once (P2/1), checkpointed by the support
/// team; returns the support team's public key.
fn paid_and_checkpointed(d: &mut Dir) -> String {
    d.circle(&[("karim", "contributor"), ("lea", "participant")]);
    d.ok(&["fund", "receive", "12000", "--source", "FEDER", "--ref", "CONV-1", "--as", "alice"]);
    d.ok(&["propose", "action", "--title", "Rencontres", "--envelope", "3000", "--as", "karim"]);
    d.ok(&["meeting", "open", "--date", "2024-05-14", "--agenda", "P1", "--as", "alice"]);
    for name in ["karim", "lea"] {
        d.ok(&["meeting", "attend", "M1", "--as", name]);
        d.ok(&["vote", "M1", "P1", "for", "--as", name]);
    }
    d.ok(&["meeting", "close", "M1", "--as", "alice"]);
    d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "1200",
        "--payee",
        "karim",
        "--purpose",
        "Animation",
        "--as",
        "karim",
    ]);
    d.ok(&["meeting", "open", "--date", "2024-06-04", "--agenda", "P2", "--as", "alice"]);
    for (name, choice) in [("alice", "for"), ("lea", "abstain")] {
        d.ok(&["meeting", "attend", "M2", "--as", name]);
        d.ok(&["vote", "M2", "P2", choice, "--as", name]);
    }
    d.ok(&["meeting", "close", "M2", "--as", "alice"]);
    // Recorded the day it is paid (`payout-in-future`), after M2 adopted the line.
    d.at("2024-06-25T10:00:00Z");
    d.ok(&["payout", "P2", "--amount", "600", "--date", "2024-06-25", "--ref", "VIR-0042", "--as", "alice"]);
    let stderr = d.refused(&["prove", "P2/1"]);
    assert!(stderr.contains("no tree checkpoint yet"), "{stderr}");
    d.ok(&["checkpoint", "--as", "support"]);
    d.ok(&["key", "show", "support"])
}

#[test]
fn a_funder_checks_one_payout_with_the_proof_and_the_support_key_alone() {
    let mut d = Dir::new();
    let support = paid_and_checkpointed(&mut d);
    let proof = d.path().join("payout.proof");
    d.ok(&["prove", "P2/1", "--out", proof.to_str().unwrap()]);
    assert!(std::fs::metadata(&proof).unwrap().len() < 2048, "a proof is under 2 KiB");
    // Checked with no ledger at all: another directory, no keystore.
    let elsewhere = Dir::new();
    let said = elsewhere.ok(&["check-proof", proof.to_str().unwrap(), "--key", &support]);
    assert!(
        said.contains("pays 600,00 € on P2 on 2024-06-25 (ref. VIR-0042)") && said.contains("cercle-support"),
        "{said}"
    );
    let json = elsewhere.json(&["check-proof", proof.to_str().unwrap(), "--key", &support]);
    assert_eq!(json["verified"], true);
    assert_eq!(json["kind"], "payout");
    // A vote and a position prove too.
    for reference in ["M2/P2/lea", "#3", "0"] {
        let file = d.path().join("other.proof");
        d.ok(&["prove", reference, "--out", file.to_str().unwrap()]);
        elsewhere.ok(&["check-proof", file.to_str().unwrap(), "--key", &support]);
    }
    // Another key (a member's) is not the support team's.
    let karim = d.ok(&["key", "show", "karim"]);
    let stderr = elsewhere.refused(&["check-proof", proof.to_str().unwrap(), "--key", &karim]);
    assert!(stderr.contains("not signed by the key given"), "{stderr}");
    // An entry after the checkpoint is refused, with the way out.
    d.ok(&["fund", "receive", "10", "--source", "Région", "--ref", "R-1", "--as", "alice"]);
    let stderr = d.refused(&["prove", "#20"]);
    assert!(stderr.contains("after the latest checkpoint") && stderr.contains("hint: "), "{stderr}");
}

#[test]
fn every_edit_of_a_proof_is_refused() {
    let mut d = Dir::new();
    let support = paid_and_checkpointed(&mut d);
    let proof = d.path().join("payout.proof");
    d.ok(&["prove", "P2/1", "--out", proof.to_str().unwrap()]);
    let text = std::fs::read_to_string(&proof).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut edits: Vec<(&str, serde_json::Value)> = Vec::new();
    let mut edited = json.clone();
    edited["index"] = serde_json::json!(json["index"].as_u64().unwrap() - 1);
    edits.push(("another index", edited));
    let mut edited = json.clone();
    edited["size"] = serde_json::json!(json["size"].as_u64().unwrap() + 1);
    edits.push(("another size", edited));
    let mut edited = json.clone();
    let first = edited["path"][0].as_str().unwrap().to_string();
    let flipped =
        if first.starts_with('A') { first.replacen('A', "B", 1) } else { format!("A{}", &first[1..]) };
    edited["path"][0] = serde_json::json!(flipped);
    edits.push(("a changed hash of the path", edited));
    let mut edited = json.clone();
    edited["path"].as_array_mut().unwrap().pop();
    edits.push(("a hash less", edited));
    let mut edited = json.clone();
    edited["checkpoint"] =
        serde_json::json!(json["checkpoint"].as_str().unwrap().replacen("\n20\n", "\n21\n", 1));
    edits.push(("a changed checkpoint", edited));
    // One character of the entry's line changed (in its longest field: the signed bytes).
    let mut line: serde_json::Value = serde_json::from_str(json["entry"].as_str().unwrap()).unwrap();
    let field = line
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_string())))
        .max_by_key(|(_, value)| value.len())
        .unwrap();
    let mut chars: Vec<char> = field.1.chars().collect();
    let middle = chars.len() / 2;
    chars[middle] = if chars[middle] == 'A' { 'B' } else { 'A' };
    line[&field.0] = serde_json::json!(chars.into_iter().collect::<String>());
    let mut edited = json.clone();
    edited["entry"] = serde_json::json!(line.to_string());
    edits.push(("a changed entry", edited));
    for (what, edited) in edits {
        std::fs::write(&proof, serde_json::to_string(&edited).unwrap()).unwrap();
        let stderr = d.refused(&["check-proof", proof.to_str().unwrap(), "--key", &support]);
        assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    }
    // The proof of another circle's checkpoint does not check this circle's entry.
    let mut other = Dir::new();
    paid_and_checkpointed(&mut other);
    let other_proof = other.path().join("p.proof");
    other.ok(&["prove", "P2/1", "--out", other_proof.to_str().unwrap()]);
    let mut mixed = json.clone();
    let other_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&other_proof).unwrap()).unwrap();
    mixed["checkpoint"] = other_json["checkpoint"].clone();
    std::fs::write(&proof, serde_json::to_string(&mixed).unwrap()).unwrap();
    let other_support = other.ok(&["key", "show", "support"]);
    let stderr = d.refused(&["check-proof", proof.to_str().unwrap(), "--key", &other_support]);
    assert!(stderr.contains("circle"), "{stderr}");
    // Garbage is one sentence, never a panic.
    std::fs::write(&proof, "not a proof").unwrap();
    let stderr = d.refused(&["check-proof", proof.to_str().unwrap(), "--key", &support]);
    assert!(stderr.contains("is not a cercle proof"), "{stderr}");
}

/// Go's own `golang.org/x/mod/sumdb/note` and `.../tlog` (written by other people than
/// cercle's authors) check the support team's note and the inclusion proof: the program is
/// tests/interop/proofcheck. It needs `go` and Debian's golang-golang-x-mod-dev, which
/// `.ci/run` installs; elsewhere the test says it is skipped, and under CI it fails instead.
#[test]
fn go_sumdb_packages_check_a_cercle_proof() {
    let mut d = Dir::new();
    let support = paid_and_checkpointed(&mut d);
    let Some(checker) = crate::util::go_program(&d, "proofcheck") else { return };
    let proof = d.path().join("payout.proof");
    d.ok(&["prove", "P2/1", "--out", proof.to_str().unwrap()]);
    let run = |proof: &std::path::Path, key: &str| {
        std::process::Command::new(&checker).arg(proof).arg(key).output().unwrap()
    };
    let checked = run(&proof, &support);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    assert!(String::from_utf8_lossy(&checked.stdout).starts_with("ok: cercle-support; entry 18 of 20"));
    // Go refuses what cercle refuses: another key, another index.
    let karim = d.ok(&["key", "show", "karim"]);
    assert!(!run(&proof, &karim).status.success());
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&proof).unwrap()).unwrap();
    json["index"] = serde_json::json!(17);
    std::fs::write(&proof, json.to_string()).unwrap();
    assert!(!run(&proof, &support).status.success());
}

/// `verify --checkpoint` reads tree checkpoints too: the Merkle root of the first entries must
/// be the note's, in a ledger or in an export; a shortened export fails, naming the note.
#[test]
fn verify_checks_a_tree_checkpoint_against_a_ledger_or_an_export() {
    let mut d = Dir::new();
    paid_and_checkpointed(&mut d);
    let note = d.ledger().join("checkpoint");
    let note = note.to_str().unwrap();
    let said = d.ok(&["verify", "--checkpoint", note]);
    assert!(said.contains("first 20 entries have the Merkle root"), "{said}");
    d.ok(&["fund", "receive", "5", "--source", "Région", "--ref", "R-9", "--as", "alice"]);
    let export = d.path().join("all.jsonl");
    d.ok(&["export", "--format", "jsonl", "--out", export.to_str().unwrap()]);
    d.ok(&["verify", export.to_str().unwrap(), "--checkpoint", note]);
    let lines: Vec<String> = std::fs::read_to_string(&export).unwrap().lines().map(String::from).collect();
    let shorter = d.path().join("shorter.jsonl");
    std::fs::write(&shorter, lines[..19].join("\n") + "\n").unwrap();
    let stderr = d.refused(&["verify", shorter.to_str().unwrap(), "--checkpoint", note]);
    assert!(stderr.contains("checkpoint") && stderr.contains("holds only 19 entries"), "{stderr}");
    // Another circle's tree note is refused in one sentence.
    let mut other = Dir::new();
    paid_and_checkpointed(&mut other);
    let foreign = other.ledger().join("checkpoint");
    let stderr = d.refused(&["verify", "--checkpoint", foreign.to_str().unwrap()]);
    assert!(stderr.contains("another circle"), "{stderr}");
}

/// Go's `tlog.CheckTree` accepts the consistency proofs cercle makes between two sizes of a
/// ledger's tree (what `audit --witness` checks), and refuses one against another root.
#[test]
fn go_tlog_checks_cercle_s_consistency_proofs() {
    use base64::Engine as _;
    let mut d = Dir::new();
    paid_and_checkpointed(&mut d);
    let Some(checker) = crate::util::go_program(&d, "consistencycheck") else { return };
    let store = cercle_store::Store::open(&d.ledger()).unwrap();
    let b64 = |hash: &[u8; 32]| base64::engine::general_purpose::STANDARD.encode(hash);
    let file = d.path().join("consistency.json");
    for (old, new) in [(1u64, 20u64), (7, 20), (8, 20), (13, 19), (19, 20)] {
        let proof = store.consistency_proof(old, new).unwrap();
        let (old_root, new_root) = (store.tree_root_at(old).unwrap(), store.tree_root_at(new).unwrap());
        let write = |old_root: &[u8; 32]| {
            let json = serde_json::json!({
                "old_size": old, "old_root": b64(old_root), "new_size": new, "new_root": b64(&new_root),
                "proof": proof.iter().map(&b64).collect::<Vec<_>>(),
            });
            std::fs::write(&file, json.to_string()).unwrap();
            std::process::Command::new(&checker).arg(&file).output().unwrap()
        };
        let checked = write(&old_root);
        assert!(checked.status.success(), "{old} -> {new}: {}", String::from_utf8_lossy(&checked.stderr));
        let other_root = store.tree_root_at(old - 1).unwrap();
        assert!(!write(&other_root).status.success(), "{old} -> {new} against another old root");
    }
}

/// A witness cosigns the support team's tree checkpoint only if its own copy of the ledger has
/// that root; the cosigned note still checks under the support key, and under the witness's
/// verifier key alone.
#[test]
fn a_witness_cosigns_a_checkpoint_it_can_vouch_for() {
    let mut d = Dir::new();
    let support = paid_and_checkpointed(&mut d);
    let note = d.ledger().join("checkpoint");
    // The witness's copy of the ledger, and its own key.
    let export = d.path().join("all.jsonl");
    d.ok(&["export", "--format", "jsonl", "--out", export.to_str().unwrap()]);
    let copy = d.path().join("copy");
    d.ok(&["import", export.to_str().unwrap(), "--ledger", copy.to_str().unwrap()]);
    d.ok(&["key", "new", "opale"]);
    let cosigned = d.path().join("cosigned.note");
    d.ok(&[
        "cosign",
        note.to_str().unwrap(),
        "--as",
        "opale",
        "--name",
        "witness.invalid/opale",
        "--ledger",
        copy.to_str().unwrap(),
        "--out",
        cosigned.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&cosigned).unwrap();
    assert_eq!(text.matches('\u{2014}').count(), 2, "{text}");
    // A proof against the cosigned note checks under either key.
    let mut proof: serde_json::Value = serde_json::from_str(&d.ok(&["prove", "P2/1"])).unwrap();
    proof["checkpoint"] = serde_json::json!(text);
    let file = d.path().join("p.proof");
    std::fs::write(&file, proof.to_string()).unwrap();
    d.ok(&["check-proof", file.to_str().unwrap(), "--key", &support]);
    let opale: cercle_core::PublicKey = d.ok(&["key", "show", "opale"]).parse().unwrap();
    let vkey = cercle_core::Vkey::new("witness.invalid/opale", opale).unwrap().to_string();
    assert_eq!(d.ok(&["key", "show", "opale", "--vkey", "witness.invalid/opale"]), vkey);
    let said = d.ok(&["check-proof", file.to_str().unwrap(), "--vkey", &vkey]);
    assert!(said.contains("witness.invalid/opale"), "{said}");
    // A copy that does not hold the note's root: no cosignature.
    let short = d.path().join("short");
    let lines: Vec<String> = std::fs::read_to_string(&export).unwrap().lines().map(String::from).collect();
    let part = d.path().join("part.jsonl");
    std::fs::write(&part, lines[..10].join("\n") + "\n").unwrap();
    d.ok(&["import", part.to_str().unwrap(), "--ledger", short.to_str().unwrap()]);
    let stderr =
        d.refused(&["cosign", note.to_str().unwrap(), "--as", "opale", "--ledger", short.to_str().unwrap()]);
    assert!(stderr.contains("does not vouch for it"), "{stderr}");
}

/// `audit --checkpoints DIR` reads tree notes (`cercle.invalid/<circle id>`) beside chain
/// notes: matched against the ledger's Merkle tree by a full audit, an audit of an export, and
/// a witness's re-audit by consistency proof (the note older or newer than the witness's tree);
/// a shortened export fails, naming the note.
#[test]
fn audit_checks_tree_notes_in_every_way_it_reads_a_ledger() {
    let mut d = Dir::new();
    paid_and_checkpointed(&mut d);
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::copy(d.ledger().join("checkpoint"), notes.join("tree-20.ckpt")).unwrap();
    let (ledger, n) = (d.ledger(), notes.to_str().unwrap());
    let dir = ledger.to_str().unwrap();
    let json = d.json(&["audit", dir, "--checkpoints", n]);
    assert_eq!(json["circles"][0]["verified"], true, "{json}");
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["matched"], true, "{json}");
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["seq"], 19, "{json}");
    // The tree note is this circle's: not listed as a note for no circle.
    assert_eq!(json["checkpoint_notes"]["notes"], 1, "{json}");
    assert_eq!(json["checkpoint_notes"]["unmatched"], serde_json::json!([]), "{json}");
    // A witness audits, the circle goes on, and a second tree note comes: the re-audit by
    // consistency proof checks the old note by the tree, the new one as its entries arrive.
    let witness = d.path().join("witness");
    let w = witness.to_str().unwrap();
    d.ok(&["audit", dir, "--witness", w]);
    d.ok(&["fund", "receive", "5", "--source", "Région", "--ref", "R-9", "--as", "alice"]);
    d.ok(&["checkpoint", "--as", "support"]);
    std::fs::copy(d.ledger().join("checkpoint"), notes.join("tree-22.ckpt")).unwrap();
    d.ok(&["fund", "receive", "5", "--source", "Région", "--ref", "R-10", "--as", "alice"]);
    let output =
        d.cmd(&["audit", dir, "--witness", w, "--checkpoints", n, "--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.contains("by a consistency proof"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let matched: Vec<_> = json["circles"][0]["checkpoint_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["matched"].clone())
        .collect();
    assert_eq!(matched, [true, true], "{json}");
    // An export shortened below the second note fails, naming it.
    let export = d.path().join("all.jsonl");
    d.ok(&["export", "--format", "jsonl", "--out", export.to_str().unwrap()]);
    let lines: Vec<String> = std::fs::read_to_string(&export).unwrap().lines().map(String::from).collect();
    let shorter = d.path().join("shorter.jsonl");
    std::fs::write(&shorter, lines[..21].join("\n") + "\n").unwrap();
    let output = d
        .cmd(&["audit", shorter.to_str().unwrap(), "--checkpoints", n, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let circle = &json["circles"][0];
    assert_eq!(circle["checkpoint_notes"][0]["matched"], true, "{json}");
    assert_eq!(circle["checkpoint_notes"][1]["matched"], false, "{json}");
    assert!(circle["problems"][0].as_str().unwrap().contains("checkpoint 2 (seq 21"), "{json}");
    // A tree note signed for another history of the circle (a fork after entry 19): the
    // witness's re-audit by proof finds its root is not the ledger's.
    let start = d.path().join("start.jsonl");
    std::fs::write(&start, lines[..20].join("\n") + "\n").unwrap();
    let fork = d.path().join("fork");
    let f = fork.to_str().unwrap();
    d.ok(&["import", start.to_str().unwrap(), "--ledger", f]);
    d.ok(&["fund", "receive", "7", "--source", "Région", "--ref", "F-1", "--as", "alice", "--ledger", f]);
    d.ok(&["checkpoint", "--as", "support", "--ledger", f]);
    let forked = d.path().join("forked");
    std::fs::create_dir(&forked).unwrap();
    std::fs::copy(fork.join("checkpoint"), forked.join("fork-22.ckpt")).unwrap();
    let witness_before = crate::util::snapshot(&witness);
    let output = d
        .cmd(&["audit", dir, "--witness", w, "--checkpoints", forked.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let problem = json["circles"][0]["problems"][0].as_str().unwrap();
    assert!(problem.contains("checkpoint 1 (seq 21") && problem.contains("Merkle root"), "{json}");
    assert_eq!(crate::util::snapshot(&witness), witness_before, "the witness is left as it was");
    // A tree note whose signature does not hold is refused, naming the file.
    let text = std::fs::read_to_string(notes.join("tree-22.ckpt")).unwrap();
    std::fs::write(notes.join("tree-22.ckpt"), text.replacen("\n22\n", "\n21\n", 1)).unwrap();
    let output = d.cmd(&["audit", dir, "--checkpoints", n, "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["circles"][0]["problems"][0].as_str().unwrap().contains("tree-22.ckpt"), "{json}");
}
