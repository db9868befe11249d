//! `cercle fund receive`: funds received, with a warning for a funder spelled almost as another.

use cercle_core::{Body, Euros, Ledger, Text, TextField};
use cercle_store::Store;

use crate::args::FundCommand;
use crate::context::{current_ledger, written, Context};
use crate::error::{Result, Sign, Usage};
use crate::output::{euros, note};

/// `cercle fund receive`.
pub(crate) fn run(ctx: &Context, command: FundCommand) -> Result<()> {
    match command {
        FundCommand::Receive { amount, source, reference, agreement, allow_duplicate_ref } => fund_receive(
            ctx,
            &amount,
            source.as_deref(),
            &reference,
            agreement.as_deref(),
            allow_duplicate_ref,
        ),
    }
}

/// `cercle fund receive`.
pub fn fund_receive(
    ctx: &Context,
    amount: &str,
    source: Option<&str>,
    reference: &str,
    agreement: Option<&str>,
    duplicate_ok: bool,
) -> Result<()> {
    let amount: Euros = amount.parse()?;
    let reference = Text::new(TextField::Reference, reference)?;
    // The ledger is read first only to resolve the agreement (its spelling, its funder); the
    // rules run on append, and the warning below reads the state the append opens anyway.
    let current = agreement.and_then(|_| current_ledger(ctx));
    let current = current.as_ref().map(Store::ledger);
    let agreement = match agreement {
        None => None,
        Some(name) => Some(match current.as_ref().and_then(|l| l.agreement(name)) {
            // The agreement's reference as declared, whatever case it was typed in.
            Some(known) => known.terms.reference.clone(),
            None => Text::new(TextField::Reference, name)?,
        }),
    };
    let source = match (source, &agreement) {
        (Some(source), _) => Text::new(TextField::Source, source)?,
        (None, Some(name)) => match current.as_ref().and_then(|l| l.agreement(name.as_str())) {
            Some(known) => known.terms.funder.clone(),
            None => return Err(Sign::NoAgreement { name: name.to_string() }.into()),
        },
        (None, None) => return Err(Usage::FundSourceMissing.into()),
    };
    let message = match &agreement {
        Some(a) => t!(
            "fund-received-into",
            amount = euros(amount),
            source = source,
            agreement = a,
            reference = reference
        ),
        None => t!("fund-received", amount = euros(amount), source = source, reference = reference),
    };
    let warnings = |ledger: &Ledger| near_duplicate_funders(ledger, source.as_str());
    let body = Body::fund_received(amount, source.clone(), reference, agreement, duplicate_ok);
    let (signed, warnings) = ctx.append_with(body, warnings)?;
    warnings.iter().for_each(|warning| note(warning));
    written(ctx, signed, None, &message)
}

/// "Region" next to "Région": a funder written differently from an existing one only by case,
/// accents or spacing would become a second funder in every report. A warning for each, naming
/// the spelling to reuse; the entry is still recorded (it may be meant).
pub(crate) fn near_duplicate_funders(ledger: &Ledger, source: &str) -> Vec<String> {
    let folded = fold(source);
    let known = ledger
        .funders()
        .keys()
        .map(String::as_str)
        .chain(ledger.agreements().map(|a| a.terms.funder.as_str()));
    let mut seen = std::collections::BTreeSet::new();
    known
        .filter(|existing| {
            *existing != source && fold(existing) == folded && seen.insert(existing.to_string())
        })
        .map(|existing| {
            let message = t!("fund-near-duplicate", source = source, existing = existing);
            t!("warning-line", message = message)
        })
        .collect()
}

/// Lowercase, without French accents, spaces and punctuation collapsed: how two spellings of
/// one funder compare.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
                continue;
            }
        };
        out.push_str(plain);
    }
    out.trim_end().to_string()
}
