"""When a piece of special equipment is next due for periodic inspection (定期检验).

The catalogue (data/catalogue.yaml, 特种设备目录) and the interval rules
(data/inspection_rules.yaml, each with its TSG source and a ✓/? mark) are data; this module only
does the date arithmetic. Pure Python: nothing here imports Django.

Dates: "N years after" a date is its anniversary, and an anniversary of 29 February falls on
28 February in common years. Every rule counts from the acceptance inspection (监督检验, or
the date the equipment was put into service) or from the last periodic inspection:

- schedule_years (elevators): due dates are fixed anniversaries of acceptance (years 1, 4, 7,
  9, 11, 13, 15, then yearly). An inspection satisfies every due date it reached within the
  allowed advance (2 months), so inspecting early does not move later dates.
- every_years: N years after the last inspection, else after acceptance.
- by_grade (fixed pressure vessels): first due within N years of acceptance; then N years by
  the safety grade the last inspection gave.
- by_gas_class (cylinders): N years by gas class after the last inspection, else acceptance.
"""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from zhiliang.core import yamldata

DATA = Path(__file__).resolve().parent / "data"
GAS_CLASSES = ("corrosive", "general", "inert")
GAS_CLASSES_ZH = {"corrosive": "腐蚀性", "general": "一般", "inert": "惰性"}
KINDS = ("schedule_years", "every_years", "by_grade", "by_gas_class")


@dataclass(frozen=True)
class Entry:
    """One line of the catalogue: a kind (种类), category (类别) or variety (品种)."""

    code: str
    name: str
    level: str  # "kind", "category" or "variety"
    parent: str | None


@dataclass(frozen=True)
class Rule:
    """One interval rule from data/inspection_rules.yaml; fields unused by its kind stay empty."""

    id: str
    applies_to: tuple[str, ...]
    kind: str
    text_zh: str
    text_en: str
    source: str
    certainty: str
    note: str = ""
    years: tuple[int, ...] = ()  # schedule_years: anniversaries of acceptance
    then_every_years: int = 0  # schedule_years: after the last listed year
    then_certainty: str = ""  # schedule_years: mark of the dates after the list, if other
    advance_months: int = 0
    every_years: int = 0
    min_interval_months: int = 0
    first_within_years: int = 0  # by_grade: the first inspection
    grades: dict = field(default_factory=dict)  # by_grade: grade → years (None: not usable)
    classes: dict = field(default_factory=dict)  # by_gas_class: class → years


@dataclass(frozen=True)
class Due:
    """A next due date and what produced it. `certainty` is "" for a unit's override."""

    date: date
    rule_id: str
    text_zh: str
    text_en: str
    source: str
    certainty: str
    reason: str  # in English, as stored and printed by the CLI
    reason_zh: str = ""  # the same in Chinese, for the pages

    def text(self, language: str) -> str:
        """The rule's wording in `language` (a Django language code)."""
        return self.text_zh if language.startswith("zh") else self.text_en

    def why(self, language: str) -> str:
        """Why this date, in `language`."""
        return self.reason_zh if language.startswith("zh") and self.reason_zh else self.reason


@cache
def catalogue() -> dict[str, Entry]:
    """Every catalogue code → its entry (10 kinds, their categories and varieties)."""
    raw = yamldata.load((DATA / "catalogue.yaml").read_text(encoding="utf-8"))
    entries = {}
    for kind, spec in raw.items():
        entries[kind] = Entry(kind, spec["name"], "kind", None)
        for cat, cat_spec in spec.get("categories", {}).items():
            entries[cat] = Entry(cat, cat_spec["name"], "category", kind)
            for var, name in cat_spec.get("varieties", {}).items():
                entries[var] = Entry(var, name, "variety", cat)
        for var, name in spec.get("varieties", {}).items():  # F000: no categories
            entries[var] = Entry(var, name, "variety", kind)
    return entries


def entry(code: str) -> Entry:
    """The catalogue entry of a code ("4d00" is read as "4D00"); ValueError if unknown."""
    key = str(code).strip().upper()
    try:
        return catalogue()[key]
    except KeyError:
        raise ValueError(f"unknown special-equipment code {code!r}: not in 特种设备目录") from None


def ancestry(code: str) -> list[Entry]:
    """The entry of a code, then its category and kind."""
    chain = [entry(code)]
    while chain[-1].parent:
        chain.append(catalogue()[chain[-1].parent])
    return chain


@cache
def rules() -> tuple[Rule, ...]:
    raw = yamldata.load((DATA / "inspection_rules.yaml").read_text(encoding="utf-8"))
    result = []
    for spec in raw:
        spec = dict(spec, applies_to=tuple(spec["applies_to"]))
        if "years" in spec:
            spec["years"] = tuple(spec["years"])
        try:
            rule = Rule(**spec)
        except TypeError as e:  # an unknown or missing key in the data
            raise ValueError(f"rule {spec.get('id')!r} in inspection_rules.yaml: {e}") from None
        if rule.kind not in KINDS:
            raise ValueError(f"rule {rule.id}: unknown kind {rule.kind!r}")
        for code in rule.applies_to:
            entry(code)  # a rule for a code the catalogue lacks is a typo
        result.append(rule)
    return tuple(result)


@cache
def _rule_by_code() -> dict[str, Rule]:
    by_code = {}
    for rule in rules():
        for code in rule.applies_to:
            if code in by_code:
                raise ValueError(f"code {code} is in rules {by_code[code].id} and {rule.id}")
            by_code[code] = rule
    return by_code


def rule_for(code: str) -> Rule | None:
    """The rule of the code's nearest ancestor listed in a rule (variety, category, kind)."""
    by_code = _rule_by_code()
    return next((by_code[e.code] for e in ancestry(code) if e.code in by_code), None)


def kind_and_category(code: str) -> tuple[str, str]:
    """The kind (X000) and category (XY00, "" where the kind has none) a code belongs to."""
    chain = ancestry(code)
    kind = chain[-1].code
    category = next((e.code for e in chain if e.level == "category"), "")
    return kind, category


@cache
def rules_version() -> str:
    """A short fingerprint of the interval rules: stored due dates made by other rules are stale."""
    import hashlib

    return hashlib.sha256((DATA / "inspection_rules.yaml").read_bytes()).hexdigest()[:12]


def rule_line(due: "Due") -> str:
    """The rule as the CLI prints it: id, text (中文 | English), source and certainty."""
    return f"{due.rule_id}: {due.text_zh} | {due.text_en} | {due.source} | {due.certainty}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day if it has fewer."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def next_due(
    *,
    code: str,
    accepted: date,
    last_inspected: date | None = None,
    grade: int | None = None,
    gas_class: str | None = None,
    as_of: date | None = None,
    override: dict | None = None,
) -> Due:
    """The first due date that `last_inspected` has not satisfied, and the rule behind it.

    `accepted`: date of the acceptance inspection (监督检验) or of entering service; for a
    cylinder, its manufacture date. `as_of` (default today) is when the question is asked: a
    due date before it is still the answer (the equipment is overdue, and `reason` says so).
    `grade` is the safety grade the last inspection gave a fixed pressure vessel; `gas_class`
    one of corrosive, general, inert for cylinders; both are ignored by other rules.
    `override` — {"every_years": N, "reason": …} or {"due": date, "reason": …} — is a unit's
    own interval; it wins over the rule, and `reason` says which date the rule would give.
    Raises ValueError for an unknown code, a code without a rule, inconsistent dates and
    missing or impossible grades and gas classes.
    """
    as_of = as_of or date.today()
    item = entry(code)
    if last_inspected and last_inspected < accepted:
        raise ValueError(f"last inspection {last_inspected} is before acceptance {accepted}")
    if last_inspected and last_inspected > as_of:
        raise ValueError(f"last inspection {last_inspected} is after {as_of}")
    rule = rule_for(item.code)
    if override:
        due = _override(override, rule, accepted, last_inspected, grade, gas_class)
    elif rule is None:
        raise ValueError(
            f"no periodic-inspection rule for {item.code} {item.name}: the interval rules "
            "give none; give the unit its own interval"
        )
    else:
        due = _by_rule(rule, accepted, last_inspected, grade, gas_class)
    base = last_inspected or accepted
    if rule and rule.min_interval_months and due.date < add_months(base, rule.min_interval_months):
        raise ValueError(
            f"next due {due.date} is less than {rule.min_interval_months} months after {base}; "
            f"the interval is never shorter ({rule.source})"
        )
    if due.date < as_of:
        due = replace(
            due,
            reason=f"{due.reason}; overdue on {as_of}",
            reason_zh=f"{due.reason_zh}；{as_of} 已逾期",
        )
    return due


def _by_rule(rule: Rule, accepted, last, grade, gas_class) -> Due:
    compute = {
        "schedule_years": _schedule,
        "every_years": _every,
        "by_grade": _by_grade,
        "by_gas_class": _by_gas_class,
    }[rule.kind]
    day, (reason, reason_zh), certainty = compute(rule, accepted, last, grade, gas_class)
    return Due(day, rule.id, rule.text_zh, rule.text_en, rule.source, certainty, reason, reason_zh)


def _schedule_years(rule: Rule) -> Iterator[int]:
    yield from rule.years
    year = rule.years[-1]
    while rule.then_every_years:
        year += rule.then_every_years
        yield year


def _schedule(rule: Rule, accepted, last, grade, gas_class):
    # A due date is satisfied by an inspection on or after its window opens (due − advance);
    # the first unsatisfied one is next. Dates stay anniversaries of acceptance.
    satisfied = None
    for year in _schedule_years(rule):
        day = add_years(accepted, year)
        if last is None or add_months(day, -rule.advance_months) > last:
            reason = f"year {year} after acceptance {accepted}"
            reason_zh = f"监督检验（{accepted}）后第{year}年"
            if satisfied and last < satisfied:
                reason += (
                    f"; the inspection of {last} counts for {satisfied} "
                    f"(up to {rule.advance_months} months early, later dates unchanged)"
                )
                reason_zh += (
                    f"；{last} 的检验计作 {satisfied} 的定期检验"
                    f"（可提前不超过{rule.advance_months}个月，以后的检验日期不变）"
                )
            tail = year > rule.years[-1]
            certainty = (rule.then_certainty or rule.certainty) if tail else rule.certainty
            return day, (reason, reason_zh), certainty
        satisfied = day
    raise ValueError(f"rule {rule.id}: no due date after {last}")


def _every(rule: Rule, accepted, last, grade, gas_class):
    years = rule.every_years
    return _after(years, accepted, last), _since(years, accepted, last), rule.certainty


def _by_grade(rule: Rule, accepted, last, grade, gas_class):
    if grade is not None and grade not in rule.grades:
        raise ValueError(f"safety grade {grade!r} is not one of {', '.join(map(str, rule.grades))}")
    if grade is not None and rule.grades[grade] is None:
        raise ValueError(f"safety grade {grade}: may not be used ({rule.source})")
    if last is None:
        years = rule.first_within_years
        reason = f"first inspection within {years} years of acceptance {accepted}"
        reason_zh = f"监督检验（{accepted}）后{years}年内首次定期检验"
        return add_years(accepted, years), (reason, reason_zh), rule.certainty
    if grade is None:
        raise ValueError(
            f"a safety grade (1–5) from the inspection of {last} is needed for rule {rule.id}"
        )
    years = rule.grades[grade]
    since, since_zh = _since(years, accepted, last)
    reason = (f"safety grade {grade}: {since}", f"安全状况等级{grade}级：{since_zh}")
    return add_years(last, years), reason, rule.certainty


def _by_gas_class(rule: Rule, accepted, last, grade, gas_class):
    if gas_class not in rule.classes:
        raise ValueError(
            f"a gas class ({', '.join(rule.classes)}) is needed for rule {rule.id}, "
            f"got {gas_class!r}"
        )
    years = rule.classes[gas_class]
    since, since_zh = _since(years, accepted, last)
    reason = (f"{gas_class} gas: {since}", f"{GAS_CLASSES_ZH[gas_class]}气体：{since_zh}")
    return _after(years, accepted, last), reason, rule.certainty


def _after(years: int, accepted: date, last: date | None) -> date:
    return add_years(last or accepted, years)


def _since(years: int, accepted: date, last: date | None) -> tuple[str, str]:
    """(English, 中文)."""
    unit = "year" if years == 1 else "years"
    if last:
        return f"{years} {unit} after the last inspection {last}", f"上次检验（{last}）后{years}年"
    return f"{years} {unit} after acceptance {accepted}", f"监督检验（{accepted}）后{years}年"


def _override(override: dict, rule: Rule | None, accepted, last, grade, gas_class) -> Due:
    reason = str(override.get("reason") or "").strip()
    if not reason:
        raise ValueError("an override needs a reason")
    if ("every_years" in override) == ("due" in override):
        raise ValueError('an override gives either "every_years" or "due"')
    if "due" in override:
        day = override["due"]
        day = date.fromisoformat(day) if isinstance(day, str) else day
        if day <= (last or accepted):
            raise ValueError(f"override due {day} is not after {last or accepted}")
        zh, en = f"单位调整：下次检验日期 {day}", f"unit override: due {day}"
    else:
        years = override["every_years"]
        if not isinstance(years, int) or isinstance(years, bool) or years < 1:
            raise ValueError(f"override every_years must be a whole number ≥ 1, got {years!r}")
        day = _after(years, accepted, last)
        zh, en = f"单位调整：每{years}年检验", f"unit override: every {years} years"
    given = reason
    reason, reason_zh = f"override: {given}", f"单位调整：{given}"
    if "every_years" in override:
        since, since_zh = _since(override["every_years"], accepted, last)
        reason, reason_zh = f"{reason}; {since}", f"{reason_zh}；{since_zh}"
    if rule:
        try:
            would = _by_rule(rule, accepted, last, grade, gas_class).date
            reason += f"; rule {rule.id} would give {would}"
            reason_zh += f"；按规则应为 {would}"
        except ValueError:
            reason += f"; replaces rule {rule.id}"
            reason_zh += "；代替规则"
    return Due(day, "override", zh, en, "unit override", "", reason, reason_zh)
