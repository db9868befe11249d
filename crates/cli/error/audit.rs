//! Reading and checking what others give: ledgers and exports to audit or verify, proofs,
//! reports, statements and evidence bundles.

use std::path::PathBuf;

use cercle_render::errors::Message;

use super::Refusal;

/// What is refused.
#[derive(Debug)]
pub enum Audit {
    /// The checkpoint note the ledger keeps does not parse.
    NoteBad { error: String },
    /// The checkpoint note the ledger keeps is not a tree checkpoint.
    NoteNotTree,
    /// The checkpoint note the ledger keeps is not of this ledger's tree.
    NoteMismatch { size: u64 },
    /// A file given (a proof, a note) is refused: what it is not.
    FileRefused { path: PathBuf, error: String },
}

impl Refusal for Audit {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Audit::NoteBad { error } => m("prove-note-bad").arg("error", error),
            Audit::NoteNotTree => m("prove-note-not-tree"),
            Audit::NoteMismatch { size } => m("prove-note-mismatch").arg("size", size),
            Audit::FileRefused { path, error } => {
                m("proof-refused-file").arg("path", path.display()).arg("error", error)
            }
        }
    }

    fn hint(&self) -> Option<Message> {
        match self {
            Audit::NoteNotTree => Some(Message::new("prove-no-checkpoint-hint")),
            _ => None,
        }
    }
}
