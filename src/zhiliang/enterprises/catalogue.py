"""The GB/T 4754-2017 industry catalogue, packaged as data."""

import csv
from pathlib import Path

INDUSTRIES_CSV = Path(__file__).resolve().parent / "data" / "industries_gbt4754_2017.csv"


def industries_load(industry_model) -> int:
    """Insert missing sections and divisions; `industry_model` lets migrations pass theirs."""
    with open(INDUSTRIES_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    existing = set(industry_model.objects.values_list("code", flat=True))
    sections = [r for r in rows if not r["section"] and r["code"] not in existing]
    industry_model.objects.bulk_create(
        [industry_model(code=r["code"], name=r["name"], level=1) for r in sections]
    )
    ids = dict(industry_model.objects.filter(level=1).values_list("code", "id"))
    divisions = [r for r in rows if r["section"] and r["code"] not in existing]
    industry_model.objects.bulk_create(
        [
            industry_model(code=r["code"], name=r["name"], level=2, parent_id=ids[r["section"]])
            for r in divisions
        ]
    )
    return len(sections) + len(divisions)
