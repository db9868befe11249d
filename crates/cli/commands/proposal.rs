//! `cercle proposal list|show|withdraw`.

use cercle_core::{Body, ProposalId};

use crate::args::ProposalCommand;
use crate::context::{open, report_of, written, Context};
use crate::describe::{proposal_json, proposal_line};
use crate::error::{Lookup, Result};
use crate::output::{euros, print, print_json};

/// `cercle proposal list|show|withdraw`.
pub(crate) fn run(ctx: &Context, command: ProposalCommand) -> Result<()> {
    match command {
        ProposalCommand::List => proposal_list(ctx),
        ProposalCommand::Show { id } => proposal_show(ctx, id.parse()?),
        ProposalCommand::Withdraw { id } => withdraw(ctx, &id),
    }
}

/// `cercle proposal withdraw ID`.
fn withdraw(ctx: &Context, id: &str) -> Result<()> {
    let proposal: ProposalId = id.parse()?;
    written(
        ctx,
        ctx.append(Body::Withdraw { proposal })?,
        None,
        &t!("proposal-withdrawn", proposal = proposal),
    )
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
    let p = ledger.proposal(id).ok_or(Lookup::NoProposal { proposal: id })?;
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
            outcome = crate::lang::words::outcome(o.outcome),
            votes = crate::lang::words::votes(tally)
        ));
    }
    print(&lines.join("\n"))
}
