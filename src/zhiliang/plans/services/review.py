"""The reviewer's corrections checked before anything is stored.

The review page lets the reviewer add items the extractor missed (typed, or filled from a
selection in the source), split a target in two and merge two into one. Whatever the page
sends, the rows are checked here, all of them, and every reason is given against the row it
is about; nothing is saved unless every row is right.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhiliang.plans.choices import Comparator
from zhiliang.plans.models import Target

# A year or a year-month: targets' deadlines and phases' months.
_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
_UNIT_CHOICE = re.compile(r"org:\d+|new:\d{2,12}:.*|text|")


def _spans_errors(row: dict, text: str) -> list[str]:
    spans = row["spans"]
    if spans == "bad" or any(not (0 <= s < e <= len(text)) for s, e in spans):
        return [_("Its place in the source is not a part of this document; select it again.")]
    if row.get("origin") in ("split", "merged") and not spans:
        # A split or merged target is still the clause it came from.
        return [_("A split or merged target keeps its place in the source; start again.")]
    return []


def _target_errors(row: dict, text: str) -> list[str]:
    errors = _spans_errors(row, text)
    if not row["indicator"]:
        errors.append(_("Give the indicator the target measures."))
    elif len(row["indicator"]) > Target._meta.get_field("indicator_text").max_length:
        errors.append(_("The indicator is longer than 255 characters."))
    if row["comparator"] not in Comparator.values:
        errors.append(_("Choose how the value compares."))
    try:
        value = Decimal(row["value"].replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= Decimal(10) ** 14:
        errors.append(_("The value “%(v)s” is not a number.") % {"v": row["value"]})
    if len(row["unit"]) > 16:
        errors.append(_("The unit is longer than 16 characters."))
    if row["deadline"] and not _MONTH.fullmatch(row["deadline"]):
        errors.append(_("Give the deadline as a year (2025) or a month (2025-06)."))
    return errors


def _phase_errors(row: dict) -> list[str]:
    errors = [] if row["name"] else [_("Give the phase a name.")]
    for field in ("start", "end"):
        if row[field] and not _MONTH.fullmatch(row[field]):
            errors.append(_("Give the months as 2025-06."))
            break
    else:
        if row["start"] and row["end"] and row["end"] < row["start"]:
            errors.append(_("The phase ends before it starts."))
    return errors


def _task_errors(row: dict, text: str) -> list[str]:
    errors = _spans_errors(row, text)
    if not row["title"]:
        errors.append(_("Give the task a title."))
    if row["due_on"]:
        try:
            date.fromisoformat(row["due_on"])
        except ValueError:
            errors.append(_("The due date “%(v)s” is not a date.") % {"v": row["due_on"]})
    for units in row["units"].values():
        for unit in units:
            if not unit["name"] or not _UNIT_CHOICE.fullmatch(unit["choice"]):
                errors.append(_("Every unit needs a name; choose it again."))
                return errors
    return errors


KINDS = ("targets", "phases", "tasks")


def _label(kind: str, n: int) -> str:
    if kind == "targets":
        return _("Target %(n)s") % {"n": n}
    return (_("Phase %(n)s") if kind == "phases" else _("Task %(n)s")) % {"n": n}


def review_validate(*, text: str, state: dict) -> dict:
    """The ticked rows as the plan services take them, or a ValidationError whose dict
    names each faulty row by its key (t3, k0 …) with the reasons, "Target 4: …"."""
    checks = {
        "targets": lambda r: _target_errors(r, text),
        "phases": _phase_errors,
        "tasks": lambda r: _task_errors(r, text),
    }
    errors: dict[str, list[str]] = {}
    for kind, check in checks.items():
        for n, row in enumerate(state[kind], start=1):
            if row["accept"] and (found := check(row)):
                label = _label(kind, n)
                errors[row["key"]] = [f"{label}: {reason}" for reason in found]
    if not state["meta"]["title"]:
        errors["meta"] = [_("The plan needs a title.")]
    if errors:
        raise ValidationError(errors)
    return _items(state)


def _cover(spans: list) -> list[int] | None:
    """The one span a plan item stores: a merged target's clauses and all between them."""
    return [min(s for s, _e in spans), max(e for _s, e in spans)] if spans else None


def _choice(value: str, name: str) -> tuple:
    kind, _sep, rest = (value or "text").partition(":")
    if kind == "org":
        return ("org", int(rest))
    if kind == "new":
        code, _sep, new_name = rest.partition(":")
        return ("new", code, new_name or name)
    return ("text", name)


def _items(state: dict) -> dict:
    ticked = {kind: [r for r in state[kind] if r["accept"]] for kind in KINDS}
    return {
        "meta": state["meta"],
        "targets": [
            {
                "indicator": r["indicator"],
                "comparator": r["comparator"],
                "value": r["value"].replace(",", ""),
                "unit": r["unit"],
                "deadline": r["deadline"],
                "span": _cover(r["spans"]),
            }
            for r in ticked["targets"]
        ],
        "phases": [
            {"name": r["name"], "start": r["start"], "end": r["end"]} for r in ticked["phases"]
        ],
        "tasks": [
            {
                "title": r["title"],
                "due_on": r["due_on"] or None,
                "span": _cover(r["spans"]),
                "as_written": {
                    role: [u["name"] for u in units] for role, units in r["units"].items()
                },
                "units": {
                    role: [_choice(u["choice"], u["name"]) for u in units]
                    for role, units in r["units"].items()
                },
            }
            for r in ticked["tasks"]
        ],
    }
