//! `cercle publish DIR`: the ledger in the C2SP tlog-tiles layout, written once, file by file,
//! so that a shared folder or a static host carries it and sync tools copy only what is new;
//! checked here byte by byte, and by Go's `golang.org/x/mod/sumdb/tlog` (tests/interop/tilecheck).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use base64::Engine as _;

use crate::util::{snapshot, Dir};

/// A circle (alice, the support team, karim) with three funds received, checkpointed by the
/// support team: a tree of 6 entries. Returns the support team's public key.
fn checkpointed(d: &Dir) -> String {
    d.circle(&[("karim", "contributor")]);
    receive(d, 0, 3);
    d.ok(&["checkpoint", "--as", "support"]);
    d.ok(&["key", "show", "support"])
}

/// `count` funds received, with the distinct references `R-<from>` onwards.
fn receive(d: &Dir, from: usize, count: usize) {
    for i in from..from + count {
        let reference = format!("R-{i}");
        d.ok(&["fund", "receive", "10", "--source", "FEDER", "--ref", &reference, "--as", "alice"]);
    }
}

/// Every file under `dir`, by its path relative to `dir` (with `/`), with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let relative = path.strip_prefix(dir).unwrap().to_str().unwrap().replace('\\', "/");
            (relative, bytes)
        })
        .collect()
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files(dir)
        .into_keys()
        .map(|relative| {
            let modified = std::fs::metadata(dir.join(&relative)).unwrap().modified().unwrap();
            (relative, modified)
        })
        .collect()
}

fn publish(d: &Dir, dir: &Path) -> serde_json::Value {
    d.json(&["publish", dir.to_str().unwrap()])
}

/// The size and root of a tree checkpoint note.
fn size_and_root(note: &[u8]) -> (u64, [u8; 32]) {
    let text = std::str::from_utf8(note).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("cercle.invalid/"), "{text}");
    let root = base64::engine::general_purpose::STANDARD.decode(lines[2]).unwrap();
    (lines[1].parse().unwrap(), root.try_into().unwrap())
}

/// The 32-byte hashes of a tile.
fn hashes(tile: &[u8]) -> Vec<[u8; 32]> {
    assert_eq!(tile.len() % 32, 0, "a tile is a whole number of hashes");
    tile.chunks(32).map(|hash| hash.try_into().unwrap()).collect()
}

/// The entries of a bundle: big-endian u16 lengths, each followed by that many bytes.
fn bundle(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        let length = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
        entries.push(bytes[2..2 + length].to_vec());
        bytes = &bytes[2 + length..];
    }
    entries
}

fn keys(files: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    files.keys().map(String::as_str).collect()
}

#[test]
fn publish_writes_the_tlog_tiles_layout_then_only_new_files() {
    let d = Dir::new();
    checkpointed(&d);
    let shared = d.path().join("shared/ledger");
    let said = d.ok(&["publish", shared.to_str().unwrap()]);
    assert_eq!(
        said,
        format!(
            "Published 6 entries of Littoral to {}: 3 new files (checkpoint of size 6).",
            shared.display()
        )
    );
    let first = files(&shared);
    assert_eq!(keys(&first), ["checkpoint", "tile/0/000.p/6", "tile/entries/000.p/6"]);
    // The checkpoint is the support team's note, as the ledger keeps it.
    assert_eq!(first["checkpoint"], std::fs::read(d.ledger().join("checkpoint")).unwrap());
    let (size, root) = size_and_root(&first["checkpoint"]);
    assert_eq!(size, 6);
    // The level-0 tile holds the entries' hashes (RFC 6962 leaf hashes of the bundle's bytes),
    // and the tree over them has the checkpoint's root.
    let leaves = hashes(&first["tile/0/000.p/6"]);
    let entries = bundle(&first["tile/entries/000.p/6"]);
    assert_eq!((leaves.len(), entries.len()), (6, 6));
    for (leaf, entry) in leaves.iter().zip(&entries) {
        assert_eq!(cercle_core::entry_hash(entry).0, *leaf);
        assert!(entry.len() <= cercle_core::ENTRY_BYTES_MAX);
    }
    assert_eq!(cercle_core::merkle::root(&leaves), root);

    // Nothing new: nothing written, not a byte, not a time.
    let times = mtimes(&shared);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = publish(&d, &shared);
    assert_eq!((again["new_files"].as_u64(), again["checkpoint"].as_str()), (Some(0), Some("unchanged")));
    assert_eq!(again["unchanged_files"], 3);
    assert_eq!(files(&shared), first);
    assert_eq!(mtimes(&shared), times);

    // Past a full tile of 256 entries and a new checkpoint: 6 + 300 + the checkpoint entry.
    receive(&d, 3, 300);
    d.ok(&["checkpoint", "--as", "support"]);
    let json = publish(&d, &shared);
    assert_eq!(json["size"], 307);
    assert_eq!(json["circle"], "Littoral");
    assert_eq!((json["new_tiles"].as_u64(), json["new_bundles"].as_u64()), (Some(3), Some(2)));
    assert_eq!((json["new_files"].as_u64(), json["checkpoint"].as_str()), (Some(5), Some("replaced")));
    assert_eq!(json["unchanged_files"], 0);
    let second = files(&shared);
    assert_eq!(
        keys(&second),
        [
            "checkpoint",
            "tile/0/000",
            "tile/0/000.p/6",
            "tile/0/001.p/51",
            "tile/1/000.p/1",
            "tile/entries/000",
            "tile/entries/000.p/6",
            "tile/entries/001.p/51",
        ]
    );
    // The old files, partial tiles included, are as they were; only the checkpoint changed.
    let later = mtimes(&shared);
    for (path, bytes) in &first {
        if path != "checkpoint" {
            assert_eq!(&second[path], bytes, "{path} changed");
            assert_eq!(later[path], times[path], "{path} was rewritten");
        }
    }
    assert_eq!(second["checkpoint"], std::fs::read(d.ledger().join("checkpoint")).unwrap());
    let (size, root) = size_and_root(&second["checkpoint"]);
    assert_eq!(size, 307);
    assert_eq!((second["tile/0/000"].len(), second["tile/0/001.p/51"].len()), (8192, 51 * 32));
    let full = hashes(&second["tile/0/000"]);
    let mut leaves = full.clone();
    leaves.extend(hashes(&second["tile/0/001.p/51"]));
    let mut entries = bundle(&second["tile/entries/000"]);
    entries.extend(bundle(&second["tile/entries/001.p/51"]));
    assert_eq!((leaves.len(), entries.len()), (307, 307));
    for (leaf, entry) in leaves.iter().zip(&entries) {
        assert_eq!(cercle_core::entry_hash(entry).0, *leaf);
    }
    // Level 1 holds the root of each full level-0 tile; the old partial tile is a prefix.
    assert_eq!(second["tile/1/000.p/1"], cercle_core::merkle::root(&full));
    assert_eq!(&second["tile/0/000"][..6 * 32], &first["tile/0/000.p/6"][..]);
    assert_eq!(cercle_core::merkle::root(&leaves), root);
    // Every file was written whole, under a temporary name that is gone.
    assert!(second.keys().all(|path| !path.ends_with(".tmp")), "{:?}", keys(&second));
    let said = d.ok(&["publish", shared.to_str().unwrap()]);
    assert!(said.contains("Published 307 entries of Littoral") && said.contains(": 0 new files"), "{said}");
}

#[test]
fn a_damaged_or_foreign_folder_is_refused_and_left_as_it_was() {
    let d = Dir::new();
    checkpointed(&d);
    let shared = d.path().join("shared");
    let older = d.path().join("older-copy");
    copy_dir(&d.ledger(), &older);
    publish(&d, &shared);
    // Something new to publish, so that a refusal is seen to write nothing.
    receive(&d, 3, 2);
    d.ok(&["checkpoint", "--as", "support"]);

    // One byte of a tile changed.
    let tile = shared.join("tile/0/000.p/6");
    let good = std::fs::read(&tile).unwrap();
    let mut bad = good.clone();
    bad[40] ^= 1;
    std::fs::write(&tile, &bad).unwrap();
    let before = files(&shared);
    let stderr = d.refused(&["publish", shared.to_str().unwrap()]);
    assert!(
        stderr.starts_with(&format!(
            "error: refused: {} exists with other bytes: this folder holds another ledger or was damaged",
            tile.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    assert_eq!(files(&shared), before, "a refused publication writes nothing");
    std::fs::write(&tile, &good).unwrap();

    // An entry bundle cut short.
    let entries = shared.join("tile/entries/000.p/6");
    let good = std::fs::read(&entries).unwrap();
    std::fs::write(&entries, &good[..good.len() - 1]).unwrap();
    let stderr = d.refused(&["publish", shared.to_str().unwrap()]);
    assert!(stderr.contains("tile/entries/000.p/6 exists with other bytes"), "{stderr}");
    std::fs::write(&entries, &good).unwrap();

    // A checkpoint of another circle in the folder (the same names, another ledger).
    let other = Dir::new();
    checkpointed(&other);
    let theirs = other.path().join("shared");
    publish(&other, &theirs);
    let before = files(&theirs);
    let stderr = d.refused(&["publish", theirs.to_str().unwrap()]);
    assert!(stderr.contains("checkpoint of another circle") && stderr.contains("another ledger"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    assert_eq!(files(&theirs), before);

    // The folder is good again: it takes the new files, and then it is ahead of an older copy
    // of the ledger, which may not go back.
    let json = publish(&d, &shared);
    assert_eq!(json["size"], 9);
    let before = files(&shared);
    let stderr = d.refused(&["publish", shared.to_str().unwrap(), "--ledger", older.to_str().unwrap()]);
    assert!(stderr.contains("of size 9, larger than this ledger's latest checkpoint (6)"), "{stderr}");
    assert_eq!(files(&shared), before);

    // A ledger with no tree checkpoint has nothing to publish, and says who signs one.
    let fresh = Dir::new();
    fresh.circle(&[]);
    let stderr = fresh.refused(&["publish", fresh.path().join("shared").to_str().unwrap()]);
    assert!(
        stderr.contains("no tree checkpoint") && stderr.contains("cercle checkpoint --as KEY"),
        "{stderr}"
    );
    assert!(!fresh.path().join("shared").exists(), "a refused publication creates nothing");
}

fn copy_dir(from: &Path, to: &Path) {
    for (path, bytes) in snapshot(from) {
        let target: PathBuf = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

/// Go's own `golang.org/x/mod/sumdb/note` and `.../tlog` read the published folder: the note's
/// signature, every tile through `tlog.TileHashReader` (authenticated against the root), every
/// entry bundle, and inclusion proofs made by `tlog.ProveRecord` from the tiles; a changed tile
/// or bundle fails. The program is tests/interop/tilecheck; it needs `go` and Debian's
/// golang-golang-x-mod-dev, which `.ci/run` installs; elsewhere the test says it is skipped,
/// and under CI it fails instead.
#[test]
fn go_tlog_reads_the_published_tiles() {
    let d = Dir::new();
    let support = checkpointed(&d);
    let Some(checker) = crate::util::go_program(&d, "tilecheck") else { return };
    let shared = d.path().join("shared");
    let run = |key: &str, records: &[&str]| {
        std::process::Command::new(&checker).arg(&shared).arg(key).args(records).output().unwrap()
    };
    let ok = |records: &[&str]| {
        let checked = run(&support, records);
        assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
        String::from_utf8_lossy(&checked.stdout).to_string()
    };
    publish(&d, &shared);
    assert!(ok(&[]).starts_with("ok: cercle-support; 6 entries"));
    // Two levels of tiles, full and partial, after a second publication.
    receive(&d, 3, 300);
    d.ok(&["checkpoint", "--as", "support"]);
    publish(&d, &shared);
    let said = ok(&["0", "5", "255", "256", "306"]);
    assert!(said.starts_with("ok: cercle-support; 307 entries"), "{said}");
    // Another key is not the support team's.
    let karim = d.ok(&["key", "show", "karim"]);
    assert!(!run(&karim, &[]).status.success());
    // A changed hash in a tile, or a changed entry in a bundle, fails.
    for file in ["tile/0/000", "tile/0/001.p/51", "tile/1/000.p/1", "tile/entries/001.p/51"] {
        let path = shared.join(file);
        let good = std::fs::read(&path).unwrap();
        let mut bad = good.clone();
        bad[good.len() - 1] ^= 1;
        std::fs::write(&path, &bad).unwrap();
        let checked = run(&support, &["0", "300"]);
        assert!(!checked.status.success(), "Go accepted a changed {file}");
        std::fs::write(&path, &good).unwrap();
    }
    ok(&[]);
}

/// A published folder is read as an export is: `verify DIR`, `import DIR` and `audit DIR`
/// check its entries against its signed checkpoint's root; a changed, missing or added entry
/// fails, naming the folder.
#[test]
fn verify_import_and_audit_read_a_published_folder() {
    let d = Dir::new();
    checkpointed(&d);
    receive(&d, 3, 300);
    d.ok(&["checkpoint", "--as", "support"]);
    let dir = d.path().join("published");
    publish(&d, &dir);
    let folder = dir.to_str().unwrap();
    let said = d.ok(&["verify", folder]);
    assert!(said.starts_with("Verified Littoral"), "{said}");
    let copy = d.path().join("copy");
    d.ok(&["import", folder, "--ledger", copy.to_str().unwrap()]);
    assert_eq!(
        d.json(&["report", "--ledger", copy.to_str().unwrap()])["totals"],
        d.json(&["report"])["totals"]
    );
    let audit = d.json(&["audit", folder]);
    assert_eq!(audit["circles"][0]["verified"], true, "{audit}");
    // One byte of an entry's text changed in the first bundle: the root no longer holds (or the
    // entry no longer decodes), and nothing is imported.
    let bundle = dir.join("tile/entries/000");
    let original = std::fs::read(&bundle).unwrap();
    let mut changed = original.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    std::fs::write(&bundle, &changed).unwrap();
    let stderr = d.refused(&["verify", folder]);
    assert!(stderr.contains("the published ledger at") && stderr.contains("hint: "), "{stderr}");
    let refused_copy = d.path().join("refused");
    d.refused(&["import", folder, "--ledger", refused_copy.to_str().unwrap()]);
    assert!(!refused_copy.exists());
    std::fs::write(&bundle, &original).unwrap();
    // The last bundle gone: refused, naming the file.
    let last = std::fs::read_dir(dir.join("tile/entries/001.p")).unwrap().next().unwrap().unwrap().path();
    std::fs::remove_file(&last).unwrap();
    let stderr = d.refused(&["verify", folder]);
    assert!(stderr.contains("entries/001.p"), "{stderr}");
}

/// A witness that audited a published folder re-audits its next publication by a consistency
/// proof read from the hash tiles: only the new bundles are read (an old bundle removed does
/// not matter), the report is a full audit's, and an old tile changed, or a folder published
/// from another history of the same circle, fails naming both trees.
#[test]
fn a_witness_re_audits_a_published_folder_by_a_consistency_proof() {
    let d = Dir::new();
    checkpointed(&d);
    receive(&d, 3, 520);
    d.ok(&["checkpoint", "--as", "support"]);
    let dir = d.path().join("published");
    publish(&d, &dir);
    let (folder, witness) = (dir.to_str().unwrap(), d.path().join("witness"));
    let w = witness.to_str().unwrap();
    let first = d.cmd(&["audit", folder, "--witness", w]).output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    receive(&d, 523, 40);
    d.ok(&["checkpoint", "--as", "support"]);
    publish(&d, &dir);
    // An old bundle is not read again: without it, the re-audit still passes (the first is,
    // for the genesis that names the key the checkpoint is signed with).
    let old_bundle = dir.join("tile/entries/001");
    let kept_bundle = std::fs::read(&old_bundle).unwrap();
    std::fs::remove_file(&old_bundle).unwrap();
    let witness_before = snapshot(&witness);
    let again = d.cmd(&["audit", folder, "--witness", w, "--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr} {}", String::from_utf8_lossy(&again.stdout));
    assert!(
        stderr.contains("by a consistency proof") && stderr.contains("41 new entries verified"),
        "{stderr}"
    );
    std::fs::write(&old_bundle, &kept_bundle).unwrap();
    let scratch = d.json(&["audit", folder]);
    let mut resumed: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    resumed.as_object_mut().unwrap().remove("witness");
    let mut scratch = scratch;
    scratch.as_object_mut().unwrap().remove("witness");
    assert_eq!(resumed, scratch, "the report of a full audit");
    assert_ne!(snapshot(&witness), witness_before, "the record moved on");

    // One hash of the level-1 tile changed (the roots of the first 256-entry subtrees): the old
    // tree no longer gives the witness's root. (A level-0 tile under it is not read.)
    let witness_kept = snapshot(&witness);
    let restore = |w: &Path, files: &[(PathBuf, Vec<u8>)]| {
        std::fs::remove_dir_all(w).unwrap();
        for (path, bytes) in files {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    };
    receive(&d, 563, 3);
    d.ok(&["checkpoint", "--as", "support"]);
    publish(&d, &dir);
    let tile = dir.join("tile/1/000.p/2");
    let original = std::fs::read(&tile).unwrap();
    let mut changed = original.clone();
    changed[40] ^= 1;
    std::fs::write(&tile, &changed).unwrap();
    let out = d.cmd(&["audit", folder, "--witness", w, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("this witness verified"), "{text}");
    assert_eq!(snapshot(&witness), witness_kept, "a failed audit leaves the witness as it was");
    std::fs::write(&tile, &original).unwrap();

    // The same circle published from another history after its first entries: not consistent.
    let lines: Vec<String> = d.ok(&["export", "--format", "jsonl"]).lines().map(String::from).collect();
    let start = d.path().join("start.jsonl");
    std::fs::write(&start, lines[..560].join("\n") + "\n").unwrap();
    let other = d.path().join("other");
    d.ok(&["import", start.to_str().unwrap(), "--ledger", other.to_str().unwrap()]);
    let o = other.to_str().unwrap();
    for i in 0..15 {
        let reference = format!("X-{i}");
        d.ok(&[
            "fund", "receive", "99", "--source", "FEDER", "--ref", &reference, "--as", "alice", "--ledger", o,
        ]);
    }
    d.ok(&["checkpoint", "--as", "support", "--ledger", o]);
    let rewritten = d.path().join("rewritten");
    d.ok(&["publish", rewritten.to_str().unwrap(), "--ledger", o]);
    let out =
        d.cmd(&["audit", rewritten.to_str().unwrap(), "--witness", w, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("is not consistent with the tree of") && text.contains("this witness verified"),
        "{text}"
    );
    restore(&witness, &witness_kept);
    let out = d.cmd(&["audit", folder, "--witness", w]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `cercle publish DIR` with a relative DIR that does not exist yet (the usual first run, from
/// the folder the shared one sits in) creates it; it once failed syncing the parent "".
#[test]
fn publish_creates_a_relative_folder() {
    let d = Dir::new();
    checkpointed(&d);
    let said = d.ok(&["publish", "shared"]);
    assert!(said.starts_with("Published 6 entries of Littoral to shared:"), "{said}");
    assert!(d.ok(&["verify", "shared"]).starts_with("Verified Littoral"));
}

/// Publishing again reads no file the folder's checkpoint vouches for (one of this ledger's
/// trees: the files a publication of that tree wrote, before it): an old full bundle changed in
/// place is neither read nor touched (an old tile removed is written again, found by its
/// metadata), and `cercle verify DIR`, which checks a folder against its checkpoint, is what
/// finds it. A folder whose checkpoint vouches for nothing (none) is compared file by file, and
/// one whose checkpoint is of a fork of this ledger is refused, as they were; both are left as
/// they were.
#[test]
fn publishing_again_reads_only_what_the_folders_checkpoint_does_not_vouch_for() {
    let d = Dir::new();
    checkpointed(&d);
    receive(&d, 3, 300);
    d.ok(&["checkpoint", "--as", "support"]);
    let shared = d.path().join("vouched");
    let folder = shared.to_str().unwrap();
    assert_eq!(publish(&d, &shared)["size"], 307);

    // After that publication, an old full bundle holds other bytes of the same length, and an
    // old full tile is gone.
    let bundle = shared.join("tile/entries/000");
    let good_bundle = std::fs::read(&bundle).unwrap();
    let mut changed = good_bundle.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    std::fs::write(&bundle, &changed).unwrap();
    let tile = shared.join("tile/0/000");
    let good_tile = std::fs::read(&tile).unwrap();
    std::fs::remove_file(&tile).unwrap();

    // New entries: the publication succeeds, writes the new files and the missing tile again,
    // and leaves the changed bundle as it is.
    receive(&d, 303, 3);
    d.ok(&["checkpoint", "--as", "support"]);
    let json = publish(&d, &shared);
    let size = json["size"].as_u64().unwrap();
    assert!(size > 307, "{json}");
    assert_eq!((json["new_tiles"].as_u64(), json["new_bundles"].as_u64()), (Some(2), Some(1)), "{json}");
    assert_eq!(json["checkpoint"], "replaced");
    assert_eq!(std::fs::read(&tile).unwrap(), good_tile, "the missing tile is written again");
    assert_eq!(std::fs::read(&bundle).unwrap(), changed, "the old bundle is neither read nor touched");
    let last = format!("tile/entries/001.p/{}", size - 256);
    assert!(shared.join(&last).is_file(), "{last}");
    // `verify DIR` checks the folder: the changed bundle fails it.
    let stderr = d.refused(&["verify", folder]);
    assert!(stderr.contains("the published ledger at") && stderr.contains(folder), "{stderr}");

    // Without its checkpoint, the folder vouches for nothing: every file is compared, and the
    // changed bundle refused, as before; nothing is written.
    let checkpoint = shared.join("checkpoint");
    let kept_checkpoint = std::fs::read(&checkpoint).unwrap();
    std::fs::remove_file(&checkpoint).unwrap();
    let before = files(&shared);
    let stderr = d.refused(&["publish", folder]);
    assert!(
        stderr.starts_with(&format!(
            "error: refused: {} exists with other bytes: this folder holds another ledger or was damaged",
            bundle.display()
        )),
        "{stderr}"
    );
    assert_eq!(files(&shared), before, "a refused publication writes nothing");
    // The bundle put right, every file compared holds: only the checkpoint is written.
    std::fs::write(&bundle, &good_bundle).unwrap();
    let json = publish(&d, &shared);
    assert_eq!((json["new_files"].as_u64(), json["checkpoint"].as_str()), (Some(1), Some("new")), "{json}");
    assert_eq!(std::fs::read(&checkpoint).unwrap(), kept_checkpoint);
    assert!(d.ok(&["verify", folder]).starts_with("Verified Littoral"));

    // The checkpoint of a fork of this ledger (the same circle, another history after its first
    // entries, a smaller tree) vouches for nothing either: refused, and the folder left as it was.
    let lines: Vec<String> = d.ok(&["export", "--format", "jsonl"]).lines().map(String::from).collect();
    let start = d.path().join("start.jsonl");
    std::fs::write(&start, lines[..20].join("\n") + "\n").unwrap();
    let fork = d.path().join("fork");
    let f = fork.to_str().unwrap();
    d.ok(&["import", start.to_str().unwrap(), "--ledger", f]);
    d.ok(&["fund", "receive", "99", "--source", "FEDER", "--ref", "X-0", "--as", "alice", "--ledger", f]);
    d.ok(&["checkpoint", "--as", "support", "--ledger", f]);
    std::fs::write(&checkpoint, std::fs::read(fork.join("checkpoint")).unwrap()).unwrap();
    std::fs::write(&bundle, &changed).unwrap();
    let before = files(&shared);
    let stderr = d.refused(&["publish", folder]);
    assert!(stderr.contains("the folder holds a fork of Littoral"), "{stderr}");
    assert_eq!(files(&shared), before);
}
