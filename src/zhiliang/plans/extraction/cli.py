"""`extract FILE --json`: print the contract JSON for one document."""

import argparse
import json
import sys

from . import extract_file
from .reading import ExtractionError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhiliang plan", description="Extract a plan from a policy document."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="extract targets, responsibilities, phases")
    extract.add_argument("file", help=".txt, .docx, .html or .pdf")
    extract.add_argument("--json", action="store_true", help="print the contract JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse has printed its usage message
        return e.code if isinstance(e.code, int) else 2
    try:
        result = extract_file(args.file)
    except ExtractionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not result["targets"]:
        print(f"note: no targets found in {args.file}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        meta = result["meta"]
        print(meta["title"] or args.file)
        for t in result["targets"]:
            print(f"  {t['indicator']} {t['comparator']} {t['value']}{t['unit'] or ''}")
        print(
            f"{len(result['targets'])} targets, {len(result['responsibilities'])} "
            f"responsibilities, {len(result['phases'])} phases"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
