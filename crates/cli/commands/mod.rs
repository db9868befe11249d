//! One module per command (or per noun, where several subcommands share one: `key new|list|…`
//! in `key.rs`), and [`run`], which hands each subcommand to its module. What commands share
//! lives beside this folder: `context.rs` (signing, appending, reporting an entry), `source.rs`
//! (what is verified), `inbox.rs` (envelopes), `files.rs` and `tiles.rs` (a published folder).

use std::process::ExitCode;

use crate::args::{Cli, Command};
use crate::context::{parse_seq, Context};
use crate::error::Result;

mod agreement;
mod audit;
mod check_proof;
mod checkpoint;
mod circle;
mod completions;
mod correct;
mod cosign;
mod countersign;
mod demo;
mod evidence;
mod export;
mod fund;
mod import;
mod ingest;
mod init;
mod key;
mod log;
mod man;
mod meeting;
mod member;
mod payout;
mod proposal;
mod propose;
mod prove;
mod publish;
mod repair;
mod report;
mod spend;
mod statement;
mod status;
mod sync;
mod todo;
mod verify;
mod vote;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::new(&cli)?;
    match cli.command {
        Command::Key(command) => key::run(&ctx, command)?,
        Command::Init(args) => init::init(&ctx, args)?,
        Command::Circle(command) => circle::run(&ctx, command)?,
        Command::Member(command) => member::run(&ctx, command)?,
        Command::Fund(command) => fund::run(&ctx, command)?,
        Command::Agreement(command) => agreement::run(&ctx, command)?,
        Command::Statement(args) => statement::statement(&ctx, args)?,
        Command::Evidence(args) => evidence::evidence(&ctx, args)?,
        Command::Correct(command) => correct::run(&ctx, command)?,
        Command::Countersign { seq } => countersign::countersign(&ctx, parse_seq(&seq)?)?,
        Command::Propose(command) => propose::run(&ctx, command)?,
        Command::Proposal(command) => proposal::run(&ctx, command)?,
        Command::Meeting(command) => meeting::run(&ctx, command)?,
        Command::Vote { meeting, proposal, choice } => vote::cast(&ctx, &meeting, &proposal, &choice)?,
        Command::Payout(args) => payout::payout(&ctx, args)?,
        Command::Spend(command) => spend::run(&ctx, command)?,
        Command::Status => status::status(&ctx)?,
        Command::Log => log::log(&ctx)?,
        Command::Todo => todo::todo(&ctx)?,
        Command::Report(args) => report::report(&ctx, args)?,
        Command::Verify(args) => verify::verify(&ctx, args)?,
        Command::Repair => repair::repair(&ctx)?,
        Command::Prove { reference, out } => prove::prove(&ctx, &reference, out.as_deref())?,
        Command::Publish { dir } => publish::publish(&ctx, &dir)?,
        Command::Ingest { dir, recover } => ingest::ingest(&ctx, &dir, recover.as_deref())?,
        Command::Sync { dir } => sync::sync(&ctx, &dir)?,
        Command::Cosign { note, name, out } => cosign::cosign(&ctx, &note, name.as_deref(), out.as_deref())?,
        Command::CheckProof { file, key, vkey } => {
            check_proof::check_proof(&ctx, &file, key.as_deref(), vkey.as_deref())?
        }
        Command::Export(args) => export::export(&ctx, args)?,
        Command::Import { file, strict } => import::import(&ctx, &file, strict)?,
        Command::Checkpoint { file, out } => checkpoint::run(&ctx, file.as_deref(), out.as_deref())?,
        Command::Audit(args) => return audit::audit(&ctx, args),
        Command::Completions { shell } => completions::completions(shell)?,
        Command::Man { out } => man::man(out.as_deref())?,
        Command::Demo(command) => demo::run(&ctx, command)?,
    }
    Ok(ExitCode::SUCCESS)
}
