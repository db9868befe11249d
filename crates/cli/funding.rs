//! What funders ask for: agreements (conventions), fund receipts into them, payouts with their
//! receipts, expense statements and evidence bundles.

use std::io::Write as _;
use std::path::Path;

use cercle_core::statement::{Payouts, Statement};
use cercle_core::{ActionId, AgreementTerms, Body, Euros, Ledger, ProposalId, Rate, Text, TextField};
use cercle_render::csv::CsvStyle;
use cercle_store::{CopyState, Receipts, Store};
use chrono::NaiveDate;
use serde_json::json;

use crate::args::{AgreementCommand, CorrectCommand, EvidenceArgs, PayoutArgs, ReportFormat, StatementArgs};
use crate::commands::{parse_date, written, Context};
use crate::failure::{Failure, Result};
use crate::output::{euros, note, print, print_json, write_to};

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
            None => {
                return Err(
                    Failure::new(t!("fund-no-agreement", name = name)).hint(t!("fund-no-agreement-hint"))
                )
            }
        },
        (None, None) => return Err(Failure::usage(t!("fund-source-missing"))),
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

/// The ledger as it is, if there is one (for defaults and warnings; the rules run on append).
fn current_ledger(ctx: &Context) -> Option<Store> {
    Store::open(&ctx.ledger).ok()
}

/// "Region" next to "Région": a funder written differently from an existing one only by case,
/// accents or spacing would become a second funder in every report. A warning for each, naming
/// the spelling to reuse; the entry is still recorded (it may be meant).
fn near_duplicate_funders(ledger: &Ledger, source: &str) -> Vec<String> {
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

/// `cercle agreement add|list`.
pub fn agreement(ctx: &Context, command: AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Add { funder, reference, amount, rate, from, actions } => {
            let to = ctx.period_to.clone().ok_or_else(|| Failure::usage(t!("agreement-to-missing")))?;
            let rate = rate
                .map(|rate| rate.parse::<Rate>())
                .transpose()
                .map_err(|e| Failure::new(t!("cli-refused", error = e)))?;
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

fn full(ctx: &Context) -> Result<(Ledger, Payouts)> {
    let store = crate::read::open(ctx)?;
    let ledger = store.full_ledger()?;
    let mut payouts = Payouts::new();
    if ledger.agreements().next().is_some() {
        for entry in store.entries() {
            payouts.observe(&entry?);
        }
    }
    Ok((ledger, payouts))
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
            Some(Receipts::of(home).stage(file).map_err(|e| Failure::new(t!("cli-refused", error = e)))?)
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
                    Err(Failure::new(t!("payout-not-four-eyes", amount = euros(amount)))
                        .hint(t!("payout-not-four-eyes-hint")))
                })?;
            (crate::commands::Signed::Entry(Box::new(store), countersign), before, None)
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

fn period(from: Option<&String>, to: Option<&String>) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    Ok((from.map(|d| parse_date(d)).transpose()?, to.map(|d| parse_date(d)).transpose()?))
}

fn build(ctx: &Context, reference: &str, from: Option<&String>, to: Option<&String>) -> Result<Statement> {
    let (from, to) = period(from, to)?;
    let (ledger, payouts) = full(ctx)?;
    Statement::build(&ledger, &payouts, reference, from, to)
        .map_err(|e| Failure::new(t!("cli-refused", error = e)))
}

/// `cercle statement`.
pub fn statement(ctx: &Context, args: StatementArgs) -> Result<()> {
    let statement = build(ctx, &args.agreement, args.from.as_ref(), ctx.period_to.as_ref())?;
    let format = args.format.unwrap_or(if ctx.json { ReportFormat::Json } else { ReportFormat::Table });
    let text = match format {
        ReportFormat::Json => {
            serde_json::to_string_pretty(&statement).map_err(|e| Failure::new(e.to_string()))?
        }
        ReportFormat::Table => cercle_render::statement::statement_table(&statement, crate::lang::lang()),
        ReportFormat::Csv => cercle_render::statement::statement_csv(&statement, CsvStyle::Standard),
        ReportFormat::CsvFr => cercle_render::statement::statement_csv(&statement, CsvStyle::French),
        ReportFormat::Html => cercle_render::statement::statement_html(&statement, crate::lang::lang()),
    };
    write_to(args.out.as_deref(), &text)
}

/// `cercle evidence`: the statement (CSV, HTML, JSON), every receipt, and a manifest of
/// SHA-256 hashes, in one zip. A receipt that is missing or changed is listed, the zip still
/// written (with what there is), and the command exits 1.
pub fn evidence(ctx: &Context, args: EvidenceArgs) -> Result<()> {
    let statement = build(ctx, &args.agreement, args.from.as_ref(), ctx.period_to.as_ref())?;
    let mut folders = vec![Receipts::of(&ctx.ledger)];
    folders.extend(args.receipts.iter().map(|dir| Receipts::at(dir)));
    let csv = cercle_render::statement::statement_csv(&statement, CsvStyle::French);
    let html = cercle_render::statement::statement_html(&statement, crate::lang::lang());
    let json = serde_json::to_string_pretty(&statement).map_err(|e| Failure::new(e.to_string()))?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("etat-recapitulatif.csv".into(), csv.into_bytes()),
        ("etat-recapitulatif.html".into(), html.into_bytes()),
        ("etat-recapitulatif.json".into(), json.into_bytes()),
    ];
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for line in &statement.lines {
        let Some(receipt) = &line.receipt else {
            problems.push(t!(
                "evidence-no-receipt",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference
            ));
            continue;
        };
        if !seen.insert(receipt.sha256) {
            continue;
        }
        let wanted = receipt.clone();
        let mut found = None;
        let mut changed = None;
        for folder in &folders {
            match folder.check(&wanted) {
                CopyState::Present(path) => {
                    found = Some(path);
                    break;
                }
                CopyState::Differs { path, found } => changed = Some((path, found)),
                CopyState::Missing => {}
            }
        }
        match (found, changed) {
            (Some(path), _) => {
                let bytes = std::fs::read(&path)
                    .map_err(|e| Failure::new(t!("cli-file-unreadable", path = path.display(), error = e)))?;
                files.push((
                    format!("justificatifs/{}-{}", &receipt.sha256.to_hex()[..12], receipt.name),
                    bytes,
                ));
            }
            (None, Some((path, found))) => problems.push(t!(
                "evidence-receipt-changed",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference,
                name = receipt.name,
                path = path.display(),
                found = found,
                sha256 = receipt.sha256
            )),
            (None, None) => problems.push(t!(
                "evidence-receipt-missing",
                proposal = line.proposal,
                date = line.date,
                reference = line.reference,
                name = receipt.name,
                sha256 = receipt.sha256
            )),
        }
    }
    if !problems.is_empty() {
        let mut missing = t!("evidence-missing-heading");
        missing.push('\n');
        problems.iter().for_each(|p| missing.push_str(&format!("- {p}\n")));
        files.push(("MANQUANTS.txt".into(), missing.into_bytes()));
    }
    let mut manifest =
        String::from("# SHA-256  file  (cercle evidence; check with: sha256sum -c MANIFEST.sha256)\n");
    for (name, bytes) in &files {
        use sha2::Digest as _;
        let digest: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        manifest.push_str(&format!("{digest}  {name}\n"));
    }
    files.insert(0, ("MANIFEST.sha256".into(), manifest.into_bytes()));
    write_zip(&args.out, &files, statement.head.date)?;
    let receipts = files.iter().filter(|(n, _)| n.starts_with("justificatifs/")).count();
    let plural = |n: usize| if n == 1 { "one" } else { "other" };
    let message = t!(
        "evidence-written",
        path = args.out.display(),
        agreement = statement.agreement.reference,
        lines = statement.totals.lines,
        lines_plural = plural(statement.totals.lines),
        eligible = euros(statement.totals.eligible),
        receipts = receipts,
        receipts_plural = plural(receipts)
    );
    if problems.is_empty() {
        note(&message);
        return Ok(());
    }
    Err(Failure::new(t!("evidence-incomplete", count = problems.len(), problems = problems.join("; ")))
        .hint(t!("evidence-incomplete-hint", message = message)))
}

/// Write `files` into a zip at `out`, every file dated `date` (so that the same ledger gives
/// the same bytes): built in memory, written to a synced temporary file beside `out`, renamed
/// into place and the folder synced, so that "Wrote" is true once said.
fn write_zip(out: &Path, files: &[(String, Vec<u8>)], date: NaiveDate) -> Result<()> {
    use chrono::Datelike as _;
    let fail =
        |e: &dyn std::fmt::Display| Failure::new(t!("cli-file-unwritable", path = out.display(), error = e));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let year = u16::try_from(date.year()).unwrap_or(1980).clamp(1980, 2107);
    let stamp = zip::DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, 0, 0, 0)
        .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let bytes = zip.finish().map_err(|e| fail(&e))?.into_inner();
    let temp = crate::publish::temporary(out, &bytes)?;
    if let Err(error) = std::fs::rename(&temp, out) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(&error));
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::publish::sync_dir(parent)
}

/// `cercle correct fund|payout`: a correction (or reversal) signed by --as; with
/// `--countersign NAME`, countersigned at once by a second local key, both entries appended
/// together (or neither).
pub fn correct(ctx: &Context, command: CorrectCommand) -> Result<()> {
    let (body, countersigner, what) = match command {
        CorrectCommand::Fund { seq, amount, source, reference, reason, countersign } => {
            let record =
                current_ledger(ctx).and_then(|s| s.ledger().fund_record(seq).cloned()).ok_or_else(|| {
                    Failure::new(t!("correct-not-fund", seq = seq)).hint(t!("correct-not-fund-hint"))
                })?;
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
        let message = t!("correct-recorded", what = what);
        return written(ctx, ctx.append(body)?, None, &message);
    };
    let (store, countersign, ()) =
        append_countersigned(ctx, body, &second, &t!("correct-whose"), |_| (), |_, _| Ok(()))?;
    drop(store);
    let message = t!("corrected", what = what, second = second);
    crate::commands::announce(ctx, &countersign, None, &message)
}

/// Sign `body` with the --as key and, at once, its countersignature with `second`'s key, and
/// append both together (or neither). `peek` reads the state before; `check` sees the state
/// after the first entry (a copy) and may refuse.
pub(crate) fn append_countersigned<T>(
    ctx: &Context,
    body: Body,
    second: &str,
    whose: &str,
    peek: impl FnOnce(&Ledger) -> T,
    check: impl FnOnce(&Ledger, &cercle_core::SignedEntry) -> Result<()>,
) -> Result<(Store, cercle_core::SignedEntry, T)> {
    if ctx.to.is_some() {
        return Err(Failure::usage(t!("countersign-elsewhere", whose = whose)));
    }
    let (_, first_key) = ctx.signer()?;
    let second_key = ctx.keys.load(second)?;
    let mut store = crate::commands::open_writer(ctx)?;
    let before = peek(store.ledger());
    let first_author = cercle_core::PublicKey(first_key.verifying_key().to_bytes());
    let first = store.ledger().draft(first_author, ctx.now, body).sign(&first_key)?;
    let mut next = store.ledger().clone();
    next.append(&first).map_err(|rule| Failure::new(t!("cli-refused", error = rule)))?;
    check(&next, &first)?;
    let second_author = cercle_core::PublicKey(second_key.verifying_key().to_bytes());
    let countersign = next
        .draft(second_author, ctx.now, Body::Countersign { target: first.entry().seq })
        .sign(&second_key)?;
    store.append_all(&[first, countersign.clone()])?;
    crate::commands::print_notes(&mut store);
    Ok((store, countersign, before))
}

/// `cercle countersign SEQ`.
pub fn countersign(ctx: &Context, seq: u64) -> Result<()> {
    let signed = ctx.append(Body::Countersign { target: seq })?;
    let message = match signed.store() {
        Some(store) => crate::keys::countersigned(store.ledger(), seq),
        None => t!("countersigned", seq = seq),
    };
    written(ctx, signed, None, &message)
}
