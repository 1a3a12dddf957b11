"""The organiser's cockpit: an assembly's life in stages, each with its checklist."""
