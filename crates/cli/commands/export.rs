//! `cercle export`: the signed entries (jsonl), or the books as CSV or an hledger journal.

use cercle_core::SignedEntry;

use crate::args::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::error::{Audit, Error, Result};
use crate::output::write_to;

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    let store = crate::context::open_store(&ctx.ledger)?;
    if store.ledger().is_empty() {
        return Err(Audit::ExportEmpty.into());
    }
    let text = match args.format {
        ExportFormat::Jsonl => {
            // As long as the ledger: written line by line, never gathered in memory.
            let mut out = crate::output::Stream::to(args.out.as_deref())?;
            for entry in store.entries() {
                out.line(&entry?.to_line())?;
            }
            return out.finish();
        }
        ExportFormat::Csv | ExportFormat::CsvFr => {
            let report = cercle_core::Report::of(&store.full_ledger()?).ok_or(Error::NoCircleYet)?;
            let style = match args.format {
                ExportFormat::CsvFr => cercle_render::csv::CsvStyle::French,
                _ => cercle_render::csv::CsvStyle::Standard,
            };
            cercle_render::csv::report_csv_styled(&report, style).map_err(Audit::render)?
        }
        ExportFormat::Hledger => {
            let entries: Vec<SignedEntry> = store.entries().collect::<std::result::Result<_, _>>()?;
            cercle_render::hledger::hledger_journal(entries.iter()).map_err(Audit::render)?
        }
    };
    write_to(args.out.as_deref(), &text)
}
