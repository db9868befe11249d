# cli messages (fr)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = erreur : { $message }
hint-line = conseil : { $hint }
