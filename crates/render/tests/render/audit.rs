//! The region's audit: totals, the cli.md JSON shape, failed circles still listed.

use cercle_core::Euros;
use cercle_render::{audit, audit_csv, audit_json, audit_table, CircleAudit};

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
    insta::assert_snapshot!(audit_table(&region()));
}
