"""Administrators: accounts and organiser invitations."""
