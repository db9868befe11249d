//! How long opening a ledger takes: `cargo run --release -p cercle-store --example open_time -- DIR`.
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a ledger directory"));
    let start = std::time::Instant::now();
    let db = sled::Config::new().path(&path).cache_capacity(16 << 20).open().expect("sled opens");
    let opened = start.elapsed();
    let state = db.get("state").expect("readable").map_or(0, |v| v.len());
    let read = start.elapsed();
    drop(db);
    let start = std::time::Instant::now();
    let store = cercle_store::Store::open(&path).expect("a ledger");
    let whole = start.elapsed();
    println!(
        "sled open {opened:?}, +state ({state} bytes) {read:?}; Store::open {whole:?}; entries {}",
        store.ledger().len()
    );
}
