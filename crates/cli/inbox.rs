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

use crate::context::Context;
use cercle_render::errors::Message;

use crate::error::{Error, Io, Result, Share};
use crate::files::{write_once, DirsToSync};

/// Sign `body` as an envelope with the `--as` key and write it into `to/inbox/`. The act is
/// first checked against the member's copy of the ledger (`--ledger`, kept by `cercle sync`):
/// what the copy refuses is refused here, before anything is written.
pub fn send(ctx: &Context, to: &Path, body: Body) -> Result<(SignedEnvelope, PathBuf)> {
    if matches!(body, Body::Checkpoint) {
        return Err(Share::NoCheckpointEnvelope.into());
    }
    let (name, key) = ctx.signer()?;
    let copy = crate::context::open_store(&ctx.ledger)
        .map_err(|error| Share::CopyUnreadable { path: ctx.ledger.clone(), error: Box::new(error) })?;
    let circle = copy.ledger().circle().ok_or(Share::EnvelopeCopyNoCircle)?;
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
            Message::new("inbox-unknown-author-hint").arg("name", name)
        } else {
            Message::new("inbox-copy-behind-hint")
        };
        return Err(Error::rule_of(rule, Message::new("inbox-copy-refuses").arg("seq", seq), Some(hint)));
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

/// One file of the inbox, read.
pub(crate) struct Arrival {
    pub(crate) file: String,
    pub(crate) read: std::result::Result<SignedEnvelope, Unread>,
}

/// Why a file of the inbox is not an envelope to sequence.
pub(crate) enum Unread {
    /// Its bytes are not an envelope (cut short, too large, another format), or it is no file.
    Bad(String),
    /// It could not be read (an I/O error): it stays in the inbox, for the next ingest.
    Io(String),
}

/// What became of a file.
pub(crate) enum Fate {
    /// Sequenced now, as the `nth` entry appended (from 0).
    Sequenced { nth: u64, envelope: SignedEnvelope },
    /// Already in the ledger (sequenced before, or another copy of one sequenced now).
    Already { envelope: SignedEnvelope },
    /// Refused: why.
    Refused { why: String, rule: Option<&'static str> },
    /// Not read (an I/O error): left in the inbox, for the next ingest.
    Left { why: String },
}

/// The inbox's envelope files (`*.envelope`, not hidden: a sync tool's or a writer's temporary
/// files are skipped), read, in the order of their names.
pub(crate) fn read_inbox(inbox: &Path) -> Result<Vec<Arrival>> {
    let listing = match fs::read_dir(inbox) {
        Ok(listing) => listing,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Error::from(Io::unreadable(inbox, error))),
    };
    let mut files = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::from(Io::unreadable(inbox, e)))?;
        let file = item.file_name().to_string_lossy().into_owned();
        if file.starts_with('.') || !file.ends_with(".envelope") {
            continue;
        }
        files.push(file);
    }
    files.sort();
    Ok(files.into_iter().map(|file| Arrival { read: read_envelope(&inbox.join(&file)), file }).collect())
}

pub(crate) fn read_envelope(path: &Path) -> std::result::Result<SignedEnvelope, Unread> {
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

/// Decide each arrival's fate from `ledger`, in a deterministic order: by creation time, then
/// id; an envelope refused is tried again after a pass that let others in (a vote signed in the
/// same second as the attendance it needs), until a pass lets none in. `append` sequences one
/// envelope into the ledger (or says which rule refused it). Returns each arrival's fate, in
/// the arrivals' order, and what `append` returned for each envelope sequenced, in order.
pub(crate) fn sequence<T>(
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
