"""An assembly's working languages: versions of its texts, their status and the translators."""
