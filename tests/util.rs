//! The harness: a fresh directory per test, with its own keystore and ledger.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A circle's working directory for one test.
pub struct Dir {
    pub root: tempfile::TempDir,
    now: String,
}

impl Dir {
    pub fn new() -> Dir {
        Dir { root: tempfile::tempdir().expect("a temporary directory"), now: "2024-01-15T09:00:00Z".into() }
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    pub fn ledger(&self) -> PathBuf {
        self.path().join("ledger")
    }

    /// Set the clock the next commands see.
    pub fn at(&mut self, rfc3339: &str) {
        self.now = rfc3339.to_string();
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.std_cmd(args))
    }

    /// The same command as a `std::process::Command` (to spawn and kill it).
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cercle"));
        cmd.current_dir(self.path())
            .env_remove("CERCLE_AS")
            .env("CERCLE_KEYS", self.path().join("keys"))
            .env("CERCLE_LEDGER", self.ledger())
            .env("CERCLE_NOW", &self.now)
            .env("NO_COLOR", "1")
            .args(args);
        cmd
    }

    /// Run and require success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().expect("cercle runs");
        assert!(
            output.status.success(),
            "cercle {args:?} failed ({:?}):\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output").trim_end().to_string()
    }

    /// Run and require a refusal (exit 1) that leaves the ledger byte-for-byte as it was;
    /// returns stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let before = snapshot(&self.ledger());
        let output: Output = self.cmd(args).output().expect("cercle runs");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(1), "cercle {args:?} should be refused; stderr:\n{stderr}");
        assert!(stderr.starts_with("error: "), "one clear sentence first, got:\n{stderr}");
        let after = snapshot(&self.ledger());
        let changed: Vec<_> =
            after.iter().filter(|file| !before.contains(file)).map(|(path, _)| path).collect();
        assert!(
            before.len() == after.len() && changed.is_empty(),
            "cercle {args:?} changed the ledger: {changed:?}"
        );
        stderr
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        serde_json::from_str(&self.ok(&with_json)).expect("JSON output")
    }

    /// Keys, a circle with a founding soucieux `alice` and a support team key, members.
    pub fn circle(&self, members: &[(&str, &str)]) {
        for name in ["alice", "support"] {
            self.ok(&["key", "new", name]);
        }
        self.init(&[]);
        for (name, role) in members {
            self.ok(&["key", "new", name]);
            self.ok(&["member", "add", name, "--key-name", name, "--role", role, "--as", "alice"]);
        }
    }

    /// `cercle init` of the circle Littoral, founded by alice with the support key, plus `extra`
    /// arguments (e.g. `--ledger DIR`). The keys `alice` and `support` must exist.
    pub fn init(&self, extra: &[&str]) {
        let support = self.ok(&["key", "show", "support"]);
        let mut args = vec![
            "init",
            "--name",
            "Littoral",
            "--territory",
            "Côte d'Opale",
            "--status",
            "active",
            "--support-key",
            &support,
            "--as",
            "alice",
        ];
        args.extend_from_slice(extra);
        self.ok(&args);
    }
}

/// Every file under `dir` with its bytes (empty if `dir` does not exist).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&next) else { continue };
        for item in read.flatten() {
            let path = item.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}
