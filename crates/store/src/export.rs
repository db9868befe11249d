//! Reading export files (`.jsonl`, one entry a line, see `docs/FORMAT.md`) without trusting
//! them: a line longer than [`cercle_core::LINE_BYTES_MAX`] is refused before it is parsed,
//! and memory stays bounded whatever the file holds.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use cercle_core::{FormatError, SignedEntry, VerifyError, LINE_BYTES_MAX};

use crate::StoreError;

/// Reads export lines one at a time.
pub struct ExportReader<R> {
    reader: R,
    line: Vec<u8>,
    position: u64,
    done: bool,
}

impl<R: BufRead> ExportReader<R> {
    /// Read lines from `reader`.
    pub fn new(reader: R) -> ExportReader<R> {
        ExportReader { reader, line: Vec::with_capacity(1024), position: 0, done: false }
    }

    fn next_line(&mut self) -> Result<Option<SignedEntry>, StoreError> {
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
            return SignedEntry::from_line(text).map(Some).map_err(format);
        }
    }
}

impl<R: BufRead> Iterator for ExportReader<R> {
    type Item = Result<SignedEntry, StoreError>;

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

/// Open an export file for reading.
pub fn read_export_file(path: &Path) -> Result<ExportReader<BufReader<File>>, StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    Ok(ExportReader::new(BufReader::with_capacity(1 << 16, file)))
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
        let mut empty = ExportReader::new(&b"\n"[..]);
        assert!(empty.next().is_none());
    }
}
