"""Reading the project's YAML data files (rules, catalogues, seeds)."""

import yaml

# libyaml's parser, when PyYAML was built with it (its wheels are): the same documents,
# read about ten times faster than by the pure-Python parser (0.6 s of each indicator
# recompute went to reading the catalogue).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(stream):
    """`yaml.safe_load`, by the faster parser: plain data only, never arbitrary objects."""
    return yaml.load(stream, Loader=LOADER)  # noqa: S506 — a safe loader
