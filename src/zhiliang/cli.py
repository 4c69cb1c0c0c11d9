"""The `zhiliang` command: Django's management commands and ours, hyphens allowed."""

import os
import sys

# Commands that need no Django set-up (pure-Python tools).
PURE = {"plan", "equipment"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in PURE:
        return _pure(argv[1], argv[2:])
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiliang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def _pure(name: str, args: list[str]) -> int:
    if name == "plan":
        from zhiliang.plans.extraction.cli import main as plan_main

        return plan_main(args)
    if name == "equipment":
        from zhiliang.equipment.cli import main as equipment_main

        return equipment_main(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
