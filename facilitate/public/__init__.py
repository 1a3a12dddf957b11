"""What observers see without an account."""
