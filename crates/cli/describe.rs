//! What an entry or a proposal says, in one line for people (`log`, `todo`, envelopes, proofs).

use cercle_core::{Body, Proposal, ProposalKind, Report};

use crate::output::euros;

/// A hash as people are shown it: its first 16 hexadecimal digits (a circle's id, a root).
pub(crate) fn short_hash(hash: &cercle_core::EntryHash) -> String {
    hash.to_hex()[..16].to_string()
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
        Body::ProposeGovernance { settings } => {
            t!("describe-governance", settings = crate::lang::words::settings(settings))
        }
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

pub(crate) fn proposal_line(p: &Proposal) -> String {
    let what = match &p.kind {
        ProposalKind::Governance(settings) => t!(
            "proposal-line-governance",
            settings = crate::lang::words::settings(settings),
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

pub(crate) fn proposal_json(report: &Report, p: &Proposal) -> serde_json::Value {
    let found = report.proposals.iter().find(|r| r.id == p.id);
    serde_json::to_value(found).unwrap_or(serde_json::Value::Null)
}
