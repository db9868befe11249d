//! Any line an export may hold: decoding never panics, a decoded entry re-encodes to the
//! very same bytes, and the link read without decoding agrees with the decoded entry.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let link = cercle_core::Link::from_line(line);
        if let Ok(entry) = cercle_core::SignedEntry::from_line(line) {
            assert_eq!(link, Ok(cercle_core::Link::of_entry(&entry)));
            let again = cercle_core::SignedEntry::from_line(&entry.to_line()).expect("a line we wrote reads back");
            assert_eq!(again, entry);
            let _ = entry.verify_signature();
            let mut ledger = cercle_core::Ledger::new();
            let _ = ledger.append(&entry);
        }
    }
});
