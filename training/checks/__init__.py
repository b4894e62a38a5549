"""Self-checks of the pipeline, run by npm test (test/unit/training/*.test.ts)."""
