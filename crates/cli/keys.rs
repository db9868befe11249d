//! Key replacement (`docs/RULES.md`, "Keys"): `cercle member key NAME` and `cercle circle
//! support-key`; the second signatures are `cercle countersign SEQ` (or `--countersign NAME`).
//! No rule lives here: the library refuses what breaks one.

use cercle_core::{Body, KeyHolder, Ledger, MemberName, PublicKey, Role};

use crate::commands::{written, Context};
use crate::failure::{Failure, Result};

/// The new key: given in hex, or the public half of a key in the local keystore.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct NewKey {
    /// The new public key (hex).
    #[arg(long, value_name = "PUBKEY")]
    key: Option<String>,
    /// The name of the new key in the local keystore (`cercle key new NAME`).
    #[arg(long, value_name = "KEYNAME")]
    key_name: Option<String>,
}

impl NewKey {
    fn public(&self, ctx: &Context) -> Result<PublicKey> {
        match (&self.key, &self.key_name) {
            (Some(hex), _) => Ok(hex.parse::<PublicKey>()?),
            (None, Some(name)) => Ok(ctx.keys.public(name)?),
            (None, None) => Err(Failure::new(t!("key-new-missing"))),
        }
    }
}

/// `cercle member key NAME --key PUBKEY [--countersign NAME]`.
pub fn member_key(ctx: &Context, name: &str, new: &NewKey, countersign: Option<String>) -> Result<()> {
    let name: MemberName = name.parse()?;
    let key = new.public(ctx)?;
    let body = Body::MemberKey { name: name.clone(), key };
    let Some(second) = countersign else {
        let message = t!("member-key-asked", name = name, key = short(&key));
        return written(ctx, ctx.append(body)?, None, &message);
    };
    let (store, countersign, ()) = crate::funding::append_countersigned(
        ctx,
        body,
        &second,
        &t!("member-key-whose"),
        |_| (),
        |_, _| Ok(()),
    )?;
    drop(store);
    let message = t!("member-key-counts", name = name, key = short(&key), second = second);
    crate::commands::announce(ctx, &countersign, None, &message)
}

/// `cercle circle support-key --key PUBKEY`.
pub fn support_key(ctx: &Context, new: &NewKey) -> Result<()> {
    let key = new.public(ctx)?;
    let signed = ctx.append(Body::SupportKey { key })?;
    let message = match signed.store().map(Store::ledger) {
        Some(ledger) if ledger.circle().and_then(|c| c.support_key) == Some(key) => {
            t!("support-key-counts", key = short(&key))
        }
        Some(ledger) => {
            let seq = ledger.head().map_or(0, |head| head.seq);
            t!("support-key-asked", key = short(&key), seq = seq, missing = missing(ledger, seq).join(", "))
        }
        None => String::new(),
    };
    written(ctx, signed, None, &message)
}

use cercle_store::Store;

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
fn missing(ledger: &Ledger, seq: u64) -> Vec<String> {
    let Some(request) = ledger.pending_key_changes().find(|r| r.seq == seq) else { return Vec::new() };
    ledger
        .members()
        .filter(|m| m.active && m.role == Role::Soucieux)
        .filter(|m| !request.signers.iter().any(|s| s.who.same(&KeyHolder::Member(m.name.clone()))))
        .map(|m| m.name.to_string())
        .collect()
}

fn short(key: &PublicKey) -> String {
    format!("{}…", &key.to_hex()[..16])
}
