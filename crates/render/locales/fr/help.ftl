# help messages (fr)
# Ce qui encadre l'aide, puis l'aide de chaque commande (cmd-CHEMIN, cmd-CHEMIN-after pour
# les exemples) et de chaque argument (arg-CHEMIN-ID), CHEMIN étant les sous-commandes
# jointes par des tirets.
help-usage = Utilisation :
# clap écrit « TITRE: » : l'espace insécable finale donne « Commandes : ».
help-commands = Commandes{"\u00A0"}
help-options = Options{"\u00A0"}
help-global-options = Options globales{"\u00A0"}
help-help = Affiche l'aide
help-version = Affiche la version
help-subcommand = Affiche cette aide ou celle des sous-commandes données
help-possible-values = [valeurs possibles : { $values }]
help-default = [par défaut : { $value }]
help-env = [variable d'environnement : { $var }]

## Le programme et ses options globales
cmd = Le budget contributif d'un cercle territorial, dans un registre signé où l'on ne fait qu'ajouter.
arg-ledger = Le registre du cercle (un répertoire)
arg-keys = Le trousseau de clés local [par défaut : le répertoire de configuration de la plateforme, p. ex. ~/.config/cercle/keys]
arg-as_key = La clé locale qui signe (son nom dans le trousseau)
arg-todo-as_key = Le membre concerné : celui qui détient la clé locale NOM, ou sinon le membre nommé NOM
arg-to = Commandes qui signent : signe l'acte sous forme d'enveloppe déposée dans DIR/inbox/ (le dossier partagé du cercle) au lieu de l'ajouter au registre ; le `cercle ingest DIR` du teneur du registre l'y inscrit (variable d'environnement CERCLE_TO). Commandes portant sur une période (statement, evidence, agreement add) : le dernier jour de la période, YYYY-MM-DD (agreement add prend les deux, une date et un DIR)
arg-passphrase_file = Un fichier dont la première ligne est la phrase de passe des clés protégées (pour les scripts ; dans un terminal, cercle la demande)
arg-json = Sortie lisible par une machine sur stdout (un seul document JSON)
arg-wait = Combien de temps une commande qui écrit attend qu'un autre processus cercle libère le registre
arg-lang = La langue des messages, de l'aide et des rapports [par défaut : celle de la locale : LC_ALL, LC_MESSAGES, LANG]

## key
cmd-key = Crée et liste les clés de signature du trousseau local
cmd-key-new = Crée une paire de clés (fichier en mode 0600) et affiche sa clé publique. Le secret est protégé par une phrase de passe (age, scrypt) demandée dans un terminal ou lue dans --passphrase-file
arg-key-new-name = Le nom de la clé dans le trousseau (un membre signe avec la sienne : prenez son nom de membre)
arg-key-new-unprotected = Garde le secret en clair (pour un cercle d'essai ; sans terminal ni --passphrase-file, la clé est de toute façon en clair, et cercle le signale)
cmd-key-export = Écrit une clé, chiffrée par une phrase de passe, pour la transférer sur une autre machine (`key import`)
arg-key-export-name = Le nom de la clé dans le trousseau
arg-key-export-out = Le fichier à écrire (mode 0600)
cmd-key-import = Ajoute à ce trousseau une clé écrite par `key export`
arg-key-import-file = Le fichier écrit par `key export`
arg-key-import-name = Son nom dans ce trousseau [par défaut : le nom qu'elle portait]
arg-key-import-unprotected = Garde ici le secret en clair (sinon il est protégé par la phrase de passe de l'export)
cmd-key-list = Les noms et les clés publiques
cmd-key-show = La clé publique d'une clé
arg-key-show-name = Le nom de la clé dans le trousseau
arg-key-show-vkey = Affiche plutôt sa clé de vérification C2SP (`NAME+keyid+base64`), sous ce nom de signataire (`cercle-support` pour les points de contrôle de l'équipe d'appui régionale), pour qui vérifie des notes

## init
cmd-init = Crée un cercle : sa genèse, signée par le soucieux fondateur (nom de membre = nom de la clé)
arg-init-name = Le nom du cercle
arg-init-territory = Son territoire
arg-init-status = emerging (en émergence) ou active (actif)
arg-init-quorum = La part des membres votants qui doivent être présents : 1/2, 0.5 ou 50%
arg-init-threshold = majority (majorité), two-thirds (deux tiers) ou consent (consentement)
arg-init-no_recusal = Laisse les membres voter sur les lignes de dépense dont ils sont bénéficiaires
arg-init-support_key = La clé publique (hex) de l'équipe d'appui régionale

## circle
cmd-circle = Change le statut du cercle
cmd-circle-status = Fixe le statut : emerging (en émergence) ou active (actif)
arg-circle-status-status = emerging (en émergence) ou active (actif)

## member
cmd-member = Ajoute des membres, change leurs rôles, enregistre leurs départs, liste les membres
cmd-member-add = Ajoute un membre, avec une clé publique et un rôle
arg-member-add-name = Son nom de membre : lettres latines (accents compris), chiffres, '-', '_' ou '.'
arg-member-add-key = Sa clé publique (hex)
arg-member-add-key_name = Le nom d'une clé du trousseau local
arg-member-add-role = soucieux, contributor (contributeur) ou participant
cmd-member-role = Change le rôle d'un membre
arg-member-role-name = Le membre
arg-member-role-role = soucieux, contributor (contributeur) ou participant
cmd-member-leave = Enregistre le départ d'un membre
arg-member-leave-name = Le membre qui est parti
cmd-member-list = Les membres et leurs rôles

## fund
cmd-fund = Enregistre des fonds reçus
cmd-fund-receive = Enregistre des fonds reçus : montant, provenance, référence
arg-fund-receive-amount = Le montant en euros : 1234.5, 1234,50 ou "1 234,50"
arg-fund-receive-source = La provenance, p. ex. FEDER, Région Hauts-de-France [par défaut avec --agreement : son financeur]
arg-fund-receive-reference = La référence du virement, p. ex. une ligne du relevé bancaire (unique : voir --allow-duplicate-ref)
arg-fund-receive-agreement = La convention de financement que ces fonds alimentent, p. ex. CONV-2024-017 (déclarée avec `cercle agreement add`)
arg-fund-receive-allow_duplicate_ref = Enregistre même si un encaissement antérieur porte la même référence (l'audit le signale)

## agreement
cmd-agreement = Déclare et liste les conventions de financement : ce qu'un financeur a accordé, pour quelle période et quelles actions
cmd-agreement-add = Déclare une convention de financement : financeur, référence, montant accordé, taux, période d'éligibilité et actions financées
cmd-agreement-add-after =
    Exemple :
      cercle agreement add --funder FEDER --ref CONV-2024-017 --amount 60000 --rate 60% --from 2024-01-01 --to 2025-12-31 --as sophie
arg-agreement-add-funder = Qui l'a accordée, p. ex. FEDER ou Région Hauts-de-France
arg-agreement-add-reference = Sa référence, p. ex. CONV-2024-017 (unique dans le cercle, sans distinction de majuscules et de minuscules)
arg-agreement-add-amount = Le montant accordé, en euros
arg-agreement-add-rate = Le taux de cofinancement, s'il y en a un : la part des dépenses éligibles que paie le financeur, p. ex. 60% ou 62,5
arg-agreement-add-from = Le premier jour de la période d'éligibilité ; son dernier jour (inclus) est --to YYYY-MM-DD
arg-agreement-add-actions = Les actions qu'elle finance, p. ex. A1,A3 [par défaut : toutes les actions]
cmd-agreement-list = Les conventions, avec ce que chacune a accordé, apporté et financé jusqu'ici

## statement
cmd-statement = L'état récapitulatif des dépenses d'une convention : une ligne par versement qu'elle finance, avec la pièce justificative, le virement et le vote qui le fondent, les totaux et la part du financeur
cmd-statement-after =
    Exemples :
      cercle statement --agreement CONV-2024-017
      cercle statement --agreement CONV-2024-017 --from 2024-01-01 --to 2024-06-30 --format csv-fr --out etat.csv
arg-statement-agreement = La convention, p. ex. CONV-2024-017
arg-statement-from = Liste les versements payés à partir de ce jour [par défaut : le premier versement ou le début de la convention] ; --to YYYY-MM-DD est le dernier jour listé [par défaut : le dernier versement ou la fin de la convention]
arg-statement-format = Le format de sortie [par défaut : table, ou json avec --json]
arg-statement-out = Écrit dans FILE au lieu de stdout

## correct
cmd-correct = Corrige un encaissement, ou annule un versement enregistré par erreur : une écriture qui désigne celle qu'elle corrige et dit pourquoi, et qui compte une fois contresignée par un second signataire
cmd-correct-fund = Corrige le montant, la provenance ou la référence d'un encaissement (ce qui n'est pas donné reste inchangé)
cmd-correct-fund-after =
    Exemple :
      cercle correct fund 4 --amount 1000 --reason "saisi 10 000 au lieu de 1 000" --as sophie --countersign ines
arg-correct-fund-seq = Le numéro d'écriture de l'encaissement, tel que `cercle log` l'affiche
arg-correct-fund-amount = Le montant tel qu'il aurait dû être
arg-correct-fund-source = La provenance telle qu'elle aurait dû être
arg-correct-fund-reference = La référence telle qu'elle aurait dû être
arg-correct-fund-reason = Pourquoi : ce qui était faux
arg-correct-fund-countersign = Contresigne aussitôt avec cette seconde clé locale (un autre soucieux ou l'équipe d'appui régionale) ; sinon la correction attend `cercle countersign`
cmd-correct-payout = Annule un versement enregistré par erreur : son montant revient aux fonds disponibles
arg-correct-payout-seq = Le numéro d'écriture du versement, tel que `cercle log` l'affiche
arg-correct-payout-reason = Pourquoi : ce qui était faux
arg-correct-payout-countersign = Contresigne aussitôt avec cette seconde clé locale

## countersign
cmd-countersign = Contresigne une correction (un soucieux autre que son auteur, ou l'équipe d'appui régionale) : elle compte dès lors
arg-countersign-seq = Le numéro d'écriture de la correction, tel que `cercle log` l'affiche (p. ex. 57 ou #57)

## evidence
cmd-evidence = Rassemble dans un zip, pour le financeur, l'état des dépenses d'une convention (CSV et HTML), toutes les pièces justificatives qui le fondent et un manifeste de leurs empreintes ; sort avec le code 1 si une pièce manque ou a changé
arg-evidence-agreement = La convention, p. ex. CONV-2024-017
arg-evidence-out = Le zip à écrire
arg-evidence-from = Les versements payés à partir de ce jour ; --to YYYY-MM-DD est le dernier jour (inclus)
arg-evidence-receipts = Un autre dossier de pièces justificatives (fichiers nommés comme à l'enregistrement, ou par leur SHA-256, p. ex. le receipts/ d'un dossier partagé), consulté après celui du registre ; peut être donné plusieurs fois. Chaque fichier est vérifié par rapport à l'empreinte inscrite au registre

## propose
cmd-propose = Propose une action pour le programme, ou une ligne de dépense sur une action
cmd-propose-action = Propose une action avec une enveloppe budgétaire ; affiche l'identifiant de la proposition
arg-propose-action-title = L'intitulé de l'action, p. ex. "Rencontres des tiers-lieux du littoral"
arg-propose-action-envelope = Son enveloppe budgétaire en euros : le total que ses lignes de dépense ne peuvent dépasser
cmd-propose-spend = Propose une ligne de dépense sur une action adoptée ; affiche l'identifiant de la proposition
arg-propose-spend-action = L'action, p. ex. A1
arg-propose-spend-amount = Le montant en euros
arg-propose-spend-payee = Un membre, pour une rétribution
arg-propose-spend-supplier = Un fournisseur extérieur, pour une dépense
arg-propose-spend-purpose = L'objet de la dépense, p. ex. "Animation de l'atelier"
cmd-propose-governance = Propose de changer les paramètres du cercle ; adoptés en réunion de régulation, ils s'appliquent dès sa clôture. Donnez un ou plusieurs paramètres
cmd-propose-governance-after =
    Exemples :
      cercle propose governance --four-eyes 1500 --as sophie
      cercle propose governance --quorum 2/3 --territory "Pays du Calaisis" --as ines
arg-propose-governance-quorum = La part des membres votants qui doivent être présents pour décider : 1/2, 2/3, 50%…
arg-propose-governance-threshold = Combien de votes `for` (pour) font adopter : majority (majorité), two-thirds (deux tiers) ou consent (consentement)
arg-propose-governance-recusal = Si un membre ne peut pas voter sur une ligne dont il est bénéficiaire (déport) : on ou off
arg-propose-governance-four_eyes = Les versements au-dessus de ce montant ne comptent qu'une fois contresignés par un second soucieux ou l'équipe d'appui régionale ; `none` pour supprimer ce seuil
arg-propose-governance-proxies = Si les membres peuvent confier leur vote à un autre pour une réunion (un pouvoir) : allowed (permis) ou none (aucun)
arg-propose-governance-name = Le nouveau nom du cercle
arg-propose-governance-territory = Le nouveau territoire du cercle

## proposal
cmd-proposal = Liste, affiche et retire les propositions
cmd-proposal-list = Toutes les propositions
cmd-proposal-show = Une proposition
arg-proposal-show-id = La proposition, p. ex. P3
cmd-proposal-withdraw = Retire votre proposition en attente
arg-proposal-withdraw-id = Votre proposition en attente, p. ex. P3

## meeting
cmd-meeting = Ouvre et clôt les réunions de régulation, y enregistre votre présence et les affiche
cmd-meeting-open = Ouvre une réunion, avec une date et un ordre du jour ; affiche son identifiant
arg-meeting-open-date = Le jour où elle se tient : pas avant le jour de fondation du cercle, au plus 366 jours après aujourd'hui (UTC)
arg-meeting-open-agenda = Des propositions en attente, p. ex. P1,P2
cmd-meeting-attend = Enregistre votre propre présence
arg-meeting-attend-meeting = La réunion, p. ex. M2
cmd-meeting-proxy = Confie votre vote, pour une réunion que vous allez manquer, à un membre qui y sera (un pouvoir) : son vote compte pour vous deux. Sans effet si vous venez finalement ; un pouvoir par porteur
arg-meeting-proxy-meeting = La réunion, p. ex. M2
arg-meeting-proxy-holder = Le membre qui porte votre vote
cmd-meeting-close = Clôt une réunion ; affiche le résultat de chaque point
arg-meeting-close-meeting = La réunion, p. ex. M2
cmd-meeting-show = Une réunion : ordre du jour, présences, votes ou résultats
arg-meeting-show-meeting = La réunion, p. ex. M2

## vote
cmd-vote = Vote sur un point de l'ordre du jour d'une réunion ouverte : for (pour), against (contre) ou abstain (abstention)
arg-vote-meeting = La réunion, p. ex. M1
arg-vote-proposal = La proposition, p. ex. P3
arg-vote-choice = for (pour), against (contre) ou abstain (abstention)

## payout
cmd-payout = Enregistre un versement sur une ligne de dépense adoptée
arg-payout-proposal = La ligne de dépense, p. ex. P3
arg-payout-amount = Le montant payé, en euros (au plus ce qui reste sur la ligne)
arg-payout-date = Le jour du paiement : pas avant la réunion qui a adopté la ligne, ni après aujourd'hui (UTC)
arg-payout-reference = La référence du virement bancaire, p. ex. VIR-2024-07-01 (unique : voir --allow-duplicate-ref)
arg-payout-countersign = Contresigne aussitôt avec cette seconde clé locale (un autre soucieux ou l'équipe d'appui régionale) : un versement au-dessus du seuil de double signature du cercle ne compte qu'une fois contresigné
arg-payout-receipt = La pièce justificative (facture, bulletin de paie) : son SHA-256 et son nom sont signés dans le registre, et une copie en est gardée dans le dossier receipts/ du registre
arg-payout-allow_duplicate_ref = Enregistre même si un versement antérieur porte la même référence (l'audit le signale)

## spend
cmd-spend = Clôt une ligne de dépense, en libérant son reliquat non versé
cmd-spend-close = Clôt une ligne de dépense : son reliquat non versé est libéré
arg-spend-close-proposal = La ligne de dépense, p. ex. P3

## status, log, todo
cmd-status = Un seul écran : le cercle, le solde, les membres par rôle, les propositions en attente, les réunions ouvertes
cmd-log = Toutes les écritures dans l'ordre, lisibles par un humain
cmd-todo = Ce qui attend le membre --as : les votes à faire dans les réunions ouvertes, ses propositions en attente, les lignes qui peuvent encore le rétribuer
cmd-todo-long =
    Ce qui attend le membre --as : les votes à faire dans les réunions ouvertes, ses propositions en attente, les lignes qui peuvent encore le rétribuer.

    Le membre est celui qui détient la clé locale --as NOM ou, si personne ne la détient, le membre nommé NOM (dont la clé peut être sur un autre ordinateur). Seul l'état courant est lu. Avec --json : {"{"}"member", "role", "active", "circle", "meetings": [{"{"}"id", "date", "voting", "present", "items": [{"{"}"proposal", "kind", "title", "awaits": "attend" | "vote" | "voted" | "recused" | "not-voting", "choice": "for" | "against" | "abstain" | null{"}"}]{"}"}], "proposals": [{"{"}"id", "kind", "title", "status", "on_agenda": "M3" | null{"}"}], "payable": [{"{"}"proposal", "action", "purpose", "amount", "paid", "remaining"{"}"}]{"}"}, les montants en chaînes comme "600.00".

## report
cmd-report = Le rapport budgétaire
arg-report-as_of = Les comptes tels qu'ils étaient à la fin de ce jour, rejoués à partir des écritures enregistrées jusque-là
arg-report-from = Ce qui s'est passé à partir de ce jour (fonds reçus, versements payés, réunions tenues) ; --to YYYY-MM-DD est le dernier jour de la période, et les comptes sont présentés tels qu'ils étaient alors
arg-report-format = Le format de sortie [par défaut : table, ou json avec --json]
arg-report-out = Écrit dans FILE au lieu de stdout

## verify, repair
cmd-verify = Vérifie le registre (ou un FILE exporté) : signatures, chaînage, chacune des règles
arg-verify-file = Un fichier exporté à vérifier au lieu du registre
arg-verify-checkpoint = Une note de point de contrôle dont le registre doit toujours contenir la tête (répétable)
arg-verify-strict = Vérifie chaque signature une à une, selon les règles strictes de la RFC 8032 (environ 4 fois plus lent que la vérification par lots par défaut ; voir docs/FORMAT.md, section 3)
cmd-repair = Reconstruit un registre endommagé à partir de ses écritures intactes, en mettant de côté les fichiers endommagés

## prove, publish, ingest, sync, cosign, check-proof
cmd-prove = Écrit la preuve qu'une écriture figure dans le registre tel que l'équipe d'appui régionale l'a arrêté à son dernier point de contrôle
arg-prove-reference = L'écriture : sa position (`87` ou `#87`), un versement (`P2/1` : le premier versement sur P2) ou un vote (`M3/P7/karim`)
arg-prove-out = Écrit la preuve ici au lieu de stdout
cmd-publish = Écrit le registre au format C2SP tlog-tiles dans DIR, en n'y ajoutant que de nouveaux fichiers
arg-publish-dir = Le dossier où publier (un dossier partagé, un clone git, la racine d'un site web statique)
cmd-ingest = Pour le teneur du registre : inscrit au registre les enveloppes que les membres ont déposées dans DIR/inbox/ (avec --to DIR), chacune une seule fois, dans un ordre déterministe ; déplace chacune dans DIR/ingested/ ou, avec la règle qui l'a refusée, dans DIR/refused/. Ensuite `cercle publish DIR --as KEEPER`
arg-ingest-dir = Le dossier partagé du cercle (ou son clone git), qui contient la boîte de dépôt inbox/
arg-ingest-recover = Après une bifurcation (deux teneurs ont inscrit des écritures différentes) : remet d'abord dans la boîte de dépôt les enveloppes de la copie perdante (un répertoire de registre ou un dossier publié) qui manquent à ce registre, et liste ses écritures qui n'étaient pas des enveloppes (à signer de nouveau)
cmd-sync = Récupère le registre du cercle dans le dossier où son teneur le publie (la première fois), ou ce qui y a été ajouté depuis, après avoir vérifié que cela prolonge votre registre
arg-sync-dir = Le dossier partagé du cercle (ou son clone git) où le teneur publie
cmd-cosign = Cosigne en tant que témoin une note de point de contrôle de l'arbre, après l'avoir vérifiée par rapport à ce registre
arg-cosign-note = La note (p. ex. le fichier `checkpoint` d'un registre ou d'un dossier publié)
arg-cosign-name = Le nom de votre ligne de signature [par défaut : cercle-support pour la clé d'appui du cercle, sinon le nom de la clé --as]
arg-cosign-out = Écrit la note cosignée ici au lieu de stdout
cmd-check-proof = Vérifie une preuve écrite par `cercle prove`, sans registre, et dit ce que contient l'écriture
arg-check-proof-file = Le fichier de preuve
arg-check-proof-key = La clé publique (hex) de l'équipe d'appui régionale, qui a signé le point de contrôle
arg-check-proof-vkey = Une clé de vérification C2SP (`name+keyid+base64`) d'un signataire du point de contrôle

## export, import, checkpoint
cmd-export = Exporte les écritures signées (jsonl), ou les comptes en CSV ou en journal hledger
arg-export-format = jsonl : les écritures signées (une sauvegarde, ce que lisent `import` et les auditeurs) ; csv : les comptes ; hledger : un journal comptable
arg-export-out = Écrit dans FILE au lieu de stdout
cmd-import = Reconstruit un registre à partir d'un export, en vérifiant tout d'abord
arg-import-file = L'export (.jsonl)
arg-import-strict = Vérifie chaque signature une à une, selon les règles strictes de la RFC 8032 (voir `verify --strict`)
cmd-checkpoint = L'équipe d'appui régionale signe la tête du registre ; le point de contrôle est ajouté au registre et écrit dans un fichier
cmd-checkpoint-long =
    L'équipe d'appui régionale signe la tête du registre ; le point de contrôle est ajouté au registre et écrit dans un fichier.

    Avec FICHIER (l'export d'un cercle), rien n'est ajouté : l'export est vérifié et sa tête signée, pour que l'équipe d'appui puisse faire le point de contrôle d'une copie sans créer de bifurcation du registre du cercle.
arg-checkpoint-file = Un export dont signer la tête au lieu de celle du registre (rien n'est ajouté)
arg-checkpoint-out = Écrit aussi ici la note de point de contrôle signée (gardez-la à l'écart du registre)

## audit
cmd-audit = Vérifie chacun des cercles donnés et rend compte cercle par cercle et pour la région
arg-audit-paths = Des répertoires de registre et/ou des fichiers .jsonl exportés, un par cercle
arg-audit-checkpoints = Un répertoire de notes de point de contrôle (*.ckpt) ; chacune est vérifiée par rapport à son cercle
arg-audit-strict = Vérifie chaque signature une à une, selon les règles strictes de la RFC 8032 (voir `verify --strict`)
arg-audit-witness = Retient dans DIR la tête vérifiée et l'état de chaque cercle, et la fois suivante ne vérifie que ce qui a été ajouté depuis (un registre qui ne prolonge pas ce qui a été vérifié fait échouer l'audit)
arg-audit-allow_missing = Avec --witness : un cercle déjà suivi mais absent de cet audit est seulement signalé, ce n'est pas une erreur (un cercle remplacé par une autre genèse en reste une)
arg-audit-format = Le format du rapport [par défaut : table, ou json avec --json]
arg-audit-out = Écrit dans FILE au lieu de stdout

## demo
cmd-demo = Des données d'exemple
cmd-demo-generate = Une région d'exemple déterministe : un export signé par cercle, et les clés de démonstration
arg-demo-generate-out = Où écrire les exports des cercles, leurs points de contrôle et les clés de démonstration
arg-demo-generate-seed = La même graine donne les mêmes octets, quelle que soit la version de chaque crate
arg-demo-generate-circles = Le nombre de cercles
arg-demo-generate-entries = Environ ce nombre d'écritures par cercle (par défaut : une ou deux années plausibles)

## completions, man
cmd-completions = Les complétions pour le shell, sur stdout, p. ex. `cercle completions bash > ~/.local/share/bash-completion/completions/cercle`
arg-completions-shell = bash, zsh, fish, elvish ou powershell
cmd-man = Les pages de manuel : `cercle.1` sur stdout, ou une page par commande écrite dans DIR
arg-man-out = Écrit `cercle.1`, `cercle-payout.1`… dans ce répertoire (p. ex. ~/.local/share/man/man1)

## cercle member key, cercle circle support-key
cmd-member-key = Donne une nouvelle clé à un membre (ordinateur perdu ou volé) : demandée par un soucieux ou par l'équipe d'appui régionale, elle compte une fois contresignée par l'autre partie ; l'ancienne clé ne signe plus rien
arg-member-key-name = Le membre
arg-member-key-key = La nouvelle clé publique (hexadécimale)
arg-member-key-key_name = Le nom de la nouvelle clé dans le trousseau local (`cercle key new NOM`)
arg-member-key-countersign = Contresigne aussitôt avec cette seconde clé locale (l'équipe d'appui si un soucieux demande, un soucieux si l'équipe d'appui demande) ; sinon la demande attend `cercle countersign`
cmd-circle-support-key = Donne une nouvelle clé à l'équipe d'appui régionale (clé perdue ou volée) : signée par sa clé actuelle, elle compte aussitôt ; signée par un soucieux, une fois que chaque soucieux actuel l'a contresignée (`cercle countersign SEQ`)
arg-circle-support-key-key = La nouvelle clé publique (hexadécimale)
arg-circle-support-key-key_name = Le nom de la nouvelle clé dans le trousseau local (`cercle key new NOM`)

## Exemples des commandes principales
cmd-init-after =
    Exemples :
      cercle key new sophie
      cercle init --name Audomarois --territory "Pays de Saint-Omer" --support-key PUBKEY --as sophie
cmd-vote-after =
    Exemples :
      cercle meeting attend M1 --as lea
      cercle vote M1 P1 pour --as lea
cmd-payout-after =
    Exemple :
      cercle payout P2 --amount 600 --date 2024-05-14 --ref VIR-0042 --receipt bulletin.pdf --as sophie
cmd-report-after =
    Exemples :
      cercle report
      cercle report --format csv-fr --out budget.csv
      cercle report --as-of 2024-06-30
cmd-verify-after =
    Exemples :
      cercle verify
      cercle verify littoral.jsonl
cmd-audit-after =
    Exemples :
      cercle audit ledger-data/*.jsonl
      cercle audit ledger-data/*.jsonl --format html --out audit.html
cmd-key-new-after =
    Exemples :
      cercle key new sophie
      cercle key new essai --unprotected
cmd-member-add-after =
    Exemple :
      cercle member add karim --key PUBKEY --role contributeur --as sophie
cmd-fund-receive-after =
    Exemple :
      cercle fund receive "12 000" --source FEDER --ref CONV-HDF-2024-017 --as sophie
cmd-propose-action-after =
    Exemple :
      cercle propose action --title "Rencontres des tiers-lieux" --envelope 3000 --as sophie
cmd-propose-spend-after =
    Exemples :
      cercle propose spend --action A1 --amount 1200 --payee karim --purpose Animation --as sophie
      cercle propose spend --action A1 --amount 450 --supplier Imprimerie --purpose Affiches --as sophie
cmd-meeting-open-after =
    Exemple :
      cercle meeting open --date 2024-05-14 --agenda P1,P2 --as sophie
