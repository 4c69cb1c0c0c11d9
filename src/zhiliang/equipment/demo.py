"""Demo special equipment for 常州市: units with their inspection history, and operators.

Proportions follow a typical city register: elevators the largest group, then forklifts,
pressure vessels, cranes, boilers, a few parking systems and rides. Each unit's history is
played forward through the real rules (due.py): inspected a little before each due date
(some late), so that about 1.5 % are overdue today; a few are unregistered (some found in
field checks), a few stopped or scrapped. Operators hold certificates, some expired.
Deterministic for a seed; a second run adds nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from stdnum.cn import ric

from zhiliang.core.models import Region, User
from zhiliang.demo.words import GIVEN_CHARS, SURNAMES
from zhiliang.enterprises.models import Enterprise
from zhiliang.equipment import due
from zhiliang.equipment.choices import Conclusion, UnitStatus
from zhiliang.equipment.models import EquipmentUnit, InspectionDue, Operator, PeriodicInspection
from zhiliang.equipment.services.operators import _operator_derived, _operator_fields
from zhiliang.equipment.services.units import _derived_fields, compute_due

CITY = "3204"
UNITS = 2000
OPERATORS = 600
MARK = "D"  # register codes of demo units start with it
MIX = (
    ("3110", 50),
    ("3120", 5),
    ("3310", 4),
    ("3320", 1),
    ("5110", 14),
    ("2150", 7),
    ("2170", 4),
    ("4110", 4),
    ("4210", 1),
    ("4310", 1),
    ("4860", 1),
    ("4D00", 2),
    ("1100", 3),
    ("1200", 2),
    ("6100", 0.3),
    ("6600", 0.4),
)
ITEMS = (
    ("N1", 35),
    ("Q2", 15),
    ("Q1", 5),
    ("A", 15),
    ("T", 6),
    ("G1", 8),
    ("R1", 6),
    ("P", 4),
    ("G3", 3),
    ("Y2", 1),
    ("F", 2),
)
BODIES = ("常州市特种设备安全监督检验研究院", "江苏省特种设备安全监督检验研究院常州分院")
ID_PREFIXES = ("320402", "320404", "320411", "320412", "320481")
OVERDUE_SHARE = 0.02
LATE_SHARE = 0.05


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _day(rng, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days)))


def _history(rng, unit: EquipmentUnit, today: date, overdue: bool):
    """Inspections up to today by the unit's rule: [(due_on, inspected_on, grade)]."""
    out, last, grade = [], None, None
    for _attempt in range(40):
        try:
            next_due = due.next_due(
                code=unit.catalogue_code,
                accepted=unit.accepted_on,
                last_inspected=last,
                grade=grade,
                as_of=last or unit.accepted_on,
            ).date
        except ValueError:
            return out, last, grade
        if next_due > today or (overdue and next_due > today - timedelta(days=400)):
            return out, last, grade
        if rng.random() < LATE_SHARE:
            day = next_due + timedelta(days=rng.randint(5, 60))
        else:
            day = next_due - timedelta(days=rng.randint(0, 45))
        day = min(day, today)
        if last and day <= last:
            day = last + timedelta(days=1)
        if unit.kind_code == "2000":
            grade = rng.choice((1, 2, 2, 2, 3))
        out.append((next_due, day, grade))
        last = day
    return out, last, grade


def _units(rng, today, enterprises, actor):
    units, histories = [], []
    for n in range(UNITS):
        enterprise = rng.choice(enterprises)
        code = _weighted(rng, MIX)
        accepted = _day(rng, date(2010, 1, 1), today - timedelta(days=20))
        service = accepted + timedelta(days=rng.randint(0, 20))
        unit = EquipmentUnit(
            register_code=f"{MARK}{code}{enterprise.region.code[:6]}{accepted:%Y}{n:05d}",
            catalogue_code=code,
            enterprise=enterprise,
            region_id=enterprise.region_id,
            location=f"{enterprise.address or enterprise.name}{rng.randint(1, 12)}号楼",
            manufactured_on=accepted - timedelta(days=rng.randint(30, 300)),
            accepted_on=accepted,
            in_service_on=min(service, today),
        )
        if rng.random() < 0.006:  # unregistered; most found in a field check
            if rng.random() < 0.7:
                unit.found_unregistered_on = _day(rng, unit.in_service_on, today)
        else:
            unit.registered_on = min(unit.in_service_on + timedelta(days=rng.randint(0, 30)), today)
            unit.registration_number = f"{code[0]}{rng.randint(10, 99)}苏D{n:05d}({accepted:%y})"
        _derived_fields(unit)
        roll = rng.random()
        if roll < 0.03:
            unit.status = UnitStatus.STOPPED
        elif roll < 0.05:
            unit.status = UnitStatus.SCRAPPED
        if unit.status != UnitStatus.IN_USE:
            unit.retired_on = _day(rng, unit.in_service_on, today)
        history, last, grade = _history(rng, unit, today, rng.random() < OVERDUE_SHARE)
        if unit.status != UnitStatus.IN_USE:
            history = [h for h in history if h[1] <= unit.retired_on]
            last = history[-1][1] if history else None
            grade = history[-1][2] if history else None
        unit.last_inspected_on, unit.safety_grade = last, grade
        compute_due(unit, today)
        units.append(unit)
        histories.append(history)
    bulk_create_with_history(
        units, EquipmentUnit, batch_size=2000, default_user=actor, default_change_reason="demo"
    )
    saved = dict(
        EquipmentUnit.objects.filter(register_code__startswith=MARK).values_list(
            "register_code", "id"
        )
    )
    inspections, dues = [], []
    for unit, history in zip(units, histories, strict=True):
        unit.pk = saved[unit.register_code]
        for i, (due_on, day, grade) in enumerate(history):
            inspections.append(
                PeriodicInspection(
                    unit_id=unit.pk,
                    inspected_on=day,
                    inspection_body=rng.choice(BODIES),
                    conclusion=Conclusion.PASS
                    if rng.random() < 0.97
                    else Conclusion.PASS_AFTER_RETEST,
                    report_number=f"TJ{day:%Y}-{unit.pk:06d}-{i:02d}",
                    safety_grade=grade,
                )
            )
            dues.append(
                InspectionDue(
                    unit_id=unit.pk, region_id=unit.region_id, due_on=due_on, inspected_on=day
                )
            )
        if unit.status == UnitStatus.IN_USE and unit.next_due_on and unit.next_due_on <= today:
            dues.append(
                InspectionDue(unit_id=unit.pk, region_id=unit.region_id, due_on=unit.next_due_on)
            )
    PeriodicInspection.objects.bulk_create(inspections, batch_size=2000)
    InspectionDue.objects.bulk_create(dues, batch_size=2000, ignore_conflicts=True)
    return len(units), len(inspections)


def _id_number(rng, taken: set) -> str:
    while True:
        birth = _day(rng, date(1968, 1, 1), date(2004, 12, 31))
        body = f"{rng.choice(ID_PREFIXES)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken and ric.is_valid(number):
            taken.add(number)
            return number


def _operators(rng, today, enterprises, actor):
    ops, taken = [], set()
    for n in range(OPERATORS):
        employer = rng.choice(enterprises)
        first = rng.choice(("N1", "Q2", "A", "T", "G1", "R1", "Q1", "N1"))
        items = [_weighted(rng, ITEMS)] + ([first] if rng.random() < 0.2 else [])
        if rng.random() < 0.03:  # found working without a certificate
            issued = None
        elif rng.random() < 0.08:  # expired, not renewed
            issued = today - timedelta(days=4 * 365 + rng.randint(10, 700))
        else:
            issued = today - timedelta(days=rng.randint(0, 4 * 365 - 5))
        data = {
            "name": rng.choice(SURNAMES)
            + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2)))),
            "id_number": _id_number(rng, taken),
            "employer": employer,
            "certificate_number": f"TS{issued:%Y}{n:06d}" if issued else "",
            "items": ",".join(dict.fromkeys(items)) if issued else "",
            "issued_on": issued,
            "recorded_on": issued or _day(rng, today - timedelta(days=400), today),
        }
        op = Operator(**_operator_fields(data))
        _operator_derived(op)
        ops.append(op)
    bulk_create_with_history(
        ops, Operator, batch_size=2000, default_user=actor, default_change_reason="demo"
    )
    return len(ops)


def demo_equipment_step(*, seed: int) -> str:
    if EquipmentUnit.objects.filter(register_code__startswith=MARK).exists():
        return _("special equipment: already loaded")
    rng = random.Random(seed * 7919 + 5)
    today = timezone.localdate()
    city = Region.objects.filter(code=CITY).first()
    if city is None:
        return _("special equipment: skipped (no 常州市 region)")
    ids = list(Enterprise.objects.in_region(CITY).order_by("id").values_list("id", flat=True))
    if not ids:
        return _("special equipment: skipped (no enterprises in 常州市)")
    picked = sorted(rng.sample(ids, min(len(ids), 4000)))
    enterprises = list(Enterprise.objects.filter(id__in=picked).select_related("region"))
    actor = User.objects.filter(username="changzhou.office").first()
    with transaction.atomic():
        units, inspections = _units(rng, today, enterprises, actor)
        operators = _operators(rng, today, enterprises, actor)
    overdue = EquipmentUnit.objects.filter(register_code__startswith=MARK, due_state="overdue")
    return _(
        "special equipment: %(units)s units (%(overdue)s overdue), %(inspections)s periodic "
        "inspections, %(operators)s operators"
    ) % {
        "units": f"{units:,}",
        "overdue": f"{overdue.count():,}",
        "inspections": f"{inspections:,}",
        "operators": f"{operators:,}",
    }
