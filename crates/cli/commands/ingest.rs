//! `cercle ingest DIR`: the keeper sequences the envelopes of `DIR/inbox/` into the ledger
//! (the folder's layout: [`crate::inbox`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use cercle_core::{Body, Ledger, PublicKey, RuleError, SignedEnvelope};
use serde_json::json;

use crate::context::{open_writer, Context};
use cercle_render::errors::Message;

use crate::error::{Error, Result, Share};
use crate::files::{sync_dir, write_once, DirsToSync};
use crate::inbox::{read_inbox, sequence, Arrival, Fate, Unread};

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
            let message = t!("inbox-stays", file = file, error = failure.message());
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
    crate::context::print_notes(&mut store);
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
            let message = t!("inbox-stays", file = arrival.file, error = failure.message());
            crate::output::note(&t!("note-line", message = message));
        }
    }
    let notes = ingest_notes(&store, dir, &mut moved);
    if let Err(failure) = moved.sync() {
        crate::output::note(&t!("note-line", message = failure.message()));
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
            return Err(Share::RecoverOtherCircle { path: from.to_path_buf() }.into());
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
        // The core's own words for the rule (translated with every other rule's).
        _ => Err(Error::rule_of(
            RuleError::NotSoucieux("sequence members' envelopes (as the circle's keeper)"),
            Message::new("inbox-cannot-ingest").arg("name", name),
            None,
        )),
    }
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
                return Err(Share::MovedOtherBytes { path }.into());
            }
            return fs::remove_file(&from)
                .map_err(|e| Error::from(Share::NotRemoved { error: e.to_string() }));
        }
        fs::rename(&from, &path).map_err(|e| Error::from(Share::NotMoved { path, error: e.to_string() }))
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
                crate::describe::describe(&envelope.envelope().body)
            ),
            Fate::Already { envelope } => format!(
                "  {}",
                t!(
                    "inbox-line-already",
                    author = author(envelope),
                    says = crate::describe::describe(&envelope.envelope().body)
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
