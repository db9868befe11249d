//! `cercle checkpoint [FILE]`: the support team signs the head (of the ledger, or of an export).

use std::fs;
use std::path::Path;

use cercle_core::{Body, Checkpoint, PublicKey};
use cercle_render::errors::{Localized as _, Message};
use serde_json::json;

use crate::context::Context;
use crate::error::{store_error, Error, Io, Result, Sign};
use crate::lang::lang;
use crate::output::{note, print, print_json};
use crate::source::{verifier, verify_source, Source};

/// `cercle checkpoint`, or `cercle checkpoint FILE` (an export: nothing is appended).
pub(crate) fn run(ctx: &Context, file: Option<&Path>, out: Option<&Path>) -> Result<()> {
    match file {
        None => checkpoint(ctx, out),
        Some(file) => checkpoint_export(ctx, file, out),
    }
}

pub fn checkpoint(ctx: &Context, out: Option<&Path>) -> Result<()> {
    let (_, key) = ctx.signer()?;
    // The note's file is created before the entry is appended: a path that cannot be written is
    // refused while the ledger is still as it was.
    let mut file = out
        .map(|path| fs::File::create(path).map_err(|e| Error::from(Io::unwritable(path, e))))
        .transpose()?;
    // With --to, `inbox::send` refuses a checkpoint: it signs the head, which envelopes do not know.
    let crate::context::Signed::Entry(store, entry) = ctx.append(Body::Checkpoint)? else {
        return Err(Sign::CheckpointNoEnvelope.into());
    };
    let circle = store.ledger().circle().ok_or(Error::NoCircleYet)?;
    let support = circle.support_key.ok_or(Sign::NoSupportKey)?;
    let note_text = Checkpoint::sign(circle.id, entry.entry().seq, entry.hash(), &key).to_note(&support);
    // The tree checkpoint (C2SP tlog-checkpoint) of the same head, kept with the ledger for
    // `cercle prove`. The entry is durable: a failure here is a note, not a failure.
    let (size, root) = store.tree_head();
    let tree_note = cercle_core::TreeCheckpoint::new(circle.id, size, root, Some(entry.hash()))
        .and_then(|checkpoint| checkpoint.sign(&key, cercle_core::SUPPORT_KEY_NAME))
        .map_err(|e| e.in_lang(lang()))
        .and_then(|text| store.save_note(&text).map(|()| text).map_err(|e| store_error(&e, lang())));
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
    let circle = ledger.circle().ok_or(Sign::ExportNoCircle)?;
    let head = ledger.head().ok_or(Sign::ExportNoEntry)?;
    let signer = PublicKey(key.verifying_key().to_bytes());
    let support = circle.support_key.ok_or(Sign::CheckpointNoSupportKey)?;
    // Who may sign a checkpoint is the rule of checkpoint entries (cercle-core), not the CLI's.
    ledger.check_checkpoint_signer(&signer).map_err(|rule| {
        Error::rule_hinted(rule, Message::new("checkpoint-not-support-hint").arg("key", support))
    })?;
    let note_text = Checkpoint::sign(circle.id, head.seq, head.hash, &key).to_note(&support);
    if let Some(path) = out {
        fs::write(path, &note_text).map_err(|e| Error::from(Io::unwritable(path, e)))?;
        note(&t!("checkpoint-export-written", seq = head.seq, circle = circle.name, path = path.display()));
    }
    if ctx.json {
        return print_json(
            &json!({ "seq": head.seq, "hash": head.hash.to_hex(), "note": note_text, "appended": false }),
        );
    }
    print(&note_text)
}
