"""The demo loader: realistic mix, a few overdue and unregistered, idempotent."""

from zhiliang.equipment import demo
from zhiliang.equipment.models import EquipmentUnit, Operator


def test_demo_loads_once(make_enterprise, monkeypatch):
    for n in range(5):
        make_enterprise("320412001" if n % 2 else "320411002")
    monkeypatch.setattr(demo, "UNITS", 400)
    monkeypatch.setattr(demo, "OPERATORS", 60)
    line = demo.demo_equipment_step(seed=3)
    assert line.startswith("special equipment: 400 units")
    kinds = EquipmentUnit.objects.values_list("kind_code", flat=True)
    assert max(set(kinds), key=list(kinds).count) == "3000"  # elevators the largest group
    # Every stored due date is what the rules give for the stored history.
    unit = EquipmentUnit.objects.filter(last_inspected_on__isnull=False, kind_code="3000").first()
    assert unit.next_due_on > unit.last_inspected_on and unit.due_rule.startswith("elevator:")
    assert Operator.objects.count() == 60
    assert demo.demo_equipment_step(seed=3) == "special equipment: already loaded"
    assert EquipmentUnit.objects.count() == 400
