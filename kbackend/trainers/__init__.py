"""The training loop (``Trainer``), data adapters and the epoch iterator."""
