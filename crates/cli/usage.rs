//! clap's usage errors (exit code 2) in the user's language. clap words them in English only;
//! in French this module says the same things from the catalog (the `usage-*` messages of
//! `locales/*/cli.ftl`) and the error's context (the argument, the value, the suggestions),
//! laid out as clap lays them out: `erreur : …`, its tips, the usage line, `Pour en savoir
//! plus…`. The English messages are clap's word for word: a test renders errors both ways and
//! compares them, so a clap upgrade that rewords one is seen.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::fmt::Display;

use cercle_render::i18n::{catalog, Catalog, Lang};

/// The error as clap prints it, said in `lang`; `None` for a kind this module does not word
/// (clap's English is printed then).
pub fn render(error: &clap::Error, lang: Lang) -> Option<String> {
    let messages = catalog(lang);
    let mut text = messages.format("error-line", &[("message", &main_line(error, messages)?)]);
    let tips = tips(error, messages);
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            text.push_str("\n  ");
            text.push_str(&messages.format("usage-tip", &[("tip", &tip)]));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        text.push_str(&format!("\n\n{} {line}", messages.text("help-usage")));
    }
    text.push_str("\n\n");
    text.push_str(&messages.format("usage-more", &[("flag", &"--help")]));
    text.push('\n');
    Some(text)
}

/// What is wrong, the first line (and, for some kinds, the lines of its list).
fn main_line(error: &clap::Error, messages: &Catalog) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.as_str()),
        _ => None,
    };
    let f = |id: &str, args: &[(&str, &dyn Display)]| messages.format(id, args);
    let (arg, value) = (text(ContextKind::InvalidArg), text(ContextKind::InvalidValue));
    Some(match error.kind() {
        ErrorKind::ArgumentConflict => {
            let mut prior = error.get(ContextKind::PriorArg);
            let mut line = if let Some(arg) = arg {
                if prior == Some(&ContextValue::String(arg.to_string())) {
                    prior = None;
                    f("usage-conflict-twice", &[("arg", &arg)])
                } else {
                    f("usage-conflict", &[("arg", &arg)])
                }
            } else {
                f("usage-conflict-subcommand", &[("arg", &text(ContextKind::InvalidSubcommand)?)])
            };
            match prior {
                Some(ContextValue::Strings(priors)) => {
                    line.push(':');
                    for prior in priors {
                        line.push_str(&format!("\n  {prior}"));
                    }
                }
                Some(ContextValue::String(prior)) => {
                    line.push(' ');
                    line.push_str(&messages.format("usage-quoted", &[("text", prior)]));
                }
                Some(_) => {
                    line.push(' ');
                    line.push_str(&messages.text("usage-conflict-others"));
                }
                None => {}
            }
            line
        }
        ErrorKind::NoEquals => f("usage-no-equals", &[("arg", &arg?)]),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let mut line = match value.is_empty() {
                true => f("usage-value-missing", &[("arg", &arg)]),
                false => f("usage-invalid-value", &[("value", &value), ("arg", &arg)]),
            };
            push_list(&mut line, "usage-possible-values", error.get(ContextKind::ValidValue), messages);
            line
        }
        ErrorKind::InvalidSubcommand => {
            f("usage-unknown-subcommand", &[("name", &text(ContextKind::InvalidSubcommand)?)])
        }
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg) else {
                return None;
            };
            let mut line = messages.text("usage-missing-arguments");
            for arg in missing {
                line.push_str(&format!("\n  {arg}"));
            }
            line
        }
        ErrorKind::MissingSubcommand => {
            let mut line = f("usage-missing-subcommand", &[("name", &text(ContextKind::InvalidSubcommand)?)]);
            push_list(&mut line, "usage-subcommands", error.get(ContextKind::ValidSubcommand), messages);
            line
        }
        ErrorKind::TooManyValues => f("usage-too-many", &[("value", &value?), ("arg", &arg?)]),
        ErrorKind::ValueValidation => {
            let mut line = f("usage-invalid-value", &[("value", &value?), ("arg", &arg?)]);
            if let Some(source) = std::error::Error::source(error) {
                line.push_str(&format!(": {source}"));
            }
            line
        }
        ErrorKind::UnknownArgument => f("usage-unknown-argument", &[("arg", &arg?)]),
        _ => return None,
    })
}

/// `\n  [possible values: a, b]`, if clap lists any.
fn push_list(line: &mut String, id: &str, values: Option<&ContextValue>, messages: &Catalog) {
    if let Some(ContextValue::Strings(values)) = values {
        if !values.is_empty() {
            line.push_str("\n  ");
            line.push_str(&messages.format(id, &[("values", &values.join(", "))]));
        }
    }
}

/// The tips clap gives after the error: similar names, and how to pass a value that looks
/// like an option.
fn tips(error: &clap::Error, messages: &Catalog) -> Vec<String> {
    let mut tips = Vec::new();
    let similar = [
        (ContextKind::SuggestedSubcommand, "usage-similar-subcommand"),
        (ContextKind::SuggestedArg, "usage-similar-argument"),
        (ContextKind::SuggestedValue, "usage-similar-value"),
    ];
    let quoted = |text: &String| messages.format("usage-quoted", &[("text", text)]);
    for (kind, id) in similar {
        let names: Vec<String> = match error.get(kind) {
            Some(ContextValue::String(name)) => vec![quoted(name)],
            Some(ContextValue::Strings(names)) => names.iter().map(quoted).collect(),
            _ => continue,
        };
        let count = if names.len() == 1 { "one" } else { "other" };
        tips.push(messages.format(id, &[("count", &count), ("names", &names.join(", "))]));
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = error.get(ContextKind::Suggested) {
        for suggestion in suggestions {
            let suggestion = suggestion.to_string();
            tips.push(match escaped_arg(&suggestion) {
                Some(arg) => messages.format("usage-escape", &[("arg", &arg)]),
                None => suggestion,
            });
        }
    }
    tips
}

/// The argument of clap's `to pass 'ARG' as a value, use '-- ARG'`.
fn escaped_arg(suggestion: &str) -> Option<&str> {
    let rest = suggestion.strip_prefix("to pass '")?;
    let (arg, rest) = rest.split_once('\'')?;
    (rest == format!(" as a value, use '-- {arg}'")).then_some(arg)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;
    use crate::args::Cli;

    /// Command lines that clap refuses, one of each kind this module words.
    const REFUSED: [&str; 12] = [
        "cercle vote",
        "cercle vote M1 P1 for --bogus",
        "cercle vote M1 P1 for --leger x",
        "cercle metting list",
        "cercle meeting",
        "cercle --lang de status",
        "cercle --format",
        "cercle status extra",
        "cercle vote M1 P1 for --as a --as b",
        "cercle propose spend --amount 1,00 --amount 2,00",
        "cercle report --format tablee",
        "cercle key new",
    ];

    fn error(line: &str) -> clap::Error {
        let argv = line.split(' ');
        let parsed = Cli::command().try_get_matches_from(argv);
        parsed.err().unwrap_or_else(|| panic!("{line} is refused"))
    }

    #[test]
    fn in_english_each_error_is_word_for_word_what_clap_says() {
        let mut worded = 0;
        for line in REFUSED {
            let error = error(line);
            let Some(ours) = render(&error, Lang::En) else { continue };
            assert_eq!(ours, error.render().to_string(), "{line}");
            worded += 1;
        }
        assert!(worded >= 8, "most kinds are worded ({worded})");
    }

    #[test]
    fn in_french_no_english_of_clap_is_left() {
        for line in REFUSED {
            let error = error(line);
            let Some(french) = render(&error, Lang::Fr) else { continue };
            assert!(french.starts_with("erreur : "), "{french}");
            assert!(french.contains("Pour en savoir plus, essayez « --help »."), "{french}");
            for english in
                ["error:", "Usage:", "tip:", "For more information", "found", "provided", "similar"]
            {
                assert!(!french.contains(english), "{line}: {english} in\n{french}");
            }
        }
    }
}
