//! Docs are tests: the ```console blocks of a markdown file run as written, in order, in one
//! scratch directory (state carries from block to block, as for a reader following the page).
//!
//! The notation, in a ```console block:
//!
//! - `$ COMMAND` is run by `bash -c` in the scratch directory, with the real `cercle` first on
//!   `PATH`; a command line ending in `\` goes on on the next line.
//! - The lines after it, up to the next `$ `, are what it prints: its stdout, and the `error:`,
//!   `hint:` and `warning:` lines of its stderr (other stderr lines, such as `Created key … in …`,
//!   are notes and are not compared). Stdout's and stderr's lines may be shown in either order
//!   relative to each other (each keeps its own order). `…` in a line matches any run of
//!   characters; a line that is only `…` stands for one or more lines.
//! - The last line `[exit N]` says the command exits with code N; without it, it must exit 0.
//!
//! Directives, HTML comments on their own lines (invisible in rendered markdown), apply to the
//! blocks after them:
//!
//! - `<!-- now: 2024-05-14T18:00:00Z -->` sets `CERCLE_NOW` (the clock);
//! - `<!-- env: K=V K2=V2 -->` sets environment variables (`K=` removes one); a value starting
//!   with `~/` is under the scratch home;
//! - `<!-- requires: hledger -->` runs the next block only where that program is installed
//!   (it is skipped, with a line on stderr, elsewhere);
//! - `<!-- setup` … `-->` (several lines) holds commands in the same notation that run, checked
//!   the same way, without being shown: what happens elsewhere (on another member's machine, say)
//!   before the page goes on.
//!
//! Other fenced blocks (```sh, ```text…) do not run: use them for a file's contents, or for
//! what cannot run here (a passphrase asked in a terminal).
//!
//! The environment: `HOME` is `home/` in the scratch directory, `CERCLE_KEYS` is `keys`,
//! `CERCLE_LEDGER` is `cercle-ledger`, `CERCLE_NOW` 2024-05-14T18:00:00Z until a `now:` says
//! otherwise; `CERCLE_AS`, `CERCLE_TO` are removed, and the language is English (`LANG=C.UTF-8`,
//! no `LC_ALL`, `LC_MESSAGES`, `LANGUAGE`, `CERCLE_LANG`) unless an `env:` sets another.
//! The example region `ledger-data/` is linked into the scratch directory. With
//! `CERCLE_DOCS_KEEP=1`, the scratch directory is kept (and named on stderr), to look around.

use std::path::{Path, PathBuf};

/// One command of a page: where it is, what to run, and what it should print.
#[derive(Debug)]
pub struct Step {
    pub line: usize,
    pub command: String,
    pub expected: Vec<String>,
    pub exit: i32,
    /// The `now:` and `env:` directives in force.
    pub env: Vec<(String, Option<String>)>,
    /// A program the step's block needs (`requires:`).
    pub requires: Option<String>,
}

/// The steps of `markdown`, in order.
pub fn steps(markdown: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut env: Vec<(String, Option<String>)> = Vec::new();
    let mut requires: Option<String> = None;
    let lines: Vec<&str> = markdown.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            let rest = rest.trim();
            if rest == "setup" {
                let end = (i + 1..lines.len()).find(|&j| lines[j].trim() == "-->").expect("a setup's -->");
                read_block(&lines, i + 1, end, 0, &env, &requires, &mut steps);
                requires = None;
                i = end + 1;
                continue;
            }
            let body = rest.strip_suffix("-->").map(str::trim);
            if let Some(now) = body.and_then(|b| b.strip_prefix("now:")) {
                set(&mut env, "CERCLE_NOW", Some(now.trim().to_string()));
            } else if let Some(vars) = body.and_then(|b| b.strip_prefix("env:")) {
                for var in vars.split_whitespace() {
                    let (key, value) = var.split_once('=').expect("env: K=V");
                    set(&mut env, key, (!value.is_empty()).then(|| value.to_string()));
                }
            } else if let Some(program) = body.and_then(|b| b.strip_prefix("requires:")) {
                requires = Some(program.trim().to_string());
            }
        } else if let Some(info) = trimmed.strip_prefix("```") {
            let end = (i + 1..lines.len()).find(|&j| lines[j].trim() == "```").expect("a block's end");
            if info.trim() == "console" {
                read_block(&lines, i + 1, end, indent, &env, &requires, &mut steps);
            }
            requires = None;
            i = end + 1;
            continue;
        }
        i += 1;
    }
    steps
}

fn set(env: &mut Vec<(String, Option<String>)>, key: &str, value: Option<String>) {
    env.retain(|(k, _)| k != key);
    env.push((key.to_string(), value));
}

/// The commands of lines `from..to` (a block's body, indented by `indent`).
fn read_block(
    lines: &[&str],
    from: usize,
    to: usize,
    indent: usize,
    env: &[(String, Option<String>)],
    requires: &Option<String>,
    steps: &mut Vec<Step>,
) {
    let mut j = from;
    while j < to {
        let text = lines[j].get(indent..).unwrap_or_default();
        match text.strip_prefix("$ ") {
            Some(command) => {
                let mut command = command.to_string();
                while command.ends_with('\\') && j + 1 < to {
                    j += 1;
                    command.push('\n');
                    command.push_str(lines[j].get(indent..).unwrap_or_default());
                }
                steps.push(Step {
                    line: j + 1,
                    command,
                    expected: Vec::new(),
                    exit: 0,
                    env: env.to_vec(),
                    requires: requires.clone(),
                });
            }
            None => {
                let step = steps.last_mut().filter(|s| s.line > from).unwrap_or_else(|| {
                    panic!("line {}: a console block starts with a `$ ` command, not {text:?}", j + 1)
                });
                match text.strip_prefix("[exit ").and_then(|t| t.strip_suffix(']')) {
                    Some(code) => step.exit = code.parse().expect("[exit N]"),
                    None => step.expected.push(text.to_string()),
                }
            }
        }
        j += 1;
    }
}

/// Whether `line` is what `expected` shows (`…` matching any run of characters).
pub fn matches(expected: &str, line: &str) -> bool {
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

/// Whether `expected` is `out` and `err` interleaved (each in its own order); a line that is
/// only `…` stands for one or more lines.
fn same(expected: &[String], out: &[String], err: &[String]) -> bool {
    let Some((line, rest)) = expected.split_first() else { return out.is_empty() && err.is_empty() };
    if line == "…" {
        return (1..=out.len()).any(|k| same(rest, &out[k..], err))
            || (1..=err.len()).any(|k| same(rest, out, &err[k..]));
    }
    (!out.is_empty() && matches(line, &out[0]) && same(rest, &out[1..], err))
        || (!err.is_empty() && matches(line, &err[0]) && same(rest, out, &err[1..]))
}

/// Whether `program` is on PATH.
fn installed(program: &str) -> bool {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run the page at `relative` (from the repository's root) as written; panics naming every
/// command whose output or exit code differs from the page. Returns how many commands ran.
pub fn run(relative: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let markdown = std::fs::read_to_string(root.join(relative)).unwrap();
    let steps = steps(&markdown);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::symlink(root.join("ledger-data"), dir.path().join("ledger-data")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("cercle");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut skipped: Vec<String> = Vec::new();
    for step in &steps {
        if let Some(program) = step.requires.as_deref().filter(|p| !installed(p)) {
            skipped.push(format!("{relative}:{}: skipped: {program} is not installed", step.line));
            continue;
        }
        let mut cmd = std::process::Command::new("bash");
        cmd.arg("-c")
            .arg(&step.command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("HOME", &home)
            .env("CERCLE_KEYS", dir.path().join("keys"))
            .env("CERCLE_LEDGER", dir.path().join("cercle-ledger"))
            .env("CERCLE_NOW", "2024-05-14T18:00:00Z")
            .env("NO_COLOR", "1")
            .env("LANG", "C.UTF-8");
        for var in ["CERCLE_AS", "CERCLE_TO", "CERCLE_PASSPHRASE_FILE", "LC_ALL", "LC_MESSAGES", "LANGUAGE"] {
            cmd.env_remove(var);
        }
        cmd.env_remove("CERCLE_LANG");
        for (key, value) in &step.env {
            match value {
                Some(value) => match value.strip_prefix("~/") {
                    Some(under) => cmd.env(key, home.join(under)),
                    None => cmd.env(key, value),
                },
                None => cmd.env_remove(key),
            };
        }
        let output = cmd.output().unwrap();
        ran += 1;
        let lines = |bytes: &[u8]| -> Vec<String> {
            String::from_utf8_lossy(bytes).lines().map(str::to_string).collect()
        };
        let out = lines(&output.stdout);
        let err: Vec<String> = lines(&output.stderr)
            .into_iter()
            .filter(|l| {
                ["error:", "hint:", "warning:", "erreur :", "conseil :", "avertissement :"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect();
        let code = output.status.code().unwrap_or(-1);
        if code != step.exit || !same(&step.expected, &out, &err) {
            let mut printed: Vec<String> = out.clone();
            printed.extend(err.iter().cloned());
            if code != 0 {
                printed.push(format!("[exit {code}]"));
            }
            let mut shown = step.expected.clone();
            if step.exit != 0 {
                shown.push(format!("[exit {}]", step.exit));
            }
            failures.push(format!(
                "{relative}:{}: $ {}\n--- the page shows:\n{}\n--- cercle printed:\n{}\n",
                step.line,
                step.command,
                shown.join("\n"),
                printed.join("\n")
            ));
        }
    }
    for line in skipped {
        eprintln!("{line}");
    }
    if std::env::var_os("CERCLE_DOCS_KEEP").is_some() {
        eprintln!("{relative}: the scratch directory is kept in {}", dir.keep().display());
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} commands differ from the page:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    ran
}

/// The relative links of the page at `relative` whose target does not exist.
pub fn broken_links(relative: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = root.join(relative);
    let markdown = std::fs::read_to_string(&page).unwrap();
    let base: PathBuf = page.parent().unwrap().to_path_buf();
    let mut broken = Vec::new();
    for (at, _) in markdown.match_indices("](") {
        let rest = &markdown[at + 2..];
        let Some(end) = rest.find(')') else { continue };
        let target = rest[..end].split('#').next().unwrap_or_default();
        if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        if !base.join(target).exists() {
            broken.push(format!("{relative}: {target}"));
        }
    }
    broken
}
