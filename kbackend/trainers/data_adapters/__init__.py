"""Data adapters: turn user data (arrays, generators, datasets) into batches."""
