//! What a store noticed and repaired by itself, or could not do but that costs nothing
//! ([`crate::Store::take_notes`]): a variant per note, with the facts it names (byte counts,
//! entry numbers, files) as fields, so that a caller can say it in its user's language. Each
//! variant's `Display` is the English sentence the store has always said (the end of a `note:`
//! line): the command line's English catalog says exactly the same, and a test there compares
//! them. An error of the file system or of another library is kept as its text.

/// How a note about derived files that could not be saved starts, by whether it follows the
/// handle's own acknowledged append.
fn derived_of(after_append: &bool) -> &'static str {
    if *after_append {
        "the entry is recorded, but its derived"
    } else {
        "the ledger's entries are intact, but its derived"
    }
}

/// A note of a [`crate::Store`]: something it repaired by itself, or that it could not do but
/// that costs nothing (the entries are the truth; derived files are brought up to date later).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreNote {
    /// The `state` file is shorter than its header and checksum: the state was rebuilt.
    #[error("its derived state is cut short: rebuilt it from the entries")]
    StateCutShort,
    /// The `state` file was written by another version of cercle: the state was rebuilt.
    #[error("its derived state was written by another version of cercle: rebuilt it from the entries")]
    StateOfAnotherVersion,
    /// The `state` file's checksum differs: the state was rebuilt.
    #[error("its derived state is damaged (its checksum differs): rebuilt it from the entries")]
    StateChecksumDiffers,
    /// The `state` file does not decode: the state was rebuilt.
    #[error("its derived state cannot be read ({error}): rebuilt it from the entries")]
    StateUnreadable {
        /// What the decoder said (postcard's error, in English).
        error: String,
    },
    /// There is no `state` file: the state was rebuilt.
    #[error("its derived state is missing: rebuilt it from the entries")]
    StateMissing,
    /// The stored state holds no entry: it was rebuilt.
    #[error("its derived state has no head: rebuilt it from the entries")]
    StateNoHead,
    /// The stored Merkle frontier does not cover the entries of the state: it was rebuilt.
    #[error("its Merkle frontier does not match its entries: rebuilt it from the entries")]
    FrontierDiffers,
    /// `history` or `tree` is shorter than the state says: they were rebuilt.
    #[error("its history or its Merkle tree is shorter than its state says: rebuilt it from the entries")]
    DerivedCutShort,
    /// An append was interrupted before its acknowledgement, leaving `bytes` at the end of
    /// `entries`; a reader leaves them, and the next writer cuts them.
    #[error(
        "{bytes} bytes at the end of its entries are an append that was interrupted before it was acknowledged (entry {seq} was never recorded); the next command that writes will cut them"
    )]
    TornAppend {
        /// How many bytes the interrupted append left.
        bytes: u64,
        /// The entry it was writing, never recorded.
        seq: u64,
    },
    /// An append was interrupted before its acknowledgement, and this writer cut what it left.
    #[error(
        "{bytes} bytes at the end of its entries are an append that was interrupted before it was acknowledged (entry {seq} was never recorded): cut them"
    )]
    TornAppendCut {
        /// How many bytes the interrupted append left, now cut.
        bytes: u64,
        /// The entry it was writing, never recorded.
        seq: u64,
    },
    /// Bytes past the known end of a derived file (`history` or `tree`) could not be cut; they
    /// are not read.
    #[error("could not cut the end of its {file} file; it is ignored")]
    EndNotCut {
        /// The file's name in the ledger's directory (`history`, `tree`).
        file: String,
    },
    /// The Merkle tree could not be saved; the next writer saves it.
    #[error(
        "{} Merkle tree could not be saved ({error}); the next command that writes will bring it up to date",
        derived_of(.after_append)
    )]
    TreeNotSaved {
        /// Whether this follows the handle's own acknowledged append (otherwise its opening).
        after_append: bool,
        /// What the file system said.
        error: String,
    },
    /// The history could not be saved; the next writer saves it.
    #[error(
        "{} history could not be saved ({error}); the next command that writes will bring it up to date",
        derived_of(.after_append)
    )]
    HistoryNotSaved {
        /// Whether this follows the handle's own acknowledged append (otherwise its opening).
        after_append: bool,
        /// What the file system said.
        error: String,
    },
    /// The state could not be saved; the next writer saves it.
    #[error(
        "{} state could not be saved ({error}); the next command that writes will bring it up to date",
        derived_of(.after_append)
    )]
    StateNotSaved {
        /// Whether this follows the handle's own acknowledged append (otherwise its opening).
        after_append: bool,
        /// What the file system said.
        error: String,
    },
    /// A ledger of an earlier format (sled), read in memory; a writer converts it.
    #[error(
        "this ledger is in the format of an earlier cercle (sled); the next command that writes to it converts it"
    )]
    EarlierFormat,
}
