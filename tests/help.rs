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
