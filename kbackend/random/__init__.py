"""Random ops and SeedGenerator (``kbackend.random``)."""
