//! `cercle evidence`: an agreement's statement, its receipts and a manifest, in a zip.

use std::io::Write as _;
use std::path::Path;

use cercle_render::csv::CsvStyle;
use cercle_store::{CopyState, Receipts};
use chrono::NaiveDate;

use super::statement::build;
use crate::args::EvidenceArgs;
use crate::context::Context;
use crate::error::{Audit, Error, Io, Result};
use crate::output::{euros, note};

/// `cercle evidence`: the statement (CSV, HTML, JSON), every receipt, and a manifest of
/// SHA-256 hashes, in one zip. A receipt that is missing or changed is listed, the zip still
/// written (with what there is), and the command exits 1.
pub fn evidence(ctx: &Context, args: EvidenceArgs) -> Result<()> {
    let statement = build(ctx, &args.agreement, args.from.as_ref(), ctx.period_to.as_ref())?;
    let mut folders = vec![Receipts::of(&ctx.ledger)];
    folders.extend(args.receipts.iter().map(|dir| Receipts::at(dir)));
    let csv = cercle_render::statement::statement_csv(&statement, CsvStyle::French);
    let html = cercle_render::statement::statement_html(&statement, crate::lang::lang());
    let json = serde_json::to_string_pretty(&statement).map_err(Audit::json)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("etat-recapitulatif.csv".into(), csv.into_bytes()),
        ("etat-recapitulatif.html".into(), html.into_bytes()),
        ("etat-recapitulatif.json".into(), json.into_bytes()),
    ];
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for line in &statement.lines {
        let Some(receipt) = &line.receipt else {
            problems.push(t!(
                "evidence-no-receipt",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference
            ));
            continue;
        };
        if !seen.insert(receipt.sha256) {
            continue;
        }
        let wanted = receipt.clone();
        let mut found = None;
        let mut changed = None;
        for folder in &folders {
            match folder.check(&wanted) {
                CopyState::Present(path) => {
                    found = Some(path);
                    break;
                }
                CopyState::Differs { path, found } => changed = Some((path, found)),
                CopyState::Missing => {}
            }
        }
        match (found, changed) {
            (Some(path), _) => {
                let bytes = std::fs::read(&path).map_err(|e| Error::from(Io::unreadable(&path, e)))?;
                files.push((
                    format!("justificatifs/{}-{}", &receipt.sha256.to_hex()[..12], receipt.name),
                    bytes,
                ));
            }
            (None, Some((path, found))) => problems.push(t!(
                "evidence-receipt-changed",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference,
                name = receipt.name,
                path = path.display(),
                found = found,
                sha256 = receipt.sha256
            )),
            (None, None) => problems.push(t!(
                "evidence-receipt-missing",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference,
                name = receipt.name,
                sha256 = receipt.sha256
            )),
        }
    }
    if !problems.is_empty() {
        let mut missing = t!("evidence-missing-heading");
        missing.push('\n');
        problems.iter().for_each(|p| missing.push_str(&format!("- {p}\n")));
        files.push(("MANQUANTS.txt".into(), missing.into_bytes()));
    }
    let mut manifest =
        String::from("# SHA-256  file  (cercle evidence; check with: sha256sum -c MANIFEST.sha256)\n");
    for (name, bytes) in &files {
        use sha2::Digest as _;
        let digest: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        manifest.push_str(&format!("{digest}  {name}\n"));
    }
    files.insert(0, ("MANIFEST.sha256".into(), manifest.into_bytes()));
    write_zip(&args.out, &files, statement.head.date)?;
    let receipts = files.iter().filter(|(n, _)| n.starts_with("justificatifs/")).count();
    let plural = |n: usize| if n == 1 { "one" } else { "other" };
    let message = t!(
        "evidence-written",
        path = args.out.display(),
        agreement = statement.agreement.reference,
        lines = statement.totals.lines,
        lines_plural = plural(statement.totals.lines),
        eligible = euros(statement.totals.eligible),
        receipts = receipts,
        receipts_plural = plural(receipts)
    );
    if problems.is_empty() {
        note(&message);
        return Ok(());
    }
    Err(Audit::EvidenceIncomplete { problems, written: message }.into())
}

/// Write `files` into a zip at `out`, every file dated `date` (so that the same ledger gives
/// the same bytes): built in memory, written to a synced temporary file beside `out`, renamed
/// into place and the folder synced, so that "Wrote" is true once said.
fn write_zip(out: &Path, files: &[(String, Vec<u8>)], date: NaiveDate) -> Result<()> {
    use chrono::Datelike as _;
    let fail = |e: &dyn std::fmt::Display| Error::from(Io::unwritable(out, e));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let year = u16::try_from(date.year()).unwrap_or(1980).clamp(1980, 2107);
    let stamp = zip::DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, 0, 0, 0)
        .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let bytes = zip.finish().map_err(|e| fail(&e))?.into_inner();
    crate::files::replace_file(out, &bytes)
}
