//! The floor that `cercle verify` and `cercle import` are measured against: how fast ONE thread
//! checks the signatures of an export with nothing else to do.
//!
//! ```sh
//! cargo run --release -p cercle-core --example verify_floor -- FILE.jsonl [--single N] [--min-seconds S]
//! ```
//!
//! Reads the export line by line (`SignedEntry::from_line`), keeps only what a signature check
//! needs (message, signature, author's key), then measures on the calling thread:
//!
//! - a bare loop of `ed25519_dalek::verify_batch` over every signature, in chunks of 1024 and
//!   of `BATCH_ENTRIES` (4096, what cercle's workers take), timing only the verification; the
//!   faster of the two is the floor (`batch_sigs_per_s`, `batch_size`);
//! - the same loop with cercle's own batch check (`cercle_core::batch::verify_batch`, which
//!   gathers each signer's terms), for information: the workers of `cercle verify` run it;
//! - one-by-one `VerifyingKey::verify` and `VerifyingKey::verify_strict` over the first
//!   `--single N` signatures (default 100,000).
//!
//! On a small export each measurement is repeated (whole passes) until it has run for at least
//! `--min-seconds S` (default 2), so that the rate is not a few milliseconds' worth of noise; on
//! a large export one pass is already longer than that.
//!
//! Output is one `name value` pair a line, for `scripts/bench`:
//!
//! ```text
//! signatures 1000000
//! parse_entries_per_s 412345
//! batch_sigs_per_s 33123
//! cercle_batch_sigs_per_s 50000
//! single_sigs_per_s 22011
//! single_strict_sigs_per_s 21000
//! ```
//!
//! Exits with code 1 if a line does not decode or a signature does not verify.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::time::Instant;

use cercle_core::batch::{self, Signed};
use cercle_core::ed25519_dalek::{self, Signature, Verifier, VerifyingKey};
use cercle_core::{PublicKey, SignedEntry, BATCH_ENTRIES};

const SINGLE_DEFAULT: usize = 100_000;
const USAGE: &str = "usage: verify_floor FILE.jsonl [--single N] [--min-seconds S]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("verify_floor: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut single = SINGLE_DEFAULT;
    let mut min_seconds = 2.0_f64;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--single" => {
                let value = args.next().ok_or("--single needs a number")?;
                single = value.parse().map_err(|_| format!("--single: not a number: {value}"))?;
            }
            "--min-seconds" => {
                let value = args.next().ok_or("--min-seconds needs a number")?;
                min_seconds = value.parse().map_err(|_| format!("--min-seconds: not a number: {value}"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if path.is_none() => path = Some(arg),
            _ => return Err(format!("unexpected argument: {arg}")),
        }
    }
    let path = path.ok_or(USAGE)?;

    // Parse (timed apart, reported for information).
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let reader = BufReader::with_capacity(1 << 20, file);
    let mut keys_by_author: HashMap<PublicKey, VerifyingKey> = HashMap::new();
    let mut messages: Vec<Vec<u8>> = Vec::new();
    let mut signatures: Vec<Signature> = Vec::new();
    let mut keys: Vec<VerifyingKey> = Vec::new();
    let mut authors: Vec<PublicKey> = Vec::new();
    let parse_start = Instant::now();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: line {}: {e}", number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry = SignedEntry::from_line(&line).map_err(|e| format!("{path}: line {}: {e}", number + 1))?;
        let author = entry.entry().author;
        let key = match keys_by_author.get(&author) {
            Some(key) => *key,
            None => {
                let key = VerifyingKey::from_bytes(&author.0).map_err(|_| {
                    format!("{path}: line {}: the author's key is not a valid point", number + 1)
                })?;
                keys_by_author.insert(author, key);
                key
            }
        };
        authors.push(author);
        messages.push(entry.message().to_vec());
        signatures.push(entry.signature());
        keys.push(key);
    }
    let parse_seconds = parse_start.elapsed().as_secs_f64();
    let count = messages.len();
    if count == 0 {
        return Err(format!("{path}: no entries"));
    }
    let message_refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();

    // (a) The bare verify_batch loop, one thread, in chunks of 1024 and of BATCH_ENTRIES (what
    // cercle's workers take); the faster is the floor.
    let mut chunk_sizes = vec![1024, BATCH_ENTRIES];
    chunk_sizes.dedup();
    let mut dalek = Vec::new();
    for chunk in chunk_sizes {
        let (passes, seconds) = repeat(min_seconds, || {
            for ((m, s), k) in
                message_refs.chunks(chunk).zip(signatures.chunks(chunk)).zip(keys.chunks(chunk))
            {
                ed25519_dalek::verify_batch(m, s, k)
                    .map_err(|_| "a batch of signatures does not verify".to_string())?;
            }
            Ok(())
        })?;
        dalek.push((chunk, passes, seconds));
    }

    // (b) The same loop with cercle's own batch check (each signer's terms gathered), one
    // thread: what cercle's workers do, without decoding or rules.
    let raw_signatures: Vec<[u8; 64]> = signatures.iter().map(Signature::to_bytes).collect();
    let items: Vec<Signed> = message_refs
        .iter()
        .zip(&raw_signatures)
        .zip(&authors)
        .map(|((message, signature), key)| Signed { key, message, signature })
        .collect();
    let (cercle_passes, cercle_seconds) = repeat(min_seconds, || {
        for chunk in items.chunks(BATCH_ENTRIES) {
            if !batch::verify_batch(chunk) {
                return Err("a batch of signatures does not verify (cercle's batch)".to_string());
            }
        }
        Ok(())
    })?;

    // (c) One by one, over the first `single` signatures: `verify`, then `verify_strict`.
    let single = single.clamp(1, count);
    let (single_passes, single_seconds) = repeat(min_seconds / 2.0, || {
        for i in 0..single {
            keys[i]
                .verify(message_refs[i], &signatures[i])
                .map_err(|_| format!("signature {i} does not verify"))?;
        }
        Ok(())
    })?;
    let (strict_passes, strict_seconds) = repeat(min_seconds / 2.0, || {
        for i in 0..single {
            keys[i]
                .verify_strict(message_refs[i], &signatures[i])
                .map_err(|_| format!("signature {i} does not verify (strict)"))?;
        }
        Ok(())
    })?;

    let rate = |n: usize, seconds: f64| (n as f64 / seconds.max(1e-9)).round() as u64;
    println!("file {path}");
    println!("signatures {count}");
    println!("authors {}", keys_by_author.len());
    let rate_of = |(_, passes, seconds): &(usize, usize, f64)| rate(count * passes, *seconds);
    for run in &dalek {
        println!("batch_{}_sigs_per_s {}", run.0, rate_of(run));
    }
    let (batch_size, batch_passes, batch_seconds) =
        dalek.iter().copied().max_by_key(|run| rate_of(run)).unwrap_or((BATCH_ENTRIES, 0, 0.0));
    println!("batch_size {batch_size}");
    println!("parse_seconds {parse_seconds:.3}");
    println!("parse_entries_per_s {}", rate(count, parse_seconds));
    println!("batch_passes {batch_passes}");
    println!("batch_seconds {batch_seconds:.3}");
    println!("batch_sigs_per_s {}", rate(count * batch_passes, batch_seconds));
    println!("cercle_batch_size {BATCH_ENTRIES}");
    println!("cercle_batch_passes {cercle_passes}");
    println!("cercle_batch_seconds {cercle_seconds:.3}");
    println!("cercle_batch_sigs_per_s {}", rate(count * cercle_passes, cercle_seconds));
    println!("single_signatures {single}");
    println!("single_passes {single_passes}");
    println!("single_seconds {single_seconds:.3}");
    println!("single_sigs_per_s {}", rate(single * single_passes, single_seconds));
    println!("single_strict_passes {strict_passes}");
    println!("single_strict_seconds {strict_seconds:.3}");
    println!("single_strict_sigs_per_s {}", rate(single * strict_passes, strict_seconds));
    Ok(())
}

/// Run `pass` once, then again until `min_seconds` have gone by; the passes and the seconds.
fn repeat(min_seconds: f64, mut pass: impl FnMut() -> Result<(), String>) -> Result<(usize, f64), String> {
    let start = Instant::now();
    let mut passes = 0;
    loop {
        pass()?;
        passes += 1;
        let seconds = start.elapsed().as_secs_f64();
        if seconds >= min_seconds {
            return Ok((passes, seconds));
        }
    }
}
