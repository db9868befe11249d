//! The region's audit (`cercle audit PATH...`): every circle as verified (or why not), the
//! region's totals, funders and payouts per role, and the findings of [`mod@crate::findings`].
//!
//! The caller verifies (that is I/O and the core's job) and hands in one [`CircleAudit`] per
//! source; [`audit`] adds up and looks for findings. [`AuditReport`] serializes to the shape of
//! `cli.md`: `{"circles": [...], "totals": {...}, "funders": [...], "roles": [...], "findings": [...]}`,
//! where each circle is its report (as `cercle report --json`) plus `"source"`, `"verified"`,
//! `"problems"` and `"checkpoint_notes"` (the notes checked against it, [`NoteCheck`]); a circle
//! that failed verification ([`CircleAudit::failed`]) has only those four fields (if the caller
//! still hands in a report, e.g. a ledger that verifies but lost a checkpoint, it is shown, never
//! counted). Beside the circles, [`audit_region`] is told what else the audit was given
//! ([`RegionInputs`]): the notes directory, with the notes that matched no circle, and the
//! witness, with the witnessed circles missing from the audit; both are in the report
//! (`"checkpoint_notes"`, `"witness"`) and give findings about the region.
//!
//! **Invariant:** region totals, funders and roles add up verified circles only: a number
//! that failed verification is never mixed into the region's books (such circles are still
//! listed, with their problems, and make [`AuditReport::verified_all`] false).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use chrono::{DateTime, Utc};

use cercle_core::{Euros, PayoutReport, Report, Role, RoleReport, TotalsReport};

use crate::findings::{findings_noted, text, Arg, Finding, FindingKind, FindingLimits, NotedHead, Said};
use crate::i18n::Lang;
use crate::table::{clean, euros_fr, section_in, Align, Grid};
use crate::words::Words;
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
    /// The checkpoint notes given that are for this circle, as checked.
    pub notes: Vec<NoteCheck>,
    /// Its payouts, in ledger order, when the caller read them from the verified entries
    /// ([`Report::payout`]); `None` when it did not (the HTML page then says so).
    pub payouts: Option<Vec<PayoutReport>>,
}

impl CircleAudit {
    /// A circle that verified.
    pub fn verified(source: impl Into<String>, report: Report) -> CircleAudit {
        CircleAudit {
            source: source.into(),
            report: Some(report),
            problems: Vec::new(),
            notes: Vec::new(),
            payouts: None,
        }
    }

    /// A circle that failed verification, with the reason.
    pub fn failed(source: impl Into<String>, problem: impl Into<String>) -> CircleAudit {
        CircleAudit {
            source: source.into(),
            report: None,
            problems: vec![problem.into()],
            notes: Vec::new(),
            payouts: None,
        }
    }

    /// The same, with the checkpoint notes that were checked against it.
    pub fn with_notes(self, notes: Vec<NoteCheck>) -> CircleAudit {
        CircleAudit { notes, ..self }
    }

    /// The same, with its payouts, read from its verified entries.
    pub fn with_payouts(self, payouts: Vec<PayoutReport>) -> CircleAudit {
        CircleAudit { payouts: Some(payouts), ..self }
    }

    /// Whether it verified: a report and no problem.
    pub fn is_verified(&self) -> bool {
        self.report.is_some() && self.problems.is_empty()
    }
}

/// A checkpoint note given to the audit, checked against the circle it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteCheck {
    /// The note's file.
    pub file: String,
    /// The seq of the head it signs (`None`: its signature did not verify, so it says nothing).
    pub seq: Option<u64>,
    /// The hash of that head, hex.
    pub hash: Option<String>,
    /// `true`: the ledger holds that head; `false`: it does not, or the note's signature does not
    /// verify; `None`: not checked, the ledger failed verification before that head.
    pub matched: Option<bool>,
}

/// What the audit was given beside the circles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegionInputs {
    /// The notes directory (`--checkpoints DIR`), if one was given.
    pub notes: Option<NotesGiven>,
    /// The witness (`--witness DIR`), if one was given.
    pub witness: Option<WitnessCheck>,
}

/// The notes directory given to the audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotesGiven {
    /// The directory.
    pub dir: String,
    /// How many notes (`*.ckpt`) it holds.
    pub files: usize,
    /// Those that are for no circle of the audit, or could not be read.
    pub unmatched: Vec<UnmatchedNote>,
}

/// A file of the notes directory that matched no circle of the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnmatchedNote {
    /// The file.
    pub file: String,
    /// The circle id (hex) its first line names, if it names one.
    pub circle: Option<String>,
    /// Why it matched no circle, when it names none (not a note, could not be read).
    pub reason: Option<String>,
    /// Whether it could be read at all (an unreadable note is an error: whose it is is unknown).
    pub readable: bool,
}

/// The notes of the audit, in its report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NotesSummary {
    /// Whether a notes directory was given.
    pub given: bool,
    /// That directory.
    pub dir: Option<String>,
    /// How many notes it holds.
    pub notes: usize,
    /// Those that are for no circle of the audit, or could not be read.
    pub unmatched: Vec<UnmatchedNote>,
}

/// What the witness remembers that this audit did not see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WitnessCheck {
    /// The witness directory.
    pub dir: String,
    /// How many records it held before this audit.
    pub records: usize,
    /// Whether `--allow-missing` was given (a missing circle is then only noted).
    pub allow_missing: bool,
    /// The witnessed circles that are not in this audit.
    pub missing: Vec<MissingCircle>,
    /// The records that could not be read, of circles not in this audit.
    pub unreadable: Vec<UnreadableRecord>,
}

/// A witnessed circle that is not in the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingCircle {
    /// Its circle id (the hash of its genesis), hex.
    pub circle: String,
    /// Its name, as the witness recorded it (`None` for an old record it could not read).
    pub name: Option<String>,
    /// Its territory, likewise.
    pub territory: Option<String>,
    /// The head witnessed: seq.
    pub seq: u64,
    /// The head witnessed: hash, hex.
    pub hash: String,
    /// When it was witnessed.
    pub audited_at: DateTime<Utc>,
    /// A circle of the audit with the same name or territory and another genesis.
    pub replaced_by: Option<Replacement>,
}

/// A circle of the audit that took the name or territory of a witnessed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// Where it was read from.
    pub source: String,
    /// Its circle id, hex.
    pub circle: String,
    /// Whether its name is the witnessed circle's.
    pub same_name: bool,
    /// Whether its territory is the witnessed circle's.
    pub same_territory: bool,
}

/// A witness record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnreadableRecord {
    /// The circle id its file name gives, hex.
    pub circle: String,
    /// Why.
    pub problem: String,
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
    /// The checkpoint notes given that are for this circle, as checked (named so beside the
    /// report's own `checkpoints`, the checkpoint entries of the ledger).
    pub checkpoint_notes: Vec<NoteCheck>,
    /// Its report (the fields of `cercle report --json`), absent if it did not verify.
    #[serde(flatten)]
    pub report: Option<Report>,
    /// Its payouts, if they were read ([`CircleAudit::payouts`]); shown by the HTML page
    /// only, so not in the JSON, whose shape is `cli.md`'s.
    #[serde(skip)]
    pub payouts: Option<Vec<PayoutReport>>,
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
    /// Findings, circle by circle, then about the region.
    pub findings: Vec<Finding>,
    /// The notes directory: whether one was given, how many notes, which matched no circle.
    pub checkpoint_notes: NotesSummary,
    /// The witness, if one was given: the witnessed circles missing from the audit.
    pub witness: Option<WitnessCheck>,
}

impl AuditReport {
    /// Whether every circle verified.
    pub fn verified_all(&self) -> bool {
        self.circles.iter().all(|c| c.verified)
    }

    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// Whether every circle verified and no finding is an error (`cercle audit` exits 1
    /// otherwise).
    pub fn passed(&self) -> bool {
        self.verified_all() && self.errors() == 0
    }
}

/// The audit of `circles` with the default limits.
pub fn audit(circles: Vec<CircleAudit>) -> AuditReport {
    audit_with(circles, &AuditOptions::default())
}

/// The audit of `circles` with the given limits, knowing nothing else (no notes directory, no
/// witness).
pub fn audit_with(circles: Vec<CircleAudit>, options: &AuditOptions) -> AuditReport {
    audit_region(circles, RegionInputs::default(), options)
}

/// The audit of `circles`, with what else it was given, and the given limits.
pub fn audit_region(circles: Vec<CircleAudit>, region: RegionInputs, options: &AuditOptions) -> AuditReport {
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
            let noted: Vec<NotedHead<'_>> = circle
                .notes
                .iter()
                .filter(|n| n.matched == Some(true))
                .filter_map(|n| n.seq.map(|seq| NotedHead { seq, file: &n.file }))
                .collect();
            found.extend(
                findings_noted(report, options, &noted)
                    .into_iter()
                    .map(|f| Finding { source: Some(circle.source.clone()), ..f }),
            );
        }
        entries.push(CircleEntry {
            source: circle.source,
            verified,
            problems: circle.problems,
            checkpoint_notes: circle.notes,
            report: circle.report,
            payouts: circle.payouts,
        });
    }
    let funders = funders
        .into_iter()
        .map(|(source, (received, circles))| RegionFunder { source, received, circles })
        .collect();
    let checkpoint_notes = match region.notes {
        Some(given) => {
            found.extend(given.unmatched.iter().map(unmatched_note));
            NotesSummary { given: true, dir: Some(given.dir), notes: given.files, unmatched: given.unmatched }
        }
        None => NotesSummary::default(),
    };
    if let Some(witness) = &region.witness {
        found.extend(witness.missing.iter().map(|m| missing_circle(m, witness.allow_missing)));
        found.extend(witness.unreadable.iter().map(|record| {
            let (message, said) = Said::new(
                "finding-witness-unreadable",
                vec![("problem", text(&record.problem)), ("circle", text(short(&record.circle)))],
            )
            .said();
            Finding {
                circle: String::new(),
                source: None,
                severity: Severity::Error,
                kind: FindingKind::WitnessUnreadable,
                entry: None,
                message,
                said,
            }
        }));
    }
    AuditReport {
        circles: entries,
        totals,
        funders,
        roles,
        findings: found,
        checkpoint_notes,
        witness: region.witness,
    }
}

/// The first 16 hex digits of a circle id, for sentences (the JSON has them all).
fn short(id: &str) -> String {
    match id.get(..16) {
        Some(start) if id.len() > 16 => format!("{start}…"),
        _ => id.to_string(),
    }
}

fn unmatched_note(note: &UnmatchedNote) -> Finding {
    let reason = |default: &'static str| match &note.reason {
        Some(reason) => text(reason),
        None => Arg::Message(default),
    };
    let (severity, kind, said) = match (&note.circle, note.readable) {
        (_, false) => (
            Severity::Error,
            FindingKind::NoteUnreadable,
            Said::new(
                "finding-note-unreadable",
                vec![("file", text(&note.file)), ("reason", reason("finding-unknown-error"))],
            ),
        ),
        (Some(circle), true) => (
            Severity::Warning,
            FindingKind::NoteUnmatched,
            Said::new(
                "finding-note-other-circle",
                vec![("file", text(&note.file)), ("circle", text(short(circle)))],
            ),
        ),
        (None, true) => (
            Severity::Warning,
            FindingKind::NoteUnmatched,
            Said::new(
                "finding-not-a-note",
                vec![("file", text(&note.file)), ("reason", reason("finding-no-circle-line"))],
            ),
        ),
    };
    let (message, said) = said.said();
    Finding { circle: String::new(), source: None, severity, kind, entry: None, message, said }
}

fn missing_circle(missing: &MissingCircle, allow_missing: bool) -> Finding {
    let name = missing.name.clone().unwrap_or_default();
    let id = text(short(&missing.circle));
    let who = match (&missing.name, &missing.territory) {
        (Some(name), Some(territory)) => Said::new(
            "finding-who-name-territory",
            vec![("name", text(name)), ("territory", text(territory)), ("circle", id)],
        ),
        (Some(name), None) => Said::new("finding-who-name", vec![("name", text(name)), ("circle", id)]),
        _ => Said::new("finding-who", vec![("circle", id)]),
    };
    let witnessed = Arg::Said(Box::new(Said::new(
        "finding-witnessed",
        vec![
            ("who", Arg::Said(Box::new(who))),
            ("seq", text(missing.seq)),
            ("at", text(missing.audited_at.format("%Y-%m-%d %H:%M UTC"))),
        ],
    )));
    let entry = Some(format!("#{}", missing.seq));
    if let Some(by) = &missing.replaced_by {
        let same = match (by.same_name, by.same_territory) {
            (true, true) => "finding-same-name-territory",
            (true, false) => "finding-same-name",
            _ => "finding-same-territory",
        };
        let (message, said) = Said::new(
            "finding-circle-replaced",
            vec![
                ("witnessed", witnessed),
                ("source", text(&by.source)),
                ("same", Arg::Message(same)),
                ("circle", text(short(&by.circle))),
            ],
        )
        .said();
        return Finding {
            circle: name,
            source: Some(by.source.clone()),
            severity: Severity::Error,
            kind: FindingKind::CircleReplaced,
            entry,
            message,
            said,
        };
    }
    let (severity, id) = if allow_missing {
        (Severity::Info, "finding-circle-missing-allowed")
    } else {
        (Severity::Error, "finding-circle-missing")
    };
    let (message, said) = Said::new(id, vec![("witnessed", witnessed)]).said();
    Finding { circle: name, source: None, severity, kind: FindingKind::CircleMissing, entry, message, said }
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

/// The audit as terminal text in `lang`: circles, region totals, funders, roles, findings,
/// problems.
pub fn audit_table(report: &AuditReport, lang: Lang) -> String {
    let w = Words::of(lang);
    let mut out = String::new();
    let verified = report.circles.iter().filter(|c| c.verified).count();
    let _ = writeln!(
        out,
        "{}",
        w.f(
            "audit-heading",
            &[
                ("count", &report.circles.len()),
                ("verified", &verified),
                ("failed", &(report.circles.len() - verified))
            ]
        )
    );
    section_in(&mut out, &w.t("audit-section-circles"), &circles_grid(report, w), w);
    notes_section(&mut out, report, w);
    if let Some(witness) = &report.witness {
        witness_section(&mut out, witness, w);
    }
    let t = &report.totals;
    let mut grid = Grid::new(&[("", Align::Left), ("", Align::Right)]);
    grid.row(vec![w.t("report-received"), euros_fr(t.received)]);
    grid.row(vec![w.t("report-committed"), euros_fr(t.committed)]);
    grid.row(vec![w.t("report-paid"), euros_fr(t.paid)]);
    grid.row(vec![w.t("report-available"), euros_fr(t.available)]);
    section_in(&mut out, &w.t("audit-section-totals"), &grid.without_header(), w);
    let mut grid = crate::table::grid(
        w,
        &[("source", Align::Left), ("circles", Align::Right), ("received", Align::Right)],
    );
    for funder in &report.funders {
        grid.row(vec![clean(&funder.source), funder.circles.to_string(), euros_fr(funder.received)]);
    }
    section_in(&mut out, &w.t("report-section-funders"), &grid.render(), w);
    let mut grid =
        crate::table::grid(w, &[("role", Align::Left), ("members", Align::Right), ("paid", Align::Right)]);
    for role in &report.roles {
        grid.row(vec![w.word(role.role.as_str()), role.members.to_string(), euros_fr(role.paid)]);
    }
    section_in(&mut out, &w.t("audit-section-roles"), &grid.render(), w);
    let mut grid = crate::table::grid(
        w,
        &[
            ("circle", Align::Left),
            ("severity", Align::Left),
            ("entry", Align::Left),
            ("message", Align::Left),
        ],
    );
    for f in &report.findings {
        // A finding about a file of the notes or witness directory has no circle.
        let circle = if f.circle.is_empty() { w.t("audit-region") } else { clean(&f.circle) };
        grid.row(vec![
            circle,
            w.word(f.severity.as_str()),
            f.entry.clone().unwrap_or_default(),
            clean(&f.message_in(lang)),
        ]);
    }
    section_in(&mut out, &w.t("audit-section-findings"), &grid.render(), w);
    let mut grid = crate::table::grid(w, &[("origin", Align::Left), ("problem", Align::Left)]);
    for circle in &report.circles {
        for problem in &circle.problems {
            grid.row(vec![clean(&circle.source), clean(problem)]);
        }
    }
    section_in(&mut out, &w.t("audit-section-problems"), &grid.render(), w);
    out
}

/// Which notes were checked against which circle: "no checkpoint notes were given", or the
/// directory's count and one row per note (and per circle with none), then the notes that
/// matched no circle.
fn notes_section(out: &mut String, report: &AuditReport, w: Words) {
    let notes = &report.checkpoint_notes;
    let Some(dir) = notes.dir.as_deref().filter(|_| notes.given) else {
        let _ = writeln!(out, "\n{}", w.t("audit-notes-title"));
        let _ = writeln!(out, "  {}", w.t("audit-notes-none"));
        return;
    };
    let checked: usize = report.circles.iter().map(|c| c.checkpoint_notes.len()).sum();
    let _ = writeln!(
        out,
        "\n{}",
        w.f(
            "audit-notes-summary",
            &[
                ("notes", &notes.notes),
                ("plural", &w.plural(notes.notes)),
                ("dir", &clean(dir)),
                ("checked", &checked),
                ("unmatched", &notes.unmatched.len())
            ]
        )
    );
    let mut grid = crate::table::grid(
        w,
        &[
            ("origin", Align::Left),
            ("circle", Align::Left),
            ("note", Align::Left),
            ("head", Align::Right),
            ("held", Align::Left),
        ],
    );
    for circle in &report.circles {
        let name = circle.report.as_ref().map(|r| clean(&r.circle.name)).unwrap_or_default();
        if circle.checkpoint_notes.is_empty() {
            grid.row(vec![clean(&circle.source), name.clone(), w.t("report-none")]);
        }
        for note in &circle.checkpoint_notes {
            let held = match note.matched {
                Some(true) => "audit-held-yes",
                Some(false) if note.seq.is_none() => "audit-held-bad-signature",
                Some(false) => "audit-held-no",
                None => "audit-held-unchecked",
            };
            grid.row(vec![
                clean(&circle.source),
                name.clone(),
                clean(&note.file),
                note.seq.map(|seq| format!("#{seq}")).unwrap_or_default(),
                w.t(held),
            ]);
        }
    }
    for note in &notes.unmatched {
        let why = match (&note.circle, note.readable) {
            (_, false) => w.t("audit-unmatched-unreadable"),
            (Some(circle), true) => w.f("audit-unmatched-other", &[("circle", &short(circle))]),
            (None, true) => w.t("audit-unmatched-not-a-note"),
        };
        grid.row(vec![w.t("audit-table-no-circle"), String::new(), clean(&note.file), String::new(), why]);
    }
    out.push_str(&grid.render());
}

fn witness_section(out: &mut String, witness: &WitnessCheck, w: Words) {
    let replaced = witness.missing.iter().filter(|m| m.replaced_by.is_some()).count();
    let missing = witness.missing.len() - replaced;
    let _ = writeln!(out, "\n{}", w.f("audit-witness-title", &[("dir", &clean(&witness.dir))]));
    let allowed = if witness.allow_missing && missing > 0 { "yes" } else { "no" };
    let _ = writeln!(
        out,
        "  {}",
        w.f(
            "audit-witness-summary",
            &[
                ("records", &witness.records),
                ("records_plural", &w.plural(witness.records)),
                ("missing", &missing),
                ("missing_plural", &w.plural(missing)),
                ("allowed", &allowed),
                ("replaced", &replaced),
                ("unreadable", &witness.unreadable.len()),
                ("unreadable_plural", &w.plural(witness.unreadable.len())),
            ]
        )
    );
}

fn circles_grid(report: &AuditReport, w: Words) -> String {
    let mut grid = crate::table::grid(
        w,
        &[
            ("origin", Align::Left),
            ("circle", Align::Left),
            ("verified", Align::Left),
            ("head", Align::Right),
            ("received", Align::Right),
            ("committed", Align::Right),
            ("paid", Align::Right),
            ("available", Align::Right),
            ("findings", Align::Right),
        ],
    );
    for circle in &report.circles {
        let verified = w.t(if circle.verified { "audit-yes" } else { "audit-no" });
        let mut row = vec![clean(&circle.source), String::new(), verified];
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
/// failed verification has its problems, joined by `; `, in `message`. `source`, `circle` and
/// `message` are free text, neutralised against formula injection ([`crate::csv::Cell::Text`]);
/// the other cells are cercle's own values, written as they are.
pub fn audit_csv(report: &AuditReport) -> Result<String, RenderError> {
    use crate::csv::{Cell, CsvWriter};
    let mut writer = CsvWriter::new();
    writer.header(&[
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
    ])?;
    for circle in &report.circles {
        let verified = circle.verified.to_string();
        let problems = circle.problems.join("; ");
        let numbers: [String; 6] = match &circle.report {
            Some(r) => [
                r.head.seq.to_string(),
                r.head.date.to_string(),
                r.totals.received.to_string(),
                r.totals.committed.to_string(),
                r.totals.paid.to_string(),
                r.totals.available.to_string(),
            ],
            None => Default::default(),
        };
        let name = circle.report.as_ref().map_or("", |r| r.circle.name.as_str());
        let mut row = vec![Cell::Value("circle"), Cell::Text(&circle.source), Cell::Text(name)];
        row.push(Cell::Value(&verified));
        row.extend(numbers.iter().map(|n| Cell::Value(n)));
        row.extend([Cell::Value(""), Cell::Value(""), Cell::Value(""), Cell::Text(&problems)]);
        writer.row(row)?;
    }
    let t = &report.totals;
    let amounts = [&t.received, &t.committed, &t.paid, &t.available].map(|a| a.to_string());
    let mut totals = vec![Cell::Value("total")];
    totals.extend([Cell::Value(""); 5]);
    totals.extend(amounts.iter().map(|a| Cell::Value(a)));
    totals.extend([Cell::Value(""); 4]);
    writer.row(totals)?;
    for f in &report.findings {
        let mut row = vec![
            Cell::Value("finding"),
            Cell::Text(f.source.as_deref().unwrap_or("")),
            Cell::Text(&f.circle),
        ];
        row.extend([Cell::Value(""); 7]);
        row.extend([
            Cell::Value(f.severity.as_str()),
            Cell::Value(f.kind.as_str()),
            Cell::Value(f.entry.as_deref().unwrap_or("")),
            Cell::Text(&f.message),
        ]);
        writer.row(row)?;
    }
    writer.finish()
}
