"""One-off questions about views and checkpoints, asked on validation data."""
