"""Years in business and size: attributes of the enterprise that weigh beside its records."""

from datetime import date

import pytest

from zhiliang.credit import scoring, services
from zhiliang.credit.models import CreditClass
from zhiliang.credit.rules import risk_model

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 1)


def _scores(*enterprises):
    result = scoring.compute(as_of=AS_OF, enterprise_ids=[e.pk for e in enterprises])
    by_id = dict(zip(result.enterprise_ids.tolist(), result.scores.tolist(), strict=True))
    return [by_id[e.pk] for e in enterprises]


def test_young_micro_and_old_large_weigh_beside_a_record(make_enterprise, make_penalty):
    young = make_enterprise(established_on=date(2023, 1, 1), size_class="micro")
    old = make_enterprise(established_on=date(2010, 1, 1), size_class="large")
    middle = make_enterprise(established_on=date(2020, 1, 1), size_class="medium")
    unknown = make_enterprise()  # no founding date, no size: nothing added
    for firm in (young, old, middle, unknown):
        make_penalty(firm, kind="warning", decided_on=date(2025, 3, 3))
    services.credit_records_refresh()
    # warning 3; young +4, micro +2; old −2, large −2
    assert _scores(young, old, middle, unknown) == [9.0, -1.0, 3.0, 3.0]


def test_the_years_are_counted_on_the_day_of_classification(make_enterprise, make_penalty):
    firm = make_enterprise(established_on=date(2023, 1, 1))
    make_penalty(firm, kind="warning", decided_on=date(2025, 3, 3))
    services.credit_records_refresh()
    assert _scores(firm) == [7.0]  # 2 years 5 months on AS_OF
    later = scoring.compute(as_of=date(2026, 1, 2), enterprise_ids=[firm.pk])
    assert later.scores.tolist() == [3.0]  # 3 years on: no longer young


def test_attributes_alone_keep_the_default_class(make_enterprise):
    young = make_enterprise(established_on=date(2024, 1, 1), size_class="micro")
    services.credit_records_refresh()
    scoring.classify(as_of=AS_OF)
    cls = CreditClass.objects.get(enterprise=young)
    assert (cls.computed_class, cls.is_default, cls.score, cls.reasons) == ("B", True, 0, [])


def test_the_reasons_name_the_attributes_in_words(make_enterprise, make_penalty):
    young = make_enterprise(established_on=date(2024, 1, 1), size_class="micro")
    make_penalty(young, kind="fine", decided_on=date(2025, 3, 3))
    services.credit_records_refresh()
    scoring.classify(as_of=AS_OF)
    reasons = CreditClass.objects.get(enterprise=young).reasons
    assert [(r["code"], r["contribution"]) for r in reasons] == [
        ("penalties_major", 8.0), ("young_business", 4.0), ("micro_size", 2.0),
    ]  # fmt: skip
    assert reasons[1]["text"] == "成立不满 3 年"
    assert reasons[2]["text_en"] == "a micro enterprise"


def test_every_attribute_feature_has_its_source_and_mark():
    attributes = [f for f in risk_model().features if f.attribute]
    assert {f.code for f in attributes} == {
        "young_business", "long_business", "micro_size", "large_size",
    }  # fmt: skip
    assert all(f.source and f.sure is False for f in attributes)


def test_an_unknown_attribute_is_refused():
    from zhiliang.credit import rules

    with pytest.raises(ValueError, match="unknown attribute"):
        rules._check_attribute(rules.Feature(code="x", kinds=(), attribute="capital", below=1))
    with pytest.raises(ValueError, match="no condition"):
        rules._check_attribute(rules.Feature(code="x", kinds=(), attribute="years_in_business"))
