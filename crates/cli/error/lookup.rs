//! What a command names and the ledger does not hold: a meeting, a proposal, a fund receipt.

use cercle_core::{MeetingId, ProposalId};
use cercle_render::errors::Message;

use super::Refusal;

/// What is not in the ledger.
#[derive(Debug)]
pub enum Lookup {
    /// No meeting of this number.
    NoMeeting { meeting: MeetingId },
    /// No proposal of this number.
    NoProposal { proposal: ProposalId },
    /// The entry named to be corrected is not a fund receipt.
    NotAFund { seq: u64 },
}

impl Refusal for Lookup {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Lookup::NoMeeting { meeting } => m("read-no-meeting").arg("meeting", meeting),
            Lookup::NoProposal { proposal } => m("read-no-proposal").arg("proposal", proposal),
            Lookup::NotAFund { seq } => m("correct-not-fund").arg("seq", seq),
        }
    }

    fn hint(&self) -> Option<Message> {
        match self {
            Lookup::NotAFund { .. } => Some(Message::new("correct-not-fund-hint")),
            _ => None,
        }
    }
}
