//! `cercle init`: a circle's genesis, signed by its founding soucieux.

use cercle_core::{Body, Genesis, Governance, MemberName, PublicKey, Quorum, Text, TextField, Threshold};
use cercle_store::Store;

use crate::args::InitArgs;
use crate::context::{announce, Context};
use crate::error::Result;

pub(crate) fn init(ctx: &Context, args: InitArgs) -> Result<()> {
    let (name, key) = ctx.signer()?;
    let founder: MemberName = name.parse()?;
    let genesis = Genesis {
        name: Text::new(TextField::CircleName, &args.name)?,
        territory: Text::new(TextField::Territory, &args.territory)?,
        status: args.status.parse()?,
        founder,
        governance: Governance {
            quorum: args.quorum.parse::<Quorum>()?,
            threshold: args.threshold.parse::<Threshold>()?,
            recusal: !args.no_recusal,
        },
        support_key: args.support_key.as_deref().map(str::parse).transpose()?,
    };
    let author = PublicKey(key.verifying_key().to_bytes());
    let mut ledger = cercle_core::Ledger::new();
    let entry = ledger.draft(author, ctx.now, Body::Genesis(genesis)).sign(&key)?;
    // Check the rules before creating anything on disk.
    ledger.append(&entry)?;
    Store::init(&ctx.ledger, &entry)?;
    let id = entry.hash().to_hex();
    let message = t!("circle-created", circle = args.name, path = ctx.ledger.display(), name = name);
    announce(ctx, &entry, Some(id), &message)
}
