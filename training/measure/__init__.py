"""The measuring steps: each measures an exported model folder and writes its own report file beside it."""
