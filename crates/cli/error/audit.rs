//! Reading and checking what others give: ledgers and exports to audit or verify, proofs,
//! reports, statements and evidence bundles.

use cercle_render::errors::Message;

use super::Refusal;

/// What is refused.
#[derive(Debug)]
pub enum Audit {}

impl Refusal for Audit {
    fn message(&self) -> Message {
        match *self {}
    }
}
