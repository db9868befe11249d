//! Any text as a proof file or a tree checkpoint note: reading and checking never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let key = cercle_core::PublicKey([0x3b; 32]);
        if let Ok(proof) = cercle_core::proof::Proof::parse(text) {
            let _ = proof.check(&[("cercle-support", key)]);
        }
        if let Ok(note) = cercle_core::parse_note(text) {
            let _ = cercle_core::verify_note(&note, &[("cercle-support", key)]);
        }
        let _ = cercle_core::Vkey::parse(text);
    }
});
