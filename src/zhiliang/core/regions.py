"""Loading the region tree from the packaged NBS/GB 2260 CSV files."""

import csv
from pathlib import Path

from django.db import transaction

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.core.models.regions import code_id

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"
# (file, level, column holding the parent code)
FILES = [
    ("provinces.csv", RegionLevel.PROVINCE, None),
    ("cities.csv", RegionLevel.CITY, "provinceCode"),
    ("areas.csv", RegionLevel.COUNTY, "cityCode"),
    ("streets.csv", RegionLevel.TOWNSHIP, "areaCode"),
]


def read_rows(data_dir: Path = DATA_DIR, prefixes: tuple[str, ...] = ("",)):
    for filename, level, parent_col in FILES:
        with open(data_dir / filename, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["code"]
                # Keep the subtrees asked for and the ancestors they hang from.
                if not (code.startswith(prefixes) or any(p.startswith(code) for p in prefixes)):
                    continue
                parent = row[parent_col] if parent_col else None
                if parent and not row["code"].startswith(parent):
                    raise ValueError(f"{filename}: {row['code']} does not lie under {parent}")
                yield row["code"], row["name"].strip(), level, parent


def regions_load(*, data_dir: Path = DATA_DIR, prefixes: tuple[str, ...] = ("",)) -> dict[str, int]:
    """Insert new regions and correct changed ones; running it twice changes nothing.

    `prefixes` limits the load to some provinces (tests load 江苏 only).
    """
    rows = list(read_rows(data_dir, prefixes))
    created = updated = 0
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.all()}
        stray = [c for c, r in existing.items() if r.id != code_id(c)]
        if stray:
            raise ValueError(
                f"{len(stray)} regions (e.g. {stray[0]}) were loaded by an older version with "
                "ids that do not follow their codes; start from a new database."
            )
        # Parents come first in FILES, so one pass per level resolves every parent id.
        for level in RegionLevel.values:
            ids = {code: r.id for code, r in existing.items()}
            new, changed = [], []
            for code, name, lvl, parent in rows:
                if lvl != level:
                    continue
                parent_id = ids[parent] if parent else None
                region = existing.get(code)
                if region is None:
                    new.append(
                        Region(
                            id=code_id(code), code=code, name=name, level=lvl, parent_id=parent_id
                        )
                    )
                elif (region.name, region.level, region.parent_id) != (name, lvl, parent_id):
                    region.name, region.level, region.parent_id = name, lvl, parent_id
                    changed.append(region)
            Region.objects.bulk_create(new, batch_size=2000)
            Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=2000)
            created += len(new)
            updated += len(changed)
            if new:
                existing.update({r.code: r for r in Region.objects.filter(level=level)})
    return {"created": created, "updated": updated, "total": len(rows)}
