//! `cercle agreement add|list`: funding agreements (conventions).

use cercle_core::{ActionId, AgreementTerms, Body, Ledger, Rate, Text, TextField};
use serde_json::json;

use super::fund::near_duplicate_funders;
use super::statement::full;
use crate::args::AgreementCommand;
use crate::context::{parse_date, written, Context};
use crate::error::{Error, Result, Sign, Usage};
use crate::output::{euros, note, print, print_json};

/// `cercle agreement add|list`.
pub(crate) fn run(ctx: &Context, command: AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Add { funder, reference, amount, rate, from, actions } => {
            let to = ctx.period_to.clone().ok_or_else(|| Error::from(Usage::AgreementToMissing))?;
            let rate = rate
                .map(|rate| rate.parse::<Rate>())
                .transpose()
                .map_err(|e| Sign::Rate { error: e.to_string() })?;
            let mut actions = actions
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| a.trim().parse::<ActionId>())
                .collect::<std::result::Result<Vec<_>, _>>()?;
            actions.sort_unstable();
            actions.dedup();
            let terms = AgreementTerms {
                reference: Text::new(TextField::Reference, &reference)?,
                funder: Text::new(TextField::Source, &funder)?,
                amount: amount.parse()?,
                rate,
                from: parse_date(&from)?,
                to: parse_date(&to)?,
                actions,
            };
            let (reference, funder, amount) = (&terms.reference, &terms.funder, euros(terms.amount));
            let (from, to) = (terms.from, terms.to);
            let message = match terms.rate {
                Some(rate) => t!(
                    "agreement-declared-rate",
                    reference = reference,
                    funder = funder,
                    amount = amount,
                    rate = rate,
                    from = from,
                    to = to
                ),
                None => t!(
                    "agreement-declared",
                    reference = reference,
                    funder = funder,
                    amount = amount,
                    from = from,
                    to = to
                ),
            };
            let funder = terms.funder.clone();
            let warnings = |ledger: &Ledger| near_duplicate_funders(ledger, funder.as_str());
            let (signed, warnings) = ctx.append_with(Body::Agreement(Box::new(terms)), warnings)?;
            warnings.iter().for_each(|warning| note(warning));
            written(ctx, signed, None, &message)
        }
        AgreementCommand::List => agreement_list(ctx),
    }
}

fn agreement_list(ctx: &Context) -> Result<()> {
    let (ledger, payouts) = full(ctx)?;
    let summaries: Vec<_> =
        ledger.agreements().map(|a| cercle_core::statement::summary(&ledger, &payouts, a)).collect();
    if ctx.json {
        return print_json(&json!({ "agreements": summaries }));
    }
    if summaries.is_empty() {
        return print(&t!("agreement-none"));
    }
    print(&cercle_render::statement::agreements_table(&summaries, crate::lang::lang()))
}
