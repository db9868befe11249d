//! A circle of people, each on their own machine: every home has its own keystore and its own
//! copy of the ledger, and only a shared folder (or a git repository) between them. Members
//! sign acts as envelopes (`--to DIR`), the keeper sequences them (`ingest`) and publishes,
//! everyone syncs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{snapshot, Dir};

/// The homes of one circle: alice (soucieux, the keeper), karim (contributor), lea
/// (participant) and the support team, each with only their own key; `shared` is the folder.
struct Circle {
    alice: Dir,
    karim: Dir,
    lea: Dir,
    support: Dir,
    shared: PathBuf,
}

impl Circle {
    fn new() -> Circle {
        let (alice, karim, lea, support) = (Dir::new(), Dir::new(), Dir::new(), Dir::new());
        support.ok(&["key", "new", "support"]);
        alice.ok(&["key", "new", "alice"]);
        let support_key = support.ok(&["key", "show", "support"]);
        alice.found("alice", &support_key, &[]);
        for (home, name, role) in [(&karim, "karim", "contributor"), (&lea, "lea", "participant")] {
            home.ok(&["key", "new", name]);
            let key = home.ok(&["key", "show", name]);
            alice.ok(&["member", "add", name, "--key", &key, "--role", role, "--as", "alice"]);
        }
        alice.ok(&["fund", "receive", "15000", "--source", "FEDER", "--ref", "CONV-1", "--as", "alice"]);
        let shared = alice.path().join("shared");
        let circle = Circle { alice, karim, lea, support, shared };
        circle.publish();
        circle
    }

    fn shared(&self) -> &str {
        self.shared.to_str().unwrap()
    }

    fn publish(&self) {
        self.alice.ok(&["publish", self.shared(), "--as", "alice"]);
    }

    /// The keeper ingests and publishes; returns ingest's JSON.
    fn ingest(&self) -> serde_json::Value {
        let json = self.alice.json(&["ingest", self.shared(), "--as", "alice"]);
        self.publish();
        json
    }

    /// `home` signs `args` as `who` into the shared folder; returns the envelope's file name.
    fn send(&self, home: &Dir, who: &str, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--to", self.shared(), "--as", who]);
        home.ok(&all)
    }

    fn sync_all(&self) {
        for home in [&self.karim, &self.lea, &self.support] {
            home.ok(&["sync", self.shared()]);
        }
    }

    fn inbox(&self) -> Vec<String> {
        names(&self.shared.join("inbox"))
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|listing| listing.map(|item| item.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_year_played_by_separate_homes_converges_and_every_vote_is_its_voters() {
    let c = Circle::new();
    c.sync_all();
    // karim proposes from his machine: an envelope, not an entry of his copy.
    let karim_before = snapshot(&c.karim.ledger());
    let file = c.send(&c.karim, "karim", &["propose", "action", "--title", "Forum", "--envelope", "4000"]);
    assert!(file.ends_with(".envelope") && c.inbox() == vec![file.clone()], "{file}");
    assert_eq!(snapshot(&c.karim.ledger()), karim_before, "--to leaves the member's copy as it was");
    let json = c.ingest();
    assert_eq!(json["sequenced"], 1, "{json}");
    assert!(c.inbox().is_empty());
    assert_eq!(names(&c.shared.join("ingested")), vec![file]);

    c.alice.ok(&["meeting", "open", "--date", "2024-02-10", "--agenda", "P1", "--as", "alice"]);
    c.alice.ok(&["meeting", "attend", "M1", "--as", "alice"]);
    c.publish();
    c.sync_all();
    let todo = c.lea.json(&["todo", "--as", "lea"]);
    assert_eq!(todo["meetings"][0]["items"][0]["awaits"], "attend", "{todo}");
    // lea and karim attend and vote from home, in the same second (the keeper's order must
    // still let each attendance in before its vote).
    for (home, who, choice) in [(&c.lea, "lea", "for"), (&c.karim, "karim", "against")] {
        c.send(home, who, &["meeting", "attend", "M1"]);
        c.send(home, who, &["vote", "M1", "P1", choice]);
    }
    let json = c.ingest();
    assert_eq!((json["sequenced"].as_u64(), json["refused"].as_u64()), (Some(4), Some(0)), "{json}");
    c.alice.ok(&["vote", "M1", "P1", "for", "--as", "alice"]);
    c.alice.ok(&["meeting", "close", "M1", "--as", "alice"]);
    c.publish();
    c.sync_all();

    // Every copy has the same head and the same books.
    let head = c.alice.json(&["status"])["head"].clone();
    for home in [&c.karim, &c.lea, &c.support] {
        assert_eq!(home.json(&["status"])["head"], head);
        assert_eq!(home.json(&["report"]), c.alice.json(&["report"]));
    }
    let report = c.karim.json(&["report"]);
    assert_eq!(report["actions"][0]["title"], "Forum", "{report}");
    // Each vote is signed by its voter's own key, held only in their home: the log names
    // them, and their entries carry the envelope their key signed.
    let log = c.lea.json(&["log"]);
    let votes: Vec<_> = log.as_array().unwrap().iter().filter(|e| e["body"]["kind"] == "envelope").collect();
    assert_eq!(votes.len(), 5, "{log}");
    assert!(votes.iter().all(|e| e["sequenced_by"] == "alice"));
    let mut voters: Vec<&str> = votes.iter().map(|e| e["author"].as_str().unwrap()).collect();
    voters.sort_unstable();
    assert_eq!(voters, ["karim", "karim", "karim", "lea", "lea"]);
    assert!(!c.alice.path().join("keys/karim").exists() && !c.alice.path().join("keys/lea").exists());
    // The audit of the published folder verifies both signatures of every envelope entry.
    c.support.ok(&["verify", c.shared()]);

    // The support team cosigns the publication from its own machine, through the inbox; the
    // keeper keeps the note, and the next publication carries both signatures.
    let checkpoint = c.shared.join("checkpoint");
    let file = c.support.ok(&["cosign", checkpoint.to_str().unwrap(), "--to", c.shared(), "--as", "support"]);
    assert!(file.ends_with(".ckpt") && c.inbox() == vec![file.clone()], "{file}");
    let json = c.ingest();
    assert!(json["checkpoints"][0].as_str().unwrap().starts_with("kept"), "{json}");
    let published = std::fs::read_to_string(&checkpoint).unwrap();
    assert!(
        published.contains("\u{2014} cercle-keeper ") && published.contains("\u{2014} cercle-support "),
        "{published}"
    );
    c.karim.ok(&["sync", c.shared()]);
    let proof = c.karim.path().join("vote.proof");
    c.karim.ok(&["prove", "M1/P1/karim", "--out", proof.to_str().unwrap()]);
    let support_key = c.support.ok(&["key", "show", "support"]);
    let checked = c.karim.ok(&["check-proof", proof.to_str().unwrap(), "--key", &support_key]);
    assert!(checked.contains("votes against on P1 in M1"), "{checked}");
    // A note of another history is refused and kept aside with its reason.
    std::fs::write(c.shared.join("inbox/forged.ckpt"), published.replace("cercle-support", "cercle-suppor7"))
        .unwrap();
    let json = c.ingest();
    assert!(json["checkpoints"][0].as_str().unwrap().starts_with("refused"), "{json}");
    assert!(c.shared.join("refused/forged.ckpt.why").is_file());
}

#[test]
fn ingest_refuses_with_one_sentence_keeps_and_lists_what_no_rule_lets_in() {
    let c = Circle::new();
    c.sync_all();
    c.alice.ok(&["propose", "action", "--title", "Fête", "--envelope", "300", "--as", "alice"]);
    c.alice.ok(&["meeting", "open", "--date", "2024-02-10", "--agenda", "P1", "--as", "alice"]);
    c.publish();
    c.sync_all();
    let attend = c.send(&c.karim, "karim", &["meeting", "attend", "M1"]);
    let inbox = c.shared.join("inbox");
    let bytes = std::fs::read(inbox.join(&attend)).unwrap();
    // A copy under another name (a sync tool's conflict copy): counted once.
    std::fs::write(inbox.join("copy (conflict).envelope"), &bytes).unwrap();
    // Truncated mid-file, tampered, garbage.
    std::fs::write(inbox.join("cut.envelope"), &bytes[..bytes.len() / 2]).unwrap();
    let mut tampered = bytes.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    std::fs::write(inbox.join("tampered.envelope"), &tampered).unwrap();
    std::fs::write(inbox.join("garbage.envelope"), b"hello").unwrap();
    // Hidden temporary files and other files are not envelopes: left alone.
    std::fs::write(inbox.join(".x.envelope.123.tmp"), b"half").unwrap();
    let json = c.ingest();
    assert_eq!(json["sequenced"], 1, "{json}");
    assert_eq!(json["already"], 1, "{json}");
    assert_eq!(json["refused"], 3, "{json}");
    let rules: Vec<_> = json["envelopes"].as_array().unwrap().iter().map(|e| e["rule"].clone()).collect();
    assert!(rules.contains(&serde_json::json!("envelope-bad-signature")), "{json}");
    let refused = names(&c.shared.join("refused"));
    assert!(
        refused.contains(&"tampered.envelope".to_string())
            && refused.contains(&"tampered.envelope.why".to_string())
    );
    let why = std::fs::read_to_string(c.shared.join("refused/cut.envelope.why")).unwrap();
    assert!(why.contains("not an envelope") && why.ends_with('\n') && why.lines().count() == 1, "{why}");
    assert_eq!(c.inbox(), vec![".x.envelope.123.tmp".to_string()]);

    // The same envelope again (back from a member's old copy of the folder): already in.
    std::fs::write(inbox.join(&attend), &bytes).unwrap();
    let before = snapshot(&c.alice.ledger());
    let json = c.alice.json(&["ingest", c.shared(), "--as", "alice"]);
    assert_eq!((json["sequenced"].as_u64(), json["already"].as_u64()), (Some(0), Some(1)), "{json}");
    assert_eq!(snapshot(&c.alice.ledger()), before, "nothing new: the ledger is byte for byte as it was");

    // A vote arriving after its meeting closed, an envelope of another circle, one by a member
    // who left since: refused by rule, kept, listed, and the ledger unchanged.
    c.karim.ok(&["sync", c.shared()]);
    c.send(&c.karim, "karim", &["vote", "M1", "P1", "for"]);
    c.alice.ok(&["meeting", "close", "M1", "--as", "alice"]);
    let other = Dir::new();
    other.circle(&[]);
    let other_key = c.lea.ok(&["key", "show", "lea"]);
    other.ok(&["member", "add", "lea", "--key", &other_key, "--role", "participant", "--as", "alice"]);
    other.ok(&["propose", "action", "--title", "Autre", "--envelope", "10", "--as", "alice"]);
    let other_ledger = other.ledger();
    let mut lea_elsewhere = vec!["proposal", "withdraw", "P1", "--ledger", other_ledger.to_str().unwrap()];
    lea_elsewhere.extend_from_slice(&["--to", c.shared(), "--as", "lea"]);
    let refusal = c.lea.refused(&lea_elsewhere);
    assert!(refusal.contains("only the author of proposal P1"), "checked against the copy first: {refusal}");
    // An act valid in the other circle, dropped into this circle's inbox.
    let mut elsewhere = vec!["propose", "action", "--title", "Ailleurs", "--envelope", "5", "--ledger"];
    elsewhere.extend_from_slice(&[other_ledger.to_str().unwrap(), "--to", c.shared(), "--as", "lea"]);
    let foreign = c.lea.ok(&elsewhere);
    let lea_act = c.send(&c.lea, "lea", &["propose", "action", "--title", "Atelier", "--envelope", "50"]);
    c.alice.ok(&["member", "leave", "lea", "--as", "alice"]);
    let before = snapshot(&c.alice.ledger());
    let output = c.alice.cmd(&["ingest", c.shared(), "--as", "alice"]).output().unwrap();
    assert!(output.status.success());
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains("0 sequenced") && said.contains("3 refused"), "{said}");
    assert!(said.contains("meeting M1 is closed"), "{said}");
    assert!(
        said.contains(&format!("refused  {foreign}: the envelope is signed for another circle")),
        "{said}"
    );
    assert!(
        said.contains(&format!("refused  {lea_act}: the author's key is not the key of a current member")),
        "{said}"
    );
    assert_eq!(snapshot(&c.alice.ledger()), before);
    assert!(said.contains("kept in"), "{said}");
}

#[test]
fn a_member_offline_for_three_meetings_catches_up_in_one_sync() {
    let c = Circle::new();
    c.sync_all();
    for (n, date) in [(1, "2024-02-10"), (2, "2024-03-10"), (3, "2024-04-10")] {
        let title = format!("Action {n}");
        c.alice.ok(&["propose", "action", "--title", &title, "--envelope", "100", "--as", "alice"]);
        let (p, m) = (format!("P{n}"), format!("M{n}"));
        c.alice.ok(&["meeting", "open", "--date", date, "--agenda", &p, "--as", "alice"]);
        c.alice.ok(&["meeting", "attend", &m, "--as", "alice"]);
        c.publish();
        c.karim.ok(&["sync", c.shared()]);
        c.send(&c.karim, "karim", &["meeting", "attend", &m]);
        c.ingest();
        c.alice.ok(&["vote", &m, &p, "for", "--as", "alice"]);
        c.alice.ok(&["meeting", "close", &m, "--as", "alice"]);
        c.publish();
        c.karim.ok(&["sync", c.shared()]);
    }
    let json = c.lea.json(&["sync", c.shared()]);
    assert_eq!(json["head"]["hash"], c.alice.json(&["status"])["head"]["hash"], "{json}");
    assert_eq!(json["new_entries"], 18, "three meetings, each of six entries: {json}");
    assert_eq!(c.lea.json(&["report"]), c.alice.json(&["report"]));
}

#[test]
fn a_fork_by_two_keepers_is_named_and_recovered_by_ingesting_again() {
    let c = Circle::new();
    // A second soucieux, dave, on his own machine.
    let dave = Dir::new();
    dave.ok(&["key", "new", "dave"]);
    let key = dave.ok(&["key", "show", "dave"]);
    c.alice.ok(&["member", "add", "dave", "--key", &key, "--role", "soucieux", "--as", "alice"]);
    c.alice.ok(&["propose", "action", "--title", "Forum", "--envelope", "100", "--as", "alice"]);
    c.alice.ok(&["meeting", "open", "--date", "2024-02-10", "--agenda", "P1", "--as", "alice"]);
    c.publish();
    c.sync_all();
    dave.ok(&["sync", c.shared()]);
    // dave's copy of the folder stops syncing; both keepers ingest what reached them.
    let theirs = dave.path().join("shared");
    crate::util::copy_dir(&c.shared, &theirs);
    let karim_attends = c.send(&c.karim, "karim", &["meeting", "attend", "M1"]);
    std::fs::create_dir_all(theirs.join("inbox")).unwrap();
    std::fs::copy(c.shared.join("inbox").join(&karim_attends), theirs.join("inbox").join(&karim_attends))
        .unwrap();
    c.lea.ok(&["meeting", "attend", "M1", "--to", theirs.to_str().unwrap(), "--as", "lea"]);
    c.ingest();
    dave.ok(&["ingest", theirs.to_str().unwrap(), "--as", "dave"]);
    dave.ok(&["propose", "action", "--title", "Fête", "--envelope", "50", "--as", "dave"]);
    dave.ok(&["publish", theirs.to_str().unwrap(), "--as", "dave"]);

    // karim follows alice's folder; dave's is a fork, shown with both heads.
    c.karim.ok(&["sync", c.shared()]);
    let before = snapshot(&c.karim.ledger());
    let refusal = c.karim.refused(&["sync", theirs.to_str().unwrap()]);
    let alice_head = c.alice.json(&["status"])["head"]["hash"].as_str().unwrap().to_string();
    let dave_head = dave.json(&["status"])["head"]["hash"].as_str().unwrap().to_string();
    assert!(
        refusal.contains("two histories") && refusal.contains(&alice_head) && refusal.contains(&dave_head),
        "{refusal}"
    );
    assert_eq!(snapshot(&c.karim.ledger()), before);
    // The support team, given both ledgers, names the fork with both heads too.
    let (alice_ledger, dave_ledger) = (c.alice.ledger(), dave.ledger());
    let (code, out, _) =
        crate::util::audit(&c.support, &[alice_ledger.to_str().unwrap(), dave_ledger.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("fork: circle Littoral has two histories")
            && out.contains(&alice_head)
            && out.contains(&dave_head),
        "{out}"
    );

    // The circle keeps alice's ledger: lea's attendance, sequenced only in dave's copy, is
    // ingested again from it; dave's own proposal was not an envelope and is listed to redo.
    let output = c
        .alice
        .cmd(&["ingest", c.shared(), "--recover", theirs.to_str().unwrap(), "--as", "alice", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let notes = String::from_utf8_lossy(&output.stderr);
    assert!(
        notes.contains("Put 1 envelope(s)")
            && notes.contains("sign them again (#")
            && notes.contains("propose-action"),
        "{notes}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["sequenced"], 1, "{json}");
    c.publish();
    c.lea.ok(&["sync", c.shared()]);
    let todo = c.lea.json(&["todo", "--as", "lea"]);
    assert_eq!(todo["meetings"][0]["items"][0]["awaits"], "vote", "lea is present at M1: {todo}");
    // dave takes the circle's ledger again, and the two keepers agree.
    std::fs::remove_dir_all(dave.ledger()).unwrap();
    dave.ok(&["sync", c.shared()]);
    assert_eq!(dave.json(&["status"])["head"], c.alice.json(&["status"])["head"]);
}

/// `git`, with a fixed identity and no user configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "cercle")
        .env("GIT_AUTHOR_EMAIL", "cercle@example.org")
        .env("GIT_COMMITTER_NAME", "cercle")
        .env("GIT_COMMITTER_EMAIL", "cercle@example.org")
        .args(args)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_same_year_over_a_bare_git_repository_and_three_clones() {
    let c = Circle::new();
    let server = c.support.path().join("server.git");
    git(c.support.path(), &["init", "--bare", "--initial-branch=main", server.to_str().unwrap()]);
    let s = server.to_str().unwrap();
    // Each home clones the circle's repository; only the keeper publishes into it.
    let clone = |home: &Dir| -> PathBuf {
        git(home.path(), &["clone", "--quiet", s, "circle"]);
        home.path().join("circle")
    };
    let push = |repo: &Path, message: &str| {
        git(repo, &["add", "--all"]);
        git(repo, &["commit", "--quiet", "-m", message]);
        // Another home may have pushed first: its files have other names (each is named by its
        // hash), so a rebase never conflicts.
        let pushed = Command::new("git")
            .current_dir(repo)
            .args(["push", "--quiet", "origin", "main"])
            .stderr(std::process::Stdio::null())
            .status();
        if pushed.is_ok_and(|status| !status.success()) {
            git(repo, &["pull", "--quiet", "--rebase", "origin", "main"]);
            git(repo, &["push", "--quiet", "origin", "main"]);
        }
    };
    let keeper_repo = clone(&c.alice);
    c.alice.ok(&["propose", "action", "--title", "Forum", "--envelope", "2000", "--as", "alice"]);
    c.alice.ok(&["meeting", "open", "--date", "2024-02-10", "--agenda", "P1", "--as", "alice"]);
    c.alice.ok(&["meeting", "attend", "M1", "--as", "alice"]);
    c.alice.ok(&["publish", keeper_repo.to_str().unwrap(), "--as", "alice"]);
    push(&keeper_repo, "publish");
    let karim_repo = clone(&c.karim);
    let lea_repo = clone(&c.lea);
    for (home, repo, who) in [(&c.karim, &karim_repo, "karim"), (&c.lea, &lea_repo, "lea")] {
        home.ok(&["sync", repo.to_str().unwrap()]);
        let to = repo.to_str().unwrap();
        home.ok(&["meeting", "attend", "M1", "--to", to, "--as", who]);
        home.ok(&["vote", "M1", "P1", "for", "--to", to, "--as", who]);
    }
    // Both push; the second pulls (rebasing) first.
    push(&karim_repo, "karim votes");
    push(&lea_repo, "lea votes");
    git(&keeper_repo, &["pull", "--quiet", "origin", "main"]);
    let json = c.alice.json(&["ingest", keeper_repo.to_str().unwrap(), "--as", "alice"]);
    assert_eq!(json["sequenced"], 4, "{json}");
    c.alice.ok(&["meeting", "close", "M1", "--as", "alice"]);
    c.alice.ok(&["publish", keeper_repo.to_str().unwrap(), "--as", "alice"]);
    push(&keeper_repo, "ingest and publish");
    for (home, repo) in [(&c.karim, &karim_repo), (&c.lea, &lea_repo)] {
        git(repo, &["pull", "--quiet", "origin", "main"]);
        home.ok(&["sync", repo.to_str().unwrap()]);
        assert_eq!(home.json(&["status"])["head"], c.alice.json(&["status"])["head"]);
        assert!(names(&repo.join("inbox")).is_empty(), "the keeper's moves reach every clone");
    }
    let report = c.lea.json(&["report"]);
    assert_eq!(report["actions"][0]["title"], "Forum", "{report}");
    // What git holds is the published folder, checkable from any clone.
    c.karim.ok(&["verify", karim_repo.to_str().unwrap()]);
}

#[test]
fn envelopes_written_while_the_keeper_ingests_are_each_sequenced_once() {
    for round in 0..3 {
        let c = Circle::new();
        c.sync_all();
        let count = 8;
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                for i in 0..count {
                    let title = format!("Idée {round}-{i}");
                    c.send(&c.karim, "karim", &["propose", "action", "--title", &title, "--envelope", "10"]);
                }
            });
            while !writer.is_finished() {
                c.alice.ok(&["ingest", c.shared(), "--as", "alice"]);
            }
        });
        c.alice.ok(&["ingest", c.shared(), "--as", "alice"]);
        assert!(c.inbox().is_empty(), "round {round}: {:?}", c.inbox());
        assert_eq!(names(&c.shared.join("ingested")).len(), count, "round {round}");
        assert!(!c.shared.join("refused").exists(), "round {round}");
        let proposals = c.alice.json(&["proposal", "list"]);
        assert_eq!(proposals.as_array().map(Vec::len), Some(count), "round {round}: {proposals}");
        c.alice.ok(&["verify"]);
    }
}

#[test]
fn an_absent_member_gives_their_vote_from_home() {
    let c = Circle::new();
    c.alice.ok(&["propose", "action", "--title", "Forum", "--envelope", "2000", "--as", "alice"]);
    c.alice.ok(&["meeting", "open", "--date", "2024-02-10", "--agenda", "P1", "--as", "alice"]);
    c.publish();
    c.sync_all();
    // lea will miss the meeting: her vote goes to karim (a pouvoir).
    c.send(&c.lea, "lea", &["meeting", "proxy", "M1", "--holder", "karim"]);
    // A second one, while the first still waits in the inbox: refused on her machine.
    let twice =
        c.lea.refused(&["meeting", "proxy", "M1", "--holder", "alice", "--to", c.shared(), "--as", "lea"]);
    assert!(twice.contains("lea already gave a proxy for meeting M1"), "{twice}");
    c.send(&c.karim, "karim", &["meeting", "attend", "M1"]);
    c.send(&c.karim, "karim", &["vote", "M1", "P1", "for"]);
    let json = c.ingest();
    assert_eq!(json["sequenced"], 3, "{json}");
    c.alice.ok(&["meeting", "attend", "M1", "--as", "alice"]);
    c.alice.ok(&["vote", "M1", "P1", "against", "--as", "alice"]);
    let shown = c.alice.ok(&["meeting", "show", "M1"]);
    assert!(shown.contains("proxies: lea to karim") && shown.contains("2 for, 1 against"), "{shown}");
    let closed = c.alice.json(&["meeting", "close", "M1", "--as", "alice"]);
    assert_eq!(
        (closed["outcomes"][0]["outcome"].as_str(), closed["outcomes"][0]["for"].as_u64()),
        (Some("adopted"), Some(2)),
        "{closed}"
    );
    c.publish();
    c.lea.ok(&["sync", c.shared()]);
    let report = c.lea.json(&["report"]);
    assert_eq!(
        report["meetings"][0]["proxies"],
        serde_json::json!([{"giver": "lea", "holder": "karim"}]),
        "{report}"
    );
    // Once the meeting is closed (her copy synced), a proxy for it is refused on her machine.
    c.lea.refused(&["meeting", "proxy", "M1", "--holder", "alice", "--to", c.shared(), "--as", "lea"]);
}

#[test]
fn only_a_current_soucieux_signs_a_publication_as_the_keeper() {
    let c = Circle::new();
    // karim (a contributor) re-signs the folder's checkpoint as the keeper.
    let forged = c.karim.path().join("forged");
    crate::util::copy_dir(&c.shared, &forged);
    let text = std::fs::read_to_string(forged.join("checkpoint")).unwrap();
    let note = cercle_core::parse_note(&text).unwrap();
    let cercle_core::NoteBody::Tree(tree) = note.body() else { panic!("a tree note") };
    let karim = cercle_store::Keystore::new(&c.karim.path().join("keys")).load("karim").unwrap();
    std::fs::write(forged.join("checkpoint"), tree.sign(&karim, cercle_core::KEEPER_KEY_NAME).unwrap())
        .unwrap();
    let f = forged.to_str().unwrap();
    let refusal = c.support.refused(&["verify", f]);
    assert!(refusal.contains("nor by a current soucieux"), "{refusal}");
    let newcomer = Dir::new();
    let refusal = newcomer.refused(&["sync", f]);
    assert!(refusal.contains("nor by a current soucieux"), "{refusal}");
    // alice's own signature, as keeper, is the circle's.
    newcomer.ok(&["sync", c.shared()]);
}

/// One act of the year: who signs it, and its arguments.
type Act = (&'static str, &'static [&'static str]);

/// The Littoral year of `tests/year.rs`, in rounds: between rounds the keeper ingests and
/// publishes and everyone syncs. alice is the keeper; every other member signs from home.
const YEAR: &[&[Act]] = &[
    &[
        ("alice", &["fund", "receive", "10 000", "--source", "FEDER", "--ref", "CONV-HDF-2024-17"]),
        ("bob", &["propose", "action", "--title", "Rencontres du littoral", "--envelope", "3000"]),
        ("chloe", &["propose", "action", "--title", "Cartographie", "--envelope", "800"]),
    ],
    &[("alice", &["meeting", "open", "--date", "2024-02-06", "--agenda", "P1,P2"])],
    &[
        ("alice", &["meeting", "attend", "M1"]),
        ("alice", &["vote", "M1", "P1", "for"]),
        ("alice", &["vote", "M1", "P2", "for"]),
        ("bob", &["meeting", "attend", "M1"]),
        ("bob", &["vote", "M1", "P1", "for"]),
        ("bob", &["vote", "M1", "P2", "against"]),
        ("chloe", &["meeting", "attend", "M1"]),
        ("chloe", &["vote", "M1", "P1", "pour"]),
        ("chloe", &["vote", "M1", "P2", "pour"]),
        ("david", &["meeting", "proxy", "M1", "--holder", "chloe"]),
    ],
    &[("alice", &["meeting", "close", "M1"])],
    &[
        (
            "bob",
            &[
                "propose",
                "spend",
                "--action",
                "A1",
                "--amount",
                "900",
                "--payee",
                "bob",
                "--purpose",
                "Animation",
            ],
        ),
        (
            "chloe",
            &[
                "propose",
                "spend",
                "--action",
                "A2",
                "--amount",
                "300",
                "--supplier",
                "Imprimerie du Port",
                "--purpose",
                "Cartes",
            ],
        ),
    ],
    &[("alice", &["meeting", "open", "--date", "2024-03-05", "--agenda", "P3,P4"])],
    &[
        ("alice", &["meeting", "attend", "M2"]),
        ("alice", &["vote", "M2", "P3", "for"]),
        ("alice", &["vote", "M2", "P4", "for"]),
        ("bob", &["meeting", "attend", "M2"]),
        ("bob", &["vote", "M2", "P4", "for"]),
        ("chloe", &["meeting", "attend", "M2"]),
        ("chloe", &["vote", "M2", "P3", "for"]),
        ("chloe", &["vote", "M2", "P4", "abstain"]),
        ("david", &["meeting", "attend", "M2"]),
        ("david", &["vote", "M2", "P3", "for"]),
        ("david", &["vote", "M2", "P4", "against"]),
    ],
    &[("alice", &["meeting", "close", "M2"])],
    &[
        ("david", &["payout", "P3", "--amount", "600", "--date", "2024-03-20", "--ref", "VIR-2024-03-20"]),
        ("alice", &["payout", "P4", "--amount", "300", "--date", "2024-03-21", "--ref", "VIR-2024-03-21"]),
        ("bob", &["propose", "action", "--title", "Fête de fin d'année", "--envelope", "100"]),
    ],
    &[("bob", &["proposal", "withdraw", "P5"])],
];

/// The day each round of [`YEAR`] is played: a meeting is held on the day it is dated, and a
/// payout recorded once paid (`payout-in-future`), after the meeting that adopted its line.
const ROUND_DAYS: [&str; 10] = [
    "2024-01-15",
    "2024-01-16",
    "2024-02-06",
    "2024-02-06",
    "2024-02-12",
    "2024-02-20",
    "2024-03-05",
    "2024-03-05",
    "2024-03-21",
    "2024-03-25",
];

/// When the `minute`th act of the year is signed, in round `round` (`seconds` past the minute).
fn act_time(round: usize, minute: usize, seconds: u32) -> String {
    format!("{}T{:02}:{:02}:{seconds:02}Z", ROUND_DAYS[round], 8 + minute / 60, minute % 60)
}

const CAST: [(&str, &str); 3] = [("bob", "contributor"), ("chloe", "participant"), ("david", "soucieux")];

/// The books of an audit's JSON, without what differs between two circles of other keys (ids,
/// keys, hashes, paths).
fn books(audit: &serde_json::Value) -> serde_json::Value {
    let circle = &audit["circles"][0];
    let mut members = circle["members"].clone();
    for member in members.as_array_mut().unwrap() {
        member.as_object_mut().unwrap().remove("key");
    }
    serde_json::json!({
        "totals": circle["totals"], "funders": circle["funders"], "actions": circle["actions"],
        "proposals": circle["proposals"], "members": members, "roles": circle["roles"],
        "meetings": circle["meetings"], "months": circle["months"], "entries": circle["head"]["seq"],
    })
}

#[test]
fn the_year_played_from_separate_homes_gives_the_books_of_the_single_machine_year() {
    // One machine, every key in one keystore.
    let mut one = Dir::new();
    one.circle(&CAST);
    assert_eq!(YEAR.len(), ROUND_DAYS.len(), "a day for each round");
    let mut minute = 0;
    for (number, round) in YEAR.iter().enumerate() {
        for (who, args) in round.iter() {
            minute += 1;
            one.at(&act_time(number, minute, 0));
            let mut all = args.to_vec();
            all.extend_from_slice(&["--as", who]);
            one.ok(&all);
        }
    }
    let single = books(&one.json(&["audit", one.ledger().to_str().unwrap()]));

    // Four homes and a shared folder.
    let mut homes: Vec<(&str, Dir)> =
        ["alice", "bob", "chloe", "david"].iter().map(|n| (*n, Dir::new())).collect();
    let support = Dir::new();
    support.ok(&["key", "new", "support"]);
    let support_key = support.ok(&["key", "show", "support"]);
    let keeper = &homes[0].1;
    keeper.ok(&["key", "new", "alice"]);
    keeper.found("alice", &support_key, &[]);
    for (name, role) in CAST {
        let home = &homes.iter().find(|(n, _)| *n == name).unwrap().1;
        home.ok(&["key", "new", name]);
        let key = home.ok(&["key", "show", name]);
        homes[0].1.ok(&["member", "add", name, "--key", &key, "--role", role, "--as", "alice"]);
    }
    let shared = homes[0].1.path().join("shared");
    let s = shared.to_str().unwrap().to_string();
    let publish_and_sync = |homes: &[(&str, Dir)]| {
        homes[0].1.ok(&["ingest", &s, "--as", "alice"]);
        homes[0].1.ok(&["publish", &s, "--as", "alice"]);
        for (_, home) in &homes[1..] {
            home.ok(&["sync", &s]);
        }
    };
    publish_and_sync(&homes);
    let mut minute = 0;
    for (number, round) in YEAR.iter().enumerate() {
        for (who, args) in round.iter() {
            minute += 1;
            let home = &mut homes.iter_mut().find(|(n, _)| n == who).unwrap().1;
            home.at(&act_time(number, minute, 0));
            let mut all = args.to_vec();
            all.extend_from_slice(&["--as", who]);
            if *who != "alice" {
                all.extend_from_slice(&["--to", &s]);
            }
            home.ok(&all);
        }
        homes[0].1.at(&act_time(number, minute, 30));
        publish_and_sync(&homes);
    }
    let published = books(&support.json(&["audit", &s]));
    assert_eq!(published, single);
    assert_eq!(published["meetings"][0]["outcomes"][1]["for"], 3, "chloe's vote counted for david too");
    assert_eq!(published["totals"]["paid"], "900.00");
}
