//! A circle's whole year from the terminal, with exact totals at the end.

use crate::util::Dir;

#[test]
fn a_circle_year_from_the_terminal() {
    let mut d = Dir::new();
    d.circle(&[
        ("bob", "contributor"),
        ("chloe", "participant"),
        ("david", "soucieux"),
        ("emma", "contributor"),
    ]);
    d.ok(&["fund", "receive", "10 000", "--source", "FEDER", "--ref", "CONV-HDF-2024-17", "--as", "alice"]);
    d.ok(&["fund", "receive", "2 500,50", "--source", "Région", "--ref", "R-7", "--as", "support"]);

    // The programme: two actions, adopted in one meeting.
    let p1 = d.ok(&[
        "propose",
        "action",
        "--title",
        "Rencontres du littoral",
        "--envelope",
        "3000",
        "--as",
        "bob",
    ]);
    let p2 = d.ok(&["propose", "action", "--title", "Cartographie", "--envelope", "800", "--as", "chloe"]);
    assert_eq!((p1.as_str(), p2.as_str()), ("P1", "P2"));
    d.at("2024-02-06T18:00:00Z");
    let m1 = d.ok(&["meeting", "open", "--date", "2024-02-06", "--agenda", "P1,P2", "--as", "alice"]);
    assert_eq!(m1, "M1");
    for (who, v1, v2) in [
        ("alice", "for", "for"),
        ("bob", "for", "against"),
        ("chloe", "for", "for"),
        ("david", "abstain", "for"),
    ] {
        d.ok(&["meeting", "attend", "M1", "--as", who]);
        d.ok(&["vote", "M1", "P1", v1, "--as", who]);
        d.ok(&["vote", "M1", "P2", v2, "--as", who]);
    }
    let closed = d.ok(&["meeting", "close", "M1", "--as", "alice"]);
    assert!(closed.contains("P1  adopted  (3 for, 0 against, 1 abstain)  -> action A1"), "{closed}");
    assert!(closed.contains("P2  adopted  (3 for, 1 against, 0 abstain)  -> action A2"), "{closed}");
    // After the close, `meeting show` gives the minutes: who was there, and each outcome.
    let minutes = d.ok(&["meeting", "show", "M1"]);
    assert!(minutes.contains("M1 on 2024-02-06 (closed), opened by alice"), "{minutes}");
    assert!(minutes.contains("present: alice, bob, chloe, david"), "{minutes}");
    assert!(
        minutes.contains("\"Rencontres du littoral\"")
            && minutes.contains("adopted (3 for, 0 against, 1 abstain)"),
        "{minutes}"
    );
    assert_eq!(
        d.json(&["meeting", "show", "M1"])["present_members"],
        serde_json::json!(["alice", "bob", "chloe", "david"])
    );

    // Spend lines: a retribution, an expense, one over the envelope, one without quorum.
    d.at("2024-03-01T10:00:00Z");
    let p3 = d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "1200",
        "--payee",
        "bob",
        "--purpose",
        "Animation",
        "--as",
        "bob",
    ]);
    let p4 = d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "1 500,00",
        "--supplier",
        "Traiteur du Port",
        "--purpose",
        "Repas",
        "--as",
        "alice",
    ]);
    let p5 = d.ok(&[
        "propose",
        "spend",
        "--action",
        "A1",
        "--amount",
        "400",
        "--supplier",
        "Salle des fêtes",
        "--purpose",
        "Salle",
        "--as",
        "emma",
    ]);
    let p6 = d.ok(&[
        "propose",
        "spend",
        "--action",
        "A2",
        "--amount",
        "300",
        "--payee",
        "emma",
        "--purpose",
        "Relevés",
        "--as",
        "emma",
    ]);
    assert_eq!([p3.as_str(), p4.as_str(), p5.as_str(), p6.as_str()], ["P3", "P4", "P5", "P6"]);
    d.ok(&["meeting", "open", "--date", "2024-03-12", "--agenda", "P3,P4,P5", "--as", "david"]);
    for who in ["alice", "chloe", "david", "emma"] {
        d.ok(&["meeting", "attend", "M2", "--as", who]);
        for p in ["P3", "P4", "P5"] {
            d.ok(&["vote", "M2", p, "for", "--as", who]);
        }
    }
    let outcomes = d.json(&["meeting", "close", "M2", "--as", "david"]);
    let outcomes: Vec<(String, String, Option<String>)> = outcomes["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["proposal"].as_str().unwrap().into(),
                o["outcome"].as_str().unwrap().into(),
                o["reason"].as_str().map(Into::into),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("P3".into(), "adopted".into(), None),
            ("P4".into(), "adopted".into(), None),
            ("P5".into(), "rejected".into(), Some("over-envelope".into())),
        ]
    );
    // Only one of five present: no quorum, P6 stays pending.
    d.ok(&["meeting", "open", "--date", "2024-03-20", "--agenda", "P6", "--as", "alice"]);
    d.ok(&["meeting", "attend", "M3", "--as", "alice"]);
    d.ok(&["vote", "M3", "P6", "for", "--as", "alice"]);
    assert!(d.ok(&["meeting", "close", "M3", "--as", "alice"]).contains("P6  no-quorum"));
    assert_eq!(d.json(&["proposal", "show", "P6"])["status"], "pending");
    // The report tells the outcomes apart, as the signed closing entries do.
    let report = d.json(&["report"]);
    let of = |id: &str| {
        let p = report["proposals"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
        (p["status"].clone(), p["outcome"].clone(), p["reason"].clone())
    };
    assert_eq!(of("P5"), ("rejected".into(), "rejected".into(), "over-envelope".into()));
    assert_eq!(of("P6"), ("pending".into(), "no-quorum".into(), serde_json::Value::Null));
    assert_eq!(of("P3"), ("adopted".into(), "adopted".into(), serde_json::Value::Null));

    // Payouts: partial, by another soucieux or the support team; a line closed with a remainder.
    d.at("2024-04-02T10:00:00Z");
    d.ok(&["payout", "P3", "--amount", "700", "--date", "2024-04-02", "--ref", "VIR-0042", "--as", "alice"]);
    // Each payout is recorded once made (`payout-in-future`): P4's of 2024-04-20 is recorded a
    // month later with P3's second one.
    d.at("2024-05-02T10:00:00Z");
    d.ok(&[
        "payout",
        "P3",
        "--amount",
        "500",
        "--date",
        "2024-05-02",
        "--ref",
        "VIR-0057",
        "--as",
        "support",
    ]);
    d.ok(&[
        "payout",
        "P4",
        "--amount",
        "1 380,40",
        "--date",
        "2024-04-20",
        "--ref",
        "FACT-118",
        "--as",
        "david",
    ]);
    let closed = d.ok(&["spend", "close", "P4", "--as", "alice"]);
    assert!(closed.contains("119,60 € released"), "{closed}");
    d.ok(&["member", "role", "chloe", "contributor", "--as", "alice"]);
    d.ok(&["member", "leave", "emma", "--as", "david"]);

    let report = d.json(&["report"]);
    assert_eq!(report["totals"]["received"], "12500.50");
    assert_eq!(report["totals"]["paid"], "2580.40");
    assert_eq!(report["totals"]["committed"], "0.00");
    assert_eq!(report["totals"]["available"], "9920.10");
    assert_eq!(report["head"]["seq"], d.json(&["verify"])["head"]["seq"]);
    let a1 = &report["actions"][0];
    assert_eq!(
        (a1["id"].as_str(), a1["envelope"].as_str(), a1["paid"].as_str()),
        (Some("A1"), Some("3000.00"), Some("2580.40"))
    );
    let bob = report["members"].as_array().unwrap().iter().find(|m| m["name"] == "bob").unwrap();
    assert_eq!(bob["paid"], "1200.00");
    assert_eq!(report["funders"][0], serde_json::json!({"source": "FEDER", "received": "10000.00"}));
    let m2 = &report["meetings"][1];
    assert_eq!((m2["present"].as_u64(), m2["voting"].as_u64()), (Some(4), Some(5)));

    // The status screen, the log and a verification, as a person reads them.
    let status = d.ok(&["status"]);
    assert!(status.contains("available") && status.contains("9 920,10 €"), "{status}");
    assert!(status.contains("P6"), "pending P6 listed: {status}");
    let log = d.ok(&["log"]);
    assert_eq!(log.lines().count() as u64, report["head"]["seq"].as_u64().unwrap() + 1);
    assert!(d.ok(&["verify"]).starts_with("Verified Littoral"));
}

#[test]
fn ids_and_json_are_scriptable() {
    let d = Dir::new();
    d.circle(&[("bob", "contributor")]);
    let written = d.json(&["fund", "receive", "100", "--source", "FEDER", "--ref", "X", "--as", "alice"]);
    assert_eq!(written["kind"], "fund-received");
    assert_eq!(written["seq"], 2);
    let keys = d.json(&["key", "list"]);
    assert_eq!(keys.as_array().unwrap().len(), 3);
    let members = d.json(&["member", "list"]);
    assert_eq!(members[0]["name"], "alice");
    assert_eq!(members[0]["role"], "soucieux");
}
