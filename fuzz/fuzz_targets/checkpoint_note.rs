//! Any text as a checkpoint note: reading never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let key = cercle_core::PublicKey([0x3b; 32]);
        let _ = cercle_core::Checkpoint::from_note(text, &key);
    }
});
