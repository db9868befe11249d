//! `cercle audit`: every circle given verified, reported circle by circle and for the region,
//! re-audited from a witness through one [`TreeSource`].

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cercle_core::{Checkpoint, EntryHash, Ledger, VerifyError};
use cercle_store::{read_export_file, KeptHistory, StoreError, Witness, WitnessRecord};
use chrono::{DateTime, Utc};

use crate::args::{AuditArgs, ReportFormat};
use crate::context::Context;
use crate::error::{Audit, Error, Io, Result, Usage};
use crate::output::{note, write_to};
use crate::progress::Progress;
use crate::source::{
    check_note, check_note_keys, circle_of, tree_required, verifier, verify_source, CircleIdentity,
    EntryIter, Required, Source, TreeSource,
};

pub fn audit(ctx: &Context, args: AuditArgs) -> Result<ExitCode> {
    use cercle_render::audit::{NotesGiven, RegionInputs};
    let notes: Vec<NoteFile> =
        checkpoint_files(args.checkpoints.as_deref())?.into_iter().map(NoteFile::read).collect();
    let witness =
        args.witness.as_deref().map(|dir| Witness::open(dir).map_err(Audit::witness)).transpose()?;
    // What the witness remembered before this audit (this audit's records are written below).
    let witnessed = witness.as_ref().map(|w| w.records().map_err(Audit::witness)).transpose()?;
    let now = crate::context::now()?;
    let format = args.format.unwrap_or(if ctx.json { ReportFormat::Json } else { ReportFormat::Table });
    // Only the page shows each payout; the other formats are spared a second read.
    let payouts = format == ReportFormat::Html;
    let mut progress = Progress::new(t!("progress-auditing"));
    let mut circles = Vec::with_capacity(args.paths.len());
    let mut given: Vec<(String, CircleIdentity)> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (index, path) in args.paths.iter().enumerate() {
        progress.step(t!(
            "progress-auditing-one",
            nth = index + 1,
            count = args.paths.len(),
            path = path.display()
        ));
        let label = path.display().to_string();
        let (mut audited, identity) =
            audit_one(path, &notes, args.strict, witness.as_ref().map(|w| (w, now)), payouts);
        if let Some(identity) = identity {
            given.push((label.clone(), identity));
        }
        if let Some(report) = &audited.report {
            if let Some(first) = seen.insert(report.circle.id.clone(), label.clone()) {
                let (fork, problem) = compare_copies(&report.circle.name, Path::new(&first), path);
                if fork {
                    if let Some(earlier) = circles
                        .iter_mut()
                        .find(|c: &&mut cercle_render::audit::CircleAudit| c.source == first)
                    {
                        earlier.problems.push(problem.clone());
                    }
                }
                let checked = std::mem::take(&mut audited.notes);
                audited = cercle_render::audit::CircleAudit::failed(label, problem).with_notes(checked);
            }
        }
        circles.push(audited);
    }
    drop(progress);
    let region = RegionInputs {
        notes: args.checkpoints.as_deref().map(|dir| NotesGiven {
            dir: dir.display().to_string(),
            files: notes.len(),
            unmatched: unmatched_notes(&notes, &given),
        }),
        witness: match (args.witness.as_deref(), witnessed) {
            (Some(dir), Some(records)) => Some(witness_check(dir, records, &given, args.allow_missing)),
            _ => None,
        },
    };
    let report =
        cercle_render::audit::audit_region(circles, region, &cercle_render::audit::AuditOptions::default());
    let text = match format {
        ReportFormat::Table => cercle_render::audit::audit_table(&report, crate::lang::lang()),
        ReportFormat::Json => cercle_render::audit::audit_json(&report).map_err(Audit::render)?,
        ReportFormat::Csv => cercle_render::audit::audit_csv(&report).map_err(Audit::render)?,
        ReportFormat::CsvFr => return Err(Usage::AuditCsvFr.into()),
        ReportFormat::Html => cercle_render::html::audit_html(&report, now, crate::lang::lang()),
    };
    write_to(args.out.as_deref(), &text)?;
    if report.passed() {
        return Ok(ExitCode::SUCCESS);
    }
    let failed = report.circles.iter().filter(|c| !c.verified).count();
    if failed > 0 {
        let message = t!("audit-circles-failed", failed = failed, count = report.circles.len());
        crate::output::note(&t!("error-line", message = message));
    }
    let errors = report.errors();
    if errors > 0 {
        let plural = if errors == 1 { "one" } else { "other" };
        let message = t!("audit-errors", count = errors, plural = plural);
        crate::output::note(&t!("error-line", message = message));
    }
    Ok(ExitCode::from(1))
}

/// A file of the notes directory, read once for every circle.
struct NoteFile {
    file: PathBuf,
    /// Its text, or why it is not one: (could it be read at all, what is wrong).
    text: std::result::Result<String, (bool, String)>,
    /// The circle its first line names (`cercle/<circle id>`, or `cercle.invalid/<circle id>`
    /// for a tree note).
    circle: Option<EntryHash>,
}

impl NoteFile {
    fn read(file: PathBuf) -> NoteFile {
        let text = match fs::read(&file) {
            Err(error) => Err((false, error.to_string())),
            Ok(bytes) if bytes.len() > cercle_core::CHECKPOINT_BYTES_MAX => {
                Err((true, t!("audit-note-file-too-large")))
            }
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| (true, t!("audit-note-file-not-utf8"))),
        };
        let circle = text.as_ref().ok().and_then(|text| {
            let origin = text.lines().next()?;
            let id = origin
                .strip_prefix("cercle/")
                .or_else(|| origin.strip_prefix(cercle_core::TREE_ORIGIN_PREFIX));
            id?.parse::<EntryHash>().ok()
        });
        NoteFile { file, text, circle }
    }

    fn name(&self) -> String {
        self.file.display().to_string()
    }
}

/// The notes that are for no circle of the audit (or are no note, or could not be read).
fn unmatched_notes(
    notes: &[NoteFile],
    given: &[(String, CircleIdentity)],
) -> Vec<cercle_render::audit::UnmatchedNote> {
    notes
        .iter()
        .filter(|note| !note.circle.is_some_and(|id| given.iter().any(|(_, c)| c.id == id)))
        .map(|note| {
            let (readable, reason) = match (&note.text, note.circle) {
                (Err((readable, reason)), _) => (*readable, Some(reason.clone())),
                (Ok(_), None) => (true, Some(t!("audit-note-file-no-origin"))),
                (Ok(_), Some(_)) => (true, None),
            };
            cercle_render::audit::UnmatchedNote {
                file: note.name(),
                circle: note.circle.map(|id| id.to_hex()),
                reason,
                readable,
            }
        })
        .collect()
}

/// A witness error as a problem of the audit's report, in the user's language (the operating
/// system's errors it quotes too, as for any failure).
fn witness_problem(error: &cercle_store::WitnessError) -> String {
    let lang = crate::lang::lang();
    cercle_render::errors::os_errors_in(&crate::error::witness_error_text(error, lang), lang)
}

/// The witnessed circles that are not in this audit: missing, or replaced by a circle of the
/// audit with the same name or territory and another genesis.
fn witness_check(
    dir: &Path,
    records: Vec<(EntryHash, std::result::Result<WitnessRecord, cercle_store::WitnessError>)>,
    given: &[(String, CircleIdentity)],
    allow_missing: bool,
) -> cercle_render::audit::WitnessCheck {
    use cercle_render::audit::{MissingCircle, Replacement, UnreadableRecord, WitnessCheck};
    let count = records.len();
    let (mut missing, mut unreadable) = (Vec::new(), Vec::new());
    for (id, record) in records {
        if given.iter().any(|(_, c)| c.id == id) {
            continue; // in this audit: its record was checked (and replaced) with it
        }
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let problem = witness_problem(&error);
                unreadable.push(UnreadableRecord { circle: id.to_hex(), problem });
                continue;
            }
        };
        let replaced_by = given.iter().find_map(|(source, circle)| {
            let same_name = record.name.as_deref() == Some(circle.name.as_str());
            let same_territory = record.territory.as_deref() == Some(circle.territory.as_str());
            (same_name || same_territory).then(|| Replacement {
                source: source.clone(),
                circle: circle.id.to_hex(),
                same_name,
                same_territory,
            })
        });
        missing.push(MissingCircle {
            circle: id.to_hex(),
            name: record.name,
            territory: record.territory,
            seq: record.head.0,
            hash: record.head.1.to_hex(),
            audited_at: record.audited_at,
            replaced_by,
        });
    }
    WitnessCheck { dir: dir.display().to_string(), records: count, allow_missing, missing, unreadable }
}

/// Verify one circle and build its report, or say what is wrong with it; with the notes checked
/// against it, and the circle its genesis names (if it could be read). With a witness, start
/// from what it verified of this circle before, and keep what is verified now.
/// The entry hashes of a ledger directory, a published folder or an export, in order (read,
/// not verified: for comparing two copies already verified).
fn hashes(source: &Source) -> Result<Box<dyn Iterator<Item = Result<EntryHash>> + '_>> {
    Ok(match source {
        Source::Store(store) => Box::new(store.entries().map(|e| Ok(e?.hash()))),
        Source::Published(published) => Box::new(published.entries_from(0).map(|e| Ok(e?.hash()))),
        Source::Export(path) => Box::new(cercle_store::read_export_lines(path)?.map(|line| {
            let line = line?;
            cercle_core::Link::from_line(&line).map(|link| link.hash).map_err(Error::from)
        })),
    })
}

/// What two copies of one circle given to an audit are to each other: the same entries, one
/// the beginning of the other (an older copy), or a fork (two histories), named with both heads
/// and the first entry where they differ; whether it is a fork comes first.
fn compare_copies(circle: &str, first: &Path, second: &Path) -> (bool, String) {
    let compared = (|| -> Result<(bool, String)> {
        let (a, b) = (Source::open(first)?, Source::open(second)?);
        let (mut a, mut b) = (hashes(&a)?, hashes(&b)?);
        let mut seq = 0u64;
        loop {
            let (x, y) = (a.next().transpose()?, b.next().transpose()?);
            match (x, y) {
                (Some(x), Some(y)) if x == y => {}
                (None, None) => {
                    return Ok((
                        false,
                        t!(
                            "audit-given-twice-same",
                            circle = circle,
                            second = second.display(),
                            count = seq,
                            first = first.display()
                        ),
                    ))
                }
                (None, _) | (_, None) => {
                    let (shorter, longer) = if x.is_none() { (first, second) } else { (second, first) };
                    return Ok((
                        false,
                        t!(
                            "audit-given-twice-older",
                            circle = circle,
                            shorter = shorter.display(),
                            count = seq,
                            longer = longer.display()
                        ),
                    ));
                }
                (Some(x), Some(y)) => {
                    let (mut head_a, mut head_b) = ((seq, x), (seq, y));
                    for (n, hash) in a.by_ref().enumerate() {
                        head_a = (seq + 1 + n as u64, hash?);
                    }
                    for (n, hash) in b.by_ref().enumerate() {
                        head_b = (seq + 1 + n as u64, hash?);
                    }
                    return Ok((
                        true,
                        t!(
                            "audit-fork",
                            circle = circle,
                            seq = seq,
                            first = first.display(),
                            first_seq = head_a.0,
                            first_hash = head_a.1,
                            second = second.display(),
                            second_seq = head_b.0,
                            second_hash = head_b.1
                        ),
                    ));
                }
            }
            seq += 1;
        }
    })();
    compared.unwrap_or_else(|failure| {
        let problem = t!(
            "audit-given-twice-unread",
            circle = circle,
            first = first.display(),
            error = failure.message()
        );
        (false, problem)
    })
}

fn audit_one(
    path: &Path,
    notes: &[NoteFile],
    strict: bool,
    witness: Option<(&Witness, DateTime<Utc>)>,
    payouts: bool,
) -> (cercle_render::audit::CircleAudit, Option<CircleIdentity>) {
    use cercle_render::audit::{CircleAudit, NoteCheck};
    let label = path.display().to_string();
    let opened = Source::open(path).and_then(|source| Ok((circle_of(&source)?, source)));
    let (circle, source) = match opened {
        Ok(opened) => opened,
        Err(failure) => return (CircleAudit::failed(label, failure.message()), None),
    };
    let failed = |problem: String, checks: Vec<NoteCheck>| {
        (CircleAudit::failed(label.clone(), problem).with_notes(checks), circle.clone())
    };
    let Some(identity) = circle.clone() else {
        return failed(t!("audit-no-genesis-no-circle"), Vec::new());
    };
    // The notes for this circle, their signatures checked: chain notes, and tree notes
    // (C2SP tlog-checkpoints, perhaps cosigned by witnesses: the support team's line counts).
    let mut checks = Vec::new();
    let mut required: Vec<Required> = Vec::new();
    let mut problem = None;
    // A note may be signed by a later support key (a replacement): which key signed each note
    // is checked against the key history once the ledger is verified.
    let (mut later, mut signers) = (None, Vec::new());
    for note in notes.iter().filter(|note| note.circle == Some(identity.id)) {
        let Ok(text) = &note.text else { continue }; // (a note naming a circle was read)
        let checked = match identity.support {
            None => Err(t!("audit-checkpoint-no-support", path = note.name())),
            Some(support) if text.starts_with(cercle_core::TREE_ORIGIN_PREFIX) => {
                check_note(&source, &mut later, &support, |key| tree_required(text, identity.id, key))
                    .map_err(|e| t!("audit-checkpoint-bad", path = note.name(), error = e))
            }
            Some(support) => {
                check_note(&source, &mut later, &support, |key| Checkpoint::from_note(text, key))
                    .map(|(checkpoint, key)| (Required::of_chain(&checkpoint), key))
                    .map_err(|e| t!("audit-checkpoint-bad", path = note.name(), error = e))
            }
        };
        match checked {
            Ok((requirement, key)) => {
                signers.push((requirement.seq(), key));
                let hash = requirement.head.map(|h| h.to_hex());
                checks.push(NoteCheck {
                    file: note.name(),
                    seq: Some(requirement.seq()),
                    hash,
                    matched: None,
                });
                required.push(requirement);
            }
            Err(error) => {
                checks.push(NoteCheck { file: note.name(), seq: None, hash: None, matched: Some(false) });
                problem.get_or_insert(error);
            }
        }
    }
    // Two notes that sign different heads (or trees) of the same size: the support team signed
    // a fork.
    for (i, a) in required.iter().enumerate() {
        let differs = |b: &Required| {
            b.size == a.size
                && (matches!((a.head, b.head), (Some(x), Some(y)) if x != y)
                    || matches!((a.root, b.root), (Some(x), Some(y)) if x != y))
        };
        if let Some(j) = required[..i].iter().position(differs) {
            problem.get_or_insert(t!(
                "audit-notes-differ",
                first = checks.iter().filter(|c| c.seq.is_some()).nth(j).map_or("?", |c| c.file.as_str()),
                second = checks.iter().filter(|c| c.seq.is_some()).nth(i).map_or("?", |c| c.file.as_str()),
                seq = a.seq()
            ));
        }
    }
    if let Some(problem) = problem {
        return failed(problem, checks);
    }
    let verified = verify_against_witness(&label, &source, &identity, &required, strict, witness);
    let (mut ledger, kept) = match verified {
        Ok(verified) => verified,
        Err((failure, unheld)) => {
            // Which notes verification reached: a head not held fails at its seq, after every
            // entry before it was checked.
            if let Some(seq) = unheld {
                for check in &mut checks {
                    check.matched = check.seq.and_then(|s| match s.cmp(&seq) {
                        std::cmp::Ordering::Less => Some(true),
                        std::cmp::Ordering::Equal => Some(false),
                        std::cmp::Ordering::Greater => None,
                    });
                }
            }
            return failed(failure.message(), checks);
        }
    };
    if let Err(failure) = check_note_keys(&ledger, &signers) {
        return failed(failure.message(), checks);
    }
    for check in &mut checks {
        check.matched = Some(true);
    }
    if let Some((witness, now)) = witness {
        let tree = source.tree().map(TreeSource::head);
        let Some(record) = WitnessRecord::new(now, strict, ledger).map(|record| match tree {
            Some((size, root)) => record.with_tree(size, root),
            None => record,
        }) else {
            return failed(t!("audit-no-circle"), checks);
        };
        // Only what was settled since the record before is written, when continuing it.
        let saved = match &kept {
            Some(kept) => witness.save_after(&record, kept),
            None => witness.save_after(&record, &KeptHistory::default()),
        };
        if let Err(error) = saved {
            return failed(witness_problem(&error), checks);
        }
        ledger = match record.into_ledger() {
            Ok(Some(ledger)) => ledger,
            Ok(None) => return failed(t!("audit-no-circle"), checks),
            Err(error) => return failed(witness_problem(&error), checks),
        };
    }
    if let Some(kept) = kept {
        // The history before the record's head, then what was settled since.
        let new = ledger.take_history();
        ledger.restore_history(kept.history);
        ledger.restore_history(new);
    }
    let Some(report) = cercle_core::Report::of(&ledger) else {
        return failed(t!("audit-no-circle"), checks);
    };
    let read = match (payouts, ledger.head()) {
        (true, Some(head)) => match payouts_of(&source, &head, &report, &ledger.uncounted_payouts()) {
            Ok(read) => Some(read),
            Err(problem) => return failed(problem, checks),
        },
        _ => None,
    };
    let audited = CircleAudit::verified(label, report).with_notes(checks);
    (if let Some(read) = read { audited.with_payouts(read) } else { audited }, circle)
}

/// The payouts of a verified ledger, for the HTML page: its entries read again from `source`,
/// up to the verified `head`, each chained to the one before (its seq, and its `prev` the hash
/// of the one before) and the last being `head`, so that they are the very entries verified.
/// A source that changed since (damage, a rewrite while the audit ran) fails the circle.
fn payouts_of(
    source: &Source,
    head: &cercle_core::Head,
    report: &cercle_core::Report,
    uncounted: &std::collections::BTreeSet<u64>,
) -> std::result::Result<Vec<cercle_core::PayoutReport>, String> {
    let entries: EntryIter<'_> = match source {
        Source::Store(store) => store.entries(),
        Source::Published(published) => Box::new(published.entries()),
        Source::Export(path) => Box::new(read_export_file(path).map_err(|e| e.to_string())?),
    };
    let changed = |seq: u64| t!("audit-payouts-changed", seq = seq);
    let (mut payouts, mut prev, mut next) = (Vec::new(), EntryHash([0; 32]), 0u64);
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.entry().seq != next || entry.entry().prev != prev {
            return Err(changed(next));
        }
        payouts.extend(report.payout(entry.entry()));
        prev = entry.hash();
        if next == head.seq {
            break;
        }
        next += 1;
    }
    if next != head.seq || prev != head.hash {
        return Err(changed(next));
    }
    // A payout reversed, or waiting for its second signature, is not in the books: it is not
    // listed either.
    payouts.retain(|p| !uncounted.contains(&p.seq));
    Ok(payouts)
}

/// Verify `source` meeting what the notes require, resuming from (or extending) what the witness
/// verified of it before; a failure says why, and the seq of the note's head the ledger does not
/// hold if that is why.
fn verify_against_witness(
    label: &str,
    source: &Source,
    circle: &CircleIdentity,
    required: &[Required],
    strict: bool,
    witness: Option<(&Witness, DateTime<Utc>)>,
) -> std::result::Result<(Ledger, Option<KeptHistory>), (Error, Option<u64>)> {
    let record = match witness {
        Some((witness, _)) => witness.load(&circle.id).map_err(|e| (Audit::witness(e).into(), None))?,
        None => None,
    };
    let (mut verifier, mut resumed, mut witnessed) = (verifier(strict), None, None);
    if let Some(record) = record {
        let (seq, hash) = record.head;
        let at = record.audited_at;
        witnessed = Some(at);
        // A record of a batch audit does not spare a strict one its signatures; a record
        // written by another version of cercle gives its head, not its state.
        let usable = !strict || record.strict;
        let tree = record.tree.filter(|(size, _)| *size == seq + 1);
        let parts = record.into_parts().filter(|_| usable);
        let state = match (source.tree(), tree, parts) {
            (Some(source), Some(tree), Some((state, history))) => {
                // The history the record kept is decoded beside the new entries' verification
                // (their rules read none of it); the report needs it, the next record does not.
                let (continued, kept) = std::thread::scope(|scope| {
                    let decoding = scope.spawn(move || history.decode());
                    let continued = continue_by_proof(source, required, state, tree, strict);
                    (continued, decoding.join())
                });
                let kept = match kept {
                    Ok(Ok(kept)) => kept,
                    Ok(Err(error)) => return Err((Audit::witness(error).into(), None)),
                    Err(_) => return Err((Audit::WitnessUndecodable.into(), None)),
                };
                let ledger =
                    witnessed_result(label, continued, Some(seq), Some(at), &t!("audit-witnessed-by-proof"))?;
                return Ok((ledger, Some(kept)));
            }
            (_, _, Some((mut state, history))) => {
                let kept = history.decode().map_err(|e| (Audit::witness(e).into(), None))?;
                state.restore_history(kept.history);
                Some(state)
            }
            (_, _, None) => None,
        };
        verifier = match state {
            Some(ledger) => {
                resumed = Some((seq, at));
                verifier.resuming(ledger)
            }
            None => verifier.extending(seq, hash),
        };
    }
    let verified = verify_source(source, required, verifier);
    let ledger = witnessed_result(
        label,
        verified,
        resumed.map(|(seq, _)| seq),
        witnessed,
        &t!("audit-witnessed-by-hashes"),
    )?;
    Ok((ledger, None))
}

/// A verification's outcome as the audit reports it: a diverged ledger names the witness's
/// record, kept as it was; a resumed one says how much was verified anew.
fn witnessed_result(
    label: &str,
    verified: std::result::Result<Ledger, StoreError>,
    resumed: Option<u64>,
    witnessed: Option<DateTime<Utc>>,
    how: &str,
) -> std::result::Result<Ledger, (Error, Option<u64>)> {
    let ledger = verified.map_err(|error| {
        let unheld = match &error {
            StoreError::Verify(VerifyError::Checkpoint { seq, .. }) => Some(*seq),
            _ => None,
        };
        let failure = match (&error, witnessed) {
            (StoreError::Verify(VerifyError::Diverged { .. }), Some(at)) => {
                Audit::DivergedWitnessed { error: error.to_string(), at }.into()
            }
            _ => Error::from(error),
        };
        (failure, unheld)
    })?;
    if let (Some(seq), Some(at), Some(head)) = (resumed, witnessed, ledger.head()) {
        note(&t!(
            "audit-witnessed",
            label = label,
            seq = seq,
            date = at.format("%Y-%m-%d %H:%M UTC"),
            how = how,
            count = head.seq - seq
        ));
    }
    Ok(ledger)
}

/// Re-audit a ledger directory or a published folder from a witness record that kept its
/// state and its Merkle tree (`size` entries, `root`): the ledger's tree must be consistent
/// with it (an RFC 9162 consistency proof, O(log n)), the old tree's frontier is read from the
/// ledger's tree and must give the old root, the entries after it are verified from the kept
/// state (signatures, rules) and each must be its leaf; the frontier extended by them must give
/// the ledger's root; and every checkpoint head before `size` must be a leaf of the tree (an
/// inclusion proof). The entries before `size` are not read.
fn continue_by_proof(
    store: &dyn TreeSource,
    required: &[Required],
    state: Ledger,
    (old_size, old_root): (u64, [u8; 32]),
    strict: bool,
) -> std::result::Result<Ledger, StoreError> {
    use cercle_core::merkle;
    let Some(head) = state.head() else { return Err(StoreError::Verify(VerifyError::Empty)) };
    let diverged =
        |reason: String| StoreError::Verify(VerifyError::Diverged { seq: head.seq, hash: head.hash, reason });
    let (new_size, new_root) = store.head();
    let short = |root: &[u8; 32]| crate::describe::short_hash(&EntryHash(*root));
    if new_size < old_size {
        return Err(diverged(t!("witness-truncated", size = new_size)));
    }
    let proof = store.consistency_proof(old_size, new_size)?;
    merkle::verify_consistency(old_size, new_size, &proof, old_root, new_root).map_err(|error| {
        diverged(t!(
            "witness-inconsistent",
            size = new_size,
            root = short(&new_root),
            old_size = old_size,
            old_root = short(&old_root),
            error = error
        ))
    })?;
    let mut frontier = merkle::Frontier::from_nodes(old_size, |level, n| store.node(level, n))?;
    if frontier.root() != old_root || store.node(0, old_size - 1)? != head.hash.0 {
        return Err(diverged(t!("witness-other-entries", size = old_size)));
    }
    let mut verifier = verifier(strict).continuing(state);
    // Trees checkpointed beyond the old size are checked as the frontier reaches them.
    let mut later_trees = std::collections::BTreeMap::new();
    for (index, required) in required.iter().enumerate() {
        let index = index + 1;
        if required.size > new_size {
            return Err(required.unheld(index, t!("witness-holds-only", size = new_size)));
        }
        if let Some(root) = required.root {
            if required.size <= old_size {
                if merkle::root_from(required.size, |level, n| store.node(level, n))? != root {
                    return Err(required.unheld(index, t!("witness-root-differs")));
                }
            } else {
                later_trees.insert(required.size, (index, root, *required));
            }
        }
        let Some(hash) = required.head else { continue };
        let seq = required.seq();
        if seq >= old_size {
            verifier.expect_head(index, seq, hash);
            continue;
        }
        let inclusion = store.inclusion_proof(seq, new_size)?;
        merkle::verify_inclusion(hash.0, seq, new_size, &inclusion, new_root)
            .map_err(|_| required.unheld(index, t!("witness-not-included")))?;
    }
    for entry in store.entries_from(old_size)? {
        let entry = entry?;
        frontier.push(entry.hash().0)?;
        verifier.push(entry)?;
        if let Some((index, root, required)) = later_trees.get(&frontier.size()) {
            if frontier.root() != *root {
                return Err(required.unheld(*index, t!("witness-root-differs")));
            }
        }
    }
    let ledger = verifier.finish()?;
    if frontier.root() != new_root || frontier.size() != new_size {
        return Err(diverged(t!("witness-root-not-entries")));
    }
    Ok(ledger)
}

/// The checkpoint notes (`*.ckpt`) of a directory, in name order.
fn checkpoint_files(dir: Option<&Path>) -> Result<Vec<PathBuf>> {
    let Some(dir) = dir else { return Ok(Vec::new()) };
    let read = fs::read_dir(dir).map_err(|e| Error::from(Io::unreadable(dir, e)))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|item| item.ok().map(|i| i.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ckpt"))
        .collect();
    files.sort();
    Ok(files)
}
