"""The GB/T 4754-2017 industry catalogue, packaged as data."""

import csv
from pathlib import Path

from zhiliang.core import yamldata

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


PRODUCTS_YAML = Path(__file__).resolve().parent / "data" / "products.yaml"


def products_load(product_model, path: Path = PRODUCTS_YAML) -> dict[str, int]:
    """Insert new categories and products, correct changed ones; running it twice changes
    nothing. `product_model` lets migrations pass theirs."""

    with open(path, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    existing = {p.code: p for p in product_model.objects.all()}
    created = updated = 0

    def upsert(code, fields):
        nonlocal created, updated
        item = existing.get(code)
        if item is None:
            item = product_model.objects.create(code=code, **fields)
            existing[code] = item
            created += 1
        elif any(getattr(item, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(item, k, v)
            item.save()
            updated += 1
        return item

    for category in data["categories"]:
        parent = upsert(str(category["code"]), {"name": category["name"], "parent": None})
        for product in category.get("products", []):
            upsert(
                str(product["code"]),
                {
                    "name": product["name"],
                    "parent": parent,
                    "requires_ccc": bool(product.get("ccc", False)),
                    "requires_licence": bool(product.get("licence", False)),
                    "is_food": bool(product.get("food", category.get("food", False))),
                },
            )
    return {"created": created, "updated": updated}
