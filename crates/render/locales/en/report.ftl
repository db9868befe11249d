# report messages (en)
# The words of the terminal report, the statement, the agreements, the audit's table, the
# findings and the headings of the French CSVs. Amounts arrive formatted (1 234,50 €).

## Cercle's own words (statuses, kinds, roles, outcomes), as shown in tables.
word-emerging = emerging
word-active = active
word-majority = majority
word-two-thirds = two-thirds
word-consent = consent
word-soucieux = soucieux
word-contributor = contributor
word-participant = participant
word-action = action
word-spend = spend
word-retribution = retribution
word-expense = expense
word-pending = pending
word-adopted = adopted
word-rejected = rejected
word-withdrawn = withdrawn
word-closed = closed
word-no-quorum = no-quorum
word-vote = vote
word-insufficient-funds = insufficient-funds
word-over-envelope = over-envelope
word-open = open
word-error = error
word-warning = warning
word-info = info
word-total = total
word-funder = funder
word-proposal = proposal
word-governance = governance
word-payout = payout
word-yes = yes
word-no = no
word-eligible = eligible
word-outside-period = outside-period
word-funder-share = funder-share
word-for = for
word-against = against
word-abstain = abstain
# The votes cast on a proposal ($abstain_plural: one or other; English says the vote's word,
# the same for any count, French `abstentions` from two).
tally = { $for } for, { $against } against, { $abstain } { $abstain_plural ->
       *[other] abstain
    }

# The settings of a governance proposal (as Setting::describe says them).
setting-quorum = quorum { $quorum }
setting-threshold = threshold { $threshold }
setting-recusal-on = recusal on
setting-recusal-off = recusal off
setting-four-eyes-none = no four-eyes threshold
setting-four-eyes = four eyes above { $amount }
setting-proxies-on = proxies allowed
setting-proxies-off = proxies not allowed
setting-name = name "{ $name }"
setting-territory = territory "{ $territory }"

## The report (cercle report).
report-circle-id = circle { $id }
report-founded = founded { $founded }, head #{ $seq } on { $date } ({ $hash })
report-governance = governance: quorum { $quorum }, threshold { $threshold }, { $recusal }
report-recusal-on = recusal on
report-recusal-off = recusal off
report-support-none = support team: none
report-support-never = support team: key set, never checkpointed
report-support-last = support team: last checkpoint at #{ $seq } on { $date }
report-as-of = as of the end of { $day }: the books replayed from the entries recorded up to that day
report-section-period = Period
report-section-totals = Totals
report-section-funders = Funders
report-section-agreements = Agreements
report-section-actions = Actions
report-section-proposals = Proposals
report-section-members = Members
report-section-meetings = Meetings
report-none = (none)
report-period-span = from { $from } to { $to }
report-period-start = the start
report-period-today = today
report-period-receipts = ({ $count } { $plural ->
        [one] receipt
       *[other] receipts
    }, by the day recorded)
report-period-payouts = ({ $count } { $plural ->
        [one] payout
       *[other] payouts
    }, by the day paid)
report-period-meetings = meetings closed { $meetings }, proposals adopted { $adopted }
report-received = received
report-committed = committed
report-paid = paid
report-available = available
report-member-left = { $role } (left)
report-by-proxy = +{ $count } by proxy
span-dates = { $from } to { $to }

## Column headings of the terminal tables.
col-meeting = meeting
col-settings = settings
col-correction = correction
col-before = before
col-after = after
col-reason = reason
col-countersigned = countersigned
col-source = source
col-origin = source
col-received = received
col-id = id
col-title = title
col-envelope = envelope
col-committed = committed
col-paid = paid
col-remaining = remaining
col-kind = kind
col-action = action
col-status = status
col-amount = amount
col-payee-title = payee / title
col-decided = decided
col-name = name
col-role = role
col-date = date
col-present = present
col-proposal = proposal
col-outcome = outcome
col-for = for
col-against = against
col-abstain = abstain
col-line = line
col-payee = payee
col-purpose = purpose
col-ref = ref
col-receipt = receipt
col-adopted = adopted
col-agreement = agreement
col-funder = funder
col-period = period
col-rate = rate
col-awarded = awarded
col-eligible-spent = eligible spent
col-outside-period = outside period

## The expense statement (cercle statement).
statement-title = Expense statement — { $reference }
statement-circle = Circle
statement-agreement = Agreement
statement-awarded = Awarded
statement-rate = Co-financing rate
statement-rate-none = none (100 %)
statement-period = Eligibility period
statement-actions = Actions financed
statement-actions-all = all
statement-received = Received so far
statement-listed = Payouts listed
statement-listed-value = paid from { $from } to { $to }
statement-made-from = Made from
statement-made-from-value = ledger { $id } at entry { $seq } ({ $date }), hash { $hash }
statement-checkpoint = Checkpoint
statement-checkpoint-value = entry { $seq } ({ $date }), hash { $hash }
statement-checkpoint-none = none yet (the support team has not checkpointed this ledger)
statement-part-of = { $amount } of { $paid }
statement-outside = (outside the period)
statement-no-receipt = (none)
statement-adopted = { $meeting } on { $date } ({ $votes })
statement-payouts = Payouts
statement-none-in-period = (none in this period)
statement-eligible = Eligible spending
statement-outside-period = Outside the period
statement-not-eligible = (not eligible)
statement-funder-share = Funder's share
statement-lines = Lines
statement-lines-value = { $lines } ({ $without } without a receipt)

## Headings of the French CSVs (--format csv-fr); the standard CSV keeps its column names.
csv-statement-record = record
csv-statement-seq = seq
csv-statement-date = date
csv-statement-proposal = proposal
csv-statement-action = action
csv-statement-kind = kind
csv-statement-payee = payee
csv-statement-purpose = purpose
csv-statement-paid = paid
csv-statement-amount = amount
csv-statement-eligible = eligible
csv-statement-ref = ref
csv-statement-receipt = receipt
csv-statement-receipt_sha256 = receipt_sha256
csv-statement-meeting = meeting
csv-statement-adopted = adopted
csv-statement-votes = votes
csv-report-circle = circle
csv-report-record = record
csv-report-id = id
csv-report-action = action
csv-report-status = status
csv-report-kind = kind
csv-report-party = party
csv-report-description = description
csv-report-date = date
csv-report-amount = amount
csv-report-committed = committed
csv-report-paid = paid
csv-report-released = released
csv-report-available = available

## More column headings (the audit's tables, the HTML pages).
col-circle = circle
col-verified = verified
col-head = head
col-available = available
col-findings = findings
col-circles = circles
col-members = members
col-severity = severity
col-entry = entry
col-message = message
col-problem = problem
col-note = note
col-held = held
col-date-paid = date paid
col-payee-or-supplier = payee or supplier
col-reference = reference
col-outcomes = outcomes (for–against–abstain)

## The audit (cercle audit).
audit-heading = Audit of { $count } circle(s): { $verified } verified, { $failed } failed
audit-section-circles = Circles
audit-section-totals = Region totals (verified circles)
audit-section-roles = Roles
audit-section-findings = Findings
audit-section-problems = Problems
audit-region = (region)
audit-yes = yes
audit-no = NO
audit-notes-title = Checkpoint notes
audit-notes-none = no checkpoint notes were given (--checkpoints DIR): a truncation or rewrite before a signed head cannot be caught
audit-notes-summary = Checkpoint notes: { $notes } { $plural ->
        [one] note
       *[other] notes
    } in { $dir }, { $checked } checked against a circle, { $unmatched } matching no circle
audit-held-yes = yes
audit-held-bad-signature = NO: its signature does not verify
audit-held-no = NO
audit-held-unchecked = not checked: verification failed before it
audit-unmatched-unreadable = could not be read
audit-unmatched-other = for circle { $circle }, not in this audit
audit-unmatched-not-a-note = not a checkpoint note
audit-table-no-circle = (no circle)
audit-witness-title = Witness: { $dir }
audit-witness-summary = { $records } { $records_plural ->
        [one] record
       *[other] records
    } before this audit; { $missing } witnessed { $missing_plural ->
        [one] circle
       *[other] circles
    } missing from it{ $allowed ->
        [yes] { " (allowed)" }
       *[no] {""}
    }, { $replaced } replaced by another genesis, { $unreadable } { $unreadable_plural ->
        [one] record
       *[other] records
    } unreadable

## Findings: one sentence each (English is also the JSON's "message").
finding-list-more = { $shown } and { $more } more
finding-four-eyes = the payout #{ $target } of { $amount } is above the circle's four-eyes threshold
finding-fund-corrected = the fund receipt #{ $target } was corrected from { $before_amount } ({ $before_source }, ref. { $before_reference }) to { $amount } ({ $source }, ref. { $reference })
finding-payout-reversed = the payout #{ $target } of { $amount } was reversed
finding-correction = { $what } by { $author }, countersigned by { $by } at #{ $at }: "{ $reason }"
finding-correction-pending = { $what } by { $author }, NOT countersigned yet (it does not count): "{ $reason }"
finding-what-payout = payout
finding-what-fund = fund receipt
finding-duplicate-reference = the { $what } #{ $seq } uses the reference { $reference } again (first at #{ $first }), said to be meant
finding-line-open = spend line { $id } adopted on { $adopted } is still open { $days } days later: { $unpaid } of { $amount } unpaid; pay it or close it
finding-gap-between = no regulation meeting for { $days } days, between { $previous } on { $previous_date } and { $meeting } on { $date }
finding-gap-from-founding = no regulation meeting for { $days } days, from the founding on { $founded } to { $meeting } on { $date }
finding-gap-since-last = no regulation meeting for { $days } days, since { $meeting } on { $date } (head on { $head })
finding-gap-never = no regulation meeting in { $days } days since the founding on { $founded } (head on { $head })
finding-bare-quorum = { $meeting } on { $date } adopted { $adopted } with a bare quorum: { $present } present of { $voting } voting (quorum { $quorum })
finding-no-funds-pending = available funds are 0,00 € while { $count } { $plural ->
        [one] spend line is
       *[other] spend lines are
    } pending ({ $pending }): none can be adopted before funds are received or lines are closed
finding-envelope-used = action { $action } "{ $title }" has used its whole envelope of { $envelope } ({ $paid } paid, { $committed } committed): a new spend line needs a new action
finding-no-support-team = the circle has no support team key: its ledger cannot be checkpointed
finding-checkpoint-on = on { $date }
finding-checkpoint-note = note { $file }
finding-never-checkpointed = never checkpointed by the support team ({ $entries } entries, head #{ $head }): no checkpoint entry in its ledger, and no checkpoint note of it was given
finding-checkpoint-behind = the last checkpoint (#{ $seq } { $what }) is { $behind } entries behind the head (#{ $head }); the support team should checkpoint again
finding-witness-unreadable = { $problem }: whether circle { $circle } is missing from this audit cannot be told
finding-note-unreadable = the checkpoint note { $file } could not be read ({ $reason }): which circle it is for cannot be told
finding-unknown-error = unknown error
finding-note-other-circle = the checkpoint note { $file } is for circle { $circle }, which is not in this audit: is a circle missing, or was it replaced by another genesis?
finding-not-a-note = { $file } is not a checkpoint note ({ $reason }), so it was checked against no circle
finding-no-circle-line = no cercle/<circle id> line
finding-who-name-territory = { $name } ({ $territory }), circle { $circle }
finding-who-name = { $name }, circle { $circle }
finding-who = circle { $circle }
finding-witnessed = { $who }, witnessed at head #{ $seq } on { $at }, is not in this audit
finding-same-name-territory = name and territory
finding-same-name = name
finding-same-territory = territory
finding-circle-replaced = { $witnessed }, but { $source } holds a circle with the same { $same } and another genesis (circle { $circle }): the witnessed ledger was replaced by a new one
finding-circle-missing-allowed = { $witnessed } (allowed by --allow-missing)
finding-circle-missing = { $witnessed }: give its ledger or export, or pass --allow-missing if it is left out on purpose

# The key replacements (table.rs, key_history)
report-section-governance = Settings changed
report-section-corrections = Corrections
report-correction-fund = correction of fund receipt #{ $target }
report-correction-reversal = reversal of payout #{ $target }
report-correction-four-eyes = payout #{ $target } above the four-eyes threshold
report-countersigned = #{ $seq } by { $by }
report-section-key-history = Key history
report-key-counts-from = from #{ $seq } on { $date }
report-key-waiting = waiting for a countersignature
report-key-line = { $old }… → { $new }…  asked #{ $requested }, { $when }, signed by { $signers }
