//! `cercle statement`: the expense statement of one agreement.

use cercle_core::statement::{Payouts, Statement};
use cercle_core::Ledger;
use cercle_render::csv::CsvStyle;
use chrono::NaiveDate;

use crate::args::{ReportFormat, StatementArgs};
use crate::context::{parse_date, Context};
use crate::error::{Audit, Result};
use crate::output::write_to;

/// `cercle statement`.
pub fn statement(ctx: &Context, args: StatementArgs) -> Result<()> {
    let statement = build(ctx, &args.agreement, args.from.as_ref(), ctx.period_to.as_ref())?;
    let format = args.format.unwrap_or(if ctx.json { ReportFormat::Json } else { ReportFormat::Table });
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&statement).map_err(Audit::json)?,
        ReportFormat::Table => cercle_render::statement::statement_table(&statement, crate::lang::lang()),
        ReportFormat::Csv => cercle_render::statement::statement_csv(&statement, CsvStyle::Standard),
        ReportFormat::CsvFr => cercle_render::statement::statement_csv(&statement, CsvStyle::French),
        ReportFormat::Html => cercle_render::statement::statement_html(&statement, crate::lang::lang()),
    };
    write_to(args.out.as_deref(), &text)
}

fn period(from: Option<&String>, to: Option<&String>) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    Ok((from.map(|d| parse_date(d)).transpose()?, to.map(|d| parse_date(d)).transpose()?))
}

pub(crate) fn build(
    ctx: &Context,
    reference: &str,
    from: Option<&String>,
    to: Option<&String>,
) -> Result<Statement> {
    let (from, to) = period(from, to)?;
    let (ledger, payouts) = full(ctx)?;
    Ok(Statement::build(&ledger, &payouts, reference, from, to)
        .map_err(|e| Audit::Statement { error: e.to_string() })?)
}

pub(crate) fn full(ctx: &Context) -> Result<(Ledger, Payouts)> {
    let store = crate::context::open(ctx)?;
    let ledger = store.full_ledger()?;
    let mut payouts = Payouts::new();
    if ledger.agreements().next().is_some() {
        for entry in store.entries() {
            payouts.observe(&entry?);
        }
    }
    Ok((ledger, payouts))
}
