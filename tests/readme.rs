//! The README's regulation meeting, run as written by the docs harness (`console.rs`): each
//! `$ ` line by bash in a fresh directory, with the real binary first on PATH, its output and
//! exit code compared with what the README shows after it.

#[test]
fn the_readme_session_runs_as_written() {
    let ran = crate::console::run("README.md");
    assert!(ran > 15, "the session was found ({ran} commands)");
}
