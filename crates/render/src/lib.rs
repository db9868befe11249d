//! # cercle-render
//!
//! What people read: the budget report of one circle ([`cercle_core::Report`]) as a terminal
//! table ([`table`]), a flat CSV for a funder's spreadsheet ([`csv`]), an hledger journal
//! ([`hledger`]), one self-contained HTML page with charts ([`html`]); and the region's audit
//! ([`audit`]): many circles, their totals and the findings an auditor wants to see.
//!
//! **Architecture invariants:**
//! - no rule lives here: every number comes from a [`cercle_core::Report`] or from replaying
//!   entries through [`cercle_core::Ledger::append`], the very code that enforces the rules;
//! - no I/O: every renderer returns a `String`; the command line writes it where asked;
//! - deterministic: output depends only on its input (no wall clock, no environment, no hash
//!   map order); "as of" dates are the circle's head date;
//! - no float touches money: amounts stay [`cercle_core::Euros`]; chart geometry is integer
//!   arithmetic on cents.

#![forbid(unsafe_code)]

pub mod audit;
pub mod csv;
pub mod errors;
pub mod findings;
pub mod hledger;
pub mod html;
pub mod i18n;
pub mod statement;
pub mod table;

mod svg;
pub mod words;

pub use audit::{
    audit, audit_csv, audit_json, audit_table, audit_with, AuditOptions, AuditReport, CircleAudit,
    CircleEntry, RegionFunder,
};
pub use csv::report_csv;
pub use findings::{findings, Finding, FindingKind, FindingLimits, Severity};
pub use hledger::hledger_journal;
pub use html::{audit_html, report_html};
pub use table::{euros_fr, report_table};

/// Why a renderer could not produce its output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// An entry could not be replayed (the entries are not a valid ledger).
    #[error("entry {seq} breaks a rule: {rule}")]
    Replay {
        /// Its sequence number.
        seq: u64,
        /// The rule it breaks.
        rule: cercle_core::RuleError,
    },
    /// There was no entry to replay.
    #[error("no entry: the ledger is empty")]
    Empty,
    /// The CSV writer failed.
    #[error("could not write CSV: {0}")]
    Csv(String),
    /// JSON serialization failed.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}
