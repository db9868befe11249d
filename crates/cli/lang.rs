//! The language cercle speaks to this process's user: `--lang fr|en` (or `CERCLE_LANG`), else
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them). Decided once, before the
//! command line is parsed, since the help itself is translated.

use std::ffi::OsString;
use std::sync::OnceLock;

pub use cercle_render::i18n::Lang;
use cercle_render::i18n::{catalog, Catalog};

static LANG: OnceLock<Lang> = OnceLock::new();

/// Decides the language from the arguments and the environment, once.
pub fn init(args: &[OsString]) -> Lang {
    *LANG.get_or_init(|| from_args(args).unwrap_or_else(from_env))
}

/// The language decided by [`init`] (English before it).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The catalog of messages in the user's language.
pub fn messages() -> &'static Catalog {
    catalog(lang())
}

/// `--lang X` or `--lang=X` among the arguments (before a `--` that ends options). A value
/// that is neither language is left to clap, which refuses it with the choices.
fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().and_then(|value| Lang::parse(&value));
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::parse(value);
        }
    }
    None
}

fn from_env() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    if let Some(lang) = var("CERCLE_LANG").as_deref().and_then(Lang::parse) {
        return lang;
    }
    Lang::from_locale(var("LC_ALL").as_deref(), var("LC_MESSAGES").as_deref(), var("LANG").as_deref())
}

/// The library's words (roles, statuses, votes, outcomes, tallies) in the user's language, as
/// `cercle_render::words` says them in tables and reports: one vocabulary.
pub mod words {
    use cercle_core::{Choice, CircleStatus, Outcome, ProposalStatus, Role, SpendKind, Tally};
    use cercle_render::words;

    use super::lang;

    pub fn role(role: Role) -> String {
        words::role(role, lang())
    }

    pub fn circle_status(status: CircleStatus) -> String {
        words::circle_status(status, lang())
    }

    pub fn proposal_status(status: ProposalStatus) -> String {
        words::proposal_status(status, lang())
    }

    pub fn spend_kind(kind: SpendKind) -> String {
        words::spend_kind(kind, lang())
    }

    pub fn choice(choice: Choice) -> String {
        words::choice(choice, lang())
    }

    pub fn outcome(outcome: Outcome) -> String {
        words::outcome(outcome, lang())
    }

    /// The settings of a governance proposal: `quorum 2/3, recusal off`.
    pub fn settings(settings: &[cercle_core::Setting]) -> String {
        words::settings(settings, lang())
    }

    /// A tally: `3 for, 1 against, 0 abstain`.
    pub fn votes(tally: Tally) -> words::Votes {
        words::Votes(tally, lang())
    }
}

/// A message of the catalog in the user's language: `t!("id")` or
/// `t!("id", name = value, …)` (each value shown with `Display`).
macro_rules! t {
    ($id:expr) => {
        $crate::lang::messages().text($id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::messages().format($id, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    /// The `.rs` files under `dir`, its subfolders included (`commands/`).
    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for item in std::fs::read_dir(dir).expect("crates/cli is readable") {
            let path = item.expect("a file").path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// The sources of this crate but this file, by path under `crates/cli`, without their
    /// comment lines.
    fn sources() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/cli");
        let mut files: Vec<(String, String)> = rust_files(&dir)
            .into_iter()
            // This file: the macro and these tests name calls, not messages.
            .filter(|path| path != &dir.join("lang.rs"))
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let code: Vec<&str> =
                    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect();
                let name = path.strip_prefix(&dir).unwrap_or(&path).to_string_lossy().into_owned();
                (name, code.join("\n"))
            })
            .collect();
        files.sort();
        assert!(files.len() > 10, "the sources of crates/cli are found");
        files
    }

    /// The string literal starting at `text` (after a `"`), up to its closing quote.
    fn literal(text: &str) -> &str {
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return &text[..i],
                _ => escaped = false,
            }
        }
        text
    }

    /// Whether a literal holds prose: two words of letters in a row.
    fn is_prose(literal: &str) -> bool {
        let words: Vec<&str> = literal.split([' ', '\n']).collect();
        words.windows(2).any(|pair| {
            pair.iter().all(|word| word.len() >= 2 && word.chars().all(|c| c.is_alphabetic() || c == '\''))
        })
    }

    /// What the command line says to people goes through the catalog: no sentence written in
    /// the code where a refusal, a hint, a note or an answer is made.
    #[test]
    fn no_sentence_is_written_outside_the_catalog() {
        const CALLS: [&str; 16] = [
            "Message::new(",
            "Io::unreadable(",
            "Io::unwritable(",
            "note(",
            "print(",
            "print_recorded(",
            "println!(",
            "eprintln!(",
            "writeln!(",
            "push(",
            "push_str(",
            "Err(",
            "unwrap_or_else(",
            "map_or(",
            "Progress::new(",
            ".step(",
        ];
        let mut found = Vec::new();
        for (file, code) in sources() {
            // error.rs's conversions of the library's errors are translated apart.
            if file == "error.rs" {
                continue;
            }
            for call in CALLS {
                for (at, _) in code.match_indices(call) {
                    let rest = code[at + call.len()..].trim_start();
                    let rest = rest.strip_prefix('&').unwrap_or(rest);
                    let rest = rest.strip_prefix("format!(").map(str::trim_start).unwrap_or(rest);
                    let Some(rest) = rest.strip_prefix('"') else { continue };
                    let text = literal(rest);
                    if is_prose(text) {
                        found.push(format!("{file}: {call}\"{text}\""));
                    }
                }
            }
        }
        assert!(found.is_empty(), "sentences to move into locales/*/cli.ftl:\n{}", found.join("\n"));
    }

    /// Every message the code names exists, in both languages: a missing one cannot ship.
    #[test]
    fn every_message_named_in_the_code_is_in_the_catalog() {
        let mut ids = Vec::new();
        for (file, code) in sources() {
            // `t!("id", …)` where a sentence is said, `Message::new("id")` or `m("id")` where a
            // refusal is (crates/cli/error/).
            let calls = ["t!(", "Message::new(", "m("]
                .into_iter()
                .flat_map(|call| code.match_indices(call).map(move |(at, _)| (at, at + call.len())));
            for (at, after) in calls {
                // `format!(` ends in `t!(` too, `item(` in `m(`.
                if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = code[after..].trim_start();
                // The macro's own definition names `$id`, not a message.
                let Some(rest) = rest.strip_prefix('"') else { continue };
                ids.push((file.clone(), literal(rest).to_string()));
            }
        }
        assert!(ids.len() > 100, "the t!(\"…\") calls are found ({})", ids.len());
        for lang in Lang::ALL {
            let missing: Vec<String> = ids
                .iter()
                .filter(|(_, id)| !catalog(lang).has(id))
                .map(|(file, id)| format!("{file}: {id}"))
                .collect();
            assert!(missing.is_empty(), "messages missing from locales/{lang}/: {missing:?}");
        }
    }

    #[test]
    fn lang_is_found_wherever_it_is_given() {
        assert_eq!(from_args(&args(&["cercle", "--lang", "fr", "status"])), Some(Lang::Fr));
        assert_eq!(from_args(&args(&["cercle", "status", "--lang=en"])), Some(Lang::En));
        assert_eq!(from_args(&args(&["cercle", "status"])), None);
        assert_eq!(from_args(&args(&["cercle", "propose", "--", "--lang", "fr"])), None);
        assert_eq!(from_args(&args(&["cercle", "--lang", "de"])), None);
    }
}
