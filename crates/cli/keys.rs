//! Key replacement (`docs/RULES.md`, "Keys"): `cercle member key NAME` and `cercle circle
//! support-key`; the second signatures are `cercle countersign SEQ` (or `--countersign NAME`).
//! No rule lives here: the library refuses what breaks one.

use cercle_core::{KeyHolder, Ledger, PublicKey, Role};

use crate::context::Context;
use crate::error::{Result, Sign};

/// The new key: given in hex, or the public half of a key in the local keystore.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct NewKey {
    /// The new public key (hex).
    #[arg(long, value_name = "PUBKEY")]
    pub(crate) key: Option<String>,
    /// The name of the new key in the local keystore (`cercle key new NAME`).
    #[arg(long, value_name = "KEYNAME")]
    pub(crate) key_name: Option<String>,
}

impl NewKey {
    pub(crate) fn public(&self, ctx: &Context) -> Result<PublicKey> {
        match (&self.key, &self.key_name) {
            (Some(hex), _) => Ok(hex.parse::<PublicKey>()?),
            (None, Some(name)) => Ok(ctx.keys.public(name)?),
            (None, None) => Err(Sign::NewKeyMissing.into()),
        }
    }
}

/// What `cercle countersign SEQ` says once appended.
pub fn countersigned(ledger: &Ledger, seq: u64) -> String {
    if ledger.key_change_waits(seq) {
        return t!("support-key-countersigned-waits", seq = seq, missing = missing(ledger, seq).join(", "));
    }
    match ledger.key_changes().iter().rev().find(|change| change.requested == seq) {
        Some(change) => {
            t!("member-key-countersigned", seq = seq, holder = change.holder, key = short(&change.new))
        }
        None => t!("countersigned", seq = seq),
    }
}

/// The current soucieux who have not signed the key replacement waiting at `seq`.
pub(crate) fn missing(ledger: &Ledger, seq: u64) -> Vec<String> {
    let Some(request) = ledger.pending_key_changes().find(|r| r.seq == seq) else { return Vec::new() };
    ledger
        .members()
        .filter(|m| m.active && m.role == Role::Soucieux)
        .filter(|m| !request.signers.iter().any(|s| s.who.same(&KeyHolder::Member(m.name.clone()))))
        .map(|m| m.name.to_string())
        .collect()
}

pub(crate) fn short(key: &PublicKey) -> String {
    format!("{}…", &key.to_hex()[..16])
}
