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
