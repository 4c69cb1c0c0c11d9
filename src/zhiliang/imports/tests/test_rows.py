"""The importers' shared row handling (imports.rows)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhiliang.core.models import Region
from zhiliang.imports import rows
from zhiliang.penalties.models import Penalty


def test_typed_rows_turn_the_models_dates_and_amounts_back_from_text():
    row = {"decided_on": "2025-03-01", "published_on": None, "fine_amount": "20000.50",
           "decision_number": "2025-1", "enforcing_body_id": 3}  # fmt: skip
    (typed,) = rows.typed_rows(Penalty, [row])
    assert typed == {"decided_on": date(2025, 3, 1), "published_on": None,
                     "fine_amount": Decimal("20000.50"), "decision_number": "2025-1",
                     "enforcing_body_id": 3}  # fmt: skip
    assert row["decided_on"] == "2025-03-01"  # a copy: the checked rows stay as they were


def test_typed_rows_leave_date_times_and_empty_cells_alone():
    (typed,) = rows.typed_rows(Penalty, [{"created_at": "2025-03-01T10:00:00", "published_on": ""}])
    assert typed == {"created_at": "2025-03-01T10:00:00", "published_on": ""}


@pytest.mark.django_db
def test_chunked_queries_every_chunk(monkeypatch, regions):
    codes = sorted(Region.objects.values_list("code", flat=True))[:5]
    monkeypatch.setattr(rows, "CHUNK", 2)
    found = rows.chunked(Region.objects.all(), "code", [*codes, "nowhere"], "code")
    assert sorted(found) == codes
    assert sorted(r.code for r in rows.chunked(Region.objects.all(), "code", codes)) == codes
    pairs = rows.chunked(Region.objects.all(), "code", codes, "code", "level")
    assert all(isinstance(p, tuple) and len(p) == 2 for p in pairs)


@pytest.mark.django_db
def test_keys_held_are_the_files_keys_the_registry_holds(monkeypatch, regions):
    region = Region.objects.order_by("code").first()
    monkeypatch.setattr(rows, "CHUNK", 1)
    keys = {(region.code, region.level), (region.code, region.level + 1), ("nowhere", region.level)}
    held = rows.keys_held(Region.objects.all(), ("code", "level"), keys)
    assert held == {(region.code, region.level)}
    assert rows.keys_held(Region.objects.all(), ("code", "level"), keys, by=1) == held


def test_refuse_taken_names_the_first_ten_in_order():
    rows.refuse_taken([], "never %(n)s")
    with pytest.raises(ValidationError) as refused:
        rows.refuse_taken([f"N{i:02d}" for i in range(12, 0, -1)], "Taken: %(n)s.")
    assert refused.value.messages == ["Taken: N01, N02, N03, N04, N05, N06, N07, N08, N09, N10."]


def test_free_value_is_the_first_candidate_not_taken():
    assert rows.free_value(["EX-1", "EX-2", "EX-3"], iter(["EX-1", "EX-3"])) == "EX-2"
    assert rows.free_value(["EX-1"], ["EX-1"]) == ""
