//! What the store's test binaries share: a demo circle's entries.

use cercle_core::SignedEntry;

/// One demo circle of `count` entries (every kind of entry, history that settles).
pub fn demo_entries(seed: u64, count: u64) -> Vec<SignedEntry> {
    let config = cercle_demo::DemoConfig { seed, circles: 1, entries: Some(count) };
    let mut all = Vec::new();
    cercle_demo::generate_circle(&config, 0, |entry| {
        all.push(entry);
        Ok::<(), std::convert::Infallible>(())
    })
    .expect("the demo generator makes valid entries");
    all
}
