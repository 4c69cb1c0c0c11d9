"""`next-due --code CODE --accepted DATE …`: print when a piece of equipment is next due.

First line: the ISO date. Second: the rule (id, text, source, certainty). Third: why this date.
"""

import argparse
import re
import sys
from datetime import date

from .due import GAS_CLASSES, next_due, rule_line

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhiliang equipment", description="Special equipment: periodic inspection dates."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    due = commands.add_parser("next-due", help="next periodic-inspection date and its rule")
    due.add_argument("--code", required=True, help="特种设备目录 code, e.g. 3110")
    due.add_argument("--accepted", required=True, help="acceptance (监督检验) date, YYYY-MM-DD")
    due.add_argument("--last-inspected", help="last periodic inspection, YYYY-MM-DD")
    due.add_argument("--grade", help="safety grade 1–5 from the last inspection (vessels)")
    due.add_argument("--gas-class", choices=GAS_CLASSES, help="cylinders: the gas class")
    due.add_argument("--as-of", help="the day asked about, YYYY-MM-DD (default: today)")
    return parser


def _date(option: str, text: str | None) -> date | None:
    # Dates are parsed here rather than by argparse, so a bad one gives one line, not usage.
    if text is None:
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def _grade(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit():
        raise ValueError(f"--grade: {text!r} is not a safety grade (1–5)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse has printed its usage message
        return e.code if isinstance(e.code, int) else 2
    try:
        due = next_due(
            code=args.code,
            accepted=_date("--accepted", args.accepted),
            last_inspected=_date("--last-inspected", args.last_inspected),
            grade=_grade(args.grade),
            gas_class=args.gas_class,
            as_of=_date("--as-of", args.as_of),
        )
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(due.date.isoformat())
    print(rule_line(due))
    print(f"reason: {due.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
