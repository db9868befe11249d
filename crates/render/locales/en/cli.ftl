# cli messages (en)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = error: { $message }
hint-line = hint: { $hint }

# failure.rs: how a refusal starts, and the hints that follow the libraries' errors
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
