//! `cercle cosign NOTE`: a tree checkpoint note cosigned as a witness.

use std::path::Path;

use cercle_core::{parse_note, NoteBody, PublicKey, SUPPORT_KEY_NAME};

use crate::context::{open_store, Context};
use crate::error::{Audit, Error, Io, Result, Sign};
use crate::output::write_to;

/// `cercle cosign NOTE --as KEY`: a witness (another circle's soucieux, another region) adds its
/// signature line to a tree checkpoint, but only after checking it: signed by the circle's
/// support key, and its root the root of this ledger's first `size` entries (the witness's own
/// copy, verified on its side). A note it cannot vouch for is refused, nothing written.
pub fn cosign(ctx: &Context, file: &Path, name: Option<&str>, out: Option<&Path>) -> Result<()> {
    let (key_name, key) = ctx.signer()?;
    let text = std::fs::read(file).map_err(|e| Error::from(Io::unreadable(file, e))).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| Sign::NotANote { path: file.to_path_buf() }.into())
    })?;
    let note = parse_note(&text).map_err(|e| Audit::FileRefused {
        path: file.to_path_buf(),
        error: cercle_render::errors::Localized::in_lang(&e, crate::lang::lang()),
    })?;
    let NoteBody::Tree(tree) = note.body() else {
        return Err(Sign::NotATree { path: file.to_path_buf() }.into());
    };
    let store = open_store(&ctx.ledger)?;
    let circle = store.ledger().circle().ok_or(Error::NoCircleYet)?;
    // The support team's line bears the name its readers know it by.
    let is_support = circle.support_key == Some(PublicKey(key.verifying_key().to_bytes()));
    let name = name.unwrap_or(if is_support { SUPPORT_KEY_NAME } else { &key_name });
    if tree.circle != circle.id {
        return Err(Sign::OtherCircle { path: file.to_path_buf() }.into());
    }
    cercle_core::verify_note(&note, &store.ledger().publishers())
        .map_err(|error| Sign::BadSigner { path: file.to_path_buf(), error })?;
    if tree.size > store.tree_head().0 || store.tree_root_at(tree.size)? != tree.root {
        return Err(Sign::NotVouched { size: tree.size }.into());
    }
    let cosigned = cercle_core::cosign_note(&text, &key, name)?;
    if let Some(to) = &ctx.to {
        // Through the circle's inbox: the keeper's `ingest` keeps it with the ledger.
        let file = crate::inbox::send_note(to, &cosigned)?;
        crate::output::note(&t!(
            "cosign-sent",
            size = tree.size,
            path = to.join("inbox").join(&file).display()
        ));
        return crate::output::print_recorded(&file);
    }
    write_to(out, &cosigned)
}
