//! `cercle payout`: a payout against an adopted spend line, with its receipt.

use cercle_core::{Body, Ledger, ProposalId, Text, TextField};
use cercle_store::Receipts;

use crate::args::PayoutArgs;
use crate::context::{append_countersigned, parse_date, written, Context};
use crate::error::{Result, Sign};
use crate::output::{euros, note};

/// `cercle payout`.
pub fn payout(ctx: &Context, args: PayoutArgs) -> Result<()> {
    let proposal: ProposalId = args.proposal.parse()?;
    let amount = args.amount.parse()?;
    let date = parse_date(&args.date)?;
    let reference = Text::new(TextField::Reference, &args.reference)?;
    let staged = match &args.receipt {
        None => None,
        Some(file) => {
            let home = ctx.to.as_deref().unwrap_or(&ctx.ledger);
            Some(Receipts::of(home).stage(file).map_err(|e| Sign::Receipt { error: e.to_string() })?)
        }
    };
    let receipt = staged.as_ref().map(|s| s.receipt().clone());
    let body = Body::new_payout(proposal, amount, date, reference, receipt, args.allow_duplicate_ref);
    let line = |ledger: &Ledger| ledger.proposal(proposal).and_then(|p| p.spend_line().cloned());
    let (signed, line, waiting) = match &args.countersign {
        None => {
            let (signed, line) = ctx.append_with(body, line)?;
            let waiting = signed.store().and_then(|store| {
                let seq = store.ledger().head()?.seq;
                store.ledger().awaiting_second_signature().any(|s| s == seq).then_some(seq)
            });
            (signed, line, waiting)
        }
        Some(second) => {
            let (store, countersign, before) =
                append_countersigned(ctx, body, second, &t!("payout-whose"), line, |next, payout| {
                    if next.awaiting_second_signature().any(|s| s == payout.entry().seq) {
                        return Ok(());
                    }
                    Err(Sign::NotFourEyes { amount }.into())
                })?;
            (crate::context::Signed::Entry(Box::new(store), countersign), before, None)
        }
    };
    if let Some(staged) = staged {
        let name = staged.receipt().name.to_string();
        match staged.keep() {
            Ok(path) => note(&t!("payout-receipt-kept", name = name, path = path.display())),
            Err(e) => {
                let message = t!("payout-receipt-not-kept", error = e);
                note(&t!("warning-line", message = message))
            }
        }
    }
    let message = match (waiting, line) {
        (Some(seq), _) => {
            t!("payout-awaits-countersign", amount = euros(amount), proposal = proposal, seq = seq)
        }
        (None, Some(line)) => t!(
            "payout-paid-to",
            amount = euros(amount),
            payee = line.payee.name(),
            proposal = proposal,
            remaining = euros(line.remaining().saturating_sub(amount))
        ),
        (None, None) => t!("payout-paid", amount = euros(amount), proposal = proposal),
    };
    written(ctx, signed, None, &message)
}
