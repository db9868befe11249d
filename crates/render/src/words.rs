//! The words of the renderers in a language: headings, labels and cercle's own values
//! (`adopted`, `retribution`…), from `locales/{en,fr}/report.ftl` and `html.ftl`. One
//! vocabulary: the tables, the HTML, the messages of the rules and of the command line all say
//! a role, a status or a vote with the functions of this module.
//!
//! ```
//! use cercle_core::{Outcome, RejectReason, Tally};
//! use cercle_render::i18n::Lang;
//! use cercle_render::words::{outcome, Votes};
//!
//! let tally = Tally { for_: 3, against: 1, abstain: 2 };
//! assert_eq!(Votes(tally, Lang::En).to_string(), "3 for, 1 against, 2 abstain");
//! assert_eq!(Votes(tally, Lang::Fr).to_string(), "3 pour, 1 contre, 2 abstentions");
//! assert_eq!(outcome(Outcome::Rejected(RejectReason::OverEnvelope), Lang::Fr), "rejetée (enveloppe dépassée)");
//! ```

use std::fmt;

use cercle_core::{
    Choice, CircleStatus, Outcome, ProposalStatus, RejectReason, Role, Setting, SpendKind, Tally, Threshold,
};

use crate::i18n::{catalog, Catalog, Lang};

/// A role in words: `soucieux`, `contributor` / `contributeur·rice`, `participant` /
/// `participant·e`.
pub fn role(role: Role, lang: Lang) -> String {
    Words::of(lang).word(role.as_str())
}

/// A proposal's status in words (`adoptée`, `en attente`…: a proposition, feminine).
pub fn proposal_status(status: ProposalStatus, lang: Lang) -> String {
    Words::of(lang).word(status.as_str())
}

/// A circle's status in words (`en émergence`, `actif`).
pub fn circle_status(status: CircleStatus, lang: Lang) -> String {
    Words::of(lang).word(status.as_str())
}

/// Why a proposal was rejected, in words (`vote`, `fonds insuffisants`, `enveloppe dépassée`).
pub fn reject_reason(reason: RejectReason, lang: Lang) -> String {
    Words::of(lang).word(reason.as_str())
}

/// A meeting's outcome for a proposal: `adopted`, `rejected (vote)`, `no-quorum` in English
/// (its `Display`), `adoptée`, `rejetée (vote)`, `sans quorum` in French.
pub fn outcome(outcome: Outcome, lang: Lang) -> String {
    let words = Words::of(lang);
    match outcome {
        Outcome::Rejected(reason) => format!("{} ({})", words.word("rejected"), words.word(reason.as_str())),
        other => words.word(other.as_str()),
    }
}

/// A voting threshold in words (`majorité`, `deux tiers`, `consentement`).
pub fn threshold(threshold: Threshold, lang: Lang) -> String {
    Words::of(lang).word(threshold.as_str())
}

/// A spend line's kind in words (`rétribution`, `dépense`).
pub fn spend_kind(kind: SpendKind, lang: Lang) -> String {
    Words::of(lang).word(kind.as_str())
}

/// A vote in words (`pour`, `contre`, `abstention`).
pub fn choice(choice: Choice, lang: Lang) -> String {
    Words::of(lang).word(choice.as_str())
}

/// A setting of a governance proposal in words: in English its `describe()` (`quorum 2/3`,
/// `recusal off`), in French with its article (`le quorum 2/3`, `le déport désactivé`).
pub fn setting(setting: &Setting, lang: Lang) -> String {
    let words = Words::of(lang);
    match setting {
        Setting::Quorum(quorum) => words.f("setting-quorum", &[("quorum", quorum)]),
        Setting::Threshold(value) => words.f("setting-threshold", &[("threshold", &threshold(*value, lang))]),
        Setting::Recusal(true) => words.t("setting-recusal-on"),
        Setting::Recusal(false) => words.t("setting-recusal-off"),
        Setting::FourEyes(None) => words.t("setting-four-eyes-none"),
        Setting::FourEyes(Some(amount)) => {
            words.f("setting-four-eyes", &[("amount", &crate::table::euros_fr(*amount))])
        }
        Setting::Proxies(true) => words.t("setting-proxies-on"),
        Setting::Proxies(false) => words.t("setting-proxies-off"),
        Setting::Name(name) => words.f("setting-name", &[("name", name)]),
        Setting::Territory(territory) => words.f("setting-territory", &[("territory", territory)]),
    }
}

/// The settings of a governance proposal in words, joined by commas.
pub fn settings(settings: &[Setting], lang: Lang) -> String {
    settings.iter().map(|one| setting(one, lang)).collect::<Vec<_>>().join(", ")
}

/// The votes cast on a proposal, in words: `3 for, 1 against, 0 abstain`, `3 pour, 1 contre,
/// 0 abstention`. Every message that shows a tally shows this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Votes(pub Tally, pub Lang);

impl fmt::Display for Votes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Votes(tally, lang) = *self;
        let words = Words::of(lang);
        let count = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
        f.write_str(&words.f(
            "tally",
            &[
                ("for", &tally.for_),
                ("against", &tally.against),
                ("abstain", &tally.abstain),
                ("abstain_plural", &words.plural(count(tally.abstain))),
            ],
        ))
    }
}

/// The words of one language.
#[derive(Clone, Copy)]
pub(crate) struct Words {
    catalog: &'static Catalog,
}

impl Words {
    pub(crate) fn of(lang: Lang) -> Words {
        Words { catalog: catalog(lang) }
    }

    pub(crate) fn lang(self) -> Lang {
        self.catalog.lang()
    }

    /// The message `id`, without argument.
    pub(crate) fn t(self, id: &str) -> String {
        self.catalog.text(id)
    }

    /// The message `id` with its arguments.
    pub(crate) fn f(self, id: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
        self.catalog.format(id, args)
    }

    /// One of cercle's own words (a status, a kind, a role, an outcome…) in this language: the
    /// message `word-WORD`, or the word itself if there is none.
    pub(crate) fn word(self, word: &str) -> String {
        let id = format!("word-{word}");
        if self.catalog.has(&id) {
            self.catalog.text(&id)
        } else {
            word.to_string()
        }
    }

    /// `one` or `other`: the plural category of `count` (French says `0 ligne`, English `0 lines`).
    pub(crate) fn plural(self, count: usize) -> &'static str {
        match (self.lang(), count) {
            (_, 1) | (Lang::Fr, 0) => "one",
            _ => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use cercle_core::{Euros, Quorum, Setting, Text, TextField, Threshold};

    use super::*;

    /// English says a setting as the core's `describe()` does (the messages of the rules quote
    /// it); French says each one.
    #[test]
    fn a_setting_is_said_as_the_core_describes_it_and_in_french() {
        let all = [
            Setting::Quorum("2/3".parse::<Quorum>().expect("a quorum")),
            Setting::Threshold(Threshold::TwoThirds),
            Setting::Recusal(true),
            Setting::Recusal(false),
            Setting::FourEyes(None),
            Setting::FourEyes(Some("1500".parse::<Euros>().expect("an amount"))),
            Setting::Proxies(true),
            Setting::Proxies(false),
            Setting::Name(Text::new(TextField::CircleName, "Littoral").expect("a name")),
            Setting::Territory(Text::new(TextField::Territory, "Côte d'Opale").expect("a territory")),
        ];
        for one in &all {
            assert_eq!(setting(one, Lang::En), one.describe());
            assert_ne!(setting(one, Lang::Fr), one.describe(), "{one:?} in French");
        }
        let amount = crate::table::euros_fr("1500".parse().expect("an amount"));
        assert_eq!(setting(&all[5], Lang::Fr), format!("la double signature au-delà de {amount}"));
    }
}
