//! `cercle repair`: a damaged ledger rebuilt from its intact entries.

use cercle_store::Store;
use serde_json::json;

use crate::context::Context;
use crate::error::{damage_text, Result};
use crate::lang::lang;
use crate::output::{note, print, print_json};

/// `cercle repair`: keep the intact entries, set the rest aside, rebuild what is derived.
pub(crate) fn repair(ctx: &Context) -> Result<()> {
    let mut waiting = || note(&t!("repair-waiting"));
    let repair = Store::repair(&ctx.ledger, ctx.wait, &mut waiting)?;
    if ctx.json {
        return print_json(&json!({
            "ledger": ctx.ledger,
            "kept": repair.kept,
            "discarded_bytes": repair.discarded_bytes,
            "set_aside": repair.set_aside,
            // In English, whatever the language: what scripts read stays the same.
            "reason": repair.reason.as_ref().map(ToString::to_string),
        }));
    }
    let mut message = t!("repair-kept", kept = repair.kept, path = ctx.ledger.display());
    message.push('\n');
    if let (Some(aside), Some(reason)) = (&repair.set_aside, &repair.reason) {
        message.push_str(&t!(
            "repair-cut",
            reason = damage_text(reason, lang()),
            bytes = repair.discarded_bytes,
            seq = repair.kept.saturating_sub(1),
            aside = aside.display()
        ));
    } else {
        message.push_str(&t!("repair-nothing-damaged"));
    }
    print(&message)
}
