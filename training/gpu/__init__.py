"""The GPU path: pack the data for a rented machine, train there, bring checkpoints back."""
