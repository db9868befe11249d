//! The user guides of `docs/guides/`, run as written by the docs harness (`console.rs`): each
//! guide's ```console blocks in order, in one scratch directory, as a reader following it would
//! (see the notation at the top of `console.rs`, and "Docs are tests" in docs/ARCHITECTURE.md).

use crate::console::{broken_links, run};

#[test]
fn the_soucieux_guide_runs_as_written() {
    assert!(run("docs/guides/soucieux.md") > 50);
}

#[test]
fn the_member_guide_runs_as_written() {
    assert!(run("docs/guides/member.md") > 5);
}

#[test]
fn the_support_team_guide_runs_as_written() {
    assert!(run("docs/guides/support-team.md") > 20);
}

#[test]
fn the_funders_guide_runs_as_written() {
    assert!(run("docs/guides/funders.md") > 10);
}

#[test]
fn the_french_first_steps_guide_runs_as_written() {
    assert!(run("docs/guides/premiers-pas.md") > 25);
}

#[test]
fn the_guides_links_resolve() {
    let mut broken = Vec::new();
    for page in [
        "README.md",
        "docs/guides/soucieux.md",
        "docs/guides/member.md",
        "docs/guides/support-team.md",
        "docs/guides/funders.md",
        "docs/guides/premiers-pas.md",
    ] {
        broken.extend(broken_links(page));
    }
    assert!(broken.is_empty(), "links to nothing:\n{}", broken.join("\n"));
}

#[test]
fn the_harness_fails_when_a_page_differs() {
    let page = "```console\n$ echo one\ntwo\n$ false\n```\n";
    let steps = crate::console::steps(page);
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].expected, ["two"]);
    assert_eq!(steps[1].exit, 0);
    assert!(crate::console::matches("Paid … on P2", "Paid 600,00 € to karim on P2"));
    assert!(!crate::console::matches("Paid … on P2", "Paid 600,00 € to karim on P3"));
}
