//! Refused commands: exit code 1, one clear sentence naming the rule, the ledger unchanged.

use crate::util::Dir;

fn with_meeting() -> Dir {
    let d = Dir::with_action(&[("bob", "contributor"), ("chloe", "participant")]);
    d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "300",
        "--payee",
        "bob",
        "--purpose",
        "Animation",
        "--as",
        "bob",
    ]);
    d
}

#[test]
fn bad_amounts_are_refused_with_the_reason() {
    let d = with_meeting();
    for (amount, reason) in [
        ("-5", "negative"),
        ("0", "zero"),
        ("12.345", "more than 2 decimals"),
        ("1e3", "not an amount"),
        ("NaN", "not an amount"),
        ("", "required"),
        ("2000000000", "too large"),
    ] {
        let stderr =
            d.refused(&["fund", "receive", amount, "--source", "FEDER", "--ref", "X", "--as", "alice"]);
        assert!(stderr.contains(reason), "{amount:?}: {stderr}");
    }
}

#[test]
fn rules_are_named_when_refused() {
    let d = with_meeting();
    let cases: &[(&[&str], &str)] = &[
        (
            &["fund", "receive", "10", "--source", "X", "--ref", "Y", "--as", "bob"],
            "only a soucieux or the support team",
        ),
        (
            &["member", "add", "Bob", "--key-name", "chloe", "--role", "participant", "--as", "alice"],
            "already exists",
        ),
        (&["member", "leave", "alice", "--as", "alice"], "last soucieux"),
        (&["member", "role", "alice", "participant", "--as", "alice"], "last soucieux"),
        (&["meeting", "open", "--date", "2024-03-01", "--agenda", "P1", "--as", "alice"], "not pending"),
        (&["meeting", "open", "--date", "2024-03-01", "--agenda", "P2", "--as", "bob"], "only a soucieux"),
        (&["vote", "M1", "P1", "for", "--as", "chloe"], "closed"),
        (
            &["payout", "P2", "--amount", "10", "--date", "2024-03-01", "--ref", "V", "--as", "alice"],
            "only against adopted spend lines",
        ),
        (&["proposal", "withdraw", "P2", "--as", "alice"], "only the author"),
        (
            &[
                "propose",
                "spend",
                "--action",
                "A1",
                "--amount",
                "901",
                "--supplier",
                "S",
                "--purpose",
                "P",
                "--as",
                "bob",
            ],
            "envelope",
        ),
        (
            &[
                "propose",
                "spend",
                "--action",
                "A9",
                "--amount",
                "1",
                "--supplier",
                "S",
                "--purpose",
                "P",
                "--as",
                "bob",
            ],
            "no action A9",
        ),
        (&["meeting", "open", "--date", "2024-13-01", "--agenda", "P2", "--as", "alice"], "not a date"),
        (&["vote", "M1", "P1", "maybe", "--as", "alice"], "not a vote"),
        (&["fund", "receive", "10", "--source", "", "--ref", "Y", "--as", "alice"], "source is empty"),
        (&["fund", "receive", "10", "--source", "X", "--ref", "Y", "--as", "nobody"], "no key named nobody"),
        (&["init", "--name", "Other", "--territory", "T", "--as", "alice"], "already exists"),
    ];
    for (args, expected) in cases {
        let stderr = d.refused(args);
        assert!(stderr.contains(expected), "{args:?}: expected {expected:?} in:\n{stderr}");
        assert!(stderr.lines().count() <= 2, "one sentence and at most a hint: {stderr}");
    }
}

#[test]
fn a_missing_signer_is_a_usage_error_and_json_callers_get_json() {
    let d = with_meeting();
    let before = crate::util::snapshot(&d.ledger());
    let output = d.cmd(&["fund", "receive", "10", "--source", "X", "--ref", "Y"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--as NAME"));
    let output = d
        .cmd(&[
            "payout",
            "P2",
            "--amount",
            "10",
            "--date",
            "2024-03-01",
            "--ref",
            "V",
            "--as",
            "alice",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(error["error"]["rule"], "line-not-adopted");
    assert_eq!(error["error"]["exit_code"], 1);
    assert!(error["error"]["message"].as_str().unwrap().contains("only against adopted spend lines"));
    assert_eq!(crate::util::snapshot(&d.ledger()), before);
}

#[test]
fn meeting_rules_from_the_terminal() {
    let mut d = with_meeting();
    d.ok(&["meeting", "open", "--date", "2024-03-01", "--agenda", "P2", "--as", "alice"]);
    assert!(d.refused(&["vote", "M2", "P2", "for", "--as", "alice"]).contains("record their attendance"));
    d.ok(&["meeting", "attend", "M2", "--as", "bob"]);
    assert!(d.refused(&["meeting", "attend", "M2", "--as", "bob"]).contains("already recorded as present"));
    assert!(d.refused(&["vote", "M2", "P2", "for", "--as", "bob"]).contains("recusal"));
    d.ok(&["meeting", "attend", "M2", "--as", "alice"]);
    d.ok(&["vote", "M2", "P2", "for", "--as", "alice"]);
    assert!(d.refused(&["vote", "M2", "P2", "against", "--as", "alice"]).contains("already voted"));
    assert!(d.refused(&["proposal", "withdraw", "P2", "--as", "bob"]).contains("open meeting M2"));
    d.ok(&["meeting", "close", "M2", "--as", "alice"]);
    // The payouts are recorded on the day they are paid (`payout-in-future`).
    d.at("2024-03-02T10:00:00Z");
    assert!(d
        .refused(&["payout", "P2", "--amount", "10", "--date", "2024-03-02", "--ref", "V", "--as", "bob"])
        .contains("only a soucieux or the support team"));
    d.ok(&["member", "role", "bob", "soucieux", "--as", "alice"]);
    assert!(d
        .refused(&["payout", "P2", "--amount", "10", "--date", "2024-03-02", "--ref", "V", "--as", "bob"])
        .contains("nobody records a payout to themselves"));
    d.ok(&["member", "role", "bob", "participant", "--as", "alice"]);
    assert!(d
        .refused(&["payout", "P2", "--amount", "10", "--date", "2024-03-02", "--ref", "V", "--as", "alice"])
        .contains("paid role"));
    d.ok(&["member", "role", "bob", "contributor", "--as", "alice"]);
    assert!(d
        .refused(&[
            "payout",
            "P2",
            "--amount",
            "300,01",
            "--date",
            "2024-03-02",
            "--ref",
            "V",
            "--as",
            "alice"
        ])
        .contains("more than the 300,00 € that remain"));
    d.ok(&["payout", "P2", "--amount", "300", "--date", "2024-03-02", "--ref", "V", "--as", "alice"]);
}

/// Refused with exit 1, the ledger byte-for-byte as it was (also with `--json`, which names the
/// rule); returns the sentence on stderr and the rule.
fn refused_with_rule(d: &Dir, args: &[&str]) -> (String, String) {
    let stderr = d.refused(args);
    let before = crate::util::snapshot(&d.ledger());
    let output = d.cmd(&[args, &["--json"]].concat()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?} with --json");
    assert_eq!(crate::util::snapshot(&d.ledger()), before, "{args:?} with --json changed the ledger");
    let error: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    (stderr, error["error"]["rule"].as_str().unwrap_or_default().to_string())
}

#[test]
fn dates_that_make_sense_from_the_terminal() {
    // The circle was founded on 2024-01-15 (its genesis recorded at 09:00 UTC, as every command
    // here until the clock moves); P2 is a spend line paying bob, pending.
    let mut d = with_meeting();
    let open = |date| ["meeting", "open", "--date", date, "--agenda", "P2", "--as", "alice"];
    let (said, rule) = refused_with_rule(&d, &open("2024-01-14"));
    assert_eq!(rule, "meeting-before-circle");
    assert!(
        said.contains("the meeting is dated 2024-01-14, before the circle was founded on 2024-01-15"),
        "{said}"
    );
    let (said, rule) = refused_with_rule(&d, &open("2025-01-16"));
    assert_eq!(rule, "meeting-too-far-ahead");
    assert!(
        said.contains(
            "the meeting is dated 2025-01-16, more than 366 days after the day it is opened (2024-01-15)"
        ),
        "{said}"
    );
    // On each bound: 366 days ahead (closed without quorum, P2 pending again), the founding day.
    assert_eq!(d.ok(&open("2025-01-15")), "M2");
    d.ok(&["meeting", "close", "M2", "--as", "alice"]);
    assert_eq!(d.ok(&open("2024-01-15")), "M3");
    for who in ["alice", "chloe"] {
        d.ok(&["meeting", "attend", "M3", "--as", who]);
        d.ok(&["vote", "M3", "P2", "for", "--as", who]);
    }
    assert!(d.ok(&["meeting", "close", "M3", "--as", "alice"]).contains("P2  adopted"));

    // Each payout its own reference (references are unique): the transfer's date.
    let payout = |date| ["payout", "P2", "--amount", "100", "--date", date, "--ref", date, "--as", "alice"];
    let (said, rule) = refused_with_rule(&d, &payout("2024-01-14"));
    assert_eq!(rule, "payout-before-adoption");
    assert!(
        said.contains("the payout is dated 2024-01-14, before its line P2 was adopted on 2024-01-15"),
        "{said}"
    );
    let (said, rule) = refused_with_rule(&d, &payout("2024-01-16"));
    assert_eq!(rule, "payout-in-future");
    assert!(
        said.contains("the payout is dated 2024-01-16, after the day it is recorded (2024-01-15)"),
        "{said}"
    );
    // The day it was adopted, which is the day it is recorded; then, a second after midnight
    // UTC (01:00 in Paris), the next day.
    d.ok(&payout("2024-01-15"));
    d.at("2024-01-16T01:00:01+01:00");
    let (_, rule) = refused_with_rule(&d, &payout("2024-01-17"));
    assert_eq!(rule, "payout-in-future");
    d.ok(&payout("2024-01-16"));
    assert!(d.ok(&["verify"]).starts_with("Verified"), "the ledger verifies");
}

#[test]
fn usage_errors_exit_2_and_missing_ledgers_are_not_created() {
    let d = Dir::new();
    d.cmd(&["fund"]).assert().code(2);
    d.cmd(&["no-such-command"]).assert().code(2);
    let stderr = d.refused(&["status"]);
    assert!(stderr.contains("there is no ledger at"), "{stderr}");
    assert!(stderr.contains("hint: "), "{stderr}");
    assert!(!d.ledger().exists(), "a read command must not create the ledger");
    std::fs::create_dir_all(d.path().join("not-a-ledger")).unwrap();
    std::fs::write(d.path().join("not-a-ledger/notes.txt"), "hello").unwrap();
    let stderr = d.refused(&["status", "--ledger", d.path().join("not-a-ledger").to_str().unwrap()]);
    assert!(stderr.contains("is not a cercle ledger"), "{stderr}");
}

#[test]
fn a_writer_waits_its_turn_and_readers_never_wait() {
    let d = with_meeting();
    // This test process holds the writers' lock, as another cercle process appending would.
    let held = cercle_store::Store::open_writer(&d.ledger(), std::time::Duration::from_secs(5), &mut || ())
        .expect("the ledger opens");
    // Readers take no lock: they are not blocked.
    assert!(d.ok(&["status"]).contains("Littoral"));
    let output = d
        .cmd(&["fund", "receive", "10", "--source", "X", "--ref", "Y", "--as", "alice", "--wait", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The waiting line comes first, as it is printed while it waits; then the refusal.
    assert!(stderr.lines().nth(1).is_some_and(|line| line.starts_with("error: ")), "{stderr}");
    assert!(stderr.contains("waiting for another cercle process"), "{stderr}");
    assert!(stderr.contains("still busy with another cercle process after 1 s"), "{stderr}");
    assert!(stderr.contains("hint: ") && stderr.contains("--wait"), "{stderr}");
    // Released while a writer waits (default wait): it goes on, and says it waited.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(held);
    });
    let output =
        d.cmd(&["fund", "receive", "10", "--source", "X", "--ref", "Y", "--as", "alice"]).output().unwrap();
    release.join().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("waiting for another cercle process"));
}

#[test]
fn look_alike_names_and_texts_that_read_otherwise_are_refused() {
    let d = Dir::new();
    d.circle(&[("amelie", "contributor")]);
    d.ok(&["key", "new", "other"]);
    // A Cyrillic а first: it prints like amelie.
    let said = d.refused(&[
        "member",
        "add",
        "\u{430}melie",
        "--key-name",
        "other",
        "--role",
        "participant",
        "--as",
        "alice",
    ]);
    assert!(said.contains("letters of the Latin alphabet"), "{said}");
    // A right-to-left override turns what a funder reads.
    let said = d.refused(&[
        "fund",
        "receive",
        "10",
        "--source",
        "FEDER \u{202E}5202",
        "--ref",
        "R",
        "--as",
        "alice",
    ]);
    assert!(said.contains("U+202E") && said.contains("invisible or turns the text's direction"), "{said}");
    let said = d.refused(&[
        "propose",
        "action",
        "--title",
        "Forum\u{2028}bis",
        "--envelope",
        "10",
        "--as",
        "amelie",
    ]);
    assert!(said.contains("U+2028"), "{said}");
    d.ok(&["member", "add", "Zoé", "--key-name", "other", "--role", "participant", "--as", "alice"]);
}

/// Issue 13: a name that looks like a member's, current or former, is refused, naming them;
/// the one alphabet of names already keeps out `аmelie` with a Cyrillic а.
#[test]
fn a_member_name_that_looks_like_another_is_refused() {
    let d = Dir::new();
    d.circle(&[("marie", "contributor"), ("paul", "participant")]);
    d.ok(&["key", "new", "other"]);
    fn add(name: &str) -> [&str; 9] {
        ["member", "add", name, "--key-name", "other", "--role", "participant", "--as", "alice"]
    }
    let said = d.refused(&add("rnarie"));
    assert!(said.contains("rnarie looks like marie"), "{said}");
    let said = d.refused(&add("Pau1"));
    assert!(said.contains("Pau1 looks like paul"), "{said}");
    d.ok(&["member", "leave", "paul", "--as", "alice"]);
    let said = d.refused(&add("pau1"));
    assert!(said.contains("pau1 looks like paul"), "a former member's name too: {said}");
    let said = d.refused(&add("\u{430}melie"));
    assert!(said.contains("Latin alphabet"), "{said}");
    d.ok(&add("mario"));
}

/// Issue 13: `cercle verify` of something that is no ledger says what it is, in one sentence,
/// and what to give it instead.
#[test]
fn verify_says_what_it_was_given_when_it_is_no_ledger() {
    let d = Dir::new();
    d.circle(&[]);
    let folder = d.path().join("exports");
    std::fs::create_dir_all(&folder).unwrap();
    let export = folder.join("littoral.jsonl");
    d.ok(&["export", "--out", export.to_str().unwrap()]);
    let verify = |path: &std::path::Path| d.refused(&["verify", path.to_str().unwrap()]);
    let said = verify(&folder);
    assert!(said.contains("exports is a directory but not a cercle ledger"), "{said}");
    assert!(
        said.contains("hint: it holds 1 export file(s): cercle verify ") && said.contains("littoral.jsonl"),
        "{said}"
    );
    let parent = d.path().join("ledgers");
    std::fs::create_dir_all(&parent).unwrap();
    let ledger = parent.join("littoral");
    d.ok(&["import", export.to_str().unwrap(), "--ledger", ledger.to_str().unwrap()]);
    let said = verify(&parent);
    assert!(said.contains("hint: it holds 1 ledger(s) or published folder(s): cercle verify "), "{said}");
    let empty = d.path().join("empty-folder");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(verify(&empty).contains("give a ledger directory"));
    let said = verify(&d.path().join("missing.jsonl"));
    assert!(said.starts_with("error: there is no ledger or export at "), "{said}");
    let file = d.path().join("file");
    std::fs::write(&file, "").unwrap();
    assert!(verify(&file).contains("file is empty: an export (cercle export) holds one JSON line per entry"));
    std::fs::write(&file, "name,amount\nalice,10\n").unwrap();
    let said = verify(&file);
    assert!(
        said.contains("file is not a cercle export: its first line is not an export line (not JSON"),
        "{said}"
    );
    std::fs::write(&file, [0xff, 0xfe, 0, 1]).unwrap();
    assert!(verify(&file).contains("file is not a cercle export: it is not text (UTF-8)"));
    // The export itself, and the ledger in the folder, verify.
    d.ok(&["verify", export.to_str().unwrap()]);
    d.ok(&["verify", ledger.to_str().unwrap()]);
}

#[test]
fn a_clock_far_ahead_signs_nothing() {
    let mut d = Dir::new();
    d.circle(&[]);
    d.at("9999-12-31T23:59:59Z");
    let said = d.refused(&["fund", "receive", "10", "--source", "FEDER", "--ref", "R", "--as", "alice"]);
    assert!(said.contains("more than a day after this machine's clock"), "{said}");
    // Reading is not refused.
    d.ok(&["status"]);
}

/// Only a current soucieux keeps the ledger: a contributor's `ingest` is refused with the rule's
/// words, in English and in French, and the ledger is left as it was.
#[test]
fn only_a_soucieux_ingests_envelopes() {
    let d = Dir::new();
    d.circle(&[("bob", "contributor")]);
    std::fs::create_dir_all(d.path().join("shared").join("inbox")).unwrap();
    let said = d.refused(&["ingest", "shared", "--as", "bob"]);
    assert!(said.contains("bob cannot ingest: only a soucieux may sequence members' envelopes"), "{said}");
    let french = d.cmd(&["--lang", "fr", "ingest", "shared", "--as", "bob"]).output().unwrap();
    let said = String::from_utf8_lossy(&french.stderr);
    assert_eq!(french.status.code(), Some(1), "{said}");
    assert!(said.contains("il faut être soucieux pour enregistrer les enveloppes des membres"), "{said}");
}
