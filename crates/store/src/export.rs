//! Reading export files (`.jsonl`, one entry a line, see `docs/FORMAT.md`) without trusting
//! them: a line longer than [`cercle_core::LINE_BYTES_MAX`] is refused before it is parsed,
//! and memory stays bounded whatever the file holds.
//!
//! [`ExportLines`] yields the raw lines (for the verifier, which decodes them on its worker
//! threads); [`ExportReader`] yields decoded entries.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use cercle_core::{FormatError, SignedEntry, VerifyError, LINE_BYTES_MAX};

use crate::StoreError;

/// The non-blank lines of an export, each checked for length and UTF-8 only.
pub struct ExportLines<R> {
    reader: R,
    line: Vec<u8>,
    position: u64,
    done: bool,
}

impl<R: BufRead> ExportLines<R> {
    /// Read lines from `reader`.
    pub fn new(reader: R) -> ExportLines<R> {
        ExportLines { reader, line: Vec::with_capacity(1024), position: 0, done: false }
    }

    fn next_line(&mut self) -> Result<Option<String>, StoreError> {
        loop {
            self.line.clear();
            let limit = (LINE_BYTES_MAX + 2) as u64;
            let read = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.line)
                .map_err(|source| StoreError::Io { path: "export".into(), source })?;
            if read == 0 {
                return Ok(None);
            }
            let position = self.position;
            let format = |error| StoreError::Verify(VerifyError::Format { position, error });
            if self.line.last() != Some(&b'\n') && read as u64 >= limit {
                return Err(format(FormatError::LineTooLong(read)));
            }
            let text = std::str::from_utf8(&self.line)
                .map_err(|_| format(FormatError::BadLine("not UTF-8".into())))?;
            let text = text.trim_end_matches(['\n', '\r']);
            if text.trim().is_empty() {
                continue;
            }
            self.position += 1;
            return Ok(Some(text.to_string()));
        }
    }
}

impl<R: BufRead> Iterator for ExportLines<R> {
    type Item = Result<String, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.next_line().transpose();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

/// The decoded entries of an export.
pub struct ExportReader<R> {
    lines: ExportLines<R>,
}

impl<R: BufRead> ExportReader<R> {
    /// Read entries from `reader`.
    pub fn new(reader: R) -> ExportReader<R> {
        ExportReader { lines: ExportLines::new(reader) }
    }
}

impl<R: BufRead> Iterator for ExportReader<R> {
    type Item = Result<SignedEntry, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let position = self.lines.position;
        let line = self.lines.next()?;
        let decoded = line.and_then(|line| {
            SignedEntry::from_line(&line)
                .map_err(|error| StoreError::Verify(VerifyError::Format { position, error }))
        });
        if decoded.is_err() {
            self.lines.done = true;
        }
        Some(decoded)
    }
}

fn open(path: &Path) -> Result<BufReader<File>, StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    Ok(BufReader::with_capacity(1 << 16, file))
}

/// Open an export file for reading entries.
pub fn read_export_file(path: &Path) -> Result<ExportReader<BufReader<File>>, StoreError> {
    Ok(ExportReader::new(open(path)?))
}

/// Open an export file for reading raw lines.
pub fn read_export_lines(path: &Path) -> Result<ExportLines<BufReader<File>>, StoreError> {
    Ok(ExportLines::new(open(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_lines_are_refused_before_parsing() {
        let long = "x".repeat(LINE_BYTES_MAX + 10);
        let mut reader = ExportReader::new(long.as_bytes());
        assert!(matches!(
            reader.next(),
            Some(Err(StoreError::Verify(VerifyError::Format { error: FormatError::LineTooLong(_), .. })))
        ));
        assert!(reader.next().is_none());
    }

    #[test]
    fn garbage_is_an_error_and_blank_lines_are_skipped() {
        let mut reader = ExportReader::new(&b"\n\nnot json\n"[..]);
        assert!(matches!(reader.next(), Some(Err(_))));
        assert!(reader.next().is_none());
        let mut empty = ExportReader::new(&b"\n"[..]);
        assert!(empty.next().is_none());
        let lines: Vec<_> = ExportLines::new(&b"a\n\nb\r\n"[..]).map(Result::unwrap).collect();
        assert_eq!(lines, ["a", "b"]);
    }
}
