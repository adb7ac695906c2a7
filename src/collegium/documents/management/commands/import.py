"""`collegium import ...` — the same command as import_data (the module name reads as the verb)."""

from collegium.documents.management.commands.import_data import Command  # noqa: F401
