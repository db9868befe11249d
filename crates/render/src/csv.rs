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
//! sign; cells that do not apply are empty. Quoting is the `csv` crate's (RFC 4180).
//!
//! **The French form** ([`CsvStyle::French`], `--format csv-fr`) is what a French LibreOffice
//! or Excel opens by a double click: `;` between cells, a decimal comma in amounts (`1234,50`),
//! and a UTF-8 byte-order mark first, so that `Région` is not read as `RÃ©gion`. Its headings are French
//! ([`report_columns`]: `cercle`, `nature`, `montant`…), since people read it; the standard form keeps
//! the column names above, which programs rely on. Dates stay
//! ISO (`2024-05-14`), which both read as dates.
//!
//! **Formula injection.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
//! (some also a tab or a carriage return) as a formula, and the free text of a ledger (a
//! title, a purpose, a funder's source, a supplier…) is written by whoever holds a member's
//! key. So, as [OWASP advises](https://owasp.org/www-community/attacks/CSV_Injection), every
//! free-text cell ([`Cell::Text`]: `circle`, `party`, `description` here; `source`, `circle`,
//! `message` in the audit's CSV) that starts with one of `=` `+` `-` `@` TAB CR gets a single
//! quote `'` in front ([`neutralise`]), then is quoted as usual. The cells cercle formats
//! itself ([`Cell::Value`]: amounts, dates, ids, counts, fixed words) are written as they are,
//! so they stay numbers and dates; which is which is decided by the column, never by looking
//! at the value.

use std::borrow::Cow;

use cercle_core::{Euros, ProposalReport, Report};

use crate::i18n::Lang;
use crate::words::Words;
use crate::RenderError;

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A free-text cell made safe for a spreadsheet: `'` in front if it starts with one of
/// [`FORMULA_TRIGGERS`], unchanged otherwise.
///
/// ```
/// use cercle_render::csv::neutralise;
/// assert_eq!(neutralise("=1+1"), "'=1+1");
/// assert_eq!(neutralise("Forum des tiers-lieux"), "Forum des tiers-lieux");
/// ```
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One CSV cell; its variant is its column's type, which decides whether it is neutralised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Free text that came from a ledger entry or the command line (a name, a title, a
    /// purpose, a source, a supplier, a path, a message quoting them): [`neutralise`]d.
    Text(&'a str),
    /// A value cercle formats itself: a date, an id (`P3`), a count, a boolean, a fixed word
    /// (`proposal`), a header. Written as it is.
    Value(&'a str),
    /// An amount as cercle formats it (`1234.50`): in the French form, with a decimal comma.
    Amount(&'a str),
}

/// Which CSV: the standard one (`,`, decimal dot) or the French one (`;`, decimal comma, BOM).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvStyle {
    /// RFC 4180 with `,` and amounts with a dot: what scripts and most tools read.
    #[default]
    Standard,
    /// `;`, amounts with a decimal comma, a UTF-8 byte-order mark: what a French spreadsheet
    /// opens as it is.
    French,
}

impl Cell<'_> {
    /// The characters written for this cell in the standard form, before RFC 4180 quoting.
    pub fn content(&self) -> Cow<'_, str> {
        self.styled(CsvStyle::Standard)
    }

    /// The characters written for this cell in `style`, before quoting.
    pub fn styled(&self, style: CsvStyle) -> Cow<'_, str> {
        match *self {
            Cell::Text(text) => neutralise(text),
            Cell::Value(value) => Cow::Borrowed(value),
            Cell::Amount(amount) if style == CsvStyle::French => Cow::Owned(amount.replace('.', ",")),
            Cell::Amount(amount) => Cow::Borrowed(amount),
        }
    }
}

/// Every CSV cercle writes goes through this writer: RFC 4180 (the `csv` crate: `,`, fields
/// quoted when they hold `,` `"` CR or LF, quotes doubled, LF line ends), each cell written
/// as its [`Cell`] says.
pub struct CsvWriter {
    inner: ::csv::Writer<Vec<u8>>,
    style: CsvStyle,
}

impl Default for CsvWriter {
    fn default() -> CsvWriter {
        CsvWriter::new()
    }
}

impl CsvWriter {
    /// A writer into memory, of the standard form.
    pub fn new() -> CsvWriter {
        CsvWriter::styled(CsvStyle::Standard)
    }

    /// A writer into memory, of `style`.
    pub fn styled(style: CsvStyle) -> CsvWriter {
        let delimiter = match style {
            CsvStyle::Standard => b',',
            CsvStyle::French => b';',
        };
        let inner = ::csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        CsvWriter { inner, style }
    }

    /// Writes a header row: column names are cercle's own words.
    pub fn header(&mut self, names: &[&str]) -> Result<(), RenderError> {
        self.row(names.iter().map(|name| Cell::Value(name)))
    }

    /// Writes one row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> Result<(), RenderError> {
        for cell in cells {
            self.inner.write_field(cell.styled(self.style).as_bytes()).map_err(csv_error)?;
        }
        self.inner.write_record(None::<&[u8]>).map_err(csv_error)
    }

    /// The text written.
    pub fn finish(self) -> Result<String, RenderError> {
        let bytes = self.inner.into_inner().map_err(|e| RenderError::Csv(e.to_string()))?;
        // Every cell was a Rust `str`, so the bytes are UTF-8.
        let text = String::from_utf8(bytes).map_err(|e| RenderError::Csv(e.to_string()))?;
        Ok(match self.style {
            CsvStyle::Standard => text,
            CsvStyle::French => format!("\u{FEFF}{text}"),
        })
    }
}

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
    report_csv_styled(report, CsvStyle::Standard)
}

/// The columns in `lang`, in the order of [`REPORT_COLUMNS`] (French: the headings of
/// `--format csv-fr`).
///
/// ```
/// use cercle_render::csv::report_columns;
/// use cercle_render::i18n::Lang;
/// assert_eq!(report_columns(Lang::En)[11], "paid");
/// assert_eq!(report_columns(Lang::Fr)[11], "versé");
/// ```
pub fn report_columns(lang: Lang) -> Vec<String> {
    let w = Words::of(lang);
    REPORT_COLUMNS.iter().map(|c| w.t(&format!("csv-report-{c}"))).collect()
}

/// One circle's report as CSV of `style`: the standard form (for programs) has English
/// headings and cercle's own words as values (`funder`, `adopted`), the French form (for
/// people, in a French spreadsheet) French ones (`financeur`, `adoptée`), with a decimal comma.
pub fn report_csv_styled(report: &Report, style: CsvStyle) -> Result<String, RenderError> {
    let mut writer = CsvWriter::styled(style);
    match style {
        CsvStyle::Standard => writer.header(&REPORT_COLUMNS)?,
        CsvStyle::French => {
            let columns = report_columns(Lang::Fr);
            writer.header(&columns.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
    }
    for mut row in rows(report) {
        if style == CsvStyle::French {
            row.in_words(Words::of(Lang::Fr));
        }
        writer.row(row.cells())?;
    }
    writer.finish()
}

#[derive(Default)]
struct Row {
    circle: String,
    record: String,
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
    /// The words of cercle's own (the record, status and kind) said in `words`' language.
    fn in_words(&mut self, words: Words) {
        for value in [&mut self.record, &mut self.status, &mut self.kind] {
            if !value.is_empty() {
                *value = words.word(value);
            }
        }
    }

    /// The cells, typed by column: the circle's name, the party and the description are free
    /// text; everything else is formatted by cercle.
    fn cells(&self) -> [Cell<'_>; 14] {
        [
            Cell::Text(&self.circle),
            Cell::Value(&self.record),
            Cell::Value(&self.id),
            Cell::Value(&self.action),
            Cell::Value(&self.status),
            Cell::Value(&self.kind),
            Cell::Text(&self.party),
            Cell::Text(&self.description),
            Cell::Value(&self.date),
            Cell::Amount(&self.amount),
            Cell::Amount(&self.committed),
            Cell::Amount(&self.paid),
            Cell::Amount(&self.released),
            Cell::Amount(&self.available),
        ]
    }
}
fn rows(report: &Report) -> Vec<Row> {
    let circle = &report.circle.name;
    let t = &report.totals;
    let mut rows = vec![Row {
        circle: circle.clone(),
        record: "total".into(),
        date: report.head.date.to_string(),
        amount: t.received.to_string(),
        committed: t.committed.to_string(),
        paid: t.paid.to_string(),
        available: t.available.to_string(),
        ..Row::default()
    }];
    rows.extend(report.funders.iter().map(|f| Row {
        circle: circle.clone(),
        record: "funder".into(),
        party: f.source.clone(),
        amount: f.received.to_string(),
        ..Row::default()
    }));
    rows.extend(report.actions.iter().map(|a| Row {
        circle: circle.clone(),
        record: "action".into(),
        id: a.id.to_string(),
        status: "adopted".into(),
        kind: "action".into(),
        description: a.title.clone(),
        amount: a.envelope.to_string(),
        committed: a.committed.to_string(),
        paid: a.paid.to_string(),
        available: a.remaining().to_string(),
        ..Row::default()
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
        record: "proposal".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_french_form_has_semicolons_decimal_commas_and_a_bom() {
        let mut writer = CsvWriter::styled(CsvStyle::French);
        writer.header(&["party", "amount", "date"]).unwrap();
        writer
            .row([Cell::Text("Région; Hauts-de-France"), Cell::Amount("1234.50"), Cell::Value("2024-05-14")])
            .unwrap();
        writer.row([Cell::Text("=HYPERLINK(1)"), Cell::Amount("0.05"), Cell::Value("")]).unwrap();
        assert_eq!(
            writer.finish().unwrap(),
            "\u{FEFF}party;amount;date\n\"Région; Hauts-de-France\";1234,50;2024-05-14\n'=HYPERLINK(1);0,05;\n"
        );
        let mut standard = CsvWriter::new();
        standard.row([Cell::Amount("1234.50")]).unwrap();
        assert_eq!(standard.finish().unwrap(), "1234.50\n");
    }

    #[test]
    fn the_french_form_says_cercles_words_in_french() {
        let mut row = Row {
            record: "proposal".into(),
            status: "rejected".into(),
            kind: "retribution".into(),
            party: "funder".into(),
            ..Row::default()
        };
        row.in_words(Words::of(Lang::Fr));
        assert_eq!(
            (row.record.as_str(), row.status.as_str(), row.kind.as_str()),
            ("proposition", "rejetée", "rétribution")
        );
        assert_eq!(row.party, "funder", "free text stays as written");
        let mut english = Row { record: "funder".into(), ..Row::default() };
        english.in_words(Words::of(Lang::En));
        assert_eq!(english.record, "funder");
    }
}
