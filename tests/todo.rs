//! `cercle todo`: what awaits the `--as` member, as text and as JSON.

use serde_json::json;

use crate::util::Dir;

/// Littoral with bob (contributor) and chloe (participant), funds, an adopted action A1 (P1),
/// then bob's spend line P2 paying him and chloe's action P3 on the agenda of M2, and bob's
/// action P4 on no agenda.
fn with_open_meeting() -> Dir {
    let d = Dir::new();
    d.circle(&[("bob", "contributor"), ("chloe", "participant")]);
    d.ok(&["fund", "receive", "5000", "--source", "FEDER", "--ref", "C-1", "--as", "alice"]);
    d.ok(&["propose", "action", "--title", "Forum", "--envelope", "3000", "--as", "bob"]);
    d.ok(&["meeting", "open", "--date", "2024-02-06", "--agenda", "P1", "--as", "alice"]);
    for who in ["alice", "bob", "chloe"] {
        d.ok(&["meeting", "attend", "M1", "--as", who]);
        d.ok(&["vote", "M1", "P1", "for", "--as", who]);
    }
    d.ok(&["meeting", "close", "M1", "--as", "alice"]);
    let spend =
        ["--action", "A1", "--amount", "1200", "--payee", "bob", "--purpose", "Animation", "--as", "bob"];
    assert_eq!(d.ok(&[&["propose", "spend"][..], &spend].concat()), "P2");
    d.ok(&["propose", "action", "--title", "Cartographie", "--envelope", "800", "--as", "chloe"]);
    d.ok(&["propose", "action", "--title", "Fablab mobile", "--envelope", "500", "--as", "bob"]);
    assert_eq!(
        d.ok(&["meeting", "open", "--date", "2024-03-12", "--agenda", "P2,P3", "--as", "alice"]),
        "M2"
    );
    d
}

#[test]
fn todo_follows_a_member_from_attending_to_voting() {
    let d = with_open_meeting();

    // Not present yet: attend first; the line paying bob is one he is recused from.
    let text = d.ok(&["todo", "--as", "bob"]);
    assert!(text.starts_with("What awaits bob in Littoral:"), "{text}");
    assert!(
        text.contains("Open meeting M2 on 2024-03-12: attend first: cercle meeting attend M2 --as bob"),
        "{text}"
    );
    assert!(text.contains("\"Animation\" (by bob)\n        recused: it pays you"), "{text}");
    assert!(text.contains("\"Cartographie\", envelope 800,00 € (by chloe)\n        attend first"), "{text}");
    assert!(text.contains("Your pending proposals (2):"), "{text}");
    assert!(text.contains("(by bob)\n        on the agenda of M2"), "{text}");
    assert!(
        text.contains(
            "\"Fablab mobile\", envelope 500,00 € (by bob)\n        on no open meeting's agenda yet"
        ),
        "{text}"
    );
    assert!(!text.contains("may still pay you"), "{text}");
    let items = &d.json(&["todo", "--as", "bob"])["meetings"][0]["items"];
    assert_eq!(items[0]["awaits"], "recused");
    assert_eq!(items[1]["awaits"], "attend");

    // Present: vote.
    d.ok(&["meeting", "attend", "M2", "--as", "bob"]);
    let text = d.ok(&["todo", "--as", "bob"]);
    assert!(text.contains("Open meeting M2 on 2024-03-12: you are present."), "{text}");
    assert!(text.contains("to vote: cercle vote M2 P3 for|against|abstain --as bob"), "{text}");
    assert_eq!(d.json(&["todo", "--as", "bob"])["meetings"][0]["items"][1]["awaits"], "vote");

    // Voted.
    d.ok(&["vote", "M2", "P3", "for", "--as", "bob"]);
    let text = d.ok(&["todo", "--as", "bob"]);
    assert!(text.contains("(by chloe)\n        voted for"), "{text}");
    let todo = d.json(&["todo", "--as", "bob"]);
    assert_eq!(
        todo["meetings"],
        json!([{"id": "M2", "date": "2024-03-12", "voting": true, "present": true, "items": [
            {"proposal": "P2", "kind": "spend", "title": "Animation", "awaits": "recused", "choice": null},
            {"proposal": "P3", "kind": "action", "title": "Cartographie", "awaits": "voted", "choice": "for"},
        ]}])
    );
    assert_eq!(
        todo["proposals"],
        json!([
            {"id": "P2", "kind": "spend", "title": "Animation", "status": "pending", "on_agenda": "M2"},
            {"id": "P4", "kind": "action", "title": "Fablab mobile", "status": "pending", "on_agenda": null},
        ])
    );
    assert_eq!((todo["member"].clone(), todo["circle"].clone()), (json!("bob"), json!("Littoral")));
    assert_eq!(todo["payable"], json!([]));
}

#[test]
fn todo_lists_the_lines_that_may_still_pay_a_member() {
    let mut d = with_open_meeting();
    for who in ["alice", "chloe"] {
        d.ok(&["meeting", "attend", "M2", "--as", who]);
        d.ok(&["vote", "M2", "P2", "for", "--as", who]);
    }
    d.ok(&["meeting", "close", "M2", "--as", "alice"]);
    // Each payout is recorded the day it is paid (`payout-in-future`).
    d.at("2024-03-20T10:00:00Z");
    d.ok(&["payout", "P2", "--amount", "450,50", "--date", "2024-03-20", "--ref", "VIR-1", "--as", "alice"]);
    d.ok(&["proposal", "withdraw", "P4", "--as", "bob"]);

    let text = d.ok(&["todo", "--as", "bob"]);
    assert!(!text.contains("Open meeting") && !text.contains("pending proposals"), "{text}");
    assert!(text.contains("Spend lines that may still pay you (1):"), "{text}");
    assert!(text.contains("\"Animation\" (by bob), paid 450,50 €\n        749,50 € remaining"), "{text}");
    assert_eq!(
        d.json(&["todo", "--as", "bob"])["payable"],
        json!([{"proposal": "P2", "action": "A1", "purpose": "Animation",
                "amount": "1200.00", "paid": "450.50", "remaining": "749.50"}])
    );

    // Paid in full: the line no longer awaits anything, and neither does bob.
    d.at("2024-03-21T10:00:00Z");
    d.ok(&["payout", "P2", "--amount", "749,50", "--date", "2024-03-21", "--ref", "VIR-2", "--as", "alice"]);
    assert_eq!(d.ok(&["todo", "--as", "bob"]), "Nothing awaits bob in Littoral.");
    let todo = d.json(&["todo", "--as", "bob"]);
    assert_eq!((todo["meetings"].clone(), todo["proposals"].clone()), (json!([]), json!([])));
    assert_eq!(todo["payable"], json!([]));
}

#[test]
fn a_member_with_nothing_to_do_or_no_vote_in_a_meeting() {
    let d = Dir::new();
    d.circle(&[("chloe", "participant")]);
    assert_eq!(d.ok(&["todo", "--as", "chloe"]), "Nothing awaits chloe in Littoral.");

    // Who joined after a meeting opened has no vote in it.
    d.ok(&["propose", "action", "--title", "Forum", "--envelope", "900", "--as", "alice"]);
    d.ok(&["meeting", "open", "--date", "2024-02-06", "--agenda", "P1", "--as", "alice"]);
    d.ok(&["key", "new", "david"]);
    d.ok(&["member", "add", "david", "--key-name", "david", "--role", "contributor", "--as", "alice"]);
    let text = d.ok(&["todo", "--as", "david"]);
    assert!(text.contains("Open meeting M1 on 2024-02-06: you are not a voting member of M1."), "{text}");
    assert!(text.contains("(by alice)\n        not a voting member of M1"), "{text}");
    let meeting = &d.json(&["todo", "--as", "david"])["meetings"][0];
    assert_eq!((meeting["voting"].clone(), meeting["present"].clone()), (json!(false), json!(false)));
    assert_eq!(meeting["items"][0]["awaits"], "not-voting");
}

#[test]
fn todo_finds_the_member_by_key_or_by_name() {
    let d = Dir::new();
    d.circle(&[]);
    // emma's member key is the local key "emma-laptop"; a member named "farid" has a key that
    // lives elsewhere (none in this keystore).
    d.ok(&["key", "new", "emma-laptop"]);
    d.ok(&["member", "add", "emma", "--key-name", "emma-laptop", "--role", "contributor", "--as", "alice"]);
    let elsewhere = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    d.ok(&["member", "add", "farid", "--key", elsewhere, "--role", "participant", "--as", "alice"]);
    assert_eq!(d.ok(&["todo", "--as", "emma-laptop"]), "Nothing awaits emma in Littoral.");
    assert_eq!(d.ok(&["todo", "--as", "farid"]), "Nothing awaits farid in Littoral.");
    assert_eq!(d.json(&["todo", "--as", "farid"])["member"], "farid");
}

#[test]
fn todo_refuses_an_unknown_member_and_asks_for_one() {
    let d = with_open_meeting();
    let stderr = d.refused(&["todo", "--as", "zoe"]);
    assert!(
        stderr.contains("no key zoe in") && stderr.contains("no member named zoe in Littoral"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 2, "one sentence and a hint: {stderr}");
    // A local key of no member, and no member of that name.
    d.ok(&["key", "new", "zoe"]);
    let stderr = d.refused(&["todo", "--as", "zoe"]);
    assert!(
        stderr.contains("the key zoe belongs to no member of Littoral, and no member is named zoe"),
        "{stderr}"
    );

    // Without --as, a usage error like every command that needs one.
    let output = d.cmd(&["todo"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: ") && stderr.contains("--as NAME"), "{stderr}");
}
