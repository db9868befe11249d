//! `cercle prove` and `cercle check-proof`: one entry, its place in the ledger's Merkle tree and
//! the support team's signed checkpoint of that tree, in a file of a few hundred bytes that a
//! payee or a funder checks with no ledger (docs/FORMAT.md §10).

use std::path::Path;

use cercle_core::proof::{Proof, PROOF_BYTES_MAX};
use cercle_core::{parse_note, Body, EntryHash, NoteBody, PublicKey, SignedEntry, Vkey, SUPPORT_KEY_NAME};
use serde_json::json;

use crate::commands::{open_store, Context};
use crate::failure::{Failure, Result};
use crate::output::{print, print_json, write_to};

/// `cercle prove REF`.
pub fn prove(ctx: &Context, reference: &str, out: Option<&Path>) -> Result<()> {
    let store = open_store(&ctx.ledger)?;
    let note = store
        .latest_note()?
        .ok_or_else(|| Failure::new(t!("prove-no-checkpoint")).hint(t!("prove-no-checkpoint-hint")))?;
    let parsed = parse_note(&note).map_err(|e| Failure::new(t!("prove-note-bad", error = e)))?;
    let NoteBody::Tree(checkpoint) = parsed.body() else {
        return Err(Failure::new(t!("prove-note-not-tree")));
    };
    let size = checkpoint.size;
    if store.tree_root_at(size)? != checkpoint.root {
        return Err(Failure::new(t!("prove-note-mismatch", size = size)));
    }
    let entry = find(&store, reference)?;
    let index = entry.entry().seq;
    if index >= size {
        return Err(Failure::new(t!("prove-after-checkpoint", seq = index, last = size.saturating_sub(1)))
            .hint(t!("prove-after-checkpoint-hint")));
    }
    let path = store.inclusion_proof(index, size)?;
    write_to(out, &Proof::new(&entry, size, &path, note).to_json())
}

/// The entry `reference` names: a position (`87`, `#87`), a payout (`P2/1`) or a vote
/// (`M3/P7/karim`).
fn find(store: &cercle_store::Store, reference: &str) -> Result<SignedEntry> {
    let text = reference.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let not_found = || Failure::new(t!("prove-no-match", reference = reference));
    match parts.as_slice() {
        [position] => {
            let seq: u64 = position
                .trim_start_matches('#')
                .parse()
                .map_err(|_| Failure::new(t!("prove-bad-reference", reference = reference)))?;
            store.entry_at(seq)?.ok_or_else(not_found)
        }
        [proposal, nth] => {
            let proposal: cercle_core::ProposalId = proposal.parse()?;
            let nth: usize = nth
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| Failure::new(t!("prove-bad-payout-number", nth = nth)))?;
            let mut payouts = store.entries_from(first_after_proposal(store, proposal)?)?.filter(|entry| {
                matches!(entry, Ok(e) if matches!(e.entry().body.act(), Body::Payout { proposal: p, .. } if *p == proposal))
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
                .ok_or_else(|| Failure::new(t!("prove-not-member", name = name)))?;
            let mut votes = store.entries_from(first_after_proposal(store, proposal)?)?.filter(|entry| match entry {
                Ok(e) => {
                    let e = e.entry();
                    e.actor() == key
                        && matches!(e.body.act(), Body::Vote { meeting: m, proposal: p, .. } if *m == meeting && *p == proposal)
                }
                Err(_) => true,
            });
            votes.next().transpose()?.ok_or_else(not_found)
        }
        _ => Err(not_found()),
    }
}

/// The first entry recorded no earlier than `proposal` was proposed: payouts on it and votes
/// on it come after it, and entries are in time order (a rule), so a search by time (O(log² n)
/// reads) spares reading the ledger from its start.
fn first_after_proposal(store: &cercle_store::Store, proposal: cercle_core::ProposalId) -> Result<u64> {
    let proposed_at = match store.ledger().proposal(proposal) {
        Some(found) => found.proposed_at,
        None => match store.full_ledger()?.proposal(proposal) {
            Some(found) => found.proposed_at,
            None => return Err(Failure::new(t!("prove-no-proposal", proposal = proposal))),
        },
    };
    let (mut low, mut high) = (0, store.ledger().len());
    while low < high {
        let middle = low + (high - low) / 2;
        match store.entry_at(middle)? {
            Some(entry) if entry.entry().recorded_at < proposed_at => low = middle + 1,
            _ => high = middle,
        }
    }
    Ok(low)
}

/// `cercle check-proof FILE --key PUBKEY | --vkey VKEY`.
pub fn check_proof(ctx: &Context, file: &Path, key: Option<&str>, vkey: Option<&str>) -> Result<()> {
    let known = known_keys(key, vkey)?;
    let text = read_proof(file)?;
    let refused = |e: cercle_core::proof::ProofFileError| {
        Failure::new(t!("proof-refused-file", path = file.display(), error = e))
    };
    let proof = Proof::parse(&text).map_err(refused)?;
    let keys: Vec<(&str, PublicKey)> = known.iter().map(|(name, key)| (name.as_str(), *key)).collect();
    let checked = proof.check(&keys).map_err(refused)?;
    let e = checked.entry.entry();
    let seq = e.seq;
    let says = crate::read::describe(&e.body);
    if ctx.json {
        return print_json(&json!({
            "verified": true, "circle": checked.circle.to_hex(), "seq": seq, "size": checked.size,
            "hash": checked.entry.hash().to_hex(), "recorded_at": e.recorded_at.to_rfc3339(), "kind": e.body.kind(),
            "body": e.body, "says": says, "signed_by": checked.signers,
        }));
    }
    let verified = t!(
        "proof-verified",
        seq = seq,
        size = checked.size,
        circle = short(&checked.circle),
        date = e.recorded_at.format("%Y-%m-%d %H:%M UTC"),
        author = &e.author.to_hex()[..12],
        says = says
    );
    let tree = t!(
        "proof-verified-tree",
        signers = checked.signers.join(", "),
        root = &EntryHash(checked.root).to_hex()[..16]
    );
    print(&format!("{verified}\n{tree}"))
}

fn read_proof(file: &Path) -> Result<String> {
    let cannot =
        |e: std::io::Error| Failure::new(t!("cli-file-unreadable", path = file.display(), error = e));
    let length = std::fs::metadata(file).map_err(cannot)?.len();
    if length > PROOF_BYTES_MAX as u64 {
        return Err(Failure::new(t!(
            "proof-too-large",
            path = file.display(),
            length = length,
            max = PROOF_BYTES_MAX
        )));
    }
    let bytes = std::fs::read(file).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|_| Failure::new(t!("proof-not-utf8", path = file.display())))
}

fn known_keys(key: Option<&str>, vkey: Option<&str>) -> Result<Vec<(String, PublicKey)>> {
    match (key, vkey) {
        (Some(key), None) => Ok(vec![(SUPPORT_KEY_NAME.to_string(), key.parse()?)]),
        (None, Some(vkey)) => {
            let vkey = Vkey::parse(vkey).map_err(|e| Failure::new(t!("proof-bad-vkey", error = e)))?;
            Ok(vec![(vkey.name().to_string(), vkey.key())])
        }
        _ => Err(Failure::usage(t!("proof-whose"))),
    }
}

fn short(hash: &EntryHash) -> String {
    hash.to_hex()[..16].to_string()
}

/// `cercle cosign NOTE --as KEY`: a witness (another circle's soucieux, another region) adds its
/// signature line to a tree checkpoint, but only after checking it: signed by the circle's
/// support key, and its root the root of this ledger's first `size` entries (the witness's own
/// copy, verified on its side). A note it cannot vouch for is refused, nothing written.
pub fn cosign(ctx: &Context, file: &Path, name: Option<&str>, out: Option<&Path>) -> Result<()> {
    let (key_name, key) = ctx.signer()?;
    let text = std::fs::read(file)
        .map_err(|e| Failure::new(t!("cli-file-unreadable", path = file.display(), error = e)))
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| Failure::new(t!("cosign-not-a-note", path = file.display())))
        })?;
    let note = parse_note(&text)
        .map_err(|e| Failure::new(t!("proof-refused-file", path = file.display(), error = e)))?;
    let NoteBody::Tree(tree) = note.body() else {
        return Err(Failure::new(t!("cosign-not-tree", path = file.display())));
    };
    let store = open_store(&ctx.ledger)?;
    let circle = store.ledger().circle().ok_or_else(|| Failure::new(t!("audit-no-circle-yet")))?;
    // The support team's line bears the name its readers know it by.
    let is_support = circle.support_key == Some(PublicKey(key.verifying_key().to_bytes()));
    let name = name.unwrap_or(if is_support { SUPPORT_KEY_NAME } else { &key_name });
    if tree.circle != circle.id {
        return Err(Failure::new(t!("cosign-other-circle", path = file.display())));
    }
    cercle_core::verify_note(&note, &store.ledger().publishers())
        .map_err(|e| Failure::new(t!("cosign-bad-signer", path = file.display(), error = e)))?;
    if tree.size > store.tree_head().0 || store.tree_root_at(tree.size)? != tree.root {
        return Err(
            Failure::new(t!("cosign-not-vouched", size = tree.size)).hint(t!("cosign-not-vouched-hint"))
        );
    }
    let cosigned = cercle_core::cosign_note(&text, &key, name)
        .map_err(|e| Failure::new(t!("cli-refused", error = e)))?;
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
