"""The export step: fit what ships with a model and write each file of its folder once (python3 -m training.export)."""
