//! `cercle log`: every entry in order, human readable.

use serde_json::json;

use crate::context::{open, Context};
use crate::describe::describe;
use crate::error::Result;
use crate::output::Stream;

pub fn log(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let ledger = store.ledger();
    // One line (or one JSON array item) per entry, written as it is read.
    let mut out = Stream::to(None)?;
    if ctx.json {
        out.line("[")?;
    }
    for (index, entry) in store.entries().enumerate() {
        let entry = entry?;
        let e = entry.entry();
        // Keys replaced since (`docs/RULES.md`, "Keys") still name who signed with them.
        let name = |key: &cercle_core::PublicKey| match ledger.key_holder(key) {
            Some(cercle_core::KeyHolder::Support) => "support".to_string(),
            Some(cercle_core::KeyHolder::Member(name)) => name.to_string(),
            None => key.to_hex()[..12].to_string(),
        };
        // An envelope's act is its author's; the keeper who sequenced it is named after it.
        let (author, keeper) = match &e.body {
            cercle_core::Body::Envelope(envelope) => {
                (name(&envelope.envelope().author), Some(name(&e.author)))
            }
            _ => (name(&e.author), None),
        };
        let line = if ctx.json {
            let item = json!({
                "seq": e.seq, "hash": entry.hash().to_hex(), "recorded_at": e.recorded_at.to_rfc3339(),
                "author": author, "sequenced_by": keeper, "kind": e.body.kind(), "body": e.body,
            });
            format!("{}{item}", if index == 0 { "" } else { "," })
        } else {
            let by = keeper.map(|keeper| t!("log-envelope-by", keeper = keeper)).unwrap_or_default();
            format!(
                "{:>5}  {}  {:<12} {}{by}",
                e.seq,
                e.recorded_at.format("%Y-%m-%d %H:%M"),
                author,
                describe(&e.body)
            )
        };
        out.line(&line)?;
    }
    if ctx.json {
        out.line("]")?;
    }
    out.finish()
}
