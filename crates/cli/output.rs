//! Writing to stdout (data) and stderr (everything else). A closed pipe (`cercle log | head`)
//! ends the program quietly with success, as a Unix filter should.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Io, Result};

/// Print `text` (and a newline) on stdout.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(text.as_bytes()).and_then(|()| {
        if text.ends_with('\n') {
            Ok(())
        } else {
            stdout.write_all(b"\n")
        }
    });
    written_or_exit(written.and_then(|()| stdout.flush()))
}

/// The outcome of a write to stdout: a closed pipe ends the program with success.
fn written_or_exit(result: std::io::Result<()>) -> Result<()> {
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(error) => Err(Io::Output { error: error.to_string() }.into()),
    }
}

/// Report what a command recorded: its entry is durable, so nothing here may turn the answer
/// into a failure. If stdout cannot be written, say so on stderr and still succeed.
pub fn print_recorded(text: &str) -> Result<()> {
    if let Err(failure) = print(text) {
        let message = t!("output-recorded-but", error = failure.message());
        note(&t!("note-line", message = message));
    }
    Ok(())
}

/// [`print_recorded`] for a JSON document.
pub fn print_json_recorded<T: serde::Serialize>(value: &T) -> Result<()> {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_recorded(&text),
        Err(error) => {
            let message = t!("output-recorded-json-unwritable", error = error);
            note(&t!("note-line", message = message));
            Ok(())
        }
    }
}

/// Print a JSON document on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::from(Io::OutputJson { error: e.to_string() }))?;
    print(&text)
}

/// A note for the person at the terminal (stderr).
pub fn note(text: &str) {
    // A failing stderr (a full disk behind a redirection) must not turn an answer into a panic.
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Write `text` to `out`, or to stdout when `out` is `None`.
pub fn write_to(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        None => print(text),
        Some(path) => {
            // A file is replaced whole (a report half written over last month's is never left);
            // anything else (a pipe, /dev/stdout) is written to as it is.
            let is_special = std::fs::metadata(path).is_ok_and(|meta| !meta.is_file());
            if is_special {
                std::fs::write(path, text).map_err(|error| Error::from(Io::unwritable(path, error)))?;
            } else {
                crate::files::replace_file(path, text.as_bytes())?;
            }
            note(&t!("output-wrote", path = path.display()));
            Ok(())
        }
    }
}

/// Lines written one by one to a file or stdout, buffered: for outputs as long as the ledger
/// (export, log), which must not be gathered in memory first.
pub struct Stream {
    out: std::io::BufWriter<Box<dyn std::io::Write>>,
    path: Option<std::path::PathBuf>,
}

impl Stream {
    /// Write to `path`, or to stdout.
    pub fn to(path: Option<&Path>) -> Result<Stream> {
        let out: Box<dyn std::io::Write> = match path {
            None => Box::new(std::io::stdout()),
            Some(path) => Box::new(
                std::fs::File::create(path).map_err(|error| Error::from(Io::unwritable(path, error)))?,
            ),
        };
        Ok(Stream { out: std::io::BufWriter::with_capacity(1 << 16, out), path: path.map(Path::to_path_buf) })
    }

    /// Write `text` and a newline.
    pub fn line(&mut self, text: &str) -> Result<()> {
        written_or_exit(self.out.write_all(text.as_bytes()).and_then(|()| self.out.write_all(b"\n")))
    }

    /// Flush, and say where the output went when it went to a file.
    pub fn finish(mut self) -> Result<()> {
        written_or_exit(self.out.flush())?;
        if let Some(path) = &self.path {
            note(&t!("output-wrote", path = path.display()));
        }
        Ok(())
    }
}

/// Euros the French way: `1 234,50 €`.
pub fn euros(amount: cercle_core::Euros) -> String {
    cercle_render::table::euros_fr(amount)
}
