"""Read-only process records of an assembly for its evaluators, free of personal data."""
