//! Why a ledger, or a published folder, is damaged: a variant per reason, with the facts it
//! names (entry numbers, byte offsets, sizes, files) as fields, so that a caller can say it in
//! its user's language. Each variant's `Display` is the English sentence the store has always
//! said (the end of [`crate::StoreError`]'s sentence): the command line's English catalog says
//! exactly the same, and a test there compares them.
//!
//! Nested errors of cercle-core are kept as they are (they are said in French by
//! cercle-render); an error of another library (postcard's) is kept as its text.

use cercle_core::merkle::ProofError;
use cercle_core::{CheckpointError, EntryHash, FormatError, RuleError};

/// What is damaged in a ledger, and what is intact ([`crate::StoreError::Damaged`], and
/// [`crate::Repair::reason`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Damage {
    /// A write through this handle failed and could not be undone: it appends no more.
    #[error("an earlier write through this handle could not be undone; open it again")]
    Poisoned,
    /// A Merkle proof read from the stored tree does not lead to the root kept in the state.
    #[error("its Merkle tree disagrees with itself ({error})")]
    TreeDisagrees {
        /// What does not hold.
        error: ProofError,
    },
    /// The stored tree has no hash for the subtree (`level`, `n`), though the entries hold it.
    #[error("its Merkle tree has no hash at level {level}, {n}")]
    TreeHashMissing {
        /// The subtree's level (0: the entry hashes).
        level: u8,
        /// Its index at that level.
        n: u64,
    },
    /// The `tree` file ends inside, or before, the hash of the subtree (`level`, `n`).
    #[error("its Merkle tree is cut short at level {level}, {n}")]
    TreeCutShortAt {
        /// The subtree's level (0: the entry hashes).
        level: u8,
        /// Its index at that level.
        n: u64,
    },
    /// The stored tree holds fewer hashes than the entries call for.
    #[error("its Merkle tree has fewer hashes than its entries give")]
    TreeTooShort,
    /// The `tree` file ends before the hashes the state says it holds (found while verifying).
    #[error("its Merkle tree is cut short")]
    TreeCutShort,
    /// A stored hash of the tree is not the one the entries give.
    #[error(
        "its Merkle tree differs from its entries at stored hash {index} (leaf {leaf}); `cercle repair` rebuilds it"
    )]
    TreeDiffers {
        /// The stored hash's index in `tree` (Go tlog's order).
        index: u64,
        /// The last leaf (entry) pushed when it was computed.
        leaf: u64,
    },
    /// The Merkle frontier in the state is not the one the entries give.
    #[error("its stored Merkle frontier differs from what its entries give")]
    FrontierDiffers,
    /// The `checkpoint` file kept with the ledger is not text.
    #[error("its checkpoint note is not UTF-8 text")]
    NoteNotText,
    /// An entry read from `entries` is not the leaf the tree holds for it.
    #[error("entry {seq} differs from its leaf in the Merkle tree")]
    EntryNotLeaf {
        /// The entry.
        seq: u64,
    },
    /// An entry's record is not intact, read in order; the ones before it are.
    #[error(
        "entry {seq} (at byte {offset} of its entries) is not intact; entries 0 to {} are; `cercle repair` keeps them and sets the rest aside",
        .seq.saturating_sub(1)
    )]
    EntryNotIntact {
        /// The entry.
        seq: u64,
        /// Where its record starts in `entries`.
        offset: u64,
    },
    /// The state replayed from the entries is not the stored one.
    #[error("its stored state differs from what its entries give")]
    StateDiffers,
    /// The history replayed from the entries is not the stored one.
    #[error("its stored history differs from what its entries give")]
    HistoryDiffers,
    /// The `format` file names a format of another (later) version.
    #[error("it is in the format {format}, which this version of cercle does not know")]
    UnknownFormat {
        /// What the `format` file says (`cercle-ledger/v3`).
        format: String,
    },
    /// The `entries` file is not there.
    #[error("its file of entries is missing")]
    EntriesMissing,
    /// Not one entry.
    #[error("it holds no entry")]
    NoEntry,
    /// `entries` is shorter than the state remembers: acknowledged entries are gone.
    #[error(
        "entries acknowledged earlier are missing: it holds {bytes} bytes of entries, but entry {head} (the last acknowledged) ended at byte {end}; `cercle repair` keeps the intact entries and sets the rest aside"
    )]
    EntriesCutShort {
        /// The length of `entries`.
        bytes: u64,
        /// The last acknowledged entry.
        head: u64,
        /// Where its record ended.
        end: u64,
    },
    /// The record of the last acknowledged entry is not where the state says, or not its own.
    #[error(
        "entry {head} (the last acknowledged, hash {hash}) is no longer where it was written; `cercle repair` keeps the intact entries and sets the rest aside"
    )]
    HeadMoved {
        /// The last acknowledged entry.
        head: u64,
        /// Its hash.
        hash: EntryHash,
    },
    /// A record that is not intact, with more after it, found while the state is rebuilt.
    #[error(
        "the entry at byte {offset} of its entries is not intact, and more follows it; `cercle repair` keeps the intact entries before it and sets the rest aside"
    )]
    RecordNotIntact {
        /// Where the record starts in `entries`.
        offset: u64,
    },
    /// An entry after the ones the state covers does not decode.
    #[error(
        "entry {seq}, after the last one its state knows, cannot be read ({error}); `cercle repair` sets it aside"
    )]
    UnreadableAfterState {
        /// The entry.
        seq: u64,
        /// What is wrong with its bytes.
        error: FormatError,
    },
    /// An entry after the ones the state covers breaks a rule.
    #[error(
        "entry {seq}, after the last one its state knows, is refused ({error}); `cercle repair` sets it aside"
    )]
    RefusedAfterState {
        /// The entry.
        seq: u64,
        /// The rule it breaks (boxed: it is large, and errors are kept small).
        error: Box<RuleError>,
    },
    /// A record after the ones the state covers is not intact, and more follows it.
    #[error(
        "the record at byte {offset} of its entries, after entry {last}, is not intact and more follows it; `cercle repair` keeps entries 0 to {last} and sets the rest aside"
    )]
    RecordAfterStateNotIntact {
        /// Where the record starts in `entries`.
        offset: u64,
        /// The last intact entry before it.
        last: u64,
    },
    /// A record of `history` does not decode.
    #[error("its history cannot be read ({error})")]
    HistoryUnreadable {
        /// What the decoder said (postcard's error, in English).
        error: String,
    },
    /// A record of `history` is not intact.
    #[error("its history is not intact at byte {offset}; any command that writes rebuilds it after `cercle repair`")]
    HistoryNotIntact {
        /// Where the record starts in `history`.
        offset: u64,
    },
    /// `cercle repair` found no intact entry at all.
    #[error("not even its first entry is intact: restore it from an export or a backup")]
    NothingIntact,
    /// `cercle repair` stopped at an entry whose bytes do not decode.
    #[error("entry {seq} is refused: {error}")]
    EntryUnreadable {
        /// The entry.
        seq: u64,
        /// What is wrong with its bytes.
        error: FormatError,
    },
    /// `cercle repair` stopped at an entry that breaks a rule.
    #[error("entry {seq} is refused: {error}")]
    EntryRefused {
        /// The entry.
        seq: u64,
        /// The rule it breaks (boxed: it is large, and errors are kept small).
        error: Box<RuleError>,
    },
    /// `cercle repair` stopped at an entry whose record is not intact.
    #[error("entry {seq} (at byte {offset}) is not intact")]
    EntryCut {
        /// The entry.
        seq: u64,
        /// Where its record starts in `entries`.
        offset: u64,
    },
    /// A ledger of the earlier format (sled) into which an import did not finish.
    #[error("an import into it did not finish; remove the directory and import again")]
    ImportUnfinished,
    /// A chunk of a sled ledger's archive ends too soon.
    #[error("a truncated chunk in its archive")]
    ChunkTruncated,
    /// A chunk of a sled ledger's archive is malformed.
    #[error("a malformed chunk")]
    ChunkMalformed,
    /// A key of a sled ledger's tail is not an entry number.
    #[error("a malformed key in its tail")]
    TailKeyMalformed,
    /// A sled ledger misses an entry.
    #[error("entry {seq} is missing (the next stored is {next})")]
    EntryMissing {
        /// The missing entry.
        seq: u64,
        /// The next one it holds.
        next: u64,
    },
}

/// What does not hold in a folder published in the tlog-tiles layout
/// ([`crate::StoreError::Published`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PublishedDamage {
    /// The `checkpoint` file is not text.
    #[error("its checkpoint is not UTF-8 text")]
    CheckpointNotText,
    /// The `checkpoint` file is not a signed note.
    #[error("its checkpoint cannot be read: {error}")]
    CheckpointUnreadable {
        /// Why (boxed: it is large, and errors are kept small).
        error: Box<CheckpointError>,
    },
    /// The checkpoint is a note, but not of a tree.
    #[error("its checkpoint is not a tree checkpoint")]
    NotATreeCheckpoint,
    /// The checkpoint, read again to check its signatures, does not parse.
    #[error("{error}")]
    Checkpoint {
        /// Why (boxed: it is large, and errors are kept small).
        error: Box<CheckpointError>,
    },
    /// The root of the entries' hashes is not the checkpoint's.
    #[error(
        "the Merkle root of its {size} entries is not its checkpoint's: an entry was changed, added or removed"
    )]
    RootDiffers {
        /// How many entries the checkpoint names.
        size: u64,
    },
    /// A bundle of entries holds none.
    #[error("a bundle is empty")]
    BundleEmpty,
    /// The last entry is not the head the checkpoint names.
    #[error("its checkpoint names {named} as the hash of its last entry #{seq}, which is {found}")]
    HeadDiffers {
        /// The hash the checkpoint names.
        named: EntryHash,
        /// The last entry.
        seq: u64,
        /// Its hash.
        found: EntryHash,
    },
    /// A node asked for is not in the published tree.
    #[error("its tree of {size} entries has no node {n} at level {level}")]
    NoNode {
        /// The checkpoint's size.
        size: u64,
        /// The node's index at its level.
        n: u64,
        /// Its level.
        level: u8,
    },
    /// A hash tile is not as long as its width says.
    #[error("{tile} holds {bytes} bytes, not {expected}")]
    TileSize {
        /// The tile, relative to the folder (`tile/0/000.p/6`).
        tile: String,
        /// Its length.
        bytes: u64,
        /// The length it should have.
        expected: u64,
    },
    /// An entry bundle ends before its last entry does.
    #[error("{bundle} is cut short at entry #{seq}")]
    BundleCutShort {
        /// The bundle, relative to the folder (`tile/entries/000.p/6`).
        bundle: String,
        /// The entry cut short.
        seq: u64,
    },
    /// Bytes follow the last entry of a bundle.
    #[error("{bundle} holds more than its {width} entries")]
    BundleTooLong {
        /// The bundle, relative to the folder.
        bundle: String,
        /// The entries it should hold.
        width: u64,
    },
    /// The checkpoint is signed neither by the support key nor by a current soucieux.
    #[error(
        "its checkpoint is signed neither by the circle's support key nor by a current soucieux as its keeper: {error}"
    )]
    NotSignedByKeeper {
        /// Why (boxed: it is large, and errors are kept small).
        error: Box<CheckpointError>,
    },
    /// The first entry is not a genesis.
    #[error("its first entry is not a genesis")]
    NoGenesis,
    /// The genesis names no support key.
    #[error("its circle names no support key, so its checkpoint cannot be checked")]
    NoSupportKey,
    /// The checkpoint names another circle than the genesis founds.
    #[error("its checkpoint is of another circle than its first entry")]
    OtherCircle,
    /// The support key's signature on the checkpoint is there but wrong.
    #[error("its checkpoint's support signature is wrong: {error}")]
    SupportSignatureWrong {
        /// Why (boxed: it is large, and errors are kept small).
        error: Box<CheckpointError>,
    },
    /// A file of the folder is larger than it can be (the error's path is the file's).
    #[error("it is {bytes} bytes, more than it can be ({max})")]
    TooLarge {
        /// Its length.
        bytes: u64,
        /// The most it may hold.
        max: u64,
    },
}

/// Why a witness file (a record, or the history it keeps apart) is damaged, or a record could
/// not be encoded ([`crate::WitnessError::Damaged`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WitnessDamage {
    /// The file does not start with the witness's first line.
    #[error("it is not a cercle witness record")]
    NotARecord,
    /// The file has no header line.
    #[error("it has no header")]
    NoHeader,
    /// The header line is not the JSON of a header.
    #[error("its header does not decode")]
    HeaderUnreadable,
    /// The header names another circle than the file's name.
    #[error("it holds another circle")]
    OtherCircle,
    /// The state after the header does not decode.
    #[error("its state does not decode")]
    StateUnreadable,
    /// The state's circle, head, name or territory is not the header's.
    #[error("its state disagrees with its header")]
    StateDisagrees,
    /// The state has no circle.
    #[error("its state holds no circle")]
    NoCircle,
    /// A frame of the history does not decode.
    #[error("its history does not decode")]
    HistoryUnreadable,
    /// The history file the record names is not there.
    #[error("it is missing")]
    Missing,
    /// The history file is shorter than the record says.
    #[error("it is shorter than its record says")]
    ShorterThanRecord,
    /// A frame of the history file ends before its length says.
    #[error("a frame is cut")]
    FrameCut,
    /// The history file's frames do not chain to the hash the record names.
    #[error("its hashes do not match its record")]
    HashesDiffer,
    /// A record to save holds no state.
    #[error("the record could not be encoded: it holds no state")]
    NoState,
    /// A part of the history to save is too large for a frame.
    #[error("the record could not be encoded: a history too large")]
    HistoryTooLarge,
    /// A record to save could not be encoded.
    #[error("the record could not be encoded: {error}")]
    NotEncoded {
        /// What the encoder said (postcard's or serde_json's error, in English).
        error: String,
    },
}
