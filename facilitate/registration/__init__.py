"""Stage 2 of recruitment: residents register and form the pool."""
