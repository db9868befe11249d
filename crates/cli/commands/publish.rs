//! `cercle publish DIR`: the ledger, as far as the support team's latest tree checkpoint covers
//! it, in the C2SP tlog-tiles layout (docs/FORMAT.md §11): `checkpoint`, the hash tiles
//! `tile/<L>/<N>[.p/<W>]` and the entry bundles `tile/entries/<N>[.p/<W>]`.
//!
//! Every file but `checkpoint` is written once: its path decides its bytes, so a file that is
//! there already must hold exactly those bytes (or the folder holds another ledger, or was
//! damaged, and nothing is written), and a later publication only adds files. A shared folder,
//! a git repository or a static web host then carries the ledger, and sync tools copy only
//! what is new; publishing again reads only the files that the folder's checkpoint does not
//! vouch for (see [`publish`]). A new file is written as a hidden temporary file beside its
//! place, synced, then linked into place (never over another file); the directories are synced
//! before the checkpoint, which is written last: an interrupted publication leaves only
//! complete files, and no checkpoint that names a file that is not there.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use cercle_core::{
    cosign_note, parse_note, verify_note, NoteBody, PublicKey, TreeCheckpoint, KEEPER_KEY_NAME,
};
use cercle_render::errors::Message;
use cercle_store::published::TILE_WIDTH;
use cercle_store::Store;
use serde_json::json;

use crate::context::{open_store, Context};
use crate::error::{Audit, Error, Result, Share};
use crate::files::{cannot_read, existing_file, other_bytes, replace, write_once, DirsToSync};
use crate::output::{note, print, print_json};
use crate::tiles::{
    contents, earlier_partials, grouped, holds, length_holds, tiles_of, CheckpointFile, Entries, Tile,
};

/// `cercle publish DIR`.
///
/// Publishing again costs what is new. When `DIR/checkpoint` is a tree checkpoint of this
/// circle, of a size `m` no larger than the ledger's checkpoint's, whose root is this ledger's
/// root at size `m` ([`read_published_checkpoint`] checks it, and refuses any other checkpoint),
/// the files it vouches for are not read:
///
/// - the files a publication of size `m` writes that this one lists too, at the same path:
///   the full tiles and bundles below `m` (and all of its files if `m` is the new size);
/// - the partial tiles at a place where that tree has a full tile, or narrower than its
///   partial tile there (left by the publications before it): a publication of size `m`
///   compared them (or they were vouched for by the checkpoint before it, and so on).
///
/// Of those, only the metadata is read: a file that is missing is written again, and one that
/// is not a file, or a hash tile of another length, is refused. Everything else is
/// compared byte for byte, as when the folder has no checkpoint: the new files' places, any file
/// there that the checkpoint does not vouch for, and the partial tiles of size `m` that this
/// publication supersedes (at most one a level and one bundle, each under 8 KiB or 256 entries).
///
/// Why it is sound: a publication writes the checkpoint last, after every file it writes or
/// compares is in place and synced, and a file, once written, is never rewritten; so a
/// checkpoint of size `m` in the folder says those files were there, with the bytes a tree of
/// size `m` decides, when it was written. Its root is this ledger's root at `m`, so that tree
/// is this ledger's first `m` entries (RFC 6962 roots are collision-resistant): the bytes the
/// files must hold are the same for both, and comparing them again would find them equal. What
/// this does not see is a vouched-for file changed in place since: checking a folder against
/// its checkpoint is `cercle verify DIR`'s (and a witness's), not `publish`'s, which only adds
/// files. A checkpoint that is absent, of another tree, or does not parse vouches for nothing:
/// without one every file there is compared, and any other is refused, as before.
pub fn publish(ctx: &Context, dir: &Path) -> Result<()> {
    let store = open_store(&ctx.ledger)?;
    let circle = store.ledger().circle().ok_or(Error::NoCircleYet)?.clone();
    let name = circle.name.to_string();
    let text = match ctx.as_key {
        Some(_) => keeper_note(ctx, &store)?,
        None => store.latest_note()?.ok_or(Share::NoCheckpoint)?,
    };
    let parsed = parse_note(&text).map_err(|e| Audit::NoteBad { error: e.to_string() })?;
    let NoteBody::Tree(checkpoint) = *parsed.body() else {
        return Err(Audit::NoteNotTree.into());
    };
    if checkpoint.circle != circle.id {
        return Err(Share::NoteOtherCircle { theirs: checkpoint.circle, name, mine: circle.id }.into());
    }
    verify_note(&parsed, &store.ledger().publishers())
        .map_err(|e| Share::NoteBadSigner { error: e.to_string() })?;
    let size = checkpoint.size;
    let (ledger_size, _) = store.tree_head();
    if size > ledger_size || store.tree_root_at(size)? != checkpoint.root {
        return Err(Audit::NoteMismatch { size }.into());
    }

    let checkpoint_path = dir.join("checkpoint");
    let published = read_published_checkpoint(&store, &checkpoint_path, &checkpoint, &name)?;
    // The size of the tree the folder's checkpoint states, if it has one (of this circle, and
    // of this ledger's tree at that size: checked above), else 0 (nothing is known of it).
    let published_size = published.as_ref().map_or(0, |(_, size)| *size);

    // First the files already there are compared (but for those the folder's checkpoint
    // vouches for: see above), and nothing is written if one differs; then the missing ones
    // are written.
    let tiles = tiles_of(size);
    let mut entries = Entries::new(&store);
    let mut missing = Vec::new();
    for tile in &tiles {
        let path = dir.join(tile.path());
        // The width of the folder's checkpoint's tile at this place: 256 if it is full.
        let vouched = tile.width_in(published_size);
        // At a place where that tree has a full tile, every partial tile there is narrower than
        // it, vouched for with it: the `.p` directory is not even listed.
        let earlier = if vouched == TILE_WIDTH { Vec::new() } else { earlier_partials(dir, *tile)? };
        match existing_file(&path)? {
            // This very file is one the folder's checkpoint vouches for: it is there, and of
            // the layout's length; its bytes are not read.
            Some(meta) if tile.width() == vouched => {
                if !length_holds(&meta, *tile) {
                    return Err(other_bytes(&path));
                }
            }
            Some(meta) => {
                if !holds(&store, &mut entries, &path, &meta, *tile)? {
                    return Err(other_bytes(&path));
                }
            }
            None => missing.push(*tile),
        }
        // The partial tiles earlier publications left at this place are prefixes of this one;
        // those narrower than the folder's checkpoint's tile here are vouched for with it (its
        // own, as wide, is compared: it is the one this publication supersedes).
        for (w, path) in earlier.into_iter().filter(|(w, _)| *w >= vouched) {
            let partial = tile.with_width(w);
            let meta = existing_file(&path)?.ok_or_else(|| other_bytes(&path))?;
            if !holds(&store, &mut entries, &path, &meta, partial)? {
                return Err(other_bytes(&path));
            }
        }
    }
    let mut dirs = DirsToSync::default();
    dirs.create(dir)?;
    let (mut new_tiles, mut new_bundles) = (0u64, 0u64);
    for tile in &missing {
        let bytes = contents(&store, &mut entries, *tile)?;
        write_once(dir, &tile.path(), &bytes, &mut dirs)?;
        match tile {
            Tile::Hashes { .. } => new_tiles += 1,
            Tile::Entries { .. } => new_bundles += 1,
        }
    }
    dirs.sync()?;
    let checkpoint_file = match published {
        Some((bytes, _)) if bytes == text.as_bytes() => CheckpointFile::Unchanged,
        Some(_) => {
            replace(dir, "checkpoint", text.as_bytes())?;
            CheckpointFile::Replaced
        }
        None => {
            replace(dir, "checkpoint", text.as_bytes())?;
            CheckpointFile::New
        }
    };

    if ledger_size > size {
        let message = t!("publish-unpublished", first = size, last = ledger_size - 1);
        note(&t!("note-line", message = message));
    }
    // The checkpoint counts as a new file the first time only: later it is replaced.
    let new_files = new_tiles + new_bundles + u64::from(checkpoint_file == CheckpointFile::New);
    let unchanged_files = tiles.len() as u64 - new_tiles - new_bundles
        + u64::from(checkpoint_file == CheckpointFile::Unchanged);
    if ctx.json {
        return print_json(&json!({
            "circle": name, "circle_id": circle.id.to_hex(), "dir": dir, "size": size,
            "new_files": new_files, "new_tiles": new_tiles, "new_bundles": new_bundles,
            "unchanged_files": unchanged_files, "checkpoint": checkpoint_file.as_str(),
        }));
    }
    let files_plural = if new_files == 1 { "one" } else { "other" };
    let entries_plural = if size == 1 { "one" } else { "other" };
    let (size, new) = (grouped(size), grouped(new_files));
    let message = match checkpoint_file {
        CheckpointFile::Unchanged => Message::new("published-unchanged"),
        _ => Message::new("published"),
    };
    let message = message
        .arg("size", size)
        .arg("entries_plural", entries_plural)
        .arg("name", name)
        .arg("path", dir.display())
        .arg("new", new)
        .arg("files_plural", files_plural);
    print(&message.format(crate::lang::lang()))
}

/// The bytes of `DIR/checkpoint` if there is one, and the size it states, after checking that
/// this publication may replace it: a tree checkpoint of the same circle, of a size no larger
/// than the new one's, whose root is this ledger's root at that size.
fn read_published_checkpoint(
    store: &Store,
    path: &Path,
    checkpoint: &TreeCheckpoint,
    name: &str,
) -> Result<Option<(Vec<u8>, u64)>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(cannot_read(path, &error)),
    };
    let published = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| parse_note(text).ok())
        .and_then(|note| match note.body() {
            NoteBody::Tree(tree) => Some(*tree),
            NoteBody::Chain { .. } => None,
        })
        .ok_or_else(|| Share::FolderNotCheckpoint { path: path.to_path_buf() })?;
    if published.circle != checkpoint.circle {
        let (path, name) = (path.to_path_buf(), name.to_string());
        return Err(Share::FolderOtherCircle {
            path,
            theirs: published.circle,
            name,
            mine: checkpoint.circle,
        }
        .into());
    }
    if published.size > checkpoint.size {
        let path = path.to_path_buf();
        return Err(Share::FolderAhead { path, size: published.size, latest: checkpoint.size }.into());
    }
    if store.tree_root_at(published.size)? != published.root {
        let (path, name) = (path.to_path_buf(), name.to_string());
        return Err(Share::FolderFork { path, size: published.size, name }.into());
    }
    Ok(Some((bytes, published.size)))
}

/// The keeper's checkpoint of the whole ledger: a tree note signed by the `--as` key (a current
/// soucieux) as [`KEEPER_KEY_NAME`]; if the support team's note kept with the ledger is of
/// this very tree, the keeper's signature is added to it, so the publication carries both.
fn keeper_note(ctx: &Context, store: &cercle_store::Store) -> Result<String> {
    let (name, key) = ctx.signer()?;
    let keeper = PublicKey(key.verifying_key().to_bytes());
    let ledger = store.ledger();
    let circle = ledger.circle().ok_or(Error::NoCircleYet)?;
    if !ledger.publishers().contains(&(KEEPER_KEY_NAME, keeper)) {
        return Err(Share::NotKeeper { name, circle: circle.name.to_string() }.into());
    }
    let (size, root) = store.tree_head();
    let head = ledger.head().map(|head| head.hash);
    let tree = TreeCheckpoint::new(circle.id, size, root, head)?;
    let own = tree.sign(&key, KEEPER_KEY_NAME)?;
    let support = store.latest_note()?.filter(
        |kept| matches!((parse_note(kept), parse_note(&own)), (Ok(a), Ok(b)) if a.text() == b.text()),
    );
    match support {
        Some(kept) => match cosign_note(&kept, &key, KEEPER_KEY_NAME) {
            Ok(both) => Ok(both),
            Err(cercle_core::CheckpointError::AlreadySigned { .. }) => Ok(kept),
            Err(e) => Err(Error::from(e)),
        },
        None => Ok(own),
    }
}
