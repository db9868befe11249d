//! `cercle report --format csv`: one flat table a funder's spreadsheet can filter and sum.
//!
//! One header row, then one row per record; the `record` column says what a row is. Every
//! row carries the circle's name, so the CSVs of several circles concatenate (drop the repeated
//! headers) into one regional sheet.
//!
//! | column | meaning |
//! |---|---|
//! | `circle` | the circle's name |
//! | `record` | `total`, `funder`, `action` or `proposal` |
//! | `id` | `A1` for an action, `P3` for a proposal; empty otherwise |
//! | `action` | the action a spend line spends on, or an adopted action proposal became |
//! | `status` | a proposal's status (`pending`, `adopted`, `rejected`, `withdrawn`, `closed`) |
//! | `kind` | a proposal's kind: `action`, `retribution` (pays a member) or `expense` (pays a supplier) |
//! | `party` | a funder's source; a spend line's payee (member) or supplier |
//! | `description` | an action's title; a spend line's purpose |
//! | `date` | when a proposal was decided (its meeting's date), else when it was proposed |
//! | `amount` | `total`: received; `funder`: received; `action`: envelope; `proposal`: amount asked (envelope for an action proposal) |
//! | `committed` | `total` and `action`: committed; `proposal`: what an adopted spend line still commits |
//! | `paid` | paid (total, action, spend line) |
//! | `released` | a closed spend line's released remainder |
//! | `available` | `total`: available funds; `action`: what is left in the envelope |
//!
//! Amounts are plain decimal strings with two decimals and a dot (`1234.50`), no currency
//! sign, so that every spreadsheet reads them as numbers whatever its locale's import
//! settings; cells that do not apply are empty. Quoting is the `csv` crate's (RFC 4180).

use cercle_core::{Euros, ProposalReport, Report};

use crate::RenderError;

/// The columns, in order.
pub const REPORT_COLUMNS: [&str; 14] = [
    "circle",
    "record",
    "id",
    "action",
    "status",
    "kind",
    "party",
    "description",
    "date",
    "amount",
    "committed",
    "paid",
    "released",
    "available",
];

/// One circle's report as CSV (see the module doc for the columns).
pub fn report_csv(report: &Report) -> Result<String, RenderError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(REPORT_COLUMNS).map_err(csv_error)?;
    for row in rows(report) {
        writer.write_record(row.cells()).map_err(csv_error)?;
    }
    finish(writer)
}

#[derive(Default)]
struct Row {
    circle: String,
    record: &'static str,
    id: String,
    action: String,
    status: String,
    kind: String,
    party: String,
    description: String,
    date: String,
    amount: String,
    committed: String,
    paid: String,
    released: String,
    available: String,
}

impl Row {
    fn cells(self) -> [String; 14] {
        [
            self.circle,
            self.record.to_string(),
            self.id,
            self.action,
            self.status,
            self.kind,
            self.party,
            self.description,
            self.date,
            self.amount,
            self.committed,
            self.paid,
            self.released,
            self.available,
        ]
    }
}

fn rows(report: &Report) -> Vec<Row> {
    let circle = &report.circle.name;
    let t = &report.totals;
    let mut rows = vec![Row {
        circle: circle.clone(),
        record: "total",
        date: report.head.date.to_string(),
        amount: t.received.to_string(),
        committed: t.committed.to_string(),
        paid: t.paid.to_string(),
        available: t.available.to_string(),
        ..Row::default()
    }];
    rows.extend(report.funders.iter().map(|f| Row {
        circle: circle.clone(),
        record: "funder",
        party: f.source.clone(),
        amount: f.received.to_string(),
        ..Row::default()
    }));
    rows.extend(report.actions.iter().map(|a| {
        let used = a.committed.checked_add(a.paid).unwrap_or(a.envelope);
        Row {
            circle: circle.clone(),
            record: "action",
            id: a.id.to_string(),
            status: "adopted".into(),
            kind: "action".into(),
            description: a.title.clone(),
            amount: a.envelope.to_string(),
            committed: a.committed.to_string(),
            paid: a.paid.to_string(),
            available: a.envelope.saturating_sub(used).to_string(),
            ..Row::default()
        }
    }));
    rows.extend(report.proposals.iter().map(|p| proposal_row(circle, p)));
    rows
}

fn proposal_row(circle: &str, p: &ProposalReport) -> Row {
    let is_spend = p.kind == "spend";
    let committed = if p.status == "adopted" && is_spend {
        p.amount.saturating_sub(p.paid).saturating_sub(p.released)
    } else {
        Euros::ZERO
    };
    let amount_if = |show: bool, amount: Euros| if show { amount.to_string() } else { String::new() };
    Row {
        circle: circle.to_string(),
        record: "proposal",
        id: p.id.to_string(),
        action: p.action.map(|a| a.to_string()).unwrap_or_default(),
        status: p.status.to_string(),
        kind: p.spend_kind.unwrap_or(p.kind).to_string(),
        party: p.payee.clone().or_else(|| p.supplier.clone()).unwrap_or_default(),
        description: p.purpose.clone().or_else(|| p.title.clone()).unwrap_or_default(),
        date: p.decided.unwrap_or(p.proposed).to_string(),
        amount: p.amount.to_string(),
        committed: amount_if(is_spend, committed),
        paid: amount_if(is_spend, p.paid),
        released: amount_if(is_spend, p.released),
        available: String::new(),
    }
}

fn csv_error(error: ::csv::Error) -> RenderError {
    RenderError::Csv(error.to_string())
}

/// The text a CSV writer over a `Vec<u8>` wrote.
pub(crate) fn finish(writer: ::csv::Writer<Vec<u8>>) -> Result<String, RenderError> {
    let bytes = writer.into_inner().map_err(|e| RenderError::Csv(e.to_string()))?;
    // Every cell was a Rust `String`, so the bytes are UTF-8.
    String::from_utf8(bytes).map_err(|e| RenderError::Csv(e.to_string()))
}
