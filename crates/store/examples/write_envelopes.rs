//! Write `COUNT` envelopes (each a proposed action by `NAME`) into `INBOX`, signed with the key
//! `NAME` of the keystore `KEYS` for the circle of the ledger `LEDGER`, all created at `AT`
//! (RFC 3339): the set-up of `scripts/bench-ingest`, which would take minutes through the
//! command line (one process per envelope).
//!
//! Usage: cargo run --release -p cercle-store --example write_envelopes -- LEDGER KEYS NAME INBOX COUNT AT
//!        … --example write_envelopes -- --floor INBOX
//!
//! With `--floor`, it reads the envelopes of `INBOX` and checks each signature once, on one core
//! (`verify_strict`, each key decoded once), and prints the time that took: the floor of
//! `cercle ingest`, which must check every one.

use std::path::PathBuf;

use cercle_core::{Body, Envelope, PublicKey, Text, TextField};
use cercle_store::{Keystore, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, inbox] = args.as_slice() {
        if flag == "--floor" {
            return floor(&PathBuf::from(inbox));
        }
    }
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

fn floor(inbox: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut envelopes = Vec::new();
    for item in std::fs::read_dir(inbox)? {
        envelopes.push(cercle_core::SignedEnvelope::from_bytes(std::fs::read(item?.path())?)?);
    }
    let start = std::time::Instant::now();
    let mut keys = std::collections::BTreeMap::new();
    for envelope in &envelopes {
        let author = envelope.envelope().author;
        let key = keys.entry(author).or_insert_with(|| {
            cercle_core::ed25519_dalek::VerifyingKey::from_bytes(&author.0).expect("a valid key")
        });
        envelope.verify_with(key).map_err(|_| "a bad signature")?;
    }
    println!(
        "floor: {} envelope signatures checked on one core in {:.2} s",
        envelopes.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
