//! `cercle key new|export|import|list|show`: the local keystore.

use serde_json::json;

use crate::args::KeyCommand;
use crate::context::{read_passphrase_file, Context};
use crate::error::{Error, Io, Result, Sign};
use crate::output::{note, print, print_json};

pub(crate) fn run(ctx: &Context, command: KeyCommand) -> Result<()> {
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
                .ok_or(Sign::ExportNeedsPassphrase)?;
            let text = ctx.keys.export(&name, &passphrase)?;
            write_private(&out, &text)?;
            note(&t!("key-exported", name = name, path = out.display()));
            Ok(())
        }
        KeyCommand::Import { file, name, unprotected } => {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::from(Io::unreadable(&file, e)))?;
            let passphrase = match &ctx.passphrase_file {
                Some(path) => read_passphrase_file(path)?,
                None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                    rpassword::prompt_password(t!("passphrase-prompt-file", path = file.display()))
                        .map_err(unread)?
                }
                None => return Err(Sign::ImportNeedsPassphrase.into()),
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
                let vkey = cercle_core::Vkey::new(&signer, public)?;
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
    OsRng.try_fill_bytes(seed).map_err(|e| Sign::NoRandomness { error: e.to_string() }.into())
}

/// A new passphrase: from --passphrase-file, or asked twice in a terminal; `None` without either.
fn new_passphrase(ctx: &Context, what: &str) -> Result<Option<String>> {
    if let Some(path) = &ctx.passphrase_file {
        return Ok(Some(read_passphrase_file(path)?));
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(None);
    }
    let first = rpassword::prompt_password(t!("passphrase-prompt-new", what = what)).map_err(unread)?;
    if first.is_empty() {
        return Err(Sign::PassphraseEmpty.into());
    }
    let again = rpassword::prompt_password(t!("passphrase-prompt-again")).map_err(unread)?;
    if first != again {
        return Err(Sign::PassphrasesDiffer.into());
    }
    Ok(Some(first))
}

/// The terminal did not give the passphrase typed.
fn unread(error: std::io::Error) -> Sign {
    Sign::PassphraseUnread { error: error.to_string() }
}

/// Write `text` into a new file readable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| Error::from(Io::unwritable(path, e)))?;
    if let Err(error) = file.write_all(text.as_bytes()).and_then(|()| file.sync_all()) {
        // The file is ours (create_new): a part of an export is no export, and would stand in
        // the way of the next try.
        let _ = std::fs::remove_file(path);
        return Err(Io::unwritable(path, error).into());
    }
    Ok(())
}
