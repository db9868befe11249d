//! `cercle sync DIR`: a member on their own machine takes the circle's ledger from the folder
//! the keeper publishes to, then takes only what was added; a publication that does not extend
//! their copy is refused with both heads, and the copy is left byte for byte as it was.

use std::path::Path;

use crate::util::{snapshot, Dir};

/// The keeper's circle (alice the soucieux, the support team, karim), with funds and a
/// checkpoint: what `publish` needs.
fn keeper_circle() -> Dir {
    let d = Dir::new();
    d.circle(&[("karim", "contributor")]);
    receive(&d, 0, 3);
    d.ok(&["checkpoint", "--as", "support"]);
    d
}

fn receive(d: &Dir, from: usize, count: usize) {
    for i in from..from + count {
        let reference = format!("R-{i}");
        d.ok(&["fund", "receive", "10", "--source", "FEDER", "--ref", &reference, "--as", "alice"]);
    }
}

/// The keeper adds `count` funds, checkpoints and publishes into `shared`.
fn publish_more(d: &Dir, shared: &Path, from: usize, count: usize) {
    receive(d, from, count);
    d.ok(&["checkpoint", "--as", "support"]);
    d.ok(&["publish", shared.to_str().unwrap()]);
}

#[test]
fn a_member_takes_the_ledger_then_only_what_was_added() {
    let keeper = keeper_circle();
    let shared = keeper.path().join("shared");
    keeper.ok(&["publish", shared.to_str().unwrap()]);
    let s = shared.to_str().unwrap();
    // Karim's machine: his own directory, keystore and ledger; no key is needed to sync.
    let karim = Dir::new();
    let said = karim.ok(&["sync", s]);
    assert!(said.starts_with("Took Littoral from") && said.contains("6 verified entries"), "{said}");
    assert_eq!(karim.json(&["report"]), keeper.json(&["report"]));
    let said = karim.ok(&["sync", s]);
    assert!(said.contains("is up to date"), "{said}");

    publish_more(&keeper, &shared, 3, 5);
    let json = karim.json(&["sync", s]);
    assert_eq!(json["new_entries"], 6, "{json}");
    assert_eq!(json["entries"], 12, "{json}");
    assert_eq!(karim.json(&["report"]), keeper.json(&["report"]));
    assert_eq!(karim.ok(&["status"]), keeper.ok(&["status"]));
    // The checkpoint came with the entries: karim can prove a payout-like entry himself.
    let proof = karim.path().join("fund.proof");
    karim.ok(&["prove", "#9", "--out", proof.to_str().unwrap()]);
    let support = keeper.ok(&["key", "show", "support"]);
    let checked = karim.ok(&["check-proof", proof.to_str().unwrap(), "--key", &support]);
    assert!(checked.contains("#9 of 12"), "{checked}");

    // A copy of the folder from before: behind karim's ledger, and the same history.
    let old = keeper.path().join("old");
    crate::util::copy_dir(&shared, &old);
    publish_more(&keeper, &shared, 8, 2);
    karim.ok(&["sync", s]);
    let said = karim.ok(&["sync", old.to_str().unwrap()]);
    assert!(said.contains("nothing to take"), "{said}");
}

#[test]
fn a_publication_that_does_not_extend_the_copy_is_refused_with_both_heads() {
    let keeper = keeper_circle();
    let shared = keeper.path().join("shared");
    keeper.ok(&["publish", shared.to_str().unwrap()]);
    let s = shared.to_str().unwrap();
    let karim = Dir::new();
    karim.ok(&["sync", s]);
    // Entries appended to karim's copy (he held alice's key there, say): a fork.
    let exported = keeper.path().join("keys");
    let keys = karim.path().join("keys");
    crate::util::copy_dir(&exported, &keys);
    // As a key is carried: readable by its holder only (the keystore refuses others).
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o700)).unwrap();
    for (path, _) in snapshot(&keys) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    karim.ok(&["fund", "receive", "1", "--source", "FEDER", "--ref", "LOCAL", "--as", "alice"]);
    publish_more(&keeper, &shared, 3, 2);
    let before = snapshot(&karim.ledger());
    let stderr = karim.refused(&["sync", s]);
    assert!(
        stderr.contains("does not extend your ledger")
            && stderr.contains("they differ from entry #6 on")
            && stderr.contains("yours ends at #6")
            && stderr.contains("published one (signed by the support team) at #8"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    assert_eq!(snapshot(&karim.ledger()), before, "the copy is left as it was");

    // Another circle's publication.
    let other = keeper_circle();
    let other_shared = other.path().join("shared");
    other.ok(&["publish", other_shared.to_str().unwrap()]);
    let stderr = karim.refused(&["sync", other_shared.to_str().unwrap()]);
    assert!(stderr.contains("publishes another circle"), "{stderr}");
    // A folder that is no publication.
    let stderr = karim.refused(&["sync", karim.path().to_str().unwrap()]);
    assert!(stderr.contains("holds no published ledger"), "{stderr}");
    assert_eq!(snapshot(&karim.ledger()), before, "still as it was");
}

#[test]
fn a_changed_new_bundle_is_refused_and_nothing_is_taken() {
    let keeper = keeper_circle();
    let shared = keeper.path().join("shared");
    keeper.ok(&["publish", shared.to_str().unwrap()]);
    let s = shared.to_str().unwrap();
    let karim = Dir::new();
    karim.ok(&["sync", s]);
    publish_more(&keeper, &shared, 3, 3);
    // The newest bundle: one byte of an entry's text changed.
    let bundles = shared.join("tile/entries/000.p");
    let newest = std::fs::read_dir(&bundles)
        .unwrap()
        .map(|f| f.unwrap().path())
        .max_by_key(|p| p.file_name().unwrap().to_str().unwrap().parse::<u32>().unwrap())
        .unwrap();
    let original = std::fs::read(&newest).unwrap();
    // Where entry #n ends in the bundle (each entry: a u16 length, then its bytes).
    let end_of = |n: usize| {
        (0..=n).fold(0, |at, _| at + 2 + usize::from(u16::from_be_bytes([original[at], original[at + 1]])))
    };
    let before = snapshot(&karim.ledger());
    // A byte of the first new entry's signature: the entries no longer give the root.
    let mut changed = original.clone();
    changed[end_of(6) - 20] ^= 0x01;
    std::fs::write(&newest, &changed).unwrap();
    let stderr = karim.refused(&["sync", s]);
    assert!(stderr.contains("entries after #5 do not give its checkpoint's Merkle root"), "{stderr}");
    assert_eq!(snapshot(&karim.ledger()), before);
    // A byte of the last entry: it is not the one the checkpoint's head line names.
    let mut changed = original.clone();
    changed[end_of(9) - 20] ^= 0x01;
    std::fs::write(&newest, &changed).unwrap();
    let stderr = karim.refused(&["sync", s]);
    assert!(stderr.contains("as the hash of its last entry #9"), "{stderr}");
    assert_eq!(snapshot(&karim.ledger()), before);
    std::fs::write(&newest, &original).unwrap();
    assert!(karim.ok(&["sync", s]).contains("4 new entries"));
}
