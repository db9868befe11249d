//! `cercle countersign SEQ`: the second signature of a correction or a key replacement.

use cercle_core::Body;

use crate::context::{written, Context};
use crate::error::Result;

/// `cercle countersign SEQ`.
pub fn countersign(ctx: &Context, seq: u64) -> Result<()> {
    let signed = ctx.append(Body::Countersign { target: seq })?;
    let message = match signed.store() {
        Some(store) => crate::keys::countersigned(store.ledger(), seq),
        None => t!("countersigned", seq = seq),
    };
    written(ctx, signed, None, &message)
}
