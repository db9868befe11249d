# html messages (fr)
# Les mots des pages HTML (rapport, audit, état récapitulatif) ; les en-têtes des tableaux
# sont les messages col-* de report.ftl.
html-report-title = { $circle } — rapport budgétaire
html-audit-title = cercle — audit
html-audit-heading = Audit de { $count } { $plural ->
        [one] cercle
       *[other] cercles
    }
html-audit-summary = { $verified } vérifié(s), { $failed } en échec de vérification. Les totaux du territoire n'additionnent que les cercles vérifiés.
html-audit-covers = Couvre la période du { $first } au { $last } (première et dernière écritures des cercles vérifiés).
html-audit-covers-none = Ne couvre aucune période : aucun cercle vérifié.
html-audit-made = { $period } Établi le { $date } à { $time } UTC.
html-verification-failed = Échec de la vérification.
html-verified = vérifié
html-not-verified = NON vérifié
html-section-circles = Cercles
html-section-funders-region = Financeurs (territoire)
html-section-roles-region = Rôles (territoire)
html-circle-line = { $territory } · { $status } · fondé le { $founded } · tête n° { $seq } du { $date }
html-circle-hash = cercle { $id } · tête { $hash }
html-chart-circles = Par cercle : reçu, engagé, versé
html-chart-circles-short = Par cercle
html-chart-actions = Par action : enveloppe, engagé, versé
html-chart-actions-short = Par action
html-chart-time = Fonds reçus et versés dans le temps (cumulés)
html-chart-time-short = Dans le temps
html-chart-members = Rétributions versées par membre
html-chart-members-short = Par membre
html-findings = Constats ({ $count })
html-none = Aucun.
html-payouts-not-read = Les versements n'ont pas été lus par cet audit.
html-supplier = { $supplier } (fournisseur)
html-total = total
html-footer = Établi par cercle à partir du registre signé ; aucune ressource extérieure.
chart-envelope = enveloppe
chart-committed = engagé
chart-paid = versé
chart-received = reçu
chart-nothing-yet = rien à montrer pour l'instant
chart-no-money-yet = aucun mouvement de fonds pour l'instant
chart-first-drawn = Les { $shown } premiers sur { $all } sont dessinés ; le tableau les liste tous.
chart-outside-period = { $count } { $plural ->
        [one] mois
       *[other] mois
    } de mouvements datés hors de la période du registre (du { $from } au { $to }) { $plural ->
        [one] est placé
       *[other] sont placés
    } à sa limite la plus proche : { $months }.
statement-html-col-date = Date
statement-html-col-line = Ligne
statement-html-col-action = Action
statement-html-col-payee = Bénéficiaire
statement-html-col-purpose = Objet
statement-html-col-amount = Montant
statement-html-col-transfer = Virement
statement-html-col-receipt = Pièce justificative (SHA-256)
statement-html-col-adopted = Adoptée
statement-html-of = sur { $paid }
statement-html-outside = hors période
statement-html-none = aucune
statement-html-adopted = { $meeting }, { $date } ({ $votes })
statement-html-outside-period = Hors période (non éligible)
statement-html-footer = Établi par cercle à partir du registre signé : chaque ligne peut être vérifiée à partir de l'écriture qu'elle cite.
