//! Dispatch, and the commands that sign and append one entry.

use std::path::PathBuf;
use std::process::ExitCode;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{
    ActionId, Body, Choice, CircleStatus, Genesis, Governance, MeetingId, MemberName, Payee, ProposalId,
    PublicKey, Quorum, Role, Setting, SignedEntry, Text, TextField, Threshold,
};
use cercle_store::{Keystore, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::args::*;
use crate::failure::{Failure, Result};
use crate::output::{euros, note, print, print_json, print_json_recorded, print_recorded};

/// What every command may need: where things are, who signs, when it is.
pub struct Context {
    pub ledger: PathBuf,
    pub keys: Keystore,
    pub as_key: Option<String>,
    /// `--passphrase-file FILE`.
    pub passphrase_file: Option<PathBuf>,
    /// `--to DIR`: sign acts as envelopes into DIR/inbox/ instead of appending them.
    pub to: Option<PathBuf>,
    /// `--to YYYY-MM-DD` of a command over a period (statement, evidence, agreement add).
    pub period_to: Option<String>,
    pub json: bool,
    pub now: DateTime<Utc>,
    /// How long a writer waits for another cercle process (`--wait`).
    pub wait: std::time::Duration,
}

/// Whether `text` is written like a date (`YYYY-MM-DD`, valid or not).
fn dated(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `--to` is the envelope's folder for signing commands (the contract of the shared folder)
/// and the period's last day for commands over a period (the contract of funders): split the
/// values given between the two; `CERCLE_TO` gives the folder when no `--to DIR` does.
fn split_to(cli: &Cli) -> Result<(Option<PathBuf>, Option<String>)> {
    let (period, signs) = match &cli.command {
        Command::Statement(_) | Command::Evidence(_) | Command::Report(_) => (true, false),
        Command::Agreement(AgreementCommand::Add { .. }) => (true, true),
        _ => (false, true),
    };
    let (dates, dirs): (Vec<&String>, Vec<&String>) = cli.to.iter().partition(|v| period && dated(v));
    if dates.len() > 1 {
        return Err(Failure::usage(t!("to-date-twice")));
    }
    if dirs.len() > 1 {
        return Err(Failure::usage(t!("to-dir-twice")));
    }
    if !signs && !dirs.is_empty() {
        return Err(Failure::usage(t!("to-not-a-date", value = format!("{:?}", dirs[0]))));
    }
    let env_dir = || std::env::var_os("CERCLE_TO").filter(|v| !v.is_empty()).map(PathBuf::from);
    let dir = if signs { dirs.first().map(PathBuf::from).or_else(env_dir) } else { None };
    Ok((dir, dates.first().map(|d| d.to_string())))
}

impl Context {
    fn new(cli: &Cli) -> Result<Context> {
        let (to, period_to) = split_to(cli)?;
        let keys_dir = match &cli.keys {
            Some(dir) => dir.clone(),
            None => default_keys_dir()?,
        };
        Ok(Context {
            ledger: cli.ledger.clone(),
            keys: Keystore::new(&keys_dir).with_passphrase(passphrase_source(cli.passphrase_file.clone())),
            as_key: cli.as_key.clone(),
            passphrase_file: cli.passphrase_file.clone(),
            to,
            period_to,
            json: cli.json,
            now: now()?,
            wait: std::time::Duration::from_secs(cli.wait),
        })
    }

    /// The key that signs this command's entry (`--as`). A time more than a day ahead of this
    /// machine's clock is refused first: an entry dated 2099 would date every later entry 2099
    /// (no entry may be dated before the one it follows), and a test clock (`CERCLE_NOW`) is no
    /// way around that.
    pub fn signer(&self) -> Result<(String, SigningKey)> {
        let machine = Utc::now();
        if self.now > machine + chrono::Duration::days(1) {
            return Err(Failure::new(t!(
                "signer-clock-ahead",
                date = self.now.format("%Y-%m-%d %H:%M UTC"),
                clock = machine.format("%Y-%m-%d %H:%M UTC")
            ))
            .hint(t!("signer-clock-ahead-hint")));
        }
        let name = self
            .as_key
            .clone()
            .ok_or_else(|| Failure::usage(t!("signer-missing")).hint(t!("signer-missing-hint")))?;
        let key = self.keys.load(&name)?;
        Ok((name, key))
    }

    /// Sign `body` with the `--as` key and append it to the ledger (or, with `--to DIR`, write
    /// it as an envelope into DIR/inbox/).
    pub fn append(&self, body: Body) -> Result<Signed> {
        self.append_with(body, |_| ()).map(|(signed, ())| signed)
    }

    /// Like [`Context::append`], also returning what `peek` read from the ledger before the
    /// entry (a settled record leaves the live state once the entry is appended).
    pub fn append_with<T>(
        &self,
        body: Body,
        peek: impl FnOnce(&cercle_core::Ledger) -> T,
    ) -> Result<(Signed, T)> {
        if let Some(to) = &self.to {
            let before = match Store::open(&self.ledger) {
                Ok(copy) => peek(copy.ledger()),
                Err(_) => peek(&cercle_core::Ledger::new()),
            };
            let (envelope, path) = crate::inbox::send(self, to, body)?;
            return Ok((Signed::Envelope { envelope, path }, before));
        }
        let (_, key) = self.signer()?;
        let mut store = open_writer(self)?;
        let before = peek(store.ledger());
        let author = PublicKey(key.verifying_key().to_bytes());
        let entry = store.ledger().draft(author, self.now, body).sign(&key)?;
        store.append(&entry)?;
        print_notes(&mut store);
        Ok((Signed::Entry(Box::new(store), entry), before))
    }
}

/// What a signing command made.
pub enum Signed {
    /// An entry, appended to the ledger.
    Entry(Box<Store>, SignedEntry),
    /// An envelope, written into an inbox (`--to`).
    Envelope { envelope: cercle_core::SignedEnvelope, path: PathBuf },
}

impl Signed {
    /// The ledger appended to, if an entry was.
    pub(crate) fn store(&self) -> Option<&Store> {
        match self {
            Signed::Entry(store, _) => Some(store),
            Signed::Envelope { .. } => None,
        }
    }
}

/// Where protected keys' passphrases come from: the first line of `file`, or else the
/// terminal (asked without echo), or else nowhere (and the key is refused with why).
fn passphrase_source(file: Option<PathBuf>) -> cercle_store::PassphraseSource {
    std::sync::Arc::new(move |name: &str| match &file {
        Some(path) => read_passphrase_file(path),
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            rpassword::prompt_password(t!("passphrase-prompt-key", name = name)).map_err(|e| e.to_string())
        }
        None => Err(t!("passphrase-none")),
    })
}

fn read_passphrase_file(path: &std::path::Path) -> std::result::Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| t!("passphrase-file-unreadable", path = path.display(), error = e))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(t!("passphrase-file-empty", path = path.display()));
    }
    Ok(line.to_string())
}

/// A new passphrase: from --passphrase-file, or asked twice in a terminal; `None` without either.
fn new_passphrase(ctx: &Context, what: &str) -> Result<Option<String>> {
    if let Some(path) = &ctx.passphrase_file {
        return read_passphrase_file(path).map(Some).map_err(Failure::new);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(None);
    }
    let first = rpassword::prompt_password(t!("passphrase-prompt-new", what = what))
        .map_err(|e| Failure::new(e.to_string()))?;
    if first.is_empty() {
        return Err(Failure::new(t!("passphrase-empty")).hint(t!("passphrase-empty-hint")));
    }
    let again =
        rpassword::prompt_password(t!("passphrase-prompt-again")).map_err(|e| Failure::new(e.to_string()))?;
    if first != again {
        return Err(Failure::new(t!("passphrase-differ")));
    }
    Ok(Some(first))
}

/// The clock, or `CERCLE_NOW` (RFC 3339) for reproducible scripts and tests.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("CERCLE_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| Failure::new(t!("now-invalid", text = text))),
        Err(_) => Ok(Utc::now()),
    }
}

fn default_keys_dir() -> Result<PathBuf> {
    if let Some(config) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(config).join("cercle/keys"));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(home).join(".config/cercle/keys"));
    }
    Err(Failure::new(t!("keystore-nowhere")))
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::new(&cli)?;
    match cli.command {
        Command::Key(command) => key(&ctx, command)?,
        Command::Init(args) => init(&ctx, args)?,
        Command::Circle(CircleCommand::SupportKey(key)) => crate::keys::support_key(&ctx, &key)?,
        Command::Circle(CircleCommand::Status { status }) => {
            let status: CircleStatus = status.parse()?;
            written(
                &ctx,
                ctx.append(Body::CircleStatus { status })?,
                None,
                &t!("circle-status-recorded", status = crate::lang::words::circle_status(status)),
            )?;
        }
        Command::Member(command) => member(&ctx, command)?,
        Command::Fund(FundCommand::Receive { amount, source, reference, agreement, allow_duplicate_ref }) => {
            crate::funding::fund_receive(
                &ctx,
                &amount,
                source.as_deref(),
                &reference,
                agreement.as_deref(),
                allow_duplicate_ref,
            )?;
        }
        Command::Agreement(command) => crate::funding::agreement(&ctx, command)?,
        Command::Statement(args) => crate::funding::statement(&ctx, args)?,
        Command::Evidence(args) => crate::funding::evidence(&ctx, args)?,
        Command::Correct(command) => crate::funding::correct(&ctx, command)?,
        Command::Countersign { seq } => crate::funding::countersign(&ctx, parse_seq(&seq)?)?,
        Command::Propose(command) => propose(&ctx, command)?,
        Command::Proposal(ProposalCommand::List) => crate::read::proposal_list(&ctx)?,
        Command::Proposal(ProposalCommand::Show { id }) => crate::read::proposal_show(&ctx, id.parse()?)?,
        Command::Proposal(ProposalCommand::Withdraw { id }) => {
            let proposal: ProposalId = id.parse()?;
            written(
                &ctx,
                ctx.append(Body::Withdraw { proposal })?,
                None,
                &t!("proposal-withdrawn", proposal = proposal),
            )?;
        }
        Command::Meeting(command) => meeting(&ctx, command)?,
        Command::Vote { meeting, proposal, choice } => {
            let (meeting, proposal): (MeetingId, ProposalId) = (meeting.parse()?, proposal.parse()?);
            let choice: Choice = choice.parse()?;
            let message = t!(
                "vote-recorded",
                choice = crate::lang::words::choice(choice),
                proposal = proposal,
                meeting = meeting
            );
            written(&ctx, ctx.append(Body::Vote { meeting, proposal, choice })?, None, &message)?;
        }
        Command::Payout(args) => crate::funding::payout(&ctx, args)?,
        Command::Spend(SpendCommand::Close { proposal }) => {
            let proposal: ProposalId = proposal.parse()?;
            let remaining =
                |ledger: &cercle_core::Ledger| ledger.proposal(proposal)?.spend_line().map(|l| l.remaining());
            let (signed, released) = ctx.append_with(Body::SpendClose { proposal }, remaining)?;
            let released = released.map_or(t!("spend-closed-nothing"), euros);
            let message = t!("spend-closed", proposal = proposal, released = released);
            written(&ctx, signed, None, &message)?;
        }
        Command::Status => crate::read::status(&ctx)?,
        Command::Log => crate::read::log(&ctx)?,
        Command::Todo => crate::todo::todo(&ctx)?,
        Command::Report(args) => crate::read::report(&ctx, args)?,
        Command::Verify(args) => crate::audit::verify(&ctx, args)?,
        Command::Repair => repair(&ctx)?,
        Command::Prove { reference, out } => crate::proof::prove(&ctx, &reference, out.as_deref())?,
        Command::Publish { dir } => crate::publish::publish(&ctx, &dir)?,
        Command::Ingest { dir, recover } => crate::inbox::ingest(&ctx, &dir, recover.as_deref())?,
        Command::Sync { dir } => crate::sync::sync(&ctx, &dir)?,
        Command::Cosign { note, name, out } => {
            crate::proof::cosign(&ctx, &note, name.as_deref(), out.as_deref())?
        }
        Command::CheckProof { file, key, vkey } => {
            crate::proof::check_proof(&ctx, &file, key.as_deref(), vkey.as_deref())?
        }
        Command::Export(args) => crate::audit::export(&ctx, args)?,
        Command::Import { file, strict } => crate::audit::import(&ctx, &file, strict)?,
        Command::Checkpoint { file: None, out } => crate::audit::checkpoint(&ctx, out.as_deref())?,
        Command::Checkpoint { file: Some(file), out } => {
            crate::audit::checkpoint_export(&ctx, &file, out.as_deref())?
        }
        Command::Audit(args) => return crate::audit::audit(&ctx, args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "cercle", &mut out);
            crate::output::print_recorded(String::from_utf8_lossy(&out).trim_end())?;
        }
        Command::Man { out } => man(out.as_deref())?,
        Command::Demo(DemoCommand::Generate { out, seed, circles, entries }) => {
            crate::audit::demo_generate(&ctx, &out, seed, circles, entries)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Report an appended entry: a sentence for people (stderr, or stdout when there is no id to
/// print), the id alone on stdout for scripts, or one JSON object.
/// The entry is durable by now: nothing here may turn the answer into a failure.
pub(crate) fn written(ctx: &Context, signed: Signed, id: Option<String>, message: &str) -> Result<()> {
    match signed {
        Signed::Entry(store, entry) => {
            drop(store);
            announce(ctx, &entry, id, message)
        }
        Signed::Envelope { envelope, path } => sent(ctx, &envelope, &path),
    }
}

/// Report an envelope written into an inbox: its file name on stdout, a sentence on stderr.
fn sent(ctx: &Context, envelope: &cercle_core::SignedEnvelope, path: &std::path::Path) -> Result<()> {
    let kind = envelope.envelope().body.kind();
    if ctx.json {
        return print_json_recorded(&json!({
            "envelope": envelope.file_name(), "path": path, "id": envelope.id().to_hex(), "kind": kind,
            "says": crate::read::describe(&envelope.envelope().body),
        }));
    }
    note(&t!(
        "envelope-signed",
        says = crate::read::describe(&envelope.envelope().body),
        path = path.display()
    ));
    print_recorded(&envelope.file_name())
}

pub(crate) fn announce(ctx: &Context, entry: &SignedEntry, id: Option<String>, message: &str) -> Result<()> {
    if ctx.json {
        return print_json_recorded(&json!({
            "seq": entry.entry().seq,
            "hash": entry.hash().to_hex(),
            "kind": entry.entry().body.kind(),
            "id": id,
            "message": message,
        }));
    }
    match id {
        Some(id) => {
            note(message);
            print_recorded(&id)
        }
        None => print_recorded(message),
    }
}

fn key(ctx: &Context, command: KeyCommand) -> Result<()> {
    match command {
        KeyCommand::New { name, unprotected } => {
            let mut seed = [0u8; 32];
            getrandom_seed(&mut seed)?;
            let passphrase =
                if unprotected { None } else { new_passphrase(ctx, &t!("key-what-key", name = name))? };
            let public = match &passphrase {
                Some(passphrase) => ctx.keys.create_protected(&name, seed, passphrase)?,
                None => ctx.keys.create(&name, seed)?,
            };
            if ctx.json {
                return print_json(
                    &json!({ "name": name, "key": public.to_hex(), "protected": passphrase.is_some() }),
                );
            }
            let how = match (&passphrase, unprotected) {
                (Some(_), _) => t!("key-protected"),
                (None, true) => t!("key-unprotected"),
                (None, false) => t!("key-unprotected-no-terminal"),
            };
            note(&t!("key-created", name = name, dir = ctx.keys.dir().display(), how = how));
            print(&public.to_hex())
        }
        KeyCommand::Export { name, out } => {
            let passphrase = new_passphrase(ctx, &t!("key-what-export", name = name))?
                .ok_or_else(|| Failure::new(t!("key-export-needs-passphrase")))?;
            let text = ctx.keys.export(&name, &passphrase)?;
            write_private(&out, &text)?;
            note(&t!("key-exported", name = name, path = out.display()));
            Ok(())
        }
        KeyCommand::Import { file, name, unprotected } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::new(t!("cli-file-unreadable", path = file.display(), error = e)))?;
            let passphrase = match &ctx.passphrase_file {
                Some(path) => read_passphrase_file(path).map_err(Failure::new)?,
                None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                    rpassword::prompt_password(t!("passphrase-prompt-file", path = file.display()))
                        .map_err(|e| Failure::new(e.to_string()))?
                }
                None => return Err(Failure::new(t!("key-import-needs-passphrase"))),
            };
            let (exported, seed) = cercle_store::Keystore::read_export(&file, &text, &passphrase)?;
            let name = name.unwrap_or(exported);
            let public = if unprotected {
                ctx.keys.create(&name, seed)?
            } else {
                ctx.keys.create_protected(&name, seed, &passphrase)?
            };
            if ctx.json {
                return print_json(
                    &json!({ "name": name, "key": public.to_hex(), "protected": !unprotected }),
                );
            }
            note(&t!("key-imported", name = name, dir = ctx.keys.dir().display()));
            print(&public.to_hex())
        }
        KeyCommand::List => {
            let keys = ctx.keys.list()?;
            if ctx.json {
                let keys: Vec<_> =
                    keys.iter().map(|(n, k)| json!({ "name": n, "key": k.to_hex() })).collect();
                return print_json(&keys);
            }
            if keys.is_empty() {
                note(&t!("key-none", dir = ctx.keys.dir().display()));
                return Ok(());
            }
            let width = keys.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(0);
            let lines: Vec<String> = keys.iter().map(|(n, k)| format!("{n:<width$}  {k}")).collect();
            print(&lines.join("\n"))
        }
        KeyCommand::Show { name, vkey } => {
            let public = ctx.keys.public(&name)?;
            if let Some(signer) = vkey {
                let vkey = cercle_core::Vkey::new(&signer, public)
                    .map_err(|e| Failure::new(t!("cli-refused", error = e)))?;
                if ctx.json {
                    return print_json(
                        &json!({ "name": name, "key": public.to_hex(), "vkey": vkey.to_string() }),
                    );
                }
                return print(&vkey.to_string());
            }
            if ctx.json {
                return print_json(&json!({ "name": name, "key": public.to_hex() }));
            }
            print(&public.to_hex())
        }
    }
}

fn getrandom_seed(seed: &mut [u8; 32]) -> Result<()> {
    use rand_core::{OsRng, RngCore as _};
    OsRng.try_fill_bytes(seed).map_err(|e| Failure::new(t!("key-no-randomness", error = e)))
}

fn init(ctx: &Context, args: InitArgs) -> Result<()> {
    let (name, key) = ctx.signer()?;
    let founder: MemberName = name.parse()?;
    let genesis = Genesis {
        name: Text::new(TextField::CircleName, &args.name)?,
        territory: Text::new(TextField::Territory, &args.territory)?,
        status: args.status.parse()?,
        founder,
        governance: Governance {
            quorum: args.quorum.parse::<Quorum>()?,
            threshold: args.threshold.parse::<Threshold>()?,
            recusal: !args.no_recusal,
        },
        support_key: args.support_key.as_deref().map(str::parse).transpose()?,
    };
    let author = PublicKey(key.verifying_key().to_bytes());
    let mut ledger = cercle_core::Ledger::new();
    let entry = ledger.draft(author, ctx.now, Body::Genesis(genesis)).sign(&key)?;
    // Check the rules before creating anything on disk.
    ledger.append(&entry)?;
    Store::init(&ctx.ledger, &entry)?;
    let id = entry.hash().to_hex();
    let message = t!("circle-created", circle = args.name, path = ctx.ledger.display(), name = name);
    announce(ctx, &entry, Some(id), &message)
}

fn member(ctx: &Context, command: MemberCommand) -> Result<()> {
    match command {
        MemberCommand::Add { name, key, key_name, role } => {
            let name: MemberName = name.parse()?;
            let role: Role = role.parse()?;
            let key = match (key, key_name) {
                (Some(hex), _) => hex.parse::<PublicKey>()?,
                (None, Some(key_name)) => ctx.keys.public(&key_name)?,
                (None, None) => return Err(Failure::new(t!("member-key-missing"))),
            };
            let message = t!("member-added", name = name, role = crate::lang::words::role(role));
            written(ctx, ctx.append(Body::MemberAdd { name, key, role })?, None, &message)
        }
        MemberCommand::Role { name, role } => {
            let (name, role): (MemberName, Role) = (name.parse()?, role.parse()?);
            let message = t!("member-role-changed", name = name, role = crate::lang::words::role(role));
            written(ctx, ctx.append(Body::MemberRole { name, role })?, None, &message)
        }
        MemberCommand::Leave { name } => {
            let name: MemberName = name.parse()?;
            let message = t!("member-left", name = name);
            written(ctx, ctx.append(Body::MemberLeave { name })?, None, &message)
        }
        MemberCommand::List => crate::read::member_list(ctx),
        MemberCommand::Key { name, key, countersign } => {
            crate::keys::member_key(ctx, &name, &key, countersign)
        }
    }
}

fn propose(ctx: &Context, command: ProposeCommand) -> Result<()> {
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
                (None, None) => return Err(Failure::new(t!("propose-payee-missing"))),
            };
            let purpose = Text::new(TextField::Purpose, &purpose)?;
            let what =
                t!("propose-what-spend", amount = euros(amount), action = action, payee = payee.name());
            (Body::ProposeSpend { action, amount, payee, purpose }, what)
        }
        ProposeCommand::Governance { quorum, threshold, recusal, four_eyes, proxies, name, territory } => {
            let switch = |value: &str, on: &str, off: &str, what: &str| match value.trim() {
                v if v.eq_ignore_ascii_case(on) => Ok(true),
                v if v.eq_ignore_ascii_case(off) => Ok(false),
                v => Err(Failure::new(t!(
                    "propose-switch-invalid",
                    what = what,
                    on = on,
                    off = off,
                    value = v
                ))),
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
                return Err(Failure::usage(t!("propose-no-setting")));
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

fn meeting(ctx: &Context, command: MeetingCommand) -> Result<()> {
    match command {
        MeetingCommand::Open { date, agenda } => {
            let date = parse_date(&date)?;
            let agenda: Vec<ProposalId> =
                agenda.iter().map(|id| id.trim().parse()).collect::<std::result::Result<_, _>>()?;
            let signed = ctx.append(Body::MeetingOpen { date, agenda: agenda.clone() })?;
            let id = signed.store().map(|store| MeetingId(store.ledger().meeting_count()).to_string());
            let id = id.unwrap_or_default();
            let list: Vec<String> = agenda.iter().map(ToString::to_string).collect();
            let message = t!("meeting-opened", id = id, date = date, agenda = list.join(", "));
            written(ctx, signed, Some(id), &message)
        }
        MeetingCommand::Attend { meeting } => {
            let meeting: MeetingId = meeting.parse()?;
            written(
                ctx,
                ctx.append(Body::Attend { meeting })?,
                None,
                &t!("meeting-attended", meeting = meeting),
            )
        }
        MeetingCommand::Proxy { meeting, holder } => {
            let (meeting, holder): (MeetingId, MemberName) = (meeting.parse()?, holder.parse()?);
            let message = t!("meeting-proxy", holder = holder, meeting = meeting);
            written(ctx, ctx.append(Body::Proxy { meeting, holder })?, None, &message)
        }
        MeetingCommand::Close { meeting } => close(ctx, meeting.parse()?),
        MeetingCommand::Show { meeting } => crate::read::meeting_show(ctx, meeting.parse()?),
    }
}

fn close(ctx: &Context, meeting: MeetingId) -> Result<()> {
    if let Some(to) = &ctx.to {
        let outcomes = open_store(&ctx.ledger)?.ledger().preview_close(meeting)?;
        let (envelope, path) = crate::inbox::send(ctx, to, Body::MeetingClose { meeting, outcomes })?;
        return sent(ctx, &envelope, &path);
    }
    let (_, key) = ctx.signer()?;
    let mut store = open_writer(ctx)?;
    let outcomes = store.ledger().preview_close(meeting)?;
    let author = PublicKey(key.verifying_key().to_bytes());
    let body = Body::MeetingClose { meeting, outcomes: outcomes.clone() };
    let entry = store.ledger().draft(author, ctx.now, body).sign(&key)?;
    store.append(&entry)?;
    print_notes(&mut store);
    let actions: Vec<(ProposalId, cercle_core::ActionId)> =
        store.ledger().actions().iter().map(|a| (a.proposal, a.id)).collect();
    drop(store);
    // The closing entry is durable: printing it may not turn the answer into a failure.
    if ctx.json {
        let items: Vec<_> = outcomes
            .iter()
            .map(|o| {
                json!({
                    "proposal": o.proposal, "outcome": o.outcome.as_str(),
                    "reason": o.outcome.reason().map(|r| r.as_str()),
                    "for": o.tally.for_, "against": o.tally.against, "abstain": o.tally.abstain,
                })
            })
            .collect();
        return print_json_recorded(
            &json!({ "seq": entry.entry().seq, "hash": entry.hash().to_hex(), "meeting": meeting, "outcomes": items }),
        );
    }
    let mut lines = vec![t!("meeting-closed", meeting = meeting)];
    for o in &outcomes {
        let tally = o.tally;
        let mut line = t!(
            "meeting-outcome",
            proposal = o.proposal,
            outcome = crate::lang::words::outcome(o.outcome),
            yes = tally.for_,
            no = tally.against,
            abstain = tally.abstain
        );
        if let Some((_, action)) = actions.iter().find(|(proposal, _)| *proposal == o.proposal) {
            line.push_str("  ");
            line.push_str(&t!("meeting-outcome-action", action = action));
        }
        lines.push(line);
    }
    print_recorded(&lines.join("\n"))
}

/// `cercle man`: the page of `cercle` on stdout, or every command's page into `dir`.
fn man(dir: Option<&std::path::Path>) -> Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .and_then(|()| clap_mangen::generate_to(command, dir))
                .map_err(|e| Failure::new(t!("man-pages-unwritable", dir = dir.display(), error = e)))?;
            note(&t!("man-pages-written", dir = dir.display()));
            Ok(())
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Failure::new(t!("man-page-unwritable", error = e)))?;
            crate::output::print_recorded(String::from_utf8_lossy(&out).trim_end())
        }
    }
}

/// Write `text` into a new file readable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()).and_then(|()| file.sync_all()))
        .map_err(|e| Failure::new(t!("cli-file-unwritable", path = path.display(), error = e)))
}

/// Open a ledger to read it (no lock, no write, no wait); say what the store noticed.
pub fn open_store(path: &std::path::Path) -> Result<Store> {
    let mut store = Store::open(path)?;
    print_notes(&mut store);
    Ok(store)
}

/// Open a ledger to append to it, waiting (`--wait`) for another cercle process, with a
/// visible line while it waits; say what the store noticed and repaired.
pub fn open_writer(ctx: &Context) -> Result<Store> {
    let path = &ctx.ledger;
    let mut waiting = || note(&t!("ledger-waiting", path = path.display(), secs = ctx.wait.as_secs()));
    let mut store = Store::open_writer(path, ctx.wait, &mut waiting)?;
    print_notes(&mut store);
    Ok(store)
}

/// Print what the store noticed, one `note:` line each (stderr).
pub fn print_notes(store: &mut Store) {
    for text in store.take_notes() {
        let message = t!("store-note", path = store.path().display(), text = text);
        note(&t!("note-line", message = message));
    }
}

/// `cercle repair`: keep the intact entries, set the rest aside, rebuild what is derived.
fn repair(ctx: &Context) -> Result<()> {
    let mut waiting = || note(&t!("repair-waiting"));
    let repair = Store::repair(&ctx.ledger, ctx.wait, &mut waiting)?;
    if ctx.json {
        return print_json(&json!({
            "ledger": ctx.ledger,
            "kept": repair.kept,
            "discarded_bytes": repair.discarded_bytes,
            "set_aside": repair.set_aside,
            "reason": repair.reason,
        }));
    }
    let mut message = t!("repair-kept", kept = repair.kept, path = ctx.ledger.display());
    message.push('\n');
    if let (Some(aside), Some(reason)) = (&repair.set_aside, &repair.reason) {
        message.push_str(&t!(
            "repair-cut",
            reason = reason,
            bytes = repair.discarded_bytes,
            seq = repair.kept.saturating_sub(1),
            aside = aside.display()
        ));
    } else {
        message.push_str(&t!("repair-nothing-damaged"));
    }
    print(&message)
}

/// An entry's number: `87` or `#87`.
pub fn parse_seq(text: &str) -> Result<u64> {
    text.trim().trim_start_matches('#').parse().map_err(|_| Failure::new(t!("seq-invalid", text = text)))
}

pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::new(t!("date-invalid", text = text)))
}
