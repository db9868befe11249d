//! What cercle lays out for people, in French when asked (`--lang fr`, or a French locale):
//! the report, the expense statement, the audit; in English otherwise; JSON in neither.

use crate::util::Dir;

/// A circle with an agreement, funds received on it and an adopted action.
fn circle() -> Dir {
    let d = crate::funding::circle_with_feder_agreement();
    d.ok(&["export", "--format", "jsonl", "--out", "c.jsonl"]);
    d
}

fn assert_has(text: &str, words: &[&str]) {
    for word in words {
        assert!(text.contains(word), "{word:?} missing from:\n{text}");
    }
}

fn assert_lacks(text: &str, words: &[&str]) {
    for word in words {
        assert!(!text.contains(word), "{word:?} found in:\n{text}");
    }
}

#[test]
fn the_report_statement_and_audit_speak_french_when_asked() {
    let d = circle();
    let report = d.ok(&["--lang", "fr", "report"]);
    assert_has(
        &report,
        &["Totaux", "disponible", "Financeurs", "Réunions de régulation", "adoptée", "6 000,00 €"],
    );
    assert_lacks(&report, &["Totals", "available", "Meetings"]);
    let html = d.ok(&["report", "--format", "html", "--lang", "fr"]);
    assert_has(
        &html,
        &["<html lang=\"fr\">", "rapport budgétaire", "Constats", "engagé", "Établi par cercle"],
    );
    let statement = d.ok(&["--lang", "fr", "statement", "--agreement", "CONV-F"]);
    assert_has(
        &statement,
        &["État récapitulatif des dépenses — CONV-F", "Taux de cofinancement", "Dépenses éligibles"],
    );
    let page = d.ok(&["--lang", "fr", "statement", "--agreement", "CONV-F", "--format", "html"]);
    assert_has(&page, &["<html lang=\"fr\">", "État récapitulatif des dépenses", "Part du financeur"]);
    let audit = d.ok(&["--lang", "fr", "audit", "c.jsonl"]);
    assert_has(&audit, &["Audit de 1 cercle(s)", "Constats", "oui", "Notes de point de contrôle"]);
    let audit_page = d.ok(&["--lang", "fr", "audit", "c.jsonl", "--format", "html"]);
    assert_has(
        &audit_page,
        &["<html lang=\"fr\">", "Audit de 1 cercle", "Établi le 2024-02-01 à 10:00 UTC", "Constats"],
    );
    // The locale says French as well as --lang does.
    let output = d.cmd(&["report"]).env("LANG", "fr_FR.UTF-8").output().unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap().trim_end(), report);
}

#[test]
fn without_lang_they_stay_english_and_json_speaks_neither() {
    let d = circle();
    let report = d.ok(&["report"]);
    assert_has(&report, &["Totals", "available", "Funders", "Meetings", "adopted"]);
    assert_eq!(d.ok(&["--lang", "en", "report"]), report, "--lang en is the default");
    let html = d.ok(&["report", "--format", "html"]);
    assert_has(&html, &["<html lang=\"en\">", "budget report", "Findings"]);
    let statement = d.ok(&["statement", "--agreement", "CONV-F", "--format", "html"]);
    assert_has(&statement, &["<html lang=\"en\">", "Expense statement — CONV-F", "Funder's share"]);
    let audit = d.ok(&["audit", "c.jsonl", "--format", "html"]);
    assert_has(&audit, &["<html lang=\"en\">", "Audit of 1 circle", "Made on 2024-02-01 at 10:00 UTC"]);
    assert_lacks(&audit, &["Constats", "Établi"]);
    // JSON is for programs: the same in both languages, findings' messages included.
    assert_eq!(d.ok(&["--lang", "fr", "report", "--json"]), d.ok(&["report", "--json"]));
    assert_eq!(
        d.ok(&["--lang", "fr", "audit", "c.jsonl", "--format", "json"]),
        d.ok(&["audit", "c.jsonl", "--format", "json"])
    );
    // The standard CSV keeps its English headings; the French one is for people.
    let csv = d.ok(&["--lang", "fr", "statement", "--agreement", "CONV-F", "--format", "csv"]);
    assert!(csv.starts_with("record,seq,date,"), "{csv}");
    let csv_fr = d.ok(&["statement", "--agreement", "CONV-F", "--format", "csv-fr"]);
    assert!(csv_fr.starts_with("\u{feff}nature;écriture;"), "{csv_fr}");
}
