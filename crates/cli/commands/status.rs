//! `cercle status`: one screen of the circle.

use cercle_core::{Proposal, ProposalStatus, Role};
use serde_json::json;

use crate::context::{open, report_of, Context};
use crate::describe::{proposal_json, proposal_line};
use crate::error::Result;
use crate::output::{euros, print, print_json};

pub fn status(ctx: &Context) -> Result<()> {
    let store = open(ctx)?;
    let ledger = store.ledger();
    let report = report_of(ledger)?;
    // The live state holds every pending proposal and open meeting: no history is read.
    let pending: Vec<&Proposal> =
        ledger.live_proposals().filter(|p| p.status == ProposalStatus::Pending).collect();
    let open_meetings: Vec<_> = ledger.open_meetings().collect();
    if ctx.json {
        let pending: Vec<_> = pending.iter().map(|p| proposal_json(&report, p)).collect();
        let meetings: Vec<_> = open_meetings
            .iter()
            .map(|m| json!({"id": m.id, "date": m.date, "agenda": m.agenda, "present": m.present_count, "voting": m.voting_count}))
            .collect();
        let members: Vec<_> = report.members.iter().filter(|m| m.active).collect();
        return print_json(&json!({
            "circle": report.circle, "head": report.head, "totals": report.totals,
            "members": members, "pending": pending, "open_meetings": meetings,
        }));
    }
    let c = &report.circle;
    let t = &report.totals;
    let mut lines = vec![
        format!("{} ({}), {}", c.name, c.territory, crate::lang::words::circle_status(c.status)),
        t!("status-circle-line", id = &c.id[..16], entries = report.head.seq + 1, last = report.head.date),
        String::new(),
        format!("{:<11}{:>18}", t!("status-received"), euros(t.received)),
        format!("{:<11}{:>18}", t!("status-committed"), euros(t.committed)),
        format!("{:<11}{:>18}", t!("status-paid"), euros(t.paid)),
        format!("{:<11}{:>18}", t!("status-available"), euros(t.available)),
        String::new(),
    ];
    let label = |role: Role| t!("status-role-label", role = crate::lang::words::role(role));
    let width = Role::ALL.iter().map(|role| label(*role).chars().count()).max().unwrap_or(0);
    for role in Role::ALL {
        let names: Vec<&str> =
            ledger.members().filter(|m| m.active && m.role == *role).map(|m| m.name.as_str()).collect();
        lines.push(format!(
            "{:<width$} {}",
            label(*role),
            if names.is_empty() { "-".into() } else { names.join(", ") }
        ));
    }
    lines.push(String::new());
    if pending.is_empty() {
        lines.push(t!("status-no-pending"));
    } else {
        lines.push(t!("status-pending", count = pending.len()));
        lines.extend(pending.iter().map(|p| format!("  {}", proposal_line(p))));
    }
    for m in &open_meetings {
        let agenda: Vec<String> = m.agenda.iter().map(ToString::to_string).collect();
        lines.push(t!(
            "status-open-meeting",
            meeting = m.id,
            date = m.date,
            agenda = agenda.join(", "),
            present = m.present_count,
            voting = m.voting_count
        ));
    }
    print(&lines.join("\n"))
}
