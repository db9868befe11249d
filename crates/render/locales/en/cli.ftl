# cli messages (en)
# The prefixes of what cercle prints on stderr when it refuses.
error-line = error: { $message }
hint-line = hint: { $hint }
