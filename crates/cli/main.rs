//! `cercle`: the command line of a circle's contributive budget.
//!
//! A thin shell: parse the arguments (clap), call `cercle-core` (rules) and `cercle-store`
//! (disk), print with `cercle-render`. No rule of the rulebook lives in this crate.
//!
//! Exit codes: 0 success; 1 refused (a rule, a bad value, a failed verification), with one
//! sentence on stderr and a `hint:` where one helps; 2 usage error.

#![forbid(unsafe_code)]

#[macro_use]
mod lang;
mod args;
mod commands;
mod context;
mod describe;
mod error;
mod files;
mod inbox;
mod keys;
mod localize;
mod output;
mod progress;
mod source;
mod tiles;
mod usage;

use std::process::ExitCode;

use std::io::Write as _;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::init(&argv);
    let parsed = localize::localize(<args::Cli as clap::CommandFactory>::command(), lang)
        .try_get_matches_from(argv)
        .and_then(|mut matches| <args::Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => {
            // A usage error in the user's language (clap's own English otherwise, and for help).
            let french = lang != lang::Lang::En && error.use_stderr();
            match french.then(|| usage::render(&error, lang)).flatten() {
                Some(text) => {
                    let _ = std::io::stderr().lock().write_all(text.as_bytes());
                }
                None => {
                    let _ = error.print();
                }
            }
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let json = cli.json;
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            let (message, hint) = (error.message(), error.hint());
            // Never a panic for a stderr that cannot be written (a full disk behind a redirection).
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", t!("error-line", message = message));
            if let Some(hint) = &hint {
                let _ = writeln!(stderr, "{}", t!("hint-line", hint = hint));
            }
            drop(stderr);
            if json {
                // Scripts asking for JSON get the refusal as JSON too (stderr keeps the sentence).
                let error = serde_json::json!({ "error": {
                    "message": message, "hint": hint, "rule": error.rule(), "exit_code": error.code(),
                }});
                println!("{error}");
            }
            ExitCode::from(error.code())
        }
    }
}
