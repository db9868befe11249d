//! Micro-benchmarks of the hot paths: canonical encoding, hashing, decoding an export line,
//! signature checks (one by one and in a batch), and replaying a ledger through every rule.
//!
//! `cargo bench -p cercle-core`. Whole-program comparisons (cercle vs the bare verify loop,
//! vs hledger, small vs large ledgers) are in `scripts/bench`.

#![allow(missing_docs)] // criterion's macros generate undocumented functions.

use std::hint::black_box;

use cercle_core::batch::Signed;
use cercle_core::ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use cercle_core::{
    verify_entries, Body, Choice, CircleStatus, Genesis, Governance, Ledger, MeetingId, ProposalId,
    PublicKey, SignedEntry, Text, TextField,
};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

fn text(field: TextField, value: &str) -> Text {
    Text::new(field, value).expect("a valid text")
}

/// A ledger of `rounds` × (a fund, an action proposal voted by two members, a closing).
fn sample(rounds: usize) -> Vec<SignedEntry> {
    let alice = SigningKey::from_bytes(&[1; 32]);
    let bob = SigningKey::from_bytes(&[2; 32]);
    let mut at = chrono::DateTime::from_timestamp(1_704_700_000, 0).expect("a time");
    let mut ledger = Ledger::new();
    let mut out = Vec::new();
    let mut push = |ledger: &mut Ledger, key: &SigningKey, at, body| {
        out.push(ledger.sign_and_append(key, at, body).expect("a valid entry"));
    };
    push(
        &mut ledger,
        &alice,
        at,
        Body::Genesis(Genesis {
            name: text(TextField::CircleName, "Littoral"),
            territory: text(TextField::Territory, "Côte d'Opale"),
            status: CircleStatus::Active,
            founder: "alice".parse().expect("a name"),
            governance: Governance::default(),
            support_key: None,
        }),
    );
    let bob_key = PublicKey(bob.verifying_key().to_bytes());
    push(
        &mut ledger,
        &alice,
        at,
        Body::MemberAdd {
            name: "bob".parse().expect("a name"),
            key: bob_key,
            role: cercle_core::Role::Contributor,
        },
    );
    for round in 1..=rounds as u32 {
        at += chrono::Duration::hours(1);
        let date = at.date_naive();
        push(
            &mut ledger,
            &alice,
            at,
            Body::FundReceived {
                amount: "1500".parse().expect("an amount"),
                source: text(TextField::Source, "FEDER"),
                reference: text(TextField::Reference, &format!("CONV-{round}")),
            },
        );
        push(
            &mut ledger,
            &bob,
            at,
            Body::ProposeAction {
                title: text(TextField::Title, "Rencontres"),
                envelope: "900".parse().expect("an amount"),
            },
        );
        let (meeting, proposal) = (MeetingId(round), ProposalId(round));
        push(&mut ledger, &alice, at, Body::MeetingOpen { date, agenda: vec![proposal] });
        for key in [&alice, &bob] {
            push(&mut ledger, key, at, Body::Attend { meeting });
            push(&mut ledger, key, at, Body::Vote { meeting, proposal, choice: Choice::For });
        }
        let outcomes = ledger.preview_close(meeting).expect("an open meeting");
        push(&mut ledger, &alice, at, Body::MeetingClose { meeting, outcomes });
    }
    out
}

fn benches(c: &mut Criterion) {
    let entries = sample(150); // about 1,200 entries
    let count = entries.len() as u64;
    let lines: Vec<String> = entries.iter().map(SignedEntry::to_line).collect();

    let mut group = c.benchmark_group("per-entry");
    group.throughput(Throughput::Elements(count));
    group.bench_function("encode (signing bytes)", |b| {
        b.iter(|| entries.iter().map(|e| black_box(e.entry().signing_bytes()).len()).sum::<usize>())
    });
    group.bench_function("hash (sha-256 leaf)", |b| {
        b.iter(|| {
            entries.iter().map(|e| black_box(cercle_core::entry_hash(e.bytes())).0[0]).fold(0u8, |a, x| a ^ x)
        })
    });
    group.bench_function("decode export line", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| SignedEntry::from_line(black_box(l)).ok())
                .map(|e| e.entry().seq)
                .sum::<u64>()
        })
    });
    group.bench_function("link of an export line (a resumed entry: JSON, base64, hash)", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| cercle_core::Link::from_line(black_box(l)).ok())
                .map(|l| l.seq)
                .sum::<u64>()
        })
    });
    let keys: Vec<VerifyingKey> =
        entries.iter().map(|e| VerifyingKey::from_bytes(&e.entry().author.0).expect("a valid key")).collect();
    let messages: Vec<&[u8]> = entries.iter().map(SignedEntry::message).collect();
    let signatures: Vec<Signature> = entries.iter().map(SignedEntry::signature).collect();
    group.bench_function("verify_strict one by one (1 core)", |b| {
        b.iter(|| {
            entries.iter().zip(&keys).all(|(e, k)| k.verify_strict(e.message(), &e.signature()).is_ok())
        })
    });
    group.bench_function("verify_batch (1 core)", |b| {
        b.iter(|| cercle_core::ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok())
    });
    let raw: Vec<[u8; 64]> = signatures.iter().map(Signature::to_bytes).collect();
    let signed: Vec<Signed> = entries
        .iter()
        .zip(&raw)
        .map(|(e, signature)| Signed { key: &e.entry().author, message: e.message(), signature })
        .collect();
    group.bench_function("cercle batch::verify_batch, keys gathered (1 core)", |b| {
        b.iter(|| cercle_core::batch::verify_batch(black_box(&signed)))
    });
    group.bench_function("verify_entries (rules + batches on every core)", |b| {
        b.iter_batched(
            || entries.clone(),
            |e| verify_entries(e).expect("a valid ledger").len(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = hot_paths;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(hot_paths);
