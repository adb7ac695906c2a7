"""Command line: ``analyze``, ``dates`` and ``eval`` (wired by the lead as ``collegium nlp``)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def _iso(s: str) -> date:
    return date.fromisoformat(s)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="collegium nlp", description="Russian diplomatic news NLP")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("analyze", help="entities, dates and events of a text file (or - for stdin)")
    a.add_argument("--date", type=_iso, help="anchor date (a seed-format file gives its own)")
    a.add_argument("file")
    d = sub.add_parser("dates", help="date expressions of a text")
    d.add_argument("--anchor", type=_iso, required=True)
    d.add_argument("text", nargs="+")
    e = sub.add_parser("eval", help="scores on the gold set, compared with plain Natasha")
    e.add_argument("--gold", help="path to a gold JSONL file (default: the packaged set)")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("--links", action="store_true",
                   help="also score links to the demo plan (needs the Collegium Django app; uses a test database)")
    return p


def _dump(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.cmd == "analyze":
        from .pipeline import analyze_document

        if args.file == "-":
            raw = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as fh:
                raw = fh.read()
        _dump(analyze_document(raw, args.date))
        return 0
    if args.cmd == "dates":
        from .dates import find_dates

        _dump([d.as_dict() for d in find_dates(" ".join(args.text), args.anchor)])
        return 0
    if args.cmd == "eval":
        from . import eval as ev

        report = ev.evaluate(ev.load_gold(args.gold))
        links = ev.link_scores() if args.links else None
        if args.json:
            if links is not None:
                report["links"] = links[0]
            _dump(report)
        else:
            sys.stdout.write(ev.format_report(report))
            sys.stdout.write("\n" + (links[1] if links is not None else ev.LINKS_NOTE + "\n"))
        return 0
    return 2
