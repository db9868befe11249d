//! Names and identifiers that must not be mixed: [`MemberName`], [`ActionId`], [`ProposalId`],
//! [`MeetingId`], [`EntryHash`] (and the circle's id, the hash of its genesis), [`PublicKey`].
//!
//! Ids are short and sequential (`A1`, `P3`, `M2`): people say them aloud in a meeting.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_security::confusable_detection::skeleton;

/// The longest member name, in characters.
pub const MEMBER_NAME_MAX_CHARS: usize = 64;

/// A member's name: 1 to 64 letters of the Latin alphabet (accented ones included), ASCII
/// digits, `-`, `_` or `.`; unique within a circle without regard to case (`Alice` and `alice`
/// are the same member). One alphabet, so that no two names look alike while being different
/// (`amelie` and `аmelie`, whose first letter is Cyrillic).
///
/// ```
/// use cercle_core::MemberName;
/// let name: MemberName = "Amélie".parse().unwrap();
/// assert_eq!(name.key(), "amélie");
/// assert!("two words".parse::<MemberName>().is_err());
/// assert!("\u{430}melie".parse::<MemberName>().is_err()); // a Cyrillic а
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MemberName(String);

/// Why a member name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a member name: use 1 to 64 letters of the Latin alphabet (accents included), digits, '-', '_' or '.'")]
pub struct MemberNameError(pub String);

impl MemberName {
    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-insensitive key under which the name is unique.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The forms under which two names look alike (rule `member-name-confusable`): the UTS #39
    /// skeleton of the name as written, and that of its lowercase form ([`MemberName::key`]),
    /// the second left out when it is the first. Two names look alike when one of the first's
    /// forms is one of the second's: `marie` and `rnarie`, `Marie` and `rnarie` (lookups ignore
    /// case), `paul` and `pau1`, `Ilya` and `llya`, `Sam` and `ſam` (`docs/FORMAT.md` §1).
    ///
    /// ```
    /// use cercle_core::MemberName;
    /// let keys = |name: &str| name.parse::<MemberName>().unwrap().lookalike_keys();
    /// assert_eq!(keys("marie"), keys("rnarie"));
    /// assert_eq!(keys("Marie")[1], keys("rnarie")[0]);
    /// assert_eq!(keys("pau1"), keys("paul"));
    /// assert_ne!(keys("amelie"), keys("amélie"));
    /// ```
    pub fn lookalike_keys(&self) -> Vec<String> {
        let written: String = skeleton(&self.0).collect();
        let lower: String = skeleton(&self.key()).collect();
        if lower == written {
            vec![written]
        } else {
            vec![written, lower]
        }
    }
}

impl FromStr for MemberName {
    type Err = MemberNameError;
    fn from_str(text: &str) -> Result<MemberName, MemberNameError> {
        let count = text.chars().count();
        let valid = (1..=MEMBER_NAME_MAX_CHARS).contains(&count)
            && text.chars().all(|c| is_latin_letter(c) || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(MemberNameError(text.chars().take(MEMBER_NAME_MAX_CHARS + 1).collect()));
        }
        Ok(MemberName(text.to_string()))
    }
}

/// A letter of the Latin alphabet: ASCII, Latin-1 (but × and ÷), Latin Extended-A and -B,
/// Latin Extended Additional (`docs/FORMAT.md` §1 lists the ranges).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
}

impl TryFrom<String> for MemberName {
    type Error = MemberNameError;
    fn try_from(value: String) -> Result<MemberName, MemberNameError> {
        value.parse()
    }
}

impl From<MemberName> for String {
    fn from(value: MemberName) -> String {
        value.0
    }
}

impl fmt::Display for MemberName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not {what} id: write {prefix} followed by a number, e.g. {prefix}1")]
pub struct IdError {
    text: String,
    what: &'static str,
    prefix: char,
}

impl IdError {
    /// The text refused (its first 16 characters).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What it should have named, with its article (`an action`, `a proposal`, `a meeting`).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The letter such ids start with (`A`, `P`, `M`).
    pub fn prefix(&self) -> char {
        self.prefix
    }
}

macro_rules! sequential_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(text: &str) -> Result<$name, IdError> {
                let error = || IdError { text: text.chars().take(16).collect(), what: $what, prefix: $prefix };
                let digits = text
                    .strip_prefix($prefix)
                    .or_else(|| text.strip_prefix($prefix.to_ascii_lowercase()))
                    .ok_or_else(error)?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(error());
                }
                match digits.parse::<u32>() {
                    Ok(number) if number > 0 => Ok($name(number)),
                    _ => Err(error()),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<$name, IdError> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.to_string()
            }
        }
    };
}

sequential_id!(
    /// An action of the programme: `A1`, `A2`… (an adopted `action` proposal becomes the next one).
    ActionId, 'A', "an action"
);
sequential_id!(
    /// A proposal: `P1`, `P2`…
    ProposalId, 'P', "a proposal"
);
sequential_id!(
    /// A regulation meeting: `M1`, `M2`…
    MeetingId, 'M', "a meeting"
);

/// A hex string that is not 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a 64-character hex string")]
pub struct HexError(pub String);

/// 32 bytes written as 64 lowercase hex digits in text (and in JSON).
macro_rules! hex32 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// Lowercase hex.
            pub fn to_hex(&self) -> String {
                hex_encode(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = HexError;
            fn from_str(text: &str) -> Result<$name, HexError> {
                hex_decode_32(text).map($name)
            }
        }

        impl TryFrom<String> for $name {
            type Error = HexError;
            fn try_from(value: String) -> Result<$name, HexError> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.to_hex()
            }
        }
    };
}

hex32!(
    /// A SHA-256 hash of an entry (see `docs/FORMAT.md`). The circle's id is its genesis hash.
    EntryHash
);
hex32!(
    /// An ed25519 public key, as its 32 bytes (hex in text).
    PublicKey
);
hex32!(
    /// The SHA-256 of a file (a payout's receipt), as its 32 bytes (hex in text).
    FileHash
);

/// A circle's identity: the hash of its genesis entry.
pub type CircleId = EntryHash;

impl EntryHash {
    /// The all-zero hash that genesis uses for "no circle yet" and "no previous entry".
    pub const ZERO: EntryHash = EntryHash([0; 32]);
}

/// Lowercase hex of any bytes.
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// Decode hex (either case) of any length.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes().chunks(2).map(|pair| Some(hex_value(pair[0])? << 4 | hex_value(pair[1])?)).collect()
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn hex_decode_32(text: &str) -> Result<[u8; 32], HexError> {
    let error = || HexError(text.chars().take(70).collect());
    let bytes = hex_decode(text.trim()).ok_or_else(error)?;
    bytes.try_into().map_err(|_| error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_as_people_say_them() {
        assert_eq!("P12".parse::<ProposalId>().unwrap(), ProposalId(12));
        assert_eq!("p3".parse::<ProposalId>().unwrap().to_string(), "P3");
        assert_eq!("M1".parse::<MeetingId>().unwrap(), MeetingId(1));
        for bad in ["P", "P0", "A1", "P-1", "P1x", "12", "P99999999999"] {
            assert!(bad.parse::<ProposalId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_case_insensitive_keys() {
        let a: MemberName = "Alice".parse().unwrap();
        let b: MemberName = "ALICE".parse().unwrap();
        assert_eq!(a.key(), b.key());
        assert!("".parse::<MemberName>().is_err());
        assert!("a/b".parse::<MemberName>().is_err());
        assert!("x".repeat(65).parse::<MemberName>().is_err());
    }

    /// The prototypes `scripts/verify.py` applies to member names (`MEMBER_NAME_PROTOTYPES`),
    /// as this crate's skeleton maps them: every character a member name's NFD may hold (its
    /// letters' bases and combining marks: a superset, U+0000 to U+036F and Latin Extended
    /// Additional, less controls and what NFD decomposes) whose skeleton is not itself, with
    /// that skeleton. On a mismatch, the message is the table to
    /// paste between the two markers of verify.py.
    #[test]
    fn verify_py_has_the_member_name_prototypes_of_this_crate() {
        let mut table = String::from("MEMBER_NAME_PROTOTYPES = {\n");
        let domain = ('\u{0}'..='\u{36F}').chain('\u{1E00}'..='\u{1EFF}');
        // A character that NFD decomposes never reaches the table: verify.py decomposes first.
        let decomposed =
            |c: char| unicode_normalization::UnicodeNormalization::nfd(c.to_string().chars()).ne([c]);
        for c in domain.filter(|c| !c.is_control() && !decomposed(*c)) {
            let shown: String = skeleton(&c.to_string()).collect();
            if shown != c.to_string() {
                let escape =
                    |text: &str| text.chars().map(|c| format!("\\u{:04x}", u32::from(c))).collect::<String>();
                table.push_str(&format!("    \"{}\": \"{}\",\n", escape(&c.to_string()), escape(&shown)));
            }
        }
        table.push_str("}\n");
        let script = include_str!("../../../scripts/verify.py");
        let start = script.find("MEMBER_NAME_PROTOTYPES = {").expect("the table in verify.py");
        let end = start + script[start..].find("}\n").expect("the end of the table") + 2;
        assert!(
            script[start..end] == table,
            "scripts/verify.py's MEMBER_NAME_PROTOTYPES should be:\n{table}"
        );
    }

    #[test]
    fn hex_round_trips() {
        let hash = EntryHash([0xab; 32]);
        assert_eq!(hash.to_hex().parse::<EntryHash>().unwrap(), hash);
        assert!("zz".parse::<EntryHash>().is_err());
        assert_eq!(hex_decode("0aFf"), Some(vec![0x0a, 0xff]));
        assert_eq!(hex_decode("0"), None);
    }
}
