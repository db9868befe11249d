//! Funding agreements (*conventions*) and receipts (*justificatifs*): what a funder awarded,
//! for which period and actions, at which co-financing rate; and the fingerprint of the file
//! that proves a payout.
//!
//! A circle's funds come from agreements: a FEDER grant, a regional co-financing. An
//! `agreement` entry declares one; a fund receipt may name the agreement it pays into; an
//! expense statement (`crate::statement`) lists what an agreement financed. The ledger keeps
//! the receipt's SHA-256 and file name, never its content: the file stays beside the ledger
//! and anyone can check it against the hash.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ids::{ActionId, FileHash};
use crate::model::Text;
use crate::money::Euros;

/// The most actions one agreement may name (the rest of the time it finances them all).
pub const AGREEMENT_ACTIONS_MAX: usize = 100;

/// A co-financing rate: the share of eligible spending the funder pays, in basis points
/// (1 = 0.01 %), from 0.01 % to 100 %.
///
/// ```
/// use cercle_core::Rate;
/// let rate: Rate = "60 %".parse().unwrap();
/// assert_eq!(rate.basis_points(), 6000);
/// assert_eq!(rate.to_string(), "60 %");
/// assert_eq!("62,5".parse::<Rate>().unwrap().to_string(), "62,5 %");
/// assert!("0".parse::<Rate>().is_err());
/// assert!("100.5".parse::<Rate>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rate(u16);

/// Why a rate was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the rate {0:?} is not a percentage above 0 and at most 100, with at most two decimals (e.g. 60 % or 62,5)")]
pub struct RateError(pub String);

impl Rate {
    /// The rate, if `basis_points` is between 1 and 10 000.
    pub fn from_basis_points(basis_points: u16) -> Option<Rate> {
        (1..=10_000).contains(&basis_points).then_some(Rate(basis_points))
    }

    /// In basis points (6 000 for 60 %).
    pub fn basis_points(self) -> u16 {
        self.0
    }

    /// As a fraction of one (0.6 for 60 %).
    pub fn fraction(self) -> Decimal {
        Decimal::new(i64::from(self.0), 4)
    }

    /// `share` of `amount`, to the cent (half away from zero).
    pub fn of(self, amount: Euros) -> Euros {
        let cents = Decimal::from(amount.cents()) * self.fraction();
        let cents = cents.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        Euros::from_cents(u64::try_from(cents.mantissa()).unwrap_or(0))
    }
}

impl FromStr for Rate {
    type Err = RateError;
    fn from_str(text: &str) -> Result<Rate, RateError> {
        let refuse = || RateError(text.to_string());
        let number = text.trim().trim_end_matches('%').trim_end().replace(',', ".");
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(refuse());
        }
        let value = Decimal::from_str(&number).map_err(|_| refuse())?;
        if value.scale() > 2 {
            return Err(refuse());
        }
        let points = (value * Decimal::from(100)).normalize();
        let points =
            u16::try_from(points.mantissa()).ok().filter(|_| points.scale() == 0).ok_or_else(refuse)?;
        Rate::from_basis_points(points).ok_or_else(refuse)
    }
}

impl fmt::Display for Rate {
    /// French style: `60 %`, `62,5 %`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = Decimal::new(i64::from(self.0), 2).normalize();
        write!(f, "{} %", percent.to_string().replace('.', ","))
    }
}

/// A receipt (*justificatif*): the SHA-256 of the file and its name. The ledger never holds
/// the file itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// SHA-256 of the file's bytes.
    pub sha256: FileHash,
    /// The file's name, without its folder.
    pub name: Text,
}

/// What an `agreement` entry declares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementTerms {
    /// The agreement's reference (e.g. `CONV-2024-017`), unique in the circle whatever its
    /// case.
    pub reference: Text,
    /// Who awarded it (e.g. `FEDER`, `Région Hauts-de-France`).
    pub funder: Text,
    /// The amount awarded.
    pub amount: Euros,
    /// The co-financing rate, where one applies.
    pub rate: Option<Rate>,
    /// First day of the eligibility period.
    pub from: NaiveDate,
    /// Last day of the eligibility period (included).
    pub to: NaiveDate,
    /// The actions it finances, ascending; empty for all of them.
    pub actions: Vec<ActionId>,
}

impl AgreementTerms {
    /// Whether it finances `action`.
    pub fn finances(&self, action: ActionId) -> bool {
        self.actions.is_empty() || self.actions.binary_search(&action).is_ok()
    }

    /// Whether `date` is within the eligibility period.
    pub fn in_period(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// An agreement in a ledger: its terms and what it brought so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// What was declared.
    pub terms: AgreementTerms,
    /// The seq of the entry that declared it.
    pub seq: u64,
    /// When it was declared.
    pub declared_at: DateTime<Utc>,
    /// Funds received into it.
    pub received: Euros,
}

/// How references (of agreements, fund receipts, payouts) are compared: ASCII letters
/// without case, everything else exactly.
pub fn reference_key(reference: &str) -> String {
    reference.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_french_and_english_and_refuse_the_rest() {
        for (text, points) in
            [("60", 6000), ("60%", 6000), ("60 %", 6000), ("62,5", 6250), ("0.01", 1), ("100", 10000)]
        {
            assert_eq!(text.parse::<Rate>().map(Rate::basis_points), Ok(points), "{text}");
        }
        for text in ["", "0", "0.001", "100.01", "-5", "6O", "1e2", "60 %%x", "99999999"] {
            assert!(text.parse::<Rate>().is_err(), "{text}");
        }
    }

    #[test]
    fn a_rate_of_an_amount_rounds_to_the_cent_half_away_from_zero() {
        let rate: Rate = "60".parse().unwrap();
        assert_eq!(rate.of("1000.00".parse().unwrap()).to_string(), "600.00");
        assert_eq!(rate.of("0.05".parse().unwrap()).to_string(), "0.03");
        let third: Rate = "33.33".parse().unwrap();
        assert_eq!(third.of("100.00".parse().unwrap()).to_string(), "33.33");
    }
}
