//! Any bytes as an envelope (`docs/FORMAT.md` §12), as they are and with the envelope's label in
//! front (to get past the first check): decoding never panics, and an envelope that decodes is
//! rebuilt from its fields into the very same bytes, and reads back the same when an entry of
//! kind 17 carries it.
#![no_main]
use cercle_core::{Body, Entry, EntryHash, Envelope, SignedEntry, SignedEnvelope, ENVELOPE_LABEL};
use libfuzzer_sys::fuzz_target;

fn round_trip(bytes: Vec<u8>) {
    let Ok(decoded) = SignedEnvelope::from_bytes(bytes.clone()) else { return };
    assert_eq!(decoded.bytes(), &bytes[..]);
    let fields = decoded.envelope();
    let rebuilt = Envelope {
        circle: fields.circle,
        author: fields.author,
        created_at: fields.created_at,
        nonce: fields.nonce,
        body: fields.body.clone(),
    };
    let mut encoded = rebuilt.signing_bytes();
    encoded.extend_from_slice(&bytes[bytes.len() - 64..]);
    assert_eq!(encoded, bytes, "the envelope's fields do not encode to the bytes they were read from");
    assert_eq!(decoded.id(), cercle_core::envelope::envelope_id(&bytes));
    assert_eq!(decoded.file_name(), format!("{}.envelope", decoded.id().to_hex()));
    let _ = decoded.verify_signature();

    // Carried by an entry (its signature is not checked by decoding: zeros will do).
    let entry = Entry {
        circle: fields.circle,
        seq: 1,
        prev: EntryHash([0x11; 32]),
        recorded_at: fields.created_at,
        author: fields.author,
        body: Body::Envelope(Box::new(decoded.clone())),
    };
    let mut entry_bytes = entry.signing_bytes();
    entry_bytes.extend_from_slice(&[0; 64]);
    let read =
        SignedEntry::from_bytes(entry_bytes).expect("an entry carrying an envelope that decodes decodes");
    match &read.entry().body {
        Body::Envelope(carried) => assert_eq!(**carried, decoded),
        other => panic!("an envelope entry read back as {}", other.kind()),
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip(data.to_vec());
    let mut with_label = ENVELOPE_LABEL.to_vec();
    with_label.extend_from_slice(data);
    round_trip(with_label);
});
