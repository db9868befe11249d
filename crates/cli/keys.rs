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
            (None, None) => Err(Failure::new("say the new key: --key PUBKEY or --key-name KEYNAME")),
        }
    }
}

/// `cercle member key NAME --key PUBKEY [--countersign NAME]`.
pub fn member_key(ctx: &Context, name: &str, new: &NewKey, countersign: Option<String>) -> Result<()> {
    let name: MemberName = name.parse()?;
    let key = new.public(ctx)?;
    let body = Body::MemberKey { name: name.clone(), key };
    let Some(second) = countersign else {
        let message = format!(
            "Asked for {name}'s new key {}: it counts once the other side runs `cercle countersign` on it (the support team if a soucieux asked, a soucieux other than {name} if the support team did).",
            short(&key)
        );
        return written(ctx, ctx.append(body)?, None, &message);
    };
    let (store, countersign, ()) =
        crate::funding::append_countersigned(ctx, body, &second, "the new key's", |_| (), |_, _| Ok(()))?;
    drop(store);
    let message = format!(
        "{name} signs with the new key {} from now on, countersigned by {second}; the old key signs nothing more.",
        short(&key)
    );
    crate::commands::announce(ctx, &countersign, None, &message)
}

/// `cercle circle support-key --key PUBKEY`.
pub fn support_key(ctx: &Context, new: &NewKey) -> Result<()> {
    let key = new.public(ctx)?;
    let signed = ctx.append(Body::SupportKey { key })?;
    let message = match signed.store().map(Store::ledger) {
        Some(ledger) if ledger.circle().and_then(|c| c.support_key) == Some(key) => format!(
            "The support team signs with the new key {} from now on; the old key signs nothing more.",
            short(&key)
        ),
        Some(ledger) => {
            let seq = ledger.head().map_or(0, |head| head.seq);
            format!(
                "Asked for the support team's new key {}: it counts once every current soucieux countersigned it (`cercle countersign {seq}`); still missing: {}.",
                short(&key),
                missing(ledger, seq).join(", ")
            )
        }
        None => String::new(),
    };
    written(ctx, signed, None, &message)
}

use cercle_store::Store;

/// What `cercle countersign SEQ` says once appended.
pub fn countersigned(ledger: &Ledger, seq: u64) -> String {
    if ledger.key_change_waits(seq) {
        return format!(
            "Countersigned #{seq}; the support team's new key still waits for: {}.",
            missing(ledger, seq).join(", ")
        );
    }
    match ledger.key_changes().iter().rev().find(|change| change.requested == seq) {
        Some(change) => format!(
            "Countersigned #{seq}: {} signs with the new key {} from now on; the old key signs nothing more.",
            change.holder,
            short(&change.new)
        ),
        None => format!("Countersigned #{seq}: it now counts."),
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
