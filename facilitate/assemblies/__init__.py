"""Creating assemblies, their settings, lifecycle and team."""
