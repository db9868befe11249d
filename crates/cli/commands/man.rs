//! `cercle man`: the manual pages.

use crate::args::Cli;
use crate::error::{Failure, Result};
use crate::output::note;

/// `cercle man`: the page of `cercle` on stdout, or every command's page into `dir`.
pub(crate) fn man(dir: Option<&std::path::Path>) -> Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .and_then(|()| clap_mangen::generate_to(command, dir))
                .map_err(|e| Failure::new(t!("man-pages-unwritable", dir = dir.display(), error = e)))?;
            note(&t!("man-pages-written", dir = dir.display()));
            Ok(())
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Failure::new(t!("man-page-unwritable", error = e)))?;
            crate::output::print_recorded(String::from_utf8_lossy(&out).trim_end())
        }
    }
}
