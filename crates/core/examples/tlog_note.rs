//! A deterministic tree checkpoint note (a C2SP tlog-checkpoint), for docs/FORMAT.md's test
//! vector and for the interop check with Go's `golang.org/x/mod/sumdb/note` and `.../tlog`
//! (`scripts/interop-go`, `tests/interop/notecheck`).
//!
//! ```sh
//! cargo run -p cercle-core --example tlog_note            # prints the note and the vkeys
//! cargo run -p cercle-core --example tlog_note -- DIR     # writes them into DIR
//! ```
//!
//! Everything is fixed: the circle id (32 bytes 0xc1), the tree (the 7 leaves
//! `entry_hash([i])` for i in 0..7, the leaves of `cercle_core::merkle`'s own example), the
//! support team's key (seed 32 × 0x09, the support key of docs/FORMAT.md's vectors) named
//! `cercle-support` as on every cercle note, and a witness's key (seed 32 × 0x0a) named
//! `witness.invalid/opale`, which cosigns the note. Ed25519 signatures are deterministic, so
//! the note is the same on every run.
//!
//! With no argument it prints the note, then one line `vkey <verifier key>` per signer.
//! With `DIR`, it writes:
//!
//! - `DIR/checkpoint`: the tree checkpoint note, signed by the log and cosigned by the witness;
//! - `DIR/vkeys`: the two verifier keys, one a line (the support team's first);
//! - `DIR/leaves`: the 7 leaf hashes in hex, one a line;
//! - `DIR/chain-checkpoint`: a chain checkpoint (the first form, `cercle/<circle id>`) of the
//!   same entries by the same support key, which the support team's verifier key also
//!   verifies, so that the Go check shows that old notes still verify.

use std::path::Path;
use std::process::ExitCode;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{entry_hash, Checkpoint, EntryHash, PublicKey, TreeCheckpoint, Vkey, SUPPORT_KEY_NAME};

const WITNESS_NAME: &str = "witness.invalid/opale";

struct Vector {
    note: String,
    vkeys: Vec<Vkey>,
    leaves: Vec<[u8; 32]>,
    chain_note: String,
}

fn public(key: &SigningKey) -> PublicKey {
    PublicKey(key.verifying_key().to_bytes())
}

fn vector() -> Result<Vector, String> {
    let circle = EntryHash([0xc1; 32]);
    let log = SigningKey::from_bytes(&[0x09; 32]);
    let witness = SigningKey::from_bytes(&[0x0a; 32]);
    let leaves: Vec<[u8; 32]> = (0..7u8).map(|i| entry_hash(&[i]).0).collect();

    let checkpoint = TreeCheckpoint::of_leaves(circle, &leaves);
    let signed = checkpoint.sign(&log, SUPPORT_KEY_NAME).map_err(|e| e.to_string())?;
    let note = cercle_core::cosign_note(&signed, &witness, WITNESS_NAME).map_err(|e| e.to_string())?;
    let vkeys = vec![
        Vkey::new(SUPPORT_KEY_NAME, public(&log)).map_err(|e| e.to_string())?,
        Vkey::new(WITNESS_NAME, public(&witness)).map_err(|e| e.to_string())?,
    ];

    // Check it as a reader would, before anyone else does.
    let parsed = cercle_core::parse_note(&note).map_err(|e| e.to_string())?;
    let known: Vec<(&str, PublicKey)> = vkeys.iter().map(Vkey::as_known).collect();
    let signers = cercle_core::verify_note(&parsed, &known).map_err(|e| e.to_string())?;
    if signers.len() != 2 {
        return Err(format!("{} signatures verify, not 2", signers.len()));
    }

    let head = leaves.last().copied().map(EntryHash).unwrap_or_default();
    let chain_note = Checkpoint::sign(circle, 6, head, &log).to_note(&public(&log));
    Ok(Vector { note, vkeys, leaves, chain_note })
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn lines<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items.into_iter().map(|item| format!("{}\n", item.to_string())).collect()
}

fn run() -> Result<(), String> {
    let vector = vector()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {
            print!("{}", vector.note);
            for vkey in &vector.vkeys {
                println!("vkey {vkey}");
            }
            Ok(())
        }
        [dir] => {
            let dir = Path::new(dir);
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            write(dir, "checkpoint", &vector.note)?;
            write(dir, "vkeys", &lines(&vector.vkeys))?;
            write(dir, "leaves", &lines(vector.leaves.iter().map(|leaf| EntryHash(*leaf))))?;
            write(dir, "chain-checkpoint", &vector.chain_note)?;
            Ok(())
        }
        _ => Err("usage: tlog_note [DIR]".to_string()),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tlog_note: {message}");
            ExitCode::FAILURE
        }
    }
}
