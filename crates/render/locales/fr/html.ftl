# html messages (fr)
