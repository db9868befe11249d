# rules messages (fr)
# Les erreurs des bibliothèques, telles que le module `errors` de cercle-render (et, pour le
# stockage, le failure.rs de la ligne de commande) les disent en français.

## cercle-core : RuleError, un message par règle (id : rule- et le nom de la règle)
rule-not-genesis = la première écriture d'un registre doit être la fondation du cercle (genesis)
rule-second-genesis = un registre ne tient qu'un seul cercle : une seconde fondation (genesis) est refusée
rule-wrong-circle = l'écriture appartient à un autre cercle ({ $found } et non { $expected })
rule-wrong-sequence = l'écriture porte le numéro { $found }, mais la suivante doit porter le numéro { $expected }
rule-broken-chain = l'écriture ne s'enchaîne pas à la précédente (l'empreinte précédente qu'elle donne n'est pas celle de la dernière écriture)
rule-time-goes-backwards = l'écriture est datée d'avant l'écriture précédente
rule-bad-signature = la signature ne correspond pas à la clé de son auteur
rule-weak-key = la clé n'est pas une clé publique ed25519 valide, ou c'est une clé faible (d'ordre petit)
rule-unknown-author = la clé de l'auteur n'est celle d'aucun membre actuel du cercle
rule-not-soucieux = il faut être soucieux pour { $what }
rule-not-soucieux-or-support = il faut être soucieux, ou l'équipe d'appui, pour { $what }
rule-not-support = seule l'équipe d'appui du cercle peut { $what }
rule-key-replaced = cette clé a été remplacée : { $holder } signe avec une nouvelle clé depuis l'écriture { $seq }, et l'ancienne ne signe plus rien
rule-member-name-confusable = { $name } ressemble à { $existing }, déjà membre du cercle (actuel ou ancien) : choisissez un nom qui se lit autrement
rule-countersigned-by-key-holder = l'écriture { $seq } donne une nouvelle clé à celui ou celle qui la contresignerait : un autre soucieux doit le faire
rule-already-countersigned = l'écriture { $seq } porte déjà la signature de ce signataire
rule-no-support-team = le cercle n'a pas d'équipe d'appui, donc pas de clé d'appui à remplacer
rule-envelope-other-circle = l'enveloppe est signée pour un autre cercle ({ $found }…)
rule-envelope-bad-signature = la signature de l'enveloppe ne correspond pas à la clé de son auteur
rule-envelope-too-old = l'enveloppe a été signée le { $created }, plus de 30 jours avant d'être enregistrée ({ $recorded }) : son auteur doit la signer à nouveau
rule-envelope-from-future = l'enveloppe est datée du { $created }, plus d'un jour après avoir été enregistrée ({ $recorded }) : l'horloge de son auteur est fausse
rule-envelope-replayed = l'enveloppe { $envelope }… est déjà dans le registre : une enveloppe ne compte qu'une fois
rule-name-taken = un membre nommé { $name } existe déjà (les noms sont uniques, majuscules et minuscules confondues)
rule-key-taken = cette clé publique appartient déjà à { $owner }
rule-too-many-members = le cercle compte déjà { $count } membres, le maximum possible
rule-no-such-member = aucun membre ne s'appelle { $name }
rule-member-left = { $name } a quitté le cercle
rule-same-role = { $name } a déjà le rôle { $role }
rule-last-soucieux = { $name } est le dernier soucieux : un cercle en garde toujours au moins un
rule-same-status = le cercle est déjà { $status }
rule-total-overflow = les totaux dépasseraient la capacité de calcul
rule-duplicate-reference = la référence { $reference } a déjà servi pour { $what } de l'écriture { $seq } : si une seconde avec la même référence est voulue, dites-le (--allow-duplicate-ref)
rule-agreement-taken = une convention { $reference } existe déjà (les références sont uniques, majuscules et minuscules confondues)
rule-agreement-period = la période de la convention se termine le { $to }, avant de commencer le { $from }
rule-no-such-agreement = il n'y a pas de convention { $reference } : déclarez-la d'abord (cercle agreement add)
rule-agreement-over-awarded = les fonds reçus au titre de la convention { $agreement } atteindraient { $received }, plus que les { $awarded } accordés
rule-governance-changes-nothing = la proposition ne change rien : le cercle a déjà { $setting }
rule-proxies-not-allowed = ce cercle n'autorise pas les pouvoirs (ses membres l'ont décidé en réunion de régulation)
rule-not-a-fund-receipt = l'écriture { $seq } n'est pas une réception de fonds enregistrée dans les 400 jours précédents : seules celles-ci se corrigent (un versement, lui, s'annule)
rule-correction-changes-nothing = la correction de l'écriture { $seq } ne change rien : donnez le montant, la source ou la référence tels qu'ils auraient dû être
rule-not-a-reversible-payout = l'écriture { $seq } n'est pas un versement enregistré dans les 400 derniers jours : seuls ceux-là peuvent être annulés
rule-already-reversed = le versement de l'écriture { $seq } est déjà annulé
rule-nothing-to-countersign = l'écriture { $seq } n'est ni une correction ni un versement en attente de contreseing
rule-countersigned-by-author = l'écriture { $seq } doit être contresignée par une deuxième personne, pas par son auteur
rule-countersigned-by-payee = le versement de l'écriture { $seq } paie la personne qui le contresignerait : un autre soucieux ou l'équipe d'appui doit le faire
rule-correction-leaves-books-short = la correction de l'écriture { $receipt } laisserait { $received } reçus, moins que les { $committed } déjà payés ou engagés
rule-no-such-action = il n'y a pas d'action { $action } au programme
rule-no-such-proposal = il n'y a pas de proposition { $proposal }
rule-too-many-proposals = le cercle a déjà le nombre maximal de propositions
rule-spend-over-envelope = la ligne de dépense demande { $amount }, mais l'enveloppe entière de l'action { $action } est de { $envelope }
rule-payee-not-member = une rétribution paie un membre actuel, et { $name } n'en est pas un
rule-not-pending = la proposition { $proposal } est { $status }, et non en attente
rule-not-proposal-author = seul l'auteur de la proposition { $proposal } peut la retirer
rule-on-open-agenda = la proposition { $proposal } est à l'ordre du jour de la réunion { $meeting }, qui est ouverte
rule-empty-agenda = une réunion a besoin d'au moins une proposition en attente à son ordre du jour
rule-agenda-too-long = un ordre du jour compte au plus { $max } propositions
rule-duplicate-on-agenda = la proposition { $proposal } figure deux fois à l'ordre du jour
rule-no-such-meeting = il n'y a pas de réunion { $meeting }
rule-meeting-closed = la réunion { $meeting } est close
rule-not-voting-member = { $name } n'était pas membre à l'ouverture de la réunion { $meeting }, et ne peut donc ni y assister ni y voter
rule-already-present = la présence de { $name } à la réunion { $meeting } est déjà enregistrée
rule-voter-not-present = { $name } doit enregistrer sa présence à la réunion { $meeting } avant de voter
rule-not-on-agenda = la proposition { $proposal } n'est pas à l'ordre du jour de la réunion { $meeting }
rule-already-voted = { $name } a déjà voté sur la proposition { $proposal }
rule-recused-voter = { $name } ne peut pas voter sur la proposition { $proposal }, qui le ou la rétribue (déport)
rule-outcome-mismatch = l'écriture de clôture donne pour { $proposal } : { $recorded }, alors que les votes et les comptes donnent : { $computed }
rule-outcome-count = l'écriture de clôture donne { $recorded } résultats, mais la réunion { $meeting } a { $agenda } points à l'ordre du jour
rule-proxy-to-self = un membre donne son pouvoir à un autre membre, pas à lui-même
rule-proxy-giver-present = la présence de { $name } à la réunion { $meeting } est enregistrée : un pouvoir se donne quand on sera absent
rule-proxy-already-given = { $name } a déjà donné un pouvoir pour la réunion { $meeting }
rule-proxy-chain = { $name } a donné ou détient un pouvoir pour la réunion { $meeting } : un pouvoir ne se transmet pas
rule-proxy-holder-full = { $name } détient déjà le nombre maximal de pouvoirs à la réunion { $meeting } (un seul)
rule-not-spend-line = la proposition { $proposal } n'est pas une ligne de dépense
rule-line-not-adopted = la ligne de dépense { $proposal } est { $status } : on ne paie que sur des lignes de dépense adoptées
rule-line-fully-paid = la ligne de dépense { $proposal } est entièrement payée : il ne reste rien à payer ni à libérer
rule-payout-exceeds-line = le versement de { $amount } dépasse les { $remaining } qui restent sur la ligne de dépense { $proposal }
rule-payee-not-paid-role = { $name } est { $role } : les rétributions ne vont qu'aux membres qui ont un rôle rétribué (soucieux ou contributeur·rice)
rule-self-payout = personne n'enregistre un versement à soi-même : un autre soucieux ou l'équipe d'appui doit l'enregistrer
rule-payout-before-adoption = le versement est daté du { $date }, avant l'adoption de sa ligne { $line } le { $adopted }
rule-payout-in-future = le versement est daté du { $date }, après le jour de son enregistrement ({ $recorded }) : un versement s'enregistre une fois fait
rule-meeting-before-circle = la réunion est datée du { $date }, avant la fondation du cercle le { $founded }
rule-meeting-too-far-ahead = la réunion est datée du { $date }, plus de { $days } jours après le jour de son ouverture ({ $recorded })

## cercle-core : FormatError
format-truncated = l'écriture est tronquée (dans son champ { $field })
format-trailing-bytes = l'écriture a { $count } octets inattendus après son dernier champ
format-unknown-label = l'écriture ne commence pas par l'étiquette cercle/entry/v1 (autre format ou autre version)
format-bad-value = le champ { $field } de l'écriture a une valeur invalide ({ $value })
format-bad-utf8 = le champ { $field } de l'écriture n'est pas de l'UTF-8 valide
format-bad-text = l'écriture contient un texte invalide : { $reason }
format-bad-currency = la monnaie du cercle doit être EUR, et non "{ $currency }"
format-too-large = l'écriture fait { $size } octets, plus que les 16384 permis
format-line-too-long = la ligne fait { $size } octets, plus que ce qu'une écriture peut occuper
format-bad-line = la ligne n'est pas une ligne d'export ({ $reason })
format-bad-base64 = l'écriture de la ligne n'est pas en base64
format-line-seq-mismatch = la ligne indique le numéro { $line }, mais son écriture porte le numéro { $entry }
format-line-hash-mismatch = l'empreinte de la ligne n'est pas celle de son écriture
format-author-is-not-signer = l'auteur de l'écriture n'est pas la clé qui la signe

## cercle-core : VerifyError
verify-format = écriture { $position } : { $error }
verify-rule = écriture { $seq } ({ $kind }) : { $error }
verify-empty = le registre est vide : il n'a pas d'écriture de fondation (genesis)
verify-diverged = le registre ne prolonge pas celui vérifié auparavant, dont l'écriture { $seq } est { $hash } : { $reason }
verify-worker = les écritures à partir de la { $position } n'ont pas été vérifiées : un fil de vérification a échoué (un bogue de cercle)
verify-checkpoint = le point de contrôle { $index } (écriture { $seq }, empreinte { $hash }) ne figure pas dans ce registre : { $reason }

## cercle-core : ce que lit la ligne de commande (montants, quorums, identifiants, noms, textes, mots)
amount-empty = un montant est requis (par exemple 350 ou 1 234,50)
amount-not-a-number = "{ $text }" n'est pas un montant : écrivez des euros avec au plus 2 décimales, par exemple 350, 1234.50 ou 1 234,50
amount-negative = "{ $text }" est négatif : les montants sont strictement positifs
amount-zero = "{ $text }" vaut zéro : les montants sont strictement positifs
amount-too-many-decimals = "{ $text }" a plus de 2 décimales : les montants sont en euros et centimes
amount-too-large = "{ $text }" est trop grand : au plus 1 000 000 000,00 euros
quorum-invalid = "{ $text }" n'est pas un quorum : écrivez une fraction entre 0 et 1, par exemple 1/2, 0.5 ou 50%
id-invalid = "{ $text }" n'est pas un identifiant { $what } : écrivez { $prefix } suivi d'un nombre, par exemple { $prefix }1
member-name-invalid = "{ $name }" n'est pas un nom de membre : utilisez de 1 à 64 lettres de l'alphabet latin (accents compris), chiffres, '-', '_' ou '.'
text-empty = { $field } est vide
text-too-long = { $field } dépasse la limite de { $max } caractères
text-control = { $field } contient un caractère de contrôle (retour à la ligne, tabulation…)
text-padded = { $field } commence ou finit par des espaces
text-not-a-file-name = { $field } doit être un nom de fichier seul, sans dossier (ni / ni \, ni . ni ..)
text-invisible = { $field } contient U+{ $code }, un caractère invisible ou qui change le sens d'écriture du texte (il fait lire un texte autrement qu'il n'est)
word-invalid = "{ $word }" n'est pas { $what } : utilisez { $expected }
hex-invalid = "{ $text }" n'est pas une chaîne de 64 caractères hexadécimaux

## cercle-core : CheckpointError
checkpoint-malformed = ce n'est pas une note de point de contrôle cercle : { $reason }
checkpoint-bad-signature = le point de contrôle n'est pas signé par la clé support du cercle
checkpoint-wrong-circle = le point de contrôle est celui du cercle { $found }, et non de ce cercle ({ $expected })
checkpoint-too-long = la note fait { $size } octets, plus que les { $max } octets permis pour une note de point de contrôle
checkpoint-control-character = la note contient un caractère de contrôle autre qu'un retour à la ligne (les notes signées C2SP n'en ont pas)
checkpoint-no-signature-block = la note ne se termine pas par une ligne vide suivie de lignes de signature, chacune finie par un retour à la ligne
checkpoint-bad-signature-line = la ligne de signature { $line } de la note ne convient pas ({ $reason })
checkpoint-too-many-signatures = la note a { $count } lignes de signature, plus que les { $max } permises
checkpoint-duplicate-signature = la note a deux signatures de la même clé { $key }
checkpoint-invalid-signature = la signature de la clé connue { $key } n'est pas valide : la note a été modifiée ou signée par une autre clé
checkpoint-no-known-signature = aucune signature de la note n'est celle d'une clé connue
checkpoint-bad-key-name = le nom de clé { $name } est vide ou contient une espace, un signe plus ou un caractère de contrôle
checkpoint-bad-vkey = ce n'est pas une clé de vérification ed25519 C2SP (<nom>+<identifiant de clé, 8 hex>+<base64 de 0x01 et de la clé>) : { $reason }
checkpoint-already-signed = la note est déjà signée par { $key }

## cercle-core : ProofError (preuves de Merkle)
proof-index-out-of-range = la feuille { $index } n'est pas dans un arbre de { $size } feuilles
proof-size-out-of-range = un arbre de { $size } feuilles a été demandé, mais seules { $available } empreintes de feuilles ont été données
proof-old-size-greater = l'ancien arbre a { $old } feuilles, plus que les { $new } du nouvel arbre
proof-too-long = la preuve a { $count } empreintes, plus que les { $max } permises
proof-wrong-length = la preuve a { $found } empreintes, alors que ces tailles d'arbre en demandent { $expected }
proof-root-mismatch = la preuve ne mène pas de cette feuille d'index { $index } à cette racine d'un arbre de { $size } feuilles
proof-old-root-mismatch = la preuve de cohérence ne mène pas à l'ancienne racine (arbre de { $size } feuilles)
proof-new-root-mismatch = la preuve de cohérence ne mène pas à la nouvelle racine (arbre de { $size } feuilles)
proof-different-roots = les deux racines d'arbres de { $size } feuilles diffèrent
proof-not-a-subtree = les feuilles { $start }..{ $end } ne forment pas un sous-arbre (une puissance de deux non nulle de feuilles, commençant à un multiple de celle-ci)
proof-malformed-frontier = une frontière de { $size } feuilles a { $hashes } empreintes, et non une par bit à 1 de sa taille
proof-tree-full = l'arbre contient déjà { $size } feuilles, le maximum possible

## cercle-store : StoreError et KeystoreError (dits par le failure.rs de la ligne de commande :
## cercle-render ne dépend pas de cercle-store)
store-missing = il n'y a pas de registre dans { $path }
store-not-a-ledger = { $path } n'est pas un registre cercle
store-already-exists = { $path } existe déjà et n'est pas vide : un nouveau registre demande un nouveau dossier
store-locked = le registre { $path } est ouvert dans un autre processus cercle
store-busy = le registre { $path } est encore occupé par un autre processus cercle après { $seconds } s d'attente
store-damaged = le registre { $path } est endommagé : { $reason }
store-published = le registre publié dans { $path } n'est pas cohérent : { $reason }
store-unknown = le registre { $path } n'a pas pu être écrit ({ $cause }), et on ne sait pas si l'écriture { $seq } a été enregistrée
store-io = le registre { $path } n'a pas pu être lu ou écrit : { $cause }
key-bad-name = "{ $name }" n'est pas un nom de clé : utilisez de 1 à 64 lettres, chiffres, '-', '_' ou '.', sans commencer par '.'
key-no-such-key = il n'y a pas de clé nommée { $name } dans { $dir }
key-exists = une clé nommée { $name } existe déjà
key-bad-file = { $path } n'est pas un fichier de clé cercle
key-empty = { $path } est vide et ne contient donc aucune clé (son écriture a été interrompue, par exemple par un disque plein) : supprimez-le, puis créez la clé à nouveau
key-not-created = impossible d'écrire la clé { $name } dans { $dir } : { $cause } ; rien n'en a été gardé, la même commande peut donc être relancée une fois le problème réglé
key-exposed = le fichier de clé { $path } peut être { $exposed } par d'autres utilisateurs (mode { $mode }) ; vous seul devez pouvoir le { $verb }
key-not-yours = le fichier de clé { $path } appartient à un autre utilisateur (uid { $owner }), pas à vous (uid { $uid }) ; seul un fichier de clé à vous est utilisé
key-link-outside = le fichier de clé { $link } est un lien vers { $target }, hors du trousseau { $dir } ; une clé doit se trouver dans le trousseau lui-même
key-dir-exposed = le dossier du trousseau { $dir } est modifiable par d'autres utilisateurs (mode { $mode }), qui pourraient remplacer ses clés
key-dir-not-yours = le dossier du trousseau { $dir } appartient à un autre utilisateur (uid { $owner }), qui pourrait remplacer ses clés ; il doit être à vous (uid { $uid }) ou à root
key-io = le trousseau { $path } n'a pas pu être lu ou écrit : { $cause }
key-no-passphrase = la clé { $name } est protégée par une phrase de passe, et { $why }
key-wrong-passphrase = la phrase de passe n'ouvre pas la clé { $name }
key-bad-export = { $path } n'est pas un export de clé cercle que cette phrase de passe ouvre

## cercle-store : Damage, pourquoi un registre est endommagé (la fin de store-damaged, et ce
## que `cercle repair` a mis de côté), et PublishedDamage, ce qui ne tient pas dans un dossier
## publié (la fin de store-published) ; dits par le error.rs de la ligne de commande
damage-poisoned = une écriture précédente par ce même accès n'a pas pu être annulée ; ouvrez le registre à nouveau
damage-tree-disagrees = son arbre de Merkle se contredit ({ $error })
damage-tree-hash-missing = son arbre de Merkle n'a pas d'empreinte au niveau { $level }, { $n }
damage-tree-cut-short-at = son arbre de Merkle est tronqué au niveau { $level }, { $n }
damage-tree-too-short = son arbre de Merkle a moins d'empreintes que ses écritures n'en donnent
damage-tree-cut-short = son arbre de Merkle est tronqué
damage-tree-differs = son arbre de Merkle diffère de ses écritures à l'empreinte stockée { $index } (feuille { $leaf }) ; `cercle repair` le reconstruit
damage-frontier-differs = la frontière de Merkle stockée diffère de celle que donnent ses écritures
damage-note-not-text = sa note de point de contrôle n'est pas du texte UTF-8
damage-entry-not-leaf = l'écriture { $seq } diffère de sa feuille dans l'arbre de Merkle
damage-entry-not-intact = l'écriture { $seq } (à l'octet { $offset } de son fichier d'écritures) n'est pas intacte ; les écritures 0 à { $last } le sont ; `cercle repair` les garde et met le reste de côté
damage-state-differs = son état stocké diffère de celui que donnent ses écritures
damage-history-differs = son historique stocké diffère de celui que donnent ses écritures
damage-unknown-format = il est au format { $format }, que cette version de cercle ne connaît pas
damage-entries-missing = son fichier d'écritures est absent
damage-no-entry = il ne contient aucune écriture
damage-entries-cut-short = des écritures déjà confirmées manquent : il contient { $bytes } octets d'écritures, mais l'écriture { $head } (la dernière confirmée) se terminait à l'octet { $end } ; `cercle repair` garde les écritures intactes et met le reste de côté
damage-head-moved = l'écriture { $head } (la dernière confirmée, d'empreinte { $hash }) n'est plus là où elle a été écrite ; `cercle repair` garde les écritures intactes et met le reste de côté
damage-record-not-intact = l'écriture à l'octet { $offset } de son fichier d'écritures n'est pas intacte, et d'autres octets la suivent ; `cercle repair` garde les écritures intactes qui la précèdent et met le reste de côté
damage-unreadable-after-state = l'écriture { $seq }, qui suit la dernière que connaît son état, ne peut pas être lue ({ $error }) ; `cercle repair` la met de côté
damage-refused-after-state = l'écriture { $seq }, qui suit la dernière que connaît son état, est refusée ({ $error }) ; `cercle repair` la met de côté
damage-record-after-state-not-intact = l'enregistrement à l'octet { $offset } de son fichier d'écritures, après l'écriture { $last }, n'est pas intact et d'autres octets le suivent ; `cercle repair` garde les écritures 0 à { $last } et met le reste de côté
damage-history-unreadable = son historique ne peut pas être lu ({ $error })
damage-history-not-intact = son historique n'est pas intact à l'octet { $offset } ; toute commande qui écrit le reconstruit après `cercle repair`
damage-nothing-intact = même sa première écriture n'est pas intacte : restaurez-le depuis un export ou une sauvegarde
damage-entry-unreadable = l'écriture { $seq } est refusée : { $error }
damage-entry-refused = l'écriture { $seq } est refusée : { $error }
damage-entry-cut = l'écriture { $seq } (à l'octet { $offset }) n'est pas intacte
damage-import-unfinished = un import dans ce registre n'a pas abouti ; supprimez le dossier et importez à nouveau
damage-chunk-truncated = un bloc tronqué dans son archive
damage-chunk-malformed = un bloc mal formé dans son archive
damage-tail-key-malformed = une clé mal formée parmi ses dernières écritures
damage-entry-missing = l'écriture { $seq } manque (la suivante qu'il contient est la { $next })
published-damage-checkpoint-not-text = son point de contrôle n'est pas du texte UTF-8
published-damage-checkpoint-unreadable = son point de contrôle ne peut pas être lu : { $error }
published-damage-not-a-tree-checkpoint = son point de contrôle n'est pas un point de contrôle d'arbre
published-damage-checkpoint = { $error }
published-damage-root-differs = la racine de Merkle de ses { $size } écritures n'est pas celle de son point de contrôle : une écriture a été modifiée, ajoutée ou retirée
published-damage-bundle-empty = un lot est vide
published-damage-head-differs = son point de contrôle donne { $named } comme empreinte de sa dernière écriture, la #{ $seq }, dont l'empreinte est { $found }
published-damage-no-node = son arbre de { $size } écritures n'a pas de nœud { $n } au niveau { $level }
published-damage-tile-size = la tuile { $tile } contient { $bytes } octets, et non { $expected }
published-damage-bundle-cut-short = le lot { $bundle } est tronqué à l'écriture #{ $seq }
published-damage-bundle-too-long = le lot { $bundle } contient plus que ses { $width } écritures
published-damage-not-signed-by-keeper = son point de contrôle n'est signé ni par la clé d'appui du cercle, ni par un soucieux actuel en tant que teneur du registre : { $error }
published-damage-no-genesis = sa première écriture n'est pas une écriture de création
published-damage-no-support-key = son cercle ne nomme aucune clé d'appui : son point de contrôle ne peut donc pas être vérifié
published-damage-other-circle = son point de contrôle est celui d'un autre cercle que sa première écriture
published-damage-support-signature-wrong = la signature de la clé d'appui sur son point de contrôle n'est pas valide : { $error }
published-damage-too-large = il fait { $bytes } octets, plus que le maximum possible ({ $max })

## cercle-store : StoreNote, ce qu'un registre a remarqué et réparé de lui-même, ou n'a pas pu
## faire mais sans conséquence (la fin de store-note) ; dits par le error.rs de la ligne de
## commande
store-note-state-cut-short = son état dérivé est tronqué : il a été reconstruit à partir des écritures
store-note-state-of-another-version = son état dérivé a été écrit par une autre version de cercle : il a été reconstruit à partir des écritures
store-note-state-checksum-differs = son état dérivé est endommagé (sa somme de contrôle diffère) : il a été reconstruit à partir des écritures
store-note-state-unreadable = son état dérivé ne peut pas être lu ({ $error }) : il a été reconstruit à partir des écritures
store-note-state-missing = son état dérivé est absent : il a été reconstruit à partir des écritures
store-note-state-no-head = son état dérivé n'a pas de dernière écriture : il a été reconstruit à partir des écritures
store-note-frontier-differs = sa frontière de Merkle ne correspond pas à ses écritures : son état dérivé a été reconstruit à partir des écritures
store-note-derived-cut-short = son historique ou son arbre de Merkle est plus court que ne l'indique son état : ils ont été reconstruits à partir des écritures
store-note-torn-append = { $bytes } octets à la fin de son fichier d'écritures sont un ajout interrompu avant d'avoir été confirmé (l'écriture { $seq } n'a jamais été enregistrée) ; la prochaine commande qui écrit les retirera
store-note-torn-append-cut = { $bytes } octets à la fin de son fichier d'écritures sont un ajout interrompu avant d'avoir été confirmé (l'écriture { $seq } n'a jamais été enregistrée) : ils ont été retirés
store-note-end-not-cut = la fin de son fichier « { $file } » n'a pas pu être retirée ; elle est ignorée
# Le début des store-note-*-not-saved ($what) : après un ajout par ce même accès, ou après l'ouverture.
store-note-derived-after-append = l'écriture est enregistrée, mais
store-note-derived-after-open = les écritures du registre sont intactes, mais
store-note-tree-not-saved = { $what } son arbre de Merkle dérivé n'a pas pu être écrit ({ $error }) ; la prochaine commande qui écrit le mettra à jour
store-note-history-not-saved = { $what } son historique dérivé n'a pas pu être écrit ({ $error }) ; la prochaine commande qui écrit le mettra à jour
store-note-state-not-saved = { $what } son état dérivé n'a pas pu être écrit ({ $error }) ; la prochaine commande qui écrit le mettra à jour
store-note-earlier-format = ce registre est au format d'une version antérieure de cercle (sled) ; la prochaine commande qui y écrit le convertira

## cercle-store : WitnessError, un fichier témoin qui ne peut être ni lu ni écrit, et
## WitnessDamage, pourquoi il est endommagé (la fin de witness-file-damaged) ; dits par le
## error.rs de la ligne de commande
witness-file-io = le fichier témoin { $path } n'a pas pu être lu ou écrit : { $cause }
witness-file-damaged = le fichier témoin { $path } est endommagé : { $reason } (supprimez-le pour auditer ce cercle depuis le début)
witness-damage-not-a-record = ce n'est pas un enregistrement de témoin cercle
witness-damage-no-header = il n'a pas d'en-tête
witness-damage-header-unreadable = son en-tête ne peut pas être décodé
witness-damage-other-circle = il concerne un autre cercle
witness-damage-state-unreadable = son état ne peut pas être décodé
witness-damage-state-disagrees = son état contredit son en-tête
witness-damage-no-circle = son état ne contient aucun cercle
witness-damage-history-unreadable = son historique ne peut pas être décodé
witness-damage-missing = il est absent
witness-damage-shorter-than-record = il est plus court que ne l'indique son enregistrement
witness-damage-frame-cut = une trame est tronquée
witness-damage-hashes-differ = ses empreintes ne correspondent pas à son enregistrement
witness-damage-no-state = l'enregistrement n'a pas pu être encodé : il ne contient aucun état
witness-damage-history-too-large = l'enregistrement n'a pas pu être encodé : un historique trop volumineux
witness-damage-not-encoded = l'enregistrement n'a pas pu être encodé : { $error }
