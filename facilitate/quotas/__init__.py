"""Quota categories and values: entering, computing, importing and checking them."""
