//! Durability end to end, on the real binary: a full disk never makes an acknowledgement wrong,
//! a read-only disk still serves every reader, writers queue while readers read, readers never
//! change a byte, an interrupted `init` or `import` never blocks a retry, and `cercle repair`
//! brings back a damaged ledger. (`scripts/crash-syscalls` does the same at every syscall, with
//! strace; docs/RELIABILITY.md has the figures.)

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use crate::util::{entry_count, snapshot, Dir};

/// `cercle ARGS --ledger LEDGER`, whatever its outcome.
fn run(d: &Dir, ledger: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--ledger", ledger.to_str().unwrap()]);
    d.cmd(&all).output().expect("cercle runs")
}

/// `cercle ARGS --ledger LEDGER`, which must succeed; returns stdout.
fn ok_on(d: &Dir, ledger: &Path, args: &[&str]) -> String {
    let output = run(d, ledger, args);
    assert!(
        output.status.success(),
        "cercle {args:?} on {} failed ({:?}):\n{}",
        ledger.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn receive(reference: &str) -> [&str; 9] {
    ["fund", "receive", "1", "--source", "FEDER", "--ref", reference, "--as", "alice"]
}

/// `init` of the circle Littoral at `ledger` (the keys alice and support must exist).
fn init_args(d: &Dir) -> Vec<String> {
    let support = d.ok(&["key", "show", "support"]);
    ["init", "--name", "Littoral", "--territory", "Côte d'Opale", "--status", "active", "--support-key"]
        .iter()
        .map(|s| s.to_string())
        .chain([support, "--as".into(), "alice".into()])
        .collect()
}

fn keys(d: &Dir) {
    for name in ["alice", "support"] {
        d.ok(&["key", "new", name]);
    }
}

fn verifies(d: &Dir, ledger: &Path) {
    let out = ok_on(d, ledger, &["verify"]);
    assert!(out.starts_with("Verified"), "{out}");
}

/// A ledger with something in every part: members, funds, a closed meeting (history), an
/// open meeting and a pending proposal.
fn busy_circle(d: &Dir, ledger: &Path) {
    keys(d);
    d.ok(&["key", "new", "bob"]);
    let init = init_args(d);
    ok_on(d, ledger, &init.iter().map(String::as_str).collect::<Vec<_>>());
    ok_on(
        d,
        ledger,
        &["member", "add", "bob", "--key-name", "bob", "--role", "contributor", "--as", "alice"],
    );
    ok_on(d, ledger, &receive("CONV-1"));
    ok_on(d, ledger, &["propose", "action", "--title", "Rencontres", "--envelope", "300", "--as", "bob"]);
    ok_on(d, ledger, &["propose", "action", "--title", "Cartographie", "--envelope", "80", "--as", "bob"]);
    ok_on(d, ledger, &["meeting", "open", "--date", "2024-01-15", "--agenda", "P1", "--as", "alice"]);
    for who in ["alice", "bob"] {
        ok_on(d, ledger, &["meeting", "attend", "M1", "--as", who]);
        ok_on(d, ledger, &["vote", "M1", "P1", "for", "--as", who]);
    }
    ok_on(d, ledger, &["meeting", "close", "M1", "--as", "alice"]);
    ok_on(d, ledger, &["meeting", "open", "--date", "2024-01-16", "--agenda", "P2", "--as", "alice"]);
}

/// Every command that only reads a ledger.
const READERS: &[&[&str]] = &[
    &["status"],
    &["status", "--json"],
    &["report"],
    &["report", "--json"],
    &["log"],
    &["log", "--json"],
    &["verify"],
    &["export", "--format", "jsonl"],
    &["export", "--format", "csv"],
    &["export", "--format", "hledger"],
    &["meeting", "show", "M1"],
    &["meeting", "show", "M2"],
    &["proposal", "list"],
    &["member", "list"],
];

#[cfg(unix)]
#[test]
fn a_full_disk_never_makes_an_acknowledgement_wrong() {
    use crate::util::Tmpfs;
    let d = Dir::new();
    let Some(disk) = Tmpfs::mount(&d.path().join("disk"), "256k") else { return };
    let ledger = disk.at.join("ledger");
    keys(&d);
    let init = init_args(&d);
    ok_on(&d, &ledger, &init.iter().map(String::as_str).collect::<Vec<_>>());

    let (mut acknowledged, mut refused, mut unknown) = (0u64, 0u64, 0u64);
    let mut expected = 1u64;
    let mut trial = 0;
    for free_pages in [0u64, 1, 0, 2, 1, 3] {
        let filler = disk.leave_free(free_pages);
        // Append until the disk refuses three times (an entry fits in a page's last bytes).
        let refused_before = refused;
        for _ in 0..24 {
            if refused == refused_before + 3 {
                break;
            }
            trial += 1;
            let before = entry_count(&d, &ledger);
            assert_eq!(before, expected, "an acknowledged entry is missing (trial {trial})");
            let output = run(&d, &ledger, &receive(&format!("R-{trial}")));
            let stderr = String::from_utf8_lossy(&output.stderr);
            let after = entry_count(&d, &ledger);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "an answer, not a crash (trial {trial}, {free_pages} pages free):\n{stderr}"
            );
            if stderr.contains("is unknown") {
                unknown += 1;
                assert!(after == before || after == before + 1, "trial {trial}: {before} -> {after}");
            } else if output.status.success() {
                acknowledged += 1;
                assert_eq!(after, before + 1, "exit 0 without the entry (trial {trial}):\n{stderr}");
            } else {
                refused += 1;
                assert_eq!(after, before, "exit 1, but the entry was recorded (trial {trial}):\n{stderr}");
                // Notes about earlier entries may come first; then one clear sentence.
                let error = stderr.lines().find(|line| !line.starts_with("note: ")).unwrap_or_default();
                assert!(error.starts_with("error: "), "one clear sentence:\n{stderr}");
                assert!(error.contains("No space left on device"), "{stderr}");
                assert!(
                    !stderr.contains("the entry is recorded"),
                    "a refusal must not say that the entry is recorded (trial {trial}):\n{stderr}"
                );
            }
            expected = after;
            verifies(&d, &ledger);
        }
        drop(filler);
    }
    assert!(refused > 0, "the disk was never full enough to refuse an entry");
    assert!(acknowledged > 0, "no entry fitted in the last free bytes");
    eprintln!("full disk: {acknowledged} acknowledged, {refused} refused, {unknown} unknown, all exact");

    // Space again: appends work, and nothing acknowledged went missing.
    std::fs::remove_file(disk.at.join("filler")).unwrap();
    for round in 0..3 {
        ok_on(&d, &ledger, &receive(&format!("AFTER-{round}")));
    }
    assert_eq!(entry_count(&d, &ledger), expected + 3);
    verifies(&d, &ledger);
}

#[cfg(unix)]
#[test]
fn a_read_only_disk_serves_every_reader_and_refuses_writes_clearly() {
    use crate::util::Tmpfs;
    let d = Dir::new();
    let Some(disk) = Tmpfs::mount(&d.path().join("disk"), "4m") else { return };
    let ledger = disk.at.join("ledger");
    busy_circle(&d, &ledger);
    let before = snapshot(&ledger);
    disk.remount("ro");

    for args in READERS {
        ok_on(&d, &ledger, args);
    }
    assert!(ok_on(&d, &ledger, &["proposal", "list"]).contains("P2"), "the pending proposal is listed");
    let output = run(&d, &ledger, &receive("RO-1"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "a write on a read-only disk is refused:\n{stderr}");
    assert!(stderr.starts_with("error: "), "one clear sentence first:\n{stderr}");
    assert!(stderr.contains("Read-only file system"), "says why:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(&ledger), before, "nothing changed");

    // Writable again: the same append works.
    disk.remount("rw");
    ok_on(&d, &ledger, &receive("RO-1"));
    verifies(&d, &ledger);
}

#[test]
fn eight_writers_and_four_readers_at_once() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let d = Dir::new();
    d.circle(&[]);
    let ledger = d.ledger();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..4)
            .map(|reader| {
                let (d, done) = (&d, &done);
                scope.spawn(move || {
                    let commands: [&[&str]; 3] = [&["status"], &["report", "--json"], &["verify"]];
                    let mut runs = 0u32;
                    while !done.load(Ordering::SeqCst) || runs < 3 {
                        let args = commands[(runs as usize + reader) % 3];
                        let output = d.cmd(args).output().unwrap();
                        assert!(
                            output.status.success(),
                            "reader {reader}: cercle {args:?} failed while writers wrote:\n{}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        runs += 1;
                    }
                    runs
                })
            })
            .collect();
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                d.std_cmd(&receive(&format!("W-{writer}")))
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (writer, child) in writers.into_iter().enumerate() {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "writer {writer} was refused within the default wait:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        done.store(true, Ordering::SeqCst);
        for reader in readers {
            assert!(reader.join().unwrap() >= 3);
        }
    });
    let log = d.json(&["log"]);
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 9, "the genesis and eight receipts");
    for writer in 0..8 {
        let reference = format!("W-{writer}");
        let found = entries.iter().filter(|e| e["body"]["reference"] == reference.as_str()).count();
        assert_eq!(found, 1, "{reference} is there exactly once");
    }
    verifies(&d, &ledger);
}

#[test]
fn readers_never_change_a_byte() {
    let d = Dir::new();
    let ledger = d.ledger();
    busy_circle(&d, &ledger);
    let run_readers = |case: &str| {
        let before = snapshot(&ledger);
        for args in READERS {
            ok_on(&d, &ledger, args);
        }
        assert_eq!(snapshot(&ledger), before, "{case}: a reader changed the ledger's files");
    };
    run_readers("a settled ledger");

    // An append interrupted mid-record: readers see the entries before it and leave it for the
    // next writer to cut.
    let count = entry_count(&d, &ledger);
    let mut entries = std::fs::read(ledger.join("entries")).unwrap();
    entries.extend_from_slice(&[0, 0, 1, 0, b'p', b'a', b'r', b't']);
    std::fs::write(ledger.join("entries"), &entries).unwrap();
    run_readers("a torn record at the end");
    assert_eq!(entry_count(&d, &ledger), count);

    // Derived state missing: readers rebuild it in memory, and write nothing.
    std::fs::remove_file(ledger.join("state")).unwrap();
    run_readers("no state file");
    assert_eq!(entry_count(&d, &ledger), count);

    // The next writer cuts the torn record and rewrites the state.
    let output = run(&d, &ledger, &receive("AFTER"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"), "the cut is noted");
    assert_eq!(entry_count(&d, &ledger), count + 1);
    assert!(ledger.join("state").exists());
    verifies(&d, &ledger);
}

/// Kill `cercle ARGS --ledger DIR` after a short while, for a range of whiles: whatever is left
/// either is the whole ledger or does not stop the same command from succeeding.
fn killed_creations(d: &Dir, name: &str, args: &[&str], expected_entries: u64) {
    let (mut finished, mut interrupted) = (0, 0);
    for round in 0..16u64 {
        let ledger = d.path().join(format!("{name}-{round}")).join("ledger");
        let mut all = args.to_vec();
        all.extend_from_slice(&["--ledger", ledger.to_str().unwrap()]);
        let mut child = d
            .std_cmd(&all)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(round * round * 120));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            finished += 1;
        } else {
            interrupted += 1;
        }
        if !ledger.join("format").exists() {
            // Nothing usable was made: the same command must succeed now.
            ok_on(d, &ledger, args);
        }
        verifies(d, &ledger);
        assert_eq!(entry_count(d, &ledger), expected_entries, "{name} round {round}");
        // Nothing left beside it but the ledger (a temporary directory of a killed run may
        // remain: it is hidden, and blocks nothing).
        let parent = ledger.parent().unwrap();
        for item in std::fs::read_dir(parent).unwrap().flatten() {
            let file = item.file_name().to_string_lossy().into_owned();
            assert!(file == "ledger" || file.starts_with(".ledger.cercle-new-"), "{name}: left {file}");
        }
    }
    eprintln!("{name}: {interrupted} interrupted, {finished} finished; every retry succeeded");
}

#[test]
fn an_interrupted_init_or_import_never_blocks_a_retry() {
    let d = Dir::new();
    d.circle(&[]);
    for round in 0..3 {
        d.ok(&receive(&format!("R-{round}")));
    }
    let export = d.path().join("export.jsonl");
    std::fs::write(&export, d.ok(&["export", "--format", "jsonl"]) + "\n").unwrap();
    let init = init_args(&d);
    killed_creations(&d, "init", &init.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    killed_creations(&d, "import", &["import", export.to_str().unwrap()], 4);
}

#[test]
fn repair_brings_back_a_ledger_whose_end_was_cut() {
    let d = Dir::new();
    d.circle(&[]);
    let ledger = d.ledger();
    for round in 0..5 {
        d.ok(&receive(&format!("R-{round}")));
    }
    assert_eq!(entry_count(&d, &ledger), 6);
    // Behind the store's back: the last acknowledged entry loses its last bytes.
    let entries = std::fs::OpenOptions::new().write(true).open(ledger.join("entries")).unwrap();
    let len = entries.metadata().unwrap().len();
    entries.set_len(len - 5).unwrap();
    drop(entries);

    for args in [&["status"][..], &["verify"], &["report"]] {
        let output = d.cmd(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?} on a damaged ledger:\n{stderr}");
        assert!(stderr.starts_with("error: the ledger at "), "{stderr}");
        assert!(stderr.contains("is damaged"), "names the damage:\n{stderr}");
        assert!(stderr.contains("entry 5"), "names the entry:\n{stderr}");
        assert!(
            stderr.contains("hint: ") && stderr.contains("cercle repair"),
            "says how to recover:\n{stderr}"
        );
    }
    // A writer refuses too, rather than write after damage.
    let output = d.cmd(&receive("AFTER-DAMAGE")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cercle repair"));

    let repaired = d.ok(&["repair"]);
    assert!(repaired.starts_with("Kept 5 intact entries of "), "{repaired}");
    assert!(repaired.contains("damaged-"), "says where the files were set aside:\n{repaired}");
    let aside: Vec<_> = std::fs::read_dir(&ledger)
        .unwrap()
        .flatten()
        .filter(|item| item.file_name().to_string_lossy().starts_with("damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "one directory of damaged files");
    let kept = std::fs::read(aside[0].path().join("entries")).unwrap();
    assert_eq!(kept.len() as u64, len - 5, "the entries as they were are kept aside");

    verifies(&d, &ledger);
    assert_eq!(entry_count(&d, &ledger), 5);
    d.ok(&receive("AFTER-REPAIR"));
    assert_eq!(entry_count(&d, &ledger), 6);
    verifies(&d, &ledger);
    let json = d.json(&["repair"]);
    assert_eq!(json["kept"], 6, "a repair of an intact ledger keeps everything: {json}");
}
