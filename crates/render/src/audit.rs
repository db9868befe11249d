//! The region's audit (`cercle audit PATH...`): every circle as verified (or why not), the
//! region's totals, funders and payouts per role, and the findings of [`crate::findings`].
//!
//! The caller verifies (that is I/O and the core's job) and hands in one [`CircleAudit`] per
//! source; [`audit`] adds up and looks for findings. [`AuditReport`] serializes to the shape of
//! `cli.md`: `{"circles": [...], "totals": {...}, "funders": [...], "roles": [...], "findings": [...]}`,
//! where each circle is its report (as `cercle report --json`) plus `"source"`, `"verified"`
//! and `"problems"`; a circle that failed verification ([`CircleAudit::failed`]) has only those
//! three fields (if the caller still hands in a report, e.g. a ledger that verifies but lost a
//! checkpoint, it is shown, never counted).
//!
//! **Invariant:** region totals, funders and roles add up verified circles only: a number
//! that failed verification is never mixed into the region's books (such circles are still
//! listed, with their problems, and make [`AuditReport::verified_all`] false).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use cercle_core::{Euros, Report, Role, RoleReport, TotalsReport};

use crate::findings::{findings, Finding, FindingLimits};
use crate::table::{clean, euros_fr, section, Align, Grid};
use crate::RenderError;

pub use crate::findings::Severity;

/// Options of an audit.
pub type AuditOptions = FindingLimits;

/// One circle handed to the audit: where it came from, its report if it could be read, and
/// what failed verification (empty when it verified).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleAudit {
    /// The ledger directory or export file it was read from.
    pub source: String,
    /// The report, when the ledger could be replayed.
    pub report: Option<Report>,
    /// Why verification failed (signature, chain, a rule, a missing checkpoint…); empty if it verified.
    pub problems: Vec<String>,
}

impl CircleAudit {
    /// A circle that verified.
    pub fn verified(source: impl Into<String>, report: Report) -> CircleAudit {
        CircleAudit { source: source.into(), report: Some(report), problems: Vec::new() }
    }

    /// A circle that failed verification, with the reason.
    pub fn failed(source: impl Into<String>, problem: impl Into<String>) -> CircleAudit {
        CircleAudit { source: source.into(), report: None, problems: vec![problem.into()] }
    }

    /// Whether it verified: a report and no problem.
    pub fn is_verified(&self) -> bool {
        self.report.is_some() && self.problems.is_empty()
    }
}

/// One circle in the audit's output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CircleEntry {
    /// Where it was read from.
    pub source: String,
    /// Whether it verified.
    pub verified: bool,
    /// Why not.
    pub problems: Vec<String>,
    /// Its report (the fields of `cercle report --json`), absent if it did not verify.
    #[serde(flatten)]
    pub report: Option<Report>,
}

/// Funds from one source, across the region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegionFunder {
    /// The source, as written in the circles' ledgers.
    pub source: String,
    /// Received from it, all verified circles together.
    pub received: Euros,
    /// How many circles received from it.
    pub circles: u32,
}

/// The audit of a region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Every circle, in the order given.
    pub circles: Vec<CircleEntry>,
    /// The verified circles' books added up.
    pub totals: TotalsReport,
    /// Funds per source, by source.
    pub funders: Vec<RegionFunder>,
    /// Members and retributions per role.
    pub roles: Vec<RoleReport>,
    /// Findings, circle by circle.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// Whether every circle verified (`cercle audit` exits 1 otherwise).
    pub fn verified_all(&self) -> bool {
        self.circles.iter().all(|c| c.verified)
    }
}

/// The audit of `circles` with the default limits.
pub fn audit(circles: Vec<CircleAudit>) -> AuditReport {
    audit_with(circles, &AuditOptions::default())
}

/// The audit of `circles` with the given limits.
pub fn audit_with(circles: Vec<CircleAudit>, options: &AuditOptions) -> AuditReport {
    let mut totals = TotalsReport::default();
    let mut funders: BTreeMap<String, (Euros, u32)> = BTreeMap::new();
    let mut roles: Vec<RoleReport> =
        Role::ALL.iter().map(|role| RoleReport { role: *role, members: 0, paid: Euros::ZERO }).collect();
    let mut found = Vec::new();
    let mut entries = Vec::with_capacity(circles.len());
    for circle in circles {
        let verified = circle.is_verified();
        if let (true, Some(report)) = (verified, &circle.report) {
            add_totals(&mut totals, &report.totals);
            for funder in &report.funders {
                let sum = funders.entry(funder.source.clone()).or_insert((Euros::ZERO, 0));
                *sum = (add(sum.0, funder.received), sum.1 + 1);
            }
            for (region, circle_role) in roles.iter_mut().zip(&report.roles) {
                debug_assert_eq!(region.role, circle_role.role);
                region.members += circle_role.members;
                region.paid = add(region.paid, circle_role.paid);
            }
            found.extend(
                findings(report, options)
                    .into_iter()
                    .map(|f| Finding { source: Some(circle.source.clone()), ..f }),
            );
        }
        entries.push(CircleEntry {
            source: circle.source,
            verified,
            problems: circle.problems,
            report: circle.report,
        });
    }
    let funders = funders
        .into_iter()
        .map(|(source, (received, circles))| RegionFunder { source, received, circles })
        .collect();
    AuditReport { circles: entries, totals, funders, roles, findings: found }
}

fn add_totals(region: &mut TotalsReport, circle: &TotalsReport) {
    region.received = add(region.received, circle.received);
    region.committed = add(region.committed, circle.committed);
    region.paid = add(region.paid, circle.paid);
    region.available = add(region.available, circle.available);
}

/// A sum of verified amounts: each is at most 10^9 € and a decimal holds 28 digits, so
/// overflow would need 10^19 circles; saturating keeps the function total anyway.
fn add(a: Euros, b: Euros) -> Euros {
    a.checked_add(b).unwrap_or(Euros::from_cents(u64::MAX))
}

/// The audit as pretty JSON (`cercle audit --format json`).
pub fn audit_json(report: &AuditReport) -> Result<String, RenderError> {
    Ok(serde_json::to_string_pretty(report)?)
}

/// The audit as terminal text: circles, region totals, funders, roles, findings, problems.
pub fn audit_table(report: &AuditReport) -> String {
    let mut out = String::new();
    let verified = report.circles.iter().filter(|c| c.verified).count();
    let _ = writeln!(
        out,
        "Audit of {} circle(s): {verified} verified, {} failed",
        report.circles.len(),
        report.circles.len() - verified
    );
    section(&mut out, "Circles", &circles_grid(report));
    let t = &report.totals;
    let mut grid = Grid::new(&[("", Align::Left), ("", Align::Right)]);
    grid.row(vec!["received".into(), euros_fr(t.received)]);
    grid.row(vec!["committed".into(), euros_fr(t.committed)]);
    grid.row(vec!["paid".into(), euros_fr(t.paid)]);
    grid.row(vec!["available".into(), euros_fr(t.available)]);
    section(&mut out, "Region totals (verified circles)", &grid.without_header());
    let mut grid =
        Grid::new(&[("source", Align::Left), ("circles", Align::Right), ("received", Align::Right)]);
    for funder in &report.funders {
        grid.row(vec![clean(&funder.source), funder.circles.to_string(), euros_fr(funder.received)]);
    }
    section(&mut out, "Funders", &grid.render());
    let mut grid = Grid::new(&[("role", Align::Left), ("members", Align::Right), ("paid", Align::Right)]);
    for role in &report.roles {
        grid.row(vec![role.role.to_string(), role.members.to_string(), euros_fr(role.paid)]);
    }
    section(&mut out, "Roles", &grid.render());
    let mut grid = Grid::new(&[
        ("circle", Align::Left),
        ("severity", Align::Left),
        ("entry", Align::Left),
        ("message", Align::Left),
    ]);
    for f in &report.findings {
        grid.row(vec![
            clean(&f.circle),
            f.severity.as_str().into(),
            f.entry.clone().unwrap_or_default(),
            clean(&f.message),
        ]);
    }
    section(&mut out, "Findings", &grid.render());
    let mut grid = Grid::new(&[("source", Align::Left), ("problem", Align::Left)]);
    for circle in &report.circles {
        for problem in &circle.problems {
            grid.row(vec![clean(&circle.source), clean(problem)]);
        }
    }
    section(&mut out, "Problems", &grid.render());
    out
}

fn circles_grid(report: &AuditReport) -> String {
    let mut grid = Grid::new(&[
        ("source", Align::Left),
        ("circle", Align::Left),
        ("verified", Align::Left),
        ("head", Align::Right),
        ("received", Align::Right),
        ("committed", Align::Right),
        ("paid", Align::Right),
        ("available", Align::Right),
        ("findings", Align::Right),
    ]);
    for circle in &report.circles {
        let verified = if circle.verified { "yes" } else { "NO" };
        let mut row = vec![clean(&circle.source), String::new(), verified.into()];
        if let Some(r) = &circle.report {
            let count = report
                .findings
                .iter()
                .filter(|f| f.source.as_deref() == Some(circle.source.as_str()))
                .count();
            row[1] = clean(&r.circle.name);
            row.extend([
                format!("#{}", r.head.seq),
                euros_fr(r.totals.received),
                euros_fr(r.totals.committed),
                euros_fr(r.totals.paid),
                euros_fr(r.totals.available),
                count.to_string(),
            ]);
        }
        grid.row(row);
    }
    grid.render()
}

/// The audit as CSV (`cercle audit --format csv`): one header, then one `circle` row per
/// circle, one `total` row (verified circles), and one `finding` row per finding.
///
/// Columns: `record,source,circle,verified,head_seq,head_date,received,committed,paid,available,severity,kind,entry,message`.
/// Amounts are plain `1234.50`; cells that do not apply to a record are empty; a circle that
/// failed verification has its problems, joined by `; `, in `message`.
pub fn audit_csv(report: &AuditReport) -> Result<String, RenderError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let csv = |e: ::csv::Error| RenderError::Csv(e.to_string());
    writer
        .write_record([
            "record",
            "source",
            "circle",
            "verified",
            "head_seq",
            "head_date",
            "received",
            "committed",
            "paid",
            "available",
            "severity",
            "kind",
            "entry",
            "message",
        ])
        .map_err(csv)?;
    for circle in &report.circles {
        let mut row = vec!["circle".to_string(), circle.source.clone()];
        match &circle.report {
            Some(r) => row.extend([
                r.circle.name.clone(),
                circle.verified.to_string(),
                r.head.seq.to_string(),
                r.head.date.to_string(),
                r.totals.received.to_string(),
                r.totals.committed.to_string(),
                r.totals.paid.to_string(),
                r.totals.available.to_string(),
            ]),
            None => row.extend([
                String::new(),
                circle.verified.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]),
        }
        row.extend([String::new(), String::new(), String::new(), circle.problems.join("; ")]);
        writer.write_record(&row).map_err(csv)?;
    }
    let t = &report.totals;
    let totals = [
        "total",
        "",
        "",
        "",
        "",
        "",
        &t.received.to_string(),
        &t.committed.to_string(),
        &t.paid.to_string(),
        &t.available.to_string(),
        "",
        "",
        "",
        "",
    ]
    .map(str::to_string);
    writer.write_record(&totals).map_err(csv)?;
    for f in &report.findings {
        let row = [
            "finding",
            f.source.as_deref().unwrap_or(""),
            &f.circle,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            f.severity.as_str(),
            f.kind.as_str(),
            f.entry.as_deref().unwrap_or(""),
            &f.message,
        ];
        writer.write_record(row).map_err(csv)?;
    }
    crate::csv::finish(writer)
}
