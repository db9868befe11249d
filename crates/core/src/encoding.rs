//! The canonical byte encoding of entries: big-endian integers, length-prefixed UTF-8,
//! amounts in integer cents, dates in days since 1970-01-01. `docs/FORMAT.md` is its spec.
//!
//! Guarantee: [`Reader`] never panics and never allocates more than the input's length,
//! whatever bytes it is given; every length is checked against the bytes that remain.

use chrono::{Datelike, NaiveDate};

use crate::error::FormatError;
use crate::ids::{EntryHash, PublicKey};
use crate::model::{Text, TextField};
use crate::money::{Euros, AMOUNT_MAX_CENTS};

const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Appends canonical fields to a buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }
    pub(crate) fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }
    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }
    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }
    pub(crate) fn i64(&mut self, value: i64) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }
    pub(crate) fn bytes32(&mut self, value: &[u8; 32]) {
        self.bytes.extend_from_slice(value);
    }
    pub(crate) fn hash(&mut self, value: &EntryHash) {
        self.bytes32(&value.0);
    }
    pub(crate) fn key(&mut self, value: &PublicKey) {
        self.bytes32(&value.0);
    }
    /// A string: u16 length in bytes, then UTF-8. Every string of the format is far below 65 535
    /// bytes (the longest field holds 1000 characters, at most 4000 bytes).
    pub(crate) fn str(&mut self, value: &str) {
        let length = u16::try_from(value.len()).unwrap_or(u16::MAX);
        self.u16(length);
        self.bytes.extend_from_slice(&value.as_bytes()[..usize::from(length)]);
    }
    pub(crate) fn amount(&mut self, value: Euros) {
        self.u64(value.cents());
    }
    pub(crate) fn date(&mut self, value: NaiveDate) {
        let days = value.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE;
        self.bytes.extend_from_slice(&days.to_be_bytes());
    }
}

/// Reads canonical fields, refusing anything truncated or out of range.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, position: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.position
    }

    fn take(&mut self, count: usize, field: &'static str) -> Result<&'a [u8], FormatError> {
        let end = self.position.checked_add(count).ok_or(FormatError::Truncated(field))?;
        let slice = self.bytes.get(self.position..end).ok_or(FormatError::Truncated(field))?;
        self.position = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], FormatError> {
        let slice = self.take(N, field)?;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, FormatError> {
        Ok(self.array::<1>(field)?[0])
    }
    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, FormatError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }
    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, FormatError> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }
    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, FormatError> {
        Ok(u64::from_be_bytes(self.array(field)?))
    }
    pub(crate) fn i64(&mut self, field: &'static str) -> Result<i64, FormatError> {
        Ok(i64::from_be_bytes(self.array(field)?))
    }
    pub(crate) fn nonce(&mut self, field: &'static str) -> Result<[u8; 16], FormatError> {
        self.array(field)
    }
    /// `count` raw bytes.
    pub(crate) fn raw(&mut self, count: usize, field: &'static str) -> Result<&'a [u8], FormatError> {
        self.take(count, field)
    }
    pub(crate) fn bool(&mut self, field: &'static str) -> Result<bool, FormatError> {
        match self.u8(field)? {
            0 => Ok(false),
            1 => Ok(true),
            value => Err(FormatError::BadValue { field, value: u64::from(value) }),
        }
    }
    pub(crate) fn hash(&mut self, field: &'static str) -> Result<EntryHash, FormatError> {
        Ok(EntryHash(self.array(field)?))
    }
    pub(crate) fn key(&mut self, field: &'static str) -> Result<PublicKey, FormatError> {
        Ok(PublicKey(self.array(field)?))
    }
    pub(crate) fn string(&mut self, field: &'static str) -> Result<&'a str, FormatError> {
        let length = self.u16(field)?;
        let raw = self.take(usize::from(length), field)?;
        std::str::from_utf8(raw).map_err(|_| FormatError::BadUtf8(field))
    }
    pub(crate) fn text(&mut self, field: TextField) -> Result<Text, FormatError> {
        let raw = self.string(field.as_str())?;
        Text::new(field, raw).map_err(|error| FormatError::BadText(error.to_string()))
    }
    /// A strictly positive amount of at most one billion euros.
    pub(crate) fn amount(&mut self, field: &'static str) -> Result<Euros, FormatError> {
        let cents = self.u64(field)?;
        if cents == 0 || cents > AMOUNT_MAX_CENTS {
            return Err(FormatError::BadValue { field, value: cents });
        }
        Ok(Euros::from_cents(cents))
    }
    pub(crate) fn date(&mut self, field: &'static str) -> Result<NaiveDate, FormatError> {
        let days = i32::from_be_bytes(self.array(field)?);
        days.checked_add(UNIX_EPOCH_DAYS_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or(FormatError::BadValue { field, value: u64::from(days.unsigned_abs()) })
    }
    pub(crate) fn finish(&self) -> Result<(), FormatError> {
        if self.position != self.bytes.len() {
            return Err(FormatError::TrailingBytes(self.bytes.len() - self.position));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_since_1970() {
        let mut writer = Writer::default();
        let date = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        writer.date(date);
        assert_eq!(writer.bytes, [0, 0, 0, 1]);
        let mut reader = Reader::new(&writer.bytes);
        assert_eq!(reader.date("date").unwrap(), date);
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut reader = Reader::new(&[0, 5, b'a']);
        assert!(matches!(reader.string("name"), Err(FormatError::Truncated("name"))));
        let mut reader = Reader::new(&[0xff; 3]);
        assert!(reader.u64("seq").is_err());
    }
}
