//! Files the command reads or writes, and its own output.

use std::path::{Path, PathBuf};

use cercle_render::errors::Message;

use super::Refusal;

/// A file or the output that could not be read or written.
#[derive(Debug)]
pub enum Io {
    /// A file given or needed could not be read.
    Unreadable { path: PathBuf, error: String },
    /// A file could not be written.
    Unwritable { path: PathBuf, error: String },
    /// Standard output could not be written.
    Output { error: String },
    /// JSON could not be written to standard output.
    OutputJson { error: String },
    /// A file that is never rewritten exists with other bytes.
    OtherBytes { path: PathBuf },
}

impl Io {
    /// `path` could not be read.
    pub fn unreadable(path: &Path, error: impl std::fmt::Display) -> Io {
        Io::Unreadable { path: path.to_path_buf(), error: error.to_string() }
    }

    /// `path` could not be written.
    pub fn unwritable(path: &Path, error: impl std::fmt::Display) -> Io {
        Io::Unwritable { path: path.to_path_buf(), error: error.to_string() }
    }
}

impl Refusal for Io {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Io::Unreadable { path, error } => {
                m("cli-file-unreadable").arg("path", path.display()).arg("error", error)
            }
            Io::Unwritable { path, error } => {
                m("cli-file-unwritable").arg("path", path.display()).arg("error", error)
            }
            Io::Output { error } => m("output-unwritable").arg("error", error),
            Io::OutputJson { error } => m("output-json-unwritable").arg("error", error),
            Io::OtherBytes { path } => m("publish-other-bytes").arg("path", path.display()),
        }
    }

    fn hint(&self) -> Option<Message> {
        match self {
            Io::OtherBytes { .. } => Some(Message::new("publish-other-bytes-hint")),
            _ => None,
        }
    }
}
