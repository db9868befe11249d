//! Keys appear whole or not at all: a full disk makes `key new` fail cleanly and leaves nothing
//! that blocks a retry, and one bad key file does not hide the others from `key list`.

use std::path::Path;

use crate::util::Dir;

/// The key names that `cercle key list` prints, in order.
fn listed(d: &Dir, keys: &Path) -> Vec<String> {
    let output = d.cmd(&["key", "list"]).env("CERCLE_KEYS", keys).output().expect("cercle runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "key list failed ({:?}):\n{stderr}", output.status.code());
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    stdout.lines().filter_map(|line| line.split_whitespace().next()).map(str::to_string).collect()
}

/// The names in `dir` that do not start with `.`, sorted.
fn visible_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|item| item.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn an_empty_key_file_does_not_hide_the_other_keys() {
    let d = Dir::new();
    d.ok(&["key", "new", "alice"]);
    d.ok(&["key", "new", "bob"]);
    let keys = d.path().join("keys");
    // What an older cercle left on a full disk, and what a crash of this one may leave.
    std::fs::write(keys.join("carol.key"), "").unwrap();
    std::fs::write(keys.join(".dave.1234-0.tmp"), "cercle-key/v1\n").unwrap();
    assert_eq!(listed(&d, &keys), ["alice", "bob"]);
    let json = d.json(&["key", "list"]);
    let names: Vec<_> = json.as_array().unwrap().iter().map(|key| key["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob"]);

    // The empty file is named, never silently replaced; a crash's temp file blocks nothing.
    let stderr = d.refused(&["key", "show", "carol"]);
    assert!(stderr.contains("carol.key is empty"), "{stderr}");
    let stderr = d.refused(&["key", "new", "carol"]);
    assert!(stderr.contains("carol.key is empty"), "{stderr}");
    assert_eq!(std::fs::metadata(keys.join("carol.key")).unwrap().len(), 0);
    d.ok(&["key", "new", "dave"]);
    assert_eq!(listed(&d, &keys), ["alice", "bob", "dave"]);
}

#[cfg(unix)]
mod full_disk {
    use std::io::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::{listed, visible_files};
    use crate::util::Dir;

    /// A tmpfs of 64 KiB, unmounted on drop.
    struct Tmpfs(PathBuf);

    impl Tmpfs {
        /// `None` unless we are root and the mount works.
        fn mount(at: &Path) -> Option<Tmpfs> {
            use std::os::unix::fs::MetadataExt as _;
            if std::fs::metadata("/proc/self").map(|meta| meta.uid()).ok() != Some(0) {
                eprintln!("skipped: mounting a small tmpfs needs root (and Linux)");
                return None;
            }
            std::fs::create_dir_all(at).unwrap();
            let mounted = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
                .arg(at)
                .status();
            match mounted {
                Ok(status) if status.success() => Some(Tmpfs(at.to_path_buf())),
                other => {
                    eprintln!("skipped: could not mount a tmpfs at {}: {other:?}", at.display());
                    None
                }
            }
        }

        /// Write a file until the disk is full.
        fn fill(&self) -> PathBuf {
            let filler = self.0.join("filler");
            let mut file = std::fs::File::create(&filler).unwrap();
            let block = vec![0u8; 4096];
            let error = loop {
                if let Err(error) = file.write_all(&block) {
                    break error;
                }
            };
            assert_eq!(error.raw_os_error(), Some(28), "ENOSPC expected, got {error}");
            filler
        }
    }

    impl Drop for Tmpfs {
        fn drop(&mut self) {
            let unmounted = Command::new("umount").arg(&self.0).status();
            if !matches!(unmounted, Ok(status) if status.success()) {
                let _ = Command::new("umount").arg("-l").arg(&self.0).status();
            }
        }
    }

    /// Run `cercle key new NAME` with the keystore `keys`: require exit 1 with one clear sentence.
    fn refused_new(d: &Dir, keys: &Path, name: &str) -> String {
        let output = d.cmd(&["key", "new", name]).env("CERCLE_KEYS", keys).output().expect("cercle runs");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(1), "key new {name} on a full disk should fail:\n{stderr}");
        assert!(stderr.starts_with("error: could not write the key "), "one clear sentence first:\n{stderr}");
        assert!(stderr.contains("No space left on device"), "{stderr}");
        assert!(stderr.contains("nothing of it was kept"), "{stderr}");
        assert!(output.stdout.is_empty(), "no public key printed for a key that was not created");
        stderr
    }

    #[test]
    fn key_new_on_a_full_disk_leaves_nothing_and_a_retry_succeeds() {
        let d = Dir::new();
        let Some(disk) = Tmpfs::mount(&d.path().join("disk")) else { return };
        let keys = disk.0.join("keys");
        let fresh = disk.0.join("fresh").join("keys");
        let new = |name: &str, keys: &Path| {
            let output = d.cmd(&["key", "new", name]).env("CERCLE_KEYS", keys).output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            String::from_utf8(output.stdout).unwrap().trim().to_string()
        };
        let alice = new("alice", &keys);
        let filler = disk.fill();

        refused_new(&d, &keys, "bob");
        refused_new(&d, &keys, "bob");
        refused_new(&d, &fresh, "carol");
        // No key file: at most temporary dot-files, which `key list` ignores.
        assert_eq!(visible_files(&keys), ["alice.key"]);
        assert!(visible_files(&fresh).is_empty());
        assert_eq!(listed(&d, &keys), ["alice"]);
        assert!(listed(&d, &fresh).is_empty());
        let shown = d.cmd(&["key", "show", "bob"]).env("CERCLE_KEYS", &keys).output().unwrap();
        let stderr = String::from_utf8_lossy(&shown.stderr);
        assert_eq!(shown.status.code(), Some(1));
        assert!(stderr.contains("there is no key named bob"), "{stderr}");

        // Space again: the same commands succeed, and the earlier key is untouched.
        std::fs::remove_file(filler).unwrap();
        let bob = new("bob", &keys);
        new("carol", &fresh);
        assert_eq!(listed(&d, &keys), ["alice", "bob"]);
        assert_eq!(listed(&d, &fresh), ["carol"]);
        let show = |name: &str| d.cmd(&["key", "show", name]).env("CERCLE_KEYS", &keys).output().unwrap();
        assert_eq!(String::from_utf8(show("alice").stdout).unwrap().trim(), alice);
        assert_eq!(String::from_utf8(show("bob").stdout).unwrap().trim(), bob);
        assert_eq!(visible_files(&keys), ["alice.key", "bob.key"]);
    }
}

/// Keys people can trust: like ssh, cercle refuses a key that others could read, change or
/// swap, and says the `chmod`/`chown` that fixes it; nothing is written when it refuses.
#[cfg(unix)]
mod trusted {
    use std::os::unix::fs::{symlink, PermissionsExt as _};
    use std::path::Path;

    use super::listed;
    use crate::util::{snapshot, Dir};

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// A command that alice signs (a new entry each time, by its reference).
    fn receive(reference: &str) -> Vec<&str> {
        vec!["fund", "receive", "1", "--source", "FEDER", "--ref", reference, "--as", "alice"]
    }

    #[test]
    fn a_key_file_others_can_read_is_refused_with_the_chmod_that_fixes_it() {
        let d = Dir::new();
        d.circle(&[]);
        let keys = d.path().join("keys");
        let alice = keys.join("alice.key");
        chmod(&alice, 0o644);
        let before = snapshot(&d.ledger());
        let stderr = d.refused(&receive("R-1"));
        let first = stderr.lines().next().unwrap();
        assert_eq!(
            first,
            format!(
                "error: refused: the key file {} can be read by other users (mode 0644); only you may read it",
                alice.display()
            )
        );
        assert!(stderr.contains(&format!("hint: chmod 600 {}", alice.display())), "{stderr}");
        assert_eq!(snapshot(&d.ledger()), before);
        let stderr = d.refused(&["key", "show", "alice"]);
        assert!(stderr.contains("mode 0644"), "{stderr}");
        // Group-writable only: refused too.
        chmod(&alice, 0o620);
        let stderr = d.refused(&receive("R-1"));
        assert!(stderr.contains("can be changed by other users (mode 0620)"), "{stderr}");
        // One such file does not hide the others from `key list`, as a bad key file does not.
        assert_eq!(listed(&d, &keys), ["support"]);

        // The hint fixes it.
        chmod(&alice, 0o600);
        d.ok(&receive("R-1"));
        assert_eq!(listed(&d, &keys), ["alice", "support"]);
        assert_ne!(snapshot(&d.ledger()), before);
    }

    #[test]
    fn a_keystore_others_can_write_to_is_refused_with_the_chmod_that_fixes_it() {
        let d = Dir::new();
        d.circle(&[]);
        let keys = d.path().join("keys");
        chmod(&keys, 0o770);
        let stderr = d.refused(&receive("R-1"));
        assert!(
            stderr.starts_with(&format!(
                "error: refused: the keystore directory {} can be written by other users (mode 0770)",
                keys.display()
            )),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("hint: chmod 700 {}", keys.display())), "{stderr}");
        // Nor is a key created there, nor listed: every key in it is in doubt.
        let stderr = d.refused(&["key", "new", "bob"]);
        assert!(stderr.contains(&format!("hint: chmod 700 {}", keys.display())), "{stderr}");
        assert!(!keys.join("bob.key").exists());
        assert_eq!(std::fs::read_dir(&keys).unwrap().count(), 2, "nothing written in the keystore");
        let stderr = d.refused(&["key", "list"]);
        assert!(stderr.contains("can be written by other users"), "{stderr}");

        chmod(&keys, 0o700);
        d.ok(&receive("R-1"));
        d.ok(&["key", "new", "bob"]);
    }

    #[test]
    fn a_new_keystore_is_created_private() {
        let d = Dir::new();
        d.ok(&["key", "new", "alice"]);
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&d.path().join("keys")), 0o700);
        assert_eq!(mode(&d.path().join("keys").join("alice.key")), 0o600);
    }

    #[test]
    fn a_link_to_a_key_outside_the_keystore_is_refused_one_inside_is_fine() {
        let d = Dir::new();
        d.circle(&[]);
        let keys = d.path().join("keys");
        // Alice's key moved to another directory, and linked from the keystore.
        let elsewhere = d.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        chmod(&elsewhere, 0o700);
        let outside = elsewhere.join("alice.key");
        std::fs::rename(keys.join("alice.key"), &outside).unwrap();
        symlink(&outside, keys.join("alice.key")).unwrap();
        let before = snapshot(&d.ledger());
        let stderr = d.refused(&receive("R-1"));
        let target = std::fs::canonicalize(&outside).unwrap();
        assert!(
            stderr.starts_with(&format!(
                "error: refused: the key file {} is a link to {}, outside the keystore {}",
                keys.join("alice.key").display(),
                target.display(),
                keys.display()
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("hint: put the key itself in the keystore: mv {}", target.display())),
            "{stderr}"
        );
        assert_eq!(snapshot(&d.ledger()), before);
        assert_eq!(listed(&d, &keys), ["support"]);

        // Back in the keystore, a link to it under another name signs as alice.
        std::fs::remove_file(keys.join("alice.key")).unwrap();
        std::fs::rename(&outside, keys.join("alice.key")).unwrap();
        symlink("alice.key", keys.join("amelie.key")).unwrap();
        let mut args = receive("R-1");
        *args.last_mut().unwrap() = "amelie";
        d.ok(&args);
        assert_eq!(d.ok(&["key", "show", "amelie"]), d.ok(&["key", "show", "alice"]));
        assert_eq!(listed(&d, &keys), ["alice", "amelie", "support"]);
    }

    #[test]
    fn a_key_file_of_another_user_is_refused() {
        use std::os::unix::fs::MetadataExt as _;
        let d = Dir::new();
        d.circle(&[]);
        let keys = d.path().join("keys");
        let alice = keys.join("alice.key");
        if std::fs::metadata(&alice).unwrap().uid() != 0 {
            eprintln!("skipped: giving a key file to another user needs root");
            return;
        }
        std::os::unix::fs::chown(&alice, Some(65534), None).unwrap();
        let stderr = d.refused(&receive("R-1"));
        assert!(
            stderr.starts_with(&format!(
                "error: refused: the key file {} belongs to another user (uid 65534), not to you (uid 0)",
                alice.display()
            )),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("chown 0 {}", alice.display())), "{stderr}");
        assert_eq!(listed(&d, &keys), ["support"]);
        std::os::unix::fs::chown(&alice, Some(0), None).unwrap();
        d.ok(&receive("R-1"));
    }
}

#[test]
fn a_protected_key_signs_only_with_its_passphrase_and_moves_encrypted() {
    let d = Dir::new();
    let pass = d.path().join("pass");
    std::fs::write(&pass, "correct horse battery\n").unwrap();
    let p = pass.to_str().unwrap();
    let public = d.ok(&["key", "new", "alice", "--passphrase-file", p]);
    d.ok(&["key", "new", "support", "--unprotected"]);
    let file = std::fs::read_to_string(d.path().join("keys/alice.key")).unwrap();
    assert!(
        file.starts_with("cercle-key/v1 protected") && file.contains("BEGIN AGE ENCRYPTED FILE"),
        "{file}"
    );
    // The public key is shown without the passphrase; nothing is signed without it.
    assert_eq!(d.ok(&["key", "show", "alice"]), public);
    let said = d.refused(&["init", "--name", "Littoral", "--territory", "Opale", "--as", "alice"]);
    assert!(said.contains("protected by a passphrase") && said.contains("--passphrase-file"), "{said}");
    let wrong = d.path().join("wrong");
    std::fs::write(&wrong, "hunter2\n").unwrap();
    let said = d.refused(&[
        "init",
        "--name",
        "Littoral",
        "--territory",
        "Opale",
        "--as",
        "alice",
        "--passphrase-file",
        wrong.to_str().unwrap(),
    ]);
    assert!(said.contains("the passphrase does not open the key alice"), "{said}");
    d.init(&["--passphrase-file", p]);
    // To a new laptop: an export encrypted with the passphrase, imported there.
    let export = d.path().join("alice.export");
    d.ok(&["key", "export", "alice", "--out", export.to_str().unwrap(), "--passphrase-file", p]);
    let text = std::fs::read_to_string(&export).unwrap();
    assert!(text.contains("BEGIN AGE ENCRYPTED FILE") && !text.contains("alice"), "nothing in clear");
    let laptop = Dir::new();
    laptop.refused(&[
        "key",
        "import",
        export.to_str().unwrap(),
        "--passphrase-file",
        wrong.to_str().unwrap(),
    ]);
    assert_eq!(laptop.ok(&["key", "import", export.to_str().unwrap(), "--passphrase-file", p]), public);
    assert_eq!(laptop.ok(&["key", "show", "alice"]), public);
    assert!(std::fs::read_to_string(laptop.path().join("keys/alice.key")).unwrap().contains("protected"));
}
