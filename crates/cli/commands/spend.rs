//! `cercle spend close`: a spend line closed, its unpaid remainder released.

use cercle_core::{Body, ProposalId};

use crate::args::SpendCommand;
use crate::context::{written, Context};
use crate::error::Result;
use crate::output::euros;

/// `cercle spend close PROPOSAL`.
pub(crate) fn run(ctx: &Context, command: SpendCommand) -> Result<()> {
    match command {
        SpendCommand::Close { proposal } => close(ctx, &proposal),
    }
}

fn close(ctx: &Context, proposal: &str) -> Result<()> {
    let proposal: ProposalId = proposal.parse()?;
    let remaining =
        |ledger: &cercle_core::Ledger| ledger.proposal(proposal)?.spend_line().map(|l| l.remaining());
    let (signed, released) = ctx.append_with(Body::SpendClose { proposal }, remaining)?;
    let released = released.map_or(t!("spend-closed-nothing"), euros);
    let message = t!("spend-closed", proposal = proposal, released = released);
    written(ctx, signed, None, &message)
}
