"""core.validators: the services' shared checks (assign, checked, errors_of)."""

import pytest
from django.core.exceptions import ValidationError

from zhiliang.core.validators import assign, checked, errors_of


class _Record:
    def __init__(self, errors=None):
        self.errors, self.calls = errors or {}, []

    def full_clean(self, **kwargs):
        self.calls.append(kwargs)
        if self.errors:
            raise ValidationError(self.errors)


def test_a_clean_record_passes_and_the_looked_up_fields_are_left_out():
    record = _Record()
    checked(record, ("region", "enterprise"))
    assert record.calls == [{"exclude": ["region", "enterprise"], "validate_unique": False}]


def test_the_services_rules_join_the_records_own_and_do_not_replace_them():
    record = _Record({"code": ["Too long."]})
    with pytest.raises(ValidationError) as refused:
        checked(record, extra={"code": "Taken.", "region": "Give the region."})
    assert refused.value.message_dict == {"code": ["Too long."], "region": ["Give the region."]}


def test_the_services_rules_alone_refuse_too():
    with pytest.raises(ValidationError) as refused:
        checked(_Record(), extra={"region": "Give the region."})
    assert refused.value.message_dict == {"region": ["Give the region."]}


def test_errors_of_names_the_field_or_all():
    by_field = errors_of(ValidationError({"code": ["Taken."]}))
    assert [e.message for e in by_field["code"]] == ["Taken."]
    whole = errors_of(ValidationError("The case is closed."))
    assert list(whole) == ["__all__"]
    assert [e.message for e in whole["__all__"]] == ["The case is closed."]


def test_assign_sets_only_the_fields_the_service_lets_in():
    record = _Record()
    assign(record, {"code": "A-1", "region": "elsewhere"}, ("code", "name"))
    assert record.code == "A-1"
    assert not hasattr(record, "region")
