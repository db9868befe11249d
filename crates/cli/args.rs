//! The command line, as `docs/CLI.md` fixes it. Values that carry meaning
//! (amounts, ids, dates, names) are taken as text and parsed by the library, so that a bad
//! value is a refusal (exit 1) with the library's message, not a usage error (exit 2).

use std::path::PathBuf;

use clap::{Arg, Args, Parser, Subcommand, ValueEnum};

/// The contributive budget of a territorial circle, in an append-only signed ledger.
#[derive(Parser, Debug)]
#[command(name = "cercle", version, about, max_term_width = 100)]
pub struct Cli {
    /// The circle's ledger (a directory).
    #[arg(
        long,
        global = true,
        env = "CERCLE_LEDGER",
        default_value = "./cercle-ledger",
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub ledger: PathBuf,
    /// The local keystore [default: the platform config dir, e.g. ~/.config/cercle/keys].
    #[arg(long, global = true, env = "CERCLE_KEYS", value_name = "DIR", help_heading = "Global options")]
    pub keys: Option<PathBuf>,
    /// Who you are: the local key that signs, or the member `todo` is for.
    ///
    /// Shown only where it means something: each command that signs (and `todo`) has its own
    /// visible `--as` ([`signer`], [`member`]), with this id, so that this hidden global one is
    /// not propagated there and clap carries their value up to here. Elsewhere the hidden one
    /// accepts `--as` and `CERCLE_AS` silently: a script or an alias that always says who it is,
    /// and a shell that exports `CERCLE_AS`, keep working for commands that only read.
    #[arg(long = "as", global = true, hide = true, env = "CERCLE_AS", value_name = "NAME")]
    pub as_key: Option<String>,
    /// Signing commands: sign the act as an envelope into DIR/inbox/ (the circle's shared
    /// folder) instead of appending it to the ledger; the keeper's `cercle ingest DIR`
    /// sequences it (env CERCLE_TO). Commands over a period (statement, evidence, agreement
    /// add): the period's last day, YYYY-MM-DD (agreement add takes both, a date and a DIR).
    #[arg(long, global = true, value_name = "DIR|DATE", action = clap::ArgAction::Append, help_heading = "Global options")]
    pub to: Vec<String>,
    /// A file whose first line is the passphrase of protected keys (for scripts; in a terminal,
    /// cercle asks).
    #[arg(
        long,
        global = true,
        env = "CERCLE_PASSPHRASE_FILE",
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub passphrase_file: Option<PathBuf>,
    /// Machine-readable output on stdout (one JSON document).
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// How long a command that writes waits for another cercle process using the ledger.
    #[arg(
        long,
        global = true,
        env = "CERCLE_WAIT",
        default_value_t = 30,
        value_name = "SECS",
        help_heading = "Global options"
    )]
    pub wait: u64,
    /// The language of messages, help and reports [default: from the locale: LC_ALL,
    /// LC_MESSAGES, LANG].
    #[arg(long, global = true, env = "CERCLE_LANG", value_name = "LANG", help_heading = "Global options")]
    pub lang: Option<LangArg>,
    #[command(subcommand)]
    pub command: Command,
}

/// The languages of `--lang`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// Français.
    Fr,
    /// English.
    En,
}

/// The `--as` of a command that signs: the same id as [`Cli::as_key`], whose value it gives.
pub fn signer() -> Arg {
    Arg::new("as_key")
        .long("as")
        .env("CERCLE_AS")
        .value_name("NAME")
        .help("The local key that signs (its name in the keystore)")
}

/// The `--as` of `todo`: the member it is for.
fn member() -> Arg {
    signer().help("The member this is for: the one holding the local key NAME, or else the member named NAME")
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create and list signing keys in the local keystore.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create a circle: its genesis, signed by the founding soucieux (member name = key name).
    #[command(arg(signer()))]
    #[command(
        after_help = "Examples:\n  cercle key new sophie\n  cercle init --name Audomarois --territory \"Pays de Saint-Omer\" --support-key PUBKEY --as sophie"
    )]
    Init(InitArgs),
    /// Change the circle's status.
    #[command(subcommand)]
    Circle(CircleCommand),
    /// Add members, change roles, record departures, list members.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Record funds received.
    #[command(subcommand)]
    Fund(FundCommand),
    /// Declare and list funding agreements (conventions): what a funder awarded, for which
    /// period and actions.
    #[command(subcommand)]
    Agreement(AgreementCommand),
    /// The expense statement of one agreement: one line per payout it finances, with the
    /// receipt, the transfer and the vote behind each, totals and the funder's share.
    #[command(
        after_help = "Examples:\n  cercle statement --agreement CONV-2024-017\n  cercle statement --agreement CONV-2024-017 --from 2024-01-01 --to 2024-06-30 --format csv-fr --out etat.csv"
    )]
    Statement(StatementArgs),
    /// Correct a fund receipt, or reverse a payout recorded by mistake: an entry naming the
    /// one it corrects and why, which counts once a second signer countersigned it.
    #[command(subcommand)]
    Correct(CorrectCommand),
    /// Countersign a correction (another soucieux or the support team than its author): it
    /// then counts.
    #[command(arg(signer()))]
    Countersign {
        /// The correction's entry number, as `cercle log` shows it (e.g. 57 or #57).
        seq: String,
    },
    /// Bundle an agreement's statement (CSV and HTML), every receipt behind it and a manifest of
    /// hashes into a zip for the funder; exits 1 if a receipt is missing or changed.
    Evidence(EvidenceArgs),
    /// Propose an action for the programme or a spend line on an action.
    #[command(subcommand)]
    Propose(ProposeCommand),
    /// List, show and withdraw proposals.
    #[command(subcommand)]
    Proposal(ProposalCommand),
    /// Open, attend, close and show regulation meetings.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Vote on an agenda item of an open meeting: for, against or abstain.
    #[command(arg(signer()))]
    #[command(
        after_help = "Examples:\n  cercle meeting attend M1 --as lea\n  cercle vote M1 P1 pour --as lea"
    )]
    Vote {
        /// The meeting, e.g. M1.
        meeting: String,
        /// The proposal, e.g. P3.
        proposal: String,
        /// for, against or abstain.
        choice: String,
    },
    /// Record a payout against an adopted spend line.
    #[command(arg(signer()))]
    #[command(
        after_help = "Example:\n  cercle payout P2 --amount 600 --date 2024-05-14 --ref VIR-0042 --receipt bulletin.pdf --as sophie"
    )]
    Payout(PayoutArgs),
    /// Close a spend line, releasing its unpaid remainder.
    #[command(subcommand)]
    Spend(SpendCommand),
    /// One screen: circle, balance, members by role, pending proposals, open meetings.
    Status,
    /// Every entry in order, human readable.
    Log,
    /// What awaits the --as member: votes in open meetings, their pending proposals, lines that
    /// may still pay them.
    ///
    /// The member is the one holding the local key --as NAME or, if none does, the member named
    /// NAME (whose key may live on another machine). Only the live state is read. With --json:
    /// {"member", "role", "active", "circle", "meetings": [{"id", "date", "voting", "present",
    /// "items": [{"proposal", "kind", "title", "awaits": "attend" | "vote" | "voted" | "recused" |
    /// "not-voting", "choice": "for" | "against" | "abstain" | null}]}], "proposals": [{"id",
    /// "kind", "title", "status", "on_agenda": "M3" | null}], "payable": [{"proposal", "action",
    /// "purpose", "amount", "paid", "remaining"}]}, amounts as strings such as "600.00".
    #[command(arg(member()))]
    Todo,
    /// The budget report.
    #[command(
        after_help = "Examples:\n  cercle report\n  cercle report --format csv-fr --out budget.csv\n  cercle report --as-of 2024-06-30"
    )]
    Report(ReportArgs),
    /// Verify the ledger (or an exported FILE): signatures, chain, every rule.
    #[command(after_help = "Examples:\n  cercle verify\n  cercle verify littoral.jsonl")]
    Verify(VerifyArgs),
    /// Rebuild a damaged ledger from its intact entries, setting the damaged files aside.
    Repair,
    /// Write the proof that one entry is in the ledger the support team last checkpointed.
    Prove {
        /// The entry: its position (`87` or `#87`), a payout (`P2/1`: the first payout on P2)
        /// or a vote (`M3/P7/karim`).
        reference: String,
        /// Write the proof here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the ledger in the C2SP tlog-tiles layout into DIR, adding new files only.
    #[command(arg(signer()))]
    Publish {
        /// The folder to publish into (a shared folder, a git clone, a static web root).
        dir: PathBuf,
    },
    /// The keeper: sequence the envelopes members wrote into DIR/inbox/ (with --to DIR) into the
    /// ledger, each once, in a deterministic order; move each to DIR/ingested/ or, with the rule
    /// that refused it, to DIR/refused/. Then `cercle publish DIR --as KEEPER`.
    #[command(arg(signer()))]
    Ingest {
        /// The circle's shared folder (or git clone), holding inbox/.
        dir: PathBuf,
        /// After a fork (two keepers sequenced different entries): put the envelopes of the
        /// losing copy (a ledger directory or a published folder) that this ledger lacks back
        /// into the inbox first, and list its entries that were not envelopes (to sign again).
        #[arg(long, value_name = "LEDGER-OR-FOLDER")]
        recover: Option<PathBuf>,
    },
    /// Take the circle's ledger from the folder its keeper publishes to (the first time), or
    /// take what was added since, after checking that it extends your ledger.
    Sync {
        /// The circle's shared folder (or git clone) the keeper publishes to.
        dir: PathBuf,
    },
    /// Cosign a tree checkpoint note as a witness, after checking it against this ledger.
    #[command(arg(signer()))]
    Cosign {
        /// The note (e.g. the `checkpoint` file of a ledger or of a published folder).
        note: PathBuf,
        /// The name of your signature line [default: cercle-support for the circle's support
        /// key, else the --as key's name].
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Write the cosigned note here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a proof written by `cercle prove`, with no ledger, and say what the entry says.
    CheckProof {
        /// The proof file.
        file: PathBuf,
        /// The support team's public key (hex), which signed the checkpoint.
        #[arg(long, value_name = "PUBKEY", required_unless_present = "vkey")]
        key: Option<String>,
        /// A C2SP verifier key (`name+keyid+base64`) of a signer of the checkpoint.
        #[arg(long, value_name = "VKEY", conflicts_with = "key")]
        vkey: Option<String>,
    },
    /// Write the signed entries (jsonl), or the books as CSV or an hledger journal.
    Export(ExportArgs),
    /// Rebuild a ledger from an export, verifying everything first.
    Import {
        /// The export (.jsonl).
        file: PathBuf,
        /// Check every signature one by one with strict RFC 8032 rules (see `verify --strict`).
        #[arg(long)]
        strict: bool,
    },
    /// The support team signs the head; the checkpoint is appended and written to a file.
    ///
    /// With FILE (a circle's export), nothing is appended: the export is verified and its head
    /// signed, so the support team can checkpoint a copy without forking the circle's ledger.
    #[command(arg(signer()))]
    Checkpoint {
        /// An export to checkpoint instead of the ledger (nothing is appended).
        file: Option<PathBuf>,
        /// Also write the signed checkpoint note here (keep it apart from the ledger).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Verify every circle given and report circle by circle and for the region.
    #[command(
        after_help = "Examples:\n  cercle audit ledger-data/*.jsonl\n  cercle audit ledger-data/*.jsonl --format html --out audit.html"
    )]
    Audit(AuditArgs),
    /// Example data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Shell completions on stdout, e.g. `cercle completions bash > ~/.local/share/bash-completion/completions/cercle`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// The manual pages: `cercle.1` on stdout, or one page per command written into DIR.
    Man {
        /// Write `cercle.1`, `cercle-payout.1`… into this directory (e.g. ~/.local/share/man/man1).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Create a keypair (file mode 0600) and print its public key. The secret is protected by
    /// a passphrase (age, scrypt) asked in a terminal or read from --passphrase-file.
    #[command(after_help = "Examples:\n  cercle key new sophie\n  cercle key new essai --unprotected")]
    New {
        /// The key's name in the keystore (a member signs with their own: use their member name).
        name: String,
        /// Keep the secret in clear (a test circle; without a terminal or --passphrase-file,
        /// a key is in clear anyway, and cercle says so).
        #[arg(long)]
        unprotected: bool,
    },
    /// Write a key, encrypted with a passphrase, to move it to another machine (`key import`).
    Export {
        /// The key's name in the keystore.
        name: String,
        /// The file to write (mode 0600).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Take a key written by `key export` into this keystore.
    Import {
        /// The file `key export` wrote.
        file: PathBuf,
        /// Its name in this keystore [default: the name it had].
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Keep the secret in clear here (else it is protected with the export's passphrase).
        #[arg(long)]
        unprotected: bool,
    },
    /// Names and public keys.
    List,
    /// A key's public key.
    Show {
        /// The key's name in the keystore.
        name: String,
        /// Print its C2SP verifier key instead (`NAME+keyid+base64`), under this signer name
        /// (`cercle-support` for the support team's checkpoints), for those who check notes.
        #[arg(long, value_name = "SIGNER")]
        vkey: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The circle's name.
    #[arg(long)]
    pub name: String,
    /// Its territory.
    #[arg(long)]
    pub territory: String,
    /// emerging or active.
    #[arg(long, default_value = "emerging")]
    pub status: String,
    /// Present / voting members needed: 1/2, 0.5 or 50%.
    #[arg(long, default_value = "1/2")]
    pub quorum: String,
    /// majority, two-thirds or consent.
    #[arg(long, default_value = "majority")]
    pub threshold: String,
    /// Let members vote on spend lines that pay them.
    #[arg(long)]
    pub no_recusal: bool,
    /// The regional support team's public key (hex).
    #[arg(long, value_name = "PUBKEY")]
    pub support_key: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum CircleCommand {
    /// Set the status: emerging or active.
    #[command(arg(signer()))]
    Status {
        /// emerging (en émergence) or active.
        status: String,
    },
    /// Give the support team a new key (its key was lost or stolen): signed by its current key,
    /// it counts at once; signed by a soucieux, once every current soucieux countersigned it
    /// (`cercle countersign SEQ`).
    #[command(arg(signer()))]
    SupportKey(crate::keys::NewKey),
}

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Add a member with a public key and a role.
    #[command(arg(signer()))]
    #[command(
        after_help = "Example:\n  cercle member add karim --key PUBKEY --role contributeur --as sophie"
    )]
    Add {
        /// Their member name: Latin letters (accents included), digits, '-', '_' or '.'.
        name: String,
        /// Their public key (hex).
        #[arg(
            long,
            value_name = "PUBKEY",
            conflicts_with = "key_name",
            required_unless_present = "key_name"
        )]
        key: Option<String>,
        /// The name of a key in the local keystore.
        #[arg(long, value_name = "KEYNAME")]
        key_name: Option<String>,
        /// soucieux, contributor or participant.
        #[arg(long)]
        role: String,
    },
    /// Change a member's role.
    #[command(arg(signer()))]
    Role {
        /// The member.
        name: String,
        /// soucieux, contributor or participant.
        role: String,
    },
    /// Record that a member left.
    #[command(arg(signer()))]
    Leave {
        /// The member who left.
        name: String,
    },
    /// Members with their roles.
    List,
    /// Give a member a new key (a lost or stolen laptop): asked by a soucieux or the support
    /// team, it counts once the other side countersigned it; the old key signs nothing more.
    #[command(arg(signer()))]
    Key {
        /// The member.
        name: String,
        #[command(flatten)]
        key: crate::keys::NewKey,
        /// Countersign at once with this second local key (the support team if a soucieux
        /// asks, a soucieux if the support team asks); otherwise it waits for `cercle
        /// countersign`.
        #[arg(long, value_name = "NAME")]
        countersign: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum FundCommand {
    /// Record funds received: amount, source, reference.
    #[command(arg(signer()))]
    #[command(
        after_help = "Example:\n  cercle fund receive \"12 000\" --source FEDER --ref CONV-HDF-2024-017 --as sophie"
    )]
    Receive {
        /// The amount in euros: 1234.5, 1234,50 or "1 234,50".
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// Where from, e.g. FEDER, Région Hauts-de-France [default with --agreement: its
        /// funder].
        #[arg(long, required_unless_present = "agreement")]
        source: Option<String>,
        /// The transfer's reference, e.g. a bank statement line (unique: see
        /// --allow-duplicate-ref).
        #[arg(long = "ref", value_name = "TEXT")]
        reference: String,
        /// The funding agreement these funds pay into, e.g. CONV-2024-017 (declared with
        /// `cercle agreement add`).
        #[arg(long, value_name = "REF")]
        agreement: Option<String>,
        /// Record it even though an earlier receipt has the same reference (the audit lists it).
        #[arg(long)]
        allow_duplicate_ref: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CorrectCommand {
    /// Correct a fund receipt's amount, source or reference (what is not given stays).
    #[command(
        after_help = "Example:\n  cercle correct fund 4 --amount 1000 --reason \"saisi 10 000 au lieu de 1 000\" --as sophie --countersign ines"
    )]
    #[command(arg(signer()))]
    Fund {
        /// The fund receipt's entry number, as `cercle log` shows it.
        seq: u64,
        /// The amount as it should have been.
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// The source as it should have been.
        #[arg(long)]
        source: Option<String>,
        /// The reference as it should have been.
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        /// Why: what was wrong.
        #[arg(long)]
        reason: String,
        /// Countersign at once with this second local key (another soucieux or the support
        /// team); otherwise the correction waits for `cercle countersign`.
        #[arg(long, value_name = "NAME")]
        countersign: Option<String>,
    },
    /// Reverse a payout recorded by mistake: its amount goes back to the available funds.
    #[command(arg(signer()))]
    Payout {
        /// The payout's entry number, as `cercle log` shows it.
        seq: u64,
        /// Why: what was wrong.
        #[arg(long)]
        reason: String,
        /// Countersign at once with this second local key.
        #[arg(long, value_name = "NAME")]
        countersign: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AgreementCommand {
    /// Declare a funding agreement (convention): funder, reference, amount awarded, rate,
    /// eligibility period and the actions it finances.
    #[command(
        after_help = "Example:\n  cercle agreement add --funder FEDER --ref CONV-2024-017 --amount 60000 --rate 60% --from 2024-01-01 --to 2025-12-31 --as sophie"
    )]
    #[command(arg(signer()))]
    Add {
        /// Who awarded it, e.g. FEDER or Région Hauts-de-France.
        #[arg(long)]
        funder: String,
        /// Its reference, e.g. CONV-2024-017 (unique in the circle, whatever its case).
        #[arg(long = "ref", value_name = "REF")]
        reference: String,
        /// The amount awarded, in euros.
        #[arg(long, value_name = "EUR", allow_hyphen_values = true)]
        amount: String,
        /// The co-financing rate, where one applies: the share of eligible spending the funder
        /// pays, e.g. 60% or 62,5.
        #[arg(long, value_name = "PCT")]
        rate: Option<String>,
        /// First day of the eligibility period; its last day (included) is --to YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// The actions it finances, e.g. A1,A3 [default: all actions].
        #[arg(long, value_name = "A1,A2", value_delimiter = ',')]
        actions: Vec<String>,
    },
    /// The agreements, with what each awarded, brought and financed so far.
    List,
}

#[derive(Args, Debug)]
pub struct StatementArgs {
    /// The agreement, e.g. CONV-2024-017.
    #[arg(long, value_name = "REF")]
    pub agreement: String,
    /// List payouts paid from this day [default: the first payout or the agreement's start];
    /// --to YYYY-MM-DD is the last day listed [default: the last payout or the agreement's end].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// How to write it [default: table, or json with --json].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct EvidenceArgs {
    /// The agreement, e.g. CONV-2024-017.
    #[arg(long, value_name = "REF")]
    pub agreement: String,
    /// The zip to write.
    #[arg(long, value_name = "FILE.zip")]
    pub out: PathBuf,
    /// Payouts paid from this day; --to YYYY-MM-DD is the last day (included).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Another folder holding receipts (files named as recorded, or by their SHA-256, e.g. a
    /// shared folder's receipts/), looked in after the ledger's own; may be given several
    /// times. Every file is checked against the hash in the ledger.
    #[arg(long, value_name = "DIR")]
    pub receipts: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ProposeCommand {
    /// Propose an action with a budget envelope; prints its proposal id.
    #[command(arg(signer()))]
    #[command(
        after_help = "Example:\n  cercle propose action --title \"Rencontres des tiers-lieux\" --envelope 3000 --as sophie"
    )]
    Action {
        /// What the action is, e.g. "Rencontres des tiers-lieux du littoral".
        #[arg(long)]
        title: String,
        /// Its budget envelope in euros: what its spend lines may add up to.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        envelope: String,
    },
    /// Propose a spend line on an adopted action; prints its proposal id.
    #[command(arg(signer()))]
    #[command(
        after_help = "Examples:\n  cercle propose spend --action A1 --amount 1200 --payee karim --purpose Animation --as sophie\n  cercle propose spend --action A1 --amount 450 --supplier Imprimerie --purpose Affiches --as sophie"
    )]
    Spend {
        /// The action, e.g. A1.
        #[arg(long)]
        action: String,
        /// The amount in euros.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// A member, for a retribution.
        #[arg(long, conflicts_with = "supplier", required_unless_present = "supplier")]
        payee: Option<String>,
        /// An outside supplier, for an expense.
        #[arg(long)]
        supplier: Option<String>,
        /// What it pays for, e.g. "Animation de l'atelier".
        #[arg(long)]
        purpose: String,
    },
    /// Propose to change the circle's settings; adopted in a regulation meeting, they apply
    /// from its closing on. Give one or more settings.
    #[command(
        after_help = "Examples:\n  cercle propose governance --four-eyes 1500 --as sophie\n  cercle propose governance --quorum 2/3 --territory \"Pays du Calaisis\" --as ines"
    )]
    #[command(arg(signer()))]
    Governance {
        /// Present / voting members needed to decide: 1/2, 2/3, 50%…
        #[arg(long, value_name = "FRACTION")]
        quorum: Option<String>,
        /// How many `for` votes adopt: majority, two-thirds or consent.
        #[arg(long)]
        threshold: Option<String>,
        /// Whether a member may not vote on a line that pays them: on or off.
        #[arg(long, value_name = "on|off")]
        recusal: Option<String>,
        /// Payouts above this amount count only once a second soucieux or the support team
        /// countersigned them; `none` to drop the threshold.
        #[arg(long, value_name = "EUR|none")]
        four_eyes: Option<String>,
        /// Whether members may give their vote at a meeting to another: allowed or none.
        #[arg(long, value_name = "allowed|none")]
        proxies: Option<String>,
        /// The circle's new name.
        #[arg(long)]
        name: Option<String>,
        /// The circle's new territory.
        #[arg(long)]
        territory: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProposalCommand {
    /// Every proposal.
    List,
    /// One proposal.
    Show {
        /// The proposal, e.g. P3.
        id: String,
    },
    /// Withdraw your pending proposal.
    #[command(arg(signer()))]
    Withdraw {
        /// Your pending proposal, e.g. P3.
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum MeetingCommand {
    /// Open a meeting with a date and an agenda; prints its id.
    #[command(arg(signer()))]
    #[command(after_help = "Example:\n  cercle meeting open --date 2024-05-14 --agenda P1,P2 --as sophie")]
    Open {
        /// The day it is held: not before the day the circle was founded, at most 366 days after today
        /// (UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Pending proposals, e.g. P1,P2.
        #[arg(long, value_delimiter = ',', required = true)]
        agenda: Vec<String>,
    },
    /// Record your own attendance.
    #[command(arg(signer()))]
    Attend {
        /// The meeting, e.g. M2.
        meeting: String,
    },
    /// Give your vote at a meeting you will miss to a member who will be there (a pouvoir): their
    /// vote counts for both. Void if you attend after all; one per holder.
    #[command(arg(signer()))]
    Proxy {
        /// The meeting, e.g. M2.
        meeting: String,
        /// The member who holds your vote.
        #[arg(long, value_name = "MEMBER")]
        holder: String,
    },
    /// Close a meeting; prints each outcome.
    #[command(arg(signer()))]
    Close {
        /// The meeting, e.g. M2.
        meeting: String,
    },
    /// One meeting: agenda, attendance, votes or outcomes.
    Show {
        /// The meeting, e.g. M2.
        meeting: String,
    },
}

#[derive(Args, Debug)]
pub struct PayoutArgs {
    /// The spend line, e.g. P3.
    pub proposal: String,
    /// The amount paid, in euros (at most what remains on the line).
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    /// The day it was paid: not before the meeting that adopted the line, nor after today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// The bank transfer's reference, e.g. VIR-2024-07-01 (unique: see --allow-duplicate-ref).
    #[arg(long = "ref", value_name = "TEXT")]
    pub reference: String,
    /// Countersign at once with this second local key (another soucieux or the support team):
    /// a payout above the circle's four-eyes threshold counts only once countersigned.
    #[arg(long, value_name = "NAME")]
    pub countersign: Option<String>,
    /// The receipt (invoice, pay slip) behind it: its SHA-256 and name are signed into the
    /// ledger and a copy is kept in the ledger's receipts/ folder.
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    /// Record it even though an earlier payout has the same reference (the audit lists it).
    #[arg(long)]
    pub allow_duplicate_ref: bool,
}

#[derive(Subcommand, Debug)]
pub enum SpendCommand {
    /// Close a spend line: its unpaid remainder is released.
    #[command(arg(signer()))]
    Close {
        /// The spend line, e.g. P3.
        proposal: String,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// RFC 4180 CSV (comma, dot decimals) for programs.
    Csv,
    /// The CSV a French spreadsheet opens as it is: `;`, decimal comma, UTF-8 byte-order mark.
    CsvFr,
    /// A standalone HTML page, to print or send.
    Html,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The books as they stood at the end of this day, replayed from the entries recorded up
    /// to it.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "from")]
    pub as_of: Option<String>,
    /// What happened from this day (funds received, payouts paid, meetings held); --to
    /// YYYY-MM-DD is the period's last day, and the books are shown as they stood then.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// How to write it [default: table, or json with --json].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// An exported file to verify instead of the ledger.
    pub file: Option<PathBuf>,
    /// A checkpoint note whose head the ledger must still hold (repeatable).
    #[arg(long, value_name = "CKPT")]
    pub checkpoint: Vec<PathBuf>,
    /// Check every signature one by one with strict RFC 8032 rules (about 4x slower than the
    /// default batches; see docs/FORMAT.md, section 3).
    #[arg(long)]
    pub strict: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    /// The CSV a French spreadsheet opens as it is: `;`, decimal comma, UTF-8 byte-order mark.
    CsvFr,
    Hledger,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// jsonl: the signed entries (a backup, what `import` and auditors read); csv: the books;
    /// hledger: an accounting journal.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Ledger directories and/or exported .jsonl files, one circle each.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// A directory of checkpoint notes (*.ckpt); each is checked against its circle.
    #[arg(long, value_name = "DIR")]
    pub checkpoints: Option<PathBuf>,
    /// Check every signature one by one with strict RFC 8032 rules (see `verify --strict`).
    #[arg(long)]
    pub strict: bool,
    /// Remember each circle's verified head and state in DIR, and next time verify only what
    /// was added since (a ledger that does not extend what was verified fails the audit).
    #[arg(long, value_name = "DIR")]
    pub witness: Option<PathBuf>,
    /// With --witness: a witnessed circle left out of this audit is only noted, not an error
    /// (a circle replaced by another genesis still is one).
    #[arg(long, requires = "witness")]
    pub allow_missing: bool,
    /// How to write the report [default: table, or json with --json].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// A deterministic example region: one signed export per circle, and the demo keys.
    Generate {
        /// Where to write the circles' exports, their checkpoints and the demo keys.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The same seed gives the same bytes, with any version of any crate.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// How many circles.
        #[arg(long, default_value_t = 4)]
        circles: usize,
        /// About this many entries per circle (default: a plausible year or two).
        #[arg(long)]
        entries: Option<u64>,
    },
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every command and every argument says what it is in `--help`.
    #[test]
    fn every_command_and_argument_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if !matches!(id, "help" | "version") && arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands().filter(|sub| sub.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(format!("{path} (the command)"));
                }
                walk(sub, &path, missing);
            }
        }
        let mut cli = Cli::command();
        cli.build();
        let mut missing = Vec::new();
        walk(&cli, "cercle", &mut missing);
        assert!(missing.is_empty(), "without a description: {missing:#?}");
    }
}
