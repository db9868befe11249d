//! Small circles built with the core's own API, for the renderers' tests.

use std::collections::BTreeMap;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{
    Body, Choice, CircleStatus, Governance, Ledger, MeetingId, Payee, ProposalId, PublicKey, Report, Role,
    SignedEntry, Text, TextField,
};
use chrono::{DateTime, NaiveDate, Utc};

/// A circle being written, entry by entry; every entry is kept for replays (hledger).
pub struct Circle {
    pub ledger: Ledger,
    pub entries: Vec<SignedEntry>,
    keys: BTreeMap<String, SigningKey>,
    support: Option<SigningKey>,
    at: DateTime<Utc>,
    next_key: u8,
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn text(field: TextField, value: &str) -> Text {
    Text::new(field, value).expect("a valid test text")
}

impl Circle {
    /// A circle founded on `founded` by `alice` (soucieux); with a support team key or not.
    pub fn new(name: &str, founded: &str, support: bool) -> Circle {
        Circle::with_governance(name, founded, support, Governance::default())
    }

    pub fn with_governance(name: &str, founded: &str, support: bool, governance: Governance) -> Circle {
        let alice = SigningKey::from_bytes(&[1; 32]);
        let support = support.then(|| SigningKey::from_bytes(&[200; 32]));
        let mut circle = Circle {
            ledger: Ledger::new(),
            entries: Vec::new(),
            keys: BTreeMap::from([("alice".to_string(), alice)]),
            support,
            at: DateTime::from_timestamp(0, 0).expect("epoch"),
            next_key: 2,
        };
        circle.on(founded);
        let body = Body::Genesis(cercle_core::Genesis {
            name: text(TextField::CircleName, name),
            territory: text(TextField::Territory, "Côte d'Opale"),
            status: CircleStatus::Active,
            founder: "alice".parse().expect("a name"),
            governance,
            support_key: circle.support.as_ref().map(|k| PublicKey(k.verifying_key().to_bytes())),
        });
        circle.sign("alice", body);
        circle
    }

    /// From now on, entries are recorded on `day` (10:00 UTC).
    pub fn on(&mut self, day: &str) -> &mut Circle {
        let at = date(day).and_hms_opt(10, 0, 0).expect("a time").and_utc();
        assert!(at >= self.at, "time goes forward in a ledger");
        self.at = at;
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.at.date_naive()
    }

    fn sign(&mut self, by: &str, body: Body) -> SignedEntry {
        let key = self.keys.get(by).unwrap_or_else(|| panic!("no key for {by}")).clone();
        self.sign_with(&key, body)
    }

    fn sign_with(&mut self, key: &SigningKey, body: Body) -> SignedEntry {
        let kind = body.kind();
        let signed = self
            .ledger
            .sign_and_append(key, self.at, body)
            .unwrap_or_else(|e| panic!("the test circle broke a rule on {kind}: {e}"));
        self.entries.push(signed.clone());
        signed
    }

    pub fn member(&mut self, name: &str, role: Role) -> &mut Circle {
        let key = SigningKey::from_bytes(&[self.next_key; 32]);
        self.next_key += 1;
        let public = PublicKey(key.verifying_key().to_bytes());
        self.keys.insert(name.to_string(), key);
        self.sign("alice", Body::MemberAdd { name: name.parse().expect("a name"), key: public, role });
        self
    }

    pub fn fund(&mut self, amount: &str, source: &str, reference: &str) -> &mut Circle {
        let body = Body::FundReceived {
            amount: amount.parse().expect("an amount"),
            source: text(TextField::Source, source),
            reference: text(TextField::Reference, reference),
        };
        self.sign("alice", body);
        self
    }

    fn next_proposal(&self) -> ProposalId {
        ProposalId(self.ledger.proposal_count() + 1)
    }

    pub fn action(&mut self, by: &str, title: &str, envelope: &str) -> ProposalId {
        let id = self.next_proposal();
        let body = Body::ProposeAction {
            title: text(TextField::Title, title),
            envelope: envelope.parse().expect("an amount"),
        };
        self.sign(by, body);
        id
    }

    /// A spend line; `payee` is a member's name, or `supplier:NAME`.
    pub fn spend(&mut self, by: &str, action: u32, amount: &str, payee: &str, purpose: &str) -> ProposalId {
        let id = self.next_proposal();
        let payee = match payee.strip_prefix("supplier:") {
            Some(name) => Payee::Supplier(text(TextField::Supplier, name)),
            None => Payee::Member(payee.parse().expect("a name")),
        };
        let body = Body::ProposeSpend {
            action: cercle_core::ActionId(action),
            amount: amount.parse().expect("an amount"),
            payee,
            purpose: text(TextField::Purpose, purpose),
        };
        self.sign(by, body);
        id
    }

    /// A meeting held today: `present` attend and vote `for` every item they may vote on
    /// (a payee does not vote on their own line); then alice closes it.
    pub fn meeting(&mut self, agenda: &[ProposalId], present: &[&str]) -> MeetingId {
        self.meeting_voting(agenda, present, Choice::For)
    }

    pub fn meeting_voting(&mut self, agenda: &[ProposalId], present: &[&str], choice: Choice) -> MeetingId {
        let id = MeetingId(self.ledger.meeting_count() + 1);
        self.sign("alice", Body::MeetingOpen { date: self.today(), agenda: agenda.to_vec() });
        for name in present {
            self.sign(name, Body::Attend { meeting: id });
        }
        for proposal in agenda {
            for name in present {
                let pays_voter = self
                    .ledger
                    .proposal(*proposal)
                    .and_then(|p| p.spend_line())
                    .is_some_and(|line| line.payee.name().eq_ignore_ascii_case(name));
                if !pays_voter {
                    self.sign(name, Body::Vote { meeting: id, proposal: *proposal, choice });
                }
            }
        }
        let outcomes = self.ledger.preview_close(id).expect("an open meeting");
        self.sign("alice", Body::MeetingClose { meeting: id, outcomes });
        id
    }

    pub fn payout(&mut self, by: &str, proposal: ProposalId, amount: &str, reference: &str) -> &mut Circle {
        let body = Body::Payout {
            proposal,
            amount: amount.parse().expect("an amount"),
            date: self.today(),
            reference: text(TextField::Reference, reference),
        };
        self.sign(by, body);
        self
    }

    pub fn close(&mut self, by: &str, proposal: ProposalId) -> &mut Circle {
        self.sign(by, Body::SpendClose { proposal });
        self
    }

    pub fn checkpoint(&mut self) -> &mut Circle {
        let support = self.support.clone().expect("a circle with a support team");
        self.sign_with(&support, Body::Checkpoint);
        self
    }

    pub fn report(&self) -> Report {
        Report::of(&self.ledger).expect("a circle")
    }
}

/// The circle most tests read: two funders, two actions, spend lines paid, closed and open, a
/// pending proposal, a support checkpoint, and user text that needs escaping and quoting.
pub fn littoral() -> Circle {
    let mut c = Circle::new("Littoral", "2024-01-15", true);
    c.member("bob", Role::Contributor).member("carol", Role::Contributor).member("dan", Role::Participant);
    c.fund("10000", "FEDER", "CONV-2024-17").fund("5000", "Région Hauts-de-France", "HDF/2024/3");
    let forum = c.action("bob", "Forum des tiers-lieux", "2000");
    let map = c.action("carol", "Cartographie <des> lieux, & \"réseaux\"", "3000");
    c.on("2024-02-10");
    c.meeting(&[forum, map], &["alice", "bob", "carol", "dan"]);
    let animation = c.spend("bob", 1, "350", "bob", "Animation du forum");
    let posters = c.spend("alice", 1, "1500", "supplier:Imprimerie L'Encre & Cie", "Affiches; \"A3\"");
    let survey = c.spend("carol", 2, "800", "carol", "Relevés de terrain");
    c.on("2024-03-12");
    c.meeting(&[animation, posters, survey], &["alice", "bob"]);
    c.on("2024-04-02");
    c.payout("alice", animation, "350", "VIR-001")
        .payout("alice", posters, "1000", "FAC 2024-118")
        .payout("alice", survey, "300", "VIR-002");
    c.on("2024-05-01");
    c.close("alice", posters).checkpoint();
    c.action("dan", "Rencontre régionale", "100");
    c
}

/// Two busy years: six members, five actions, monthly payouts; for the sample pages.
pub fn two_years() -> Circle {
    let mut c = Circle::new("Pévèle <Carembault>", "2023-01-02", true);
    for (name, role) in [("bob", Role::Contributor), ("carol", Role::Contributor), ("dan", Role::Participant)]
    {
        c.member(name, role);
    }
    c.member("eve", Role::Soucieux).member("farid", Role::Contributor);
    c.fund("40000", "FEDER", "FEDER-HDF-2023-042").fund("12000", "Région", "R-2023-7");
    let titles = [
        ("Forum annuel des tiers-lieux", "9000"),
        ("Cartographie des lieux", "6000"),
        ("Ateliers numériques itinérants", "12000"),
        ("Accompagnement des porteurs de projet", "8000"),
        ("Communication & site", "4000"),
    ];
    let actions: Vec<ProposalId> = titles.iter().map(|(t, e)| c.action("bob", t, e)).collect();
    c.meeting(&actions, &["alice", "bob", "carol", "eve"]);
    let payees = ["bob", "carol", "farid", "eve", "supplier:Imprimerie du Nord"];
    for month in 0..24u32 {
        let (year, m) = (2023 + month / 12, month % 12 + 1);
        c.on(&format!("{year}-{m:02}-05"));
        let action = month % 5 + 1;
        let payee = payees[(month as usize) % payees.len()];
        let by = if payee == "bob" { "alice" } else { "bob" };
        let amount = format!("{}", 300 + (month % 7) * 150);
        let line = c.spend(by, action, &amount, payee, "Travail du mois");
        let present: &[&str] =
            if month % 4 == 0 { &["alice", "bob", "carol"] } else { &["alice", "bob", "carol", "dan"] };
        c.meeting(&[line], present);
        // Nobody records a payout to themselves: alice records them all (she is never paid).
        if month % 6 != 5 {
            c.payout("alice", line, &amount, &format!("VIR-{year}-{m:02}"));
        }
        if month == 11 {
            c.fund("15000", "Compagnie des Tiers-Lieux", "CTL-2024");
        }
    }
    c
}
