//! `cercle member add|role|leave|list|key`.

use cercle_core::{Body, MemberName, PublicKey, Role};

use crate::args::MemberCommand;
use crate::context::{open, report_of, written, Context};
use crate::error::{Result, Usage};
use crate::keys::{short, NewKey};
use crate::output::{euros, print, print_json};

pub(crate) fn run(ctx: &Context, command: MemberCommand) -> Result<()> {
    match command {
        MemberCommand::Add { name, key, key_name, role } => {
            let name: MemberName = name.parse()?;
            let role: Role = role.parse()?;
            let key = match (key, key_name) {
                (Some(hex), _) => hex.parse::<PublicKey>()?,
                (None, Some(key_name)) => ctx.keys.public(&key_name)?,
                (None, None) => return Err(Usage::MemberKeyMissing.into()),
            };
            let message = t!("member-added", name = name, role = crate::lang::words::role(role));
            written(ctx, ctx.append(Body::MemberAdd { name, key, role })?, None, &message)
        }
        MemberCommand::Role { name, role } => {
            let (name, role): (MemberName, Role) = (name.parse()?, role.parse()?);
            let message = t!("member-role-changed", name = name, role = crate::lang::words::role(role));
            written(ctx, ctx.append(Body::MemberRole { name, role })?, None, &message)
        }
        MemberCommand::Leave { name } => {
            let name: MemberName = name.parse()?;
            let message = t!("member-left", name = name);
            written(ctx, ctx.append(Body::MemberLeave { name })?, None, &message)
        }
        MemberCommand::List => member_list(ctx),
        MemberCommand::Key { name, key, countersign } => member_key(ctx, &name, &key, countersign),
    }
}

pub fn member_list(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let report = report_of(store.ledger())?;
    if ctx.json {
        return print_json(&report.members);
    }
    let width = report.members.iter().map(|m| m.name.chars().count()).max().unwrap_or(4).max(4);
    let role_of = |m: &cercle_core::MemberReport| {
        if m.active {
            crate::lang::words::role(m.role).to_string()
        } else {
            t!("member-role-left", role = crate::lang::words::role(m.role))
        }
    };
    let roles = report.members.iter().map(|m| role_of(m).chars().count()).max().unwrap_or(4).max(4);
    let paid: Vec<String> = report.members.iter().map(|m| euros(m.paid)).collect();
    let amounts = paid.iter().map(|p| p.chars().count()).max().unwrap_or(4).max(4);
    let headings =
        (t!("member-list-name"), t!("member-list-role"), t!("member-list-paid"), t!("member-list-key"));
    let mut lines = vec![format!(
        "{:<width$}  {:<roles$}  {:>amounts$}  {}",
        headings.0, headings.1, headings.2, headings.3
    )];
    for (m, paid) in report.members.iter().zip(&paid) {
        lines.push(format!(
            "{:<width$}  {:<roles$}  {:>amounts$}  {}",
            m.name,
            role_of(m),
            paid,
            &m.key[..16]
        ));
    }
    print(&lines.join("\n"))
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
    let (store, countersign, ()) = crate::context::append_countersigned(
        ctx,
        body,
        &second,
        &t!("member-key-whose"),
        |_| (),
        |_, _| Ok(()),
    )?;
    drop(store);
    let message = t!("member-key-counts", name = name, key = short(&key), second = second);
    crate::context::announce(ctx, &countersign, None, &message)
}
