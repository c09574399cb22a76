"""Cache invalidation only: the engine's district indexes notice profile changes by a
fingerprint query, so nothing has to be pushed here; the learned model likewise by mtime."""
