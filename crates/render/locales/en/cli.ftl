# cli messages (en)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = error: { $message }
hint-line = hint: { $hint }

# error.rs: how a refusal starts, and the hints that follow the libraries' errors
failure-refused = refused: { $message }
failure-refused-of = refused: { $prefix }: { $message }
failure-verification-failed = verification failed: { $message }
hint-unknown-author = check --as: the key must belong to a current member (cercle member list)
hint-voter-not-present = record your attendance first: cercle meeting attend M…
hint-not-soucieux = sign with a soucieux's key: --as NAME (cercle member list shows the roles)
hint-store-missing = create one with `cercle init`, or point to it with --ledger DIR (or CERCLE_LEDGER)
hint-store-locked = wait for the other command to finish, then retry
hint-store-published = a sync may still be copying it: wait and retry; otherwise the keeper moves the folder's `checkpoint` away and publishes again, which compares every file and names the damaged one
hint-store-busy = retry when the other command has finished, or wait longer with --wait SECS
hint-store-damaged = `cercle repair` keeps the intact entries and sets the damaged files aside; or restore it from an export: cercle import FILE --ledger NEW_DIR
hint-store-unknown = do not simply retry: `cercle log` shows whether entry { $seq } is there once the disk works again
hint-key-no-such-key = create it with `cercle key new NAME`; `cercle key list` shows the keys here
hint-key-exposed = chmod 600 { $path }
hint-key-not-yours = if this key is yours: chown { $uid } { $path } (as root); otherwise create your own with `cercle key new NAME`
hint-key-link-outside = put the key itself in the keystore: mv { $target } { $link }
hint-key-dir-exposed = chmod 700 { $dir }
hint-key-dir-not-yours = chown { $uid } { $dir } (as root), or use a keystore of your own with --keys DIR
# What the command line says besides refusals: notes and warnings on stderr.
note-line = note: { $message }
warning-line = warning: { $message }
# A rule's refusal said of something else (an act an inbox holds, a ledger a keeper ingests).
refused-prefixed = refused: { $prefix }: { $rest }

# context.rs, commands/ (key, init, member, propose, meeting, repair, man…)
to-date-twice = --to YYYY-MM-DD is given twice: a period has one last day
to-dir-twice = --to DIR is given twice: an act is signed into one shared folder
to-not-a-date = --to here is the period's last day, written YYYY-MM-DD, not { $value }
signer-clock-ahead = refused: this command would be dated { $date }, more than a day after this machine's clock ({ $clock }): every later entry would be dated after it
signer-clock-ahead-hint = check the computer's date and time (and CERCLE_NOW, if it is set)
signer-missing = this command signs an entry: say whose key signs it with --as NAME (or CERCLE_AS)
signer-missing-hint = cercle key list shows the keys in this keystore
passphrase-prompt-key = Passphrase of the key { $name }:{" "}
passphrase-none = no passphrase was given: use --passphrase-file FILE (or CERCLE_PASSPHRASE_FILE), or run in a terminal
passphrase-file-unreadable = { $path } could not be read: { $error }
passphrase-file-empty = { $path } holds no passphrase on its first line
passphrase-prompt-new = New passphrase for { $what }:{" "}
passphrase-empty = refused: an empty passphrase protects nothing
passphrase-empty-hint = use --unprotected for a test circle
passphrase-prompt-again = The same passphrase again:{" "}
passphrase-differ = refused: the two passphrases differ; nothing was written
passphrase-unread = the passphrase could not be read from the terminal: { $error }
now-invalid = CERCLE_NOW="{ $text }" is not an RFC 3339 time (e.g. 2024-05-14T18:00:00Z)
keystore-nowhere = no keystore: neither --keys, CERCLE_KEYS, XDG_CONFIG_HOME nor HOME is set
circle-status-recorded = The circle is now { $status }.
proposal-withdrawn = { $proposal } is withdrawn.
vote-recorded = Vote recorded: { $choice } on { $proposal } in { $meeting }.
spend-closed = { $proposal } is closed; { $released } released.
spend-closed-nothing = nothing
envelope-signed = Signed ({ $says }) into { $path }: the keeper's `cercle ingest` sequences it; `cercle sync` shows it in your copy after that.
key-what-key = the key { $name }
key-protected = protected by its passphrase
key-unprotected = unprotected
key-unprotected-no-terminal = unprotected: there was no terminal to ask a passphrase, nor --passphrase-file
key-created = Created key { $name } in { $dir } ({ $how }).
key-what-export = the export of { $name }
key-export-needs-passphrase = refused: an export is encrypted with a passphrase: give one with --passphrase-file FILE, or run in a terminal
key-exported = Wrote the key { $name }, encrypted with the passphrase, to { $path }: `cercle key import` takes it on the other machine.
cli-file-unreadable = could not read { $path }: { $error }
passphrase-prompt-file = Passphrase of { $path }:{" "}
key-import-needs-passphrase = refused: the export is encrypted: give its passphrase with --passphrase-file FILE, or run in a terminal
key-imported = Imported key { $name } into { $dir }.
key-none = No key in { $dir }: create one with `cercle key new NAME`.
cli-refused = refused: { $error }
key-no-randomness = the system gave no randomness for a key: { $error }
circle-created = Created the circle { $circle } in { $path }; { $name } is its first soucieux.
member-key-missing = say the member's key: --key PUBKEY or --key-name KEYNAME
member-added = { $name } joins the circle as { $role }.
member-role-changed = { $name } is now { $role }.
member-left = { $name } has left the circle.
propose-what-action = action "{ $title }" with an envelope of { $envelope }
propose-payee-missing = say whom the line pays: --payee MEMBER or --supplier TEXT
propose-what-spend = spend line of { $amount } on { $action } for { $payee }
propose-switch-invalid = refused: { $what } is { $on } or { $off }, not "{ $value }"
propose-no-setting = say which settings change: --quorum, --threshold, --recusal, --four-eyes, --proxies, --name or --territory
propose-what-governance = change of settings: { $settings }
proposed = Proposed { $id }: { $what }.
meeting-opened = Opened { $id } on { $date } with agenda { $agenda }.
meeting-attended = Attendance recorded at { $meeting }.
meeting-proxy = { $holder } holds your vote at { $meeting }.
meeting-closed = Closed { $meeting }.
meeting-outcome = { $proposal }  { $outcome }  ({ $votes })
meeting-outcome-action = -> action { $action }
man-pages-unwritable = could not write the manual pages into { $dir }: { $error }
man-pages-written = Wrote the manual pages into { $dir }.
man-page-unwritable = could not write the manual page: { $error }
cli-file-unwritable = could not write { $path }: { $error }
ledger-waiting = waiting for another cercle process to finish with { $path } (up to { $secs } s)…
store-note = { $path }: { $text }
repair-waiting = waiting for another cercle process to finish with the ledger…
repair-kept = Kept { $kept } intact entries of { $path }.
repair-cut = { $reason }: cut { $bytes } bytes after entry { $seq }; the files as they were are in { $aside }.
repair-nothing-damaged = Nothing was damaged in its entries; its derived state and history were rebuilt.
seq-invalid = refused: "{ $text }" is not an entry number: write it as cercle log shows it, e.g. 12 or #12
date-invalid = refused: "{ $text }" is not a date: write YYYY-MM-DD, e.g. 2024-05-14

# commands/ (fund, agreement, payout, statement, evidence, correct, countersign)
fund-no-agreement = refused: there is no agreement { $name } to take the source from
fund-no-agreement-hint = declare it first with `cercle agreement add`, or name the source with --source
fund-source-missing = --source is required without --agreement
fund-received = Recorded { $amount } received from { $source } (ref. { $reference }).
fund-received-into = Recorded { $amount } received from { $source } into { $agreement } (ref. { $reference }).
fund-near-duplicate = the source "{ $source }" differs from the existing funder "{ $existing }" only by case, accents or spaces; the report counts them as two funders (write "{ $existing }" to count them as one)
agreement-to-missing = the eligibility period's last day is missing: add --to YYYY-MM-DD
agreement-declared = Declared agreement { $reference } with { $funder }: { $amount } awarded, eligible from { $from } to { $to }.
agreement-declared-rate = Declared agreement { $reference } with { $funder }: { $amount } awarded at { $rate }, eligible from { $from } to { $to }.
agreement-none = No agreement yet (cercle agreement add declares one).
payout-whose = the payout's
payout-not-four-eyes = refused: the payout of { $amount } is not above the circle's four-eyes threshold: it needs no countersignature
payout-not-four-eyes-hint = record it without --countersign
payout-receipt-kept = Kept a copy of the receipt { $name } as { $path }.
payout-receipt-not-kept = the payout is recorded with its receipt's hash, but { $error }; keep the original file
payout-awaits-countersign = Recorded the payout of { $amount } on { $proposal } (#{ $seq }): it is above the circle's four-eyes threshold and counts once a second soucieux or the support team runs `cercle countersign { $seq }`.
payout-paid-to = Paid { $amount } to { $payee } on { $proposal }; { $remaining } remain on the line.
payout-paid = Paid { $amount } on { $proposal }.
evidence-no-receipt = { $proposal } (paid { $date }, ref. { $reference }): no receipt was attached
evidence-receipt-changed = { $proposal } (paid { $date }, ref. { $reference }): the receipt { $name } at { $path } was changed: its SHA-256 is { $found }, the ledger says { $sha256 }
evidence-receipt-missing = { $proposal } (paid { $date }, ref. { $reference }): the receipt { $name } ({ $sha256 }) is in no receipts folder
evidence-missing-heading = Receipts missing or changed:
evidence-written = Wrote { $path }: the statement of { $agreement } ({ $lines } { $lines_plural ->
        [one] line
       *[other] lines
    }, { $eligible } eligible), { $receipts } { $receipts_plural ->
        [one] receipt
       *[other] receipts
    } and their manifest.
evidence-incomplete = incomplete: the bundle is written, but { $count } of the statement's lines lack an intact receipt: { $problems }
evidence-incomplete-hint = { $message } Attach the missing receipts (MANQUANTS.txt in the zip lists them) or point --receipts at the folder holding them.
correct-not-fund = refused: entry { $seq } is not a fund receipt of this ledger
correct-not-fund-hint = cercle log lists the entries with their numbers
correct-what-fund = the fund receipt #{ $seq }: now { $amount } from { $source } (ref. { $reference })
correct-what-payout = the reversal of payout #{ $seq }
correct-recorded = Recorded a correction of { $what } as entry #{ $entry }; it counts once a second signer runs `cercle countersign { $entry }`.
correct-whose = the correction's
corrected = Corrected { $what }, countersigned by { $second }.
countersign-elsewhere = --countersign signs on this machine: with --to DIR, the second signer countersigns { $whose } entry later
countersigned = Countersigned #{ $seq }: it now counts.

# inbox.rs, commands/ingest.rs
inbox-no-checkpoint-envelope = refused: a checkpoint signs the ledger's head, which an envelope does not know: the support team cosigns the published checkpoint instead
inbox-no-checkpoint-envelope-hint = cercle cosign DIR/checkpoint --as KEY (after cercle sync DIR)
inbox-copy-unreadable = refused: an envelope is checked against your copy of the circle's ledger, and { $path } could not be read: { $error }
inbox-copy-unreadable-hint = take the circle's ledger first: cercle sync DIR --ledger YOUR-COPY
inbox-copy-no-circle = your copy of the ledger has no circle yet
inbox-unknown-author-hint = { $name }'s key is not a current member's in your copy: ask a soucieux to add it (cercle key show { $name })
inbox-copy-behind-hint = if your copy is behind the circle's ledger, bring it up to date first: cercle sync DIR
inbox-copy-refuses = your copy of the ledger (up to entry #{ $seq }) refuses this act
inbox-note-kept = kept     { $file }: the support team's checkpoint of { $size } entries
inbox-note-left = left     { $file }: { $why }; it stays in the inbox
inbox-note-refused = refused  { $file }: { $why }
inbox-stays = { $file } stays in the inbox: { $error }
inbox-could-not-be-read = could not be read: { $error }
inbox-note-not-utf8 = is not a checkpoint note: not UTF-8 text
inbox-note-invalid = is not a checkpoint note: { $error }
inbox-note-not-tree = is not a tree checkpoint
inbox-note-no-support-key = the circle names no support key
inbox-note-other-circle = is a checkpoint of another circle
inbox-note-not-support = is not signed by the circle's support key: { $error }
inbox-note-other-history = is not a checkpoint of this ledger's first { $size } entries: another history
inbox-note-not-kept = could not be kept with the ledger: { $error }
inbox-recover-other-circle = refused: { $path } holds another circle than this ledger's: nothing to recover from it
inbox-recovered = Put { $count } envelope(s) of { $path } that this ledger lacks back into the inbox.
inbox-recover-lost = { $count } entries of { $path } were signed by its keeper, not sent as envelopes, and cannot be moved: sign them again ({ $entries }).
inbox-cannot-ingest = { $name } cannot ingest
inbox-not-a-file = is not a file
inbox-too-large = is larger than an envelope may be ({ $max } bytes)
inbox-not-an-envelope = is not an envelope: { $error }
inbox-the-file = the file { $why }
inbox-not-encodable = it cannot be encoded in an entry
inbox-not-decided = not decided
inbox-other-bytes = { $path } exists with other bytes
inbox-not-removed = could not remove it from the inbox: { $error }
inbox-not-moved = could not move it to { $path }: { $error }
inbox-left-unread = { $count } file(s) of the inbox could not be read and stay there: run `cercle ingest` again
inbox-ingested = Ingested { $inbox }: { $sequenced } sequenced, { $already } already in the ledger, { $refused } refused.
inbox-line-already = already  { $author }  { $says }
inbox-line-refused = refused  { $file }: { $why }
inbox-line-left = left     { $file }: { $why }; it stays in the inbox
inbox-refused-kept = { $count } refused envelope(s) are kept in { $path } (each with a .why file saying why).

# output.rs
output-unwritable = could not write the output: { $error }
output-recorded-but = the entry is recorded, but { $error }
output-recorded-json-unwritable = the entry is recorded, but its JSON could not be written: { $error }
output-json-unwritable = could not write JSON: { $error }
output-wrote = Wrote { $path }.

# commands/todo.rs
todo-who = todo says what awaits one member: say who with --as NAME (or CERCLE_AS)
todo-who-hint = NAME is a key of this keystore (cercle key list) or a member's name (cercle member list)
todo-nothing = Nothing awaits { $name } in { $circle }.
todo-heading = What awaits { $name } in { $circle }:
todo-heading-left = What awaits { $name } in { $circle } (who left the circle):
todo-not-voting-member = you are not a voting member of { $meeting }.
todo-present = you are present.
todo-attend-first-command = attend first: cercle meeting attend { $meeting } --as { $who }
todo-open-meeting = Open meeting { $meeting } on { $date }: { $header }
todo-attend-first = attend first
todo-vote = to vote: cercle vote { $meeting } { $proposal } for|against|abstain --as { $who }
todo-voted = voted { $choice }
todo-recused = recused: it pays you
todo-not-voting = not a voting member of { $meeting }
todo-pending = Your pending proposals ({ $count }):
todo-on-no-agenda = on no open meeting's agenda yet
todo-on-agenda = on the agenda of { $meeting }
todo-payable = Spend lines that may still pay you ({ $count }):
todo-remaining = { $amount } remaining
todo-key-of-no-member-named = the key { $key } belongs to no member of { $circle }; this is what awaits the member named { $name }.
todo-key-of-no-member = the key { $key } belongs to no member of { $circle }, and no member is named { $key }
todo-key-of-no-member-hint = cercle member list shows the members and the start of their keys
todo-no-such-key = there is no key { $key } in { $dir } and no member named { $key } in { $circle }
todo-no-such-key-hint = --as NAME takes a key of this keystore (cercle key list) or a member's name (cercle member list)

# source.rs, commands/ (verify, export, import, checkpoint, audit, demo)
audit-nothing-at = there is no ledger or export at { $path }
audit-no-genesis = the ledger has no genesis, so no checkpoint can be checked against it
audit-checkpoint-other-circle = the checkpoint { $path } is for another circle
audit-checkpoint-no-support = the checkpoint { $path } cannot be checked: the circle names no support key
audit-checkpoint-bad = checkpoint { $path }: { $error }
audit-note-too-large = { $path } is too large to be a checkpoint note
audit-note-not-a-note = { $path } is not a checkpoint note
progress-verifying = verifying { $path }
progress-entries = entries
audit-ledger-empty = the ledger is empty
verify-passed = Verified { $name }: { $entries } entries, every signature, the chain and every rule hold; head #{ $seq } { $hash }.
verify-checkpoints-held = The ledger still holds the { $count } checkpointed head(s).
verify-tree-held = Its first { $size } entries have the Merkle root of the tree checkpoint signed by the support team.
audit-no-support-key = the circle names no support key
audit-not-tree = not a tree checkpoint
audit-tree-other-circle = it is for another circle
audit-tree-empty = it checkpoints an empty tree
export-empty = the ledger has no entry to export
audit-no-circle-yet = the ledger has no circle yet
progress-importing = importing { $path }
imported = Imported { $entries } verified entries of { $name } into { $path }.
checkpoint-no-envelope = refused: a checkpoint cannot travel as an envelope
checkpoint-tree-kept = Kept the tree checkpoint of entries #0 to #{ $last } with the ledger: `cercle prove` proves entries against it.
checkpoint-tree-not-kept = the checkpoint entry is recorded, but its tree checkpoint could not be kept ({ $error })
checkpoint-written = Wrote the checkpoint of entry { $seq } to { $path }: keep it apart from the ledger.
checkpoint-not-written = the checkpoint entry is recorded, but { $path } could not be written ({ $error }): keep the note printed below instead
checkpoint-export-no-circle = the export has no circle
checkpoint-export-no-entry = the export has no entry
checkpoint-no-support-key = the circle names no support key: it cannot be checkpointed
checkpoint-not-support-hint = the circle's support key is { $key }
checkpoint-export-written = Wrote the checkpoint of entry { $seq } of { $circle } to { $path }: keep it apart from the ledger.
progress-auditing = auditing
progress-auditing-one = auditing { $nth }/{ $count }: { $path }
audit-csv-fr = the audit's CSV has one form, --format csv; the French CSV is each circle's report: cercle report --format csv-fr
audit-circles-failed = { $failed } of { $count } circles failed verification (see their problems in the report)
audit-errors = { $count } { $plural ->
        [one] finding
       *[other] findings
    } of severity error (see the findings in the report)
audit-witness-undecodable = the witness's history could not be decoded
audit-diverged-witnessed = { $error } (this witness verified it on { $date }; its record is kept as it was)
audit-witnessed = { $label }: entries 0 to { $seq } as verified by this witness on { $date } (checked { $how }); { $count } new entries verified
audit-witnessed-by-proof = by a consistency proof
audit-witnessed-by-hashes = by their hashes
# The witness's error, already in the user's language (witness-file-* in rules.ftl).
audit-witness-failed = { $error }
# A library error with no translation yet (a renderer, serde): said as it is.
render-failed = { $error }
json-failed = { $error }
demo-dir-uncreatable = could not create { $path }: { $error }
progress-generating = generating { $count } circle(s) into { $path }
demo-written = Wrote { $count } circle(s) to { $path } (seed { $seed }):
demo-not-generated = could not generate the demo circle { $slug }: { $error }
demo-key-differs = { $path } already holds a different key named { $name }: generate into another directory
audit-note-file-too-large = too large to be a checkpoint note
audit-note-file-not-utf8 = not UTF-8 text
audit-note-file-no-origin = its first line is neither cercle/<circle id> nor cercle.invalid/<circle id>
audit-given-twice-same = circle { $circle } is given twice: { $second } holds the same { $count } entries as { $first }; give each circle once
audit-given-twice-older = circle { $circle } is given twice: { $shorter } holds the first { $count } entries of { $longer } (an older copy, not a fork); give each circle once
audit-fork = fork: circle { $circle } has two histories, which differ from entry #{ $seq } on: { $first } ends at #{ $first_seq } { $first_hash }, { $second } at #{ $second_seq } { $second_hash }
audit-given-twice-unread = circle { $circle } is already audited from { $first }: give each circle once ({ $error })
audit-no-genesis-no-circle = the ledger has no genesis, so it names no circle
audit-notes-differ = the checkpoint notes { $first } and { $second } sign different heads at entry { $seq }: the circle showed two histories
audit-no-circle = the ledger has no circle
audit-payouts-changed = entry { $seq } read again for the payouts is not the one verified: the ledger changed while it was audited
witness-truncated = this ledger holds only { $size } entries (truncated?)
witness-inconsistent = its Merkle tree of { $size } entries (root { $root }) is not consistent with the tree of { $old_size } entries (root { $old_root }) this witness verified: { $error }
witness-other-entries = its Merkle tree's first { $size } entries are not the ones this witness verified
witness-holds-only = this ledger holds only { $size } entries
witness-root-differs = the Merkle root of the entries it covers differs
witness-not-included = its Merkle tree does not hold that entry there
witness-root-not-entries = its Merkle tree's root is not the one its entries give

# commands/ (prove, check_proof, cosign)
prove-no-checkpoint = refused: this ledger has no tree checkpoint yet, so there is nothing to prove against
prove-no-checkpoint-hint = the support team signs one with `cercle checkpoint --as KEY`
prove-note-bad = the ledger's checkpoint note: { $error }
prove-note-not-tree = the ledger's checkpoint note is not a tree checkpoint
prove-note-mismatch = refused: the ledger's checkpoint note (size { $size }) does not match this ledger's tree
prove-after-checkpoint = refused: entry #{ $seq } came after the latest checkpoint, which covers entries #0 to #{ $last }
prove-after-checkpoint-hint = ask the support team for a new checkpoint: cercle checkpoint --as KEY
prove-no-match = refused: no entry matches "{ $reference }"
prove-bad-reference = refused: "{ $reference }" names no entry: give a position (87), a payout (P2/1) or a vote (M3/P7/karim)
prove-bad-payout-number = refused: "{ $nth }" is not a payout number (1 for the first)
prove-not-member = refused: { $name } is not a member of this circle
prove-no-proposal = refused: there is no proposal { $proposal }
proof-refused-file = refused: { $path }: { $error }
proof-verified = Verified: entry #{ $seq } of { $size } in circle { $circle }, recorded { $date } by key { $author }…: it { $says }.
proof-verified-tree = It is in the tree the checkpoint signed by { $signers } covers (root { $root }).
proof-too-large = refused: { $path } is { $length } bytes, more than a proof can be ({ $max })
proof-not-utf8 = refused: { $path } is not a cercle proof (not UTF-8 text)
proof-bad-vkey = refused: --vkey: { $error }
proof-whose = say whose signature to check: --key SUPPORT_PUBKEY or --vkey VKEY
cosign-not-a-note = refused: { $path } is not a note
cosign-not-tree = refused: { $path } is not a tree checkpoint
cosign-other-circle = refused: { $path } is a checkpoint of another circle than this ledger's
cosign-bad-signer = refused: { $path } is signed neither by the circle's support key nor by its keeper: { $error }
cosign-not-vouched = refused: this ledger's first { $size } entries do not have the note's root: it does not vouch for it
cosign-not-vouched-hint = bring your copy of the ledger up to date (import the circle's published folder), then cosign
cosign-sent = Cosigned the checkpoint of { $size } entries into { $path }: the keeper's `cercle ingest` keeps it with the circle's ledger.

# commands/sync.rs
sync-not-published = { $path } holds no published ledger (a `checkpoint` file and a `tile/` folder): the circle's keeper writes one there with `cercle publish DIR`
sync-took = Took { $circle } from { $path }: { $entries } verified entries into { $ledger }; head #{ $seq } { $hash }.
sync-behind = { $path } publishes { $published } entries of { $circle }, fewer than your ledger's { $entries }, and they are the same: nothing to take (the keeper has not published since).
sync-up-to-date = Your ledger of { $circle } is up to date with { $path }: head #{ $seq } { $hash }.
synced = Synced { $circle } from { $path }: { $new } new entries (#{ $first } to #{ $seq }), verified; head #{ $seq } { $hash }.
progress-taking = taking the ledger from { $path }
sync-published-empty = the published ledger is empty
sync-note-not-kept = the checkpoint was not kept with the ledger: { $error }
sync-no-circle = your ledger has no circle yet
sync-other-circle = { $path } publishes another circle ({ $theirs }…) than your ledger's { $circle } ({ $mine }…): nothing was taken
sync-bad-signer = { $path }'s checkpoint is signed neither by the circle's support team nor by a soucieux of your copy (its keeper): { $error }
sync-empty = your ledger is empty
sync-bundle-changed = { $path }'s entries after #{ $seq } do not give its checkpoint's Merkle root: a bundle was changed; nothing was taken
sync-head-none = none
sync-head-root = #{ $seq } (root { $root })
sync-differ-from = they differ from entry #{ $seq } on
sync-differ-after = your ledger holds entries after #{ $seq } that it does not
sync-fork = { $path } does not extend your ledger: two histories of the circle ({ $differ }); yours ends at { $mine }, the published one (signed by the support team) at { $theirs }. Nothing was taken
sync-fork-hint = if entries were appended to your copy by mistake, take the circle's ledger again: move your ledger away and run `cercle sync DIR`; if the keeper's history changed, tell the support team

# files.rs, tiles.rs, commands/publish.rs
publish-no-entries = no entries to read
publish-ledger-ends = the ledger ends before entry #{ $seq }, which its checkpoint covers
publish-not-leaf = entry #{ $seq } is not the leaf its Merkle tree holds
publish-damaged = refused: the ledger disagrees with itself: { $what }
publish-damaged-hint = `cercle verify` says what is wrong; `cercle repair` rebuilds what is derived
publish-bad-parent = its Merkle tree's hashes at level { $level }, { $first } to { $last }, do not lead to their parent
publish-entry-too-large = refused: entry #{ $seq } is { $length } bytes, more than an entry bundle can hold (65 535)
publish-no-checkpoint = refused: this ledger has no tree checkpoint yet, so there is nothing to publish
publish-no-checkpoint-hint = the keeper publishes the whole ledger with `--as KEEPER`; the support team signs a checkpoint with `cercle checkpoint --as KEY`
publish-note-other-circle = refused: the ledger's checkpoint note is of circle { $theirs }, not of { $name } ({ $mine })
publish-note-bad-signer = refused: the ledger's checkpoint note is signed neither by the support team nor by a current soucieux: { $error }
publish-unpublished = entries #{ $first } to #{ $last } are not published yet: they come after the latest checkpoint (the support team signs a new one with `cercle checkpoint --as KEY`).
published = Published { $size } { $entries_plural ->
        [one] entry
       *[other] entries
    } of { $name } to { $path }: { $new } new { $files_plural ->
        [one] file
       *[other] files
    } (checkpoint of size { $size }).
published-unchanged = Published { $size } { $entries_plural ->
        [one] entry
       *[other] entries
    } of { $name } to { $path }: { $new } new { $files_plural ->
        [one] file
       *[other] files
    } (checkpoint of size { $size }, unchanged).
publish-folder-not-checkpoint = refused: { $path } is not a cercle tree checkpoint: this folder holds something else
publish-folder-other-circle = refused: { $path } is the checkpoint of another circle ({ $theirs }, not { $name } { $mine }): this folder holds another ledger
publish-folder-ahead = refused: { $path } is of size { $size }, larger than this ledger's latest checkpoint ({ $latest }): the folder is ahead of this ledger
publish-folder-ahead-hint = publish from the ledger that made that checkpoint, or bring this one up to date first
publish-folder-fork = refused: { $path } (size { $size }) has another root than this ledger's first { $size } entries: the folder holds a fork of { $name }
publish-not-keeper = refused: { $name } is not a current soucieux of { $circle }: only a soucieux publishes as the circle's keeper
publish-not-keeper-hint = cercle member list shows the roles; without --as, publish writes the support team's latest checkpoint
publish-other-bytes = refused: { $path } exists with other bytes: this folder holds another ledger or was damaged
publish-other-bytes-hint = publish into an empty folder, or restore the folder from a copy (files once published never change)

# describe.rs, context.rs, commands/ (status, proposal, member list, meeting show, log, report)
read-no-circle-at = the ledger at { $path } has no circle yet
read-no-proposal = there is no proposal { $proposal }
read-no-meeting = there is no meeting { $meeting }
report-as-of-and-to = --as-of and --to both say when the books stop: give one
report-period-reversed = refused: the period ends on { $to }, before it begins on { $from }
report-no-replay = the ledger does not replay at entry { $seq }: { $error }
report-no-replay-hint = run `cercle verify`
report-before-circle = refused: the circle did not exist yet on { $day }
status-no-pending = No pending proposal.
status-pending = Pending proposals ({ $count }):
status-open-meeting = Open meeting { $meeting } on { $date }: agenda { $agenda }; { $present } of { $voting } members present.
proposal-none = No proposal yet.
status-circle-line = circle { $id }  entries { $entries }  last { $last }
status-received = received
status-committed = committed
status-paid = paid
status-available = available
status-role-label = { $role }:
proposal-line-governance = governance: { $settings } (by { $author })
proposal-line-action = action "{ $title }", envelope { $envelope }{ $became } (by { $author })
proposal-line-spend = spend on { $action }: { $amount } to { $payee } ({ $kind }), "{ $purpose }" (by { $author }){ $paid }
proposal-line-paid = , paid { $amount }
proposal-proposed = proposed on { $date } by { $author }
proposal-amounts = amount { $amount }  paid { $paid }  released { $released }  remaining { $remaining }
proposal-decided = decided in { $meeting } on { $date }
proposal-last-outcome = last outcome: { $outcome } ({ $votes })
member-list-name = name
member-list-role = role
member-list-paid = paid
member-list-key = key
member-role-left = { $role } (left)
meeting-quorum-needs = {" "}(the quorum of { $quorum } needs { $needed })
meeting-open = open
meeting-closed-state = closed
meeting-heading = { $meeting } on { $date } ({ $state }), opened by { $author }
meeting-present-count = { $present } of { $voting } members present{ $proxies }{ $quorum }
meeting-represented = , { $count } represented by proxy
meeting-present = present: { $names }
meeting-proxy-pair = { $giver } to { $holder }
meeting-proxies = proxies: { $pairs }
meeting-votes-so-far = votes so far: { $votes }
meeting-outcome-tally = { $outcome } ({ $votes })
log-envelope-by = {" "}(envelope, sequenced by { $keeper })
describe-genesis = founds the circle { $name } ({ $territory }), { $status }
describe-member-add = adds { $name } as { $role }
describe-member-role = makes { $name } { $role }
describe-member-leave = records that { $name } left
describe-circle-status = sets the circle { $status }
describe-into-agreement = {" "}into agreement { $agreement }
describe-reference-reused = , a reference used before
describe-fund = records { $amount } received from { $source }{ $into } (ref. { $reference }{ $reused })
describe-fund-correction = corrects the fund receipt #{ $target }: { $amount } from { $source } (ref. { $reference }), because: { $reason } (counts once countersigned)
describe-payout-reversal = reverses the payout #{ $target }, because: { $reason } (counts once countersigned)
describe-countersign = countersigns #{ $target }
describe-member-key = gives { $name } the new key { $key } (counts once countersigned)
describe-support-key = gives the support team the new key { $key }
describe-governance = proposes to change the circle's settings: { $settings }
describe-co-financing = , co-financing { $rate }
describe-all-actions = all actions
describe-agreement = declares agreement { $reference } with { $funder }: { $amount } awarded{ $rate }, { $from } to { $to }, for { $actions }
describe-propose-action = proposes action "{ $title }", envelope { $envelope }
describe-propose-spend = proposes { $amount } on { $action } to { $payee } ({ $kind }): { $purpose }
describe-withdraw = withdraws { $proposal }
describe-meeting-open = opens a meeting on { $date }: { $agenda }
describe-attend = attends { $meeting }
describe-vote = votes { $choice } on { $proposal } in { $meeting }
describe-meeting-close = closes { $meeting }: { $outcomes }
describe-receipt = , receipt { $name }
describe-payout = pays { $amount } on { $proposal } on { $date } (ref. { $reference }{ $reused }{ $receipt })
describe-spend-close = closes spend line { $proposal }
describe-checkpoint = checkpoints the ledger
describe-proxy = gives their vote at { $meeting } to { $holder } (proxy)

# keys.rs, commands/ (member key, circle support-key)
key-new-missing = say the new key: --key PUBKEY or --key-name KEYNAME
member-key-asked = Asked for { $name }'s new key { $key }: it counts once the other side runs `cercle countersign` on it (the support team if a soucieux asked, a soucieux other than { $name } if the support team did).
member-key-whose = the new key's
member-key-counts = { $name } signs with the new key { $key } from now on, countersigned by { $second }; the old key signs nothing more.
support-key-counts = The support team signs with the new key { $key } from now on; the old key signs nothing more.
support-key-asked = Asked for the support team's new key { $key }: it counts once every current soucieux countersigned it (`cercle countersign { $seq }`); still missing: { $missing }.
support-key-countersigned-waits = Countersigned #{ $seq }; the support team's new key still waits for: { $missing }.
member-key-countersigned = Countersigned #{ $seq }: { $holder } signs with the new key { $key } from now on; the old key signs nothing more.

# source.rs: what verify and audit are given
source-directory-not-ledger = { $path } is a directory but not a cercle ledger (no format file) nor a published folder (no checkpoint and tile/)
source-directory-holds-exports = it holds { $count } export file(s): cercle verify { $export }, or all at once: cercle audit { $all }
source-directory-holds-ledgers = it holds { $count } ledger(s) or published folder(s): cercle verify { $ledger }
source-directory-hint = give a ledger directory (cercle init made it), a folder of cercle publish, or an export file (cercle export)
source-unreadable = { $path } could not be read: { $error }
source-empty = { $path } is empty: an export (cercle export) holds one JSON line per entry, from the genesis
source-not-text = it is not text (UTF-8)
source-json-not-object = its first line is JSON but not an object, as an export line is
source-not-json = its first line is not an export line (not JSON: { $error })
source-not-export = { $path } is not a cercle export: { $why }
source-not-export-hint = give an export file (cercle export writes one), a ledger directory or a published folder

# source.rs: notes and the support key of their time
note-key-not-of-its-time = a checkpoint note of entry { $seq } is signed by a support key that was replaced before that entry: a replaced key signs nothing of what came after

## clap's usage errors (exit code 2), said by usage.rs in the user's language; in English, word
## for word what clap says (a test compares them).
usage-conflict-twice = the argument '{ $arg }' cannot be used multiple times
usage-conflict = the argument '{ $arg }' cannot be used with
usage-conflict-subcommand = the subcommand '{ $arg }' cannot be used with
usage-conflict-others = one or more of the other specified arguments
usage-no-equals = equal sign is needed when assigning values to '{ $arg }'
usage-value-missing = a value is required for '{ $arg }' but none was supplied
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
usage-possible-values = [possible values: { $values }]
usage-unknown-subcommand = unrecognized subcommand '{ $name }'
usage-missing-arguments = the following required arguments were not provided:
usage-missing-subcommand = '{ $name }' requires a subcommand but one was not provided
usage-subcommands = [subcommands: { $values }]
usage-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
usage-unknown-argument = unexpected argument '{ $arg }' found
usage-tip = tip: { $tip }
usage-similar-subcommand = { $count ->
        [one] a similar subcommand exists: { $names }
       *[other] some similar subcommands exist: { $names }
    }
usage-similar-argument = { $count ->
        [one] a similar argument exists: { $names }
       *[other] some similar arguments exist: { $names }
    }
usage-similar-value = { $count ->
        [one] a similar value exists: { $names }
       *[other] some similar values exist: { $names }
    }
usage-quoted = '{ $text }'
usage-escape = to pass '{ $arg }' as a value, use '-- { $arg }'
usage-more = For more information, try '{ $flag }'.
