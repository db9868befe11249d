//! Money and fractions: [`Euros`] (two decimals, never negative, never a float) and [`Quorum`].
//!
//! Guarantees: an [`Euros`] value always has scale 2 and is never negative, so two equal amounts
//! always encode to the same bytes. Parsing follows the rulebook: `1234.5`, `1234,50` and
//! `1 234,50` are accepted; negative, zero, three decimals, exponents, `NaN` and empty input
//! are refused with an [`AmountError`] that says why.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The largest amount a single entry may carry: one billion euros.
pub const AMOUNT_MAX_CENTS: u64 = 100_000_000_000;

/// The longest amount text accepted, in characters (before any parsing).
const AMOUNT_INPUT_MAX_CHARS: usize = 32;

/// An amount of euros with exactly two decimals, never negative.
///
/// ```
/// use cercle_core::Euros;
/// let a: Euros = "1 234,5".parse().unwrap();
/// assert_eq!(a.to_string(), "1234.50");
/// assert_eq!(a.cents(), 123_450);
/// assert!("12.345".parse::<Euros>().is_err());
/// assert!("-3".parse::<Euros>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Euros(Decimal);

/// A string (`"350.00"`) in human-readable formats such as JSON, where a number would go through
/// a float; a number of cents in binary ones (the store's postcard state), where formatting and
/// parsing a decimal for every amount made saving the state of a large ledger slow.
impl Serialize for Euros {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.to_string())
        } else {
            serializer.serialize_u64(self.cents())
        }
    }
}

impl<'de> Deserialize<'de> for Euros {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Euros, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Euros::try_from(text).map_err(serde::de::Error::custom)
        } else {
            Ok(Euros::from_cents(u64::deserialize(deserializer)?))
        }
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// Nothing was given.
    #[error("an amount is required (e.g. 350 or 1 234,50)")]
    Empty,
    /// The text is not a plain decimal number.
    #[error("\"{0}\" is not an amount: write euros with at most 2 decimals, e.g. 350, 1234.50 or 1 234,50")]
    NotANumber(String),
    /// The amount is below zero.
    #[error("\"{0}\" is negative: amounts are strictly positive")]
    Negative(String),
    /// The amount is zero.
    #[error("\"{0}\" is zero: amounts are strictly positive")]
    Zero(String),
    /// More than two decimals.
    #[error("\"{0}\" has more than 2 decimals: amounts are in euros and cents")]
    TooManyDecimals(String),
    /// Above [`AMOUNT_MAX_CENTS`].
    #[error("\"{0}\" is too large: at most 1 000 000 000,00 euros")]
    TooLarge(String),
}

impl Euros {
    /// Zero euros (a total, never an entry's amount).
    pub const ZERO: Euros = Euros(Decimal::from_parts(0, 0, 0, false, 2));

    /// An amount from a number of cents.
    pub fn from_cents(cents: u64) -> Euros {
        let mut value = Decimal::from(cents);
        // Cents fit in 96 bits, so setting scale 2 cannot fail.
        value.set_scale(2).unwrap_or(());
        Euros(value)
    }

    /// The amount in cents (saturates at `u64::MAX`, far above any real total).
    pub fn cents(self) -> u64 {
        let cents = self.0 * Decimal::ONE_HUNDRED;
        u64::try_from(cents.trunc()).unwrap_or(u64::MAX)
    }

    /// The amount as a decimal with scale 2.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Whether this is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Euros) -> Option<Euros> {
        self.0.checked_add(other.0).map(Euros::rescaled)
    }

    /// `self - other`, or `None` if the result would be negative.
    pub fn checked_sub(self, other: Euros) -> Option<Euros> {
        if other.0 > self.0 {
            return None;
        }
        self.0.checked_sub(other.0).map(Euros::rescaled)
    }

    /// `self - other`, or zero if `other` is larger.
    pub fn saturating_sub(self, other: Euros) -> Euros {
        self.checked_sub(other).unwrap_or(Euros::ZERO)
    }

    /// The amount the French way, `1 234,50 €`, with plain spaces (terminals, logs and
    /// messages align and copy them better than the typographic narrow no-break space).
    ///
    /// ```
    /// use cercle_core::Euros;
    /// assert_eq!("1234567.5".parse::<Euros>().unwrap().french(), "1 234 567,50 €");
    /// assert_eq!(Euros::ZERO.french(), "0,00 €");
    /// ```
    pub fn french(self) -> String {
        self.to_french(" ", " ")
    }

    /// The amount the French way with the given thousands separator and separator before `€`.
    pub fn to_french(self, thousands: &str, before_unit: &str) -> String {
        let cents = self.cents();
        let digits = (cents / 100).to_string();
        let mut text = String::with_capacity(digits.len() * 2 + 8);
        for (position, digit) in digits.chars().enumerate() {
            if position > 0 && (digits.len() - position).is_multiple_of(3) {
                text.push_str(thousands);
            }
            text.push(digit);
        }
        text.push_str(&format!(",{:02}{before_unit}€", cents % 100));
        text
    }

    /// Parse a decimal string that a verifier or a store wrote (`"1234.50"`), with no limits
    /// but non-negativity and two decimals. Users' input goes through [`FromStr`].
    pub fn from_plain(text: &str) -> Result<Euros, AmountError> {
        let value = Decimal::from_str_exact(text).map_err(|_| AmountError::NotANumber(text.into()))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AmountError::Negative(text.into()));
        }
        if value.scale() > 2 {
            return Err(AmountError::TooManyDecimals(text.into()));
        }
        Ok(Euros::rescaled(value.abs()))
    }

    fn rescaled(mut value: Decimal) -> Euros {
        value.rescale(2);
        Euros(value)
    }
}

impl FromStr for Euros {
    type Err = AmountError;

    fn from_str(input: &str) -> Result<Euros, AmountError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if text.chars().count() > AMOUNT_INPUT_MAX_CHARS {
            return Err(AmountError::NotANumber(text.chars().take(AMOUNT_INPUT_MAX_CHARS).collect()));
        }
        let owned = || text.to_string();
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (integer, fraction) = split_decimal(unsigned).ok_or_else(|| AmountError::NotANumber(owned()))?;
        let integer = strip_thousands(integer).ok_or_else(|| AmountError::NotANumber(owned()))?;
        if fraction.len() > 2 {
            return Err(AmountError::TooManyDecimals(owned()));
        }
        let plain = format!("{integer}.{fraction:0<2}");
        let value = Decimal::from_str_exact(&plain).map_err(|_| AmountError::TooLarge(owned()))?;
        if value.is_zero() {
            return Err(AmountError::Zero(owned()));
        }
        if negative {
            return Err(AmountError::Negative(owned()));
        }
        let euros = Euros::rescaled(value);
        if euros > Euros::from_cents(AMOUNT_MAX_CENTS) {
            return Err(AmountError::TooLarge(owned()));
        }
        Ok(euros)
    }
}

/// Split `1234,50` or `1234.5` into integer and fraction digits; the fraction may be empty
/// only when there is no separator.
fn split_decimal(text: &str) -> Option<(&str, &str)> {
    let mut parts = text.splitn(2, ['.', ',']);
    let integer = parts.next()?;
    match parts.next() {
        None => Some((integer, "")),
        Some(fraction) if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) => {
            Some((integer, fraction))
        }
        Some(_) => None,
    }
}

/// Remove thousands separators (space, no-break space, narrow no-break space) from the integer
/// part, accepting them only between groups of exactly three digits.
fn strip_thousands(integer: &str) -> Option<String> {
    let groups: Vec<&str> = integer.split([' ', '\u{a0}', '\u{202f}']).collect();
    let first = groups.first()?;
    let valid_first = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    let valid_rest =
        groups[1..].iter().all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()));
    if !valid_first || !valid_rest || (groups.len() > 1 && first.len() > 3) {
        return None;
    }
    Some(groups.concat())
}

impl fmt::Display for Euros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl From<Euros> for String {
    fn from(value: Euros) -> String {
        value.to_string()
    }
}

impl TryFrom<String> for Euros {
    type Error = AmountError;
    fn try_from(value: String) -> Result<Euros, AmountError> {
        Euros::from_plain(&value)
    }
}

/// The share of voting members that must be present for a meeting to decide, in `(0, 1]`.
///
/// ```
/// use cercle_core::Quorum;
/// let q: Quorum = "50%".parse().unwrap();
/// assert_eq!(q, "1/2".parse().unwrap());
/// assert_eq!(q, "0.5".parse().unwrap());
/// assert!(q.is_met(2, 4));
/// assert!(!q.is_met(1, 4));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    numerator: u16,
    denominator: u16,
}

/// Why a quorum was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a quorum: write a fraction between 0 and 1, e.g. 1/2, 0.5 or 50%")]
pub struct QuorumError(pub String);

impl Quorum {
    /// The default quorum: half of the voting members.
    pub const HALF: Quorum = Quorum { numerator: 1, denominator: 2 };

    /// A quorum `numerator / denominator`, reduced; `None` unless `0 < n <= d`.
    pub fn new(numerator: u16, denominator: u16) -> Option<Quorum> {
        if numerator == 0 || denominator == 0 || numerator > denominator {
            return None;
        }
        let divisor = gcd(numerator, denominator);
        Some(Quorum { numerator: numerator / divisor, denominator: denominator / divisor })
    }

    /// The numerator (reduced form).
    pub fn numerator(self) -> u16 {
        self.numerator
    }

    /// The denominator (reduced form).
    pub fn denominator(self) -> u16 {
        self.denominator
    }

    /// Whether `present / voting` reaches the quorum (exact integer arithmetic).
    pub fn is_met(self, present: u32, voting: u32) -> bool {
        u64::from(present) * u64::from(self.denominator) >= u64::from(self.numerator) * u64::from(voting)
    }
}

fn gcd(a: u16, b: u16) -> u16 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl FromStr for Quorum {
    type Err = QuorumError;

    fn from_str(input: &str) -> Result<Quorum, QuorumError> {
        let text = input.trim();
        let error = || QuorumError(text.chars().take(32).collect());
        if let Some((n, d)) = text.split_once('/') {
            let n = n.trim().parse::<u16>().map_err(|_| error())?;
            let d = d.trim().parse::<u16>().map_err(|_| error())?;
            return Quorum::new(n, d).ok_or_else(error);
        }
        let (digits, scale) = match text.strip_suffix('%') {
            Some(percent) => (percent.trim(), 100u32),
            None => (text, 1u32),
        };
        let value = Decimal::from_str_exact(digits).map_err(|_| error())?;
        if value.scale() > 4 {
            return Err(error());
        }
        // The quorum as a fraction over 10 000: `0.5` is 5000/10000, `50%` too.
        let denominator = 10_000u32;
        let scaled = value * Decimal::from(denominator / scale);
        if scaled.fract() != Decimal::ZERO || scaled <= Decimal::ZERO {
            return Err(error());
        }
        let numerator = u32::try_from(scaled.trunc()).map_err(|_| error())?;
        if numerator > denominator {
            return Err(error());
        }
        let divisor = gcd32(numerator, denominator);
        let (n, d) = (numerator / divisor, denominator / divisor);
        let n = u16::try_from(n).map_err(|_| error())?;
        let d = u16::try_from(d).map_err(|_| error())?;
        Quorum::new(n, d).ok_or_else(error)
    }
}

fn gcd32(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd32(b, a % b)
    }
}

impl fmt::Display for Quorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_rulebook_forms() {
        for (input, expected) in [
            ("1234.5", "1234.50"),
            ("1234,50", "1234.50"),
            ("1 234,50", "1234.50"),
            ("1\u{a0}234,50", "1234.50"),
            ("1\u{202f}234 567,5", "1234567.50"),
            ("0.01", "0.01"),
            ("350", "350.00"),
            ("1000000000", "1000000000.00"),
            (" 12,3 ", "12.30"),
        ] {
            let parsed: Euros = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(parsed.to_string(), expected, "{input}");
        }
    }

    #[test]
    fn refuses_what_the_rulebook_refuses() {
        for input in [
            "",
            "-5",
            "0",
            "0,00",
            "12.345",
            "1e3",
            "NaN",
            "inf",
            "1.",
            ".5",
            "1 23",
            "12 345 6",
            "1,234.50",
            "+5",
            "1000000000.01",
            "99999999999999999999999999999999",
            "abc",
            "1 2345",
            "٣",
            "1__0",
        ] {
            assert!(input.parse::<Euros>().is_err(), "{input:?} should be refused");
        }
    }

    #[test]
    fn refusal_messages_say_why() {
        assert!(matches!("-5".parse::<Euros>(), Err(AmountError::Negative(_))));
        assert!(matches!("0".parse::<Euros>(), Err(AmountError::Zero(_))));
        assert!(matches!("1.234".parse::<Euros>(), Err(AmountError::TooManyDecimals(_))));
        assert!(matches!("2000000000".parse::<Euros>(), Err(AmountError::TooLarge(_))));
        assert!(matches!("".parse::<Euros>(), Err(AmountError::Empty)));
    }

    #[test]
    fn equal_amounts_have_one_form() {
        let a: Euros = "1.5".parse().unwrap();
        let b: Euros = "1,50".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), b.to_string());
        assert_eq!(Euros::from_cents(150), a);
        assert_eq!(a.checked_add(b).unwrap().to_string(), "3.00");
        assert_eq!(a.checked_sub(Euros::from_cents(151)), None);
    }

    #[test]
    fn quorum_forms() {
        assert_eq!("1/2".parse::<Quorum>().unwrap(), Quorum::HALF);
        assert_eq!("0.5".parse::<Quorum>().unwrap(), Quorum::HALF);
        assert_eq!("50%".parse::<Quorum>().unwrap(), Quorum::HALF);
        assert_eq!("2/3".parse::<Quorum>().unwrap().to_string(), "2/3");
        assert_eq!("100%".parse::<Quorum>().unwrap().to_string(), "1/1");
        for bad in ["0", "0/3", "3/2", "1.5", "150%", "-1/2", "x", "", "1/0", "0.33333"] {
            assert!(bad.parse::<Quorum>().is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in "\\PC{0,40}") {
            let _ = input.parse::<Euros>();
            let _ = input.parse::<Quorum>();
        }

        #[test]
        fn cents_round_trip(cents in 1u64..=AMOUNT_MAX_CENTS) {
            let euros = Euros::from_cents(cents);
            proptest::prop_assert_eq!(euros.cents(), cents);
            let reparsed: Euros = euros.to_string().parse().unwrap();
            proptest::prop_assert_eq!(reparsed, euros);
            let french = euros.to_string().replace('.', ",");
            proptest::prop_assert_eq!(french.parse::<Euros>().unwrap(), euros);
        }
    }
}
