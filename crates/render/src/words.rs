//! The words of the renderers in a language: headings, labels and cercle's own values
//! (`adopted`, `retribution`…), from `locales/{en,fr}/report.ftl` and `html.ftl`.

use std::fmt;

use crate::i18n::{catalog, Catalog, Lang};

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
