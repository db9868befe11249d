//! `cercle export --format hledger`: the circle's money as a plain-text accounting journal
//! that hledger (1.25 and later) reads, so that an accountant can check cercle's books with
//! their own tool.
//!
//! A [`cercle_core::Ledger`] keeps only aggregates, so the journal is made by replaying the
//! signed entries through a fresh ledger ([`cercle_core::Ledger::append`]: the very rules of
//! the core, signatures included) and writing one transaction per money event:
//!
//! | event (entry) | date | postings |
//! |---|---|---|
//! | funds received (`fund-received`) | the entry's date | `assets:bank:available` +, `income:funds:SOURCE` − |
//! | a spend line adopted (`meeting-close`) | the meeting's date | `assets:bank:committed:A1:P3` +, `assets:bank:available` − |
//! | a payout (`payout`) | the payout's date | `expenses:A1:retribution:MEMBER` or `expenses:A1:expense:SUPPLIER` +, `assets:bank:committed:A1:P3` − |
//! | a spend line closed (`spend-close`) | the entry's date | `assets:bank:available` + the released remainder, `assets:bank:committed:A1:P3` − |
//!
//! So `hledger bal` gives cercle's report, account by account:
//!
//! | cercle | hledger |
//! |---|---|
//! | received | `income:funds` (negated: income is a credit), per source below it |
//! | committed | `assets:bank:committed`, per action and spend line below it |
//! | paid | `expenses`, per action, kind and payee below it (`--pivot beneficiary` per member or supplier) |
//! | available | `assets:bank:available` |
//! | received − paid | `assets:bank` (the money in the bank) |
//!
//! Amounts are written `1234.50 EUR` (dot decimal mark, no thousands separator). Each
//! transaction's code is the entry's seq (`(#12)`) and its comment carries tags (`seq`,
//! `proposal`, `action`, `beneficiary`, `ref`). Names from users are sanitized for hledger: in an
//! account name every character but letters, digits, single spaces and `-_.'&/+` becomes `-`
//! (a `:` would start a sub-account, two spaces end the name); in descriptions and tag values
//! `;`, `|`, `,` and control characters become spaces. Two names that differ only in such
//! characters still get two accounts: the second gets ` #2` (then ` #3`…), in the order they
//! first appear. The commodity is declared as `commodity EUR` with a `format 1000.00 EUR`
//! sub-directive, which hledger and ledger (`--strict`, `--pedantic`) both accept.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use cercle_core::{ActionId, Body, Euros, Ledger, Outcome, Payee, ProposalId, SignedEntry};

use crate::RenderError;

/// Width the account column is padded to, so that amounts line up.
const ACCOUNT_WIDTH: usize = 44;
/// Width amounts are right-aligned to (`-1000000000.00 EUR`).
const AMOUNT_WIDTH: usize = 18;

/// The hledger journal of a circle, from its signed entries in order (genesis first).
///
/// Fails if the entries are not a valid ledger (a bad signature, a broken chain, a rule
/// broken), naming the first bad entry, or if there is none.
pub fn hledger_journal<'a>(
    entries: impl IntoIterator<Item = &'a SignedEntry>,
) -> Result<String, RenderError> {
    let mut ledger = Ledger::new();
    let mut body = Journal::default();
    for signed in entries {
        let entry = signed.entry();
        ledger.append(signed).map_err(|rule| RenderError::Replay { seq: entry.seq, rule })?;
        let seq = entry.seq;
        let date = entry.recorded_at.date_naive();
        let act = entry.body.act();
        match act {
            Body::FundReceived { .. } | Body::FundReceivedV2 { .. } => {
                let Some(fund) = act.fund() else { continue };
                let (amount, source, reference) = (&fund.amount, fund.source, fund.reference);
                let description = format!("Funds received from {}", text(source.as_str()));
                let mut tags = format!("seq:{seq}, ref:{}", text(reference.as_str()));
                if let Some(agreement) = fund.agreement {
                    tags.push_str(&format!(", agreement:{}", text(agreement.as_str())));
                }
                let income = format!("income:funds:{}", body.component(source.as_str()));
                body.transaction(date, seq, &description, &tags, (AVAILABLE, &income), *amount);
            }
            Body::MeetingClose { meeting, outcomes } => {
                for item in outcomes.iter().filter(|item| item.outcome == Outcome::Adopted) {
                    let Some(line) = spend_line(&ledger, item.proposal) else { continue };
                    let Some(met) = ledger.meeting(*meeting) else { continue };
                    let description =
                        format!("{} adopted by {meeting}: {}", item.proposal, text(&line.purpose));
                    let tags = format!("seq:{seq}, proposal:{}, action:{}", item.proposal, line.action);
                    let committed = committed_account(line.action, item.proposal);
                    body.transaction(
                        met.date,
                        seq,
                        &description,
                        &tags,
                        (&committed, AVAILABLE),
                        line.amount,
                    );
                }
            }
            Body::Payout { .. } | Body::PayoutV2 { .. } => {
                let Some(payout) = act.payout() else { continue };
                let (proposal, amount, date, reference) =
                    (&payout.proposal, &payout.amount, &payout.date, payout.reference);
                let Some(line) = spend_line(&ledger, *proposal) else { continue };
                let (kind, payee) = match &line.payee_kind {
                    PayeeKind::Member => ("retribution", line.payee.as_str()),
                    PayeeKind::Supplier => ("expense", line.payee.as_str()),
                };
                let description = format!("Payout on {proposal} to {}", text(payee));
                let mut tags = format!(
                    "seq:{seq}, proposal:{proposal}, action:{}, beneficiary:{}, ref:{}",
                    line.action,
                    text(payee),
                    text(reference.as_str())
                );
                if let Some(receipt) = payout.receipt {
                    tags.push_str(&format!(", receipt:{}", receipt.sha256.to_hex()));
                }
                let expense = format!("expenses:{}:{kind}:{}", line.action, body.component(payee));
                let committed = committed_account(line.action, *proposal);
                body.transaction(*date, seq, &description, &tags, (&expense, &committed), *amount);
            }
            Body::SpendClose { proposal } => {
                let Some(line) = spend_line(&ledger, *proposal) else { continue };
                if line.released.is_zero() {
                    continue;
                }
                let description = format!("{proposal} closed: unpaid remainder released");
                let tags = format!("seq:{seq}, proposal:{proposal}, action:{}", line.action);
                let committed = committed_account(line.action, *proposal);
                body.transaction(date, seq, &description, &tags, (AVAILABLE, &committed), line.released);
            }
            _ => {}
        }
    }
    let mut journal = header(&ledger).ok_or(RenderError::Empty)?;
    for account in &body.accounts {
        let _ = writeln!(journal, "account {account}");
    }
    journal.push('\n');
    journal.push_str(&body.transactions);
    Ok(journal)
}

/// The transactions written so far, and every account they post to (declared in the header,
/// so that `hledger check --strict` passes).
#[derive(Default)]
struct Journal {
    transactions: String,
    accounts: BTreeSet<String>,
    /// The account name component given to each name (a source, a payee), and back: two names
    /// that sanitize alike get two components (`Fonds A: B`, `Fonds A- B #2`).
    components: BTreeMap<String, String>,
    named: BTreeMap<String, String>,
}

impl Journal {
    /// The account name component of `name`: [`account`] of it, made unique among the names of
    /// this journal by a ` #2`, ` #3`… where two names would otherwise share one.
    fn component(&mut self, name: &str) -> String {
        if let Some(component) = self.components.get(name) {
            return component.clone();
        }
        let base = account(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.named.contains_key(&candidate) {
            candidate = format!("{base} #{n}");
            n += 1;
        }
        self.components.insert(name.to_string(), candidate.clone());
        self.named.insert(candidate.clone(), name.to_string());
        candidate
    }

    /// One two-posting transaction: `amount` to `to`, taken from `from`.
    fn transaction(
        &mut self,
        date: NaiveDate,
        seq: u64,
        description: &str,
        tags: &str,
        (to, from): (&str, &str),
        amount: Euros,
    ) {
        let out = &mut self.transactions;
        let (plus, minus) = (format!("{amount} EUR"), format!("-{amount} EUR"));
        let _ = writeln!(out, "{date} * (#{seq}) {description}  ; {tags}");
        let _ = writeln!(out, "    {to:<ACCOUNT_WIDTH$}  {plus:>AMOUNT_WIDTH$}");
        let _ = writeln!(out, "    {from:<ACCOUNT_WIDTH$}  {minus:>AMOUNT_WIDTH$}");
        out.push('\n');
        self.accounts.insert(to.to_string());
        self.accounts.insert(from.to_string());
    }
}

const AVAILABLE: &str = "assets:bank:available";

enum PayeeKind {
    Member,
    Supplier,
}

/// What the journal needs of a spend line.
struct Line {
    action: ActionId,
    amount: Euros,
    released: Euros,
    payee_kind: PayeeKind,
    payee: String,
    purpose: String,
}

fn spend_line(ledger: &Ledger, id: ProposalId) -> Option<Line> {
    let line = ledger.proposal(id)?.spend_line()?;
    let payee_kind = match line.payee {
        Payee::Member(_) => PayeeKind::Member,
        Payee::Supplier(_) => PayeeKind::Supplier,
    };
    Some(Line {
        action: line.action,
        amount: line.amount,
        released: line.released,
        payee_kind,
        payee: line.payee.name().to_string(),
        purpose: line.purpose.to_string(),
    })
}

fn committed_account(action: ActionId, proposal: ProposalId) -> String {
    format!("assets:bank:committed:{action}:{proposal}")
}

fn header(ledger: &Ledger) -> Option<String> {
    let circle = ledger.circle()?;
    let head = ledger.head()?;
    let totals = ledger.totals();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; cercle: the books of the circle \"{}\" ({})",
        text(circle.name.as_str()),
        text(circle.territory.as_str())
    );
    let _ = writeln!(out, "; circle {}", circle.id.to_hex());
    let _ = writeln!(out, "; head #{} {} on {}", head.seq, head.hash.to_hex(), head.recorded_at.date_naive());
    let _ = writeln!(
        out,
        "; report: received {}, committed {}, paid {}, available {}",
        totals.received,
        totals.committed,
        totals.paid,
        totals.available()
    );
    out.push_str(
        "; received = -income:funds, committed = assets:bank:committed, paid = expenses,\n\
         ; available = assets:bank:available (hledger bal -N --flat);\n\
         ; per member or supplier: hledger bal expenses --pivot beneficiary\n\n",
    );
    // The form both hledger and ledger read (`commodity 1000.00 EUR` alone makes ledger
    // --strict warn at every posting and --pedantic refuse the journal).
    out.push_str("commodity EUR\n    format 1000.00 EUR\n\n");
    out.push_str("account assets  ; type: A\n");
    out.push_str("account assets:bank\n");
    out.push_str("account assets:bank:committed\n");
    out.push_str("account income  ; type: R\n");
    out.push_str("account income:funds\n");
    out.push_str("account expenses  ; type: X\n");
    Some(out)
}

/// A name made into one hledger account name component.
fn account(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            c if c.is_whitespace() => ' ',
            c if c.is_alphanumeric() || "-_.'&/+".contains(c) => c,
            _ => '-',
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "unnamed".to_string();
    }
    collapsed
}

/// User text made safe for a description or a tag value.
fn text(value: &str) -> String {
    let replaced: String =
        value.chars().map(|c| if c.is_control() || ";|,".contains(c) { ' ' } else { c }).collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_cannot_break_the_journal() {
        assert_eq!(account("FEDER"), "FEDER");
        assert_eq!(account("Région Hauts-de-France"), "Région Hauts-de-France");
        assert_eq!(account("a:b  c;d(e)[f]"), "a-b c-d-e--f-");
        assert_eq!(account(" \t "), "unnamed");
        assert_eq!(account("L'Encre & Cie"), "L'Encre & Cie");
    }

    #[test]
    fn names_that_sanitize_alike_keep_apart() {
        let mut journal = Journal::default();
        assert_eq!(journal.component("Fonds A: B"), "Fonds A- B");
        assert_eq!(journal.component("Fonds A- B"), "Fonds A- B #2");
        assert_eq!(journal.component("Fonds A; B"), "Fonds A- B #3");
        assert_eq!(journal.component("Fonds A: B"), "Fonds A- B", "the same name, the same account");
    }

    #[test]
    fn descriptions_cannot_start_a_comment() {
        assert_eq!(text("a;b|c,d  e"), "a b c d e");
    }
}
