"""Signing in and out, and accepting invitations."""
