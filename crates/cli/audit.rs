//! Commands of trust: verify, export, import, checkpoint, audit (and the demo region).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cercle_core::{Body, Checkpoint, EntryHash, Ledger, PublicKey, SignedEntry, Verifier, VerifyError};
use cercle_store::{
    read_export_file, read_export_lines, KeptHistory, Store, StoreError, Witness, WitnessRecord,
};
use chrono::{DateTime, Utc};

use crate::progress::Progress;
use serde_json::json;

use crate::args::{AuditArgs, ExportArgs, ExportFormat, ReportFormat, VerifyArgs};
use crate::commands::Context;
use crate::failure::{Failure, Result};
use crate::output::{note, print, print_json, write_to};

/// A ledger to read: a store (opened once, here), an export file (read when verified), or a
/// folder published in the tlog-tiles layout (`cercle publish`, read when verified).
enum Source {
    Store(Box<Store>),
    Export(PathBuf),
    Published(Box<cercle_store::published::Published>),
}

impl Source {
    fn open(path: &Path) -> Result<Source> {
        if !path.exists() {
            return Err(Failure::new(t!("audit-nothing-at", path = path.display())));
        }
        if path.is_dir() && cercle_store::published::is_published(path) {
            return Ok(Source::Published(Box::new(cercle_store::published::Published::open(path)?)));
        }
        if path.is_dir() {
            return match Store::open(path) {
                Err(StoreError::NotALedger(_)) => Err(not_a_ledger_directory(path)),
                opened => {
                    let mut store = opened?;
                    crate::commands::print_notes(&mut store);
                    Ok(Source::Store(Box::new(store)))
                }
            };
        }
        check_export_start(path)?;
        Ok(Source::Export(path.to_path_buf()))
    }
}

/// Why a directory that is neither a ledger nor a published folder cannot be verified, and
/// what in it could be: exports (`*.jsonl`), or ledgers and published folders one level down.
fn not_a_ledger_directory(path: &Path) -> Failure {
    let mut exports = Vec::new();
    let mut ledgers = Vec::new();
    for item in fs::read_dir(path).into_iter().flatten().flatten() {
        let inner = item.path();
        if inner.is_file() && inner.extension().is_some_and(|e| e == "jsonl") {
            exports.push(inner);
        } else if inner.join("format").is_file() || cercle_store::published::is_published(&inner) {
            ledgers.push(inner);
        }
    }
    exports.sort();
    ledgers.sort();
    let message = t!("source-directory-not-ledger", path = path.display());
    let hint = match (exports.first(), ledgers.first()) {
        (Some(export), _) => t!(
            "source-directory-holds-exports",
            count = exports.len(),
            export = export.display(),
            all = path.join("*.jsonl").display()
        ),
        (None, Some(ledger)) => {
            t!("source-directory-holds-ledgers", count = ledgers.len(), ledger = ledger.display())
        }
        (None, None) => t!("source-directory-hint"),
    };
    Failure::new(message).hint(hint)
}

/// Refuse at once a file that cannot be an export: empty, or whose first line is not an
/// export line (another kind of file). The lines are all decoded again when verified.
fn check_export_start(path: &Path) -> Result<()> {
    use std::io::{BufRead, Read};
    let unread = |e: std::io::Error| Failure::new(t!("source-unreadable", path = path.display(), error = e));
    let file = fs::File::open(path).map_err(unread)?;
    let mut first = Vec::new();
    // An export line is at most LINE_BYTES_MAX bytes; a longer one is the verifier's to refuse.
    std::io::BufReader::new(file)
        .take(u64::try_from(cercle_core::LINE_BYTES_MAX).unwrap_or(u64::MAX) + 2)
        .read_until(b'\n', &mut first)
        .map_err(unread)?;
    if first.is_empty() {
        return Err(Failure::new(t!("source-empty", path = path.display())));
    }
    // A JSON object, even a damaged line, is left to the verifier, which names entry 0 and
    // why; a first line that is not text or not a JSON object means another kind of file.
    if first.len() > cercle_core::LINE_BYTES_MAX {
        return Ok(());
    }
    let why = match std::str::from_utf8(&first) {
        Err(_) => t!("source-not-text"),
        Ok(line) => match serde_json::from_str::<serde_json::Value>(line) {
            Ok(value) if value.is_object() => return Ok(()),
            Ok(_) => t!("source-json-not-object"),
            Err(error) => t!("source-not-json", error = error),
        },
    };
    Err(Failure::new(t!("source-not-export", path = path.display(), why = why))
        .hint(t!("source-not-export-hint")))
}

/// The support key and circle id of a ledger, read from its first entry (for a file) or its
/// stored state (for a store); both are confirmed by the verification that follows.
fn identity(source: &Source) -> Result<Option<(EntryHash, Option<PublicKey>)>> {
    Ok(circle_of(source)?.map(|circle| (circle.id, circle.support)))
}

/// Read checkpoint notes and keep those of `circle`, checking their signatures.
fn load_checkpoints(
    files: &[PathBuf],
    circle: Option<(EntryHash, Option<PublicKey>)>,
    strict: bool,
) -> Result<Vec<Checkpoint>> {
    let mut checkpoints = Vec::new();
    for file in files {
        let text = read_note(file)?;
        let Some((id, support)) = circle else {
            return Err(Failure::new(t!("audit-no-genesis")));
        };
        let origin = format!("cercle/{id}\n");
        if !text.starts_with(&origin) {
            if strict {
                return Err(Failure::new(t!("audit-checkpoint-other-circle", path = file.display())));
            }
            continue;
        }
        let support =
            support.ok_or_else(|| Failure::new(t!("audit-checkpoint-no-support", path = file.display())))?;
        let checkpoint = Checkpoint::from_note(&text, &support)
            .map_err(|e| Failure::new(t!("audit-checkpoint-bad", path = file.display(), error = e)))?;
        checkpoints.push(checkpoint);
    }
    Ok(checkpoints)
}

fn read_note(file: &Path) -> Result<String> {
    let bytes = fs::read(file)
        .map_err(|e| Failure::new(t!("cli-file-unreadable", path = file.display(), error = e)))?;
    if bytes.len() > cercle_core::CHECKPOINT_BYTES_MAX {
        return Err(Failure::new(t!("audit-note-too-large", path = file.display())));
    }
    String::from_utf8(bytes).map_err(|_| Failure::new(t!("audit-note-not-a-note", path = file.display())))
}

/// A verifier checking signatures in batches, or one by one with `--strict`.
fn verifier(strict: bool) -> Verifier {
    if strict {
        Verifier::new().strict()
    } else {
        Verifier::new()
    }
}

/// What a checkpoint note requires of a ledger: that it hold `size` entries at least, the last
/// of them `head` (a chain note, and a tree note that names its head), and that the Merkle root
/// of those entries be `root` (a tree note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Required {
    size: u64,
    head: Option<EntryHash>,
    root: Option<[u8; 32]>,
}

impl Required {
    fn of_chain(checkpoint: &Checkpoint) -> Required {
        Required { size: checkpoint.size, head: Some(checkpoint.hash), root: None }
    }

    fn of_tree(tree: &cercle_core::TreeCheckpoint) -> Required {
        Required { size: tree.size, head: tree.head, root: Some(tree.root) }
    }

    fn seq(&self) -> u64 {
        self.size.saturating_sub(1)
    }

    /// The failure of the `index`th requirement (from 1), as the verifier words it.
    fn unheld(&self, index: usize, reason: String) -> StoreError {
        let hash = self.head.unwrap_or(EntryHash(self.root.unwrap_or_default()));
        StoreError::Verify(VerifyError::Checkpoint { index, seq: self.seq(), hash, reason })
    }
}

/// Verify a store or an export with `verifier`; what the notes require must hold.
fn verify_source(
    source: &Source,
    required: &[Required],
    mut verifier: Verifier,
) -> std::result::Result<Ledger, StoreError> {
    for (index, required) in required.iter().enumerate() {
        if let Some(head) = required.head {
            verifier.expect_head(index + 1, required.seq(), head);
        }
        if let Some(root) = required.root {
            verifier.expect_tree(index + 1, required.size, root);
        }
    }
    match source {
        Source::Store(store) => store.verify_with(verifier, &[]),
        Source::Published(published) => {
            // The entries are checked against the published checkpoint's root as they are read.
            let mut verifier = verifier;
            for entry in published.entries() {
                verifier.push(entry?)?;
            }
            Ok(verifier.finish()?)
        }
        Source::Export(path) => {
            let mut verifier = verifier;
            let mut progress = Progress::new(t!("progress-verifying", path = path.display()));
            let unit = t!("progress-entries");
            // Lines are decoded on the verifier's worker threads, beside the signatures.
            for line in progress.counting(read_export_lines(path)?, &unit) {
                verifier.push_line(line?)?;
            }
            Ok(verifier.finish()?)
        }
    }
}

pub fn verify(ctx: &Context, args: VerifyArgs) -> Result<()> {
    let source = match &args.file {
        Some(file) => Source::open(file)?,
        None => Source::Store(Box::new(crate::commands::open_store(&ctx.ledger)?)),
    };
    let circle = identity(&source)?;
    let (chain_files, trees) = tree_notes(&args.checkpoint, circle)?;
    let checkpoints = load_checkpoints(&chain_files, circle, true)?;
    // Tree notes are numbered after the chain notes, as they are counted in messages.
    let required: Vec<Required> =
        checkpoints.iter().map(Required::of_chain).chain(trees.iter().copied()).collect();
    let ledger = verify_source(&source, &required, verifier(args.strict))?;
    let head = ledger.head().ok_or_else(|| Failure::new(t!("audit-ledger-empty")))?;
    let name = ledger.circle().map(|c| c.name.to_string()).unwrap_or_default();
    if ctx.json {
        return print_json(&json!({
            "verified": true, "circle": name, "entries": head.seq + 1, "head": {"seq": head.seq, "hash": head.hash.to_hex()},
            "checkpoints": checkpoints.iter().map(|c| json!({"seq": c.seq(), "hash": c.hash.to_hex()})).collect::<Vec<_>>(),
        }));
    }
    let mut message =
        t!("verify-passed", name = name, entries = head.seq + 1, seq = head.seq, hash = head.hash);
    if !checkpoints.is_empty() {
        message.push('\n');
        message.push_str(&t!("verify-checkpoints-held", count = checkpoints.len()));
    }
    for tree in &trees {
        message.push('\n');
        message.push_str(&t!("verify-tree-held", size = tree.size));
    }
    print(&message)
}

/// Split the notes given to `verify` into chain notes (read by [`load_checkpoints`]) and tree
/// checkpoints (C2SP tlog-checkpoint, `docs/FORMAT.md` §10), checked here: of this circle,
/// signed by its support key as `cercle-support`.
fn tree_notes(
    files: &[PathBuf],
    circle: Option<(EntryHash, Option<PublicKey>)>,
) -> Result<(Vec<PathBuf>, Vec<Required>)> {
    let (mut chains, mut trees) = (Vec::new(), Vec::new());
    for file in files {
        let text = read_note(file)?;
        if !text.starts_with(cercle_core::TREE_ORIGIN_PREFIX) {
            chains.push(file.clone());
            continue;
        }
        let Some((id, support)) = circle else {
            return Err(Failure::new(t!("audit-no-genesis")));
        };
        let refused =
            |why: String| Failure::new(t!("audit-checkpoint-bad", path = file.display(), error = why));
        let support = support.ok_or_else(|| refused(t!("audit-no-support-key")))?;
        trees.push(tree_required(&text, id, &support).map_err(refused)?);
    }
    Ok((chains, trees))
}

/// What a tree note of circle `id`, whose support key is `support`, requires; its signature
/// checked.
fn tree_required(text: &str, id: EntryHash, support: &PublicKey) -> std::result::Result<Required, String> {
    let note = cercle_core::parse_note(text).map_err(|e| e.to_string())?;
    let cercle_core::NoteBody::Tree(tree) = note.body() else {
        return Err(t!("audit-not-tree"));
    };
    if tree.circle != id {
        return Err(t!("audit-tree-other-circle"));
    }
    cercle_core::verify_note(&note, &[(cercle_core::SUPPORT_KEY_NAME, *support)])
        .map_err(|e| e.to_string())?;
    if tree.size == 0 {
        return Err(t!("audit-tree-empty"));
    }
    Ok(Required::of_tree(tree))
}

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    let store = crate::commands::open_store(&ctx.ledger)?;
    if store.ledger().is_empty() {
        return Err(Failure::new(t!("export-empty")));
    }
    let text = match args.format {
        ExportFormat::Jsonl => {
            // As long as the ledger: written line by line, never gathered in memory.
            let mut out = crate::output::Stream::to(args.out.as_deref())?;
            for entry in store.entries() {
                out.line(&entry?.to_line())?;
            }
            return out.finish();
        }
        ExportFormat::Csv | ExportFormat::CsvFr => {
            let report = cercle_core::Report::of(&store.full_ledger()?)
                .ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))?;
            let style = match args.format {
                ExportFormat::CsvFr => cercle_render::csv::CsvStyle::French,
                _ => cercle_render::csv::CsvStyle::Standard,
            };
            cercle_render::csv::report_csv_styled(&report, style).map_err(|e| Failure::new(e.to_string()))?
        }
        ExportFormat::Hledger => {
            let entries: Vec<SignedEntry> = store.entries().collect::<std::result::Result<_, _>>()?;
            cercle_render::hledger::hledger_journal(entries.iter())
                .map_err(|e| Failure::new(e.to_string()))?
        }
    };
    write_to(args.out.as_deref(), &text)
}

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

pub fn checkpoint(ctx: &Context, out: Option<&Path>) -> Result<()> {
    let (_, key) = ctx.signer()?;
    // The note's file is created before the entry is appended: a path that cannot be written is
    // refused while the ledger is still as it was.
    let mut file = out
        .map(|path| {
            fs::File::create(path)
                .map_err(|e| Failure::new(t!("cli-file-unwritable", path = path.display(), error = e)))
        })
        .transpose()?;
    // With --to, `inbox::send` refuses a checkpoint: it signs the head, which envelopes do not know.
    let crate::commands::Signed::Entry(store, entry) = ctx.append(Body::Checkpoint)? else {
        return Err(Failure::new(t!("checkpoint-no-envelope")));
    };
    let circle = store.ledger().circle().ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))?;
    let support = circle.support_key.ok_or_else(|| Failure::new(t!("audit-no-support-key")))?;
    let note_text = Checkpoint::sign(circle.id, entry.entry().seq, entry.hash(), &key).to_note(&support);
    // The tree checkpoint (C2SP tlog-checkpoint) of the same head, kept with the ledger for
    // `cercle prove`. The entry is durable: a failure here is a note, not a failure.
    let (size, root) = store.tree_head();
    let tree_note = cercle_core::TreeCheckpoint::new(circle.id, size, root, Some(entry.hash()))
        .and_then(|checkpoint| checkpoint.sign(&key, cercle_core::SUPPORT_KEY_NAME))
        .map_err(|e| e.to_string())
        .and_then(|text| store.save_note(&text).map(|()| text).map_err(|e| e.to_string()));
    let tree_note = match tree_note {
        Ok(text) => {
            note(&t!("checkpoint-tree-kept", last = size.saturating_sub(1)));
            Some(text)
        }
        Err(error) => {
            let message = t!("checkpoint-tree-not-kept", error = error);
            note(&t!("note-line", message = message));
            None
        }
    };
    drop(store);
    // The checkpoint entry is durable: what follows may not turn the answer into a failure.
    if let (Some(path), Some(file)) = (out, file.as_mut()) {
        use std::io::Write as _;
        match file.write_all(note_text.as_bytes()).and_then(|()| file.sync_all()) {
            Ok(()) => note(&t!("checkpoint-written", seq = entry.entry().seq, path = path.display())),
            Err(error) => {
                let message = t!("checkpoint-not-written", path = path.display(), error = error);
                note(&t!("note-line", message = message))
            }
        }
    }
    if ctx.json {
        return crate::output::print_json_recorded(&json!({
            "seq": entry.entry().seq, "hash": entry.hash().to_hex(), "note": note_text, "tree_note": tree_note,
        }));
    }
    crate::output::print_recorded(&note_text)
}

/// Sign a note of an export's head, after verifying the whole export; nothing is appended.
pub fn checkpoint_export(ctx: &Context, file: &Path, out: Option<&Path>) -> Result<()> {
    let (_, key) = ctx.signer()?;
    let ledger = verify_source(&Source::Export(file.to_path_buf()), &[], verifier(false))?;
    let circle = ledger.circle().ok_or_else(|| Failure::new(t!("checkpoint-export-no-circle")))?;
    let head = ledger.head().ok_or_else(|| Failure::new(t!("checkpoint-export-no-entry")))?;
    let signer = PublicKey(key.verifying_key().to_bytes());
    let support = circle.support_key.ok_or_else(|| Failure::new(t!("checkpoint-no-support-key")))?;
    // Who may sign a checkpoint is the rule of checkpoint entries (cercle-core), not the CLI's.
    ledger
        .check_checkpoint_signer(&signer)
        .map_err(|rule| Failure::from(rule).hint(t!("checkpoint-not-support-hint", key = support)))?;
    let note_text = Checkpoint::sign(circle.id, head.seq, head.hash, &key).to_note(&support);
    if let Some(path) = out {
        fs::write(path, &note_text)
            .map_err(|e| Failure::new(t!("cli-file-unwritable", path = path.display(), error = e)))?;
        note(&t!("checkpoint-export-written", seq = head.seq, circle = circle.name, path = path.display()));
    }
    if ctx.json {
        return print_json(
            &json!({ "seq": head.seq, "hash": head.hash.to_hex(), "note": note_text, "appended": false }),
        );
    }
    print(&note_text)
}

pub fn audit(ctx: &Context, args: AuditArgs) -> Result<ExitCode> {
    use cercle_render::audit::{NotesGiven, RegionInputs};
    let notes: Vec<NoteFile> =
        checkpoint_files(args.checkpoints.as_deref())?.into_iter().map(NoteFile::read).collect();
    let witness = args
        .witness
        .as_deref()
        .map(|dir| Witness::open(dir).map_err(|e| Failure::new(e.to_string())))
        .transpose()?;
    // What the witness remembered before this audit (this audit's records are written below).
    let witnessed =
        witness.as_ref().map(|w| w.records().map_err(|e| Failure::new(e.to_string()))).transpose()?;
    let now = crate::commands::now()?;
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
        ReportFormat::Json => {
            cercle_render::audit::audit_json(&report).map_err(|e| Failure::new(e.to_string()))?
        }
        ReportFormat::Csv => {
            cercle_render::audit::audit_csv(&report).map_err(|e| Failure::new(e.to_string()))?
        }
        ReportFormat::CsvFr => return Err(Failure::usage(t!("audit-csv-fr"))),
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

/// A circle as its genesis names it (read before it is verified, confirmed by verification).
#[derive(Clone, Debug)]
struct CircleIdentity {
    id: EntryHash,
    support: Option<PublicKey>,
    name: String,
    territory: String,
}

/// The circle of a ledger, read from its first entry (for a file) or its stored state (for a
/// store).
fn circle_of(source: &Source) -> Result<Option<CircleIdentity>> {
    let identity = |id, support, name: &dyn std::fmt::Display, territory: &dyn std::fmt::Display| {
        CircleIdentity { id, support, name: name.to_string(), territory: territory.to_string() }
    };
    match source {
        Source::Store(store) => {
            Ok(store.ledger().circle().map(|c| identity(c.id, c.support_key, &c.name, &c.territory)))
        }
        Source::Published(published) => {
            let first = published.entries().next().transpose()?;
            Ok(first.and_then(|entry| match &entry.entry().body {
                Body::Genesis(g) => Some(identity(entry.hash(), g.support_key, &g.name, &g.territory)),
                _ => None,
            }))
        }
        Source::Export(path) => {
            let first = read_export_file(path)?.next().transpose()?;
            Ok(first.and_then(|entry| match &entry.entry().body {
                Body::Genesis(g) => Some(identity(entry.hash(), g.support_key, &g.name, &g.territory)),
                _ => None,
            }))
        }
    }
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
                unreadable.push(UnreadableRecord { circle: id.to_hex(), problem: error.to_string() });
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
            cercle_core::Link::from_line(&line).map(|link| link.hash).map_err(|e| Failure::new(e.to_string()))
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
        let problem =
            t!("audit-given-twice-unread", circle = circle, first = first.display(), error = failure.message);
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
        Err(failure) => return (CircleAudit::failed(label, failure.message), None),
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
    for note in notes.iter().filter(|note| note.circle == Some(identity.id)) {
        let Ok(text) = &note.text else { continue }; // (a note naming a circle was read)
        let checked = match identity.support {
            None => Err(t!("audit-checkpoint-no-support", path = note.name())),
            Some(support) if text.starts_with(cercle_core::TREE_ORIGIN_PREFIX) => {
                tree_required(text, identity.id, &support)
                    .map_err(|e| t!("audit-checkpoint-bad", path = note.name(), error = e))
            }
            Some(support) => Checkpoint::from_note(text, &support)
                .map(|checkpoint| Required::of_chain(&checkpoint))
                .map_err(|e| t!("audit-checkpoint-bad", path = note.name(), error = e)),
        };
        match checked {
            Ok(requirement) => {
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
            return failed(failure.message, checks);
        }
    };
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
            return failed(error.to_string(), checks);
        }
        ledger = match record.into_ledger() {
            Ok(Some(ledger)) => ledger,
            Ok(None) => return failed(t!("audit-no-circle"), checks),
            Err(error) => return failed(error.to_string(), checks),
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
) -> std::result::Result<(Ledger, Option<KeptHistory>), (Failure, Option<u64>)> {
    let record = match witness {
        Some((witness, _)) => witness.load(&circle.id).map_err(|e| (Failure::new(e.to_string()), None))?,
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
                    Ok(Err(error)) => return Err((Failure::new(error.to_string()), None)),
                    Err(_) => return Err((Failure::new(t!("audit-witness-undecodable")), None)),
                };
                let ledger =
                    witnessed_result(label, continued, Some(seq), Some(at), &t!("audit-witnessed-by-proof"))?;
                return Ok((ledger, Some(kept)));
            }
            (_, _, Some((mut state, history))) => {
                let kept = history.decode().map_err(|e| (Failure::new(e.to_string()), None))?;
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
) -> std::result::Result<Ledger, (Failure, Option<u64>)> {
    let ledger = verified.map_err(|error| {
        let unheld = match &error {
            StoreError::Verify(VerifyError::Checkpoint { seq, .. }) => Some(*seq),
            _ => None,
        };
        let failure = match (&error, witnessed) {
            (StoreError::Verify(VerifyError::Diverged { .. }), Some(at)) => Failure::new(t!(
                "audit-diverged-witnessed",
                error = error,
                date = at.format("%Y-%m-%d %H:%M UTC")
            )),
            _ => Failure::from(error),
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

/// Entries read in order, each or the reason it could not be read.
type EntryIter<'a> = Box<dyn Iterator<Item = std::result::Result<SignedEntry, StoreError>> + 'a>;

/// A ledger whose Merkle tree can be read node by node: a ledger directory (its `tree` file) or
/// a published folder (its hash tiles).
trait TreeSource {
    /// The size and root of its tree (for a published folder, as its checkpoint, whose
    /// signature was checked when its first entry was read, says).
    fn head(&self) -> (u64, [u8; 32]);
    /// The hash of the perfect subtree (`level`, `n`).
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError>;
    /// Its entries from `seq` on.
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError>;
    /// The consistency proof from its first `old_size` entries to its first `new_size`.
    fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        cercle_core::merkle::consistency_proof_from(old_size, new_size, |level, n| self.node(level, n))
    }
    /// The inclusion proof of entry `index` in its first `size` entries.
    fn inclusion_proof(&self, index: u64, size: u64) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        cercle_core::merkle::inclusion_proof_from(index, size, |level, n| self.node(level, n))
    }
}

impl TreeSource for Store {
    fn head(&self) -> (u64, [u8; 32]) {
        self.tree_head()
    }
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError> {
        self.tree_node(level, n)
    }
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError> {
        Store::entries_from(self, seq)
    }
    // A store checks its proofs against the roots it keeps: a `tree` file that disagrees with
    // itself is named as such.
    fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        Store::consistency_proof(self, old_size, new_size)
    }
    fn inclusion_proof(&self, index: u64, size: u64) -> std::result::Result<Vec<[u8; 32]>, StoreError> {
        Store::inclusion_proof(self, index, size)
    }
}

impl TreeSource for cercle_store::published::Published {
    fn head(&self) -> (u64, [u8; 32]) {
        (self.tree().size, self.tree().root)
    }
    fn node(&self, level: u8, n: u64) -> std::result::Result<[u8; 32], StoreError> {
        self.tree_node(level, n)
    }
    fn entries_from(&self, seq: u64) -> std::result::Result<EntryIter<'_>, StoreError> {
        Ok(Box::new(cercle_store::published::Published::entries_from(self, seq)))
    }
}

impl Source {
    /// The ledger's Merkle tree, unless it is an export (which carries none).
    fn tree(&self) -> Option<&dyn TreeSource> {
        match self {
            Source::Store(store) => Some(store.as_ref()),
            Source::Published(published) => Some(published.as_ref()),
            Source::Export(_) => None,
        }
    }
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
    let short = |root: &[u8; 32]| EntryHash(*root).to_hex()[..16].to_string();
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
    let read = fs::read_dir(dir)
        .map_err(|e| Failure::new(t!("cli-file-unreadable", path = dir.display(), error = e)))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|item| item.ok().map(|i| i.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ckpt"))
        .collect();
    files.sort();
    Ok(files)
}

/// Write a deterministic example region: `DIR/<circle>.jsonl` (signed exports),
/// `DIR/checkpoints/<circle>.ckpt` (the support team's last checkpoint of each circle, as a
/// note), and the demo keys under `DIR/keys/` (demo data: never use them for a real circle).
pub fn demo_generate(
    ctx: &Context,
    out: &Path,
    seed: u64,
    circles: usize,
    entries: Option<u64>,
) -> Result<()> {
    let config = cercle_demo::DemoConfig { seed, circles, entries };
    for dir in [out.to_path_buf(), out.join("checkpoints"), out.join("keys")] {
        fs::create_dir_all(&dir)
            .map_err(|e| Failure::new(t!("demo-dir-uncreatable", path = dir.display(), error = e)))?;
    }
    let support = cercle_demo::support_key(seed);
    write_key(&out.join("keys"), cercle_demo::SUPPORT_KEY_NAME, &support)?;
    let progress = Progress::new(t!("progress-generating", count = circles, path = out.display()));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, circles.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(usize, String, u64)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if index >= circles {
                            return done;
                        }
                        done.push(demo_circle(&config, index, out, &support));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    drop(progress);
    let mut written = results.into_iter().collect::<Result<Vec<_>>>()?;
    written.sort();
    if ctx.json {
        let circles: Vec<_> =
            written.iter().map(|(_, name, n)| json!({"circle": name, "entries": n})).collect();
        return print_json(&json!({ "out": out, "seed": seed, "circles": circles }));
    }
    let unit = t!("progress-entries");
    let lines: Vec<String> = written
        .iter()
        .map(|(index, name, n)| {
            format!("{:<24} {n:>9} {unit}  {}", name, cercle_demo::circle_slug(*index) + ".jsonl")
        })
        .collect();
    let heading = t!("demo-written", count = written.len(), path = out.display(), seed = seed);
    print(&format!("{heading}\n{}", lines.join("\n")))
}

fn demo_circle(
    config: &cercle_demo::DemoConfig,
    index: usize,
    out: &Path,
    support: &cercle_core::ed25519_dalek::SigningKey,
) -> Result<(usize, String, u64)> {
    use std::io::Write as _;
    let slug = cercle_demo::circle_slug(index);
    let path = out.join(format!("{slug}.jsonl"));
    let partial = out.join(format!(".{slug}.jsonl.partial"));
    let file = fs::File::create(&partial)
        .map_err(|e| Failure::new(t!("cli-file-unwritable", path = partial.display(), error = e)))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut circle_id = None;
    let mut last_checkpoint = None;
    let streamed = cercle_demo::generate_circle(config, index, |entry: SignedEntry| {
        if entry.entry().seq == 0 {
            circle_id = Some(entry.hash());
        }
        if matches!(entry.entry().body, Body::Checkpoint) {
            last_checkpoint = Some((entry.entry().seq, entry.hash()));
        }
        writeln!(writer, "{}", entry.to_line())
    })
    .map_err(|e| Failure::new(t!("demo-not-generated", slug = slug, error = e)))?;
    writer
        .flush()
        .map_err(|e| Failure::new(t!("cli-file-unwritable", path = partial.display(), error = e)))?;
    fs::rename(&partial, &path)
        .map_err(|e| Failure::new(t!("cli-file-unwritable", path = path.display(), error = e)))?;
    let keys_dir = out.join("keys").join(&slug);
    for (name, key) in &streamed.keys {
        write_key(&keys_dir, name, key)?;
    }
    if let (Some(circle), Some((seq, hash))) = (circle_id, last_checkpoint) {
        let support_public = PublicKey(support.verifying_key().to_bytes());
        let note_text = Checkpoint::sign(circle, seq, hash, support).to_note(&support_public);
        let note = out.join("checkpoints").join(format!("{slug}.ckpt"));
        fs::write(&note, note_text)
            .map_err(|e| Failure::new(t!("cli-file-unwritable", path = note.display(), error = e)))?;
    }
    Ok((index, streamed.name, streamed.entries))
}

/// Write a demo key; an existing key file must hold the same key (never overwritten).
fn write_key(dir: &Path, name: &str, key: &cercle_core::ed25519_dalek::SigningKey) -> Result<()> {
    let store = cercle_store::Keystore::new(dir);
    match store.create(name, key.to_bytes()) {
        Ok(_) => Ok(()),
        Err(cercle_store::KeystoreError::Exists(_)) if store.load(name).ok().as_ref() == Some(key) => Ok(()),
        Err(cercle_store::KeystoreError::Exists(_)) => {
            Err(Failure::new(t!("demo-key-differs", path = dir.display(), name = name)))
        }
        Err(other) => Err(other.into()),
    }
}
