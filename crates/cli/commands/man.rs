//! `cercle man`: the manual pages.

use crate::args::Cli;
use crate::error::{Result, Sign};
use crate::output::note;

/// `cercle man`: the page of `cercle` on stdout, or every command's page into `dir`.
pub(crate) fn man(dir: Option<&std::path::Path>) -> Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .and_then(|()| clap_mangen::generate_to(command, dir))
                .map_err(|e| Sign::ManPagesUnwritable { dir: dir.to_path_buf(), error: e.to_string() })?;
            note(&t!("man-pages-written", dir = dir.display()));
            Ok(())
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Sign::ManPageUnwritable { error: e.to_string() })?;
            crate::output::print_recorded(String::from_utf8_lossy(&out).trim_end())
        }
    }
}
