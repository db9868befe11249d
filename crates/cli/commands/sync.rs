//! `cercle sync DIR`: a member's copy of the circle's ledger, taken from the folder the keeper
//! publishes to (`cercle publish DIR`, the C2SP tlog-tiles layout of `docs/FORMAT.md` §11), then
//! kept up to date from it. The first time, every entry is verified (as `import DIR`). Each
//! later time, the publication must *extend* the copy: its signed checkpoint's tree must be
//! consistent with the copy's (an RFC 9162 consistency proof read from the hash tiles), and
//! only the new entry bundles are read; their entries are checked against every rule from the
//! copy's state and must give the checkpoint's root. A publication that does not extend the
//! copy (a rewritten history, or a copy where entries were appended locally) is refused with
//! both heads and the first entry where they differ: the copy is left as it was.

use std::path::Path;

use cercle_core::merkle::{self, Frontier};
use cercle_core::{EntryHash, SignedEntry};
use cercle_store::published::{is_published, Published};
use cercle_store::Store;
use serde_json::json;

use crate::context::Context;
use crate::error::{Error, Result, Share};

/// What a sync did.
struct Synced {
    circle: String,
    /// Entries the copy held before, and holds now.
    before: u64,
    after: u64,
    head: (u64, EntryHash),
    /// Whether the publication was behind the copy (nothing to take).
    behind: bool,
}

pub fn sync(ctx: &Context, dir: &Path) -> Result<()> {
    if !dir.is_dir() || !is_published(dir) {
        return Err(Share::NotPublished { path: dir.to_path_buf() }.into());
    }
    let published = Published::open(dir)?;
    let synced =
        if ledger_exists(&ctx.ledger) { extend(ctx, dir, &published)? } else { take(ctx, dir, &published)? };
    let (seq, hash) = synced.head;
    let new = synced.after - synced.before;
    if ctx.json {
        return crate::output::print_json_recorded(&json!({
            "circle": synced.circle,
            "from": dir,
            "ledger": ctx.ledger,
            "entries": synced.after,
            "new_entries": new,
            "published_entries": published.tree().size,
            "head": {"seq": seq, "hash": hash.to_hex()},
        }));
    }
    let message = if synced.before == 0 {
        t!(
            "sync-took",
            circle = synced.circle,
            path = dir.display(),
            entries = synced.after,
            ledger = ctx.ledger.display(),
            seq = seq,
            hash = hash
        )
    } else if synced.behind {
        t!(
            "sync-behind",
            path = dir.display(),
            published = published.tree().size,
            circle = synced.circle,
            entries = synced.after
        )
    } else if new == 0 {
        t!("sync-up-to-date", circle = synced.circle, path = dir.display(), seq = seq, hash = hash)
    } else {
        t!(
            "synced",
            circle = synced.circle,
            path = dir.display(),
            new = new,
            first = synced.before,
            seq = seq,
            hash = hash
        )
    };
    crate::output::print_recorded(&message)
}

/// Whether `path` holds a ledger (anything but a missing or empty directory).
fn ledger_exists(path: &Path) -> bool {
    path.read_dir().map(|mut items| items.next().is_some()).unwrap_or(false)
}

/// The first sync: the whole publication verified into a new ledger, its checkpoint kept with
/// it (so that `cercle prove` works on the copy).
fn take(ctx: &Context, dir: &Path, published: &Published) -> Result<Synced> {
    let mut progress = crate::progress::Progress::new(t!("progress-taking", path = dir.display()));
    let unit = t!("progress-entries");
    let entries = progress.counting(published.entries(), &unit);
    let ledger = Store::import_with(&ctx.ledger, entries, cercle_core::Verifier::new())?;
    drop(progress);
    let head = ledger.head().ok_or(Share::PublishedEmpty)?;
    let circle = ledger.circle().map(|c| c.name.to_string()).unwrap_or_default();
    // The ledger is durable: keeping the note is a convenience, and its failure a note.
    match crate::context::open_writer(ctx).map(|store| store.save_note(published.note())) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => crate::output::note(&t!("sync-note-not-kept", error = error)),
        Err(failure) => crate::output::note(&t!("sync-note-not-kept", error = failure.message())),
    }
    Ok(Synced { circle, before: 0, after: ledger.len(), head: (head.seq, head.hash), behind: false })
}

/// A later sync: the publication must extend the copy; its new entries are appended at once.
fn extend(ctx: &Context, dir: &Path, published: &Published) -> Result<Synced> {
    let mut store = crate::context::open_writer(ctx)?;
    let circle = store.ledger().circle().ok_or(Share::CopyNoCircleYet)?.clone();
    let tree = published.tree();
    if tree.circle != circle.id {
        let (path, name) = (dir.to_path_buf(), circle.name.to_string());
        return Err(
            Share::PublishedOtherCircle { path, theirs: tree.circle, circle: name, mine: circle.id }.into()
        );
    }
    let note = cercle_core::parse_note(published.note())?;
    cercle_core::verify_note(&note, &store.ledger().publishers())
        .map_err(|e| Share::PublishedBadSigner { path: dir.to_path_buf(), error: e.to_string() })?;
    let (mine, my_root) = store.tree_head();
    let (theirs, their_root) = (tree.size, tree.root);
    let name = circle.name.to_string();
    let my_head = |store: &Store| store.ledger().head().map(|h| (h.seq, h.hash));
    let fork = |store: &Store| Error::from(fork(store, published, dir));
    if theirs <= mine {
        if theirs == 0 || store.tree_root_at(theirs)? != their_root {
            return Err(fork(&store));
        }
        // The same tree, perhaps with more signatures since (the support team's cosignature):
        // the publication's note is kept, as after new entries.
        if theirs == mine && store.latest_note().ok().flatten().as_deref() != Some(published.note()) {
            if let Err(error) = store.save_note(published.note()) {
                crate::output::note(&t!("sync-note-not-kept", error = error));
            }
        }
        let head = my_head(&store).ok_or(Share::CopyEmpty)?;
        return Ok(Synced { circle: name, before: mine, after: mine, head, behind: theirs < mine });
    }
    let proof = merkle::consistency_proof_from(mine, theirs, |level, n| published.tree_node(level, n));
    let proof = proof?;
    if merkle::verify_consistency(mine, theirs, &proof, my_root, their_root).is_err() {
        return Err(fork(&store));
    }
    // The new entries: their hashes must extend the copy's tree to the checkpoint's root.
    let mut frontier = Frontier::from_nodes(mine, |level, n| store.tree_node(level, n))?;
    let mut entries: Vec<SignedEntry> = Vec::new();
    for entry in published.entries_from(mine) {
        let entry = entry?;
        frontier.push(entry.hash().0)?;
        entries.push(entry);
    }
    if frontier.size() != theirs || frontier.root() != their_root {
        return Err(Share::BundleChanged { path: dir.to_path_buf(), seq: mine - 1 }.into());
    }
    store.append_all(&entries)?;
    // Recorded: the checkpoint is kept for `cercle prove`, and a failure is only a note.
    if let Err(error) = store.save_note(published.note()) {
        crate::output::note(&t!("sync-note-not-kept", error = error));
    }
    crate::context::print_notes(&mut store);
    let head = my_head(&store).ok_or(Share::CopyEmpty)?;
    Ok(Synced { circle: name, before: mine, after: theirs, head, behind: false })
}

/// The refusal of a publication that does not extend the copy: both heads, and the first
/// entry where the two differ (found by comparing leaves, O(log n) of them).
fn fork(store: &Store, published: &Published, dir: &Path) -> Share {
    let (mine, theirs) = (store.tree_head().0, published.tree().size);
    let same = |i: u64| -> bool {
        matches!((store.tree_node(0, i), published.tree_node(0, i)), (Ok(a), Ok(b)) if a == b)
    };
    // Leaves are equal up to the first entry that differs (each entry chains to the one before).
    let (mut low, mut high) = (0, mine.min(theirs));
    while low < high {
        let middle = low + (high - low) / 2;
        if same(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    Share::Fork {
        path: dir.to_path_buf(),
        first: low,
        both_hold_it: low < mine.min(theirs),
        mine: store.ledger().head().map(|h| (h.seq, h.hash)),
        theirs: Box::new(published.tree()),
    }
}
