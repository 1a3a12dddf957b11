"""Sittings."""
