//! `cercle prove` and `cercle check-proof`: one entry, its place in the ledger's Merkle tree and
//! the support team's signed checkpoint of that tree, in a file of a few hundred bytes that a
//! payee or a funder checks with no ledger (docs/FORMAT.md §10).

use std::path::Path;

use cercle_core::proof::Proof;
use cercle_core::{parse_note, Body, NoteBody, SignedEntry};

use crate::context::{open_store, Context};
use crate::error::{Audit, Error, Result};
use crate::output::write_to;

/// `cercle prove REF`.
pub fn prove(ctx: &Context, reference: &str, out: Option<&Path>) -> Result<()> {
    let store = open_store(&ctx.ledger)?;
    let note = store.latest_note()?.ok_or(Audit::NoCheckpoint)?;
    let parsed = parse_note(&note).map_err(|e| Audit::NoteBad { error: e.to_string() })?;
    let NoteBody::Tree(checkpoint) = parsed.body() else {
        return Err(Audit::NoteNotTree.into());
    };
    let size = checkpoint.size;
    if store.tree_root_at(size)? != checkpoint.root {
        return Err(Audit::NoteMismatch { size }.into());
    }
    let entry = find(&store, reference)?;
    let index = entry.entry().seq;
    if index >= size {
        return Err(Audit::AfterCheckpoint { seq: index, last: size.saturating_sub(1) }.into());
    }
    let path = store.inclusion_proof(index, size)?;
    write_to(out, &Proof::new(&entry, size, &path, note).to_json())
}

/// The entry `reference` names: a position (`87`, `#87`), a payout (`P2/1`) or a vote
/// (`M3/P7/karim`).
fn find(store: &cercle_store::Store, reference: &str) -> Result<SignedEntry> {
    let text = reference.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let not_found = || Error::from(Audit::NoMatch { reference: reference.to_string() });
    match parts.as_slice() {
        [position] => {
            let seq: u64 = position
                .trim_start_matches('#')
                .parse()
                .map_err(|_| Audit::BadReference { reference: reference.to_string() })?;
            store.entry_at(seq)?.ok_or_else(not_found)
        }
        [proposal, nth] => {
            let proposal: cercle_core::ProposalId = proposal.parse()?;
            let nth: usize = nth
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| Audit::BadPayoutNumber { nth: nth.to_string() })?;
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
                .ok_or_else(|| Audit::NotMember { name: name.clone() })?;
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
            None => return Err(Audit::NoProposal { proposal }.into()),
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
