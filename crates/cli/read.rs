//! Commands that read a ledger and print it: status, log, lists, show, report.

use cercle_core::{
    Body, Ledger, MeetingId, Proposal, ProposalId, ProposalKind, ProposalStatus, Report, Role,
};
use cercle_render::csv::CsvStyle;
use cercle_store::Store;
use serde_json::json;

use crate::args::{ReportArgs, ReportFormat};
use crate::commands::Context;
use crate::failure::{Failure, Result};
use crate::output::{euros, print, print_json, write_to, Stream};

pub(crate) fn open(ctx: &Context) -> Result<Store> {
    let store = crate::commands::open_store(&ctx.ledger)?;
    if store.ledger().circle().is_none() {
        return Err(Failure::new(t!("read-no-circle-at", path = ctx.ledger.display())));
    }
    Ok(store)
}

fn report_of(ledger: &Ledger) -> Result<Report> {
    Report::of(ledger).ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))
}

pub fn status(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let ledger = store.ledger();
    let report = report_of(ledger)?;
    // The live state holds every pending proposal and open meeting: no history is read.
    let pending: Vec<&Proposal> =
        ledger.live_proposals().filter(|p| p.status == ProposalStatus::Pending).collect();
    let open_meetings: Vec<_> = ledger.open_meetings().collect();
    if ctx.json {
        let pending: Vec<_> = pending.iter().map(|p| proposal_json(&report, p)).collect();
        let meetings: Vec<_> = open_meetings
            .iter()
            .map(|m| json!({"id": m.id, "date": m.date, "agenda": m.agenda, "present": m.present_count, "voting": m.voting_count}))
            .collect();
        let members: Vec<_> = report.members.iter().filter(|m| m.active).collect();
        return print_json(&json!({
            "circle": report.circle, "head": report.head, "totals": report.totals,
            "members": members, "pending": pending, "open_meetings": meetings,
        }));
    }
    let c = &report.circle;
    let t = &report.totals;
    let mut lines = vec![
        format!("{} ({}), {}", c.name, c.territory, crate::lang::words::circle_status(c.status)),
        t!("status-circle-line", id = &c.id[..16], entries = report.head.seq + 1, last = report.head.date),
        String::new(),
        format!("{:<11}{:>18}", t!("status-received"), euros(t.received)),
        format!("{:<11}{:>18}", t!("status-committed"), euros(t.committed)),
        format!("{:<11}{:>18}", t!("status-paid"), euros(t.paid)),
        format!("{:<11}{:>18}", t!("status-available"), euros(t.available)),
        String::new(),
    ];
    let label = |role: Role| format!("{}:", crate::lang::words::role(role));
    let width = Role::ALL.iter().map(|role| label(*role).chars().count()).max().unwrap_or(0);
    for role in Role::ALL {
        let names: Vec<&str> =
            ledger.members().filter(|m| m.active && m.role == *role).map(|m| m.name.as_str()).collect();
        lines.push(format!(
            "{:<width$} {}",
            label(*role),
            if names.is_empty() { "-".into() } else { names.join(", ") }
        ));
    }
    lines.push(String::new());
    if pending.is_empty() {
        lines.push(t!("status-no-pending"));
    } else {
        lines.push(t!("status-pending", count = pending.len()));
        lines.extend(pending.iter().map(|p| format!("  {}", proposal_line(p))));
    }
    for m in &open_meetings {
        let agenda: Vec<String> = m.agenda.iter().map(ToString::to_string).collect();
        lines.push(t!(
            "status-open-meeting",
            meeting = m.id,
            date = m.date,
            agenda = agenda.join(", "),
            present = m.present_count,
            voting = m.voting_count
        ));
    }
    print(&lines.join("\n"))
}

pub(crate) fn proposal_line(p: &Proposal) -> String {
    let what = match &p.kind {
        ProposalKind::Governance(settings) => t!(
            "proposal-line-governance",
            settings = settings.iter().map(|s| s.describe()).collect::<Vec<_>>().join(", "),
            author = p.author
        ),
        ProposalKind::Action { title, envelope, action } => {
            let became = action.map(|a| format!(" -> {a}")).unwrap_or_default();
            t!(
                "proposal-line-action",
                title = title,
                envelope = euros(*envelope),
                became = became,
                author = p.author
            )
        }
        ProposalKind::Spend(line) => t!(
            "proposal-line-spend",
            action = line.action,
            amount = euros(line.amount),
            payee = line.payee.name(),
            kind = crate::lang::words::spend_kind(line.payee.kind()),
            purpose = line.purpose,
            author = p.author,
            paid = if line.paid.is_zero() {
                String::new()
            } else {
                t!("proposal-line-paid", amount = euros(line.paid))
            }
        ),
    };
    format!("{} {} {what}", p.id, crate::lang::words::proposal_status(p.status))
}

fn proposal_json(report: &Report, p: &Proposal) -> serde_json::Value {
    let found = report.proposals.iter().find(|r| r.id == p.id);
    serde_json::to_value(found).unwrap_or(serde_json::Value::Null)
}

pub fn proposal_list(ctx: &Context) -> Result<()> {
    let ledger = open(ctx)?.full_ledger()?;
    let proposals = ledger.proposals();
    if ctx.json {
        return print_json(&report_of(&ledger)?.proposals);
    }
    if proposals.is_empty() {
        return print(&t!("proposal-none"));
    }
    print(&proposals.into_iter().map(proposal_line).collect::<Vec<_>>().join("\n"))
}

pub fn proposal_show(ctx: &Context, id: ProposalId) -> Result<()> {
    let ledger = open(ctx)?.full_ledger()?;
    let p = ledger.proposal(id).ok_or_else(|| Failure::new(t!("read-no-proposal", proposal = id)))?;
    if ctx.json {
        return print_json(&proposal_json(&report_of(&ledger)?, p));
    }
    let mut lines =
        vec![proposal_line(p), t!("proposal-proposed", date = p.proposed_at.date_naive(), author = p.author)];
    if let Some(line) = p.spend_line() {
        lines.push(t!(
            "proposal-amounts",
            amount = euros(line.amount),
            paid = euros(line.paid),
            released = euros(line.released),
            remaining = euros(line.remaining())
        ));
    }
    if let (Some(meeting), Some(date)) = (p.decided_in, p.decided_on) {
        lines.push(t!("proposal-decided", meeting = meeting, date = date));
    }
    if let Some(o) = p.outcome {
        let tally = o.tally;
        lines.push(t!(
            "proposal-last-outcome",
            outcome = o.outcome,
            yes = tally.for_,
            no = tally.against,
            abstain = tally.abstain
        ));
    }
    print(&lines.join("\n"))
}

pub fn member_list(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let report = report_of(store.ledger())?;
    if ctx.json {
        return print_json(&report.members);
    }
    let width = report.members.iter().map(|m| m.name.chars().count()).max().unwrap_or(4).max(4);
    let role_of = |m: &cercle_core::MemberReport| {
        if m.active {
            crate::lang::words::role(m.role).to_string()
        } else {
            t!("member-role-left", role = crate::lang::words::role(m.role))
        }
    };
    let roles = report.members.iter().map(|m| role_of(m).chars().count()).max().unwrap_or(4).max(4);
    let paid: Vec<String> = report.members.iter().map(|m| euros(m.paid)).collect();
    let amounts = paid.iter().map(|p| p.chars().count()).max().unwrap_or(4).max(4);
    let headings =
        (t!("member-list-name"), t!("member-list-role"), t!("member-list-paid"), t!("member-list-key"));
    let mut lines = vec![format!(
        "{:<width$}  {:<roles$}  {:>amounts$}  {}",
        headings.0, headings.1, headings.2, headings.3
    )];
    for (m, paid) in report.members.iter().zip(&paid) {
        lines.push(format!(
            "{:<width$}  {:<roles$}  {:>amounts$}  {}",
            m.name,
            role_of(m),
            paid,
            &m.key[..16]
        ));
    }
    print(&lines.join("\n"))
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
    let m = ledger.meeting(id).ok_or_else(|| Failure::new(t!("read-no-meeting", meeting = id)))?;
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
            let votes = t!("meeting-votes-so-far", yes = t.for_, no = t.against, abstain = t.abstain);
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
                yes = t.for_,
                no = t.against,
                abstain = t.abstain
            );
            lines.push(format!("  {title}\n        {outcome}"));
        }
    }
    print(&lines.join("\n"))
}

pub fn log(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let ledger = store.ledger();
    // One line (or one JSON array item) per entry, written as it is read.
    let mut out = Stream::to(None)?;
    if ctx.json {
        out.line("[")?;
    }
    for (index, entry) in store.entries().enumerate() {
        let entry = entry?;
        let e = entry.entry();
        // Keys replaced since (`docs/RULES.md`, "Keys") still name who signed with them.
        let name = |key: &cercle_core::PublicKey| match ledger.key_holder(key) {
            Some(cercle_core::KeyHolder::Support) => "support".to_string(),
            Some(cercle_core::KeyHolder::Member(name)) => name.to_string(),
            None => key.to_hex()[..12].to_string(),
        };
        // An envelope's act is its author's; the keeper who sequenced it is named after it.
        let (author, keeper) = match &e.body {
            cercle_core::Body::Envelope(envelope) => {
                (name(&envelope.envelope().author), Some(name(&e.author)))
            }
            _ => (name(&e.author), None),
        };
        let line = if ctx.json {
            let item = json!({
                "seq": e.seq, "hash": entry.hash().to_hex(), "recorded_at": e.recorded_at.to_rfc3339(),
                "author": author, "sequenced_by": keeper, "kind": e.body.kind(), "body": e.body,
            });
            format!("{}{item}", if index == 0 { "" } else { "," })
        } else {
            let by = keeper.map(|keeper| t!("log-envelope-by", keeper = keeper)).unwrap_or_default();
            format!(
                "{:>5}  {}  {:<12} {}{by}",
                e.seq,
                e.recorded_at.format("%Y-%m-%d %H:%M"),
                author,
                describe(&e.body)
            )
        };
        out.line(&line)?;
    }
    if ctx.json {
        out.line("]")?;
    }
    out.finish()
}

pub(crate) fn describe(body: &Body) -> String {
    match body {
        Body::Genesis(g) => {
            t!(
                "describe-genesis",
                name = g.name,
                territory = g.territory,
                status = crate::lang::words::circle_status(g.status)
            )
        }
        Body::MemberAdd { name, role, .. } => {
            t!("describe-member-add", name = name, role = crate::lang::words::role(*role))
        }
        Body::MemberRole { name, role } => {
            t!("describe-member-role", name = name, role = crate::lang::words::role(*role))
        }
        Body::MemberLeave { name } => t!("describe-member-leave", name = name),
        Body::CircleStatus { status } => {
            t!("describe-circle-status", status = crate::lang::words::circle_status(*status))
        }
        Body::FundReceived { .. } | Body::FundReceivedV2 { .. } => {
            let Some(fund) = body.fund() else { return String::new() };
            let into =
                fund.agreement.map(|a| t!("describe-into-agreement", agreement = a)).unwrap_or_default();
            let reused = if fund.duplicate_ok { t!("describe-reference-reused") } else { String::new() };
            t!(
                "describe-fund",
                amount = euros(fund.amount),
                source = fund.source,
                into = into,
                reference = fund.reference,
                reused = reused
            )
        }
        Body::FundCorrection { target, amount, source, reference, reason } => t!(
            "describe-fund-correction",
            target = target,
            amount = euros(*amount),
            source = source,
            reference = reference,
            reason = reason
        ),
        Body::PayoutReversal { target, reason } => {
            t!("describe-payout-reversal", target = target, reason = reason)
        }
        Body::Countersign { target } => t!("describe-countersign", target = target),
        Body::MemberKey { name, key } => t!("describe-member-key", name = name, key = key),
        Body::SupportKey { key } => t!("describe-support-key", key = key),
        Body::ProposeGovernance { settings } => t!(
            "describe-governance",
            settings = settings.iter().map(|s| s.describe()).collect::<Vec<_>>().join(", ")
        ),
        Body::Agreement(terms) => {
            let rate = terms.rate.map(|rate| t!("describe-co-financing", rate = rate)).unwrap_or_default();
            let actions = if terms.actions.is_empty() {
                t!("describe-all-actions")
            } else {
                terms.actions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            };
            t!(
                "describe-agreement",
                reference = terms.reference,
                funder = terms.funder,
                amount = euros(terms.amount),
                rate = rate,
                from = terms.from,
                to = terms.to,
                actions = actions
            )
        }
        Body::ProposeAction { title, envelope } => {
            t!("describe-propose-action", title = title, envelope = euros(*envelope))
        }
        Body::ProposeSpend { action, amount, payee, purpose } => t!(
            "describe-propose-spend",
            amount = euros(*amount),
            action = action,
            payee = payee.name(),
            kind = payee.kind(),
            purpose = purpose
        ),
        Body::Withdraw { proposal } => t!("describe-withdraw", proposal = proposal),
        Body::MeetingOpen { date, agenda } => {
            let agenda: Vec<String> = agenda.iter().map(ToString::to_string).collect();
            t!("describe-meeting-open", date = date, agenda = agenda.join(", "))
        }
        Body::Attend { meeting } => t!("describe-attend", meeting = meeting),
        Body::Vote { meeting, proposal, choice } => {
            t!(
                "describe-vote",
                choice = crate::lang::words::choice(*choice),
                proposal = proposal,
                meeting = meeting
            )
        }
        Body::MeetingClose { meeting, outcomes } => {
            let items: Vec<String> = outcomes
                .iter()
                .map(|o| format!("{} {}", o.proposal, crate::lang::words::outcome(o.outcome)))
                .collect();
            t!("describe-meeting-close", meeting = meeting, outcomes = items.join(", "))
        }
        Body::Payout { .. } | Body::PayoutV2 { .. } => {
            let Some(p) = body.payout() else { return String::new() };
            let receipt = p.receipt.map(|r| t!("describe-receipt", name = r.name)).unwrap_or_default();
            let reused = if p.duplicate_ok { t!("describe-reference-reused") } else { String::new() };
            t!(
                "describe-payout",
                amount = euros(p.amount),
                proposal = p.proposal,
                date = p.date,
                reference = p.reference,
                reused = reused,
                receipt = receipt
            )
        }
        Body::SpendClose { proposal } => t!("describe-spend-close", proposal = proposal),
        Body::Checkpoint => t!("describe-checkpoint"),
        Body::Envelope(envelope) => describe(&envelope.envelope().body),
        Body::Proxy { meeting, holder } => t!("describe-proxy", meeting = meeting, holder = holder),
    }
}

pub fn report(ctx: &Context, args: ReportArgs) -> Result<()> {
    let store = open(ctx)?;
    let as_of = args.as_of.as_deref().map(crate::commands::parse_date).transpose()?;
    let from = args.from.as_deref().map(crate::commands::parse_date).transpose()?;
    let to = ctx.period_to.as_deref().map(crate::commands::parse_date).transpose()?;
    if as_of.is_some() && to.is_some() {
        return Err(Failure::usage(t!("report-as-of-and-to")));
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(Failure::new(t!("report-period-reversed", to = to, from = from)));
        }
    }
    if as_of.is_some() || from.is_some() || to.is_some() {
        let mut replay = cercle_core::Replay::new(from, as_of.or(to), from.is_some() || to.is_some());
        for entry in store.entries() {
            let entry = entry?;
            let seq = entry.entry().seq;
            let more = replay.push(&entry).map_err(|rule| {
                Failure::new(t!("report-no-replay", seq = seq, error = rule))
                    .hint(t!("report-no-replay-hint"))
            })?;
            if !more {
                break;
            }
        }
        let day = as_of.or(to).map(|d| d.to_string()).unwrap_or_default();
        let report = replay.finish().ok_or_else(|| Failure::new(t!("report-before-circle", day = day)))?;
        return write_report(args, ctx, &report);
    }
    let ledger = store.full_ledger()?;
    let mut report = report_of(&ledger)?;
    if ledger.agreements().next().is_some() {
        let mut payouts = cercle_core::statement::Payouts::new();
        for entry in store.entries() {
            payouts.observe(&entry?);
        }
        report = report.with_agreements(&ledger, &payouts);
    }
    write_report(args, ctx, &report)
}

fn write_report(args: ReportArgs, ctx: &Context, report: &Report) -> Result<()> {
    let format = args.format.unwrap_or(if ctx.json { ReportFormat::Json } else { ReportFormat::Table });
    let text = match format {
        ReportFormat::Json => {
            serde_json::to_string_pretty(report).map_err(|e| Failure::new(e.to_string()))?
        }
        ReportFormat::Table => cercle_render::table::report_table(report, crate::lang::lang()),
        ReportFormat::Csv | ReportFormat::CsvFr => {
            let style = if format == ReportFormat::CsvFr { CsvStyle::French } else { CsvStyle::Standard };
            cercle_render::csv::report_csv_styled(report, style).map_err(|e| Failure::new(e.to_string()))?
        }
        ReportFormat::Html => cercle_render::html::report_html(report, crate::lang::lang()),
    };
    write_to(args.out.as_deref(), &text)
}
