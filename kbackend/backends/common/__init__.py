"""Engine-neutral parts shared by every engine: config, dtypes, KerasTensor, Variable base."""
