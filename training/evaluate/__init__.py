"""The evaluation step: fit on validation, measure on the internal test, export public/model (python3 -m training.evaluate)."""
