//! `cercle check-proof FILE`: a proof written by `cercle prove`, checked with no ledger.

use std::path::Path;

use cercle_core::proof::{Proof, PROOF_BYTES_MAX};
use cercle_core::{EntryHash, PublicKey, Vkey, SUPPORT_KEY_NAME};
use serde_json::json;

use crate::context::Context;
use crate::describe::short_hash;
use crate::error::{Audit, Error, Io, Result, Usage};
use crate::output::{print, print_json};

/// `cercle check-proof FILE --key PUBKEY | --vkey VKEY`.
pub fn check_proof(ctx: &Context, file: &Path, key: Option<&str>, vkey: Option<&str>) -> Result<()> {
    let known = known_keys(key, vkey)?;
    let text = read_proof(file)?;
    let refused = |e: cercle_core::proof::ProofFileError| Audit::FileRefused {
        path: file.to_path_buf(),
        error: e.to_string(),
    };
    let proof = Proof::parse(&text).map_err(refused)?;
    let keys: Vec<(&str, PublicKey)> = known.iter().map(|(name, key)| (name.as_str(), *key)).collect();
    let checked = proof.check(&keys).map_err(refused)?;
    let e = checked.entry.entry();
    let seq = e.seq;
    let says = crate::describe::describe(&e.body);
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
        circle = short_hash(&checked.circle),
        date = e.recorded_at.format("%Y-%m-%d %H:%M UTC"),
        author = &e.author.to_hex()[..12],
        says = says
    );
    let tree = t!(
        "proof-verified-tree",
        signers = checked.signers.join(", "),
        root = short_hash(&EntryHash(checked.root))
    );
    print(&format!("{verified}\n{tree}"))
}

fn read_proof(file: &Path) -> Result<String> {
    let cannot = |e: std::io::Error| Error::from(Io::unreadable(file, e));
    let length = std::fs::metadata(file).map_err(cannot)?.len();
    if length > PROOF_BYTES_MAX as u64 {
        return Err(Audit::ProofTooLarge { path: file.to_path_buf(), length, max: PROOF_BYTES_MAX }.into());
    }
    let bytes = std::fs::read(file).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|_| Audit::ProofNotUtf8 { path: file.to_path_buf() }.into())
}

fn known_keys(key: Option<&str>, vkey: Option<&str>) -> Result<Vec<(String, PublicKey)>> {
    match (key, vkey) {
        (Some(key), None) => Ok(vec![(SUPPORT_KEY_NAME.to_string(), key.parse()?)]),
        (None, Some(vkey)) => {
            let vkey = Vkey::parse(vkey).map_err(|error| Audit::BadVkey { error })?;
            Ok(vec![(vkey.name().to_string(), vkey.key())])
        }
        _ => Err(Usage::ProofWhose.into()),
    }
}
