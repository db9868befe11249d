//! `cercle vote MEETING PROPOSAL CHOICE`.

use cercle_core::{Body, Choice, MeetingId, ProposalId};

use crate::context::{written, Context};
use crate::error::Result;

/// `cercle vote MEETING PROPOSAL CHOICE`.
pub(crate) fn cast(ctx: &Context, meeting: &str, proposal: &str, choice: &str) -> Result<()> {
    let (meeting, proposal): (MeetingId, ProposalId) = (meeting.parse()?, proposal.parse()?);
    let choice: Choice = choice.parse()?;
    let message = t!(
        "vote-recorded",
        choice = crate::lang::words::choice(choice),
        proposal = proposal,
        meeting = meeting
    );
    written(ctx, ctx.append(Body::Vote { meeting, proposal, choice })?, None, &message)
}
