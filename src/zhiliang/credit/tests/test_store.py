"""The set-based write of the classes: only changed rows are written, shared reason lists,
a pass over some enterprises leaves the others alone."""

from datetime import date

import pytest

from zhiliang.credit import scoring, services
from zhiliang.credit.models import ClassChange, CreditClass

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 1)


def _stamps():
    return dict(CreditClass.objects.values_list("enterprise_id", "computed_at"))


def test_an_unchanged_pass_writes_nothing(firm, make_enterprise, make_penalty):
    make_enterprise("320412")
    make_penalty(firm, kind="fine")
    services.credit_records_refresh()
    first = scoring.classify(as_of=AS_OF)
    assert first["changed"] == 0  # B (default) → B (score 8 is within B)
    stamps, changes = _stamps(), ClassChange.objects.count()
    again = scoring.classify(as_of=AS_OF)
    assert (again["changed"], _stamps(), ClassChange.objects.count()) == (0, stamps, changes)
    assert again == first


def test_enterprises_with_the_same_reasons_share_the_list(firm, make_enterprise, make_penalty):
    twin, other = make_enterprise("320412"), make_enterprise("320412")
    for e in (firm, firm, twin, twin, other):
        make_penalty(e, kind="fine")
    services.credit_records_refresh()
    counts = scoring.classify(as_of=AS_OF)
    reasons = dict(CreditClass.objects.values_list("enterprise_id", "reasons"))
    assert reasons[firm.pk] == reasons[twin.pk] != reasons[other.pk]
    assert [r["n"] for r in reasons[firm.pk]] == [2]
    assert [r["n"] for r in reasons[other.pk]] == [1]
    assert sum(counts[c] for c in "ABCD") == 3


def test_a_pass_over_one_enterprise_leaves_the_others(firm, make_enterprise, make_penalty):
    other = make_enterprise("320412")
    scoring.classify(as_of=AS_OF)
    for _ in range(3):  # each decision reclassifies its enterprise at once (credit_event)
        make_penalty(firm, kind="fine")
    firm.refresh_from_db()
    assert firm.risk_class == "C"
    CreditClass.objects.filter(enterprise=other).update(computed_class="A", score=-1)
    CreditClass.objects.filter(enterprise=firm).update(computed_class="A")
    result = scoring.classify(as_of=AS_OF, enterprise_ids=[firm.pk])
    assert (result["C"], result["changed"]) == (1, 0)
    classes = dict(CreditClass.objects.values_list("enterprise_id", "computed_class"))
    assert classes == {firm.pk: "C", other.pk: "A"}
    # Back to no counted records: the rows return to the default class.
    assert scoring.classify(as_of=date(2020, 1, 1))["changed"] == 1
    cls = CreditClass.objects.get(enterprise=firm)
    assert (cls.computed_class, cls.score, cls.is_default, cls.reasons) == ("B", 0, True, [])
    assert CreditClass.objects.get(enterprise=other).computed_class == "B"
    assert ClassChange.objects.filter(enterprise=firm).first().to_class == "B"
