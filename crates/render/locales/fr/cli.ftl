# cli messages (fr)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = erreur : { $message }
hint-line = conseil : { $hint }

# error.rs : le début d'un refus, et les conseils qui suivent les erreurs des bibliothèques
failure-refused = refusé : { $message }
failure-refused-of = refusé : { $prefix } : { $message }
failure-verification-failed = échec de la vérification : { $message }
hint-unknown-author = vérifiez --as : la clé doit être celle d'un membre actuel (cercle member list)
hint-voter-not-present = enregistrez d'abord votre présence : cercle meeting attend M…
hint-not-soucieux = signez avec la clé d'un soucieux : --as NOM (cercle member list montre les rôles)
hint-store-missing = créez-en un avec `cercle init`, ou indiquez où il se trouve avec --ledger DOSSIER (ou CERCLE_LEDGER)
hint-store-locked = attendez que l'autre commande se termine, puis réessayez
hint-store-published = une synchronisation est peut-être encore en train de le copier : attendez et réessayez ; sinon, le teneur du registre met de côté le fichier `checkpoint` du dossier et publie à nouveau, ce qui compare chaque fichier et nomme celui qui est endommagé
hint-store-busy = réessayez quand l'autre commande sera terminée, ou attendez plus longtemps avec --wait SECONDES
hint-store-damaged = `cercle repair` garde les écritures intactes et met de côté les fichiers endommagés ; ou restaurez le registre depuis un export : cercle import FICHIER --ledger NOUVEAU_DOSSIER
hint-store-unknown = ne relancez pas simplement la commande : `cercle log` montrera si l'écriture { $seq } est là, une fois le disque rétabli
hint-key-no-such-key = créez-la avec `cercle key new NOM` ; `cercle key list` montre les clés présentes ici
hint-key-exposed = chmod 600 { $path }
hint-key-not-yours = si cette clé est la vôtre : chown { $uid } { $path } (en tant que root) ; sinon, créez la vôtre avec `cercle key new NOM`
hint-key-link-outside = mettez la clé elle-même dans le trousseau : mv { $target } { $link }
hint-key-dir-exposed = chmod 700 { $dir }
hint-key-dir-not-yours = chown { $uid } { $dir } (en tant que root), ou utilisez un trousseau à vous avec --keys DOSSIER
# Ce que dit la ligne de commande en dehors des refus : notes et avertissements sur stderr.
note-line = note : { $message }
warning-line = avertissement : { $message }
# Le refus d'une règle, dit d'autre chose (un acte d'une boîte de dépôt, un registre ingéré).
refused-prefixed = refusé : { $prefix } : { $rest }

# context.rs, commands/ (key, init, member, propose, meeting, repair, man…)
to-date-twice = --to AAAA-MM-JJ est donné deux fois : une période n'a qu'un dernier jour
to-dir-twice = --to DOSSIER est donné deux fois : un acte se signe dans un seul dossier partagé
to-not-a-date = --to désigne ici le dernier jour de la période, écrit AAAA-MM-JJ, et non { $value }
signer-clock-ahead = refusé : cette commande serait datée du { $date }, plus d'un jour après l'horloge de cet ordinateur ({ $clock }) : toutes les écritures suivantes seraient datées après elle
signer-clock-ahead-hint = vérifiez la date et l'heure de l'ordinateur (et CERCLE_NOW, s'il est défini)
signer-missing = cette commande signe une écriture : dites quelle clé la signe avec --as NOM (ou CERCLE_AS)
signer-missing-hint = cercle key list montre les clés de ce trousseau
passphrase-prompt-key = Phrase de passe de la clé { $name } :{" "}
passphrase-none = aucune phrase de passe n'a été donnée : utilisez --passphrase-file FICHIER (ou CERCLE_PASSPHRASE_FILE), ou lancez la commande dans un terminal
passphrase-file-unreadable = { $path } n'a pas pu être lu : { $error }
passphrase-file-empty = { $path } ne contient pas de phrase de passe sur sa première ligne
passphrase-prompt-new = Nouvelle phrase de passe pour { $what } :{" "}
passphrase-empty = refusé : une phrase de passe vide ne protège rien
passphrase-empty-hint = utilisez --unprotected pour un cercle d'essai
passphrase-prompt-again = La même phrase de passe, encore une fois :{" "}
passphrase-differ = refusé : les deux phrases de passe diffèrent ; rien n'a été écrit
passphrase-unread = la phrase de passe n'a pas pu être lue depuis le terminal : { $error }
now-invalid = CERCLE_NOW="{ $text }" n'est pas une heure RFC 3339 (par ex. 2024-05-14T18:00:00Z)
keystore-nowhere = pas de trousseau de clés : ni --keys, ni CERCLE_KEYS, ni XDG_CONFIG_HOME, ni HOME n'est défini
circle-status-recorded = Le cercle est désormais { $status }.
proposal-withdrawn = { $proposal } est retirée.
vote-recorded = Vote enregistré : { $choice } sur { $proposal } à { $meeting }.
spend-closed = { $proposal } est close ; libéré : { $released }.
spend-closed-nothing = rien
envelope-signed = Signé ({ $says }) dans { $path } : le `cercle ingest` du gardien le range dans le registre ; `cercle sync` le montre ensuite dans votre copie.
key-what-key = la clé { $name }
key-protected = protégée par sa phrase de passe
key-unprotected = non protégée
key-unprotected-no-terminal = non protégée : il n'y avait ni terminal pour demander une phrase de passe, ni --passphrase-file
key-created = Clé { $name } créée dans { $dir } ({ $how }).
key-what-export = l'export de { $name }
key-export-needs-passphrase = refusé : un export est chiffré avec une phrase de passe : donnez-en une avec --passphrase-file FICHIER, ou lancez la commande dans un terminal
key-exported = Clé { $name } écrite, chiffrée avec la phrase de passe, dans { $path } : `cercle key import` la reprend sur l'autre ordinateur.
cli-file-unreadable = impossible de lire { $path } : { $error }
passphrase-prompt-file = Phrase de passe de { $path } :{" "}
key-import-needs-passphrase = refusé : l'export est chiffré : donnez sa phrase de passe avec --passphrase-file FICHIER, ou lancez la commande dans un terminal
key-imported = Clé { $name } importée dans { $dir }.
key-none = Aucune clé dans { $dir } : créez-en une avec `cercle key new NOM`.
cli-refused = refusé : { $error }
key-no-randomness = le système n'a pas fourni d'aléa pour une clé : { $error }
circle-created = Cercle { $circle } créé dans { $path } ; { $name } en est le premier soucieux.
member-key-missing = donnez la clé du membre : --key CLÉ_PUBLIQUE ou --key-name NOM_DE_CLÉ
member-added = { $name } rejoint le cercle comme { $role }.
member-role-changed = { $name } est désormais { $role }.
member-left = { $name } a quitté le cercle.
propose-what-action = action « { $title } » avec une enveloppe de { $envelope }
propose-payee-missing = dites qui la ligne paie : --payee MEMBRE ou --supplier TEXTE
propose-what-spend = ligne de dépense de { $amount } sur { $action } pour { $payee }
propose-switch-invalid = refusé : { $what } vaut { $on } ou { $off }, et non « { $value } »
propose-no-setting = dites quels réglages changent : --quorum, --threshold, --recusal, --four-eyes, --proxies, --name ou --territory
propose-what-governance = changement de réglages : { $settings }
proposed = Proposition { $id } : { $what }.
meeting-opened = Réunion { $id } ouverte le { $date }, ordre du jour : { $agenda }.
meeting-attended = Présence enregistrée à { $meeting }.
meeting-proxy = { $holder } détient votre pouvoir à { $meeting }.
meeting-closed = Réunion { $meeting } close.
meeting-outcome = { $proposal }  { $outcome }  ({ $votes })
meeting-outcome-action = -> action { $action }
man-pages-unwritable = impossible d'écrire les pages de manuel dans { $dir } : { $error }
man-pages-written = Pages de manuel écrites dans { $dir }.
man-page-unwritable = impossible d'écrire la page de manuel : { $error }
cli-file-unwritable = impossible d'écrire { $path } : { $error }
ledger-waiting = attente qu'un autre processus cercle ait fini avec { $path } (jusqu'à { $secs } s)…
store-note = { $path } : { $text }
repair-waiting = attente qu'un autre processus cercle ait fini avec le registre…
repair-kept = Écritures intactes gardées dans { $path } : { $kept }.
repair-cut = { $reason } : { $bytes } octets coupés après l'écriture { $seq } ; les fichiers tels qu'ils étaient sont dans { $aside }.
repair-nothing-damaged = Aucune écriture n'était endommagée ; l'état dérivé et l'historique ont été reconstruits.
seq-invalid = refusé : « { $text } » n'est pas un numéro d'écriture : écrivez-le comme cercle log le montre, par ex. 12 ou #12
date-invalid = refusé : « { $text } » n'est pas une date : écrivez AAAA-MM-JJ, par ex. 2024-05-14

# commands/ (fund, agreement, payout, statement, evidence, correct, countersign)
fund-no-agreement = refusé : il n'y a pas de convention { $name } dont prendre le financeur
fund-no-agreement-hint = déclarez-la d'abord avec `cercle agreement add`, ou nommez le financeur avec --source
fund-source-missing = --source est requis sans --agreement
fund-received = { $amount } reçus de { $source } enregistrés (réf. { $reference }).
fund-received-into = { $amount } reçus de { $source } enregistrés au titre de { $agreement } (réf. { $reference }).
fund-near-duplicate = le financeur « { $source } » ne diffère du financeur existant « { $existing } » que par la casse, les accents ou les espaces ; le rapport les compte comme deux financeurs (écrivez « { $existing } » pour n'en compter qu'un)
agreement-to-missing = le dernier jour de la période d'éligibilité manque : ajoutez --to AAAA-MM-JJ
agreement-declared = Convention { $reference } déclarée avec { $funder } : { $amount } accordés, éligible du { $from } au { $to }.
agreement-declared-rate = Convention { $reference } déclarée avec { $funder } : { $amount } accordés à { $rate }, éligible du { $from } au { $to }.
agreement-none = Aucune convention pour l'instant (cercle agreement add en déclare une).
payout-whose = du versement
payout-not-four-eyes = refusé : le versement de { $amount } ne dépasse pas le seuil de contre-signature du cercle : il n'a pas besoin de contre-signature
payout-not-four-eyes-hint = enregistrez-le sans --countersign
payout-receipt-kept = Copie de la pièce justificative { $name } gardée sous { $path }.
payout-receipt-not-kept = le versement est enregistré avec l'empreinte de sa pièce justificative, mais { $error } ; gardez le fichier original
payout-awaits-countersign = Versement de { $amount } sur { $proposal } enregistré (#{ $seq }) : il dépasse le seuil de contre-signature du cercle et compte dès qu'un second soucieux ou l'équipe d'appui régionale lance `cercle countersign { $seq }`.
payout-paid-to = { $amount } versés à { $payee } sur { $proposal } ; il reste { $remaining } sur la ligne.
payout-paid = { $amount } versés sur { $proposal }.
evidence-no-receipt = { $proposal } (payé le { $date }, réf. { $reference }) : aucune pièce justificative n'a été jointe
evidence-receipt-changed = { $proposal } (payé le { $date }, réf. { $reference }) : la pièce justificative { $name } dans { $path } a été modifiée : son SHA-256 est { $found }, le registre indique { $sha256 }
evidence-receipt-missing = { $proposal } (payé le { $date }, réf. { $reference }) : la pièce justificative { $name } ({ $sha256 }) n'est dans aucun dossier de pièces
evidence-missing-heading = Pièces justificatives manquantes ou modifiées :
evidence-written = { $path } écrit : l'état récapitulatif de { $agreement } ({ $lines } { $lines_plural ->
        [one] ligne
       *[other] lignes
    }, { $eligible } éligibles), { $receipts } { $receipts_plural ->
        [one] pièce justificative
       *[other] pièces justificatives
    } et leur manifeste.
evidence-incomplete = incomplet : le dossier est écrit, mais { $count } lignes de l'état récapitulatif n'ont pas de pièce justificative intacte : { $problems }
evidence-incomplete-hint = { $message } Joignez les pièces manquantes (MANQUANTS.txt dans le zip les liste) ou indiquez avec --receipts le dossier qui les contient.
correct-not-fund = refusé : l'écriture { $seq } n'est pas une réception de fonds de ce registre
correct-not-fund-hint = cercle log liste les écritures avec leurs numéros
correct-what-fund = la réception de fonds #{ $seq } : désormais { $amount } de { $source } (réf. { $reference })
correct-what-payout = l'annulation du versement #{ $seq }
correct-recorded = Correction enregistrée comme écriture #{ $entry } : { $what } ; elle compte dès qu'un second signataire lance `cercle countersign { $entry }`.
correct-whose = de la correction
corrected = Corrigé : { $what }, contresigné par { $second }.
countersign-elsewhere = --countersign signe sur cet ordinateur : avec --to DOSSIER, le second signataire contresigne plus tard l'écriture { $whose }
countersigned = #{ $seq } contresignée : elle compte désormais.

# inbox.rs, commands/ingest.rs
inbox-no-checkpoint-envelope = refusé : un point de contrôle signe la tête du registre, qu'une enveloppe ne connaît pas : l'équipe d'appui régionale contresigne plutôt le point de contrôle publié
inbox-no-checkpoint-envelope-hint = cercle cosign DOSSIER/checkpoint --as CLÉ (après cercle sync DOSSIER)
inbox-copy-unreadable = refusé : une enveloppe est vérifiée sur votre copie du registre du cercle, et { $path } n'a pas pu être lu : { $error }
inbox-copy-unreadable-hint = prenez d'abord le registre du cercle : cercle sync DOSSIER --ledger VOTRE-COPIE
inbox-copy-no-circle = votre copie du registre n'a pas encore de cercle
inbox-unknown-author-hint = la clé de { $name } n'est celle d'aucun membre actuel dans votre copie : demandez à un soucieux de l'ajouter (cercle key show { $name })
inbox-copy-behind-hint = si votre copie est en retard sur le registre du cercle, mettez-la d'abord à jour : cercle sync DOSSIER
inbox-copy-refuses = votre copie du registre (jusqu'à l'écriture #{ $seq }) refuse cet acte
inbox-note-kept = gardé    { $file } : le point de contrôle de l'équipe d'appui sur { $size } écritures
inbox-note-left = laissé   { $file } : { $why } ; il reste dans la boîte de dépôt
inbox-note-refused = refusé   { $file } : { $why }
inbox-stays = { $file } reste dans la boîte de dépôt : { $error }
inbox-could-not-be-read = n'a pas pu être lu : { $error }
inbox-note-not-utf8 = n'est pas une note de point de contrôle : ce n'est pas du texte UTF-8
inbox-note-invalid = n'est pas une note de point de contrôle : { $error }
inbox-note-not-tree = n'est pas un point de contrôle d'arbre
inbox-note-no-support-key = le cercle ne nomme aucune clé d'appui
inbox-note-other-circle = est un point de contrôle d'un autre cercle
inbox-note-not-support = n'est pas signé par la clé d'appui du cercle : { $error }
inbox-note-other-history = n'est pas un point de contrôle des { $size } premières écritures de ce registre : c'est une autre histoire
inbox-note-not-kept = n'a pas pu être gardé avec le registre : { $error }
inbox-recover-other-circle = refusé : { $path } contient un autre cercle que celui de ce registre : rien à en récupérer
inbox-recovered = { $count } enveloppe(s) de { $path } absentes de ce registre remises dans la boîte de dépôt.
inbox-recover-lost = { $count } écritures de { $path } ont été signées par son gardien, et non envoyées comme enveloppes : elles ne peuvent pas être déplacées, signez-les à nouveau ({ $entries }).
inbox-cannot-ingest = { $name } ne peut pas ingérer
inbox-not-a-file = n'est pas un fichier
inbox-too-large = dépasse la taille permise d'une enveloppe ({ $max } octets)
inbox-not-an-envelope = n'est pas une enveloppe : { $error }
inbox-the-file = le fichier { $why }
inbox-not-encodable = elle ne peut pas être codée dans une écriture
inbox-not-decided = non tranché
inbox-other-bytes = { $path } existe avec un autre contenu
inbox-not-removed = impossible de la retirer de la boîte de dépôt : { $error }
inbox-not-moved = impossible de la déplacer vers { $path } : { $error }
inbox-left-unread = { $count } fichier(s) de la boîte de dépôt n'ont pas pu être lus et y restent : relancez `cercle ingest`
inbox-ingested = Boîte de dépôt { $inbox } traitée : { $sequenced } enveloppe(s) rangée(s) dans le registre, { $already } déjà présente(s), { $refused } refusée(s).
inbox-line-already = déjà     { $author }  { $says }
inbox-line-refused = refusé   { $file } : { $why }
inbox-line-left = laissé   { $file } : { $why } ; il reste dans la boîte de dépôt
inbox-refused-kept = { $count } enveloppe(s) refusée(s) gardée(s) dans { $path } (chacune avec un fichier .why qui dit pourquoi).

# output.rs
output-unwritable = impossible d'écrire la sortie : { $error }
output-recorded-but = l'écriture est enregistrée, mais { $error }
output-recorded-json-unwritable = l'écriture est enregistrée, mais son JSON n'a pas pu être écrit : { $error }
output-json-unwritable = impossible d'écrire le JSON : { $error }
output-wrote = { $path } écrit.

# commands/todo.rs
todo-who = todo dit ce qui attend un membre : dites lequel avec --as NOM (ou CERCLE_AS)
todo-who-hint = NOM est une clé de ce trousseau (cercle key list) ou le nom d'un membre (cercle member list)
todo-nothing = Rien n'attend { $name } dans { $circle }.
todo-heading = Ce qui attend { $name } dans { $circle } :
todo-heading-left = Ce qui attend { $name } dans { $circle } (qui a quitté le cercle) :
todo-not-voting-member = vous n'êtes pas membre votant de { $meeting }.
todo-present = vous êtes présent.
todo-attend-first-command = signalez d'abord votre présence : cercle meeting attend { $meeting } --as { $who }
todo-open-meeting = Réunion ouverte { $meeting } du { $date } : { $header }
todo-attend-first = signalez d'abord votre présence
todo-vote = à voter : cercle vote { $meeting } { $proposal } for|against|abstain --as { $who }
todo-voted = vote : { $choice }
todo-recused = déporté : la ligne vous paie
todo-not-voting = pas membre votant de { $meeting }
todo-pending = Vos propositions en attente ({ $count }) :
todo-on-no-agenda = à l'ordre du jour d'aucune réunion ouverte pour l'instant
todo-on-agenda = à l'ordre du jour de { $meeting }
todo-payable = Lignes de dépense qui peuvent encore vous payer ({ $count }) :
todo-remaining = { $amount } restants
todo-key-of-no-member-named = la clé { $key } n'appartient à aucun membre de { $circle } ; voici ce qui attend le membre nommé { $name }.
todo-key-of-no-member = la clé { $key } n'appartient à aucun membre de { $circle }, et aucun membre ne s'appelle { $key }
todo-key-of-no-member-hint = cercle member list montre les membres et le début de leurs clés
todo-no-such-key = il n'y a pas de clé { $key } dans { $dir } ni de membre nommé { $key } dans { $circle }
todo-no-such-key-hint = --as NOM prend une clé de ce trousseau (cercle key list) ou le nom d'un membre (cercle member list)

# source.rs, commands/ (verify, export, import, checkpoint, audit, demo)
audit-nothing-at = il n'y a ni registre ni export à { $path }
audit-no-genesis = le registre n'a pas d'écriture de création, donc aucun point de contrôle ne peut y être vérifié
audit-checkpoint-other-circle = le point de contrôle { $path } est celui d'un autre cercle
audit-checkpoint-no-support = le point de contrôle { $path } ne peut pas être vérifié : le cercle ne nomme aucune clé d'appui
audit-checkpoint-bad = point de contrôle { $path } : { $error }
audit-note-too-large = { $path } est trop gros pour être une note de point de contrôle
audit-note-not-a-note = { $path } n'est pas une note de point de contrôle
progress-verifying = vérification de { $path }
progress-entries = écritures
audit-ledger-empty = le registre est vide
verify-passed = { $name } vérifié : { $entries } écritures ; chaque signature, la chaîne et chaque règle tiennent ; tête #{ $seq } { $hash }.
verify-checkpoints-held = Le registre contient toujours les { $count } tête(s) des points de contrôle.
verify-tree-held = Ses { $size } premières écritures ont la racine de Merkle du point de contrôle d'arbre signé par l'équipe d'appui régionale.
audit-no-support-key = le cercle ne nomme aucune clé d'appui
audit-not-tree = ce n'est pas un point de contrôle d'arbre
audit-tree-other-circle = il est celui d'un autre cercle
audit-tree-empty = il porte sur un arbre vide
export-empty = le registre n'a aucune écriture à exporter
audit-no-circle-yet = le registre n'a pas encore de cercle
progress-importing = import de { $path }
imported = { $entries } écritures vérifiées de { $name } importées dans { $path }.
checkpoint-no-envelope = refusé : un point de contrôle ne peut pas voyager dans une enveloppe
checkpoint-tree-kept = Point de contrôle d'arbre des écritures #0 à #{ $last } gardé avec le registre : `cercle prove` prouve les écritures par rapport à lui.
checkpoint-tree-not-kept = l'écriture du point de contrôle est enregistrée, mais son point de contrôle d'arbre n'a pas pu être gardé ({ $error })
checkpoint-written = Point de contrôle de l'écriture { $seq } écrit dans { $path } : gardez-le à l'écart du registre.
checkpoint-not-written = l'écriture du point de contrôle est enregistrée, mais { $path } n'a pas pu être écrit ({ $error }) : gardez plutôt la note affichée ci-dessous
checkpoint-export-no-circle = l'export n'a pas de cercle
checkpoint-export-no-entry = l'export n'a aucune écriture
checkpoint-no-support-key = le cercle ne nomme aucune clé d'appui : il ne peut pas recevoir de point de contrôle
checkpoint-not-support-hint = la clé d'appui du cercle est { $key }
checkpoint-export-written = Point de contrôle de l'écriture { $seq } de { $circle } écrit dans { $path } : gardez-le à l'écart du registre.
progress-auditing = audit
progress-auditing-one = audit { $nth }/{ $count } : { $path }
audit-csv-fr = le CSV de l'audit n'a qu'une forme, --format csv ; le CSV français est le rapport de chaque cercle : cercle report --format csv-fr
audit-circles-failed = cercles en échec de vérification : { $failed } sur { $count } (voir leurs problèmes dans le rapport)
audit-errors = { $count } { $plural ->
        [one] constat
       *[other] constats
    } de gravité erreur (voir les constats dans le rapport)
audit-witness-undecodable = l'historique du témoin n'a pas pu être décodé
audit-diverged-witnessed = { $error } (ce témoin l'a vérifié le { $date } ; son enregistrement est gardé tel quel)
audit-witnessed = { $label } : écritures 0 à { $seq } telles que ce témoin les a vérifiées le { $date } (contrôlées { $how }) ; { $count } nouvelles écritures vérifiées
audit-witnessed-by-proof = par une preuve de cohérence
audit-witnessed-by-hashes = par leurs empreintes
# L'erreur du témoin, déjà dans la langue de l'utilisateur (witness-file-* dans rules.ftl).
audit-witness-failed = { $error }
# Une erreur d'une bibliothèque encore sans traduction (un rendu, serde) : dite telle quelle.
render-failed = { $error }
json-failed = { $error }
demo-dir-uncreatable = impossible de créer { $path } : { $error }
progress-generating = génération de { $count } cercle(s) dans { $path }
demo-written = { $count } cercle(s) écrit(s) dans { $path } (graine { $seed }) :
demo-not-generated = impossible de générer le cercle de démonstration { $slug } : { $error }
demo-key-differs = { $path } contient déjà une autre clé nommée { $name } : générez dans un autre dossier
audit-note-file-too-large = trop gros pour être une note de point de contrôle
audit-note-file-not-utf8 = ce n'est pas du texte UTF-8
audit-note-file-no-origin = sa première ligne n'est ni cercle/<id du cercle> ni cercle.invalid/<id du cercle>
audit-given-twice-same = le cercle { $circle } est donné deux fois : { $second } contient les mêmes { $count } écritures que { $first } ; donnez chaque cercle une seule fois
audit-given-twice-older = le cercle { $circle } est donné deux fois : { $shorter } contient les { $count } premières écritures de { $longer } (une copie plus ancienne, pas une autre histoire) ; donnez chaque cercle une seule fois
audit-fork = divergence : le cercle { $circle } a deux histoires, qui diffèrent à partir de l'écriture #{ $seq } : { $first } s'arrête à #{ $first_seq } { $first_hash }, { $second } à #{ $second_seq } { $second_hash }
audit-given-twice-unread = le cercle { $circle } est déjà audité depuis { $first } : donnez chaque cercle une seule fois ({ $error })
audit-no-genesis-no-circle = le registre n'a pas d'écriture de création, il ne nomme donc aucun cercle
audit-notes-differ = les notes de point de contrôle { $first } et { $second } signent des têtes différentes à l'écriture { $seq } : le cercle a montré deux histoires
audit-no-circle = le registre n'a pas de cercle
audit-payouts-changed = l'écriture { $seq } relue pour les versements n'est pas celle qui a été vérifiée : le registre a changé pendant l'audit
witness-truncated = ce registre ne contient que { $size } écritures (tronqué ?)
witness-inconsistent = son arbre de Merkle de { $size } écritures (racine { $root }) n'est pas cohérent avec l'arbre de { $old_size } écritures (racine { $old_root }) que ce témoin a vérifié : { $error }
witness-other-entries = les { $size } premières écritures de son arbre de Merkle ne sont pas celles que ce témoin a vérifiées
witness-holds-only = ce registre ne contient que { $size } écritures
witness-root-differs = la racine de Merkle des écritures qu'il couvre diffère
witness-not-included = son arbre de Merkle ne contient pas cette écriture à cette place
witness-root-not-entries = la racine de son arbre de Merkle n'est pas celle que donnent ses écritures

# commands/ (prove, check_proof, cosign)
prove-no-checkpoint = refusé : ce registre n'a pas encore de point de contrôle d'arbre, il n'y a donc rien par rapport à quoi prouver
prove-no-checkpoint-hint = l'équipe d'appui régionale en signe un avec `cercle checkpoint --as CLÉ`
prove-note-bad = la note de point de contrôle du registre : { $error }
prove-note-not-tree = la note de point de contrôle du registre n'est pas un point de contrôle d'arbre
prove-note-mismatch = refusé : la note de point de contrôle du registre (taille { $size }) ne correspond pas à l'arbre de ce registre
prove-after-checkpoint = refusé : l'écriture #{ $seq } est venue après le dernier point de contrôle, qui couvre les écritures #0 à #{ $last }
prove-after-checkpoint-hint = demandez un nouveau point de contrôle à l'équipe d'appui régionale : cercle checkpoint --as CLÉ
prove-no-match = refusé : aucune écriture ne correspond à « { $reference } »
prove-bad-reference = refusé : « { $reference } » ne désigne aucune écriture : donnez une position (87), un versement (P2/1) ou un vote (M3/P7/karim)
prove-bad-payout-number = refusé : « { $nth } » n'est pas un numéro de versement (1 pour le premier)
prove-not-member = refusé : { $name } n'est pas membre de ce cercle
prove-no-proposal = refusé : il n'y a pas de proposition { $proposal }
proof-refused-file = refusé : { $path } : { $error }
proof-verified = Vérifié : écriture #{ $seq } sur { $size } du cercle { $circle }, enregistrée le { $date } par la clé { $author }… : elle { $says }.
proof-verified-tree = Elle est dans l'arbre que couvre le point de contrôle signé par { $signers } (racine { $root }).
proof-too-large = refusé : { $path } fait { $length } octets, plus qu'une preuve ne peut en faire ({ $max })
proof-not-utf8 = refusé : { $path } n'est pas une preuve cercle (ce n'est pas du texte UTF-8)
proof-bad-vkey = refusé : --vkey : { $error }
proof-whose = dites quelle signature vérifier : --key CLÉ_PUBLIQUE_D_APPUI ou --vkey VKEY
cosign-not-a-note = refusé : { $path } n'est pas une note
cosign-not-tree = refusé : { $path } n'est pas un point de contrôle d'arbre
cosign-other-circle = refusé : { $path } est un point de contrôle d'un autre cercle que celui de ce registre
cosign-bad-signer = refusé : { $path } n'est signé ni par la clé d'appui du cercle ni par son gardien : { $error }
cosign-not-vouched = refusé : les { $size } premières écritures de ce registre n'ont pas la racine de la note : il ne peut pas s'en porter garant
cosign-not-vouched-hint = mettez à jour votre copie du registre (importez le dossier publié du cercle), puis contresignez
cosign-sent = Point de contrôle de { $size } écritures contresigné dans { $path } : le `cercle ingest` du gardien le garde avec le registre du cercle.

# commands/sync.rs
sync-not-published = { $path } ne contient pas de registre publié (un fichier `checkpoint` et un dossier `tile/`) : le gardien du cercle en écrit un avec `cercle publish DOSSIER`
sync-took = { $circle } pris de { $path } : { $entries } écritures vérifiées dans { $ledger } ; tête #{ $seq } { $hash }.
sync-behind = { $path } publie { $published } écritures de { $circle }, moins que les { $entries } de votre registre, et elles sont identiques : rien à prendre (le gardien n'a pas publié depuis).
sync-up-to-date = Votre registre de { $circle } est à jour avec { $path } : tête #{ $seq } { $hash }.
synced = { $circle } synchronisé depuis { $path } : { $new } nouvelles écritures (#{ $first } à #{ $seq }), vérifiées ; tête #{ $seq } { $hash }.
progress-taking = copie du registre depuis { $path }
sync-published-empty = le registre publié est vide
sync-note-not-kept = le point de contrôle n'a pas été gardé avec le registre : { $error }
sync-no-circle = votre registre n'a pas encore de cercle
sync-other-circle = { $path } publie un autre cercle ({ $theirs }…) que celui de votre registre, { $circle } ({ $mine }…) : rien n'a été pris
sync-bad-signer = le point de contrôle de { $path } n'est signé ni par l'équipe d'appui régionale du cercle ni par un soucieux de votre copie (son gardien) : { $error }
sync-empty = votre registre est vide
sync-bundle-changed = les écritures de { $path } après #{ $seq } ne donnent pas la racine de Merkle de son point de contrôle : un paquet a été modifié ; rien n'a été pris
sync-head-none = aucune
sync-head-root = #{ $seq } (racine { $root })
sync-differ-from = elles diffèrent à partir de l'écriture #{ $seq }
sync-differ-after = votre registre contient des écritures après #{ $seq } que la publication n'a pas
sync-fork = { $path } ne prolonge pas votre registre : deux histoires du cercle ({ $differ }) ; la vôtre s'arrête à { $mine }, celle publiée (signée par l'équipe d'appui régionale) à { $theirs }. Rien n'a été pris
sync-fork-hint = si des écritures ont été ajoutées par erreur à votre copie, reprenez le registre du cercle : déplacez votre registre ailleurs et lancez `cercle sync DOSSIER` ; si l'histoire du gardien a changé, prévenez l'équipe d'appui régionale

# files.rs, tiles.rs, commands/publish.rs
publish-no-entries = aucune écriture à lire
publish-ledger-ends = le registre s'arrête avant l'écriture #{ $seq }, que son point de contrôle couvre
publish-not-leaf = l'écriture #{ $seq } n'est pas la feuille que contient son arbre de Merkle
publish-damaged = refusé : le registre se contredit : { $what }
publish-damaged-hint = `cercle verify` dit ce qui ne va pas ; `cercle repair` reconstruit ce qui est dérivé
publish-bad-parent = les empreintes de son arbre de Merkle au niveau { $level }, de { $first } à { $last }, ne mènent pas à leur parent
publish-entry-too-large = refusé : l'écriture #{ $seq } fait { $length } octets, plus qu'un paquet d'écritures ne peut en contenir (65 535)
publish-no-checkpoint = refusé : ce registre n'a pas encore de point de contrôle d'arbre, il n'y a donc rien à publier
publish-no-checkpoint-hint = le gardien publie tout le registre avec `--as GARDIEN` ; l'équipe d'appui régionale signe un point de contrôle avec `cercle checkpoint --as CLÉ`
publish-note-other-circle = refusé : la note de point de contrôle du registre est celle du cercle { $theirs }, et non de { $name } ({ $mine })
publish-note-bad-signer = refusé : la note de point de contrôle du registre n'est signée ni par l'équipe d'appui régionale ni par un soucieux actuel : { $error }
publish-unpublished = les écritures #{ $first } à #{ $last } ne sont pas encore publiées : elles viennent après le dernier point de contrôle (l'équipe d'appui régionale en signe un nouveau avec `cercle checkpoint --as CLÉ`).
published = { $size } { $entries_plural ->
        [one] écriture
       *[other] écritures
    } de { $name } publiées dans { $path } : { $new } { $files_plural ->
        [one] nouveau fichier
       *[other] nouveaux fichiers
    } (point de contrôle de taille { $size }).
published-unchanged = { $size } { $entries_plural ->
        [one] écriture
       *[other] écritures
    } de { $name } publiées dans { $path } : { $new } { $files_plural ->
        [one] nouveau fichier
       *[other] nouveaux fichiers
    } (point de contrôle de taille { $size }, inchangé).
publish-folder-not-checkpoint = refusé : { $path } n'est pas un point de contrôle d'arbre cercle : ce dossier contient autre chose
publish-folder-other-circle = refusé : { $path } est le point de contrôle d'un autre cercle ({ $theirs }, et non { $name } { $mine }) : ce dossier contient un autre registre
publish-folder-ahead = refusé : { $path } est de taille { $size }, plus grande que le dernier point de contrôle de ce registre ({ $latest }) : le dossier est en avance sur ce registre
publish-folder-ahead-hint = publiez depuis le registre qui a fait ce point de contrôle, ou mettez d'abord celui-ci à jour
publish-folder-fork = refusé : { $path } (taille { $size }) a une autre racine que les { $size } premières écritures de ce registre : le dossier contient une autre histoire de { $name }
publish-not-keeper = refusé : { $name } n'est pas un soucieux actuel de { $circle } : seul un soucieux publie comme gardien du cercle
publish-not-keeper-hint = cercle member list montre les rôles ; sans --as, publish écrit le dernier point de contrôle de l'équipe d'appui régionale
publish-other-bytes = refusé : { $path } existe avec un autre contenu : ce dossier contient un autre registre ou a été endommagé
publish-other-bytes-hint = publiez dans un dossier vide, ou restaurez le dossier depuis une copie (un fichier publié ne change jamais)

# describe.rs, context.rs, commands/ (status, proposal, member list, meeting show, log, report)
read-no-circle-at = le registre situé à { $path } n'a pas encore de cercle
read-no-proposal = il n'y a pas de proposition { $proposal }
read-no-meeting = il n'y a pas de réunion { $meeting }
report-as-of-and-to = --as-of et --to disent tous deux quand les comptes s'arrêtent : n'en donnez qu'un
report-period-reversed = refusé : la période se termine le { $to }, avant de commencer le { $from }
report-no-replay = le registre ne se rejoue pas à l'écriture { $seq } : { $error }
report-no-replay-hint = lancez `cercle verify`
report-before-circle = refusé : le cercle n'existait pas encore le { $day }
status-no-pending = Aucune proposition en attente.
status-pending = Propositions en attente ({ $count }) :
status-open-meeting = Réunion ouverte { $meeting } du { $date } : ordre du jour { $agenda } ; { $present } membres présents sur { $voting }.
proposal-none = Aucune proposition pour l'instant.
status-circle-line = cercle { $id }  écritures { $entries }  dernière { $last }
status-received = reçu
status-committed = engagé
status-paid = versé
status-available = disponible
status-role-label = { $role }{"\u00A0"}:
proposal-line-governance = gouvernance : { $settings } (par { $author })
proposal-line-action = action « { $title } », enveloppe { $envelope }{ $became } (par { $author })
proposal-line-spend = dépense sur { $action } : { $amount } à { $payee } ({ $kind }), « { $purpose } » (par { $author }){ $paid }
proposal-line-paid = , versé { $amount }
proposal-proposed = proposée le { $date } par { $author }
proposal-amounts = montant { $amount }  versé { $paid }  libéré { $released }  restant { $remaining }
proposal-decided = décidée en { $meeting } le { $date }
proposal-last-outcome = dernière issue : { $outcome } ({ $votes })
member-list-name = nom
member-list-role = rôle
member-list-paid = versé
member-list-key = clé
member-role-left = { $role } (parti)
meeting-quorum-needs = {" "}(le quorum de { $quorum } demande { $needed })
meeting-open = ouverte
meeting-closed-state = close
meeting-heading = { $meeting } du { $date } ({ $state }), ouverte par { $author }
meeting-present-count = { $present } membres présents sur { $voting }{ $proxies }{ $quorum }
meeting-represented = , { $count } représenté(s) par pouvoir
meeting-present = présents : { $names }
meeting-proxy-pair = { $giver } à { $holder }
meeting-proxies = pouvoirs : { $pairs }
meeting-votes-so-far = votes à ce stade : { $votes }
meeting-outcome-tally = { $outcome } ({ $votes })
log-envelope-by = {" "}(enveloppe, rangée par { $keeper })
describe-genesis = fonde le cercle { $name } ({ $territory }), { $status }
describe-member-add = ajoute { $name } comme { $role }
describe-member-role = fait de { $name } un { $role }
describe-member-leave = enregistre le départ de { $name }
describe-circle-status = passe le cercle en { $status }
describe-into-agreement = {" "}au titre de la convention { $agreement }
describe-reference-reused = , une référence déjà utilisée
describe-fund = enregistre { $amount } reçus de { $source }{ $into } (réf. { $reference }{ $reused })
describe-fund-correction = corrige la réception de fonds #{ $target } : { $amount } de { $source } (réf. { $reference }), motif : { $reason } (compte une fois contresignée)
describe-payout-reversal = annule le versement #{ $target }, motif : { $reason } (compte une fois contresignée)
describe-countersign = contresigne #{ $target }
describe-member-key = donne à { $name } la nouvelle clé { $key } (compte une fois contresignée)
describe-support-key = donne à l'équipe d'appui la nouvelle clé { $key }
describe-governance = propose de changer les réglages du cercle : { $settings }
describe-co-financing = , cofinancement { $rate }
describe-all-actions = toutes les actions
describe-agreement = déclare la convention { $reference } avec { $funder } : { $amount } accordés{ $rate }, du { $from } au { $to }, pour { $actions }
describe-propose-action = propose l'action « { $title } », enveloppe { $envelope }
describe-propose-spend = propose { $amount } sur { $action } à { $payee } ({ $kind }) : { $purpose }
describe-withdraw = retire { $proposal }
describe-meeting-open = ouvre une réunion le { $date } : { $agenda }
describe-attend = signale sa présence à { $meeting }
describe-vote = vote { $choice } sur { $proposal } à { $meeting }
describe-meeting-close = clôt { $meeting } : { $outcomes }
describe-receipt = , pièce justificative { $name }
describe-payout = verse { $amount } sur { $proposal } le { $date } (réf. { $reference }{ $reused }{ $receipt })
describe-spend-close = clôt la ligne de dépense { $proposal }
describe-checkpoint = pose un point de contrôle sur le registre
describe-proxy = donne son pouvoir à { $meeting } à { $holder }

# keys.rs, commands/ (member key, circle support-key)
key-new-missing = indiquez la nouvelle clé : --key CLÉ_PUBLIQUE ou --key-name NOM_DE_CLÉ
member-key-asked = Nouvelle clé { $key } demandée pour { $name } : elle comptera quand l'autre partie l'aura contresignée avec `cercle countersign` (l'équipe d'appui si un soucieux l'a demandée, un soucieux autre que { $name } si l'équipe d'appui l'a demandée).
member-key-whose = de la nouvelle clé
member-key-counts = { $name } signe désormais avec la nouvelle clé { $key }, contresignée par { $second } ; l'ancienne clé ne signe plus rien.
support-key-counts = L'équipe d'appui signe désormais avec la nouvelle clé { $key } ; l'ancienne clé ne signe plus rien.
support-key-asked = Nouvelle clé { $key } demandée pour l'équipe d'appui : elle comptera quand chaque soucieux actuel l'aura contresignée (`cercle countersign { $seq }`) ; il manque encore : { $missing }.
support-key-countersigned-waits = #{ $seq } contresignée ; la nouvelle clé de l'équipe d'appui attend encore : { $missing }.
member-key-countersigned = #{ $seq } contresignée : { $holder } signe désormais avec la nouvelle clé { $key } ; l'ancienne clé ne signe plus rien.

# source.rs: what verify and audit are given
source-directory-not-ledger = { $path } est un dossier, mais ni un registre cercle (pas de fichier format) ni un dossier publié (pas de checkpoint ni de tile/)
source-directory-holds-exports = il contient { $count } fichier(s) d'export : cercle verify { $export }, ou tous à la fois : cercle audit { $all }
source-directory-holds-ledgers = il contient { $count } registre(s) ou dossier(s) publié(s) : cercle verify { $ledger }
source-directory-hint = donnez un dossier de registre (créé par cercle init), un dossier de cercle publish, ou un fichier d'export (cercle export)
source-unreadable = { $path } n'a pas pu être lu : { $error }
source-empty = { $path } est vide : un export (cercle export) contient une ligne JSON par écriture, depuis la fondation
source-not-text = ce n'est pas du texte (UTF-8)
source-json-not-object = sa première ligne est du JSON mais pas un objet, comme l'est une ligne d'export
source-not-json = sa première ligne n'est pas une ligne d'export (pas du JSON : { $error })
source-not-export = { $path } n'est pas un export cercle : { $why }
source-not-export-hint = donnez un fichier d'export (cercle export en écrit un), un dossier de registre ou un dossier publié

# source.rs: notes and the support key of their time
note-key-not-of-its-time = un point de contrôle de l'écriture { $seq } est signé par une clé d'appui remplacée avant cette écriture : une clé remplacée ne signe rien de ce qui vient après

## Les erreurs d'utilisation de clap (code de sortie 2), dites par usage.rs dans la langue de
## l'utilisateur.
usage-conflict-twice = l'argument « { $arg } » ne peut être donné qu'une fois
usage-conflict = l'argument « { $arg } » ne peut pas être utilisé avec
usage-conflict-subcommand = la sous-commande « { $arg } » ne peut pas être utilisée avec
usage-conflict-others = un ou plusieurs des autres arguments donnés
usage-no-equals = un signe égal est nécessaire pour donner une valeur à « { $arg } »
usage-value-missing = « { $arg } » attend une valeur, aucune n'est donnée
usage-invalid-value = valeur « { $value } » invalide pour « { $arg } »
usage-possible-values = [valeurs possibles : { $values }]
usage-unknown-subcommand = sous-commande « { $name } » inconnue
usage-missing-arguments = ces arguments obligatoires manquent :
usage-missing-subcommand = « { $name } » attend une sous-commande, aucune n'est donnée
usage-subcommands = [sous-commandes : { $values }]
usage-too-many = valeur « { $value } » inattendue pour « { $arg } » : aucune autre n'est attendue
usage-unknown-argument = argument « { $arg } » inattendu
usage-tip = conseil : { $tip }
usage-similar-subcommand = { $count ->
        [one] une sous-commande voisine existe : { $names }
       *[other] des sous-commandes voisines existent : { $names }
    }
usage-similar-argument = { $count ->
        [one] un argument voisin existe : { $names }
       *[other] des arguments voisins existent : { $names }
    }
usage-similar-value = { $count ->
        [one] une valeur voisine existe : { $names }
       *[other] des valeurs voisines existent : { $names }
    }
usage-quoted = « { $text } »
usage-escape = pour donner « { $arg } » comme valeur, écrivez « -- { $arg } »
usage-more = Pour en savoir plus, essayez « { $flag } ».
