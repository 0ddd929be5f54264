"""Hand-written training loops, one module per engine, used as the "native" baseline."""
