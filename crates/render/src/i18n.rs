//! The words around the numbers, in French or English.
//!
//! Messages live in [Fluent](https://projectfluent.org) files, one set per language
//! (`crates/render/locales/{en,fr}/*.ftl`), compiled into the binary. Code names a message by
//! its id and gives its arguments; [`Catalog::format`] returns the sentence in the catalog's
//! language. Every id exists in both languages with the same arguments (a test checks it), so
//! a message can never be missing in one language only.
//!
//! The language is an argument, never read from the environment here ([`Lang::from_locale`]
//! takes the variables' values): the command line decides (`--lang`, then `LC_ALL`,
//! `LC_MESSAGES`, `LANG`), and output stays a function of its input.
//!
//! ```
//! use cercle_render::i18n::{catalog, Lang};
//!
//! let lang = Lang::from_locale(None, None, Some("fr_FR.UTF-8"));
//! assert_eq!(lang, Lang::Fr);
//! let message = "montant refusé";
//! assert_eq!(catalog(lang).format("error-line", &[("message", &message)]), "erreur : montant refusé");
//! assert_eq!(catalog(Lang::En).format("error-line", &[("message", &"no")]), "error: no");
//! ```

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language cercle speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English: the default, and the language of the library's `Display` messages.
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// Its code, as `--lang` takes it (`en`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// A language from a code or a locale name: `fr`, `FR`, `fr_FR.UTF-8`, `fr-BE`,
    /// `fr_CA@euro` are French; `en…`, `C` and `POSIX` English; anything else is `None`.
    pub fn parse(value: &str) -> Option<Lang> {
        let language = value.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match language.to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale asks for, as POSIX decides it: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty; French if it names French,
    /// English otherwise (cercle speaks no third language).
    pub fn from_locale(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Lang {
        [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|value| !value.is_empty())
            .and_then(Lang::parse)
            .unwrap_or(Lang::En)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The message files of each language, by name (`cli`, `help`, …).
pub const SOURCES: [(&str, &str, &str); 5] = [
    ("cli", include_str!("../locales/en/cli.ftl"), include_str!("../locales/fr/cli.ftl")),
    ("help", include_str!("../locales/en/help.ftl"), include_str!("../locales/fr/help.ftl")),
    ("rules", include_str!("../locales/en/rules.ftl"), include_str!("../locales/fr/rules.ftl")),
    ("report", include_str!("../locales/en/report.ftl"), include_str!("../locales/fr/report.ftl")),
    ("html", include_str!("../locales/en/html.ftl"), include_str!("../locales/fr/html.ftl")),
];

/// The messages of one language.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

/// The catalog of a language (built once per process).
pub fn catalog(lang: Lang) -> &'static Catalog {
    static EN: OnceLock<Catalog> = OnceLock::new();
    static FR: OnceLock<Catalog> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    };
    cell.get_or_init(|| Catalog::new(lang))
}

impl Catalog {
    fn new(lang: Lang) -> Catalog {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("en and fr are language ids");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around arguments: cercle refuses bidirectional controls in
        // its own input, and must not print them either.
        bundle.set_use_isolating(false);
        for (name, en, fr) in SOURCES {
            let source = match lang {
                Lang::En => en,
                Lang::Fr => fr,
            };
            let resource = FluentResource::try_new(source.to_string())
                .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{name}.ftl does not parse: {errors:?}"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("locales/{lang}/{name}.ftl repeats an id: {errors:?}"));
        }
        Catalog { lang, bundle }
    }

    /// Its language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the catalog has a message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.get_message(id).and_then(|message| message.value()).is_some()
    }

    /// The message `id` with its arguments (each shown with `Display`). An id missing from
    /// the catalog is printed as itself (the tests make sure none is).
    pub fn format(&self, id: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|message| message.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // Text, never a Fluent number: amounts and counts arrive formatted already.
            fluent_args.set(*name, FluentValue::from(value.to_string()));
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        text.into_owned()
    }

    /// The message `id`, which takes no argument.
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast;

    use super::*;

    /// Each message id of a file, with the names of the variables it uses.
    fn messages(source: &str) -> BTreeMap<String, Vec<String>> {
        let resource = FluentResource::try_new(source.to_string()).expect("parses");
        let mut found = BTreeMap::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry {
                let mut variables = Vec::new();
                if let Some(pattern) = &message.value {
                    pattern_variables(pattern, &mut variables);
                }
                variables.sort();
                variables.dedup();
                found.insert(message.id.name.to_string(), variables);
            }
        }
        found
    }

    fn pattern_variables(pattern: &ast::Pattern<&str>, into: &mut Vec<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, into);
            }
        }
    }

    fn expression_variables(expression: &ast::Expression<&str>, into: &mut Vec<String>) {
        match expression {
            ast::Expression::Inline(inline) => inline_variables(inline, into),
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, into);
                for variant in variants {
                    pattern_variables(&variant.value, into);
                }
            }
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, into: &mut Vec<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => into.push(id.name.to_string()),
            ast::InlineExpression::Placeable { expression } => expression_variables(expression, into),
            _ => {}
        }
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_arguments() {
        for (name, en, fr) in SOURCES {
            let (en, fr) = (messages(en), messages(fr));
            for (id, variables) in &en {
                let Some(french) = fr.get(id) else { panic!("locales/fr/{name}.ftl lacks {id}") };
                assert_eq!(variables, french, "{id} ({name}.ftl) takes other arguments in French");
            }
            for id in fr.keys() {
                // English help is the doc comments of the command line, not a catalog.
                let help_of_the_command_line =
                    name == "help" && (id.starts_with("cmd") || id.starts_with("arg-"));
                assert!(en.contains_key(id) || help_of_the_command_line, "locales/en/{name}.ftl lacks {id}");
            }
        }
    }

    #[test]
    fn no_id_is_in_two_files() {
        for lang in 0..2 {
            let mut seen = BTreeMap::new();
            for (name, en, fr) in SOURCES {
                for id in messages([en, fr][lang]).into_keys() {
                    if let Some(first) = seen.insert(id.clone(), name) {
                        panic!("{id} is in both {first}.ftl and {name}.ftl");
                    }
                }
            }
        }
    }

    #[test]
    fn both_catalogs_load_and_format() {
        for lang in Lang::ALL {
            let catalog = catalog(lang);
            assert_eq!(catalog.lang(), lang);
            assert!(catalog.has("error-line"));
        }
        assert_eq!(catalog(Lang::Fr).format("missing-id-for-test", &[]), "missing-id-for-test");
    }

    #[test]
    fn the_locale_decides_as_posix_says() {
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
        assert_eq!(Lang::from_locale(None, None, Some("fr_FR.UTF-8")), Lang::Fr);
        assert_eq!(Lang::from_locale(Some("C"), None, Some("fr_FR.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some(""), Some("fr_BE.UTF-8"), Some("en_GB")), Lang::Fr);
        assert_eq!(Lang::from_locale(None, None, Some("de_DE.UTF-8")), Lang::En);
        assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("es"), None);
    }

    #[test]
    fn no_message_holds_an_invisible_or_bidirectional_control() {
        for (name, en, fr) in SOURCES {
            for (lang, source) in [("en", en), ("fr", fr)] {
                let bad = source.chars().find(|c| {
                    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
                });
                assert_eq!(bad, None, "locales/{lang}/{name}.ftl");
            }
        }
    }
}
