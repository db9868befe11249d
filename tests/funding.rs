//! Funders: agreements, funds into them, payouts with receipts, the expense statement and the
//! evidence bundle, through the real binary; every refusal leaves the ledger byte-identical.

use std::io::Read as _;

use crate::util::Dir;

/// A circle with two agreements, an action, two adopted lines paid (one with a receipt).
///
/// A circle with the FEDER agreement (CONV-F, 10 000 awarded, 60 %, all of 2024), 6 000
/// received on it and action A1 adopted in M1 (also the French report tests' circle).
pub(crate) fn circle_with_feder_agreement() -> Dir {
    let mut d = Dir::new();
    d.circle(&[("ines", "soucieux"), ("karim", "contributor")]);
    d.ok(&[
        "agreement",
        "add",
        "--funder",
        "FEDER",
        "--ref",
        "CONV-F",
        "--amount",
        "10000",
        "--rate",
        "60%",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--as",
        "alice",
    ]);
    d.ok(&["fund", "receive", "6000", "--ref", "VIR-1", "--agreement", "conv-f", "--as", "alice"]);
    d.ok(&["propose", "action", "--title", "Forum", "--envelope", "5000", "--as", "alice"]);
    d.at("2024-02-01T10:00:00Z");
    d.ok(&["meeting", "open", "--date", "2024-02-01", "--agenda", "P1", "--as", "alice"]);
    for who in ["alice", "ines", "karim"] {
        d.ok(&["meeting", "attend", "M1", "--as", who]);
        d.ok(&["vote", "M1", "P1", "for", "--as", who]);
    }
    d.ok(&["meeting", "close", "M1", "--as", "alice"]);
    d
}

/// By hand: FEDER (CONV-F, 10 000 awarded, 60 %, all of 2024) and the Région (CONV-R, 5 000,
/// A1 only, January–March 2024) both finance A1 and their periods hold 2024-03-04, when both
/// payouts were made: each is shared 2/3 (FEDER) and 1/3 (Région): 800,00 gives 533,33 and
/// 266,67; 1 000,00 gives 666,67 and 333,33.
fn funded_circle() -> Dir {
    let mut d = circle_with_feder_agreement();
    d.ok(&[
        "agreement",
        "add",
        "--funder",
        "Région",
        "--ref",
        "CONV-R",
        "--amount",
        "5000",
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-31",
        "--actions",
        "A1",
        "--as",
        "ines",
    ]);
    d.ok(&["fund", "receive", "5000", "--ref", "VIR-2", "--agreement", "CONV-R", "--as", "ines"]);
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
        "Animation du forum",
        "--as",
        "karim",
    ]);
    d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "800",
        "--supplier",
        "=Traiteur",
        "--purpose",
        "Repas",
        "--as",
        "ines",
    ]);
    d.at("2024-03-02T10:00:00Z");
    d.ok(&["meeting", "open", "--date", "2024-03-02", "--agenda", "P2,P3", "--as", "alice"]);
    for who in ["alice", "ines", "karim"] {
        d.ok(&["meeting", "attend", "M2", "--as", who]);
        d.ok(&["vote", "M2", "P3", "for", "--as", who]);
        if who != "karim" {
            d.ok(&["vote", "M2", "P2", "for", "--as", who]);
        }
    }
    d.ok(&["meeting", "close", "M2", "--as", "alice"]);
    d.at("2024-03-04T10:00:00Z");
    std::fs::write(d.path().join("facture 12.pdf"), b"%PDF-1.4 facture du traiteur").unwrap();
    d.ok(&[
        "payout",
        "P3",
        "--amount",
        "800",
        "--date",
        "2024-03-04",
        "--ref",
        "VIR-OUT-1",
        "--receipt",
        "facture 12.pdf",
        "--as",
        "alice",
    ]);
    d.ok(&[
        "payout",
        "P2",
        "--amount",
        "1000",
        "--date",
        "2024-03-04",
        "--ref",
        "VIR-OUT-2",
        "--as",
        "alice",
    ]);
    d
}

#[test]
fn the_statement_matches_totals_computed_by_hand() {
    let d = funded_circle();
    let s = d.json(&["statement", "--agreement", "CONV-F"]);
    let amounts: Vec<&str> =
        s["lines"].as_array().unwrap().iter().map(|l| l["amount"].as_str().unwrap()).collect();
    assert_eq!(amounts, ["533.33", "666.67"]);
    assert_eq!(s["totals"]["eligible"], "1200.00");
    assert_eq!(s["totals"]["funder_share"], "720.00", "60 % of 1 200,00");
    assert_eq!(s["totals"]["without_receipt"], 1);
    assert_eq!(s["lines"][0]["receipt"]["name"], "facture 12.pdf");
    assert_eq!(s["lines"][0]["meeting"], "M2");
    assert_eq!(s["lines"][0]["votes"]["for"], 3);
    assert_eq!(s["agreement"]["received"], "6000.00");
    let report = d.json(&["report"]);
    assert_eq!(report["agreements"][0]["reference"], "CONV-F");
    assert_eq!(report["agreements"][0]["eligible"], "1200.00");
    assert_eq!(report["agreements"][1]["eligible"], "600.00");
    assert_eq!(report["agreements"][1]["to_receive"], "0.00");
    assert!(d.ok(&["report"]).contains("Agreements"));
    let head = report["head"]["hash"].clone();
    assert_eq!(s["head"]["hash"], head, "the statement names the head it was made from");

    let r = d.json(&["statement", "--agreement", "conv-r"]);
    assert_eq!(r["totals"]["eligible"], "600.00", "266,67 + 333,33");
    assert_eq!(r["totals"]["funder_share"], "600.00", "no rate: all of it");
    assert_eq!(r["lines"][0]["eligible"], true);

    // A period that ends before the payouts lists none; the CSV's totals say so too.
    let csv = d.ok(&[
        "statement",
        "--agreement",
        "CONV-F",
        "--from",
        "2024-01-01",
        "--to",
        "2024-02-29",
        "--format",
        "csv",
    ]);
    assert!(csv.lines().any(|l| l.starts_with("total,,,eligible,") && l.contains(",0.00,")), "{csv}");
    // The French CSV: semicolons, decimal comma, BOM, formulas neutralised.
    let fr = d.ok(&["statement", "--agreement", "CONV-F", "--format", "csv-fr"]);
    assert!(fr.starts_with('\u{feff}'));
    assert!(fr.contains(";533,33;") && fr.contains(";'=Traiteur;"), "{fr}");
    let html = d.ok(&["statement", "--agreement", "CONV-F", "--format", "html"]);
    assert!(html.contains("Expense statement") && html.contains("=Traiteur") && !html.contains("<script"));
    let list = d.json(&["agreement", "list"]);
    assert_eq!(list["agreements"][0]["eligible"], "1200.00");
    assert_eq!(list["agreements"][1]["eligible"], "600.00");
}

#[test]
fn the_evidence_bundle_holds_the_statement_every_receipt_and_their_hashes() {
    let d = funded_circle();
    // P2 was paid without a receipt: the bundle is written, lists it, and the command exits 1.
    let stderr = d.refused(&["evidence", "--agreement", "CONV-F", "--out", "ev.zip"]);
    assert!(stderr.contains("P2") && stderr.contains("no receipt"), "{stderr}");
    let files = unzip(&d.path().join("ev.zip"));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"etat-recapitulatif.csv") && names.contains(&"etat-recapitulatif.html"));
    assert!(
        names.iter().any(|n| n.starts_with("justificatifs/") && n.ends_with("facture 12.pdf")),
        "{names:?}"
    );
    assert!(names.contains(&"MANQUANTS.txt"));
    let manifest =
        String::from_utf8(files.iter().find(|(n, _)| n == "MANIFEST.sha256").unwrap().1.clone()).unwrap();
    for (name, bytes) in files.iter().filter(|(n, _)| n != "MANIFEST.sha256") {
        use sha2::Digest as _;
        let digest: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert!(manifest.contains(&format!("{digest}  {name}")), "{name} not in the manifest:\n{manifest}");
    }
    // The same ledger gives the same bundle, byte for byte.
    let first = std::fs::read(d.path().join("ev.zip")).unwrap();
    d.refused(&["evidence", "--agreement", "CONV-F", "--out", "ev.zip"]);
    assert_eq!(std::fs::read(d.path().join("ev.zip")).unwrap(), first);

    // The Région's statement over its own period lists nothing: an empty, complete bundle.
    d.ok(&["evidence", "--agreement", "CONV-R", "--to", "2024-02-29", "--out", "r.zip"]);
    // A receipt changed after it was recorded is named with both hashes.
    let copy = std::fs::read_dir(d.ledger().join("receipts")).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&copy, b"something else").unwrap();
    let stderr = d.refused(&["evidence", "--agreement", "CONV-F", "--out", "ev2.zip"]);
    assert!(stderr.contains("was changed"), "{stderr}");
    std::fs::remove_file(&copy).unwrap();
    let stderr = d.refused(&["evidence", "--agreement", "CONV-F", "--out", "ev3.zip"]);
    assert!(stderr.contains("in no receipts folder"), "{stderr}");
    // Pointing --receipts at a folder holding the original finds it again.
    std::fs::create_dir(d.path().join("scans")).unwrap();
    std::fs::write(d.path().join("scans").join("facture 12.pdf"), b"%PDF-1.4 facture du traiteur").unwrap();
    let scans = d.path().join("scans");
    let stderr = d.refused(&[
        "evidence",
        "--agreement",
        "CONV-F",
        "--out",
        "ev4.zip",
        "--receipts",
        scans.to_str().unwrap(),
    ]);
    assert!(stderr.contains("1 of the statement's lines") && !stderr.contains("facture 12.pdf"), "{stderr}");
    let files = unzip(&d.path().join("ev4.zip"));
    assert!(files
        .iter()
        .any(|(n, bytes)| n.ends_with("facture 12.pdf") && bytes == b"%PDF-1.4 facture du traiteur"));
}

fn unzip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

#[test]
fn funding_refusals_leave_the_ledger_and_the_receipts_as_they_were() {
    let mut d = Dir::new();
    d.circle(&[("karim", "contributor")]);
    fn add<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![
            "agreement",
            "add",
            "--funder",
            "FEDER",
            "--ref",
            "C-1",
            "--amount",
            "100",
            "--from",
            "2024-01-01",
        ];
        args.extend_from_slice(extra);
        args
    }
    assert!(d.refused(&add(&["--to", "2023-12-31", "--as", "alice"])).contains("before it begins"));
    assert!(d.refused(&add(&["--to", "2024-12-31", "--rate", "120%", "--as", "alice"])).contains("rate"));
    assert!(d
        .refused(&add(&["--to", "2024-12-31", "--actions", "A1", "--as", "alice"]))
        .contains("no action A1"));
    assert!(d
        .refused(&add(&["--to", "2024-12-31", "--as", "karim"]))
        .contains("only a soucieux or the support team"));
    d.ok(&add(&["--to", "2024-12-31", "--as", "support"]));
    assert!(d.refused(&add(&["--to", "2024-12-31", "--as", "alice"])).contains("already exists"));
    assert!(d
        .refused(&["fund", "receive", "10", "--ref", "V", "--agreement", "C-2", "--as", "alice"])
        .contains("no agreement C-2"));
    assert!(d
        .refused(&["fund", "receive", "100.01", "--ref", "V", "--agreement", "C-1", "--as", "alice"])
        .contains("more than the 100,00 € awarded"));
    d.ok(&["fund", "receive", "40", "--ref", "V", "--agreement", "C-1", "--as", "alice"]);
    let stderr = d.refused(&["fund", "receive", "10", "--ref", "v", "--source", "FEDER", "--as", "alice"]);
    assert!(stderr.contains("already used") && stderr.contains("--allow-duplicate-ref"), "{stderr}");
    d.ok(&[
        "fund",
        "receive",
        "10",
        "--ref",
        "v",
        "--source",
        "FEDER",
        "--allow-duplicate-ref",
        "--as",
        "alice",
    ]);
    d.ok(&["export", "--format", "jsonl", "--out", "dup.jsonl"]);
    let audit = d.json(&["audit", "dup.jsonl"]);
    let found = audit["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "duplicate-reference");
    assert!(found, "a reference used again on purpose is a finding: {audit}");
    // A near-duplicate funder is recorded, with a warning naming the spelling to reuse.
    let output = d
        .cmd(&["fund", "receive", "5", "--ref", "W", "--source", "feder", "--as", "alice"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"FEDER\""));
    // A refused payout with a receipt leaves no copy behind.
    std::fs::write(d.path().join("f.pdf"), b"x").unwrap();
    assert!(d
        .refused(&[
            "payout",
            "P1",
            "--amount",
            "1",
            "--date",
            "2024-01-15",
            "--ref",
            "X",
            "--receipt",
            "f.pdf",
            "--as",
            "alice"
        ])
        .contains("P1"));
    assert!(!d.ledger().join("receipts").exists());
    d.at("2024-01-16T09:00:00Z");
    assert!(d.refused(&["statement", "--agreement", "C-9"]).contains("no agreement C-9"));
    let usage = d.cmd(&["statement", "--agreement", "C-1", "--to", "somewhere"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn the_report_replays_the_books_as_they_stood_and_what_happened_in_a_period() {
    let d = funded_circle();
    let totals = |args: &[&str]| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        let report = d.json(&all);
        (
            report["totals"]["received"].as_str().unwrap().to_string(),
            report["totals"]["paid"].as_str().unwrap().to_string(),
        )
    };
    // 6 000 received on 2024-01-15 (the harness's first day), 5 000 on 2024-02-01, payouts
    // of 800 and 1 000 recorded on 2024-03-04.
    assert_eq!(totals(&["--as-of", "2024-01-31"]), ("6000.00".into(), "0.00".into()));
    assert_eq!(totals(&["--as-of", "2024-03-03"]), ("11000.00".into(), "0.00".into()));
    assert_eq!(totals(&["--as-of", "2030-01-01"]), totals(&[]), "replaying everything gives today's books");
    let march = d.json(&["report", "--from", "2024-03-01", "--to", "2024-03-31"]);
    assert_eq!(march["period"]["paid"], "1800.00");
    assert_eq!(march["period"]["payouts"], 2);
    assert_eq!(march["period"]["received"], "0.00");
    assert_eq!(march["period"]["meetings_closed"], 1);
    assert_eq!(march["as_of"], "2024-03-31");
    assert!(d.refused(&["report", "--as-of", "2023-12-31"]).contains("did not exist yet"));
    assert!(d
        .refused(&["report", "--from", "2024-03-01", "--to", "2024-02-01"])
        .contains("before it begins"));
}

#[test]
fn a_year_of_honest_mistakes_is_corrected_without_rewriting_anything() {
    let d = funded_circle();
    let entries_before = std::fs::read(d.ledger().join("entries")).unwrap();
    let log = d.ok(&["log"]);
    let seq_of = |needle: &str| -> String {
        log.lines().find(|l| l.contains(needle)).unwrap().split_whitespace().next().unwrap().to_string()
    };
    let receipt = seq_of("(ref. VIR-1)");
    let payout = seq_of("(ref. VIR-OUT-2)");
    // 6 000 typed for 5 000: corrected by alice, countersigned later by ines.
    assert!(d
        .refused(&["correct", "fund", &receipt, "--reason", "no change", "--as", "alice"])
        .contains("changes nothing"));
    let out = d.json(&[
        "correct",
        "fund",
        &receipt,
        "--amount",
        "5000",
        "--reason",
        "6 000 saisis pour 5 000",
        "--as",
        "alice",
    ]);
    let correction = out["seq"].to_string();
    assert_eq!(
        d.json(&["report"])["totals"]["received"],
        "11000.00",
        "not countersigned: it does not count yet"
    );
    assert!(d.refused(&["countersign", &correction, "--as", "alice"]).contains("second signer"));
    d.ok(&["countersign", &correction, "--as", "ines"]);
    let report = d.json(&["report"]);
    assert_eq!(report["totals"]["received"], "10000.00");
    assert_eq!(report["agreements"][0]["received"], "5000.00");
    assert_eq!(report["corrections"][0]["before_amount"], "6000.00");
    assert_eq!(report["corrections"][0]["countersigned_by"], "ines");
    // A payout recorded by mistake, reversed and countersigned in one go with a second key.
    d.ok(&[
        "correct",
        "payout",
        &payout,
        "--reason",
        "payé deux fois",
        "--as",
        "alice",
        "--countersign",
        "ines",
    ]);
    let report = d.json(&["report"]);
    assert_eq!(report["totals"]["paid"], "800.00");
    // The report a person reads lists both corrections, in either language.
    let table = d.ok(&["report"]);
    let section = &table[table.find("\nCorrections\n").expect("a corrections section")..];
    assert!(section.contains("correction of fund receipt #") && section.contains("6 000,00 €"), "{section}");
    assert!(section.contains("reversal of payout #") && section.contains("payé deux fois"), "{section}");
    let french = d.ok(&["report", "--lang", "fr"]);
    assert!(french.contains("annulation du versement n° ") && french.contains(" par ines"), "{french}");
    let statement = d.json(&["statement", "--agreement", "CONV-F"]);
    assert_eq!(statement["lines"].as_array().unwrap().len(), 1, "the reversed payout is no longer spending");
    assert!(d
        .refused(&[
            "correct",
            "payout",
            &payout,
            "--reason",
            "again",
            "--as",
            "alice",
            "--countersign",
            "ines"
        ])
        .contains("already reversed"));
    // Nothing was rewritten: the entries before the corrections are the same bytes.
    let entries_after = std::fs::read(d.ledger().join("entries")).unwrap();
    assert!(entries_after.starts_with(&entries_before));
    d.ok(&["verify"]);
    // The audit lists every correction as a finding to look at.
    d.ok(&["export", "--format", "jsonl", "--out", "c.jsonl"]);
    let audit = d.json(&["audit", "c.jsonl"]);
    let kinds: Vec<&str> =
        audit["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "correction").count(), 2, "{kinds:?}");
    // The audit page's payouts table lists what the books count: not the reversed payout.
    d.ok(&["audit", "c.jsonl", "--format", "html", "--out", "c.html"]);
    let html = std::fs::read_to_string(d.path().join("c.html")).unwrap();
    assert!(html.contains("VIR-OUT-1") && !html.contains("VIR-OUT-2"), "the reversed payout is listed");
}

#[test]
fn settings_change_by_vote_and_large_payouts_need_four_eyes() {
    let mut d = funded_circle();
    d.at("2024-03-05T10:00:00Z");
    assert!(d
        .refused(&["propose", "governance", "--quorum", "1/2", "--as", "karim"])
        .contains("changes nothing"));
    let usage = d.cmd(&["propose", "governance", "--as", "karim"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    d.ok(&[
        "propose",
        "governance",
        "--four-eyes",
        "150",
        "--territory",
        "Pays du Calaisis",
        "--as",
        "karim",
    ]);
    d.ok(&["meeting", "open", "--date", "2024-03-05", "--agenda", "P4", "--as", "alice"]);
    for who in ["alice", "ines", "karim"] {
        d.ok(&["meeting", "attend", "M3", "--as", who]);
        d.ok(&["vote", "M3", "P4", "for", "--as", who]);
    }
    d.ok(&["meeting", "close", "M3", "--as", "alice"]);
    let report = d.json(&["report"]);
    assert_eq!(report["circle"]["territory"], "Pays du Calaisis");
    assert_eq!(report["circle"]["four_eyes"], "150.00");
    assert_eq!(report["governance"][0]["meeting"], "M3");
    let table = d.ok(&["report", "--lang", "fr"]);
    let section = &table[table.find("\nRéglages modifiés\n").expect("a settings section")..];
    assert!(section.contains("M3") && section.contains("le territoire « Pays du Calaisis »"), "{section}");
    // P2 has 200,00 left: a payout of 200,00 is above 150,00 and waits for a second signature.
    let out = d.ok(&[
        "payout",
        "P2",
        "--amount",
        "200",
        "--date",
        "2024-03-05",
        "--ref",
        "VIR-OUT-3",
        "--as",
        "alice",
    ]);
    assert!(out.contains("four-eyes threshold") && out.contains("cercle countersign"), "{out}");
    assert_eq!(d.json(&["report"])["totals"]["paid"], "1800.00");
    let seq = d.ok(&["log"]).lines().last().unwrap().split_whitespace().next().unwrap().to_string();
    assert!(d.refused(&["countersign", &seq, "--as", "alice"]).contains("second signer"));
    d.ok(&["countersign", &seq, "--as", "ines"]);
    assert_eq!(d.json(&["report"])["totals"]["paid"], "2000.00");
    d.ok(&["verify"]);
}
