# cli messages (fr)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = erreur : { $message }
hint-line = conseil : { $hint }

# failure.rs : le début d'un refus, et les conseils qui suivent les erreurs des bibliothèques
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
