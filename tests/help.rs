//! Help that teaches: every argument described, global options apart, shell completions and
//! manual pages.

use crate::util::Dir;

#[test]
fn help_describes_every_option_and_puts_global_ones_apart() {
    let d = Dir::new();
    let help = d.ok(&["payout", "--help"]);
    for said in [
        "The amount paid, in euros",
        "The day it was paid",
        "The bank transfer's reference",
        "Global options:",
    ] {
        assert!(help.contains(said), "{said} missing from:\n{help}");
    }
    let (options, global) = help.split_once("Global options:").unwrap();
    assert!(
        !options.contains("--ledger") && global.contains("--ledger") && global.contains("--as"),
        "{help}"
    );
}

#[test]
fn completions_are_valid_shell_and_man_pages_render() {
    let d = Dir::new();
    let bash = d.ok(&["completions", "bash"]);
    assert!(bash.contains("payout") && bash.contains("ingest"), "every command completes");
    let script = d.path().join("cercle.bash");
    std::fs::write(&script, &bash).unwrap();
    let checked = std::process::Command::new("bash").arg("-n").arg(&script).status().unwrap();
    assert!(checked.success(), "bash -n refuses the completion script");
    for shell in ["zsh", "fish"] {
        assert!(d.ok(&["completions", shell]).contains("ingest"), "{shell}");
    }
    let page = d.ok(&["man"]);
    assert!(page.contains(".TH cercle 1") && page.contains("ingest"), "{page}");
    let dir = d.path().join("man1");
    d.ok(&["man", "--out", dir.to_str().unwrap()]);
    let payout = std::fs::read_to_string(dir.join("cercle-payout.1")).unwrap();
    assert!(payout.contains("The day it was paid"), "{payout}");
}

#[test]
fn the_french_csv_has_what_a_french_spreadsheet_needs() {
    let d = Dir::new();
    d.circle(&[]);
    d.ok(&[
        "fund",
        "receive",
        "1 234,50",
        "--source",
        "Région Hauts-de-France",
        "--ref",
        "R-1",
        "--as",
        "alice",
    ]);
    let csv = d.ok(&["report", "--format", "csv-fr"]);
    assert!(csv.starts_with('\u{FEFF}'), "a UTF-8 byte-order mark first");
    assert!(csv.contains("Littoral;funder;;;;;Région Hauts-de-France;;;1234,50;;;;"), "{csv}");
    let out = d.path().join("books.csv");
    d.ok(&["export", "--format", "csv-fr", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap().trim_end(), csv);
    // The standard form is unchanged.
    assert!(d
        .ok(&["report", "--format", "csv"])
        .contains("Littoral,funder,,,,,Région Hauts-de-France,,,1234.50,,,,"));
}
