//! The example region in `ledger-data/`: exactly what `cercle demo generate` makes, and it
//! audits clean.

use std::path::{Path, PathBuf};

use crate::util::{audit, findings_of, snapshot, Dir};

fn ledger_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ledger-data")
}

#[test]
fn ledger_data_is_regenerated_byte_for_byte() {
    let d = Dir::new();
    let out = d.path().join("region");
    d.ok(&["demo", "generate", "--out", out.to_str().unwrap()]);
    let strip = |files: Vec<(PathBuf, Vec<u8>)>, root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "jsonl" || e == "ckpt" || e == "key"))
            .map(|(path, bytes)| (path.strip_prefix(root).unwrap().to_path_buf(), bytes))
            .collect()
    };
    let generated = strip(snapshot(&out), &out);
    let shipped = strip(snapshot(&ledger_data()), &ledger_data());
    assert!(generated.len() > 4 * 2, "exports, checkpoints and keys: {}", generated.len());
    let names = |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&generated), names(&shipped));
    for ((path, new), (_, old)) in generated.iter().zip(&shipped) {
        assert!(new == old, "{} differs: run `cercle demo generate --out ledger-data`", path.display());
    }
    // Generating again over the same directory is allowed and changes nothing.
    d.ok(&["demo", "generate", "--out", out.to_str().unwrap()]);
    assert_eq!(strip(snapshot(&out), &out), generated);
}

#[test]
fn the_example_region_audits_clean() {
    let d = Dir::new();
    let data = ledger_data();
    let mut args: Vec<String> = vec!["audit".into()];
    let mut exports: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    exports.sort();
    args.extend(exports);
    args.extend(["--checkpoints".into(), data.join("checkpoints").to_str().unwrap().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let audit = d.json(&args);
    let circles = audit["circles"].as_array().unwrap();
    let names: Vec<&str> = circles.iter().map(|c| c["circle"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Douaisis-Pévèle", "Littoral", "Métropole Lilloise", "Somme"]);
    assert!(circles.iter().all(|c| c["verified"] == true));
    let statuses: Vec<&str> = circles.iter().map(|c| c["circle"]["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["active", "active", "active", "emerging"]);
    // The region's totals are the sum of the circles'.
    let sum =
        |field: &str| -> i64 { circles.iter().map(|c| cents(c["totals"][field].as_str().unwrap())).sum() };
    for field in ["received", "committed", "paid", "available"] {
        assert_eq!(cents(audit["totals"][field].as_str().unwrap()), sum(field), "{field}");
    }
    // The situations an auditor must see are there.
    let kinds: Vec<&str> =
        audit["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for kind in ["line-open", "meeting-gap", "bare-quorum"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    // Participants are never paid.
    let participant = audit["roles"].as_array().unwrap().iter().find(|r| r["role"] == "participant").unwrap();
    assert_eq!(participant["paid"], "0.00");
}

#[test]
fn a_damaged_export_is_listed_and_audit_exits_1() {
    let d = Dir::new();
    let data = ledger_data();
    let broken = d.path().join("somme.jsonl");
    let text = std::fs::read_to_string(data.join("somme.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let without_one: Vec<&str> =
        lines.iter().enumerate().filter(|(i, _)| *i != 40).map(|(_, l)| *l).collect();
    std::fs::write(&broken, without_one.join("\n")).unwrap();
    let output = d
        .cmd(&["audit", data.join("littoral.jsonl").to_str().unwrap(), broken.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let audit: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let circles = audit["circles"].as_array().unwrap();
    assert_eq!(circles.len(), 2);
    assert_eq!(circles[1]["verified"], false);
    let problem = circles[1]["problems"][0].as_str().unwrap();
    assert!(problem.contains("entry 40"), "{problem}");
    assert_eq!(audit["totals"]["received"], circles[0]["totals"]["received"]);
}

#[test]
fn the_audit_says_which_checkpoint_notes_it_checked() {
    let d = Dir::new();
    let data = ledger_data();
    let (littoral, somme) = (data.join("littoral.jsonl"), data.join("somme.jsonl"));
    let (littoral, somme) = (littoral.to_str().unwrap(), somme.to_str().unwrap());
    let notes = data.join("checkpoints");
    let notes = notes.to_str().unwrap();
    let empty = d.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.to_str().unwrap();

    // The right folder: each circle's note is listed, held by its ledger; the notes of the
    // circles left out are listed as matching no circle, and are findings.
    let (code, with_notes, stderr) = audit(&d, &[littoral, somme, "--checkpoints", notes]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        with_notes.contains(&format!(
            "Checkpoint notes: 4 notes in {notes}, 2 checked against a circle, 2 matching no circle"
        )),
        "{with_notes}"
    );
    let littoral_note = format!("{notes}/littoral.ckpt");
    let row = with_notes.lines().find(|l| l.contains(&littoral_note)).unwrap();
    assert!(row.contains("Littoral") && row.contains("#887") && row.ends_with("yes"), "{row}");
    let row =
        with_notes.lines().find(|l| l.contains("douaisis-pevele.ckpt") && l.contains("(no circle)")).unwrap();
    assert!(row.contains("not in this audit"), "{row}");
    let json = d.json(&["audit", littoral, somme, "--checkpoints", notes]);
    let checked = &json["circles"][0]["checkpoint_notes"];
    assert_eq!(checked.as_array().unwrap().len(), 1, "{checked}");
    assert_eq!(checked[0]["file"], littoral_note.as_str());
    assert_eq!(checked[0]["seq"], 887);
    assert_eq!(checked[0]["matched"], true);
    assert_eq!(checked[0]["hash"], json["circles"][0]["head"]["hash"]);
    assert_eq!(json["checkpoint_notes"]["given"], true);
    assert_eq!(json["checkpoint_notes"]["notes"], 4);
    let unmatched: Vec<&str> = json["checkpoint_notes"]["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        unmatched,
        [format!("{notes}/douaisis-pevele.ckpt"), format!("{notes}/metropole-lilloise.ckpt")]
    );
    let unmatched_findings: Vec<_> =
        findings_of(&json).into_iter().filter(|(kind, _, _)| kind == "note-unmatched").collect();
    assert_eq!(unmatched_findings.len(), 2, "{unmatched_findings:?}");
    assert!(unmatched_findings.iter().all(|(_, severity, message)| severity == "warning"
        && message.contains("is for circle")
        && message.contains("not in this audit")));

    // An empty folder: 0 notes, each circle with none.
    let (code, with_empty, stderr) = audit(&d, &[littoral, somme, "--checkpoints", empty]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(with_empty.contains(&format!("Checkpoint notes: 0 notes in {empty}")), "{with_empty}");
    let json = d.json(&["audit", littoral, somme, "--checkpoints", empty]);
    assert_eq!(json["circles"][0]["checkpoint_notes"], serde_json::json!([]));
    assert_eq!(json["checkpoint_notes"]["given"], true);
    assert_eq!(json["checkpoint_notes"]["dir"], empty);
    assert_eq!(json["checkpoint_notes"]["notes"], 0);

    // No folder at all: said so.
    let (code, without, stderr) = audit(&d, &[littoral, somme]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(without.contains("no checkpoint notes were given"), "{without}");
    let json = d.json(&["audit", littoral, somme]);
    assert_eq!(json["checkpoint_notes"]["given"], false);
    assert_eq!(json["checkpoint_notes"]["dir"], serde_json::Value::Null);

    assert!(with_notes != with_empty && with_empty != without && with_notes != without);

    // A note whose head the ledger does not hold is listed as not held.
    let text = std::fs::read_to_string(littoral).unwrap();
    let short = d.path().join("littoral-short.jsonl");
    std::fs::write(&short, text.lines().take(100).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    let (code, out, _) = audit(&d, &[short.to_str().unwrap(), "--checkpoints", notes, "--format", "json"]);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["circles"][0]["verified"], false);
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["matched"], false);
    assert_eq!(json["circles"][0]["checkpoint_notes"][0]["seq"], 887);
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once('.').unwrap();
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}

/// The audit page lists every payout of every circle, read from an export and from a ledger
/// directory alike (they add up to the circle's paid total), and says the period it covers and
/// when it was made (by `CERCLE_NOW` here, the clock otherwise).
#[test]
fn the_audit_page_lists_every_payout_and_says_when_it_was_made() {
    let mut d = Dir::new();
    d.at("2025-06-02T08:30:00Z");
    let data = ledger_data();
    let somme = data.join("somme.jsonl");
    d.ok(&["import", somme.to_str().unwrap()]);
    let ledger = d.ledger();
    let littoral = data.join("littoral.jsonl");
    let args = [littoral.to_str().unwrap(), ledger.to_str().unwrap()];
    let out = d.path().join("audit.html");
    let (code, _, stderr) =
        audit(&d, &[args[0], args[1], "--format", "html", "--out", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let page = std::fs::read_to_string(&out).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&audit(&d, &[args[0], args[1], "--format", "json"]).1).unwrap();
    assert!(page.contains("Made on 2025-06-02 at 08:30 UTC."));
    let circles = json["circles"].as_array().unwrap();
    let first = circles.iter().map(|c| c["circle"]["founded"].as_str().unwrap()).min().unwrap();
    let last = circles.iter().map(|c| c["head"]["date"].as_str().unwrap()).max().unwrap();
    assert!(page.contains(&format!("Covers {first} to {last} ")), "{first} to {last}");
    let totals: Vec<i64> = page
        .split(r#"<th colspan="4">total</th><td class="num"><b>"#)
        .skip(1)
        .map(|rest| {
            let amount = rest.split('<').next().unwrap();
            let digits: String = amount.chars().filter(|c| c.is_ascii_digit()).collect();
            digits.parse().unwrap()
        })
        .collect();
    let paid: Vec<i64> = circles.iter().map(|c| cents(c["totals"]["paid"].as_str().unwrap())).collect();
    assert_eq!(totals, paid, "each circle's payouts add up to what it paid");
    assert!(paid.iter().all(|p| *p > 0));
    // Each payout's row: its reference, as the signed entry has it, read from either source.
    let rows = page.matches("<td>Virement ").count() + page.matches("<td>Facture ").count();
    assert!(rows > 20, "{rows} payout rows");
    assert_eq!(page.matches("<summary>Payouts (").count(), 2);
}
