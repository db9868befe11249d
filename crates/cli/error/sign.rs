//! Keys and what they sign: the keystore's commands, checkpoints, cosignatures and
//! countersignatures, and the acts of the other commands.

use cercle_render::errors::Message;

use super::Refusal;

/// What is refused.
#[derive(Debug)]
pub enum Sign {}

impl Refusal for Sign {
    fn message(&self) -> Message {
        match *self {}
    }
}
