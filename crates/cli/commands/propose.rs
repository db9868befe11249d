//! `cercle propose action|spend|governance`.

use cercle_core::{ActionId, Body, Payee, ProposalId, Quorum, Setting, Text, TextField, Threshold};

use crate::args::ProposeCommand;
use crate::context::{written, Context};
use crate::error::{Result, Sign, Usage};
use crate::output::euros;

pub(crate) fn run(ctx: &Context, command: ProposeCommand) -> Result<()> {
    let (body, what) = match command {
        ProposeCommand::Action { title, envelope } => {
            let title = Text::new(TextField::Title, &title)?;
            let envelope = envelope.parse()?;
            let what = t!("propose-what-action", title = title, envelope = euros(envelope));
            (Body::ProposeAction { title, envelope }, what)
        }
        ProposeCommand::Spend { action, amount, payee, supplier, purpose } => {
            let action: ActionId = action.parse()?;
            let amount = amount.parse()?;
            let payee = match (payee, supplier) {
                (Some(member), _) => Payee::Member(member.parse()?),
                (None, Some(supplier)) => Payee::Supplier(Text::new(TextField::Supplier, &supplier)?),
                (None, None) => return Err(Sign::PayeeMissing.into()),
            };
            let purpose = Text::new(TextField::Purpose, &purpose)?;
            let what =
                t!("propose-what-spend", amount = euros(amount), action = action, payee = payee.name());
            (Body::ProposeSpend { action, amount, payee, purpose }, what)
        }
        ProposeCommand::Governance { quorum, threshold, recusal, four_eyes, proxies, name, territory } => {
            let switch =
                |value: &str, on: &'static str, off: &'static str, what: &'static str| match value.trim() {
                    v if v.eq_ignore_ascii_case(on) => Ok(true),
                    v if v.eq_ignore_ascii_case(off) => Ok(false),
                    v => Err(Sign::SwitchInvalid { what, on, off, value: v.to_string() }),
                };
            let mut settings = Vec::new();
            if let Some(q) = quorum {
                settings.push(Setting::Quorum(q.parse::<Quorum>()?));
            }
            if let Some(t) = threshold {
                settings.push(Setting::Threshold(t.parse::<Threshold>()?));
            }
            if let Some(r) = recusal {
                settings.push(Setting::Recusal(switch(&r, "on", "off", "--recusal")?));
            }
            if let Some(amount) = four_eyes {
                let amount =
                    if amount.trim().eq_ignore_ascii_case("none") { None } else { Some(amount.parse()?) };
                settings.push(Setting::FourEyes(amount));
            }
            if let Some(p) = proxies {
                settings.push(Setting::Proxies(switch(&p, "allowed", "none", "--proxies")?));
            }
            if let Some(n) = name {
                settings.push(Setting::Name(Text::new(TextField::CircleName, &n)?));
            }
            if let Some(t) = territory {
                settings.push(Setting::Territory(Text::new(TextField::Territory, &t)?));
            }
            if settings.is_empty() {
                return Err(Usage::NoSetting.into());
            }
            let what = t!(
                "propose-what-governance",
                settings = settings.iter().map(Setting::describe).collect::<Vec<_>>().join(", ")
            );
            (Body::ProposeGovernance { settings }, what)
        }
    };
    let signed = ctx.append(body)?;
    let id = signed.store().map(|store| ProposalId(store.ledger().proposal_count()));
    let id = id.map(|id| id.to_string()).unwrap_or_default();
    written(ctx, signed, Some(id.clone()), &t!("proposed", id = id, what = what))
}
