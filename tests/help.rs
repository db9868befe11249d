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
    assert!(!options.contains("--ledger") && global.contains("--ledger"), "{help}");
    // `--as` is shown where it means something, among the command's own options (issue 13).
    assert!(options.contains("--as <NAME>") && options.contains("The local key that signs"), "{help}");
    assert!(!global.contains("--as <NAME>"), "{help}");
    let todo = d.ok(&["todo", "--help"]);
    assert!(todo.contains("--as <NAME>") && todo.contains("The member this is for"), "{todo}");
    for read in [
        &["status", "--help"][..],
        &["report", "--help"],
        &["verify", "--help"],
        &["member", "list", "--help"],
        &["--help"],
    ] {
        let help = d.ok(read);
        assert!(!help.contains("--as <NAME>"), "cercle {read:?} shows --as:\n{help}");
    }
}

/// `--as` and `CERCLE_AS` are still taken before the command, and ignored by commands that
/// only read: a script that always says who it is keeps working.
#[test]
fn as_is_taken_before_the_command_and_ignored_by_readers() {
    let d = Dir::new();
    d.circle(&[]);
    d.ok(&["--as", "alice", "fund", "receive", "10", "--source", "FEDER", "--ref", "R1"]);
    let mut signed = d.cmd(&["fund", "receive", "10", "--source", "FEDER", "--ref", "R2"]);
    signed.env("CERCLE_AS", "alice").assert().success();
    d.ok(&["status", "--as", "alice"]);
    let mut read = d.cmd(&["report", "--json"]);
    let report = read.env("CERCLE_AS", "nobody-here").assert().success();
    assert!(String::from_utf8_lossy(&report.get_output().stdout).contains("20.00"));
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
    assert!(csv.contains("Littoral;financeur;;;;;Région Hauts-de-France;;;1234,50;;;;"), "{csv}");
    let out = d.path().join("books.csv");
    d.ok(&["export", "--format", "csv-fr", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap().trim_end(), csv);
    // The standard form is unchanged.
    assert!(d
        .ok(&["report", "--format", "csv"])
        .contains("Littoral,funder,,,,,Région Hauts-de-France,,,1234.50,,,,"));
}
