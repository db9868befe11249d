//! Write `COUNT` envelopes (each a proposed action by `NAME`) into `INBOX`, signed with the key
//! `NAME` of the keystore `KEYS` for the circle of the ledger `LEDGER`, all created at `AT`
//! (RFC 3339): the set-up of `scripts/bench-ingest`, which would take minutes through the
//! command line (one process per envelope).
//!
//! Usage: cargo run --release -p cercle-store --example write_envelopes -- LEDGER KEYS NAME INBOX COUNT AT

use std::path::PathBuf;

use cercle_core::{Body, Envelope, PublicKey, Text, TextField};
use cercle_store::{Keystore, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [ledger, keys, name, inbox, count, at] = args.as_slice() else {
        return Err("usage: write_envelopes LEDGER KEYS NAME INBOX COUNT AT".into());
    };
    let circle = Store::open(&PathBuf::from(ledger))?.ledger().circle().ok_or("no circle")?.id;
    let key = Keystore::new(&PathBuf::from(keys)).load(name)?;
    let created_at = chrono::DateTime::parse_from_rfc3339(at)?.with_timezone(&chrono::Utc);
    let inbox = PathBuf::from(inbox);
    std::fs::create_dir_all(&inbox)?;
    for i in 0..count.parse::<u64>()? {
        let mut nonce = [0u8; 16];
        nonce[..8].copy_from_slice(&i.to_be_bytes());
        let body = Body::ProposeAction {
            title: Text::new(TextField::Title, &format!("Idée {i}"))?,
            envelope: "10".parse()?,
        };
        let author = PublicKey(key.verifying_key().to_bytes());
        let envelope = Envelope { circle, author, created_at, nonce, body }.sign(&key)?;
        std::fs::write(inbox.join(envelope.file_name()), envelope.bytes())?;
    }
    Ok(())
}
