//! `cercle prove` and `cercle check-proof`: one entry, its place in the ledger's Merkle tree and
//! the support team's signed checkpoint of that tree, in a file of a few hundred bytes that a
//! payee or a funder checks with no ledger (docs/FORMAT.md §10).

use std::path::Path;

use base64::Engine as _;
use cercle_core::{
    merkle, parse_note, verify_note, Body, EntryHash, NoteBody, PublicKey, SignedEntry, Vkey,
    SUPPORT_KEY_NAME,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::commands::{open_store, Context};
use crate::failure::{Failure, Result};
use crate::output::{print, print_json, write_to};

/// What a proof file holds (JSON).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProofFile {
    /// `cercle-proof/1`.
    format: String,
    /// The entry's export line, exactly (docs/FORMAT.md §4).
    entry: String,
    /// Its leaf index (its seq).
    index: u64,
    /// The size of the checkpointed tree.
    size: u64,
    /// The audit path, base64, from the leaf up (RFC 9162 §2.1.3).
    path: Vec<String>,
    /// The signed tree checkpoint note (C2SP tlog-checkpoint).
    checkpoint: String,
}

const PROOF_FORMAT: &str = "cercle-proof/1";
/// A proof file is a few KiB at most: an entry line, 64 hashes and a note.
const PROOF_BYTES_MAX: u64 = 64 * 1024;

/// `cercle prove REF`.
pub fn prove(ctx: &Context, reference: &str, out: Option<&Path>) -> Result<()> {
    let store = open_store(&ctx.ledger)?;
    let note = store.latest_note()?.ok_or_else(|| {
        Failure::new("refused: this ledger has no tree checkpoint yet, so there is nothing to prove against")
            .hint("the support team signs one with `cercle checkpoint --as KEY`")
    })?;
    let parsed = parse_note(&note).map_err(|e| Failure::new(format!("the ledger's checkpoint note: {e}")))?;
    let NoteBody::Tree(checkpoint) = parsed.body() else {
        return Err(Failure::new("the ledger's checkpoint note is not a tree checkpoint"));
    };
    let size = checkpoint.size;
    if store.tree_root_at(size)? != checkpoint.root {
        return Err(Failure::new(format!(
            "refused: the ledger's checkpoint note (size {size}) does not match this ledger's tree"
        )));
    }
    let entry = find(&store, reference)?;
    let index = entry.entry().seq;
    if index >= size {
        return Err(Failure::new(format!(
            "refused: entry #{index} came after the latest checkpoint, which covers entries #0 to #{}",
            size.saturating_sub(1)
        ))
        .hint("ask the support team for a new checkpoint: cercle checkpoint --as KEY"));
    }
    let path = store.inclusion_proof(index, size)?;
    let file = ProofFile {
        format: PROOF_FORMAT.into(),
        entry: entry.to_line(),
        index,
        size,
        path: path.iter().map(|hash| base64::engine::general_purpose::STANDARD.encode(hash)).collect(),
        checkpoint: note,
    };
    let text = serde_json::to_string_pretty(&file)
        .map_err(|e| Failure::new(format!("could not write JSON: {e}")))?;
    write_to(out, &text)
}

/// The entry `reference` names: a position (`87`, `#87`), a payout (`P2/1`) or a vote
/// (`M3/P7/karim`).
fn find(store: &cercle_store::Store, reference: &str) -> Result<SignedEntry> {
    let text = reference.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let not_found = || Failure::new(format!("refused: no entry matches \"{reference}\""));
    match parts.as_slice() {
        [position] => {
            let seq: u64 = position.trim_start_matches('#').parse().map_err(|_| {
                Failure::new(format!(
                    "refused: \"{reference}\" names no entry: give a position (87), a payout (P2/1) or a vote (M3/P7/karim)"
                ))
            })?;
            store.entry_at(seq)?.ok_or_else(not_found)
        }
        [proposal, nth] => {
            let proposal: cercle_core::ProposalId = proposal.parse()?;
            let nth: usize = nth.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                Failure::new(format!("refused: \"{nth}\" is not a payout number (1 for the first)"))
            })?;
            let mut payouts = store.entries().filter(|entry| {
                matches!(entry, Ok(e) if matches!(e.entry().body, Body::Payout { proposal: p, .. } if p == proposal))
                    || entry.is_err()
            });
            payouts.nth(nth - 1).transpose()?.ok_or_else(not_found)
        }
        [meeting, proposal, member] => {
            let meeting: cercle_core::MeetingId = meeting.parse()?;
            let proposal: cercle_core::ProposalId = proposal.parse()?;
            let name: cercle_core::MemberName = member.parse()?;
            let key = store
                .full_ledger()?
                .member(&name)
                .map(|m| m.key)
                .ok_or_else(|| Failure::new(format!("refused: {name} is not a member of this circle")))?;
            let mut votes = store.entries().filter(|entry| match entry {
                Ok(e) => {
                    let e = e.entry();
                    e.author == key
                        && matches!(e.body, Body::Vote { meeting: m, proposal: p, .. } if m == meeting && p == proposal)
                }
                Err(_) => true,
            });
            votes.next().transpose()?.ok_or_else(not_found)
        }
        _ => Err(not_found()),
    }
}

/// `cercle check-proof FILE --key PUBKEY | --vkey VKEY`.
pub fn check_proof(ctx: &Context, file: &Path, key: Option<&str>, vkey: Option<&str>) -> Result<()> {
    let proof = read_proof(file)?;
    if proof.format != PROOF_FORMAT {
        return Err(Failure::new(format!(
            "refused: {} is a {}, not a {PROOF_FORMAT}",
            file.display(),
            proof.format
        )));
    }
    let entry = SignedEntry::from_line(&proof.entry)
        .map_err(|e| Failure::new(format!("refused: the proof's entry cannot be read: {e}")))?;
    entry
        .verify_signature()
        .map_err(|_| Failure::new("refused: the proof's entry is not signed by its author"))?;
    let seq = entry.entry().seq;
    let circle = if seq == 0 { entry.hash() } else { entry.entry().circle };
    let note = parse_note(&proof.checkpoint)
        .map_err(|e| Failure::new(format!("refused: the proof's checkpoint note cannot be read: {e}")))?;
    let NoteBody::Tree(checkpoint) = note.body() else {
        return Err(Failure::new("refused: the proof's checkpoint note is not a tree checkpoint"));
    };
    let known = known_keys(key, vkey)?;
    let known_refs: Vec<(&str, PublicKey)> = known.iter().map(|(name, key)| (name.as_str(), *key)).collect();
    let signers = verify_note(&note, &known_refs)
        .map_err(|e| Failure::new(format!("refused: the checkpoint is not signed by the key given: {e}")))?;
    if checkpoint.circle != circle {
        return Err(Failure::new(format!(
            "refused: the checkpoint is of circle {}, the entry of circle {}",
            short(&checkpoint.circle),
            short(&circle)
        )));
    }
    if proof.size != checkpoint.size || proof.index != seq {
        return Err(Failure::new(format!(
            "refused: the proof says entry #{} of {}, but its entry is #{seq} and its checkpoint covers {} entries",
            proof.index, proof.size, checkpoint.size
        )));
    }
    let path = decode_path(&proof.path)?;
    merkle::verify_inclusion(entry.hash().0, seq, checkpoint.size, &path, checkpoint.root)
        .map_err(|e| Failure::new(format!("refused: the entry is not in the checkpointed tree: {e}")))?;
    let e = entry.entry();
    let says = crate::read::describe(&e.body);
    let by: Vec<String> = signers.iter().map(|(name, _)| name.clone()).collect();
    if ctx.json {
        return print_json(&json!({
            "verified": true, "circle": circle.to_hex(), "seq": seq, "size": checkpoint.size,
            "hash": entry.hash().to_hex(), "recorded_at": e.recorded_at.to_rfc3339(), "kind": e.body.kind(),
            "body": e.body, "says": says, "signed_by": by,
        }));
    }
    print(&format!(
        "Verified: entry #{seq} of {} in circle {}, recorded {} by key {}…: it {says}.\nIt is in the tree the checkpoint signed by {} covers (root {}).",
        checkpoint.size,
        short(&circle),
        e.recorded_at.format("%Y-%m-%d %H:%M UTC"),
        &e.author.to_hex()[..12],
        by.join(", "),
        &EntryHash(checkpoint.root).to_hex()[..16],
    ))
}

fn read_proof(file: &Path) -> Result<ProofFile> {
    let cannot = |e: std::io::Error| Failure::new(format!("could not read {}: {e}", file.display()));
    let length = std::fs::metadata(file).map_err(cannot)?.len();
    if length > PROOF_BYTES_MAX {
        return Err(Failure::new(format!(
            "refused: {} is {length} bytes, more than a proof can be ({PROOF_BYTES_MAX})",
            file.display()
        )));
    }
    let text = std::fs::read_to_string(file).map_err(cannot)?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::new(format!("refused: {} is not a cercle proof: {e}", file.display())))
}

fn known_keys(key: Option<&str>, vkey: Option<&str>) -> Result<Vec<(String, PublicKey)>> {
    match (key, vkey) {
        (Some(key), None) => Ok(vec![(SUPPORT_KEY_NAME.to_string(), key.parse()?)]),
        (None, Some(vkey)) => {
            let vkey = Vkey::parse(vkey).map_err(|e| Failure::new(format!("refused: --vkey: {e}")))?;
            Ok(vec![(vkey.name().to_string(), vkey.key())])
        }
        _ => Err(Failure::usage("say whose signature to check: --key SUPPORT_PUBKEY or --vkey VKEY")),
    }
}

fn decode_path(path: &[String]) -> Result<Vec<[u8; 32]>> {
    if path.len() > merkle::PROOF_HASHES_MAX {
        return Err(Failure::new(format!(
            "refused: the proof's path has {} hashes, more than any tree needs",
            path.len()
        )));
    }
    path.iter()
        .map(|text| {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or_else(|| {
                    Failure::new(format!("refused: \"{text}\" in the proof's path is not a base64 hash"))
                })
        })
        .collect()
}

fn short(hash: &EntryHash) -> String {
    hash.to_hex()[..16].to_string()
}
