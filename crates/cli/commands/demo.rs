//! `cercle demo generate`: a deterministic example region.

use std::fs;
use std::path::Path;

use cercle_core::{Body, Checkpoint, PublicKey, SignedEntry};
use serde_json::json;

use crate::args::DemoCommand;
use crate::context::Context;
use crate::error::{Error, Io, Result, Sign};
use crate::output::{print, print_json};
use crate::progress::Progress;

/// `cercle demo generate`.
pub(crate) fn run(ctx: &Context, command: DemoCommand) -> Result<()> {
    match command {
        DemoCommand::Generate { out, seed, circles, entries } => {
            demo_generate(ctx, &out, seed, circles, entries)
        }
    }
}

/// Write a deterministic example region: `DIR/<circle>.jsonl` (signed exports),
/// `DIR/checkpoints/<circle>.ckpt` (the support team's last checkpoint of each circle, as a
/// note), and the demo keys under `DIR/keys/` (demo data: never use them for a real circle).
pub fn demo_generate(
    ctx: &Context,
    out: &Path,
    seed: u64,
    circles: usize,
    entries: Option<u64>,
) -> Result<()> {
    let config = cercle_demo::DemoConfig { seed, circles, entries };
    for dir in [out.to_path_buf(), out.join("checkpoints"), out.join("keys")] {
        fs::create_dir_all(&dir)
            .map_err(|e| Sign::DemoDirUncreatable { path: dir.clone(), error: e.to_string() })?;
    }
    let support = cercle_demo::support_key(seed);
    write_key(&out.join("keys"), cercle_demo::SUPPORT_KEY_NAME, &support)?;
    let progress = Progress::new(t!("progress-generating", count = circles, path = out.display()));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, circles.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(usize, String, u64)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if index >= circles {
                            return done;
                        }
                        done.push(demo_circle(&config, index, out, &support));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    drop(progress);
    let mut written = results.into_iter().collect::<Result<Vec<_>>>()?;
    written.sort();
    if ctx.json {
        let circles: Vec<_> =
            written.iter().map(|(_, name, n)| json!({"circle": name, "entries": n})).collect();
        return print_json(&json!({ "out": out, "seed": seed, "circles": circles }));
    }
    let unit = t!("progress-entries");
    let lines: Vec<String> = written
        .iter()
        .map(|(index, name, n)| {
            format!("{:<24} {n:>9} {unit}  {}", name, cercle_demo::circle_slug(*index) + ".jsonl")
        })
        .collect();
    let heading = t!("demo-written", count = written.len(), path = out.display(), seed = seed);
    print(&format!("{heading}\n{}", lines.join("\n")))
}

fn demo_circle(
    config: &cercle_demo::DemoConfig,
    index: usize,
    out: &Path,
    support: &cercle_core::ed25519_dalek::SigningKey,
) -> Result<(usize, String, u64)> {
    use std::io::Write as _;
    let slug = cercle_demo::circle_slug(index);
    let path = out.join(format!("{slug}.jsonl"));
    let partial = out.join(format!(".{slug}.jsonl.partial"));
    let file = fs::File::create(&partial).map_err(|e| Error::from(Io::unwritable(&partial, e)))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut circle_id = None;
    let mut last_checkpoint = None;
    let streamed = cercle_demo::generate_circle(config, index, |entry: SignedEntry| {
        if entry.entry().seq == 0 {
            circle_id = Some(entry.hash());
        }
        if matches!(entry.entry().body, Body::Checkpoint) {
            last_checkpoint = Some((entry.entry().seq, entry.hash()));
        }
        writeln!(writer, "{}", entry.to_line())
    })
    .map_err(|e| Sign::DemoNotGenerated { slug: slug.clone(), error: e.to_string() })?;
    writer.flush().map_err(|e| Error::from(Io::unwritable(&partial, e)))?;
    fs::rename(&partial, &path).map_err(|e| Error::from(Io::unwritable(&path, e)))?;
    let keys_dir = out.join("keys").join(&slug);
    for (name, key) in &streamed.keys {
        write_key(&keys_dir, name, key)?;
    }
    if let (Some(circle), Some((seq, hash))) = (circle_id, last_checkpoint) {
        let support_public = PublicKey(support.verifying_key().to_bytes());
        let note_text = Checkpoint::sign(circle, seq, hash, support).to_note(&support_public);
        let note = out.join("checkpoints").join(format!("{slug}.ckpt"));
        fs::write(&note, note_text).map_err(|e| Error::from(Io::unwritable(&note, e)))?;
    }
    Ok((index, streamed.name, streamed.entries))
}

/// Write a demo key; an existing key file must hold the same key (never overwritten).
fn write_key(dir: &Path, name: &str, key: &cercle_core::ed25519_dalek::SigningKey) -> Result<()> {
    let store = cercle_store::Keystore::new(dir);
    match store.create(name, key.to_bytes()) {
        Ok(_) => Ok(()),
        Err(cercle_store::KeystoreError::Exists(_)) if store.load(name).ok().as_ref() == Some(key) => Ok(()),
        Err(cercle_store::KeystoreError::Exists(_)) => {
            Err(Sign::DemoKeyDiffers { path: dir.to_path_buf(), name: name.to_string() }.into())
        }
        Err(other) => Err(other.into()),
    }
}
