//! The README's regulation meeting, run as written: each `$ ` line by bash in a fresh
//! directory, with the real binary first on PATH, its output compared with the lines the README
//! shows after it (stdout, and the `error:`/`hint:` lines of refusals; `…` matches anything).

use std::path::Path;

/// The session: the first ```console block after the heading.
fn session() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let from = readme.find("## A regulation meeting from the terminal").expect("the section");
    let block = &readme[from..];
    let start = block.find("```console\n").expect("a console block") + "```console\n".len();
    let end = start + block[start..].find("```\n").expect("its end");
    block[start..end].to_string()
}

/// Whether `line` is what `expected` shows (`…` matching any run of characters).
fn matches(expected: &str, line: &str) -> bool {
    let mut parts = expected.split('…');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = line.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn the_readme_session_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("cercle");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut steps: Vec<(String, Vec<String>)> = Vec::new();
    for line in session().lines() {
        match line.strip_prefix("$ ") {
            Some(command) => steps.push((command.to_string(), Vec::new())),
            None => steps.last_mut().expect("a command first").1.push(line.to_string()),
        }
    }
    assert!(steps.len() > 15, "the session was found");
    for (command, expected) in steps {
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg(&command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("CERCLE_KEYS", dir.path().join("keys"))
            .env("CERCLE_LEDGER", dir.path().join("cercle-ledger"))
            .env("CERCLE_NOW", "2024-05-14T18:00:00Z")
            .env_remove("CERCLE_AS")
            .env_remove("CERCLE_TO")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("CERCLE_LANG")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let mut shown: Vec<String> = stdout.lines().map(str::to_string).collect();
        shown.extend(
            stderr.lines().filter(|l| l.starts_with("error:") || l.starts_with("hint:")).map(str::to_string),
        );
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        let same = shown.len() == expected.len() && expected.iter().zip(&shown).all(|(e, s)| matches(e, s));
        assert!(
            same,
            "$ {command}\nthe README shows:\n{}\ncercle printed:\n{}",
            expected.join("\n"),
            shown.join("\n")
        );
    }
}
