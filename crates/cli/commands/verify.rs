//! `cercle verify`: signatures, chain and every rule, of the ledger or an export.

use serde_json::json;

use crate::args::VerifyArgs;
use crate::context::Context;
use crate::error::{Audit, Result};
use crate::output::{print, print_json};
use cercle_core::PublicKey;

use crate::source::{
    check_note_keys, identity, load_checkpoints, tree_notes, verifier, verify_source, Required, Source,
};

pub fn verify(ctx: &Context, args: VerifyArgs) -> Result<()> {
    let source = match &args.file {
        Some(file) => Source::open(file)?,
        None => Source::Store(Box::new(crate::context::open_store(&ctx.ledger)?)),
    };
    let circle = identity(&source)?;
    let (chain_files, trees) = tree_notes(&args.checkpoint, circle, &source)?;
    let checkpoints = load_checkpoints(&chain_files, circle, true, &source)?;
    // Tree notes are numbered after the chain notes, as they are counted in messages.
    let required: Vec<Required> = checkpoints
        .iter()
        .map(|(checkpoint, _)| Required::of_chain(checkpoint))
        .chain(trees.iter().map(|(tree, _)| *tree))
        .collect();
    let ledger = verify_source(&source, &required, verifier(args.strict))?;
    let signers: Vec<(u64, PublicKey)> = checkpoints
        .iter()
        .map(|(checkpoint, key)| (checkpoint.seq(), *key))
        .chain(trees.iter().map(|(tree, key)| (tree.seq(), *key)))
        .collect();
    check_note_keys(&ledger, &signers)?;
    let checkpoints: Vec<_> = checkpoints.into_iter().map(|(checkpoint, _)| checkpoint).collect();
    let trees: Vec<Required> = trees.into_iter().map(|(tree, _)| tree).collect();
    let head = ledger.head().ok_or(Audit::LedgerEmpty)?;
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
