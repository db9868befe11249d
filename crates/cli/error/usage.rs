//! The command line is incomplete or contradicts itself (exit code 2, as clap's own usage
//! errors): said before anything is read or written.

use cercle_render::errors::Message;

use super::Refusal;

/// What the command line lacks or says twice.
#[derive(Debug)]
pub enum Usage {
    /// `--to YYYY-MM-DD` twice.
    ToDateTwice,
    /// `--to DIR` twice.
    ToDirTwice,
    /// `--to` of a report is not a date.
    ToNotADate { value: String },
    /// A signing command without `--as`.
    SignerMissing,
    /// `--countersign` with `--to DIR`: the second signer is on another machine.
    CountersignElsewhere { whose: String },
    /// `propose --setting` that changes nothing.
    NoSetting,
    /// `fund` without `--source` nor `--agreement`.
    FundSourceMissing,
    /// `audit --format csv-fr`.
    AuditCsvFr,
    /// `todo` without `--as`.
    TodoWho,
    /// `report --as-of` with `--to`.
    AsOfAndTo,
    /// `check-proof` without `--key` nor `--vkey`.
    ProofWhose,
    /// `agreement` without the eligibility period's last day.
    AgreementToMissing,
    /// `member add` without the member's key.
    MemberKeyMissing,
}

impl Refusal for Usage {
    fn message(&self) -> Message {
        let m = Message::new;
        match self {
            Usage::ToDateTwice => m("to-date-twice"),
            Usage::ToDirTwice => m("to-dir-twice"),
            Usage::ToNotADate { value } => m("to-not-a-date").arg("value", format!("{value:?}")),
            Usage::SignerMissing => m("signer-missing"),
            Usage::CountersignElsewhere { whose } => m("countersign-elsewhere").arg("whose", whose),
            Usage::NoSetting => m("propose-no-setting"),
            Usage::FundSourceMissing => m("fund-source-missing"),
            Usage::AuditCsvFr => m("audit-csv-fr"),
            Usage::TodoWho => m("todo-who"),
            Usage::AsOfAndTo => m("report-as-of-and-to"),
            Usage::ProofWhose => m("proof-whose"),
            Usage::AgreementToMissing => m("agreement-to-missing"),
            Usage::MemberKeyMissing => m("member-key-missing"),
        }
    }

    fn hint(&self) -> Option<Message> {
        match self {
            Usage::SignerMissing => Some(Message::new("signer-missing-hint")),
            Usage::TodoWho => Some(Message::new("todo-who-hint")),
            _ => None,
        }
    }
}
