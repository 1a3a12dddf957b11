"""Back up the database and restore it into an empty one."""
