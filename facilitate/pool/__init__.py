"""The registrant pool: browse, import, export, erase and purge."""
