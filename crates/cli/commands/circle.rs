//! `cercle circle status` and `cercle circle support-key`.

use cercle_core::{Body, CircleStatus};
use cercle_store::Store;

use crate::args::CircleCommand;
use crate::context::{written, Context};
use crate::error::Result;
use crate::keys::{missing, short, NewKey};

/// `cercle circle status|support-key`.
pub(crate) fn run(ctx: &Context, command: CircleCommand) -> Result<()> {
    match command {
        CircleCommand::Status { status } => set_status(ctx, &status),
        CircleCommand::SupportKey(key) => support_key(ctx, &key),
    }
}

/// `cercle circle status STATUS`.
fn set_status(ctx: &Context, status: &str) -> Result<()> {
    let status: CircleStatus = status.parse()?;
    written(
        ctx,
        ctx.append(Body::CircleStatus { status })?,
        None,
        &t!("circle-status-recorded", status = crate::lang::words::circle_status(status)),
    )
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
