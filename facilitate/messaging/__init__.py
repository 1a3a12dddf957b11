"""Organisers write to people: templates, segments, mailings sent once, scheduled reminders."""
