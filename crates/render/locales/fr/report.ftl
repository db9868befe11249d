# report messages (fr)
# Les mots du rapport en terminal, de l'état récapitulatif, des conventions, du tableau de
# l'audit, des constats et des en-têtes des CSV français. Les montants arrivent formatés
# (1 234,50 €).

## Les mots de cercle (statuts, natures, rôles, issues), tels que les tableaux les montrent.
word-emerging = en émergence
word-active = actif
word-majority = majorité
word-two-thirds = deux tiers
word-consent = consentement
word-soucieux = soucieux
word-contributor = contributeur·rice
word-participant = participant·e
word-action = action
word-spend = dépense
word-retribution = rétribution
word-expense = dépense
word-pending = en attente
word-adopted = adoptée
word-rejected = rejetée
word-withdrawn = retirée
word-closed = close
word-no-quorum = sans quorum
word-vote = vote
word-insufficient-funds = fonds insuffisants
word-over-envelope = enveloppe dépassée
word-open = ouverte
word-error = erreur
word-warning = attention
word-info = info
word-total = total
word-funder = financeur
word-proposal = proposition
word-governance = gouvernance
word-payout = versement
word-yes = oui
word-no = non
word-eligible = éligible
word-outside-period = hors période
word-funder-share = part du financeur
word-for = pour
word-against = contre
word-abstain = abstention
# Les votes sur une proposition ($abstain_plural : one ou other).
tally = { $for } pour, { $against } contre, { $abstain } { $abstain_plural ->
        [one] abstention
       *[other] abstentions
    }

# Les réglages d'une proposition de gouvernance.
setting-quorum = le quorum { $quorum }
setting-threshold = le seuil { $threshold }
setting-recusal-on = le déport activé
setting-recusal-off = le déport désactivé
setting-four-eyes-none = aucun seuil de double signature
setting-four-eyes = la double signature au-delà de { $amount }
setting-proxies-on = les pouvoirs autorisés
setting-proxies-off = les pouvoirs interdits
setting-name = le nom « { $name } »
setting-territory = le territoire « { $territory } »

## Le rapport (cercle report).
report-circle-id = cercle { $id }
report-founded = fondé le { $founded }, tête n° { $seq } du { $date } ({ $hash })
report-governance = gouvernance : quorum { $quorum }, seuil { $threshold }, { $recusal }
report-recusal-on = déport des intéressés
report-recusal-off = sans déport des intéressés
report-support-none = équipe d'appui : aucune
report-support-never = équipe d'appui : clé enregistrée, aucun point de contrôle
report-support-last = équipe d'appui : dernier point de contrôle à l'écriture n° { $seq } du { $date }
report-as-of = arrêté à la fin du { $day } : les comptes rejoués à partir des écritures enregistrées jusqu'à ce jour
report-section-period = Période
report-section-totals = Totaux
report-section-funders = Financeurs
report-section-agreements = Conventions
report-section-actions = Actions
report-section-proposals = Propositions
report-section-members = Membres
report-section-meetings = Réunions de régulation
report-none = (aucun)
report-period-span = du { $from } au { $to }
report-period-start = début
report-period-today = aujourd'hui
report-period-receipts = ({ $count } { $plural ->
        [one] encaissement
       *[other] encaissements
    }, à la date d'enregistrement)
report-period-payouts = ({ $count } { $plural ->
        [one] versement
       *[other] versements
    }, à la date de paiement)
report-period-meetings = réunions closes : { $meetings }, propositions adoptées : { $adopted }
report-received = reçu
report-committed = engagé
report-paid = versé
report-available = disponible
report-member-left = { $role } (parti·e)
report-by-proxy = +{ $count } par procuration
span-dates = du { $from } au { $to }

## Les en-têtes de colonnes des tableaux.
col-meeting = réunion
col-settings = réglages
col-correction = correction
col-before = avant
col-after = après
col-reason = motif
col-countersigned = contresignée
col-source = financeur
col-origin = registre lu
col-received = reçu
col-id = n°
col-title = intitulé
col-envelope = enveloppe
col-committed = engagé
col-paid = versé
col-remaining = reste
col-kind = nature
col-action = action
col-status = statut
col-amount = montant
col-payee-title = bénéficiaire / intitulé
col-decided = décidée le
col-name = nom
col-role = rôle
col-date = date
col-present = présents
col-proposal = proposition
col-outcome = issue
col-for = pour
col-against = contre
col-abstain = abst.
col-line = ligne
col-payee = bénéficiaire
col-purpose = objet
col-ref = référence
col-receipt = pièce justificative
col-adopted = adoptée
col-agreement = convention
col-funder = financeur
col-period = période
col-rate = taux
col-awarded = accordé
col-eligible-spent = dépenses éligibles
col-outside-period = hors période

## L'état récapitulatif des dépenses (cercle statement).
statement-title = État récapitulatif des dépenses — { $reference }
statement-circle = Cercle
statement-agreement = Convention
statement-awarded = Montant accordé
statement-rate = Taux de cofinancement
statement-rate-none = aucun (100 %)
statement-period = Période d'éligibilité
statement-actions = Actions financées
statement-actions-all = toutes
statement-received = Reçu à ce jour
statement-listed = Versements listés
statement-listed-value = payés du { $from } au { $to }
statement-made-from = Établi à partir du
statement-made-from-value = registre { $id } à l'écriture n° { $seq } ({ $date }), empreinte { $hash }
statement-checkpoint = Point de contrôle
statement-checkpoint-value = écriture n° { $seq } ({ $date }), empreinte { $hash }
statement-checkpoint-none = aucun pour l'instant (l'équipe d'appui n'a pas encore fait de point de contrôle de ce registre)
statement-part-of = { $amount } sur { $paid }
statement-outside = (hors période)
statement-no-receipt = (aucune)
statement-adopted = { $meeting } du { $date } ({ $votes })
statement-payouts = Versements
statement-none-in-period = (aucun sur cette période)
statement-eligible = Dépenses éligibles
statement-outside-period = Hors période
statement-not-eligible = (non éligible)
statement-funder-share = Part du financeur
statement-lines = Lignes
statement-lines-value = { $lines } (dont { $without } sans pièce justificative)

## Les en-têtes des CSV français (--format csv-fr) ; le CSV standard garde ses noms de colonnes.
csv-statement-record = nature
csv-statement-seq = écriture
csv-statement-date = date de versement
csv-statement-proposal = ligne de dépense
csv-statement-action = action
csv-statement-kind = type
csv-statement-payee = bénéficiaire
csv-statement-purpose = objet
csv-statement-paid = versé
csv-statement-amount = part de la convention
csv-statement-eligible = éligible
csv-statement-ref = référence du virement
csv-statement-receipt = pièce justificative
csv-statement-receipt_sha256 = empreinte SHA-256 de la pièce
csv-statement-meeting = réunion
csv-statement-adopted = adoptée le
csv-statement-votes = votes (pour/contre/abstention)
csv-report-circle = cercle
csv-report-record = nature
csv-report-id = n°
csv-report-action = action
csv-report-status = statut
csv-report-kind = type
csv-report-party = tiers
csv-report-description = libellé
csv-report-date = date
csv-report-amount = montant
csv-report-committed = engagé
csv-report-paid = versé
csv-report-released = libéré
csv-report-available = disponible

## D'autres en-têtes de colonnes (tableaux de l'audit, pages HTML).
col-circle = cercle
col-verified = vérifié
col-head = tête
col-available = disponible
col-findings = constats
col-circles = cercles
col-members = membres
col-severity = gravité
col-entry = écriture
col-message = constat
col-problem = problème
col-note = note
col-held = présente au registre
col-date-paid = date de versement
col-payee-or-supplier = bénéficiaire ou fournisseur
col-reference = référence
col-outcomes = issues (pour–contre–abstention)

## L'audit (cercle audit).
audit-heading = Audit de { $count } cercle(s) : { $verified } vérifié(s), { $failed } en échec
audit-section-circles = Cercles
audit-section-totals = Totaux du territoire (cercles vérifiés)
audit-section-roles = Rôles
audit-section-findings = Constats
audit-section-problems = Problèmes
audit-region = (territoire)
audit-yes = oui
audit-no = NON
audit-notes-title = Notes de point de contrôle
audit-notes-none = aucune note de point de contrôle fournie (--checkpoints DIR) : une troncature ou une réécriture antérieure à une tête signée ne peut pas être détectée
audit-notes-summary = Notes de point de contrôle : { $notes } { $plural ->
        [one] note
       *[other] notes
    } dans { $dir }, { $checked } vérifiée(s) par rapport à un cercle, { $unmatched } sans cercle correspondant
audit-held-yes = oui
audit-held-bad-signature = NON : sa signature n'est pas valide
audit-held-no = NON
audit-held-unchecked = non vérifiée : la vérification a échoué avant
audit-unmatched-unreadable = illisible
audit-unmatched-other = pour le cercle { $circle }, absent de cet audit
audit-unmatched-not-a-note = pas une note de point de contrôle
audit-table-no-circle = (aucun cercle)
audit-witness-title = Témoin : { $dir }
audit-witness-summary = { $records } { $records_plural ->
        [one] enregistrement
       *[other] enregistrements
    } avant cet audit ; { $missing } { $missing_plural ->
        [one] cercle attesté absent
       *[other] cercles attestés absents
    } de cet audit{ $allowed ->
        [yes] { " (autorisé)" }
       *[no] {""}
    }, { $replaced } remplacé(s) par une autre genèse, { $unreadable } { $unreadable_plural ->
        [one] enregistrement illisible
       *[other] enregistrements illisibles
    }

## Les constats : une phrase chacun (l'anglais est aussi le « message » du JSON).
finding-list-more = { $shown } et { $more } autres
finding-four-eyes = le versement n° { $target } de { $amount } dépasse le seuil de contre-signature du cercle
finding-fund-corrected = l'encaissement n° { $target } a été corrigé de { $before_amount } ({ $before_source }, réf. { $before_reference }) en { $amount } ({ $source }, réf. { $reference })
finding-payout-reversed = le versement n° { $target } de { $amount } a été annulé
finding-correction = { $what } par { $author }, contre-signé par { $by } à l'écriture n° { $at } : « { $reason } »
finding-correction-pending = { $what } par { $author }, PAS ENCORE contre-signé (sans effet pour l'instant) : « { $reason } »
finding-what-payout = versement
finding-what-fund = encaissement
finding-duplicate-reference = l'écriture n° { $seq } ({ $what }) réutilise la référence { $reference } (déjà à l'écriture n° { $first }), déclaré volontaire
finding-line-open = la ligne de dépense { $id }, adoptée le { $adopted }, est toujours ouverte { $days } jours plus tard : { $unpaid } sur { $amount } non versés ; la payer ou la clore
finding-gap-between = aucune réunion de régulation pendant { $days } jours, entre { $previous } du { $previous_date } et { $meeting } du { $date }
finding-gap-from-founding = aucune réunion de régulation pendant { $days } jours, de la fondation le { $founded } à { $meeting } du { $date }
finding-gap-since-last = aucune réunion de régulation depuis { $days } jours, depuis { $meeting } du { $date } (tête du { $head })
finding-gap-never = aucune réunion de régulation en { $days } jours depuis la fondation le { $founded } (tête du { $head })
finding-bare-quorum = { $meeting } du { $date } a adopté { $adopted } au quorum tout juste atteint : { $present } présents sur { $voting } votants (quorum { $quorum })
finding-no-funds-pending = les fonds disponibles sont de 0,00 € alors que { $count } { $plural ->
        [one] ligne de dépense est en attente
       *[other] lignes de dépense sont en attente
    } ({ $pending }) : aucune ne peut être adoptée avant un nouvel encaissement ou la clôture de lignes
finding-envelope-used = l'action { $action } « { $title } » a consommé toute son enveloppe de { $envelope } ({ $paid } versés, { $committed } engagés) : une nouvelle ligne de dépense demande une nouvelle action
finding-no-support-team = le cercle n'a pas de clé d'équipe d'appui : son registre ne peut pas faire l'objet d'un point de contrôle
finding-checkpoint-on = du { $date }
finding-checkpoint-note = note { $file }
finding-never-checkpointed = aucun point de contrôle de l'équipe d'appui ({ $entries } écritures, tête n° { $head }) : ni écriture de point de contrôle dans le registre, ni note de point de contrôle fournie
finding-checkpoint-behind = le dernier point de contrôle (n° { $seq }, { $what }) a { $behind } écritures de retard sur la tête (n° { $head }) ; l'équipe d'appui devrait en refaire un
finding-witness-unreadable = { $problem } : impossible de dire si le cercle { $circle } manque à cet audit
finding-note-unreadable = la note de point de contrôle { $file } est illisible ({ $reason }) : impossible de dire à quel cercle elle se rapporte
finding-unknown-error = erreur inconnue
finding-note-other-circle = la note de point de contrôle { $file } concerne le cercle { $circle }, absent de cet audit : un cercle manque-t-il, ou a-t-il été remplacé par une autre genèse ?
finding-not-a-note = { $file } n'est pas une note de point de contrôle ({ $reason }) ; elle n'a été vérifiée par rapport à aucun cercle
finding-no-circle-line = pas de ligne cercle/<id du cercle>
finding-who-name-territory = { $name } ({ $territory }), cercle { $circle }
finding-who-name = { $name }, cercle { $circle }
finding-who = cercle { $circle }
finding-witnessed = { $who }, attesté à la tête n° { $seq } le { $at }, est absent de cet audit
finding-same-name-territory = même nom et même territoire
finding-same-name = même nom
finding-same-territory = même territoire
finding-circle-replaced = { $witnessed }, mais { $source } contient un cercle de { $same } issu d'une autre genèse (cercle { $circle }) : le registre attesté a été remplacé par un nouveau
finding-circle-missing-allowed = { $witnessed } (autorisé par --allow-missing)
finding-circle-missing = { $witnessed } : fournir son registre ou son export, ou passer --allow-missing s'il est écarté volontairement

# The key replacements (table.rs, key_history)
report-section-governance = Réglages modifiés
report-section-corrections = Corrections
report-correction-fund = correction de la réception de fonds n° { $target }
report-correction-reversal = annulation du versement n° { $target }
report-correction-four-eyes = versement n° { $target } au-dessus du seuil de double signature
report-countersigned = n° { $seq } par { $by }
report-section-key-history = Historique des clés
report-key-counts-from = à partir de #{ $seq } le { $date }
report-key-waiting = en attente d'une contre-signature
report-key-line = { $old }… → { $new }…  demandée #{ $requested }, { $when }, signée par { $signers }
