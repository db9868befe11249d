# rules messages (en)
# The libraries' errors, as cercle-render's `errors` module (and the CLI's failure.rs, for the
# store's) say them. English is exactly each error's `Display` (a test checks it): change both
# together.

## cercle-core: RuleError, one message per rule (id: rule- and the rule's name)
rule-not-genesis = the first entry of a ledger must be the circle's genesis
rule-second-genesis = a ledger holds exactly one circle: a second genesis is refused
rule-wrong-circle = the entry belongs to another circle ({ $found }, not { $expected })
rule-wrong-sequence = the entry is numbered { $found } but the next entry must be { $expected }
rule-broken-chain = the entry does not chain to the previous one (its previous hash is not the head's)
rule-time-goes-backwards = the entry is dated before the previous entry
rule-bad-signature = the signature does not verify under the author's key
rule-weak-key = the key is not a valid ed25519 public key or is a weak (small-order) key
rule-unknown-author = the author's key is not the key of a current member of the circle
rule-not-soucieux = only a soucieux may { $what }
rule-not-soucieux-or-support = only a soucieux or the support team may { $what }
rule-not-support = only the circle's support team may { $what }
rule-key-replaced = this key was replaced: { $holder } signs with a new key since entry { $seq }, and the old one signs nothing more
rule-member-name-confusable = { $name } looks like { $existing }, already a member of the circle (current or former): choose a name that reads differently
rule-countersigned-by-key-holder = entry { $seq } gives a new key to the one who would countersign it: another soucieux must
rule-already-countersigned = entry { $seq } already bears this signer's signature
rule-no-support-team = the circle has no support team, so no support key to replace
rule-envelope-other-circle = the envelope is signed for another circle ({ $found }…)
rule-envelope-bad-signature = the envelope's signature does not verify under its author's key
rule-envelope-too-old = the envelope was signed on { $created }, more than 30 days before it was sequenced ({ $recorded }): its author must sign it again
rule-envelope-from-future = the envelope is dated { $created }, more than a day after it was sequenced ({ $recorded }): its author's clock is wrong
rule-envelope-replayed = envelope { $envelope }… is already in the ledger: an envelope counts once
rule-name-taken = a member named { $name } already exists (names are unique, whatever their case)
rule-key-taken = this public key already belongs to { $owner }
rule-too-many-members = the circle already has { $count } members, the most it may have
rule-no-such-member = no member is named { $name }
rule-member-left = { $name } has left the circle
rule-same-role = { $name } already holds the role { $role }
rule-last-soucieux = { $name } is the last soucieux: a circle always keeps at least one
rule-same-status = the circle is already { $status }
rule-total-overflow = the totals would overflow
rule-duplicate-reference = the reference { $reference } was already used by the { $what } at entry { $seq }: if a second one with it is meant, say so (--allow-duplicate-ref)
rule-agreement-taken = an agreement { $reference } already exists (references are unique, whatever their case)
rule-agreement-period = the agreement's period ends on { $to }, before it begins on { $from }
rule-no-such-agreement = there is no agreement { $reference }: declare it first (cercle agreement add)
rule-agreement-over-awarded = funds received into { $agreement } would total { $received }, more than the { $awarded } awarded
rule-governance-changes-nothing = the proposal changes nothing: the circle already has { $setting }
rule-proxies-not-allowed = this circle does not allow proxies (its members decided so in a regulation meeting)
rule-not-a-fund-receipt = entry { $seq } is not a fund receipt recorded in the 400 days before: only those are corrected (a payout is reversed)
rule-correction-changes-nothing = the correction of entry { $seq } changes nothing: give the amount, source or reference as they should have been
rule-not-a-reversible-payout = entry { $seq } is not a payout recorded in the last 400 days: only those can be reversed
rule-already-reversed = the payout at entry { $seq } is already reversed
rule-nothing-to-countersign = entry { $seq } is not a correction or a payout waiting for a countersignature
rule-countersigned-by-author = entry { $seq } must be countersigned by a second signer, not by its author
rule-countersigned-by-payee = the payout at entry { $seq } pays the one who would countersign it: another soucieux or the support team must
rule-correction-leaves-books-short = the correction of entry { $receipt } would leave { $received } received, less than the { $committed } already paid or committed
rule-no-such-action = there is no action { $action } in the programme
rule-no-such-proposal = there is no proposal { $proposal }
rule-too-many-proposals = the circle already has the most proposals it may have
rule-spend-over-envelope = the spend line asks { $amount } but action { $action }'s whole envelope is { $envelope }
rule-payee-not-member = a retribution pays a current member, and { $name } is not one
rule-not-pending = proposal { $proposal } is { $status }, not pending
rule-not-proposal-author = only the author of proposal { $proposal } may withdraw it
rule-on-open-agenda = proposal { $proposal } is on the agenda of open meeting { $meeting }
rule-empty-agenda = a meeting needs at least one pending proposal on its agenda
rule-agenda-too-long = an agenda holds at most { $max } proposals
rule-duplicate-on-agenda = proposal { $proposal } is twice on the agenda
rule-no-such-meeting = there is no meeting { $meeting }
rule-meeting-closed = meeting { $meeting } is closed
rule-not-voting-member = { $name } was not a member when meeting { $meeting } opened, so may not attend or vote in it
rule-already-present = { $name } is already recorded as present at meeting { $meeting }
rule-voter-not-present = { $name } must record their attendance at meeting { $meeting } before voting
rule-not-on-agenda = proposal { $proposal } is not on the agenda of meeting { $meeting }
rule-already-voted = { $name } already voted on proposal { $proposal }
rule-recused-voter = { $name } may not vote on proposal { $proposal }: it pays them (recusal)
rule-outcome-mismatch = the closing entry says { $proposal } was { $recorded }, but the votes and the books give { $computed }
rule-outcome-count = the closing entry lists { $recorded } outcomes but meeting { $meeting } has { $agenda } agenda items
rule-proxy-to-self = a member gives their proxy to another member, not to themselves
rule-proxy-giver-present = { $name } is present at meeting { $meeting }: a proxy is for a member who will be absent
rule-proxy-already-given = { $name } already gave a proxy for meeting { $meeting }
rule-proxy-chain = { $name } gave or holds a proxy for meeting { $meeting }: a proxy is not passed on
rule-proxy-holder-full = { $name } already holds the most proxies a member may hold at meeting { $meeting } (one)
rule-not-spend-line = proposal { $proposal } is not a spend line
rule-line-not-adopted = spend line { $proposal } is { $status }: payouts go only against adopted spend lines
rule-line-fully-paid = spend line { $proposal } is fully paid: nothing remains to pay or release
rule-payout-exceeds-line = the payout of { $amount } is more than the { $remaining } that remain on spend line { $proposal }
rule-payee-not-paid-role = { $name } is a { $role }: retributions go only to members holding a paid role (soucieux or contributor)
rule-self-payout = nobody records a payout to themselves: another soucieux or the support team must record it
rule-payout-before-adoption = the payout is dated { $date }, before its line { $line } was adopted on { $adopted }
rule-payout-in-future = the payout is dated { $date }, after the day it is recorded ({ $recorded }): a payout is recorded once it is made
rule-meeting-before-circle = the meeting is dated { $date }, before the circle was founded on { $founded }
rule-meeting-too-far-ahead = the meeting is dated { $date }, more than { $days } days after the day it is opened ({ $recorded })

## cercle-core: FormatError
format-truncated = the entry is truncated (in its { $field })
format-trailing-bytes = the entry has { $count } unexpected bytes after its last field
format-unknown-label = the entry does not start with the label cercle/entry/v1 (another format or version)
format-bad-value = the entry's { $field } holds an invalid value ({ $value })
format-bad-utf8 = the entry's { $field } is not valid UTF-8
format-bad-text = the entry holds an invalid text: { $reason }
format-bad-currency = the circle's currency must be EUR, not "{ $currency }"
format-too-large = the entry is { $size } bytes long, more than the 16384 allowed
format-line-too-long = the line is { $size } bytes long, more than an entry can take
format-bad-line = the line is not an export line ({ $reason })
format-bad-base64 = the line's entry is not base64
format-line-seq-mismatch = the line says seq { $line } but its entry is seq { $entry }
format-line-hash-mismatch = the line's hash is not the hash of its entry
format-author-is-not-signer = the entry's author is not the signing key

## cercle-core: VerifyError
verify-format = entry { $position }: { $error }
verify-rule = entry { $seq } ({ $kind }): { $error }
verify-empty = the ledger is empty: it has no genesis
verify-diverged = the ledger does not extend the one verified before, whose entry { $seq } is { $hash }: { $reason }
verify-worker = entries from { $position } on were not checked: a verification thread failed (a bug in cercle)
verify-checkpoint = checkpoint { $index } (seq { $seq }, hash { $hash }) is not held by this ledger: { $reason }

## cercle-core: what the command line reads (amounts, quorums, ids, names, texts, words)
amount-empty = an amount is required (e.g. 350 or 1 234,50)
amount-not-a-number = "{ $text }" is not an amount: write euros with at most 2 decimals, e.g. 350, 1234.50 or 1 234,50
amount-negative = "{ $text }" is negative: amounts are strictly positive
amount-zero = "{ $text }" is zero: amounts are strictly positive
amount-too-many-decimals = "{ $text }" has more than 2 decimals: amounts are in euros and cents
amount-too-large = "{ $text }" is too large: at most 1 000 000 000,00 euros
quorum-invalid = "{ $text }" is not a quorum: write a fraction between 0 and 1, e.g. 1/2, 0.5 or 50%
id-invalid = "{ $text }" is not { $what } id: write { $prefix } followed by a number, e.g. { $prefix }1
member-name-invalid = "{ $name }" is not a member name: use 1 to 64 letters of the Latin alphabet (accents included), digits, '-', '_' or '.'
text-empty = the { $field } is empty
text-too-long = the { $field } is too long: at most { $max } characters
text-control = the { $field } holds a control character (newline, tab…)
text-padded = the { $field } starts or ends with spaces
text-not-a-file-name = the { $field } must be a file's name alone, without a folder (no / nor \, not . nor ..)
text-invisible = the { $field } holds U+{ $code }, a character that is invisible or turns the text's direction (it makes a text read otherwise than it is)
word-invalid = "{ $word }" is not a { $what }: use { $expected }
hex-invalid = "{ $text }" is not a 64-character hex string

## cercle-core: CheckpointError
checkpoint-malformed = not a cercle checkpoint note: { $reason }
checkpoint-bad-signature = the checkpoint is not signed by the circle's support key
checkpoint-wrong-circle = the checkpoint is for circle { $found }, not this circle ({ $expected })
checkpoint-too-long = the note is { $size } bytes long, more than the { $max } bytes a checkpoint note may have
checkpoint-control-character = the note holds a control character other than a newline (C2SP signed notes may not)
checkpoint-no-signature-block = the note does not end with a blank line followed by signature lines, each ending in a newline
checkpoint-bad-signature-line = signature line { $line } of the note { $reason }
checkpoint-too-many-signatures = the note has { $count } signature lines, more than the { $max } allowed
checkpoint-duplicate-signature = the note has two signatures by the same key { $key }
checkpoint-invalid-signature = the signature by the known key { $key } does not verify: the note was altered or signed by another key
checkpoint-no-known-signature = no signature on the note is by a known key
checkpoint-bad-key-name = the key name { $name } is empty or holds a space, a plus sign or a control character
checkpoint-bad-vkey = not a C2SP ed25519 verifier key (<name>+<key id, 8 hex>+<base64 of 0x01 and the key>): { $reason }
checkpoint-already-signed = the note is already signed by { $key }

## cercle-core: ProofError (Merkle proofs)
proof-index-out-of-range = leaf { $index } is not in a tree of { $size } leaves
proof-size-out-of-range = a tree of { $size } leaves was asked for, but only { $available } leaf hashes were given
proof-old-size-greater = the old tree has { $old } leaves, more than the new tree's { $new }
proof-too-long = the proof has { $count } hashes, more than the { $max } allowed
proof-wrong-length = the proof has { $found } hashes, but these tree sizes call for { $expected }
proof-root-mismatch = the proof does not lead from this leaf at index { $index } to this root of a tree of { $size } leaves
proof-old-root-mismatch = the consistency proof does not lead to the old root (tree of { $size } leaves)
proof-new-root-mismatch = the consistency proof does not lead to the new root (tree of { $size } leaves)
proof-different-roots = the two roots of trees of { $size } leaves differ
proof-not-a-subtree = leaves { $start }..{ $end } are not a subtree (a non-empty power of two of leaves, starting at a multiple of it)
proof-malformed-frontier = a frontier of { $size } leaves has { $hashes } hashes, not one per set bit of its size
proof-tree-full = the tree already holds { $size } leaves, the most a tree may hold

## cercle-store: StoreError and KeystoreError (said by the CLI's failure.rs: cercle-render
## does not depend on cercle-store)
store-missing = there is no ledger at { $path }
store-not-a-ledger = { $path } is not a cercle ledger
store-already-exists = { $path } already exists and is not empty: a new ledger needs a new directory
store-locked = the ledger at { $path } is open in another cercle process
store-busy = the ledger at { $path } is still busy with another cercle process after { $seconds } s
store-damaged = the ledger at { $path } is damaged: { $reason }
store-published = the published ledger at { $path } does not hold: { $reason }
store-unknown = the ledger at { $path } could not be written ({ $cause }), and whether entry { $seq } was recorded is unknown
store-io = the ledger at { $path } could not be read or written: { $cause }
key-bad-name = "{ $name }" is not a key name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'
key-no-such-key = there is no key named { $name } in { $dir }
key-exists = a key named { $name } already exists
key-bad-file = { $path } is not a cercle key file
key-empty = { $path } is empty, so it holds no key (its writing was cut short, e.g. by a full disk): remove it, then create the key again
key-not-created = could not write the key { $name } in { $dir }: { $cause }; nothing of it was kept, so the same command can be retried once this is fixed
key-exposed = the key file { $path } can be { $exposed } by other users (mode { $mode }); only you may { $verb } it
key-not-yours = the key file { $path } belongs to another user (uid { $owner }), not to you (uid { $uid }); only a key file of your own is used
key-link-outside = the key file { $link } is a link to { $target }, outside the keystore { $dir }; a key must be in the keystore itself
key-dir-exposed = the keystore directory { $dir } can be written by other users (mode { $mode }), who could replace its keys
key-dir-not-yours = the keystore directory { $dir } belongs to another user (uid { $owner }), who could replace its keys; it must be yours (uid { $uid }) or root's
key-io = the keystore at { $path } could not be read or written: { $cause }
key-no-passphrase = the key { $name } is protected by a passphrase, and { $why }
key-wrong-passphrase = the passphrase does not open the key { $name }
key-bad-export = { $path } is not a cercle key export that this passphrase opens

## cercle-store: Damage, why a ledger is damaged (the end of store-damaged, and what
## `cercle repair` set aside), and PublishedDamage, what does not hold in a published folder
## (the end of store-published); said by the CLI's error.rs
damage-poisoned = an earlier write through this handle could not be undone; open it again
damage-tree-disagrees = its Merkle tree disagrees with itself ({ $error })
damage-tree-hash-missing = its Merkle tree has no hash at level { $level }, { $n }
damage-tree-cut-short-at = its Merkle tree is cut short at level { $level }, { $n }
damage-tree-too-short = its Merkle tree has fewer hashes than its entries give
damage-tree-cut-short = its Merkle tree is cut short
damage-tree-differs = its Merkle tree differs from its entries at stored hash { $index } (leaf { $leaf }); `cercle repair` rebuilds it
damage-frontier-differs = its stored Merkle frontier differs from what its entries give
damage-note-not-text = its checkpoint note is not UTF-8 text
damage-entry-not-leaf = entry { $seq } differs from its leaf in the Merkle tree
damage-entry-not-intact = entry { $seq } (at byte { $offset } of its entries) is not intact; entries 0 to { $last } are; `cercle repair` keeps them and sets the rest aside
damage-state-differs = its stored state differs from what its entries give
damage-history-differs = its stored history differs from what its entries give
damage-unknown-format = it is in the format { $format }, which this version of cercle does not know
damage-entries-missing = its file of entries is missing
damage-no-entry = it holds no entry
damage-entries-cut-short = entries acknowledged earlier are missing: it holds { $bytes } bytes of entries, but entry { $head } (the last acknowledged) ended at byte { $end }; `cercle repair` keeps the intact entries and sets the rest aside
damage-head-moved = entry { $head } (the last acknowledged, hash { $hash }) is no longer where it was written; `cercle repair` keeps the intact entries and sets the rest aside
damage-record-not-intact = the entry at byte { $offset } of its entries is not intact, and more follows it; `cercle repair` keeps the intact entries before it and sets the rest aside
damage-unreadable-after-state = entry { $seq }, after the last one its state knows, cannot be read ({ $error }); `cercle repair` sets it aside
damage-refused-after-state = entry { $seq }, after the last one its state knows, is refused ({ $error }); `cercle repair` sets it aside
damage-record-after-state-not-intact = the record at byte { $offset } of its entries, after entry { $last }, is not intact and more follows it; `cercle repair` keeps entries 0 to { $last } and sets the rest aside
damage-history-unreadable = its history cannot be read ({ $error })
damage-history-not-intact = its history is not intact at byte { $offset }; any command that writes rebuilds it after `cercle repair`
damage-nothing-intact = not even its first entry is intact: restore it from an export or a backup
damage-entry-unreadable = entry { $seq } is refused: { $error }
damage-entry-refused = entry { $seq } is refused: { $error }
damage-entry-cut = entry { $seq } (at byte { $offset }) is not intact
damage-import-unfinished = an import into it did not finish; remove the directory and import again
damage-chunk-truncated = a truncated chunk in its archive
damage-chunk-malformed = a malformed chunk
damage-tail-key-malformed = a malformed key in its tail
damage-entry-missing = entry { $seq } is missing (the next stored is { $next })
published-damage-checkpoint-not-text = its checkpoint is not UTF-8 text
published-damage-checkpoint-unreadable = its checkpoint cannot be read: { $error }
published-damage-not-a-tree-checkpoint = its checkpoint is not a tree checkpoint
published-damage-checkpoint = { $error }
published-damage-root-differs = the Merkle root of its { $size } entries is not its checkpoint's: an entry was changed, added or removed
published-damage-bundle-empty = a bundle is empty
published-damage-head-differs = its checkpoint names { $named } as the hash of its last entry #{ $seq }, which is { $found }
published-damage-no-node = its tree of { $size } entries has no node { $n } at level { $level }
published-damage-tile-size = { $tile } holds { $bytes } bytes, not { $expected }
published-damage-bundle-cut-short = { $bundle } is cut short at entry #{ $seq }
published-damage-bundle-too-long = { $bundle } holds more than its { $width } entries
published-damage-not-signed-by-keeper = its checkpoint is signed neither by the circle's support key nor by a current soucieux as its keeper: { $error }
published-damage-no-genesis = its first entry is not a genesis
published-damage-no-support-key = its circle names no support key, so its checkpoint cannot be checked
published-damage-other-circle = its checkpoint is of another circle than its first entry
published-damage-support-signature-wrong = its checkpoint's support signature is wrong: { $error }
published-damage-too-large = it is { $bytes } bytes, more than it can be ({ $max })

## cercle-store: StoreNote, what a store noticed and repaired by itself, or could not do but
## that costs nothing (the end of store-note); said by the CLI's error.rs
store-note-state-cut-short = its derived state is cut short: rebuilt it from the entries
store-note-state-of-another-version = its derived state was written by another version of cercle: rebuilt it from the entries
store-note-state-checksum-differs = its derived state is damaged (its checksum differs): rebuilt it from the entries
store-note-state-unreadable = its derived state cannot be read ({ $error }): rebuilt it from the entries
store-note-state-missing = its derived state is missing: rebuilt it from the entries
store-note-state-no-head = its derived state has no head: rebuilt it from the entries
store-note-frontier-differs = its Merkle frontier does not match its entries: rebuilt it from the entries
store-note-derived-cut-short = its history or its Merkle tree is shorter than its state says: rebuilt it from the entries
store-note-torn-append = { $bytes } bytes at the end of its entries are an append that was interrupted before it was acknowledged (entry { $seq } was never recorded); the next command that writes will cut them
store-note-torn-append-cut = { $bytes } bytes at the end of its entries are an append that was interrupted before it was acknowledged (entry { $seq } was never recorded): cut them
store-note-end-not-cut = could not cut the end of its { $file } file; it is ignored
# How store-note-*-not-saved start ($what): after the handle's own append, or after opening.
store-note-derived-after-append = the entry is recorded, but its derived
store-note-derived-after-open = the ledger's entries are intact, but its derived
store-note-tree-not-saved = { $what } Merkle tree could not be saved ({ $error }); the next command that writes will bring it up to date
store-note-history-not-saved = { $what } history could not be saved ({ $error }); the next command that writes will bring it up to date
store-note-state-not-saved = { $what } state could not be saved ({ $error }); the next command that writes will bring it up to date
store-note-earlier-format = this ledger is in the format of an earlier cercle (sled); the next command that writes to it converts it

## cercle-store: WitnessError, a witness file that cannot be read or written, and
## WitnessDamage, why it is damaged (the end of witness-file-damaged); said by the CLI's error.rs
witness-file-io = the witness file { $path } could not be read or written: { $cause }
witness-file-damaged = the witness file { $path } is damaged: { $reason } (remove it to audit this circle from scratch)
witness-damage-not-a-record = it is not a cercle witness record
witness-damage-no-header = it has no header
witness-damage-header-unreadable = its header does not decode
witness-damage-other-circle = it holds another circle
witness-damage-state-unreadable = its state does not decode
witness-damage-state-disagrees = its state disagrees with its header
witness-damage-no-circle = its state holds no circle
witness-damage-history-unreadable = its history does not decode
witness-damage-missing = it is missing
witness-damage-shorter-than-record = it is shorter than its record says
witness-damage-frame-cut = a frame is cut
witness-damage-hashes-differ = its hashes do not match its record
witness-damage-no-state = the record could not be encoded: it holds no state
witness-damage-history-too-large = the record could not be encoded: a history too large
witness-damage-not-encoded = the record could not be encoded: { $error }
