//! The help in the user's language. English is written once, as the doc comments of
//! `args.rs`; the other languages' help lives in `cercle-render`'s `help.ftl`, keyed by where
//! it goes: `cmd-PATH` for a command's description, `cmd-PATH-after` for its examples,
//! `arg-PATH-ID` for an argument (`PATH` the subcommand names joined by `-`, empty for the top
//! level; `ID` the argument's id, as clap derives it from the field name). A test walks every
//! command and argument and checks that each has its translation.

use clap::Command;

use crate::lang::Lang;
use cercle_render::i18n::{catalog, Catalog};

/// The heading English help puts global options under.
pub const GLOBAL_HEADING: &str = "Global options";

/// `command` with its help in `lang` (unchanged in English).
pub fn localize(command: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return command;
    }
    let messages = catalog(lang);
    let mut command = localize_at(command, "", messages);
    // clap adds its `help` subcommands, in English, when it builds the command: build it first.
    command.build();
    help_subcommands(command, messages)
}

/// The `help` subcommand clap added to each command that has subcommands, described in the
/// catalog's language.
fn help_subcommands(mut command: Command, messages: &'static Catalog) -> Command {
    let names: Vec<String> = command.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(name.as_str(), |sub| match sub.get_name() {
            "help" => sub.about(messages.text("help-subcommand")),
            _ => help_subcommands(sub, messages),
        });
    }
    command
}

/// The help key of a command at `path`.
pub fn command_key(path: &str) -> String {
    if path.is_empty() {
        "cmd".to_string()
    } else {
        format!("cmd-{path}")
    }
}

/// The help key of argument `id` of the command at `path`.
pub fn arg_key(path: &str, id: &str) -> String {
    if path.is_empty() {
        format!("arg-{id}")
    } else {
        format!("arg-{path}-{id}")
    }
}

fn localize_at(mut command: Command, path: &str, messages: &'static Catalog) -> Command {
    let key = command_key(path);
    if messages.has(&key) {
        // `cmd-PATH-long`, where the English has a second paragraph, is what `--help` shows.
        let long = format!("{key}-long");
        command = command.about(messages.text(&key));
        command = match messages.has(&long) {
            true => command.long_about(messages.text(&long)),
            false => command.long_about(None::<&str>),
        };
    }
    let after = format!("{key}-after");
    if messages.has(&after) {
        command = command.after_help(messages.text(&after)).after_long_help(None::<&str>);
    }
    let usage = messages.text("help-usage");
    command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(messages.text("help-commands"))
        .next_help_heading(messages.text("help-options"))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(messages.text("help-help"))
                .help_heading(messages.text("help-options")),
        );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(messages.text("help-version"))
                .help_heading(messages.text("help-options")),
        );
    }
    let ids: Vec<String> = command.get_arguments().map(|arg| arg.get_id().to_string()).collect();
    for id in ids {
        if id == "help" || id == "version" {
            continue;
        }
        // An argument many commands share (`--as`) is described once, as `arg-ID`, unless a
        // command says more of it.
        let key =
            Some(arg_key(path, &id)).filter(|key| messages.has(key)).unwrap_or_else(|| arg_key("", &id));
        command = command.mut_arg(id.as_str(), |mut arg| {
            if messages.has(&key) {
                arg = arg.help(messages.text(&key)).long_help(None::<&str>);
            }
            arg = annotations(arg, messages);
            match arg.get_help_heading() {
                Some(GLOBAL_HEADING) => arg.help_heading(messages.text("help-global-options")),
                Some(_) => arg,
                // clap's own "Arguments" heading, the same word in French, keeps them first.
                None if arg.is_positional() => arg,
                None => arg.help_heading(messages.text("help-options")),
            }
        });
    }
    let names: Vec<String> = command.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path}-{name}") };
        command = command.mut_subcommand(name.as_str(), |sub| localize_at(sub, &sub_path, messages));
    }
    command
}

/// `arg` with clap's `[env: …]`, `[default: …]` and `[possible values: …]` said in the
/// catalog's language, after its help.
fn annotations(arg: clap::Arg, messages: &Catalog) -> clap::Arg {
    // A flag has no value to say anything of (and clap refuses these settings on one).
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut notes = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(messages.format("help-possible-values", &[("values", &values.join(", "))]));
    }
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(messages.format("help-default", &[("value", &defaults.join(", "))]));
    }
    if let Some(var) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(messages.format("help-env", &[("var", &var.to_string_lossy())]));
    }
    if notes.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = [help].into_iter().chain(notes).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ");
    arg.help(help).hide_possible_values(true).hide_default_value(true).hide_env(true)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;
    use crate::args::Cli;

    /// Every command and argument of `command`, as (key, has examples); a command whose English
    /// help has a second paragraph needs its `-long` French too.
    fn keys(command: &Command, path: &str, into: &mut Vec<(String, bool)>) {
        into.push((command_key(path), command.get_after_help().is_some()));
        if command.get_long_about().is_some() {
            into.push((format!("{}-long", command_key(path)), false));
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" || arg.is_hide_set() {
                continue;
            }
            // A global argument is described once, where it is declared.
            if arg.is_global_set() && !path.is_empty() {
                continue;
            }
            into.push((arg_key(path, id), false));
        }
        for sub in command.get_subcommands() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path}-{}", sub.get_name())
            };
            keys(sub, &sub_path, into);
        }
    }

    /// `arg-ID` for `arg-PATH-ID`, where ID is the part after the last `-` (ids are snake_case).
    fn shared(key: &str) -> Option<String> {
        key.strip_prefix("arg-").and_then(|rest| rest.rsplit_once('-')).map(|(_, id)| format!("arg-{id}"))
    }

    #[test]
    fn every_command_and_argument_has_its_french_help() {
        let command = Cli::command();
        let mut all = Vec::new();
        keys(&command, "", &mut all);
        let french = catalog(Lang::Fr);
        let missing: Vec<String> = all
            .iter()
            .flat_map(|(key, examples)| {
                let mut wanted = vec![key.clone()];
                if *examples {
                    wanted.push(format!("{key}-after"));
                }
                wanted
            })
            .filter(|key| !french.has(key) && !shared(key).is_some_and(|key| french.has(&key)))
            .collect();
        assert!(missing.is_empty(), "help.ftl (fr) lacks:\n{}", missing.join("\n"));
    }

    #[test]
    fn no_french_help_is_for_an_argument_that_is_gone() {
        let command = Cli::command();
        let mut all = Vec::new();
        keys(&command, "", &mut all);
        let known: std::collections::BTreeSet<String> = all
            .iter()
            .flat_map(|(key, _)| [Some(key.clone()), Some(format!("{key}-after")), shared(key)])
            .flatten()
            .collect();
        let (_, _, fr) = cercle_render::i18n::SOURCES.iter().find(|(name, _, _)| *name == "help").unwrap();
        let stale: Vec<&str> = fr
            .lines()
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
            .filter(|id| (id.starts_with("cmd") || id.starts_with("arg-")) && !known.contains(*id))
            .collect();
        assert!(stale.is_empty(), "help.ftl (fr) describes what does not exist:\n{}", stale.join("\n"));
    }

    /// `cercle …` lines of a help text, split as a shell would (double quotes only).
    fn example_commands(text: &str) -> Vec<Vec<String>> {
        let mut commands = Vec::new();
        for line in text.lines().map(str::trim).filter(|line| line.starts_with("cercle ")) {
            let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
            for c in line.chars() {
                match c {
                    '"' => (quoted, any) = (!quoted, true),
                    ' ' if !quoted => {
                        if any || !word.is_empty() {
                            words.push(std::mem::take(&mut word));
                        }
                        any = false;
                    }
                    c => word.push(c),
                }
            }
            if any || !word.is_empty() {
                words.push(word);
            }
            commands.push(words);
        }
        commands
    }

    fn examples(command: &Command, into: &mut Vec<Vec<String>>) {
        if let Some(after) = command.get_after_help() {
            into.extend(example_commands(&after.to_string()));
        }
        for sub in command.get_subcommands() {
            examples(sub, into);
        }
    }

    #[test]
    fn every_example_in_the_help_is_a_command_line_cercle_takes() {
        for lang in [Lang::En, Lang::Fr] {
            let mut all = Vec::new();
            examples(&localize(Cli::command(), lang), &mut all);
            assert!(all.len() >= 15, "{lang}: the examples were found ({})", all.len());
            for words in all {
                let parsed = localize(Cli::command(), lang).try_get_matches_from(&words);
                assert!(
                    parsed.is_ok(),
                    "{lang}: {} is refused: {}",
                    words.join(" "),
                    parsed.map_or_else(|e| e.to_string(), |_| String::new())
                );
            }
        }
    }

    #[test]
    fn the_french_help_builds() {
        localize(Cli::command(), Lang::Fr).debug_assert();
    }
}
