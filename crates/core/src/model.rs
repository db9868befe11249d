//! The small closed sets of the domain: roles, statuses, thresholds, choices, outcomes, and
//! [`Text`], the bounded free text of titles, purposes, sources and references.
//!
//! Each enum has one byte code (used in the signed bytes, see `docs/FORMAT.md`) and one word
//! (used in the command line and in JSON). Both are fixed forever for format version 1.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::Quorum;

/// A word that is not one of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{word}\" is not a {what}: use {}", one_of(expected))]
pub struct WordError {
    word: String,
    what: &'static str,
    expected: &'static [&'static str],
}

impl WordError {
    /// The word refused (its first 32 characters).
    pub fn word(&self) -> &str {
        &self.word
    }

    /// What it should have named (`role`, `vote`, …), as the message says it.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The words accepted, as the message lists them.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

/// `a, b or c`.
fn one_of(words: &[&str]) -> String {
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $word:literal $(| $alias:literal)*;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The word used on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)+ }
            }

            /// The byte in the signed encoding.
            pub fn code(self) -> u8 {
                match self { $($name::$variant => $code,)+ }
            }

            /// The value of a byte of the signed encoding.
            pub fn from_code(code: u8) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = WordError;
            /// The word, or one of its French forms (`pour`, `contributrice`…), in any case.
            fn from_str(word: &str) -> Result<$name, WordError> {
                match word.trim().to_lowercase().as_str() {
                    $($word $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(WordError {
                        word: word.chars().take(32).collect(),
                        what: $what,
                        expected: &[$($word),+],
                    }),
                }
            }
        }
    };
}

word_enum!(
    /// A member's role in the circle.
    Role, "role", {
        /// Paid: facilitates, makes sure the actions move forward, reports to the collective.
        Soucieux = 1, "soucieux";
        /// Paid: takes charge of actions of the programme.
        Contributor = 2, "contributor" | "contributeur" | "contributrice" | "contributeur·rice" | "contributeur·ice";
        /// Unpaid: follows the work and takes part in collective sessions.
        Participant = 3, "participant" | "participante" | "participant·e";
    }
);

impl Role {
    /// Whether the role may receive a retribution.
    pub fn is_paid(self) -> bool {
        matches!(self, Role::Soucieux | Role::Contributor)
    }
}

word_enum!(
    /// A circle's status.
    CircleStatus, "circle status", {
        /// En émergence / en préfiguration.
        Emerging = 1, "emerging" | "émergent" | "emergent" | "en émergence" | "préfiguration";
        /// Running.
        Active = 2, "active" | "actif";
    }
);

word_enum!(
    /// How many `for` votes adopt a proposal.
    Threshold, "threshold", {
        /// `for > against`.
        Majority = 1, "majority" | "majorité";
        /// `for >= 2/3 of (for + against)`, and at least one `for`.
        TwoThirds = 2, "two-thirds" | "deux-tiers";
        /// No `against` and at least one `for`.
        Consent = 3, "consent" | "consentement";
    }
);

impl Threshold {
    /// Whether a tally passes this threshold.
    pub fn passes(self, tally: Tally) -> bool {
        let (yes, no) = (u64::from(tally.for_), u64::from(tally.against));
        match self {
            Threshold::Majority => yes > no,
            Threshold::TwoThirds => yes > 0 && 3 * yes >= 2 * (yes + no),
            Threshold::Consent => no == 0 && yes > 0,
        }
    }
}

word_enum!(
    /// A member's vote on one proposal.
    Choice, "vote", {
        /// For.
        For = 1, "for" | "pour";
        /// Against.
        Against = 2, "against" | "contre";
        /// Abstain.
        Abstain = 3, "abstain" | "abstention" | "abstenir";
    }
);

word_enum!(
    /// Whom a spend line pays.
    SpendKind, "spend kind", {
        /// Pays a member holding a paid role.
        Retribution = 1, "retribution";
        /// Pays an outside supplier.
        Expense = 2, "expense";
    }
);

word_enum!(
    /// Where a proposal stands.
    ProposalStatus, "proposal status", {
        /// Waiting for a meeting to decide it.
        Pending = 1, "pending";
        /// Adopted by a meeting.
        Adopted = 2, "adopted";
        /// Rejected by a meeting.
        Rejected = 3, "rejected";
        /// Withdrawn by its author.
        Withdrawn = 4, "withdrawn";
        /// A spend line closed by a soucieux; its unpaid remainder released.
        Closed = 5, "closed";
    }
);

/// How a meeting decided one agenda item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Adopted: an action joins the programme; a spend line commits its amount.
    Adopted,
    /// Rejected, with the reason.
    Rejected(RejectReason),
    /// Not enough members present: the proposal stays pending.
    NoQuorum,
}

word_enum!(
    /// Why a meeting rejected a proposal.
    RejectReason, "reason", {
        /// The vote did not reach the threshold.
        Vote = 1, "vote";
        /// Adopting it would push `available` below zero.
        InsufficientFunds = 2, "insufficient-funds";
        /// Adopting it would take its action past its envelope.
        OverEnvelope = 3, "over-envelope";
    }
);

impl Outcome {
    /// The word in JSON: `adopted`, `rejected` or `no-quorum`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::Rejected(_) => "rejected",
            Outcome::NoQuorum => "no-quorum",
        }
    }

    /// The reason of a rejection.
    pub fn reason(self) -> Option<RejectReason> {
        match self {
            Outcome::Rejected(reason) => Some(reason),
            _ => None,
        }
    }

    /// The byte in the signed encoding.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Adopted => 1,
            Outcome::Rejected(reason) => 1 + reason.code(),
            Outcome::NoQuorum => 5,
        }
    }

    /// The value of a byte of the signed encoding.
    pub fn from_code(code: u8) -> Option<Outcome> {
        match code {
            1 => Some(Outcome::Adopted),
            2..=4 => RejectReason::from_code(code - 1).map(Outcome::Rejected),
            5 => Some(Outcome::NoQuorum),
            _ => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Rejected(reason) => write!(f, "rejected ({reason})"),
            other => f.write_str(other.as_str()),
        }
    }
}

/// The votes cast on one proposal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// `for` votes.
    #[serde(rename = "for")]
    pub for_: u32,
    /// `against` votes.
    pub against: u32,
    /// `abstain` votes.
    pub abstain: u32,
}

impl Tally {
    /// Count one vote.
    pub fn add(&mut self, choice: Choice) {
        match choice {
            Choice::For => self.for_ += 1,
            Choice::Against => self.against += 1,
            Choice::Abstain => self.abstain += 1,
        }
    }
}

/// The rules a circle fixed at genesis for its meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Governance {
    /// Present / voting members needed for a meeting to decide.
    pub quorum: Quorum,
    /// How many `for` votes adopt a proposal.
    pub threshold: Threshold,
    /// Whether a member may not vote on a spend line that pays them.
    pub recusal: bool,
}

impl Default for Governance {
    fn default() -> Governance {
        Governance { quorum: Quorum::HALF, threshold: Threshold::Majority, recusal: true }
    }
}

/// Bounded free text: non-empty, no control characters, no surrounding spaces, at most
/// `max` characters (the limit depends on the field; see [`TextField`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(String);

/// The fields of free text, each with its limit in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    /// A circle's name (100).
    CircleName,
    /// A circle's territory (200).
    Territory,
    /// An action's title (200).
    Title,
    /// A spend line's purpose (1000).
    Purpose,
    /// Where funds came from (100).
    Source,
    /// A convention number, bank statement line, invoice number (200).
    Reference,
    /// An outside supplier's name (200).
    Supplier,
    /// A receipt's file name, without its folder (200).
    ReceiptName,
    /// Why a correction is made (1000).
    Reason,
}

impl TextField {
    /// The most characters the field holds.
    pub fn max_chars(self) -> usize {
        match self {
            TextField::CircleName | TextField::Source => 100,
            TextField::Purpose | TextField::Reason => 1000,
            TextField::Territory
            | TextField::Title
            | TextField::Reference
            | TextField::Supplier
            | TextField::ReceiptName => 200,
        }
    }

    /// The field's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            TextField::CircleName => "circle name",
            TextField::Territory => "territory",
            TextField::Title => "title",
            TextField::Purpose => "purpose",
            TextField::Source => "source",
            TextField::Reference => "reference",
            TextField::Supplier => "supplier",
            TextField::ReceiptName => "receipt's file name",
            TextField::Reason => "reason",
        }
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// Empty (or only spaces).
    #[error("the {0} is empty")]
    Empty(&'static str),
    /// Too long.
    #[error("the {field} is too long: at most {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its limit.
        max: usize,
    },
    /// Holds a control character (a newline, a tab, an escape…).
    #[error("the {0} holds a control character (newline, tab…)")]
    Control(&'static str),
    /// Starts or ends with spaces.
    #[error("the {0} starts or ends with spaces")]
    Padded(&'static str),
    /// A file name that names a folder too, or is `.` or `..`.
    #[error("the {0} must be a file's name alone, without a folder (no / nor \\, not . nor ..)")]
    NotAFileName(&'static str),
    /// Holds a character that is invisible or changes the direction of the text around it.
    #[error("the {field} holds U+{code:04X}, a character that is invisible or turns the text's direction (it makes a text read otherwise than it is)")]
    Invisible {
        /// The field.
        field: &'static str,
        /// The character's code point.
        code: u32,
    },
}

/// Whether `c` is invisible or changes the direction of the text around it: the soft hyphen,
/// the Arabic letter mark, zero-width characters and direction marks, the line and paragraph
/// separators, direction embeddings, overrides and isolates, invisible operators, the
/// byte-order mark and the interlinear annotation characters (`docs/FORMAT.md` §1 lists them).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

impl Text {
    /// Check `text` for `field`.
    ///
    /// ```
    /// use cercle_core::{Text, TextField};
    /// assert!(Text::new(TextField::Source, "FEDER").is_ok());
    /// assert!(Text::new(TextField::Source, "").is_err());
    /// assert!(Text::new(TextField::Source, "a\nb").is_err());
    /// ```
    pub fn new(field: TextField, text: &str) -> Result<Text, TextError> {
        let name = field.as_str();
        if text.trim().is_empty() {
            return Err(TextError::Empty(name));
        }
        if text.chars().count() > field.max_chars() {
            return Err(TextError::TooLong { field: name, max: field.max_chars() });
        }
        if text.chars().any(char::is_control) {
            return Err(TextError::Control(name));
        }
        if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
            return Err(TextError::Invisible { field: name, code: u32::from(c) });
        }
        if text.trim() != text {
            return Err(TextError::Padded(name));
        }
        if field == TextField::ReceiptName && (text.contains(['/', '\\']) || text == "." || text == "..") {
            return Err(TextError::NotAFileName(name));
        }
        Ok(Text(text.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_would_read_otherwise_than_they_are_are_refused() {
        for text in ["Traiteur \u{202E}troP ud", "a\u{2028}b", "zero\u{200B}width", "\u{FEFF}BOM"] {
            assert!(
                matches!(Text::new(TextField::Supplier, text), Err(TextError::Invisible { .. })),
                "{text:?}"
            );
        }
        assert!(Text::new(TextField::Supplier, "Imprimerie du Port — Côte d'Opale").is_ok());
        assert!("\u{430}melie".parse::<crate::MemberName>().is_err(), "a Cyrillic а");
        assert!("Zoé-Nguyễn_2".parse::<crate::MemberName>().is_ok());
        assert!("x²".parse::<crate::MemberName>().is_err(), "digits are ASCII");
    }

    #[test]
    fn french_words_are_accepted_where_people_type_them() {
        for (word, choice) in
            [("pour", Choice::For), ("Contre", Choice::Against), ("ABSTENTION", Choice::Abstain)]
        {
            assert_eq!(word.parse::<Choice>(), Ok(choice));
        }
        assert_eq!("contributrice".parse::<Role>(), Ok(Role::Contributor));
        assert_eq!("participant·e".parse::<Role>(), Ok(Role::Participant));
        assert_eq!("Émergent".parse::<CircleStatus>(), Ok(CircleStatus::Emerging));
        // What is printed and signed stays the one word.
        assert_eq!(Choice::For.as_str(), "for");
        let refused = "peut-être".parse::<Choice>().unwrap_err().to_string();
        assert_eq!(refused, "\"peut-être\" is not a vote: use for, against or abstain");
    }

    fn tally(for_: u32, against: u32, abstain: u32) -> Tally {
        Tally { for_, against, abstain }
    }

    #[test]
    fn thresholds_follow_the_rulebook() {
        assert!(Threshold::Majority.passes(tally(2, 1, 5)));
        assert!(!Threshold::Majority.passes(tally(1, 1, 0)));
        assert!(!Threshold::Majority.passes(tally(0, 0, 3)));
        assert!(Threshold::TwoThirds.passes(tally(2, 1, 0)));
        assert!(!Threshold::TwoThirds.passes(tally(3, 2, 0)));
        assert!(!Threshold::TwoThirds.passes(tally(0, 0, 2)));
        assert!(Threshold::Consent.passes(tally(1, 0, 4)));
        assert!(!Threshold::Consent.passes(tally(5, 1, 0)));
        assert!(!Threshold::Consent.passes(tally(0, 0, 1)));
    }

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(*role));
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for code in 0..=255u8 {
            if let Some(outcome) = Outcome::from_code(code) {
                assert_eq!(outcome.code(), code);
            }
        }
        assert!("boss".parse::<Role>().is_err());
    }
}
