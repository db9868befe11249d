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
            // English, whatever the machine's locale (tests in French say `--lang fr`).
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("CERCLE_LANG")
            .args(args);
        cmd
    }

    /// alice's circle with `members` (bob among them), 1 000 € from FEDER and action A1
    /// (P1, "Forum", 900 €, proposed by bob) adopted in M1 by alice and bob.
    pub fn with_action(members: &[(&str, &str)]) -> Dir {
        let d = Dir::new();
        d.circle(members);
        d.ok(&["fund", "receive", "1000", "--source", "FEDER", "--ref", "C-1", "--as", "alice"]);
        d.ok(&["propose", "action", "--title", "Forum", "--envelope", "900", "--as", "bob"]);
        d.ok(&["meeting", "open", "--date", "2024-02-06", "--agenda", "P1", "--as", "alice"]);
        for who in ["alice", "bob"] {
            d.ok(&["meeting", "attend", "M1", "--as", who]);
            d.ok(&["vote", "M1", "P1", "for", "--as", who]);
        }
        d.ok(&["meeting", "close", "M1", "--as", "alice"]);
        d
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
        self.found("alice", &support, extra);
    }

    /// `cercle init` of the circle Littoral (Côte d'Opale, active) by `founder`, whose key must be
    /// in this keystore, with the support team's public key `support` (from another keystore,
    /// perhaps), plus `extra` arguments.
    pub fn found(&self, founder: &str, support: &str, extra: &[&str]) {
        let mut args = vec![
            "init",
            "--name",
            "Littoral",
            "--territory",
            "Côte d'Opale",
            "--status",
            "active",
            "--support-key",
            support,
            "--as",
            founder,
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

/// Run `cercle audit ARGS` and return (exit code, stdout, stderr); never asserts.
pub fn audit(d: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    let output = d.cmd(&all).output().expect("cercle runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).to_string();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// The findings of an audit's JSON, as (kind, severity, message).
pub fn findings_of(audit: &serde_json::Value) -> Vec<(String, String, String)> {
    let text = |f: &serde_json::Value, key: &str| f[key].as_str().unwrap_or_default().to_string();
    audit["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (text(f, "kind"), text(f, "severity"), text(f, "message")))
        .collect()
}

/// The number of entries of the ledger at `ledger` (its head's seq + 1), read with `status`.
pub fn entry_count(d: &Dir, ledger: &Path) -> u64 {
    let ledger = ledger.to_str().unwrap();
    d.json(&["status", "--ledger", ledger])["head"]["seq"].as_u64().expect("a head seq") + 1
}

/// A small tmpfs mounted at a directory (for a full or a read-only disk), unmounted on drop.
#[cfg(unix)]
pub struct Tmpfs {
    pub at: PathBuf,
}

#[cfg(unix)]
impl Tmpfs {
    /// Mount a tmpfs of `size` (e.g. `256k`) at `at`; `None`, with a line saying the test is
    /// skipped, unless we are root and the mount works (as in `keys.rs`).
    pub fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        use std::os::unix::fs::MetadataExt as _;
        if std::fs::metadata("/proc/self").map(|meta| meta.uid()).ok() != Some(0) {
            eprintln!("skipped: mounting a small tmpfs needs root (and Linux)");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .status();
        match mounted {
            Ok(status) if status.success() => Some(Tmpfs { at: at.to_path_buf() }),
            other => {
                eprintln!("skipped: could not mount a tmpfs at {}: {other:?}", at.display());
                None
            }
        }
    }

    /// Fill the disk with `filler` (growing it until `ENOSPC`), then free `pages` pages of
    /// 4 KiB of it.
    pub fn leave_free(&self, pages: u64) -> PathBuf {
        use std::io::Write as _;
        let filler = self.at.join("filler");
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&filler).unwrap();
        let block = vec![0u8; 4096];
        let error = loop {
            if let Err(error) = file.write_all(&block) {
                break error;
            }
        };
        assert_eq!(error.raw_os_error(), Some(28), "ENOSPC expected, got {error}");
        let len = file.metadata().unwrap().len();
        file.set_len(len.saturating_sub(pages * 4096) / 4096 * 4096).unwrap();
        filler
    }

    /// `mount -o remount,OPTIONS`.
    pub fn remount(&self, options: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.at)
            .status()
            .unwrap();
        assert!(status.success(), "mount -o remount,{options} failed");
    }
}

#[cfg(unix)]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = std::process::Command::new("umount").arg(&self.at).status();
        if !matches!(unmounted, Ok(status) if status.success()) {
            let _ = std::process::Command::new("umount").arg("-l").arg(&self.at).status();
        }
    }
}

/// Build the Go program `tests/interop/<name>` (which uses Debian's golang.org/x/mod, GOPATH
/// mode) into `d`, or `None` where `go` or the package is missing: the caller's test is then
/// skipped, with a line saying so, except under CI (`.ci/run` installs both), where it fails.
pub fn go_program(d: &Dir, name: &str) -> Option<PathBuf> {
    let gopath = Path::new("/usr/share/gocode");
    let have_go = std::process::Command::new("go").arg("version").output().is_ok_and(|o| o.status.success());
    if !have_go || !gopath.join("src/golang.org/x/mod/sumdb/tlog").is_dir() {
        assert!(std::env::var("CI").is_err(), "CI must install golang-go and golang-golang-x-mod-dev");
        eprintln!("skipped: go or golang.org/x/mod is not installed");
        return None;
    }
    let program = d.path().join(name);
    let built = std::process::Command::new("go")
        .args(["build", "-o", program.to_str().unwrap(), "."])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop").join(name))
        .env("GO111MODULE", "off")
        .env("GOPATH", gopath)
        .env("GOCACHE", d.path().join("gocache"))
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    Some(program)
}

/// Copy every file under `from` to the same place under `to` (a shared folder carried to
/// another machine, say).
pub fn copy_dir(from: &Path, to: &Path) {
    for (path, bytes) in snapshot(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}
