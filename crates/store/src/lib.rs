//! # cercle-store
//!
//! Everything of cercle that touches a disk: a circle's ledger in a sled database
//! ([`Store`]), the local keystore ([`Keystore`]), and export files ([`ExportReader`]).
//!
//! **Architecture invariants:**
//! - the signed entries are the truth; everything else in a store (the derived-state snapshot)
//!   is rebuildable from them, and [`Store::verify`] rebuilds it and compares;
//! - an entry reaches the disk only after [`cercle_core::Ledger::append`] accepted it, and is
//!   read back and compared right after it is written (pair assertions);
//! - an acknowledged append is flushed: [`Store::append`] returns only after `flush()`;
//! - a read-only open never creates anything: a missing directory or one that is not a ledger
//!   is an error.

#![forbid(unsafe_code)]

mod export;
mod keystore;
mod store;
mod witness;

pub use export::{read_export_file, read_export_lines, ExportLines, ExportReader};
pub use keystore::{Keystore, KeystoreError, KEY_NAME_MAX_CHARS};
pub use store::{Store, StoreError, FORMAT_MARKER, TAIL_ENTRIES_MAX};
pub use witness::{Witness, WitnessError, WitnessRecord, WITNESS_MAGIC};
