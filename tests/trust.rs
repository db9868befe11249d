//! Exports, imports, verification of tampered ledgers, and the support team's checkpoints.

use base64::Engine as _;

use crate::util::{audit, Dir};

fn small_circle() -> Dir {
    let d = Dir::new();
    d.circle(&[("bob", "contributor")]);
    d.ok(&["fund", "receive", "1000", "--source", "FEDER", "--ref", "C-1", "--as", "alice"]);
    d.ok(&["propose", "action", "--title", "Forum", "--envelope", "900", "--as", "bob"]);
    d.ok(&["fund", "receive", "250", "--source", "Région", "--ref", "R-1", "--as", "support"]);
    d
}

fn export(d: &Dir) -> Vec<String> {
    d.ok(&["export", "--format", "jsonl"]).lines().map(String::from).collect()
}

fn verify_lines(d: &Dir, name: &str, lines: &[String]) -> String {
    let file = d.path().join(name);
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let output = d.cmd(&["verify", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{name} should fail verification");
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Re-encode line `index` with one byte of its entry changed.
fn alter(line: &str, offset_from_end: usize) -> String {
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    let engine = base64::engine::general_purpose::STANDARD;
    let mut bytes = engine.decode(value["entry"].as_str().unwrap()).unwrap();
    let position = bytes.len() - offset_from_end;
    bytes[position] ^= 0x01;
    line.replace(value["entry"].as_str().unwrap(), &engine.encode(bytes))
}

#[test]
fn export_import_round_trip() {
    let d = small_circle();
    let file = d.path().join("littoral.jsonl");
    d.ok(&["export", "--format", "jsonl", "--out", file.to_str().unwrap()]);
    assert!(d.ok(&["verify", file.to_str().unwrap()]).contains("5 entries"));
    assert!(d.ok(&["verify", file.to_str().unwrap(), "--strict"]).contains("5 entries"));
    let copy = d.path().join("copy");
    d.ok(&["import", file.to_str().unwrap(), "--ledger", copy.to_str().unwrap()]);
    let original = d.json(&["report"]);
    let imported = d.json(&["report", "--ledger", copy.to_str().unwrap()]);
    assert_eq!(original, imported);
    assert_eq!(d.ok(&["export", "--ledger", copy.to_str().unwrap()]), export(&d).join("\n"));
}

#[test]
fn every_kind_of_tampering_is_caught_and_named() {
    let d = small_circle();
    let lines = export(&d);
    let mut deleted = lines.clone();
    deleted.remove(2);
    let stderr = verify_lines(&d, "deleted.jsonl", &deleted);
    assert!(stderr.contains("entry 2") && stderr.contains("numbered 3"), "{stderr}");
    let mut swapped = lines.clone();
    swapped.swap(2, 3);
    let stderr = verify_lines(&d, "swapped.jsonl", &swapped);
    assert!(stderr.contains("entry 2") && stderr.contains("numbered 3"), "{stderr}");
    let mut duplicated = lines.clone();
    duplicated.insert(3, lines[2].clone());
    let stderr = verify_lines(&d, "duplicated.jsonl", &duplicated);
    assert!(stderr.contains("entry 3") && stderr.contains("numbered 2"), "{stderr}");
    let mut signature = lines.clone();
    signature[3] = alter(&lines[3], 1);
    let stderr = verify_lines(&d, "forged.jsonl", &signature);
    assert!(stderr.contains("entry 3") && stderr.contains("hash"), "{stderr}");
    // Strict one-by-one checking names the same entry for the same reasons.
    let forged = d.path().join("forged.jsonl");
    let output = d.cmd(&["verify", forged.to_str().unwrap(), "--strict"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("entry 3"));
    let mut truncated = lines.clone();
    truncated[4] = lines[4][..lines[4].len() / 2].to_string();
    let stderr = verify_lines(&d, "truncated.jsonl", &truncated);
    assert!(stderr.contains("entry 4"), "{stderr}");
    // An entry whose bytes were changed and whose line hash was recomputed to match.
    let mut rehashed = lines.clone();
    // (The signature itself is then what fails, in batches and one by one.)
    let altered = alter(&lines[4], 70);
    let value: serde_json::Value = serde_json::from_str(&altered).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD.decode(value["entry"].as_str().unwrap()).unwrap();
    let hash = cercle_core::entry_hash(&bytes).to_hex();
    rehashed[4] = altered.replace(value["hash"].as_str().unwrap(), &hash);
    let stderr = verify_lines(&d, "rehashed.jsonl", &rehashed);
    assert!(stderr.contains("entry 4") && stderr.contains("signature"), "{stderr}");
    assert!(verify_lines(&d, "garbage.jsonl", &["{\"seq\":0}".to_string()]).contains("entry 0"));
}

#[test]
fn an_entry_of_another_circle_is_refused() {
    let d = small_circle();
    let mut other = Dir::new();
    other.at("2024-01-16T09:00:00Z");
    other.circle(&[("bob", "contributor")]);
    other.ok(&["fund", "receive", "1000", "--source", "FEDER", "--ref", "C-1", "--as", "alice"]);
    other.ok(&["fund", "receive", "5", "--source", "FEDER", "--ref", "C-2", "--as", "alice"]);
    let mut lines = export(&d);
    lines.truncate(3);
    lines.push(export(&other)[3].clone());
    let stderr = verify_lines(&d, "mixed.jsonl", &lines);
    assert!(stderr.contains("entry 3") && stderr.contains("another circle"), "{stderr}");
}

#[test]
fn a_tampered_export_is_not_imported() {
    let d = small_circle();
    let mut lines = export(&d);
    lines[2] = alter(&lines[2], 1);
    let file = d.path().join("bad.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let target = d.path().join("imported");
    let output =
        d.cmd(&["import", file.to_str().unwrap(), "--ledger", target.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("entry 2"));
    assert!(!target.exists(), "nothing is kept of a refused import");
}

#[test]
fn checkpoints_catch_truncation_and_rewrites() {
    let d = small_circle();
    let note = d.path().join("littoral.ckpt");
    d.ok(&["checkpoint", "--as", "support", "--out", note.to_str().unwrap()]);
    let note_arg = note.to_str().unwrap();
    assert!(d.ok(&["verify", "--checkpoint", note_arg]).contains("checkpointed head"));
    assert!(d.refused(&["checkpoint", "--as", "alice"]).contains("only the circle's support team"));
    let nowhere = d.path().join("no-such-dir/note.ckpt");
    assert!(d
        .refused(&["checkpoint", "--as", "support", "--out", nowhere.to_str().unwrap()])
        .contains("could not write"));
    d.ok(&["fund", "receive", "5", "--source", "FEDER", "--ref", "C-2", "--as", "alice"]);
    assert!(d.ok(&["verify", "--checkpoint", note_arg]).contains("checkpointed head"));

    // Truncated before the checkpoint.
    let lines = export(&d);
    let file = d.path().join("short.jsonl");
    std::fs::write(&file, lines[..4].join("\n")).unwrap();
    let output = d.cmd(&["verify", file.to_str().unwrap(), "--checkpoint", note_arg]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("checkpoint 1") && stderr.contains("truncated"), "{stderr}");

    // A rewritten history with the very same genesis (same keys, same clock): the fund of
    // entry 3 differs, so every hash after it differs.
    let rewritten = d.path().join("rewritten");
    let rewritten_arg = rewritten.to_str().unwrap();
    d.init(&["--ledger", rewritten_arg]);
    d.ok(&[
        "member",
        "add",
        "bob",
        "--key-name",
        "bob",
        "--role",
        "contributor",
        "--as",
        "alice",
        "--ledger",
        rewritten_arg,
    ]);
    d.ok(&[
        "fund",
        "receive",
        "9000",
        "--source",
        "FEDER",
        "--ref",
        "C-1",
        "--as",
        "alice",
        "--ledger",
        rewritten_arg,
    ]);
    for i in 0..4 {
        let reference = format!("C-9{i}");
        d.ok(&[
            "fund",
            "receive",
            "1",
            "--source",
            "FEDER",
            "--ref",
            &reference,
            "--as",
            "alice",
            "--ledger",
            rewritten_arg,
        ]);
    }
    let output = d.cmd(&["verify", "--ledger", rewritten_arg, "--checkpoint", note_arg]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("checkpoint 1") && stderr.contains("rewritten"), "{stderr}");
}

#[test]
fn the_support_team_checkpoints_an_export_without_forking_the_ledger() {
    let d = small_circle();
    let file = d.path().join("littoral.jsonl");
    d.ok(&["export", "--out", file.to_str().unwrap()]);
    let note = d.path().join("from-export.ckpt");
    let before = crate::util::snapshot(&d.ledger());
    d.ok(&["checkpoint", file.to_str().unwrap(), "--as", "support", "--out", note.to_str().unwrap()]);
    assert_eq!(crate::util::snapshot(&d.ledger()), before, "nothing is appended");
    // The circle goes on; its ledger still holds the checkpointed head.
    d.ok(&["fund", "receive", "5", "--source", "FEDER", "--ref", "C-3", "--as", "alice"]);
    assert!(d.ok(&["verify", "--checkpoint", note.to_str().unwrap()]).contains("checkpointed head"));
    let output = d.cmd(&["checkpoint", file.to_str().unwrap(), "--as", "alice"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("only the circle's support team"), "{stderr}");
    assert!(stderr.contains("\nhint: the circle's support key is "), "{stderr}");
}

/// An audit's JSON without what the witness itself says (which differs between a resumed and
/// a full audit).
fn without_witness(text: &str) -> serde_json::Value {
    let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
    json.as_object_mut().unwrap().remove("witness");
    json
}

#[test]
fn a_witness_audits_only_what_was_added_and_keeps_history_from_changing() {
    let d = small_circle();
    let witness = d.path().join("witness");
    let w = witness.to_str().unwrap();
    let first = d.path().join("first.jsonl");
    std::fs::write(&first, export(&d).join("\n") + "\n").unwrap();
    let (code, _, stderr) = audit(&d, &[first.to_str().unwrap(), "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("verified by this witness"), "nothing to resume from yet: {stderr}");
    let mut files: Vec<String> = std::fs::read_dir(&witness)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "one record for the one circle, and its history: {files:?}");
    assert!(files[0].ends_with(".0.history") && files[1].ends_with(".witness"), "{files:?}");

    // Two more entries: the next audit verifies only those, and finds the same books as an
    // audit from scratch.
    d.ok(&["fund", "receive", "5", "--source", "FEDER", "--ref", "C-2", "--as", "alice"]);
    d.ok(&["fund", "receive", "7", "--source", "FEDER", "--ref", "C-3", "--as", "alice"]);
    let lines = export(&d);
    let second = d.path().join("second.jsonl");
    std::fs::write(&second, lines.join("\n") + "\n").unwrap();
    let second = second.to_str().unwrap();
    let (code, resumed, stderr) = audit(&d, &[second, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("entries 0 to 4 as verified by this witness") && stderr.contains("2 new entries"),
        "{stderr}"
    );
    let (_, scratch, _) = audit(&d, &[second, "--format", "json"]);
    // The very report of a full audit, but for what the witness itself says.
    assert_eq!(
        without_witness(&resumed),
        without_witness(&scratch),
        "resuming gives the report of a full audit"
    );

    // The record is kept only for ledgers that extend it: a truncated export, a changed entry
    // inside the part already verified, and a damaged record all fail, and leave it as it was.
    let in_witness = |suffix: &str| {
        let files = std::fs::read_dir(&witness).unwrap().map(|f| f.unwrap().path());
        files.filter(|path| path.to_string_lossy().ends_with(suffix)).collect::<Vec<_>>()
    };
    let record = in_witness(".witness").pop().unwrap();
    let kept = std::fs::read(&record).unwrap();
    let history = in_witness(".history").pop().unwrap();
    let kept_history = std::fs::read(&history).unwrap();
    let short = d.path().join("short.jsonl");
    std::fs::write(&short, lines[..6].join("\n") + "\n").unwrap();
    let (code, out, stderr) = audit(&d, &[short.to_str().unwrap(), "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(out.contains("does not extend the one verified before") && out.contains("truncated"), "{out}");
    let mut changed = lines.clone();
    changed[2] = alter(&changed[2], 1); // a bit of a signature, not re-checked there: hashes see it
    let changed_file = d.path().join("changed.jsonl");
    std::fs::write(&changed_file, changed.join("\n") + "\n").unwrap();
    let (code, out, _) = audit(&d, &[changed_file.to_str().unwrap(), "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("entry 2") && out.contains("hash"), "{out}");
    assert_eq!(std::fs::read(&record).unwrap(), kept, "a failed audit leaves the record as it was");
    assert_eq!(std::fs::read(&history).unwrap(), kept_history, "and its history");
    std::fs::write(&record, b"not a record").unwrap();
    let (code, out, _) = audit(&d, &[second, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("is damaged"), "{out}");
    std::fs::write(&record, &kept).unwrap();

    // A record written by a version of cercle that encodes the state otherwise gives its head
    // only: everything is verified, and the ledger must still extend that head.
    let text = String::from_utf8_lossy(&kept).to_string();
    assert!(text.contains("\"state\":\"cercle-state/"), "the header names the state's encoding");
    let mut older = kept.clone();
    let at = text.find("cercle-state/").unwrap() + "cercle-state/".len();
    older[at] = b'0';
    std::fs::write(&record, &older).unwrap();
    let (code, out, _) = audit(&d, &[short.to_str().unwrap(), "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("does not extend the one verified before"), "{out}");
    let (code, _, stderr) = audit(&d, &[second, "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("verified by this witness"), "{stderr}");
    // The same record but for its history, written anew in the next history file.
    let history_file = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let at = text.find("\"history\":{\"file\":").expect("a history") + "\"history\":{\"file\":".len();
        let end = at + text[at..].find(',').unwrap();
        (text[..at].to_string() + &text[end..], text[at..end].parse::<u64>().unwrap())
    };
    let (rewritten, file) = history_file(&std::fs::read(&record).unwrap());
    let (before, file_before) = history_file(&kept);
    assert_eq!(rewritten, before, "rewritten in this version's encoding");
    assert_eq!(file, file_before + 1, "a record started over has a new history file");
    assert_eq!(in_witness(".history").len(), 1, "the history files replaced are removed");

    // A record of a batch audit does not spare a strict audit any signature; a strict one does.
    let (code, _, stderr) = audit(&d, &[second, "--witness", w, "--strict"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("verified by this witness"), "{stderr}");
    let (code, _, stderr) = audit(&d, &[second, "--witness", w, "--strict"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("entries 0 to 6 as verified by this witness"), "{stderr}");
}

/// `cercle init` of a circle named `name` on `territory` into `ledger`, founded by alice with
/// the support key (both keys must exist).
fn init_circle(d: &Dir, ledger: &str, name: &str, territory: &str) {
    let support = d.ok(&["key", "show", "support"]);
    d.ok(&[
        "init",
        "--name",
        name,
        "--territory",
        territory,
        "--status",
        "active",
        "--support-key",
        &support,
        "--as",
        "alice",
        "--ledger",
        ledger,
    ]);
}

fn audit_json(d: &Dir, args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, stderr) = audit(d, &all);
    (code, serde_json::from_str(&out).unwrap_or_else(|_| panic!("JSON: {out}\n{stderr}")), stderr)
}

fn of_kind(audit: &serde_json::Value, kind: &str) -> Vec<(String, String, String)> {
    crate::util::findings_of(audit).into_iter().filter(|(k, _, _)| k == kind).collect()
}

#[test]
fn a_witnessed_circle_missing_from_the_audit_is_an_error_unless_allowed() {
    let d = small_circle();
    let littoral = d.path().join("littoral.jsonl");
    d.ok(&["export", "--out", littoral.to_str().unwrap()]);
    let somme_ledger = d.path().join("somme");
    init_circle(&d, somme_ledger.to_str().unwrap(), "Somme", "Amiens");
    let somme = d.path().join("somme.jsonl");
    d.ok(&["export", "--ledger", somme_ledger.to_str().unwrap(), "--out", somme.to_str().unwrap()]);
    let (littoral, somme) = (littoral.to_str().unwrap(), somme.to_str().unwrap());
    let witness = d.path().join("witness");
    let w = witness.to_str().unwrap();
    let (code, first, stderr) = audit_json(&d, &[littoral, somme, "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(first["witness"]["records"], 0);
    assert_eq!(first["witness"]["missing"], serde_json::json!([]));

    // Somme left out: an error, and the audit exits 1 though every circle given verified.
    let (code, json, stderr) = audit_json(&d, &[littoral, "--witness", w]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("1 finding of severity error"), "{stderr}");
    assert_eq!(json["circles"][0]["verified"], true);
    let missing = of_kind(&json, "circle-missing");
    assert_eq!(missing.len(), 1, "{json}");
    let (_, severity, message) = &missing[0];
    assert_eq!(severity, "error");
    assert!(
        message.starts_with("Somme (Amiens), circle ") && message.contains("is not in this audit"),
        "{message}"
    );
    assert_eq!(json["witness"]["missing"][0]["name"], "Somme");
    assert_eq!(json["witness"]["missing"][0]["replaced_by"], serde_json::Value::Null);
    let (code, table, _) = audit(&d, &[littoral, "--witness", w]);
    assert_eq!(code, Some(1));
    assert!(table.contains("1 witnessed circle missing from it"), "{table}");
    assert!(table.contains("error     #0     Somme (Amiens)"), "{table}");

    // --allow-missing: still said, but only as information.
    let (code, json, stderr) = audit_json(&d, &[littoral, "--witness", w, "--allow-missing"]);
    assert_eq!(code, Some(0), "{stderr}");
    let missing = of_kind(&json, "circle-missing");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].1, "info");
    assert!(missing[0].2.contains("allowed by --allow-missing"), "{}", missing[0].2);
    // Without a witness, the flag means nothing: a usage error.
    assert_eq!(audit(&d, &[littoral, "--allow-missing"]).0, Some(2));
}

#[test]
fn a_circle_replaced_by_a_new_genesis_with_the_same_name_is_an_error() {
    let mut d = small_circle();
    let original = d.path().join("original.jsonl");
    d.ok(&["export", "--out", original.to_str().unwrap()]);
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    let old_note = notes.join("littoral.ckpt");
    let original_arg = original.to_str().unwrap();
    d.ok(&["checkpoint", original_arg, "--as", "support", "--out", old_note.to_str().unwrap()]);
    let witness = d.path().join("witness");
    let w = witness.to_str().unwrap();
    let notes_arg = notes.to_str().unwrap();
    let (code, _, stderr) = audit_json(&d, &[original_arg, "--witness", w, "--checkpoints", notes_arg]);
    assert_eq!(code, Some(0), "{stderr}");

    // The circle starts over: a new genesis, same name, same territory, same members and books.
    d.at("2024-02-01T09:00:00Z");
    let replaced = d.path().join("replaced");
    let replaced_arg = replaced.to_str().unwrap();
    d.init(&["--ledger", replaced_arg]);
    let on = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--ledger", replaced_arg]);
        d.ok(&all);
    };
    on(&["member", "add", "bob", "--key-name", "bob", "--role", "contributor", "--as", "alice"]);
    on(&["fund", "receive", "1000", "--source", "FEDER", "--ref", "C-1", "--as", "alice"]);
    let new = d.path().join("littoral.jsonl");
    on(&["export", "--out", new.to_str().unwrap()]);
    let new_arg = new.to_str().unwrap();

    for extra in [&[][..], &["--allow-missing"][..]] {
        let mut args = vec![new_arg, "--witness", w, "--checkpoints", notes_arg];
        args.extend_from_slice(extra);
        let (code, json, stderr) = audit_json(&d, &args);
        assert_eq!(code, Some(1), "{extra:?}: {stderr}");
        assert_eq!(json["circles"][0]["verified"], true, "the new ledger itself is valid");
        let found = of_kind(&json, "circle-replaced");
        assert_eq!(found.len(), 1, "{extra:?}: {json}");
        let (_, severity, message) = &found[0];
        assert_eq!(severity, "error");
        assert!(
            message.contains(&format!(
                "but {new_arg} holds a circle with the same name and territory and another genesis"
            )),
            "{message}"
        );
        assert!(of_kind(&json, "circle-missing").is_empty(), "one finding, the sharper one");
        let replacement = &json["witness"]["missing"][0]["replaced_by"];
        assert_eq!(replacement["source"], new_arg);
        assert_eq!(replacement["circle"], json["circles"][0]["circle"]["id"]);
        // The old circle's note now matches nothing, and says so.
        let unmatched = of_kind(&json, "note-unmatched");
        assert_eq!(unmatched.len(), 1, "{json}");
        assert!(unmatched[0].2.contains(old_note.to_str().unwrap()), "{}", unmatched[0].2);
        assert_eq!(json["checkpoint_notes"]["unmatched"][0]["file"], old_note.to_str().unwrap());
    }
    let (_, table, _) = audit(&d, &[new_arg, "--witness", w, "--checkpoints", notes_arg]);
    assert!(table.contains("1 replaced by another genesis"), "{table}");
    assert!(table.contains("circle-replaced") || table.contains("error "), "{table}");
}

#[test]
fn an_export_checkpointed_with_checkpoint_file_counts_as_checkpointed() {
    let d = small_circle();
    let file = d.path().join("littoral.jsonl");
    d.ok(&["export", "--out", file.to_str().unwrap()]);
    let notes = d.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    let note = notes.join("littoral.ckpt");
    d.ok(&["checkpoint", file.to_str().unwrap(), "--as", "support", "--out", note.to_str().unwrap()]);
    let file = file.to_str().unwrap();

    // Without its note, the audit cannot know of it.
    let (code, json, stderr) = audit_json(&d, &[file]);
    assert_eq!(code, Some(0), "{stderr}");
    let never = of_kind(&json, "never-checkpointed");
    assert_eq!(never.len(), 1, "{json}");
    assert!(never[0].2.contains("no checkpoint note of it was given"), "{}", never[0].2);

    // With it: checkpointed, and the note is shown as held.
    let (code, json, stderr) = audit_json(&d, &[file, "--checkpoints", notes.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(of_kind(&json, "never-checkpointed"), [], "{json}");
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["matched"], true);
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["seq"], 4);
    let (_, table, _) = audit(&d, &[file, "--checkpoints", notes.to_str().unwrap()]);
    assert!(!table.contains("never checkpointed"), "{table}");
}

/// A witness that audited a ledger directory re-audits it by a consistency proof of its Merkle
/// tree: the old entries are not read, the report is a full audit's, and a ledger that was
/// rewritten from the same genesis, or truncated, fails, naming both trees.
#[test]
fn a_witness_re_audits_a_ledger_directory_by_a_consistency_proof() {
    let d = small_circle();
    let witness = d.path().join("witness");
    let w = witness.to_str().unwrap();
    let ledger = d.ledger();
    let dir = ledger.to_str().unwrap();
    let (code, _, stderr) = audit(&d, &[dir, "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    let genesis_and_members = export(&d)[..3].to_vec();
    for reference in ["C-2", "C-3"] {
        d.ok(&["fund", "receive", "10", "--source", "FEDER", "--ref", reference, "--as", "alice"]);
    }
    let (code, resumed, stderr) = audit(&d, &[dir, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("as verified by this witness") && stderr.contains("by a consistency proof"),
        "{stderr}"
    );
    assert!(stderr.contains("2 new entries verified"), "{stderr}");
    let (_, scratch, _) = audit(&d, &[dir, "--format", "json"]);
    assert_eq!(without_witness(&resumed), without_witness(&scratch), "the report of a full audit");

    // The same circle (same genesis) with another history after its members: not consistent.
    let rewritten = d.path().join("rewritten");
    let file = d.path().join("start.jsonl");
    std::fs::write(&file, genesis_and_members.join("\n") + "\n").unwrap();
    d.ok(&["import", file.to_str().unwrap(), "--ledger", rewritten.to_str().unwrap()]);
    for reference in ["X-1", "X-2", "X-3", "X-4", "X-5", "X-6"] {
        d.ok(&[
            "fund",
            "receive",
            "99",
            "--source",
            "FEDER",
            "--ref",
            reference,
            "--as",
            "alice",
            "--ledger",
            rewritten.to_str().unwrap(),
        ]);
    }
    std::fs::rename(&ledger, d.path().join("kept")).unwrap();
    std::fs::rename(&rewritten, &ledger).unwrap();
    let (code, out, stderr) = audit(&d, &[dir, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        out.contains("is not consistent with the tree of") && out.contains("this witness verified"),
        "{out}"
    );
    // Truncated: fewer entries than witnessed.
    std::fs::remove_dir_all(&ledger).unwrap();
    d.ok(&["import", file.to_str().unwrap(), "--ledger", dir]);
    let (code, out, _) = audit(&d, &[dir, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("holds only 3 entries (truncated?)"), "{out}");
    // The ledger as it was still passes, and the record was kept as it was.
    std::fs::remove_dir_all(&ledger).unwrap();
    std::fs::rename(d.path().join("kept"), &ledger).unwrap();
    let (code, _, stderr) = audit(&d, &[dir, "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("0 new entries verified"), "{stderr}");
}

/// The re-audit by a consistency proof keeps the witness's history apart from its state: it
/// appends only what the new entries settled to the witness's history file, and still reports
/// every settled proposal and closed meeting, as a full audit does.
#[test]
fn a_re_audit_by_proof_reports_the_whole_history_and_writes_only_the_new() {
    let d = Dir::new();
    let lines: Vec<String> = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ledger-data/littoral.jsonl"),
    )
    .unwrap()
    .lines()
    .map(String::from)
    .collect();
    let (prefix, whole) = (d.path().join("prefix.jsonl"), d.path().join("whole.jsonl"));
    std::fs::write(&prefix, lines[..600].join("\n") + "\n").unwrap();
    std::fs::write(&whole, lines.join("\n") + "\n").unwrap();
    let ledger = d.path().join("littoral");
    let (dir, w) = (ledger.to_str().unwrap(), d.path().join("witness"));
    let w = w.to_str().unwrap();
    d.ok(&["import", prefix.to_str().unwrap(), "--ledger", dir]);
    let (code, _, stderr) = audit(&d, &[dir, "--witness", w]);
    assert_eq!(code, Some(0), "{stderr}");
    let history = |d: &Dir| {
        let files = std::fs::read_dir(d.path().join("witness")).unwrap().map(|f| f.unwrap().path());
        let found: Vec<_> = files.filter(|p| p.to_string_lossy().ends_with(".history")).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        std::fs::read(&found[0]).unwrap()
    };
    let before = history(&d);
    std::fs::remove_dir_all(&ledger).unwrap();
    d.ok(&["import", whole.to_str().unwrap(), "--ledger", dir]);
    let (code, resumed, stderr) = audit(&d, &[dir, "--witness", w, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("by a consistency proof"), "{stderr}");
    let after = history(&d);
    assert!(after.len() > before.len() && after.starts_with(&before), "only appended to");
    let (_, scratch, _) = audit(&d, &[dir, "--format", "json"]);
    let (resumed, scratch) = (without_witness(&resumed), without_witness(&scratch));
    assert_eq!(resumed, scratch, "the report of a full audit");
    let settled = scratch["circles"][0]["meetings"].as_array().map_or(0, Vec::len);
    assert!(settled > 3, "the history is in the report: {settled} meetings");
}
