//! The region's audit: totals, the cli.md JSON shape, failed circles still listed.

use cercle_core::Euros;
use cercle_render::i18n::Lang;
use cercle_render::{audit, audit_csv, audit_json, audit_table, CircleAudit, Severity};

use crate::common::{littoral, Circle};

fn region() -> cercle_render::AuditReport {
    let mut somme = Circle::new("Somme", "2024-01-01", false);
    somme.member("bob", cercle_core::Role::Contributor);
    somme.fund("2500.50", "FEDER", "F-S1");
    audit(vec![
        CircleAudit::verified("ledgers/littoral", littoral().report()),
        CircleAudit::verified("exports/somme.jsonl", somme.report()),
        CircleAudit::failed(
            "exports/broken.jsonl",
            "entry 12 of exports/broken.jsonl: the signature does not verify",
        ),
    ])
}

#[test]
fn region_totals_add_verified_circles_only() {
    let region = region();
    assert!(!region.verified_all());
    assert_eq!(region.totals.received, "17500.50".parse::<Euros>().expect("an amount"));
    assert_eq!(region.totals.available, "15350.50".parse::<Euros>().expect("an amount"));
    let feder = region.funders.iter().find(|f| f.source == "FEDER").expect("FEDER");
    assert_eq!((feder.received.to_string().as_str(), feder.circles), ("12500.50", 2));
    let paid: Euros =
        region.roles.iter().fold(Euros::ZERO, |t, r| t.checked_add(r.paid).expect("no overflow"));
    assert_eq!(paid.to_string(), "650.00", "retributions only: the supplier is not a role");
}

#[test]
fn audit_json_has_the_cli_shape() {
    let json: serde_json::Value =
        serde_json::from_str(&audit_json(&region()).expect("JSON")).expect("parses");
    let circles = json["circles"].as_array().expect("circles");
    assert_eq!(circles.len(), 3);
    assert_eq!(circles[0]["verified"], true);
    assert_eq!(circles[0]["source"], "ledgers/littoral");
    assert_eq!(circles[0]["circle"]["name"], "Littoral");
    assert_eq!(circles[0]["totals"]["committed"], "500.00");
    assert_eq!(circles[0]["problems"], serde_json::json!([]));
    assert_eq!(circles[2]["verified"], false);
    assert_eq!(circles[2]["problems"][0], "entry 12 of exports/broken.jsonl: the signature does not verify");
    assert!(circles[2].get("totals").is_none(), "an unverified circle has no numbers");
    for key in ["received", "committed", "paid", "available"] {
        assert!(json["totals"][key].is_string(), "{key}");
    }
    let finding = &json["findings"][0];
    for key in ["circle", "severity", "entry", "message"] {
        assert!(finding.get(key).is_some(), "{key} in {finding}");
    }
    assert!(json["funders"].is_array() && json["roles"].is_array());
}

#[test]
fn audit_csv_parses_back() {
    let text = audit_csv(&region()).expect("CSV");
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let records: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(&records[..4], ["circle", "circle", "circle", "total"]);
    assert!(records[4..].iter().all(|r| *r == "finding"));
    assert_eq!(&rows[2][3], "false");
    assert_eq!(&rows[3][6], "17500.50");
}

#[test]
fn audit_table_reads_as_expected() {
    insta::assert_snapshot!(audit_table(&region(), Lang::En));
}

/// The region of [`region`], audited with a notes directory (one note held, one not reached,
/// one for a circle not given, one unreadable) and a witness (one circle missing, one replaced).
fn region_with_notes_and_witness(allow_missing: bool) -> cercle_render::AuditReport {
    use cercle_render::audit::{
        audit_region, AuditOptions, MissingCircle, NoteCheck, NotesGiven, RegionInputs, Replacement,
        UnmatchedNote, WitnessCheck,
    };
    let littoral = littoral().report();
    let note = |file: &str, seq: Option<u64>, matched| NoteCheck {
        file: file.into(),
        seq,
        hash: seq.map(|_| "ab".repeat(32)),
        matched,
    };
    let circles = vec![
        CircleAudit::verified("ledgers/littoral", littoral.clone()).with_notes(vec![note(
            "notes/littoral.ckpt",
            Some(littoral.head.seq),
            Some(true),
        )]),
        CircleAudit::failed(
            "exports/broken.jsonl",
            "entry 12 of exports/broken.jsonl: the signature does not verify",
        )
        .with_notes(vec![note("notes/broken.ckpt", Some(40), None)]),
    ];
    let at = chrono::DateTime::from_timestamp(1_735_000_000, 0).expect("a time");
    let missing = |name: &str, replaced: bool| MissingCircle {
        circle: "cd".repeat(32),
        name: Some(name.into()),
        territory: Some("Somme".into()),
        seq: 283,
        hash: "ef".repeat(32),
        audited_at: at,
        replaced_by: replaced.then(|| Replacement {
            source: "ledgers/littoral".into(),
            circle: littoral.circle.id.clone(),
            same_name: true,
            same_territory: false,
        }),
    };
    let region = RegionInputs {
        notes: Some(NotesGiven {
            dir: "notes".into(),
            files: 4,
            unmatched: vec![
                UnmatchedNote {
                    file: "notes/somme.ckpt".into(),
                    circle: Some("cd".repeat(32)),
                    reason: None,
                    readable: true,
                },
                UnmatchedNote {
                    file: "notes/locked.ckpt".into(),
                    circle: None,
                    reason: Some("Permission denied (os error 13)".into()),
                    readable: false,
                },
            ],
        }),
        witness: Some(WitnessCheck {
            dir: "witness".into(),
            records: 3,
            allow_missing,
            missing: vec![missing("Somme", false), missing("Littoral", true)],
            unreadable: vec![],
        }),
    };
    audit_region(circles, region, &AuditOptions::default())
}

#[test]
fn notes_and_witness_give_region_findings() {
    let report = region_with_notes_and_witness(false);
    let kinds: Vec<(&str, &str)> =
        report.findings.iter().map(|f| (f.kind.as_str(), f.severity.as_str())).collect();
    assert_eq!(
        &kinds[kinds.len() - 4..],
        [
            ("note-unmatched", "warning"),
            ("note-unreadable", "error"),
            ("circle-missing", "error"),
            ("circle-replaced", "error")
        ]
    );
    assert_eq!(report.errors(), 3);
    assert!(!report.passed());
    let allowed = region_with_notes_and_witness(true);
    assert_eq!(allowed.errors(), 2, "--allow-missing leaves the replaced circle and the unreadable note");
    let missing = allowed.findings.iter().find(|f| f.kind.as_str() == "circle-missing").expect("noted");
    assert_eq!(missing.severity, Severity::Info);
    // Without notes or witness nothing is added, and a clean region passes.
    let clean = audit(vec![CircleAudit::verified("ledgers/littoral", littoral().report())]);
    assert!(clean.passed());
    assert!(!clean.checkpoint_notes.given);
}

#[test]
fn audit_json_lists_the_notes_checked_and_the_witness() {
    let json: serde_json::Value =
        serde_json::from_str(&audit_json(&region_with_notes_and_witness(false)).expect("JSON"))
            .expect("parses");
    let circles = json["circles"].as_array().expect("circles");
    assert_eq!(circles[0]["checkpoint_notes"][0]["file"], "notes/littoral.ckpt");
    assert_eq!(circles[0]["checkpoint_notes"][0]["matched"], true);
    assert!(circles[0]["checkpoints"].is_array(), "the ledger's checkpoint entries are still there");
    assert_eq!(circles[1]["checkpoint_notes"][0]["matched"], serde_json::Value::Null);
    assert_eq!(json["checkpoint_notes"]["given"], true);
    assert_eq!(json["checkpoint_notes"]["notes"], 4);
    assert_eq!(json["checkpoint_notes"]["unmatched"][0]["file"], "notes/somme.ckpt");
    assert_eq!(json["witness"]["missing"][1]["replaced_by"]["source"], "ledgers/littoral");
    let none: serde_json::Value =
        serde_json::from_str(&audit_json(&region()).expect("JSON")).expect("parses");
    assert_eq!(none["checkpoint_notes"]["given"], false);
    assert_eq!(none["witness"], serde_json::Value::Null);
}

#[test]
fn audit_table_with_notes_and_witness_reads_as_expected() {
    insta::assert_snapshot!(audit_table(&region_with_notes_and_witness(false), Lang::En));
}

#[test]
fn audit_table_reads_as_expected_in_french() {
    insta::assert_snapshot!(audit_table(&region_with_notes_and_witness(false), Lang::Fr));
}

/// Every finding of the region fixture has a French sentence, and its JSON message stays English.
#[test]
fn findings_are_said_in_french_and_stay_english_in_json() {
    let region = region_with_notes_and_witness(true);
    assert!(!region.findings.is_empty());
    for f in &region.findings {
        assert_eq!(f.message_in(Lang::En), f.message);
        let french = f.message_in(Lang::Fr);
        assert_ne!(french, f.message, "{french}");
        assert!(!french.contains("finding-"), "an id left unsaid: {french}");
    }
}
