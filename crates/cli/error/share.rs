//! Sharing a ledger: publishing it (`cercle publish`), following it (`cercle sync`), envelopes
//! in a shared folder's inbox (`--to DIR`, `cercle ingest`).

use cercle_render::errors::Message;

use super::Refusal;

/// What is refused.
#[derive(Debug)]
pub enum Share {}

impl Refusal for Share {
    fn message(&self) -> Message {
        match *self {}
    }
}
