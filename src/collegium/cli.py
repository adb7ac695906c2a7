"""The `collegium` command: every Django management command plus Collegium's own.

`collegium report interim ...`, `collegium audit verify`, `collegium demo` and the rest are
management commands in the domain apps; `collegium nlp ...` goes straight to the NLP package,
which needs no database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "nlp":
        from collegium_nlp.cli import main as nlp_main

        return nlp_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["collegium", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
