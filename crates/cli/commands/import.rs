//! `cercle import FILE`: a ledger rebuilt from an export, verified first.

use std::path::Path;

use cercle_core::Verifier;
use cercle_store::{read_export_lines, Store};
use serde_json::json;

use crate::context::Context;
use crate::error::Result;
use crate::progress::Progress;

pub fn import(ctx: &Context, file: &Path, strict: bool) -> Result<()> {
    let mut progress = Progress::new(t!("progress-importing", path = file.display()));
    let unit = t!("progress-entries");
    let verifier = if strict { Verifier::new().strict() } else { Verifier::new() };
    let ledger = if file.is_dir() && cercle_store::published::is_published(file) {
        // A published folder: its entries, checked against its signed checkpoint's root.
        let published = cercle_store::published::Published::open(file)?;
        let entries = progress.counting(published.entries(), &unit);
        Store::import_with(&ctx.ledger, entries, verifier)?
    } else {
        let lines = progress.counting(read_export_lines(file)?, &unit);
        Store::import_lines(&ctx.ledger, lines, verifier)?
    };
    drop(progress);
    // The ledger is durable in place: printing may not turn the answer into a failure.
    let name = ledger.circle().map(|c| c.name.to_string()).unwrap_or_default();
    let message = t!("imported", entries = ledger.len(), name = name, path = ctx.ledger.display());
    if ctx.json {
        return crate::output::print_json_recorded(
            &json!({ "circle": name, "entries": ledger.len(), "ledger": ctx.ledger }),
        );
    }
    crate::output::print_recorded(&message)
}
