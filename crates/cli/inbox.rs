//! Envelopes through a shared folder: `--to DIR` (a member signs an act into `DIR/inbox/`
//! instead of appending it) and `cercle ingest DIR` (the keeper sequences the inbox into the
//! ledger). `docs/FORMAT.md` §12 specifies an envelope's bytes and the folder's layout:
//!
//! - `inbox/<id>.envelope`: written once by a member (a hidden temporary file, synced, then
//!   linked into place), named by the SHA-256 of its bytes, so that sync tools never see half a
//!   file and two members never write the same name;
//! - `ingested/<file>`: moved there by the keeper once its entry is durable in the ledger;
//! - `refused/<file>` and `refused/<file>.why`: an envelope no rule lets in, and the sentence
//!   that says why. Nothing is ever deleted.

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use cercle_core::envelope::ENVELOPE_BYTES_MAX;
use cercle_core::{Body, Envelope, Ledger, PublicKey, RuleError, SignedEnvelope};
use rand_core::{OsRng, RngCore};
use serde_json::json;

use crate::commands::{open_writer, Context};
use crate::failure::{Failure, Result};
use crate::publish::{sync_dir, write_once, DirsToSync};

/// Sign `body` as an envelope with the `--as` key and write it into `to/inbox/`. The act is
/// first checked against the member's copy of the ledger (`--ledger`, kept by `cercle sync`):
/// what the copy refuses is refused here, before anything is written.
pub fn send(ctx: &Context, to: &Path, body: Body) -> Result<(SignedEnvelope, PathBuf)> {
    if matches!(body, Body::Checkpoint) {
        return Err(
            Failure::new(t!("inbox-no-checkpoint-envelope")).hint(t!("inbox-no-checkpoint-envelope-hint"))
        );
    }
    let (name, key) = ctx.signer()?;
    let copy = crate::commands::open_store(&ctx.ledger).map_err(|failure| {
        Failure::new(t!("inbox-copy-unreadable", path = ctx.ledger.display(), error = failure.message))
            .hint(t!("inbox-copy-unreadable-hint"))
    })?;
    let circle = copy.ledger().circle().ok_or_else(|| Failure::new(t!("inbox-copy-no-circle")))?;
    // The copy as it will be once the envelopes waiting in the inbox are sequenced (karim's
    // attendance, signed a minute ago, before his vote).
    let arrivals = read_inbox(&to.join("inbox"))?;
    let (mut ledger, now) = (copy.ledger().clone(), ctx.now);
    sequence(&mut ledger, &arrivals, |ledger, envelope| ledger.foresee_envelope(envelope, now).map_err(Some));
    let ledger = &ledger;
    let mut nonce = [0u8; 16];
    OsRng.fill_bytes(&mut nonce);
    let created_at = chrono::DateTime::from_timestamp(ctx.now.timestamp(), 0).unwrap_or(ctx.now);
    let author = PublicKey(key.verifying_key().to_bytes());
    let envelope = Envelope { circle: circle.id, author, created_at, nonce, body }.sign(&key)?;
    if let Err(rule) = ledger.check_envelope(&envelope, ctx.now) {
        let seq = ledger.head().map_or(0, |head| head.seq);
        let hint = if matches!(rule, RuleError::UnknownAuthor) {
            t!("inbox-unknown-author-hint", name = name)
        } else {
            t!("inbox-copy-behind-hint")
        };
        return Err(Failure::from(rule).prefixed(&t!("inbox-copy-refuses", seq = seq)).hint(hint));
    }
    let mut dirs = DirsToSync::default();
    let relative = format!("inbox/{}", envelope.file_name());
    write_once(to, &relative, envelope.bytes(), &mut dirs)?;
    dirs.sync()?;
    Ok((envelope, to.join(relative)))
}

/// Write a cosigned checkpoint note into `to/inbox/<sha256>.ckpt`; returns its file name.
pub fn send_note(to: &Path, note: &str) -> Result<String> {
    let file = format!("{}.ckpt", cercle_core::envelope::envelope_id(note.as_bytes()).to_hex());
    let mut dirs = DirsToSync::default();
    write_once(to, &format!("inbox/{file}"), note.as_bytes(), &mut dirs)?;
    dirs.sync()?;
    Ok(file)
}

/// The cosigned checkpoint notes in the inbox (`*.ckpt`): each must be a tree checkpoint of
/// this ledger (its root that of the ledger's first `size` entries) signed by the support
/// team; the latest is kept with the ledger (for `prove`, and for `publish --as KEEPER`, which
/// adds the keeper's signature to it when it is of the whole ledger). Each goes to `ingested/`,
/// or to `refused/` with its reason. Returns one line for each.
fn ingest_notes(store: &cercle_store::Store, dir: &Path, moved: &mut Moves) -> Vec<String> {
    let mut said = Vec::new();
    let Ok(listing) = fs::read_dir(dir.join("inbox")) else { return said };
    let mut files: Vec<String> = listing
        .filter_map(|item| item.ok())
        .map(|item| item.file_name().to_string_lossy().into_owned())
        .filter(|file| !file.starts_with('.') && file.ends_with(".ckpt"))
        .collect();
    files.sort();
    for file in files {
        let checked = check_note(store, &dir.join("inbox").join(&file));
        let (to, why) = match &checked {
            Ok(size) => {
                said.push(format!("  {}", t!("inbox-note-kept", file = file, size = size)));
                ("ingested", None)
            }
            Err(Unread::Io(why)) => {
                said.push(format!("  {}", t!("inbox-note-left", file = file, why = why)));
                continue;
            }
            Err(Unread::Bad(why)) => {
                said.push(format!("  {}", t!("inbox-note-refused", file = file, why = why)));
                ("refused", Some(why))
            }
        };
        if let Err(failure) = moved.file(dir, &file, to, why) {
            let message = t!("inbox-stays", file = file, error = failure.message);
            crate::output::note(&t!("note-line", message = message));
        }
    }
    said
}

fn check_note(store: &cercle_store::Store, path: &Path) -> std::result::Result<u64, Unread> {
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|file| file.take(cercle_core::CHECKPOINT_BYTES_MAX as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Unread::Io(t!("inbox-could-not-be-read", error = e)))?;
    let text = String::from_utf8(bytes).map_err(|_| Unread::Bad(t!("inbox-note-not-utf8")))?;
    check_note_text(store, &text).map_err(Unread::Bad)
}

fn check_note_text(store: &cercle_store::Store, text: &str) -> std::result::Result<u64, String> {
    let note = cercle_core::parse_note(text).map_err(|e| t!("inbox-note-invalid", error = e))?;
    let cercle_core::NoteBody::Tree(tree) = note.body() else {
        return Err(t!("inbox-note-not-tree"));
    };
    let circle = store.ledger().circle().map(|c| (c.id, c.support_key));
    let Some((id, Some(support))) = circle else { return Err(t!("inbox-note-no-support-key")) };
    if tree.circle != id {
        return Err(t!("inbox-note-other-circle"));
    }
    cercle_core::verify_note(&note, &[(cercle_core::SUPPORT_KEY_NAME, support)])
        .map_err(|e| t!("inbox-note-not-support", error = e))?;
    let root = store.tree_root_at(tree.size).map_err(|e| e.to_string());
    if tree.size > store.tree_head().0 || root? != tree.root {
        return Err(t!("inbox-note-other-history", size = tree.size));
    }
    let kept = store.latest_note().ok().flatten().and_then(|kept| match cercle_core::parse_note(&kept) {
        Ok(kept) => match kept.body() {
            cercle_core::NoteBody::Tree(kept) => Some(kept.size),
            cercle_core::NoteBody::Chain { .. } => None,
        },
        Err(_) => None,
    });
    if kept.is_none_or(|kept| kept <= tree.size) {
        store.save_note(text).map_err(|e| t!("inbox-note-not-kept", error = e))?;
    }
    Ok(tree.size)
}

/// One file of the inbox, read.
struct Arrival {
    file: String,
    read: std::result::Result<SignedEnvelope, Unread>,
}

/// Why a file of the inbox is not an envelope to sequence.
enum Unread {
    /// Its bytes are not an envelope (cut short, too large, another format), or it is no file.
    Bad(String),
    /// It could not be read (an I/O error): it stays in the inbox, for the next ingest.
    Io(String),
}

/// What became of a file.
enum Fate {
    /// Sequenced now, as the `nth` entry appended (from 0).
    Sequenced { nth: u64, envelope: SignedEnvelope },
    /// Already in the ledger (sequenced before, or another copy of one sequenced now).
    Already { envelope: SignedEnvelope },
    /// Refused: why.
    Refused { why: String, rule: Option<&'static str> },
    /// Not read (an I/O error): left in the inbox, for the next ingest.
    Left { why: String },
}

pub fn ingest(ctx: &Context, dir: &Path, recover: Option<&Path>) -> Result<()> {
    let (keeper_name, key) = ctx.signer()?;
    let keeper = PublicKey(key.verifying_key().to_bytes());
    let mut store = open_writer(ctx)?;
    check_keeper(store.ledger(), &keeper, &keeper_name)?;
    if let Some(from) = recover {
        recover_from(&store, dir, from)?;
    }
    let arrivals = read_inbox(&dir.join("inbox"))?;
    let before = store.ledger().len();
    let mut ledger = store.ledger().clone();
    // While this thread sequences (rules, then the keeper's signature on each entry: one after
    // the other, each entry names the one before), the other cores check the envelopes'
    // signatures ahead of it, in the same order.
    let (fates, entries) = std::thread::scope(|scope| {
        check_signatures_ahead(scope, &arrivals);
        sequence(&mut ledger, &arrivals, |ledger, envelope| {
            // Checked here if the other cores have not come this far: the envelope itself, so
            // that they see it done (the copy in the entry keeps the answer); a bad signature is
            // the rule's to refuse, with its sentence.
            let _ = envelope.verify_signature();
            let body = Body::Envelope(Box::new(envelope.clone()));
            ledger.sign_and_append(&key, ctx.now, body).map_err(|error| match error {
                cercle_core::AppendError::Rule(rule) => Some(rule),
                cercle_core::AppendError::Format(_) => None,
            })
        })
    });
    store.append_all(&entries)?;
    crate::commands::print_notes(&mut store);
    // The entries are durable: each file goes where it belongs, and a failure to move one is
    // only a note (the next ingest finds it in the ledger and moves it then). The ledger stays
    // open, and so locked, until then: another ingest on this machine waits for the moves.
    let mut moved = Moves::default();
    for (arrival, fate) in arrivals.iter().zip(&fates) {
        let result = match fate {
            Fate::Sequenced { .. } | Fate::Already { .. } => moved.file(dir, &arrival.file, "ingested", None),
            Fate::Refused { why, .. } => moved.file(dir, &arrival.file, "refused", Some(why)),
            Fate::Left { .. } => Ok(()),
        };
        if let Err(failure) = result {
            let message = t!("inbox-stays", file = arrival.file, error = failure.message);
            crate::output::note(&t!("note-line", message = message));
        }
    }
    let notes = ingest_notes(&store, dir, &mut moved);
    if let Err(failure) = moved.sync() {
        crate::output::note(&t!("note-line", message = failure.message));
    }
    // The entries are durable: the report reads the ledger already open, so that no failure
    // to open it again can turn the answer into a refusal.
    report(ctx, dir, store.ledger(), before, &arrivals, &fates, &notes)
}

/// After a fork: the envelopes of `from` (the losing copy) that are not in `store`'s ledger go
/// back into `dir/inbox/` (envelopes do not depend on the head, so they can be sequenced again);
/// the entries of `from` after the fork that are not envelopes (its keeper signed them against
/// its own head) are listed, to be signed again.
fn recover_from(store: &cercle_store::Store, dir: &Path, from: &Path) -> Result<()> {
    let entries: Box<
        dyn Iterator<Item = std::result::Result<cercle_core::SignedEntry, cercle_store::StoreError>>,
    > = if cercle_store::published::is_published(from) {
        let published = cercle_store::published::Published::open(from)?;
        Box::new(published.entries().collect::<Vec<_>>().into_iter())
    } else {
        let other = cercle_store::Store::open(from)?;
        Box::new(other.entries().collect::<Vec<_>>().into_iter())
    };
    let circle = store.ledger().circle().map(|c| c.id);
    let (mut recovered, mut lost, mut dirs) = (0usize, Vec::new(), DirsToSync::default());
    for entry in entries {
        let entry = entry?;
        let seq = entry.entry().seq;
        if seq == 0 && Some(entry.hash()) != circle {
            return Err(Failure::new(t!("inbox-recover-other-circle", path = from.display())));
        }
        if seq < store.ledger().len() && store.tree_node(0, seq).ok() == Some(entry.hash().0) {
            continue;
        }
        match &entry.entry().body {
            Body::Envelope(envelope) if store.ledger().has_envelope(envelope) => {}
            Body::Envelope(envelope) => {
                write_once(dir, &format!("inbox/{}", envelope.file_name()), envelope.bytes(), &mut dirs)?;
                recovered += 1;
            }
            body => lost.push(format!("#{seq} {}", body.kind())),
        }
    }
    dirs.sync()?;
    crate::output::note(&t!("inbox-recovered", count = recovered, path = from.display()));
    if !lost.is_empty() {
        crate::output::note(&t!(
            "inbox-recover-lost",
            count = lost.len(),
            path = from.display(),
            entries = lost.join(", ")
        ));
    }
    Ok(())
}

/// The keeper must be a current soucieux of the circle.
fn check_keeper(ledger: &Ledger, keeper: &PublicKey, name: &str) -> Result<()> {
    let member = ledger.member_by_key(keeper).filter(|m| m.active);
    match member {
        Some(member) if member.role == cercle_core::Role::Soucieux => Ok(()),
        _ => {
            // A refusal ends the process: the action's words may live until then.
            let action: &'static str = Box::leak(t!("inbox-keeper-not-soucieux").into_boxed_str());
            Err(Failure::from(RuleError::NotSoucieux(action))
                .prefixed(&t!("inbox-cannot-ingest", name = name)))
        }
    }
}

/// The inbox's envelope files (`*.envelope`, not hidden: a sync tool's or a writer's temporary
/// files are skipped), read, in the order of their names.
fn read_inbox(inbox: &Path) -> Result<Vec<Arrival>> {
    let listing = match fs::read_dir(inbox) {
        Ok(listing) => listing,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(Failure::new(t!("cli-file-unreadable", path = inbox.display(), error = error)))
        }
    };
    let mut files = Vec::new();
    for item in listing {
        let item =
            item.map_err(|e| Failure::new(t!("cli-file-unreadable", path = inbox.display(), error = e)))?;
        let file = item.file_name().to_string_lossy().into_owned();
        if file.starts_with('.') || !file.ends_with(".envelope") {
            continue;
        }
        files.push(file);
    }
    files.sort();
    Ok(files.into_iter().map(|file| Arrival { read: read_envelope(&inbox.join(&file)), file }).collect())
}

fn read_envelope(path: &Path) -> std::result::Result<SignedEnvelope, Unread> {
    let meta =
        fs::symlink_metadata(path).map_err(|e| Unread::Io(t!("inbox-could-not-be-read", error = e)))?;
    if !meta.is_file() {
        return Err(Unread::Bad(t!("inbox-not-a-file")));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|file| file.take(ENVELOPE_BYTES_MAX as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Unread::Io(t!("inbox-could-not-be-read", error = e)))?;
    if bytes.len() > ENVELOPE_BYTES_MAX {
        return Err(Unread::Bad(t!("inbox-too-large", max = ENVELOPE_BYTES_MAX)));
    }
    SignedEnvelope::from_bytes(bytes).map_err(|e| Unread::Bad(t!("inbox-not-an-envelope", error = e)))
}

/// Check the envelopes' signatures on the cores but this one, from the last [`sequence`] takes
/// to the first, until they meet the envelopes the sequencing (which checks those it reaches
/// first itself) has done: each envelope remembers the answer, so the rules (on the ledger,
/// then again in the store) find it done, and none is checked twice but where they meet.
fn check_signatures_ahead<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    arrivals: &'scope [Arrival],
) {
    let helpers = std::thread::available_parallelism().map_or(1, usize::from).saturating_sub(1).max(1);
    let mut order: Vec<&SignedEnvelope> = arrivals.iter().filter_map(|a| a.read.as_ref().ok()).collect();
    order.sort_by_key(|envelope| (envelope.envelope().created_at, envelope.id()));
    let order = std::sync::Arc::new(order);
    for helper in 0..helpers {
        let order = std::sync::Arc::clone(&order);
        scope.spawn(move || {
            // Each author's key decoded once (a point decompression per verification else).
            let mut keys = std::collections::BTreeMap::new();
            for envelope in order.iter().rev().skip(helper).step_by(helpers) {
                if envelope.is_checked() {
                    break;
                }
                let author = envelope.envelope().author;
                let key = keys
                    .entry(author)
                    .or_insert_with(|| cercle_core::ed25519_dalek::VerifyingKey::from_bytes(&author.0).ok());
                // A bad signature (or key) is the rule's to refuse, with its sentence.
                if let Some(key) = key {
                    let _ = envelope.verify_with(key);
                }
            }
        });
    }
}

/// Decide each arrival's fate from `ledger`, in a deterministic order: by creation time, then
/// id; an envelope refused is tried again after a pass that let others in (a vote signed in the
/// same second as the attendance it needs), until a pass lets none in. `append` sequences one
/// envelope into the ledger (or says which rule refused it). Returns each arrival's fate, in
/// the arrivals' order, and what `append` returned for each envelope sequenced, in order.
fn sequence<T>(
    ledger: &mut Ledger,
    arrivals: &[Arrival],
    mut append: impl FnMut(&mut Ledger, &SignedEnvelope) -> std::result::Result<T, Option<RuleError>>,
) -> (Vec<Fate>, Vec<T>) {
    let mut fates: Vec<Option<Fate>> = Vec::with_capacity(arrivals.len());
    let mut pending: Vec<(usize, &SignedEnvelope)> = Vec::new();
    let mut first_of: std::collections::BTreeMap<cercle_core::EntryHash, usize> = Default::default();
    for (index, arrival) in arrivals.iter().enumerate() {
        match &arrival.read {
            Err(Unread::Bad(why)) => {
                fates.push(Some(Fate::Refused { why: t!("inbox-the-file", why = why), rule: None }))
            }
            Err(Unread::Io(why)) => fates.push(Some(Fate::Left { why: t!("inbox-the-file", why = why) })),
            Ok(envelope) if ledger.has_envelope(envelope) => {
                fates.push(Some(Fate::Already { envelope: envelope.clone() }))
            }
            Ok(envelope) => {
                fates.push(None);
                // Another file with the same envelope (a sync tool's conflict copy): once.
                match first_of.entry(envelope.id()) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        fates[index] = Some(Fate::Already { envelope: envelope.clone() })
                    }
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(index);
                        pending.push((index, envelope));
                    }
                }
            }
        }
    }
    pending.sort_by_key(|(_, envelope)| (envelope.envelope().created_at, envelope.id()));
    let mut entries = Vec::new();
    let mut refusals: Vec<(usize, Option<RuleError>)> = Vec::new();
    loop {
        let sequenced_before = entries.len();
        let mut again = Vec::new();
        refusals.clear();
        for (index, envelope) in pending {
            match append(ledger, envelope) {
                Ok(entry) => {
                    let nth = entries.len() as u64;
                    fates[index] = Some(Fate::Sequenced { nth, envelope: envelope.clone() });
                    entries.push(entry);
                }
                Err(rule) => {
                    refusals.push((index, rule));
                    again.push((index, envelope));
                }
            }
        }
        pending = again;
        if pending.is_empty() || entries.len() == sequenced_before {
            break;
        }
    }
    for (index, rule) in refusals {
        let why = rule.as_ref().map_or(t!("inbox-not-encodable"), ToString::to_string);
        fates[index] = Some(Fate::Refused { why, rule: rule.map(|r| r.rule()) });
    }
    let fates = fates
        .into_iter()
        .map(|fate| fate.unwrap_or(Fate::Refused { why: t!("inbox-not-decided"), rule: None }));
    (fates.collect(), entries)
}

/// Files moved out of the inbox, and the directories to sync after.
#[derive(Default)]
struct Moves(DirsToSync, std::collections::BTreeSet<PathBuf>);

impl Moves {
    /// Move `inbox/<file>` into `<to>/<file>` (with `<file>.why` holding `why`, first). A file of
    /// the same name already there with the same bytes (an envelope that came back): the inbox's
    /// copy is removed, the other kept.
    fn file(&mut self, dir: &Path, file: &str, to: &str, why: Option<&String>) -> Result<()> {
        let from = dir.join("inbox").join(file);
        let target = dir.join(to);
        if self.1.insert(target.clone()) {
            self.0.create(&target)?;
            self.1.insert(dir.join("inbox"));
        }
        if let Some(why) = why {
            let mut why_dirs = DirsToSync::default();
            let text = format!("{why}\n");
            match write_once(dir, &format!("{to}/{file}.why"), text.as_bytes(), &mut why_dirs) {
                Ok(()) => {}
                // The same envelope refused before for another reason: the first reason stays.
                Err(_) if target.join(format!("{file}.why")).is_file() => {}
                Err(failure) => return Err(failure),
            }
        }
        let path = target.join(file);
        // Only an ingest moves files there, and it holds the ledger's lock meanwhile: a file not
        // there now is not there when it is renamed (but for one a sync tool brings from another
        // machine meanwhile, under the same name, so with the same bytes).
        if fs::symlink_metadata(&path).is_ok() {
            if fs::read(&path).ok() != fs::read(&from).ok() {
                return Err(Failure::new(t!("inbox-other-bytes", path = path.display())));
            }
            return fs::remove_file(&from).map_err(|e| Failure::new(t!("inbox-not-removed", error = e)));
        }
        fs::rename(&from, &path)
            .map_err(|e| Failure::new(t!("inbox-not-moved", path = path.display(), error = e)))
    }

    fn sync(&self) -> Result<()> {
        self.0.sync()?;
        for dir in &self.1 {
            sync_dir(dir)?;
        }
        Ok(())
    }
}

fn report(
    ctx: &Context,
    dir: &Path,
    ledger: &Ledger,
    before: u64,
    arrivals: &[Arrival],
    fates: &[Fate],
    notes: &[String],
) -> Result<()> {
    let name_of = |envelope: &SignedEnvelope| envelope.envelope().author.to_hex()[..12].to_string();
    let author = |envelope: &SignedEnvelope| {
        ledger
            .member_by_key(&envelope.envelope().author)
            .map_or_else(|| name_of(envelope), |m| m.name.to_string())
    };
    let sequenced = fates.iter().filter(|f| matches!(f, Fate::Sequenced { .. })).count();
    let already = fates.iter().filter(|f| matches!(f, Fate::Already { .. })).count();
    let refused = fates.iter().filter(|f| matches!(f, Fate::Refused { .. })).count();
    let left = fates.iter().filter(|f| matches!(f, Fate::Left { .. })).count();
    let kept = count_refused(dir);
    if left > 0 {
        let message = t!("inbox-left-unread", count = left);
        crate::output::note(&t!("note-line", message = message));
    }
    if ctx.json {
        let items: Vec<_> = arrivals
            .iter()
            .zip(fates)
            .map(|(arrival, fate)| match fate {
                Fate::Sequenced { nth, envelope } => json!({
                    "file": arrival.file, "outcome": "sequenced", "seq": before + nth, "author": author(envelope),
                    "kind": envelope.envelope().body.kind(),
                }),
                Fate::Already { envelope } => json!({
                    "file": arrival.file, "outcome": "already", "author": author(envelope),
                    "kind": envelope.envelope().body.kind(),
                }),
                Fate::Refused { why, rule } => json!({
                    "file": arrival.file, "outcome": "refused", "rule": rule, "why": why,
                }),
                Fate::Left { why } => json!({ "file": arrival.file, "outcome": "left", "why": why }),
            })
            .collect();
        return crate::output::print_json_recorded(&json!({
            "inbox": dir.join("inbox"), "ledger": ctx.ledger, "entries_before": before,
            "entries": ledger.len(), "sequenced": sequenced, "already": already, "refused": refused, "left": left,
            "refused_kept": kept, "envelopes": items,
            "checkpoints": notes.iter().map(|line| line.trim()).collect::<Vec<_>>(),
        }));
    }
    let mut lines = vec![t!(
        "inbox-ingested",
        inbox = dir.join("inbox").display(),
        sequenced = sequenced,
        already = already,
        refused = refused
    )];
    // In the ledger's order: what was sequenced, then what was there already, then refusals.
    let mut listed: Vec<((u8, u64), String)> = Vec::with_capacity(fates.len());
    for (index, (arrival, fate)) in arrivals.iter().zip(fates).enumerate() {
        let order = match fate {
            Fate::Sequenced { nth, .. } => (0, *nth),
            Fate::Already { .. } => (1, index as u64),
            Fate::Refused { .. } => (2, index as u64),
            Fate::Left { .. } => (3, index as u64),
        };
        let line = match fate {
            Fate::Sequenced { nth, envelope } => format!(
                "  #{}  {}  {}",
                before + nth,
                author(envelope),
                crate::read::describe(&envelope.envelope().body)
            ),
            Fate::Already { envelope } => format!(
                "  {}",
                t!(
                    "inbox-line-already",
                    author = author(envelope),
                    says = crate::read::describe(&envelope.envelope().body)
                )
            ),
            Fate::Refused { why, .. } => {
                format!("  {}", t!("inbox-line-refused", file = arrival.file, why = why))
            }
            Fate::Left { why } => format!("  {}", t!("inbox-line-left", file = arrival.file, why = why)),
        };
        listed.push((order, line));
    }
    listed.sort();
    lines.extend(listed.into_iter().map(|(_, line)| line));
    lines.extend(notes.iter().cloned());
    if kept > 0 {
        lines.push(t!("inbox-refused-kept", count = kept, path = dir.join("refused").display()));
    }
    crate::output::print_recorded(&lines.join("\n"))
}

/// The envelopes kept in `DIR/refused/`.
fn count_refused(dir: &Path) -> usize {
    fs::read_dir(dir.join("refused")).map_or(0, |listing| {
        listing
            .filter_map(|item| item.ok())
            .filter(|item| item.file_name().to_string_lossy().ends_with(".envelope"))
            .count()
    })
}
