//! # cercle-store
//!
//! Everything of cercle that touches a disk: a circle's ledger in append-only files of ours
//! ([`Store`]), the seam between it and the disk ([`Storage`], with [`FsStorage`] and the
//! fault-injecting [`MemoryStorage`]), the local keystore ([`Keystore`]), export files
//! ([`ExportReader`]) and the auditor's witness records ([`Witness`]).
//!
//! **Architecture invariants:**
//! - the signed entries are the truth; everything else in a store (the derived state and
//!   history) is rebuildable from them, and is rebuilt by itself when it is missing or damaged;
//! - an entry reaches the disk only after [`cercle_core::Ledger::append`] accepted it, and is
//!   read back and compared right after it is written (pair assertions);
//! - [`Store::append`] returns `Ok` if and only if the entry is durable (fsynced);
//! - readers ([`Store::open`]) never write, never lock and never wait; a read-only open never
//!   creates anything: a missing directory or one that is not a ledger is an error;
//! - sled is only read, to migrate a ledger written by an earlier version (`legacy`).

#![forbid(unsafe_code)]

mod damage;
mod export;
mod keystore;
mod legacy;
pub mod log;
mod memory;
mod notes;
pub mod published;
pub mod receipts;
mod storage;
mod store;
mod witness;

pub use damage::{Damage, PublishedDamage, WitnessDamage};
pub use export::{read_export_file, read_export_lines, ExportLines, ExportReader};
pub use keystore::{Keystore, KeystoreError, PassphraseSource, KEY_NAME_MAX_CHARS};
pub use memory::{Fault, MemoryStorage};
pub use notes::StoreNote;
pub use receipts::{CopyState, ReceiptError, Receipts, Staged, RECEIPTS_DIR};
pub use storage::{FsStorage, Storage};
pub use store::{Repair, Store, StoreError, FORMAT_MARKER, WAIT_DEFAULT};
pub use witness::{EncodedHistory, KeptHistory, Witness, WitnessError, WitnessRecord, WITNESS_MAGIC};
