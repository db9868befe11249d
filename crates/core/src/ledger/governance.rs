//! Governance changed by vote: the quorum, the threshold, recusal, the four-eyes threshold on
//! payouts, whether proxies are allowed, the circle's name and territory change only through
//! a proposal adopted in a regulation meeting (seed 003: the territorial scale "peut être
//! soumise à débat").
//!
//! Rules (`docs/RULES.md`): any current member may propose a change of one or more settings;
//! each must differ from the setting as it stands (`governance-changes-nothing`). Adopted, the
//! settings apply from the closing entry on, and the change goes into the history of settings.
//! A payout above the four-eyes threshold counts only once countersigned (see
//! [`super::corrections`]); proxies, when not allowed, are refused (`proxies-not-allowed`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Ledger;
use crate::error::RuleError;
use crate::ids::{MeetingId, ProposalId};
use crate::model::{Text, Threshold};
use crate::money::{Euros, Quorum};

/// One setting a governance proposal changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    /// Present / voting members needed to decide.
    Quorum(Quorum),
    /// How many `for` votes adopt.
    Threshold(Threshold),
    /// Whether a member may not vote on a line that pays them.
    Recusal(bool),
    /// Payouts above this amount count only once countersigned; `None`: no such threshold.
    FourEyes(Option<Euros>),
    /// Whether members may give their vote at a meeting to another (*pouvoirs*).
    Proxies(bool),
    /// The circle's name.
    Name(Text),
    /// The circle's territory.
    Territory(Text),
}

impl Setting {
    /// The setting's byte code (FORMAT.md §16): settings are written in ascending code order.
    pub fn code(&self) -> u8 {
        match self {
            Setting::Quorum(_) => 1,
            Setting::Threshold(_) => 2,
            Setting::Recusal(_) => 3,
            Setting::FourEyes(_) => 4,
            Setting::Proxies(_) => 5,
            Setting::Name(_) => 6,
            Setting::Territory(_) => 7,
        }
    }

    /// In words, e.g. `quorum 2/3`, `four-eyes above 1 500,00 €`.
    pub fn describe(&self) -> String {
        match self {
            Setting::Quorum(q) => format!("quorum {q}"),
            Setting::Threshold(t) => format!("threshold {t}"),
            Setting::Recusal(on) => format!("recusal {}", if *on { "on" } else { "off" }),
            Setting::FourEyes(None) => "no four-eyes threshold".to_string(),
            Setting::FourEyes(Some(amount)) => format!("four eyes above {}", amount.french()),
            Setting::Proxies(on) => format!("proxies {}", if *on { "allowed" } else { "not allowed" }),
            Setting::Name(name) => format!("name \"{name}\""),
            Setting::Territory(territory) => format!("territory \"{territory}\""),
        }
    }
}

/// A change of settings, adopted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovernanceChange {
    /// The proposal adopted.
    pub proposal: ProposalId,
    /// The meeting that adopted it, and its date.
    pub meeting: MeetingId,
    /// Its date.
    pub date: NaiveDate,
    /// The settings changed.
    pub settings: Vec<Setting>,
}

impl Ledger {
    /// Whether `setting` would change the circle's settings as they stand.
    fn changes(&self, setting: &Setting) -> bool {
        let Some(circle) = &self.circle else { return false };
        match setting {
            Setting::Quorum(q) => *q != circle.governance.quorum,
            Setting::Threshold(t) => *t != circle.governance.threshold,
            Setting::Recusal(on) => *on != circle.governance.recusal,
            Setting::FourEyes(amount) => *amount != circle.four_eyes,
            Setting::Proxies(on) => *on != circle.proxies,
            Setting::Name(name) => *name != circle.name,
            Setting::Territory(territory) => *territory != circle.territory,
        }
    }

    /// The checks of a governance proposal (before it is added like any proposal).
    pub(super) fn check_governance(&self, settings: &[Setting]) -> Result<(), RuleError> {
        match settings.iter().find(|s| !self.changes(s)) {
            Some(same) => Err(RuleError::GovernanceChangesNothing(same.describe())),
            None => Ok(()),
        }
    }

    /// An adopted governance proposal: its settings apply.
    pub(super) fn apply_governance(
        &mut self,
        proposal: ProposalId,
        meeting: MeetingId,
        date: NaiveDate,
        settings: &[Setting],
    ) {
        let Some(circle) = self.circle.as_mut() else { return };
        for setting in settings {
            match setting {
                Setting::Quorum(q) => circle.governance.quorum = *q,
                Setting::Threshold(t) => circle.governance.threshold = *t,
                Setting::Recusal(on) => circle.governance.recusal = *on,
                Setting::FourEyes(amount) => circle.four_eyes = *amount,
                Setting::Proxies(on) => circle.proxies = *on,
                Setting::Name(name) => circle.name = name.clone(),
                Setting::Territory(territory) => circle.territory = territory.clone(),
            }
        }
        let change = GovernanceChange { proposal, meeting, date, settings: settings.to_vec() };
        self.history.governance.push(change);
    }
}
