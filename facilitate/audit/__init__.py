"""The audit log: who did what, when, in which assembly, chained by hashes."""
