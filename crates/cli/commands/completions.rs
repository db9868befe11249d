//! `cercle completions SHELL`: shell completions on stdout.

use crate::args::Cli;
use crate::error::Result;

/// `cercle completions SHELL`.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "cercle", &mut out);
    crate::output::print_recorded(String::from_utf8_lossy(&out).trim_end())
}
