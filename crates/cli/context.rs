//! What every command shares: the [`Context`] (where things are, who signs, when it is), signing
//! and appending one entry ([`Context::append`], or an envelope with `--to DIR`), reporting it
//! ([`written`], [`announce`]), opening the ledger to read or to write, and parsing an entry's
//! number or a date.

use std::path::PathBuf;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{Body, Ledger, PublicKey, Report, SignedEntry};
use cercle_store::{Keystore, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::args::{AgreementCommand, Cli, Command};
use crate::error::{Error, Result, Sign, Usage};
use crate::output::{note, print_json_recorded, print_recorded};

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
pub(crate) fn dated(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `--to` is the envelope's folder for signing commands (the contract of the shared folder)
/// and the period's last day for commands over a period (the contract of funders): split the
/// values given between the two; `CERCLE_TO` gives the folder when no `--to DIR` does.
pub(crate) fn split_to(cli: &Cli) -> Result<(Option<PathBuf>, Option<String>)> {
    let (period, signs) = match &cli.command {
        Command::Statement(_) | Command::Evidence(_) | Command::Report(_) => (true, false),
        Command::Agreement(AgreementCommand::Add { .. }) => (true, true),
        _ => (false, true),
    };
    let (dates, dirs): (Vec<&String>, Vec<&String>) = cli.to.iter().partition(|v| period && dated(v));
    if dates.len() > 1 {
        return Err(Usage::ToDateTwice.into());
    }
    if dirs.len() > 1 {
        return Err(Usage::ToDirTwice.into());
    }
    if !signs && !dirs.is_empty() {
        return Err(Usage::ToNotADate { value: dirs[0].clone() }.into());
    }
    let env_dir = || std::env::var_os("CERCLE_TO").filter(|v| !v.is_empty()).map(PathBuf::from);
    let dir = if signs { dirs.first().map(PathBuf::from).or_else(env_dir) } else { None };
    Ok((dir, dates.first().map(|d| d.to_string())))
}

impl Context {
    pub(crate) fn new(cli: &Cli) -> Result<Context> {
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
            return Err(Sign::ClockAhead { date: self.now, clock: machine }.into());
        }
        let name = self.as_key.clone().ok_or_else(|| Error::from(Usage::SignerMissing))?;
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
pub(crate) fn passphrase_source(file: Option<PathBuf>) -> cercle_store::PassphraseSource {
    std::sync::Arc::new(move |name: &str| match &file {
        Some(path) => read_passphrase_file(path).map_err(|e| Error::from(e).to_string()),
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            rpassword::prompt_password(t!("passphrase-prompt-key", name = name)).map_err(|e| e.to_string())
        }
        None => Err(t!("passphrase-none")),
    })
}

/// The first line of `path`: a passphrase.
pub(crate) fn read_passphrase_file(path: &std::path::Path) -> Result<String, Sign> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Sign::PassphraseFileUnreadable { path: path.to_path_buf(), error: e.to_string() })?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(Sign::PassphraseFileEmpty { path: path.to_path_buf() });
    }
    Ok(line.to_string())
}

/// The clock, or `CERCLE_NOW` (RFC 3339) for reproducible scripts and tests.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("CERCLE_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| Sign::NowInvalid { text: text.clone() }.into()),
        Err(_) => Ok(Utc::now()),
    }
}

pub(crate) fn default_keys_dir() -> Result<PathBuf> {
    if let Some(config) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(config).join("cercle/keys"));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(home).join(".config/cercle/keys"));
    }
    Err(Sign::KeystoreNowhere.into())
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
pub(crate) fn sent(
    ctx: &Context,
    envelope: &cercle_core::SignedEnvelope,
    path: &std::path::Path,
) -> Result<()> {
    let kind = envelope.envelope().body.kind();
    if ctx.json {
        return print_json_recorded(&json!({
            "envelope": envelope.file_name(), "path": path, "id": envelope.id().to_hex(), "kind": kind,
            "says": crate::describe::describe(&envelope.envelope().body),
        }));
    }
    note(&t!(
        "envelope-signed",
        says = crate::describe::describe(&envelope.envelope().body),
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
    for note_taken in store.take_notes() {
        let lang = crate::lang::lang();
        // The operating system's errors it quotes too, as for any failure.
        let text =
            cercle_render::errors::os_errors_in(&crate::error::store_note_text(&note_taken, lang), lang);
        let message = t!("store-note", path = store.path().display(), text = text);
        note(&t!("note-line", message = message));
    }
}

/// An entry's number: `87` or `#87`.
pub fn parse_seq(text: &str) -> Result<u64> {
    text.trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| Sign::SeqInvalid { text: text.to_string() }.into())
}

pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Sign::DateInvalid { text: text.to_string() }.into())
}

pub(crate) fn open(ctx: &Context) -> Result<Store> {
    let store = crate::context::open_store(&ctx.ledger)?;
    if store.ledger().circle().is_none() {
        return Err(Sign::NoCircleAt { path: ctx.ledger.clone() }.into());
    }
    Ok(store)
}

pub(crate) fn report_of(ledger: &Ledger) -> Result<Report> {
    Report::of(ledger).ok_or(Error::NoCircleYet)
}

/// The ledger as it is, if there is one (for defaults and warnings; the rules run on append).
pub(crate) fn current_ledger(ctx: &Context) -> Option<Store> {
    Store::open(&ctx.ledger).ok()
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
        return Err(Usage::CountersignElsewhere { whose: whose.to_string() }.into());
    }
    let (_, first_key) = ctx.signer()?;
    let second_key = ctx.keys.load(second)?;
    let mut store = crate::context::open_writer(ctx)?;
    let before = peek(store.ledger());
    let first_author = cercle_core::PublicKey(first_key.verifying_key().to_bytes());
    let first = store.ledger().draft(first_author, ctx.now, body).sign(&first_key)?;
    let mut next = store.ledger().clone();
    next.append(&first)?;
    check(&next, &first)?;
    let second_author = cercle_core::PublicKey(second_key.verifying_key().to_bytes());
    let countersign = next
        .draft(second_author, ctx.now, Body::Countersign { target: first.entry().seq })
        .sign(&second_key)?;
    store.append_all(&[first, countersign.clone()])?;
    crate::context::print_notes(&mut store);
    Ok((store, countersign, before))
}
