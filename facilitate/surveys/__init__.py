"""Anonymous member surveys after a sitting or at the end of the assembly."""
