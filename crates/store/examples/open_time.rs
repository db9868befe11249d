//! How long opening and closing a ledger takes:
//! `cargo run --release -p cercle-store --example open_time -- DIR`.
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a ledger directory"));
    for _ in 0..3 {
        let start = std::time::Instant::now();
        let store = cercle_store::Store::open(&path).expect("a ledger");
        let opened = start.elapsed();
        let entries = store.ledger().len();
        drop(store);
        let dropped = start.elapsed();
        println!("Store::open {opened:?}, then drop: {dropped:?} in all ({entries} entries)");
    }
}
