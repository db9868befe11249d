# html messages (en)
