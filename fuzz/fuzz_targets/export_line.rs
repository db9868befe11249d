//! Any line an export may hold: decoding never panics, and a decoded entry re-encodes to the
//! very same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        if let Ok(entry) = cercle_core::SignedEntry::from_line(line) {
            let again = cercle_core::SignedEntry::from_line(&entry.to_line()).expect("a line we wrote reads back");
            assert_eq!(again, entry);
            let _ = entry.verify_signature();
            let mut ledger = cercle_core::Ledger::new();
            let _ = ledger.append(&entry);
        }
    }
});
