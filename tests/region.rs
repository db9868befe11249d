//! The example region in `ledger-data/`: exactly what `cercle demo generate` makes, and it
//! audits clean.

use std::path::{Path, PathBuf};

use crate::util::{snapshot, Dir};

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

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once('.').unwrap();
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}
