//! How fast one circle is generated, streamed as export lines (as `cercle demo generate` does),
//! without writing them anywhere.
//!
//! ```text
//! cargo run --release -p cercle-demo --example throughput -- 100000
//! ```

use std::time::Instant;

use cercle_demo::{generate_circle, DemoConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let entries: u64 = std::env::args().nth(1).map_or(Ok(100_000), |arg| arg.parse())?;
    let config = DemoConfig { seed: 2024, circles: 1, entries: Some(entries) };
    let started = Instant::now();
    let mut bytes = 0usize;
    let mut last = None;
    let circle = generate_circle(&config, 0, |entry| {
        bytes += entry.to_line().len() + 1;
        last = Some(entry.entry().recorded_at.date_naive());
        Ok::<(), std::io::Error>(())
    })?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}: {} entries up to {}, {} members' keys, {:.1} MB of export lines in {seconds:.2} s ({:.0} entries/s)",
        circle.name,
        circle.entries,
        last.map_or_else(String::new, |date| date.to_string()),
        circle.keys.len(),
        bytes as f64 / 1e6,
        circle.entries as f64 / seconds,
    );
    Ok(())
}
