//! `cercle todo`: what awaits the `--as` member in the circle's live state. Open meetings and
//! what each agenda item needs from them, their pending proposals, and the adopted spend lines
//! that may still pay them. It reads the live state only (no history, no lock), so it costs the
//! same at a million entries as at ten.

use cercle_core::{
    Choice, Ledger, Meeting, Member, MemberName, Payee, Proposal, ProposalKind, ProposalStatus,
};
use serde_json::json;

use crate::context::Context;
use crate::describe::proposal_line;
use crate::error::{Error, Result, Sign, Usage};
use crate::output::{euros, note, print, print_json};

/// What an agenda item of an open meeting awaits from the member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Awaits {
    /// They may vote but are not recorded present.
    Attend,
    /// Present, and not voted yet.
    Vote,
    /// Voted.
    Voted(Choice),
    /// The item is a spend line paying them, and recusal is on.
    Recused,
    /// They were not a member when the meeting opened, or have left since.
    NotVoting,
}

impl Awaits {
    /// The word in JSON.
    fn word(self) -> &'static str {
        match self {
            Awaits::Attend => "attend",
            Awaits::Vote => "vote",
            Awaits::Voted(_) => "voted",
            Awaits::Recused => "recused",
            Awaits::NotVoting => "not-voting",
        }
    }
}

/// An open meeting as the member sees it.
struct Seen<'a> {
    meeting: &'a Meeting,
    /// Whether they may attend and vote in it.
    voting: bool,
    /// Each agenda item, with what it awaits from them.
    items: Vec<(&'a Proposal, Awaits)>,
}

/// `cercle todo`.
pub fn todo(ctx: &Context) -> Result<()> {
    let as_name = ctx.as_key.as_deref().ok_or_else(|| Error::from(Usage::TodoWho))?;
    let store = crate::context::open(ctx)?;
    // The live state holds every open meeting, pending proposal and spend line with money left.
    let ledger = store.ledger();
    let circle = ledger.circle().map(|c| c.name.to_string()).unwrap_or_default();
    let member = whose(ctx, ledger, as_name, &circle)?;
    let name = &member.name;

    let meetings: Vec<Seen> = ledger
        .open_meetings()
        .map(|m| {
            let voting = member.active && m.is_voting(name);
            let items = m
                .agenda
                .iter()
                .filter_map(|id| ledger.proposal(*id))
                .map(|p| (p, awaits(ledger, m, p, name, voting)))
                .collect();
            Seen { meeting: m, voting, items }
        })
        .collect();
    let mine: Vec<&Proposal> = ledger
        .live_proposals()
        .filter(|p| p.status == ProposalStatus::Pending && p.author.key() == name.key())
        .collect();
    let payable: Vec<&Proposal> = ledger
        .live_proposals()
        .filter(|p| p.status == ProposalStatus::Adopted)
        .filter(|p| {
            p.spend_line().is_some_and(|line| {
                matches!(&line.payee, Payee::Member(payee) if payee.key() == name.key())
                    && !line.remaining().is_zero()
            })
        })
        .collect();
    let on_agenda = |p: &Proposal| ledger.open_meetings().find(|m| m.agenda.contains(&p.id)).map(|m| m.id);

    if ctx.json {
        let meetings: Vec<_> = meetings
            .iter()
            .map(|Seen { meeting: m, voting, items }| {
                let items: Vec<_> = items
                    .iter()
                    .map(|(p, awaits)| {
                        let choice = match awaits {
                            Awaits::Voted(choice) => Some(choice.as_str()),
                            _ => None,
                        };
                        json!({
                            "proposal": p.id, "kind": p.kind_word(), "title": title(p),
                            "awaits": awaits.word(), "choice": choice,
                        })
                    })
                    .collect();
                json!({
                    "id": m.id, "date": m.date, "voting": voting, "present": m.is_present(name), "items": items,
                })
            })
            .collect();
        let mine: Vec<_> = mine
            .iter()
            .map(|p| {
                json!({
                    "id": p.id, "kind": p.kind_word(), "title": title(p), "status": p.status.as_str(),
                    "on_agenda": on_agenda(p),
                })
            })
            .collect();
        let payable: Vec<_> = payable
            .iter()
            .filter_map(|p| {
                let line = p.spend_line()?;
                Some(json!({
                    "proposal": p.id, "action": line.action, "purpose": line.purpose.as_str(),
                    "amount": line.amount, "paid": line.paid, "remaining": line.remaining(),
                }))
            })
            .collect();
        return print_json(&json!({
            "member": name.as_str(), "role": member.role.as_str(), "active": member.active, "circle": circle,
            "meetings": meetings, "proposals": mine, "payable": payable,
        }));
    }

    if meetings.is_empty() && mine.is_empty() && payable.is_empty() {
        return print(&t!("todo-nothing", name = name, circle = circle));
    }
    let who = shell_word(as_name);
    let heading = if member.active {
        t!("todo-heading", name = name, circle = circle)
    } else {
        t!("todo-heading-left", name = name, circle = circle)
    };
    let mut lines = vec![heading];
    for Seen { meeting: m, voting, items } in &meetings {
        lines.push(String::new());
        let header = if !voting {
            t!("todo-not-voting-member", meeting = m.id)
        } else if m.is_present(name) {
            t!("todo-present")
        } else {
            t!("todo-attend-first-command", meeting = m.id, who = who)
        };
        lines.push(t!("todo-open-meeting", meeting = m.id, date = m.date, header = header));
        for (p, awaits) in items {
            let what = match awaits {
                Awaits::Attend => t!("todo-attend-first"),
                Awaits::Vote => t!("todo-vote", meeting = m.id, proposal = p.id, who = who),
                Awaits::Voted(choice) => t!("todo-voted", choice = crate::lang::words::choice(*choice)),
                Awaits::Recused => t!("todo-recused"),
                Awaits::NotVoting => t!("todo-not-voting", meeting = m.id),
            };
            lines.push(format!("  {}\n        {what}", proposal_line(p)));
        }
    }
    if !mine.is_empty() {
        lines.push(String::new());
        lines.push(t!("todo-pending", count = mine.len()));
        for p in &mine {
            let where_ =
                on_agenda(p).map_or_else(|| t!("todo-on-no-agenda"), |m| t!("todo-on-agenda", meeting = m));
            lines.push(format!("  {}\n        {where_}", proposal_line(p)));
        }
    }
    if !payable.is_empty() {
        lines.push(String::new());
        lines.push(t!("todo-payable", count = payable.len()));
        for p in &payable {
            let remaining = p.spend_line().map(|line| line.remaining()).unwrap_or_default();
            let remaining = t!("todo-remaining", amount = euros(remaining));
            lines.push(format!("  {}\n        {remaining}", proposal_line(p)));
        }
    }
    print(&lines.join("\n"))
}

/// The member `--as NAME` designates: the one holding the local key NAME, or else the member
/// named NAME (whose key may live on another machine).
fn whose<'a>(ctx: &Context, ledger: &'a Ledger, as_name: &str, circle: &str) -> Result<&'a Member> {
    let key = ctx.keys.public(as_name).ok();
    if let Some(member) = key.as_ref().and_then(|key| ledger.member_by_key(key)) {
        return Ok(member);
    }
    let by_name = as_name.parse::<MemberName>().ok().and_then(|name| ledger.member(&name));
    match (by_name, key) {
        (Some(member), Some(_)) => {
            let message =
                t!("todo-key-of-no-member-named", key = as_name, circle = circle, name = member.name);
            note(&t!("note-line", message = message));
            Ok(member)
        }
        (Some(member), None) => Ok(member),
        (None, Some(_)) => {
            Err(Sign::KeyOfNoMember { key: as_name.to_string(), circle: circle.to_string() }.into())
        }
        (None, None) => Err(Sign::NoSuchKeyNorMember {
            key: as_name.to_string(),
            dir: ctx.keys.dir().to_path_buf(),
            circle: circle.to_string(),
        }
        .into()),
    }
}

/// What agenda item `p` of the open meeting `m` awaits from `name`.
fn awaits(ledger: &Ledger, m: &Meeting, p: &Proposal, name: &MemberName, voting: bool) -> Awaits {
    if !voting {
        Awaits::NotVoting
    } else if let Some(choice) = m.vote_of(p.id, name) {
        Awaits::Voted(choice)
    } else if ledger.is_recused(p.id, name) {
        Awaits::Recused
    } else if m.is_present(name) {
        Awaits::Vote
    } else {
        Awaits::Attend
    }
}

/// A proposal's title: an action's title, a spend line's purpose.
fn title(p: &Proposal) -> std::borrow::Cow<'_, str> {
    match &p.kind {
        ProposalKind::Action { title, .. } => title.as_str().into(),
        ProposalKind::Spend(line) => line.purpose.as_str().into(),
        ProposalKind::Governance(settings) => crate::lang::words::settings(settings).into(),
    }
}

/// `word` as it may be typed in a shell: quoted unless it is plain.
fn shell_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
