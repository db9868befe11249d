//! `cercle report`: the budget report, as the books stand or over a period.

use cercle_core::Report;
use cercle_render::csv::CsvStyle;

use crate::args::{ReportArgs, ReportFormat};
use crate::context::{open, report_of, Context};
use crate::error::{Audit, Result, Usage};
use crate::output::write_to;

pub fn report(ctx: &Context, args: ReportArgs) -> Result<()> {
    let store = open(ctx)?;
    let as_of = args.as_of.as_deref().map(crate::context::parse_date).transpose()?;
    let from = args.from.as_deref().map(crate::context::parse_date).transpose()?;
    let to = ctx.period_to.as_deref().map(crate::context::parse_date).transpose()?;
    if as_of.is_some() && to.is_some() {
        return Err(Usage::AsOfAndTo.into());
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(Audit::PeriodReversed { from, to }.into());
        }
    }
    if as_of.is_some() || from.is_some() || to.is_some() {
        let mut replay = cercle_core::Replay::new(from, as_of.or(to), from.is_some() || to.is_some());
        for entry in store.entries() {
            let entry = entry?;
            let seq = entry.entry().seq;
            let more = replay.push(&entry).map_err(|error| Audit::NoReplay { seq, error })?;
            if !more {
                break;
            }
        }
        let report = replay.finish().ok_or(Audit::BeforeCircle { day: as_of.or(to) })?;
        return write_report(args, ctx, &report);
    }
    let ledger = store.full_ledger()?;
    let mut report = report_of(&ledger)?;
    if ledger.agreements().next().is_some() {
        let mut payouts = cercle_core::statement::Payouts::new();
        for entry in store.entries() {
            payouts.observe(&entry?);
        }
        report = report.with_agreements(&ledger, &payouts);
    }
    write_report(args, ctx, &report)
}

fn write_report(args: ReportArgs, ctx: &Context, report: &Report) -> Result<()> {
    let format = args.format.unwrap_or(if ctx.json { ReportFormat::Json } else { ReportFormat::Table });
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(report).map_err(Audit::json)?,
        ReportFormat::Table => cercle_render::table::report_table(report, crate::lang::lang()),
        ReportFormat::Csv | ReportFormat::CsvFr => {
            let style = if format == ReportFormat::CsvFr { CsvStyle::French } else { CsvStyle::Standard };
            cercle_render::csv::report_csv_styled(report, style).map_err(Audit::render)?
        }
        ReportFormat::Html => cercle_render::html::report_html(report, crate::lang::lang()),
    };
    write_to(args.out.as_deref(), &text)
}
