//! The simulation of one circle: a founding, then cycles of activity between regulation
//! meetings (members, funds, proposals, payouts), each closed by a meeting, until the natural
//! end or the entries target.
//!
//! Every entry goes through [`Ledger::sign_and_append`], so every rule of the rulebook is
//! checked as it is generated, and a meeting's outcomes are always [`Ledger::preview_close`]'s.
//! The simulation only chooses *what* happens; the core decides whether it may.

use std::collections::{BTreeMap, BTreeSet};

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{
    ActionId, Body, Choice, CircleStatus, Euros, Genesis, Governance, Ledger, MeetingId, MemberName, Outcome,
    Payee, ProposalId, ProposalKind, ProposalStatus, PublicKey, Quorum, Role, SignedEntry, Text, TextField,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::names::{COMPAGNIE, FEDER, FIRST_NAMES, REGION, RETRIBUTION_PURPOSES, SUPPLIERS};
use crate::plan::Plan;
use crate::rng::Rng;
use crate::{DemoError, SinkError};

/// The most cycles one circle runs, whatever the target (a bound on the main loop).
const CYCLES_MAX: u32 = 1_000_000;

/// Why the simulation stopped before its natural end.
pub(crate) enum Halt {
    /// The entries target is reached.
    Target,
    /// Something went wrong.
    Failed(DemoError),
}

impl From<DemoError> for Halt {
    fn from(error: DemoError) -> Halt {
        Halt::Failed(error)
    }
}

/// A person of the circle: a member now or once.
struct Person {
    name: MemberName,
    key: SigningKey,
}

/// Who signs an entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Signer {
    Person(usize),
    Support,
}

/// How the members present at a meeting are chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attendance {
    Usual,
    /// Exactly the quorum.
    Bare,
    /// One short of the quorum.
    Short,
}

/// One circle being generated; `S` receives every entry, in order.
pub(crate) struct Simulation<S> {
    plan: Plan,
    rng: Rng,
    ledger: Ledger,
    people: Vec<Person>,
    by_name: BTreeMap<String, usize>,
    support: SigningKey,
    now: DateTime<Utc>,
    /// Seconds between two entries, roughly (spread over a cycle, or minutes in a meeting).
    step_seconds: u64,
    cycle: u32,
    emitted: u64,
    target: Option<u64>,
    sink: S,
    /// Proposals waiting for a meeting, in id order.
    pending: Vec<ProposalId>,
    /// Adopted spend lines with something left to pay.
    open_lines: Vec<ProposalId>,
    /// Adopted actions that may still take spend lines.
    live_actions: Vec<ActionId>,
    /// The spend line left open on purpose (auditor-worthy).
    stale: Option<ProposalId>,
    /// Proposals the members mostly vote against.
    contested: BTreeSet<ProposalId>,
    /// Proposals everyone present votes for (so that the rules, not the vote, decide them).
    consensual: BTreeSet<ProposalId>,
    /// A proposal the soucieux put first on the next agenda.
    first_on_agenda: Option<ProposalId>,
    last_meeting: Option<NaiveDate>,
    over_envelope_done: bool,
    insufficient_done: bool,
    /// Whether a meeting already lacked its quorum.
    short_done: bool,
    tranches: u32,
    payouts: u32,
    names_used: usize,
    names_offset: usize,
    actions_proposed: usize,
}

impl<S> Simulation<S>
where
    S: FnMut(SignedEntry) -> Result<(), SinkError>,
{
    /// A circle following `plan`, drawing from `rng`, signing checkpoints with `support`.
    pub(crate) fn new(plan: Plan, mut rng: Rng, support: SigningKey, target: Option<u64>, sink: S) -> Self {
        let names_offset = rng.index(FIRST_NAMES.len());
        let now = at(plan.founded, 9, 30);
        Simulation {
            plan,
            rng,
            ledger: Ledger::new(),
            people: Vec::new(),
            by_name: BTreeMap::new(),
            support,
            now,
            step_seconds: 3_600,
            cycle: 0,
            emitted: 0,
            target,
            sink,
            pending: Vec::new(),
            open_lines: Vec::new(),
            live_actions: Vec::new(),
            stale: None,
            contested: BTreeSet::new(),
            consensual: BTreeSet::new(),
            first_on_agenda: None,
            last_meeting: None,
            over_envelope_done: false,
            insufficient_done: false,
            short_done: false,
            tranches: 0,
            payouts: 0,
            names_used: 0,
            names_offset,
            actions_proposed: 0,
        }
    }

    /// The members' keys, by member name, in joining order.
    pub(crate) fn into_keys(self) -> Vec<(String, SigningKey)> {
        self.people.into_iter().map(|person| (person.name.to_string(), person.key)).collect()
    }

    /// How many entries were generated.
    pub(crate) fn emitted(&self) -> u64 {
        self.emitted
    }

    /// Run to the natural end, or to the target.
    pub(crate) fn run(&mut self) -> Result<(), DemoError> {
        match self.run_cycles() {
            Ok(()) | Err(Halt::Target) => Ok(()),
            Err(Halt::Failed(error)) => Err(error),
        }
    }

    fn run_cycles(&mut self) -> Result<(), Halt> {
        self.found()?;
        while self.cycle < CYCLES_MAX {
            if self.target.is_none() && self.cycle >= self.plan.natural_cycles {
                break;
            }
            let meeting_date = self.between_meetings()?;
            self.meeting(meeting_date)?;
            if self.cycle % 4 == 3 {
                self.emit(Signer::Support, Body::Checkpoint)?;
            }
            self.cycle += 1;
        }
        self.emit(Signer::Support, Body::Checkpoint)
    }

    // Entries.

    /// Sign `body`, append it (every rule checked), hand it to the sink, move the clock on.
    fn emit(&mut self, signer: Signer, body: Body) -> Result<(), Halt> {
        let key = match signer {
            Signer::Person(index) => &self.people[index].key,
            Signer::Support => &self.support,
        };
        let kind = body.kind();
        let seq = self.ledger.len();
        let signed = self.ledger.sign_and_append(key, self.now, body).map_err(|error| {
            Halt::Failed(DemoError::Refused { circle: self.plan.name.clone(), seq, kind, error })
        })?;
        (self.sink)(signed).map_err(|error| Halt::Failed(DemoError::Sink(error)))?;
        self.emitted += 1;
        let step = self.step_seconds;
        let seconds = self.rng.between(step / 2, step + step / 2);
        self.now += chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(60));
        if Some(self.emitted) == self.target {
            return Err(Halt::Target);
        }
        Ok(())
    }

    fn public(&self, index: usize) -> PublicKey {
        PublicKey(self.people[index].key.verifying_key().to_bytes())
    }

    // Members.

    fn role(&self, index: usize) -> Option<Role> {
        let member = self.ledger.member(&self.people[index].name)?;
        member.active.then_some(member.role)
    }

    fn active(&self) -> Vec<usize> {
        (0..self.people.len()).filter(|i| self.role(*i).is_some()).collect()
    }

    fn with_role(&self, role: Role) -> Vec<usize> {
        (0..self.people.len()).filter(|i| self.role(*i) == Some(role)).collect()
    }

    fn any_soucieux(&mut self) -> Result<usize, Halt> {
        let soucieux = self.with_role(Role::Soucieux);
        self.rng.pick(&soucieux).copied().ok_or_else(|| invalid("a circle without a soucieux"))
    }

    /// A new person, not yet a member: the next first name, a key from the stream.
    fn new_person(&mut self) -> Result<usize, Halt> {
        let count = FIRST_NAMES.len();
        let number = self.names_used;
        self.names_used += 1;
        let base = FIRST_NAMES[(number + self.names_offset) % count];
        let round = number / count;
        let text = match round {
            0 => base.to_string(),
            1..=26 => format!("{base}.{}", char::from(b'a' + u8::try_from(round - 1).unwrap_or(0))),
            _ => format!("{base}{round}"),
        };
        let name: MemberName = text.parse().map_err(|_| invalid("a member name"))?;
        let key = SigningKey::from_bytes(&self.rng.bytes32());
        self.by_name.insert(name.key(), self.people.len());
        self.people.push(Person { name, key });
        Ok(self.people.len() - 1)
    }

    fn add_member(&mut self, role: Role) -> Result<(), Halt> {
        let soucieux = self.any_soucieux()?;
        let person = self.new_person()?;
        let body = Body::MemberAdd { name: self.people[person].name.clone(), key: self.public(person), role };
        self.emit(Signer::Person(soucieux), body)
    }

    fn change_role(&mut self, from: Role, to: Role) -> Result<(), Halt> {
        let candidates = self.with_role(from);
        let Some(&person) = self.rng.pick(&candidates) else { return Ok(()) };
        let soucieux = self.any_soucieux()?;
        let body = Body::MemberRole { name: self.people[person].name.clone(), role: to };
        self.emit(Signer::Person(soucieux), body)
    }

    /// A participant or contributor leaves (never a soucieux nor the founder).
    fn member_leaves(&mut self) -> Result<(), Halt> {
        let mut candidates = self.with_role(Role::Participant);
        candidates.extend(self.with_role(Role::Contributor));
        candidates.retain(|person| *person != 0);
        let Some(&person) = self.rng.pick(&candidates) else { return Ok(()) };
        let soucieux = self.any_soucieux()?;
        let body = Body::MemberLeave { name: self.people[person].name.clone() };
        self.emit(Signer::Person(soucieux), body)
    }

    // The founding.

    fn found(&mut self) -> Result<(), Halt> {
        self.step_seconds = 900;
        let founder = self.new_person()?;
        let genesis = Genesis {
            name: text(TextField::CircleName, &self.plan.name)?,
            territory: text(TextField::Territory, &self.plan.territory)?,
            status: self.plan.status,
            founder: self.people[founder].name.clone(),
            governance: Governance { quorum: Quorum::HALF, threshold: self.plan.threshold, recusal: true },
            support_key: Some(PublicKey(self.support.verifying_key().to_bytes())),
        };
        self.emit(Signer::Person(founder), Body::Genesis(genesis))?;
        if !self.plan.small {
            self.add_member(Role::Soucieux)?;
        }
        let initial = self.plan.pace.members_initial;
        let contributors = 2 + initial / 6;
        while self.active().len() < initial {
            let role = if self.with_role(Role::Contributor).len() < contributors {
                Role::Contributor
            } else {
                Role::Participant
            };
            self.add_member(role)?;
        }
        let (first, second) = if self.plan.small { (400_000, 250_000) } else { (1_500_000, 500_000) };
        let scale = self.plan.pace.margin_cents / 150_000;
        if !self.plan.small {
            self.receive(FEDER, first * scale.max(1))?;
        }
        self.receive(COMPAGNIE, second * scale.max(1))?;
        let envelope = self.envelope(true);
        let title = self.plan.rencontres.clone();
        self.propose_action(&title, envelope)?;
        for _ in 0..self.rng.between(1, 2) {
            self.propose_next_action()?;
        }
        Ok(())
    }

    // Between two meetings.

    /// Members, funds, payouts and proposals until the next meeting; returns its date.
    fn between_meetings(&mut self) -> Result<NaiveDate, Halt> {
        let (low, high) = self.plan.pace.gap_days;
        let mut gap = self.rng.between(low, high);
        if self.plan.long_gap && self.cycle == 8 {
            gap = self.rng.between(190, 230);
        }
        let from = self.last_meeting.unwrap_or(self.plan.founded);
        let date =
            from.checked_add_days(Days::new(gap)).ok_or_else(|| invalid("a date past the calendar"))?;
        let (spends_low, spends_high) = self.plan.pace.spends_per_cycle;
        let planned = spends_high + 8;
        self.step_seconds = (gap * 86_400 / planned).max(60);
        if self.plan.becomes_active == Some(self.cycle) {
            let soucieux = self.any_soucieux()?;
            self.emit(Signer::Person(soucieux), Body::CircleStatus { status: CircleStatus::Active })?;
        }
        self.members_events()?;
        self.pay()?;
        let spends = self.rng.between(spends_low, spends_high);
        self.propose(spends)?;
        // The money of this cycle has not come yet when the over-ambitious line is proposed.
        if !self.insufficient_funds_episode()? {
            self.top_up()?;
        }
        Ok(date)
    }

    fn members_events(&mut self) -> Result<(), Halt> {
        let active = self.active().len();
        let pace = self.plan.pace;
        let recruit = active < pace.members_max && (self.cycle % 3 == 1 || self.rng.chance(150));
        if recruit {
            let role = if self.rng.chance(250) { Role::Contributor } else { Role::Participant };
            self.add_member(role)?;
        }
        match self.cycle {
            5 => self.change_role(Role::Participant, Role::Contributor)?,
            9 => self.member_leaves()?,
            11 => self.change_role(Role::Contributor, Role::Participant)?,
            c if c > 12 && self.rng.chance(40) => self.change_role(Role::Participant, Role::Contributor)?,
            c if c > 12 && active > pace.members_initial && self.rng.chance(60) => self.member_leaves()?,
            _ => {}
        }
        Ok(())
    }

    /// Record funds received: by a soucieux, or by the support team for its own money.
    fn receive(&mut self, source: &str, cents: u64) -> Result<(), Halt> {
        self.tranches += 1;
        let date = self.now.date_naive();
        let reference = match source {
            FEDER => format!(
                "Convention FEDER HF{:07} - versement {}",
                23_410 + self.plan.index * 97,
                self.tranches
            ),
            REGION => format!(
                "Délibération CP {} - dossier 24-{:05}",
                date.format("%Y%m%d"),
                1_200 + self.plan.index * 31 + self.tranches as usize
            ),
            _ => format!("CTL-{}-{}-{:02}", date.year(), slug_code(&self.plan.slug), self.tranches),
        };
        let signer = if source == COMPAGNIE { Signer::Support } else { Signer::Person(self.any_soucieux()?) };
        let body = Body::FundReceived {
            amount: Euros::from_cents(cents),
            source: text(TextField::Source, source)?,
            reference: text(TextField::Reference, &reference)?,
        };
        self.emit(signer, body)
    }

    /// Keep enough available for the pending spend lines and a margin.
    fn top_up(&mut self) -> Result<(), Halt> {
        let pending = self.pending_spend_cents(None);
        let margin = self.plan.pace.margin_cents;
        let available = self.ledger.totals().available().cents();
        let wanted = pending + margin;
        if available >= wanted && self.cycle % 6 != 5 {
            return Ok(());
        }
        let deficit = wanted.saturating_sub(available) + self.rng.between(0, margin);
        let cents = deficit.div_ceil(50_000) * 50_000;
        let sources: &[&str] = if self.plan.small {
            &[COMPAGNIE, REGION, COMPAGNIE]
        } else {
            &[FEDER, REGION, FEDER, COMPAGNIE]
        };
        let source = sources[self.tranches as usize % sources.len()];
        self.receive(source, cents.max(50_000))
    }

    /// Pay adopted spend lines: in full, in part, or less than planned and then closed.
    fn pay(&mut self) -> Result<(), Halt> {
        let lines = self.open_lines.clone();
        for id in lines {
            if Some(id) == self.stale {
                continue;
            }
            let Some(line) = self.ledger.proposal(id).and_then(|p| p.spend_line()).cloned() else { continue };
            let remaining = line.remaining().cents();
            let payee = match &line.payee {
                Payee::Member(name) => self.by_name.get(&name.key()).copied(),
                Payee::Supplier(_) => None,
            };
            if let Some(person) = payee {
                if !self.role(person).is_some_and(Role::is_paid) {
                    // The payee left or no longer holds a paid role: release the remainder.
                    self.close_line(id)?;
                    continue;
                }
            }
            if !self.rng.chance(700) {
                continue;
            }
            let mode = self.rng.below(100);
            let cents = match mode {
                0..=69 => remaining,
                70..=84 => (remaining * self.rng.between(40, 70) / 100) / 100 * 100,
                _ => remaining * self.rng.between(70, 95) / 100,
            };
            let cents = if cents == 0 { remaining } else { cents };
            self.payout(id, &line.payee, payee, cents)?;
            if mode >= 85 && cents < remaining {
                self.close_line(id)?;
            } else if cents == remaining {
                self.open_lines.retain(|open| *open != id);
            }
        }
        Ok(())
    }

    fn payout(
        &mut self,
        id: ProposalId,
        payee: &Payee,
        person: Option<usize>,
        cents: u64,
    ) -> Result<(), Halt> {
        let mut recorders = self.with_role(Role::Soucieux);
        recorders.retain(|r| Some(*r) != person);
        let signer = match self.rng.pick(&recorders) {
            Some(recorder) if !self.rng.chance(120) => Signer::Person(*recorder),
            _ => Signer::Support,
        };
        self.payouts += 1;
        let date = self.now.date_naive();
        let reference = match payee {
            Payee::Member(_) => format!("Virement {} - note de rétribution {:04}", date, self.payouts),
            Payee::Supplier(_) => format!("Facture {:05} - virement {}", 3_000 + self.payouts, date),
        };
        let body = Body::Payout {
            proposal: id,
            amount: Euros::from_cents(cents),
            date,
            reference: text(TextField::Reference, &reference)?,
        };
        self.emit(signer, body)
    }

    fn close_line(&mut self, id: ProposalId) -> Result<(), Halt> {
        let soucieux = self.any_soucieux()?;
        self.open_lines.retain(|open| *open != id);
        self.emit(Signer::Person(soucieux), Body::SpendClose { proposal: id })
    }

    // Proposals.

    fn envelope(&mut self, first: bool) -> u64 {
        let euros = match (first, self.plan.small) {
            (true, false) => self.rng.between(24, 40) * 500,
            (true, true) => self.rng.between(10, 16) * 500,
            (false, false) => self.rng.between(6, 30) * 500,
            (false, true) => self.rng.between(4, 12) * 500,
        };
        euros * 100 * (self.plan.pace.margin_cents / 150_000).max(1)
    }

    fn propose_action(&mut self, title: &str, envelope_cents: u64) -> Result<(), Halt> {
        let active = self.active();
        let author = self.rng.pick(&active).copied().ok_or_else(|| invalid("a circle without members"))?;
        let body = Body::ProposeAction {
            title: text(TextField::Title, title)?,
            envelope: Euros::from_cents(envelope_cents),
        };
        self.emit(Signer::Person(author), body)?;
        self.pending.push(self.last_proposal());
        self.actions_proposed += 1;
        Ok(())
    }

    fn propose_next_action(&mut self) -> Result<(), Halt> {
        let actions = crate::names::ACTIONS;
        let number = self.actions_proposed.saturating_sub(1);
        let base = actions[number % actions.len()];
        let title =
            if number < actions.len() { base.to_string() } else { format!("{base} {}", self.now.year()) };
        let envelope = self.envelope(false);
        self.propose_action(&title, envelope)
    }

    fn last_proposal(&self) -> ProposalId {
        ProposalId(self.ledger.proposal_count())
    }

    fn pending_spend_cents(&self, action: Option<ActionId>) -> u64 {
        self.pending
            .iter()
            .filter_map(|id| self.ledger.proposal(*id)?.spend_line())
            .filter(|line| action.is_none_or(|a| a == line.action))
            .map(|line| line.amount.cents())
            .sum()
    }

    /// What an action may still take: its envelope minus adopted and pending spend lines.
    fn room_cents(&self, id: ActionId) -> u64 {
        let Some(action) = self.ledger.action(id) else { return 0 };
        let left = action.envelope.saturating_sub(action.used()).cents();
        left.saturating_sub(self.pending_spend_cents(Some(id)))
    }

    fn propose(&mut self, spends: u64) -> Result<(), Halt> {
        let live = std::mem::take(&mut self.live_actions);
        self.live_actions = live.into_iter().filter(|id| self.room_cents(*id) >= 30_000).collect();
        let actions_pending = self.pending.iter().any(|id| {
            self.ledger.proposal(*id).is_some_and(|p| matches!(p.kind, ProposalKind::Action { .. }))
        });
        if self.live_actions.len() < 3 && !actions_pending {
            self.propose_next_action()?;
        }
        if self.plan.stale_line && self.cycle == 2 {
            let id = self.propose_spend_line(SpendChoice::Stale)?;
            self.stale = id;
            self.consensual.extend(id);
        }
        let already = self.pending.len() as u64;
        for _ in already.min(spends)..spends {
            self.propose_spend_line(SpendChoice::Usual)?;
        }
        if self.cycle == 3 || (self.cycle > 3 && self.rng.chance(25)) {
            self.withdrawn_proposal()?;
        }
        if self.cycle == 4 || (self.cycle > 4 && self.rng.chance(40)) {
            let id = self.propose_spend_line(SpendChoice::Usual)?;
            self.contested.extend(id);
        }
        if (self.cycle >= 6 && !self.over_envelope_done) || (self.cycle > 12 && self.rng.chance(15)) {
            self.over_envelope_episode()?;
        }
        Ok(())
    }

    /// A member proposes a spend line, then thinks better of it and withdraws it.
    fn withdrawn_proposal(&mut self) -> Result<(), Halt> {
        let Some(id) = self.propose_spend_line(SpendChoice::Usual)? else { return Ok(()) };
        let Some(author) = self.ledger.proposal(id).map(|p| p.author.key()) else { return Ok(()) };
        let Some(&person) = self.by_name.get(&author) else { return Ok(()) };
        self.emit(Signer::Person(person), Body::Withdraw { proposal: id })?;
        self.pending.retain(|pending| *pending != id);
        Ok(())
    }

    /// A spend line past its action's envelope, put first on the agenda: the rules refuse it.
    fn over_envelope_episode(&mut self) -> Result<(), Halt> {
        if self.first_on_agenda.is_some() {
            return Ok(());
        }
        let found = self.live_actions.iter().copied().find_map(|id| {
            let action = self.ledger.action(id)?;
            let used = action.used().cents();
            (used >= 50_000).then_some((id, action.envelope.cents() - used, used))
        });
        let Some((action, left, used)) = found else { return Ok(()) };
        let extra = self.rng.between(100, (used / 100).min(800)) * 100;
        let id = self.propose_spend_on(action, left + extra, SpendChoice::Usual)?;
        self.first_on_agenda = Some(id);
        self.consensual.insert(id);
        self.over_envelope_done = true;
        Ok(())
    }

    /// A spend line above what is available, put first on the agenda before the cycle's funds
    /// arrive: the rules refuse it. Returns whether it happened.
    fn insufficient_funds_episode(&mut self) -> Result<bool, Halt> {
        let due = (self.cycle >= 8 && !self.insufficient_done) || (self.cycle > 14 && self.rng.chance(12));
        if !due || self.first_on_agenda.is_some() {
            return Ok(false);
        }
        let available = self.ledger.totals().available().cents();
        let extra = self.rng.between(200, 1_500) * 100;
        let found = self.live_actions.iter().copied().find(|id| {
            let action = self.ledger.action(*id);
            action.is_some_and(|a| a.envelope.saturating_sub(a.used()).cents() >= available + extra)
        });
        let Some(action) = found else { return Ok(false) };
        let id = self.propose_spend_on(action, available + extra, SpendChoice::Usual)?;
        self.first_on_agenda = Some(id);
        self.consensual.insert(id);
        self.insufficient_done = true;
        Ok(true)
    }

    /// A usual spend line on an action with room; `None` when no action has room.
    fn propose_spend_line(&mut self, choice: SpendChoice) -> Result<Option<ProposalId>, Halt> {
        let live = self.live_actions.clone();
        let with_room: Vec<(ActionId, u64)> =
            live.iter().map(|id| (*id, self.room_cents(*id))).filter(|(_, room)| *room >= 15_000).collect();
        let Some(&(action, room)) = self.rng.pick(&with_room) else { return Ok(None) };
        let choice = match choice {
            SpendChoice::Usual if self.rng.chance(550) => SpendChoice::Retribution,
            SpendChoice::Usual => SpendChoice::Expense,
            other => other,
        };
        let cents = match choice {
            SpendChoice::Stale => self.rng.between(1_480, 2_400) * 100,
            // Retributions in half-days (multiples of 50 euros); invoices to the cent.
            SpendChoice::Retribution => self.rng.between(3, 30) * 5_000,
            SpendChoice::Usual | SpendChoice::Expense => self.rng.between(6_000, 250_000),
        };
        let cents = cents.min(room);
        self.propose_spend_on(action, cents, choice).map(Some)
    }

    fn propose_spend_on(
        &mut self,
        action: ActionId,
        cents: u64,
        choice: SpendChoice,
    ) -> Result<ProposalId, Halt> {
        let mut paid = self.with_role(Role::Contributor);
        paid.extend(self.with_role(Role::Soucieux));
        let retribution = match choice {
            SpendChoice::Retribution => self.rng.pick(&paid).copied(),
            SpendChoice::Usual => self.rng.chance(550).then(|| self.rng.pick(&paid).copied()).flatten(),
            SpendChoice::Expense | SpendChoice::Stale => None,
        };
        let active = self.active();
        let (payee, purpose, author) = match (retribution, choice) {
            (_, SpendChoice::Stale) => {
                let payee = Payee::Supplier(text(TextField::Supplier, "Imprimerie Lefebvre")?);
                (
                    payee,
                    "Impression de la carte des tiers-lieux (2 000 exemplaires)".to_string(),
                    self.any_soucieux()?,
                )
            }
            (Some(person), _) => {
                let purpose = self.rng.pick(RETRIBUTION_PURPOSES).copied().unwrap_or("Contribution");
                // Often the contributor proposes their own retribution; else a soucieux does.
                let author = if self.rng.chance(600) { person } else { self.any_soucieux()? };
                (Payee::Member(self.people[person].name.clone()), purpose.to_string(), author)
            }
            (None, _) => {
                let (supplier, purpose) =
                    self.rng.pick(SUPPLIERS).copied().unwrap_or(("Traiteur du Port", "Repas"));
                let author =
                    self.rng.pick(&active).copied().ok_or_else(|| invalid("a circle without members"))?;
                (Payee::Supplier(text(TextField::Supplier, supplier)?), purpose.to_string(), author)
            }
        };
        let title = self.ledger.action(action).map(|a| a.title.to_string()).unwrap_or_default();
        let purpose = format!("{purpose} ({title})");
        let body = Body::ProposeSpend {
            action,
            amount: Euros::from_cents(cents.max(100)),
            payee,
            purpose: text(TextField::Purpose, &purpose)?,
        };
        self.emit(Signer::Person(author), body)?;
        let id = self.last_proposal();
        self.pending.push(id);
        Ok(id)
    }

    // Regulation meetings.

    fn meeting(&mut self, date: NaiveDate) -> Result<(), Halt> {
        let agenda = self.agenda();
        self.step_seconds = 150;
        self.now = self.now.max(at(date, 18, 0));
        let date = self.now.date_naive();
        self.last_meeting = Some(date);
        if agenda.is_empty() {
            return Ok(());
        }
        let opener = self.any_soucieux()?;
        self.emit(Signer::Person(opener), Body::MeetingOpen { date, agenda: agenda.clone() })?;
        let meeting = MeetingId(self.ledger.meeting_count());
        let attendance = self.attendance(&agenda);
        let present = self.attend(meeting, opener, attendance)?;
        for proposal in &agenda {
            self.votes(meeting, *proposal, &present, attendance)?;
        }
        let outcomes = self.ledger.preview_close(meeting).map_err(|error| {
            Halt::Failed(DemoError::Invalid(format!("closing a meeting it opened: {error}")))
        })?;
        self.emit(Signer::Person(opener), Body::MeetingClose { meeting, outcomes: outcomes.clone() })?;
        for item in outcomes {
            self.decided(item.proposal, item.outcome);
        }
        Ok(())
    }

    /// The special item first, then pending proposals in order, up to the agenda's limit.
    fn agenda(&mut self) -> Vec<ProposalId> {
        let mut agenda: Vec<ProposalId> = self.first_on_agenda.take().into_iter().collect();
        let limit = self.plan.pace.agenda_max.min(cercle_core::AGENDA_LENGTH_MAX);
        for id in &self.pending {
            if agenda.len() >= limit {
                break;
            }
            if !agenda.contains(id) {
                agenda.push(*id);
            }
        }
        agenda
    }

    fn attendance(&mut self, agenda: &[ProposalId]) -> Attendance {
        let special = agenda.iter().any(|id| self.consensual.contains(id) || self.contested.contains(id));
        if self.plan.bare_quorum && self.cycle == 12 {
            return Attendance::Bare;
        }
        if special {
            return Attendance::Usual;
        }
        if (self.cycle >= 7 && !self.short_done) || (self.cycle > 12 && self.rng.chance(40)) {
            self.short_done = true;
            return Attendance::Short;
        }
        if self.cycle > 12 && self.rng.chance(30) {
            return Attendance::Bare;
        }
        Attendance::Usual
    }

    /// Record attendance; returns who is present, the opener first.
    fn attend(
        &mut self,
        meeting: MeetingId,
        opener: usize,
        attendance: Attendance,
    ) -> Result<Vec<usize>, Halt> {
        let mut others = self.active();
        let voting = u32::try_from(others.len()).unwrap_or(u32::MAX);
        let quorum = (0..=voting).find(|p| Quorum::HALF.is_met(*p, voting)).unwrap_or(voting);
        let count = match attendance {
            Attendance::Bare => quorum,
            Attendance::Short if quorum > 1 => quorum - 1,
            _ => {
                let share = self.rng.between(60, 95);
                (u64::from(voting) * share / 100).clamp(u64::from(quorum), u64::from(voting)) as u32
            }
        };
        others.retain(|person| *person != opener);
        self.rng.shuffle(&mut others);
        let mut present = vec![opener];
        present.extend(others.into_iter().take(count.saturating_sub(1) as usize));
        for person in &present {
            self.emit(Signer::Person(*person), Body::Attend { meeting })?;
        }
        Ok(present)
    }

    fn votes(
        &mut self,
        meeting: MeetingId,
        proposal: ProposalId,
        present: &[usize],
        attendance: Attendance,
    ) -> Result<(), Halt> {
        let payee = self.ledger.proposal(proposal).and_then(|p| match &p.spend_line()?.payee {
            Payee::Member(name) => self.by_name.get(&name.key()).copied(),
            Payee::Supplier(_) => None,
        });
        let contested = self.contested.contains(&proposal);
        let unanimous = self.consensual.contains(&proposal) || attendance == Attendance::Bare;
        for voter in present {
            if Some(*voter) == payee || (!unanimous && self.rng.chance(40)) {
                continue; // recused, or did not vote
            }
            let roll = self.rng.below(100);
            let choice = match (contested, unanimous) {
                (true, _) if roll < 70 => Choice::Against,
                (true, _) if roll < 85 => Choice::Abstain,
                (false, true) => Choice::For,
                (false, false) if roll >= 95 => Choice::Against,
                (false, false) if roll >= 86 => Choice::Abstain,
                _ => Choice::For,
            };
            self.emit(Signer::Person(*voter), Body::Vote { meeting, proposal, choice })?;
        }
        Ok(())
    }

    /// Follow up a meeting's outcome for one proposal.
    fn decided(&mut self, id: ProposalId, outcome: Outcome) {
        if outcome == Outcome::NoQuorum {
            return;
        }
        self.pending.retain(|pending| *pending != id);
        self.contested.remove(&id);
        self.consensual.remove(&id);
        let Some(proposal) = self.ledger.proposal(id) else { return };
        if proposal.status != ProposalStatus::Adopted {
            return;
        }
        match &proposal.kind {
            ProposalKind::Action { action: Some(action), .. } => self.live_actions.push(*action),
            ProposalKind::Action { action: None, .. } => {}
            ProposalKind::Spend(_) => self.open_lines.push(id),
            ProposalKind::Governance(_) => {}
        }
    }
}

/// What kind of spend line to propose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SpendChoice {
    /// Retribution or expense, at random.
    Usual,
    Retribution,
    Expense,
    /// The printing job left open on purpose.
    Stale,
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, minute, 0).unwrap_or_default().and_utc()
}

fn text(field: TextField, value: &str) -> Result<Text, Halt> {
    Text::new(field, value).map_err(|error| invalid(&format!("{value:?}: {error}")))
}

fn invalid(what: &str) -> Halt {
    Halt::Failed(DemoError::Invalid(what.to_string()))
}

/// `metropole-lilloise` → `MET`.
fn slug_code(slug: &str) -> String {
    slug.chars().filter(char::is_ascii_alphabetic).take(3).collect::<String>().to_ascii_uppercase()
}
