"""The enterprise importer's column-by-column check of rows that are clearly good.

Running the API serializer on each of 100,000 rows costs about a minute of a loaded core;
these checks take a few microseconds a row and say yes only where the serializer (with
`enterprise_validate`) would say yes and return the same values. Every other row — a cell
with stray spaces or odd characters, a wrong check character, an unknown region, a future
date … — goes to the serializer, which decides and words the rejection as the API does.
`test_quick_check.py` runs spoilt files through both and compares them row by row.
"""

import re
from datetime import date
from operator import mul

from django.utils import timezone

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models.regions import code_contains
from zhiliang.enterprises.choices import EnterpriseStatus, SizeClass
from zhiliang.enterprises.models import Enterprise

# GB 32100-2015 as stdnum.cn.uscc checks it, without its clean-up of each number (a third
# of the time of a row): for an 18-character upper-case ASCII number the answer is the same.
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)
_CHOICES = {"size_class": set(SizeClass.values), "status": set(EnterpriseStatus.values)}
_DATES = ("established_on", "cqo_trained_on")
# Plain text columns: the model's limit (the serializer has the same).
_TEXT_NAMES = ("name", "address", "legal_representative", "chief_quality_officer", "contact_phone")
_TEXT = {name: Enterprise._meta.get_field(name).max_length for name in _TEXT_NAMES}
_KNOWN = {"uscc", "region_code", "industry_code", *_CHOICES, *_DATES, *_TEXT}


def quick_context(context: dict) -> dict:
    """What the quick check needs once per file, taken from the serializer's context."""
    scope = getattr(context.get("user"), "jurisdiction", None)
    return {
        **context,
        "scope_code": scope.code if scope is not None else None,
        "today": timezone.localdate(),
    }


def _uscc_ok(number: str) -> bool:
    if len(number) != 18 or not number.isascii() or not number[:8].isdigit():
        return False
    if number[8:].strip(_ALPHABET):  # a character outside the alphabet is left over
        return False
    total = sum(map(mul, map(_VALUE.__getitem__, number[:17]), _WEIGHTS))
    return number[17] == _ALPHABET[(31 - total) % 31]


def _day(text: str, today: date) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day <= today else None


def quick_check(context: dict, record: dict) -> dict | None:
    """The serializer's validated data for `record`, or None if it is not clearly good."""
    if "scope_code" not in context:
        return None
    scope = context["scope_code"]
    if scope is None or not record.keys() <= _KNOWN:
        return None
    # Plain text only, which the serializer takes unchanged: no surrounding spaces, nothing
    # unprintable (NUL, surrogates, line breaks, full-width spaces go to the serializer).
    # A loop with the test inline, not any(…) over a function: this runs for every cell.
    for value in record.values():
        if not (
            isinstance(value, str) and value and value.isprintable() and value == value.strip()
        ):
            return None
    data = {}
    number = record.get("uscc")
    if number is None or not _uscc_ok(number) or number in context["taken_usccs"]:
        return None
    data["uscc"] = number
    if "name" not in record:
        return None
    for name, limit in _TEXT.items():
        if name in record:
            if len(record[name]) > limit:
                return None
            data[name] = record[name]
    region = context["regions"].get(record.get("region_code"))
    if (
        region is None
        or len(region.code) > 12
        or region.level not in _LEVELS
        or not code_contains(scope, region.code)
    ):
        return None
    data["region"] = region
    code = record.get("industry_code")
    if code is None or len(code) > 5:
        return None
    industry = context["industries"].get(code.upper())
    if industry is None:
        return None
    data["industry"] = industry
    for name, allowed in _CHOICES.items():
        if name in record:
            if record[name] not in allowed:
                return None
            data[name] = record[name]
    for name in _DATES:
        if name in record:
            day = _day(record[name], context["today"])
            if day is None:
                return None
            data[name] = day
    established, trained = data.get("established_on"), data.get("cqo_trained_on")
    if established and trained and trained < established:
        return None
    if trained and not (data.get("chief_quality_officer") or "").strip():
        return None  # a training date needs an officer (Enterprise.clean words it)
    return data
