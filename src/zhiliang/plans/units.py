"""Unit names in policy documents → which department of which region they mean.

"区市场监管局" in a 武进区 plan is 常州市武进区市场监督管理局; "省质监局" in a 江苏 plan is
江苏省市场监督管理局 (质监 merged into 市场监管 in 2018). Names are kept as data in
data/departments.yaml so an operator can add what the documents of their region say.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data" / "departments.yaml"
# A leading level word says whose department it is, relative to the plan's region.
LEVEL_WORDS = {"省": 1, "自治区": 1, "市": 2, "州": 2, "区": 3, "县": 3, "镇": 4, "街道": 4}
COLLECTIVE = ("有关单位", "有关部门", "相关部门", "相关单位", "各部门", "各单位", "成员单位")


@dataclass(frozen=True)
class Department:
    key: str
    current: str
    names: tuple[str, ...]
    note: str = ""
    province: str = ""  # the name at province level, where it differs (教育厅)
    central: bool = False  # a central-government unit (海关): no local one to create

    def current_at(self, level: int) -> str:
        return self.province if level == 1 and self.province else self.current


@dataclass(frozen=True)
class UnitName:
    """What a written unit name says: whose (a region level or a named place) and which office."""

    text: str
    level: int | None  # 1 province … 4 township, relative to the plan; None: not said
    place: str  # a place named in the text ("江苏", "南京", "武进区"), else ""
    department: Department | None
    collective: bool


@cache
def departments() -> tuple[Department, ...]:
    raw = yamldata.load(DATA.read_text(encoding="utf-8"))
    return tuple(
        Department(
            key,
            spec["current"],
            tuple(spec["names"]),
            spec.get("note", ""),
            spec.get("province", ""),
            spec.get("central", False),
        )
        for key, spec in raw.items()
    )


@cache
def _names_longest_first() -> tuple[tuple[str, Department], ...]:
    pairs = [(name, d) for d in departments() for name in d.names]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def department_of(name: str) -> Department | None:
    """The department a name ends with ("常州市武进区发展和改革局" → development_reform)."""
    name = name.strip()
    for alias, dept in _names_longest_first():
        if name.endswith(alias):
            return dept
    return None


def parse(text: str, place_names: tuple[str, ...] = ()) -> UnitName:
    """Split a written name into its level or place and its department.

    `place_names` are names of the plan's region and its ancestors, longest first
    ("常州市武进区", "武进区", "武进", "常州市", "常州", "江苏省", "江苏"), so that
    "武进区市场监管局" is read like "区市场监管局".
    """
    text = text.strip()
    department = department_of(text)
    head = text[: len(text) - len(_alias_in(text, department))] if department else text
    collective = any(word in text for word in COLLECTIVE)
    level, place = None, ""
    for candidate in place_names:
        if head.startswith(candidate):
            place, head = candidate, head[len(candidate) :]
            break
    if not place:
        for word, lvl in LEVEL_WORDS.items():
            if head.startswith(word):
                level = lvl
                break
        else:
            place = head  # a place the plan's region does not know ("南京", "江苏")
    return UnitName(text, level, place, department, collective)


def _alias_in(text: str, department: Department) -> str:
    return next(a for a in sorted(department.names, key=len, reverse=True) if text.endswith(a))


def central_units_q():
    """Organisations of the central government (海关, 税务局): a plan anywhere may name
    the one that serves it, wherever that unit is seated."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for dept in departments():
        if dept.central:
            for alias in dept.names:
                q |= Q(name__endswith=alias)
    return q
