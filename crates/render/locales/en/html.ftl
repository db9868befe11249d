# html messages (en)
# The words of the HTML pages (report, audit, statement); the tables' headings are the col-*
# messages of report.ftl.
html-report-title = { $circle } — budget report
html-audit-title = cercle — audit
html-audit-heading = Audit of { $count } { $plural ->
        [one] circle
       *[other] circles
    }
html-audit-summary = { $verified } verified, { $failed } failed verification. Region totals add up verified circles only.
html-audit-covers = Covers { $first } to { $last } (the first and last entries of the verified circles).
html-audit-covers-none = Covers no period: no circle verified.
html-audit-made = { $period } Made on { $date } at { $time } UTC.
html-verification-failed = Verification failed.
html-verified = verified
html-not-verified = NOT verified
html-section-circles = Circles
html-section-funders-region = Funders (region)
html-section-roles-region = Roles (region)
html-circle-line = { $territory } · { $status } · founded { $founded } · head #{ $seq } on { $date }
html-circle-hash = circle { $id } · head { $hash }
html-chart-circles = Per circle: received, committed, paid
html-chart-circles-short = Per circle
html-chart-actions = Per action: envelope, committed, paid
html-chart-actions-short = Per action
html-chart-time = Funds received and paid over time (cumulative)
html-chart-time-short = Over time
html-chart-members = Retributions paid per member
html-chart-members-short = Per member
html-findings = Findings ({ $count })
html-none = None.
html-payouts-not-read = The payouts were not read by this audit.
html-supplier = { $supplier } (supplier)
html-total = total
html-footer = Made by cercle from the signed ledger; no outside asset.
chart-envelope = envelope
chart-committed = committed
chart-paid = paid
chart-received = received
chart-nothing-yet = nothing to show yet
chart-no-money-yet = no money in or out yet
chart-first-drawn = The first { $shown } of { $all } are drawn; the table lists them all.
chart-outside-period = { $count } { $plural ->
        [one] month
       *[other] months
    } of money in or out dated outside the ledger's period ({ $from } to { $to }) { $plural ->
        [one] is
       *[other] are
    } drawn at its nearest edge: { $months }.
statement-html-col-date = Date
statement-html-col-line = Line
statement-html-col-action = Action
statement-html-col-payee = Payee
statement-html-col-purpose = Purpose
statement-html-col-amount = Amount
statement-html-col-transfer = Transfer
statement-html-col-receipt = Receipt (SHA-256)
statement-html-col-adopted = Adopted
statement-html-of = of { $paid }
statement-html-outside = outside the period
statement-html-none = none
statement-html-adopted = { $meeting }, { $date } ({ $votes })
statement-html-outside-period = Outside the period (not eligible)
statement-html-footer = Made by cercle from the signed ledger: every line can be checked against the entry it names.
