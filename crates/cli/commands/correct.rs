//! `cercle correct fund|payout`: corrections, which count once countersigned.

use cercle_core::{Body, Text, TextField};

use crate::args::CorrectCommand;
use crate::context::{append_countersigned, current_ledger, written, Context};
use crate::error::{Lookup, Result};
use crate::output::euros;

/// `cercle correct fund|payout`: a correction (or reversal) signed by --as; with
/// `--countersign NAME`, countersigned at once by a second local key, both entries appended
/// together (or neither).
pub(crate) fn run(ctx: &Context, command: CorrectCommand) -> Result<()> {
    let (body, countersigner, what) = match command {
        CorrectCommand::Fund { seq, amount, source, reference, reason, countersign } => {
            let record = current_ledger(ctx)
                .and_then(|s| s.ledger().fund_record(seq).cloned())
                .ok_or(Lookup::NotAFund { seq })?;
            let amount = match amount {
                Some(amount) => amount.parse()?,
                None => record.amount,
            };
            let source = Text::new(TextField::Source, source.as_deref().unwrap_or(&record.source))?;
            let reference =
                Text::new(TextField::Reference, reference.as_deref().unwrap_or(&record.reference))?;
            let what = t!(
                "correct-what-fund",
                seq = seq,
                amount = euros(amount),
                source = source,
                reference = reference
            );
            let reason = Text::new(TextField::Reason, &reason)?;
            (Body::FundCorrection { target: seq, amount, source, reference, reason }, countersign, what)
        }
        CorrectCommand::Payout { seq, reason, countersign } => {
            let reason = Text::new(TextField::Reason, &reason)?;
            (Body::PayoutReversal { target: seq, reason }, countersign, t!("correct-what-payout", seq = seq))
        }
    };
    let Some(second) = countersigner else {
        // The correction's own number is what `cercle countersign` needs: say it.
        let signed = ctx.append(body)?;
        let entry = match &signed {
            crate::context::Signed::Entry(_, entry) => entry.entry().seq.to_string(),
            crate::context::Signed::Envelope { .. } => "SEQ".to_string(),
        };
        let message = t!("correct-recorded", what = what, entry = entry);
        return written(ctx, signed, None, &message);
    };
    let (store, countersign, ()) =
        append_countersigned(ctx, body, &second, &t!("correct-whose"), |_| (), |_, _| Ok(()))?;
    drop(store);
    let message = t!("corrected", what = what, second = second);
    crate::context::announce(ctx, &countersign, None, &message)
}
