"""The use cases the CLI and the archive share: load and check the inputs, evaluate, apply corrections, validate."""
