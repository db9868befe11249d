//! `cercle meeting open|attend|proxy|close|show`.

use cercle_core::{Body, MeetingId, MemberName, ProposalId, PublicKey};
use serde_json::json;

use crate::args::MeetingCommand;
use crate::context::{
    open, open_store, open_writer, parse_date, print_notes, report_of, sent, written, Context,
};
use crate::describe::proposal_line;
use crate::error::{Lookup, Result};
use crate::output::{print, print_json, print_json_recorded, print_recorded};

pub(crate) fn run(ctx: &Context, command: MeetingCommand) -> Result<()> {
    match command {
        MeetingCommand::Open { date, agenda } => {
            let date = parse_date(&date)?;
            let agenda: Vec<ProposalId> =
                agenda.iter().map(|id| id.trim().parse()).collect::<std::result::Result<_, _>>()?;
            let signed = ctx.append(Body::MeetingOpen { date, agenda: agenda.clone() })?;
            let id = signed.store().map(|store| MeetingId(store.ledger().meeting_count()).to_string());
            let id = id.unwrap_or_default();
            let list: Vec<String> = agenda.iter().map(ToString::to_string).collect();
            let message = t!("meeting-opened", id = id, date = date, agenda = list.join(", "));
            written(ctx, signed, Some(id), &message)
        }
        MeetingCommand::Attend { meeting } => {
            let meeting: MeetingId = meeting.parse()?;
            written(
                ctx,
                ctx.append(Body::Attend { meeting })?,
                None,
                &t!("meeting-attended", meeting = meeting),
            )
        }
        MeetingCommand::Proxy { meeting, holder } => {
            let (meeting, holder): (MeetingId, MemberName) = (meeting.parse()?, holder.parse()?);
            let message = t!("meeting-proxy", holder = holder, meeting = meeting);
            written(ctx, ctx.append(Body::Proxy { meeting, holder })?, None, &message)
        }
        MeetingCommand::Close { meeting } => close(ctx, meeting.parse()?),
        MeetingCommand::Show { meeting } => meeting_show(ctx, meeting.parse()?),
    }
}

fn close(ctx: &Context, meeting: MeetingId) -> Result<()> {
    if let Some(to) = &ctx.to {
        let outcomes = open_store(&ctx.ledger)?.ledger().preview_close(meeting)?;
        let (envelope, path) = crate::inbox::send(ctx, to, Body::MeetingClose { meeting, outcomes })?;
        return sent(ctx, &envelope, &path);
    }
    let (_, key) = ctx.signer()?;
    let mut store = open_writer(ctx)?;
    let outcomes = store.ledger().preview_close(meeting)?;
    let author = PublicKey(key.verifying_key().to_bytes());
    let body = Body::MeetingClose { meeting, outcomes: outcomes.clone() };
    let entry = store.ledger().draft(author, ctx.now, body).sign(&key)?;
    store.append(&entry)?;
    print_notes(&mut store);
    let actions: Vec<(ProposalId, cercle_core::ActionId)> =
        store.ledger().actions().iter().map(|a| (a.proposal, a.id)).collect();
    drop(store);
    // The closing entry is durable: printing it may not turn the answer into a failure.
    if ctx.json {
        let items: Vec<_> = outcomes
            .iter()
            .map(|o| {
                json!({
                    "proposal": o.proposal, "outcome": o.outcome.as_str(),
                    "reason": o.outcome.reason().map(|r| r.as_str()),
                    "for": o.tally.for_, "against": o.tally.against, "abstain": o.tally.abstain,
                })
            })
            .collect();
        return print_json_recorded(
            &json!({ "seq": entry.entry().seq, "hash": entry.hash().to_hex(), "meeting": meeting, "outcomes": items }),
        );
    }
    let mut lines = vec![t!("meeting-closed", meeting = meeting)];
    for o in &outcomes {
        let tally = o.tally;
        let mut line = t!(
            "meeting-outcome",
            proposal = o.proposal,
            outcome = crate::lang::words::outcome(o.outcome),
            votes = crate::lang::words::votes(tally)
        );
        if let Some((_, action)) = actions.iter().find(|(proposal, _)| *proposal == o.proposal) {
            line.push_str("  ");
            line.push_str(&t!("meeting-outcome-action", action = action));
        }
        lines.push(line);
    }
    print_recorded(&lines.join("\n"))
}

/// `; the quorum needs N` (present or represented), for a meeting's minutes.
fn quorum_needed(ledger: &cercle_core::Ledger, m: &cercle_core::Meeting) -> String {
    let Some(circle) = ledger.circle() else { return String::new() };
    let quorum = circle.governance.quorum;
    match (0..=m.voting_count).find(|p| quorum.is_met(*p, m.voting_count)) {
        Some(needed) => t!("meeting-quorum-needs", quorum = quorum, needed = needed),
        None => String::new(),
    }
}

pub fn meeting_show(ctx: &Context, id: MeetingId) -> Result<()> {
    let full = open(ctx)?.full_ledger()?;
    let ledger = &full;
    let m = ledger.meeting(id).ok_or(Lookup::NoMeeting { meeting: id })?;
    let report = report_of(ledger)?;
    let entry = report.meetings.iter().find(|r| r.id == id);
    let present: Vec<&str> =
        ledger.members().filter(|x| m.is_present(&x.name)).map(|x| x.name.as_str()).collect();
    if ctx.json {
        let mut value = serde_json::to_value(entry).unwrap_or_default();
        value["present_members"] = json!(present);
        if m.is_open() {
            let tallies: Vec<_> = m
                .agenda
                .iter()
                .map(|p| {
                    let t = ledger.tally(m, *p);
                    json!({"proposal": p, "for": t.for_, "against": t.against, "abstain": t.abstain})
                })
                .collect();
            value["tallies"] = json!(tallies);
            value["agenda"] = json!(m.agenda);
        }
        return print_json(&value);
    }
    let state = if m.is_open() { t!("meeting-open") } else { t!("meeting-closed-state") };
    let mut lines = vec![
        t!("meeting-heading", meeting = id, date = m.date, state = state, author = m.opened_by),
        t!(
            "meeting-present-count",
            present = m.present_count,
            voting = m.voting_count,
            proxies = match m.proxies().count() {
                0 => String::new(),
                n => t!("meeting-represented", count = n),
            },
            quorum = quorum_needed(ledger, m)
        ),
        t!("meeting-present", names = if present.is_empty() { "-".into() } else { present.join(", ") }),
    ];
    let proxies: Vec<String> =
        m.proxies().map(|(giver, holder)| t!("meeting-proxy-pair", giver = giver, holder = holder)).collect();
    if !proxies.is_empty() {
        lines.push(t!("meeting-proxies", pairs = proxies.join(", ")));
    }
    if m.is_open() {
        for p in &m.agenda {
            let t = ledger.tally(m, *p);
            let title = ledger.proposal(*p).map(proposal_line).unwrap_or_default();
            let votes = t!("meeting-votes-so-far", votes = crate::lang::words::votes(t));
            lines.push(format!("  {title}\n        {votes}"));
        }
    } else {
        for o in m.outcomes.iter().flatten() {
            let t = o.tally;
            let title =
                ledger.proposal(o.proposal).map(proposal_line).unwrap_or_else(|| o.proposal.to_string());
            let outcome = t!(
                "meeting-outcome-tally",
                outcome = crate::lang::words::outcome(o.outcome),
                votes = crate::lang::words::votes(t)
            );
            lines.push(format!("  {title}\n        {outcome}"));
        }
    }
    print(&lines.join("\n"))
}
