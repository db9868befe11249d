//! Append-only files of framed records: the store's `entries` and `history`.
//!
//! A record is `length (u32, big-endian) ‖ payload ‖ SHA-256(0x00 ‖ payload)`. For `entries`
//! the payload is an entry's exact signed bytes, so the trailer is the entry's hash
//! (`docs/FORMAT.md`). The frame lets a reader tell a record from what a crash leaves at the
//! end of a file (a torn record: cut short, or with zeroes or garbage where it should end) and
//! from damage in the middle of it (a bad record followed by more than one record could hold).

use cercle_core::entry_hash;

use crate::storage::Storage;

/// Bytes a frame adds to its payload: the length before, the hash after.
pub const FRAME_OVERHEAD: u64 = 4 + 32;

/// How much a scan reads at once.
const BLOCK_BYTES: usize = 1 << 20;

/// A record framed for its file.
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut framed = Vec::with_capacity(payload.len() + FRAME_OVERHEAD as usize);
    framed.extend_from_slice(&u32::try_from(payload.len()).unwrap_or(u32::MAX).to_be_bytes());
    framed.extend_from_slice(payload);
    framed.extend_from_slice(&entry_hash(payload).0);
    framed
}

/// What a scan finds at an offset.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A whole, intact record.
    Record {
        /// Where its frame starts.
        offset: u64,
        /// Its payload.
        payload: Vec<u8>,
        /// The hash its frame ends with (checked by the scan unless
        /// [`Scan::leaving_hashes_to_the_caller`]).
        hash: [u8; 32],
    },
    /// From `offset` to the end of the file, bytes that are no whole record but could be one
    /// record cut short or torn: what an interrupted append leaves.
    Torn {
        /// Where the unfinished record starts.
        offset: u64,
        /// How many bytes it left.
        bytes: u64,
    },
    /// At `offset`, a record that is not intact, with more after it than one record can hold.
    Damaged {
        /// Where the bad record starts.
        offset: u64,
    },
}

/// The records of a file from `start` to its end, read a block at a time.
pub struct Scan<'a> {
    storage: &'a dyn Storage,
    name: &'static str,
    payload_max: u64,
    /// Where the next record starts.
    offset: u64,
    end: u64,
    buffer: Vec<u8>,
    /// The file offset of `buffer[0]`.
    buffer_start: u64,
    done: bool,
    /// Whether the scan compares each record's hash (else the caller does: see
    /// [`Scan::leaving_hashes_to_the_caller`]).
    check_hashes: bool,
}

impl<'a> Scan<'a> {
    /// Scan `name` from `start` to `end` (its length when the scan began); records longer than
    /// `payload_max` are not records.
    pub fn new(
        storage: &'a dyn Storage,
        name: &'static str,
        start: u64,
        end: u64,
        payload_max: u64,
    ) -> Scan<'a> {
        Scan {
            storage,
            name,
            payload_max,
            offset: start,
            end,
            buffer: Vec::new(),
            buffer_start: start,
            done: start >= end,
            check_hashes: true,
        }
    }

    /// Do not compare each record's trailing hash: the caller hashes the payload anyway (an
    /// entry's hash is computed when it is decoded) and compares it with [`Found::Record`]'s
    /// `hash`, so that reading a ledger hashes each entry once. Only for a range known to hold
    /// whole records (what was acknowledged): a record that is not intact is then damage.
    pub fn leaving_hashes_to_the_caller(mut self) -> Scan<'a> {
        self.check_hashes = false;
        self
    }

    /// Make `[offset, offset + len)` readable from the buffer, as far as the file goes.
    fn fill(&mut self, len: u64) -> std::io::Result<&[u8]> {
        let want_end = (self.offset + len).min(self.end);
        let have_end = self.buffer_start + self.buffer.len() as u64;
        if self.offset < self.buffer_start || want_end > have_end {
            let read_len = (len as usize).max(BLOCK_BYTES).min((self.end - self.offset) as usize);
            self.buffer = self.storage.read_at(self.name, self.offset, read_len)?;
            self.buffer_start = self.offset;
        }
        let from = (self.offset - self.buffer_start) as usize;
        let to = ((want_end - self.buffer_start) as usize).min(self.buffer.len());
        Ok(&self.buffer[from.min(to)..to])
    }

    fn next_found(&mut self) -> std::io::Result<Found> {
        let offset = self.offset;
        let rest = self.end - offset;
        let not_intact = |payload_max: u64| {
            if rest <= payload_max + FRAME_OVERHEAD {
                Found::Torn { offset, bytes: rest }
            } else {
                Found::Damaged { offset }
            }
        };
        let header = self.fill(4)?;
        if header.len() < 4 {
            return Ok(not_intact(self.payload_max));
        }
        let length = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        if length == 0 || length > self.payload_max {
            return Ok(not_intact(self.payload_max));
        }
        let frame_len = length + FRAME_OVERHEAD;
        let payload_max = self.payload_max;
        let check_hashes = self.check_hashes;
        let framed = self.fill(frame_len)?;
        if (framed.len() as u64) < frame_len {
            return Ok(not_intact(payload_max));
        }
        let payload = &framed[4..4 + length as usize];
        let mut hash = [0u8; 32];
        hash.copy_from_slice(&framed[4 + length as usize..]);
        if check_hashes && entry_hash(payload).0 != hash {
            return Ok(not_intact(payload_max));
        }
        let payload = payload.to_vec();
        self.offset += frame_len;
        Ok(Found::Record { offset, payload, hash })
    }
}

impl Iterator for Scan<'_> {
    type Item = std::io::Result<Found>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let found = self.next_found();
        if !matches!(found, Ok(Found::Record { .. })) || self.offset >= self.end {
            self.done = true;
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStorage;

    fn scan(bytes: Vec<u8>) -> Vec<Found> {
        let storage = MemoryStorage::new(1);
        let end = bytes.len() as u64;
        storage.set_file("log", bytes);
        Scan::new(&storage, "log", 0, end, 100).map(Result::unwrap).collect()
    }

    #[test]
    fn records_then_a_torn_tail() {
        let mut bytes = frame(b"one");
        bytes.extend(frame(b"two"));
        let whole = bytes.len() as u64;
        bytes.extend(&frame(b"three")[..6]);
        let found = scan(bytes);
        assert_eq!(found.len(), 3);
        let hash = entry_hash(b"two").0;
        assert_eq!(found[1], Found::Record { offset: 3 + FRAME_OVERHEAD, payload: b"two".to_vec(), hash });
        assert_eq!(found[2], Found::Torn { offset: whole, bytes: 6 });
    }

    #[test]
    fn zeroes_and_a_bad_hash_are_torn_at_the_end_and_damage_in_the_middle() {
        let mut bytes = frame(b"one");
        bytes.extend([0u8; 20]);
        assert!(matches!(scan(bytes).last(), Some(Found::Torn { bytes: 20, .. })));

        let mut bytes = frame(b"one");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(scan(bytes.clone()), vec![Found::Torn { offset: 0, bytes: bytes.len() as u64 }]);
        for _ in 0..10 {
            bytes.extend(frame(b"more records after the bad one"));
        }
        assert_eq!(scan(bytes), vec![Found::Damaged { offset: 0 }]);
    }

    #[test]
    fn an_empty_range_has_nothing() {
        assert!(scan(Vec::new()).is_empty());
    }
}
