//! Any bytes as an entry (with the format's label in front, to get past the first check).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = cercle_core::ENTRY_LABEL.to_vec();
    bytes.extend_from_slice(data);
    if let Ok(entry) = cercle_core::SignedEntry::from_bytes(bytes) {
        assert_eq!(entry.entry().signing_bytes(), entry.message());
        let _ = cercle_core::verify_entries([entry]);
    }
});
