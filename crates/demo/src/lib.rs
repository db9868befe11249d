//! # cercle-demo
//!
//! Deterministic example regions: territorial circles of Hauts-de-France with plausible years
//! of activity, as signed entries. `ledger-data/` is made with it (`cercle demo generate`), and
//! so are the end-to-end tests' and the benchmarks' large ledgers (up to a million entries).
//!
//! **Architecture invariants:**
//! - no I/O: this crate returns entries and keys; the command line writes files;
//! - same [`DemoConfig`], same bytes, on every platform: the randomness is a small documented
//!   PRNG of this crate (SplitMix64 and xoshiro256**), the clock is simulated (from
//!   2024-01-08), and each circle draws from its own stream, so a circle's bytes depend neither
//!   on the other circles nor on threads;
//! - every entry is appended with [`cercle_core::Ledger::sign_and_append`] as it is generated, so every rule
//!   holds and every generated ledger verifies; meetings close with
//!   [`cercle_core::Ledger::preview_close`]'s outcomes.
//!
//! ## What a circle looks like
//!
//! The first circles are, in order, `Littoral` (Côte d'Opale, active), `Métropole Lilloise`
//! (active, two-thirds threshold), `Douaisis-Pévèle` (emerging, then active) and `Somme`
//! (Amiénois, emerging, small: one soucieux, the network's money first); then
//! `Sambre-Avesnois`, `Oise`, `Artois`, `Hainaut`, `Flandre intérieure`, `Pays de Bray`,
//! `Sud-Aisne`, `Arrageois-Ternois`, then `Cercle 13`, `Cercle 14`…
//!
//! Each one has a founding soucieux and the regional network's support key in genesis;
//! members with French first names (contributors, participants, a second soucieux); funds from
//! `FEDER`, `Région Hauts-de-France` and `Compagnie des Tiers-Lieux` (the support team records
//! the network's own transfers); a programme of actions; spend lines (retributions and
//! expenses to suppliers); a regulation meeting every few weeks with attendance and votes;
//! payouts, some partial, recorded by another soucieux or by the support team; and support-team
//! checkpoints. Along the way: a withdrawn proposal, a rejection by vote, an over-envelope and
//! an insufficient-funds rejection, a meeting without quorum, a role change, a member leaving,
//! a spend line closed with a remainder.
//!
//! Some circles also show what an auditor should flag although every rule holds: a spend line
//! adopted and left open for more than a year (circles 1, 4, 7…: `Littoral`, `Somme`…), more
//! than six months without a regulation meeting (circles 2, 5…: `Métropole Lilloise`…), an
//! adoption with exactly the quorum present (circles 3, 6…: `Douaisis-Pévèle`…).
//!
//! Without an entries target a circle runs about eighteen months (a few hundred entries).
//! With one, it keeps going, at a livelier pace past 3,000 entries (more members, weekly-ish
//! meetings past 50,000), and stops at exactly the target: any prefix of a valid ledger is
//! valid.
//!
//! ## Example
//!
//! ```
//! use cercle_demo::{generate, DemoConfig};
//!
//! let region = generate(&DemoConfig { seed: 7, circles: 2, entries: Some(300) }).unwrap();
//! assert_eq!(region.circles[0].slug, "littoral");
//! assert_eq!(region.circles[1].slug, "metropole-lilloise");
//! for circle in &region.circles {
//!     assert_eq!(circle.entries.len(), 300);
//!     let ledger = cercle_core::verify_entries(circle.entries.iter().cloned()).unwrap();
//!     assert!(ledger.check_books().is_ok());
//! }
//! // The same configuration gives the same bytes.
//! let again = generate(&DemoConfig { seed: 7, circles: 1, entries: Some(300) }).unwrap();
//! assert_eq!(again.circles[0].entries, region.circles[0].entries);
//! ```
//!
//! ## Speed
//!
//! A circle's entries form a hash chain (each entry holds the previous one's hash, which
//! covers its signature), so one circle is signed on one core. [`generate`] runs circles on
//! every core (with `std::thread::scope`: no thread-pool dependency for one parallel loop);
//! [`generate_circle`] runs the signing and rules on one thread and the caller's sink (encoding,
//! writing) on the caller's, so a large circle uses two cores.

#![forbid(unsafe_code)]

mod names;
mod plan;
mod rng;
mod sim;

use std::sync::mpsc;

use cercle_core::ed25519_dalek::SigningKey;
use cercle_core::{AppendError, SignedEntry};

use crate::plan::Plan;
use crate::rng::Rng;
use crate::sim::Simulation;

/// The most circles one region may have.
pub const CIRCLES_MAX: usize = 1_000;

/// The most entries one circle may have: ten times the largest benchmark (a circle recruiting
/// for the centuries a hundred million entries would take would pass
/// [`cercle_core::MEMBERS_MAX`]).
pub const ENTRIES_MAX: u64 = 10_000_000;

/// The key name [`DemoRegion::support_key`] is meant to be saved under.
pub const SUPPORT_KEY_NAME: &str = "support";

/// Entries sent together from the generating thread to the sink's.
const BATCH_ENTRIES: usize = 512;

/// Batches in flight between the two threads (so at most 8 × 512 entries wait in memory).
const CHANNEL_BATCHES: usize = 8;

/// The stream of the support team's key (circles use streams `1 + index`).
const SUPPORT_STREAM: u64 = 0;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoConfig {
    /// Same seed, same bytes.
    pub seed: u64,
    /// How many circles (at most [`CIRCLES_MAX`]).
    pub circles: usize,
    /// Entries per circle: exactly this many (from 1 to [`ENTRIES_MAX`]), or `None` for a
    /// natural year and a half of activity (a few hundred entries).
    pub entries: Option<u64>,
}

impl Default for DemoConfig {
    /// The example region of `ledger-data/`: seed 2024, the four circles of the README.
    fn default() -> DemoConfig {
        DemoConfig { seed: 2024, circles: 4, entries: None }
    }
}

/// One generated circle.
#[derive(Clone, Debug)]
pub struct DemoCircle {
    /// The file stem, e.g. `littoral`, `metropole-lilloise`.
    pub slug: String,
    /// The circle's name, e.g. `Métropole Lilloise`.
    pub name: String,
    /// Its signed entries, genesis first.
    pub entries: Vec<SignedEntry>,
    /// Its members' keys, current and former, in joining order, named by member name (unique
    /// within the circle, not across circles: keep each circle's keys apart).
    pub keys: Vec<(String, SigningKey)>,
}

/// A generated region: its circles, in order, and the regional support team's key, which every
/// circle's genesis names and which signs every checkpoint.
#[derive(Clone, Debug)]
pub struct DemoRegion {
    /// The circles, `Littoral` first.
    pub circles: Vec<DemoCircle>,
    /// The support team's key (the same for the whole region).
    pub support_key: SigningKey,
}

/// What [`generate_circle`] returns once every entry went to the sink.
#[derive(Clone, Debug)]
pub struct StreamedCircle {
    /// The file stem.
    pub slug: String,
    /// The circle's name.
    pub name: String,
    /// How many entries went to the sink.
    pub entries: u64,
    /// Its members' keys, as in [`DemoCircle::keys`].
    pub keys: Vec<(String, SigningKey)>,
}

/// An error from a sink, boxed.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Why a region could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// The configuration asks for too much or too little.
    #[error("invalid demo configuration: {0}")]
    Config(String),
    /// There is no circle at this index.
    #[error("there is no circle {index}: the region has {circles}")]
    NoSuchCircle {
        /// The index asked for.
        index: usize,
        /// How many circles the configuration has.
        circles: usize,
    },
    /// A generated entry broke a rule: a bug in this crate, never in the data.
    #[error("circle {circle}: generated entry {seq} ({kind}) was refused: {error}")]
    Refused {
        /// The circle's name.
        circle: String,
        /// The entry's seq.
        seq: u64,
        /// Its kind.
        kind: &'static str,
        /// The rule it broke.
        #[source]
        error: AppendError,
    },
    /// The demo's own data was invalid (a name or text refused): a bug in this crate.
    #[error("invalid demo data: {0}")]
    Invalid(String),
    /// The sink refused an entry.
    #[error("could not take a generated entry: {0}")]
    Sink(#[source] SinkError),
}

/// Generate a whole region in memory, circles on every core.
///
/// For large circles (a million entries take several hundred MB per circle in memory) use
/// [`generate_circle`], which streams.
pub fn generate(config: &DemoConfig) -> Result<DemoRegion, DemoError> {
    check(config)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, config.circles.max(1));
    let mut slots: Vec<Option<Result<DemoCircle, DemoError>>> = (0..config.circles).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    (worker..config.circles)
                        .step_by(threads)
                        .map(|index| (index, generate_in_memory(config, index)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            let done = worker.join().unwrap_or_else(|_| Vec::new());
            for (index, circle) in done {
                slots[index] = Some(circle);
            }
        }
    });
    let circles = slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err(DemoError::Invalid("a generating thread panicked".into()))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DemoRegion { circles, support_key: support_key(config.seed) })
}

/// Generate circle `index` of the region, handing each entry to `sink` in order, without
/// keeping them: memory stays small whatever the number of entries (the ledger's derived state
/// only). The signing runs on a thread of its own while `sink` runs on the caller's.
///
/// ```
/// use cercle_demo::{generate_circle, DemoConfig};
///
/// let config = DemoConfig { seed: 1, circles: 4, entries: Some(120) };
/// let mut lines = Vec::new();
/// let somme = generate_circle(&config, 3, |entry| {
///     lines.push(entry.to_line());
///     Ok::<(), std::io::Error>(())
/// })
/// .unwrap();
/// assert_eq!((somme.slug.as_str(), somme.entries, lines.len()), ("somme", 120, 120));
/// ```
pub fn generate_circle<F, E>(
    config: &DemoConfig,
    index: usize,
    mut sink: F,
) -> Result<StreamedCircle, DemoError>
where
    F: FnMut(SignedEntry) -> Result<(), E>,
    E: Into<SinkError>,
{
    check(config)?;
    if index >= config.circles {
        return Err(DemoError::NoSuchCircle { index, circles: config.circles });
    }
    std::thread::scope(|scope| {
        // Entries cross in batches: one wake-up per batch, not per entry.
        let (sender, receiver) = mpsc::sync_channel::<Vec<SignedEntry>>(CHANNEL_BATCHES);
        let worker = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_ENTRIES);
            let forward = |entry| {
                batch.push(entry);
                if batch.len() < BATCH_ENTRIES {
                    return Ok(());
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ENTRIES));
                sender.send(full).map_err(|_| SinkError::from("the sink stopped"))
            };
            let generated = run(config, index, forward);
            if generated.is_ok() && !batch.is_empty() {
                sender.send(batch).map_err(|_| DemoError::Sink("the sink stopped".into()))?;
            }
            generated
        });
        let mut refused = None;
        'batches: for batch in receiver.iter() {
            for entry in batch {
                if let Err(error) = sink(entry) {
                    refused = Some(error.into());
                    break 'batches;
                }
            }
        }
        drop(receiver);
        let generated =
            worker.join().map_err(|_| DemoError::Invalid("the generating thread panicked".into()));
        if let Some(error) = refused {
            return Err(DemoError::Sink(error));
        }
        let (plan, entries, keys) = generated??;
        Ok(StreamedCircle { slug: plan.slug, name: plan.name, entries, keys })
    })
}

/// The regional support team's key for `seed` (the same in every circle of the region).
pub fn support_key(seed: u64) -> SigningKey {
    SigningKey::from_bytes(&Rng::derive(seed, SUPPORT_STREAM).bytes32())
}

/// The file stem of circle `index`: `littoral`, `metropole-lilloise`… then `cercle-13`…
pub fn circle_slug(index: usize) -> String {
    Plan::new(index, None).slug
}

fn check(config: &DemoConfig) -> Result<(), DemoError> {
    if config.circles > CIRCLES_MAX {
        return Err(DemoError::Config(format!("{} circles: at most {CIRCLES_MAX}", config.circles)));
    }
    match config.entries {
        Some(0) => Err(DemoError::Config("0 entries: a circle has at least its genesis".into())),
        Some(entries) if entries > ENTRIES_MAX => {
            Err(DemoError::Config(format!("{entries} entries per circle: at most {ENTRIES_MAX}")))
        }
        _ => Ok(()),
    }
}

fn generate_in_memory(config: &DemoConfig, index: usize) -> Result<DemoCircle, DemoError> {
    let mut entries = Vec::new();
    let (plan, _, keys) = run(config, index, |entry| {
        entries.push(entry);
        Ok(())
    })?;
    Ok(DemoCircle { slug: plan.slug, name: plan.name, entries, keys })
}

/// Simulate circle `index`: its plan, how many entries, its keys.
#[allow(clippy::type_complexity)]
fn run<S>(
    config: &DemoConfig,
    index: usize,
    sink: S,
) -> Result<(Plan, u64, Vec<(String, SigningKey)>), DemoError>
where
    S: FnMut(SignedEntry) -> Result<(), SinkError>,
{
    let plan = Plan::new(index, config.entries);
    let stream = u64::try_from(index).unwrap_or(u64::MAX).wrapping_add(1);
    let rng = Rng::derive(config.seed, stream);
    let mut simulation = Simulation::new(plan.clone(), rng, support_key(config.seed), config.entries, sink);
    simulation.run()?;
    let emitted = simulation.emitted();
    Ok((plan, emitted, simulation.into_keys()))
}

#[cfg(test)]
mod tests;
