"""Models: scoping paths, constraints, names."""

import pytest
from django.db import IntegrityError

from zhiliang.inspections.models import (
    DrawPick,
    FollowUp,
    FollowUpStep,
    Inspector,
    InspectorConflict,
    PlanQuota,
    Sample,
    SamplingPlan,
    TestItem,
)

pytestmark = pytest.mark.django_db


def test_region_paths():
    assert SamplingPlan.objects.none().region_field == "region"
    assert PlanQuota.objects.none().region_field == "plan__region"
    assert DrawPick.objects.none().region_field == "draw__plan__region"
    assert Inspector.objects.none().region_field == "organization__region"
    assert InspectorConflict.objects.none().region_field == "inspector__organization__region"
    assert Sample.objects.none().region_field == "region"
    assert (
        TestItem.objects.none().region_field
        == FollowUp.objects.none().region_field
        == "sample__region"
    )
    assert FollowUpStep.objects.none().region_field == "follow_up__sample__region"


def test_a_conflict_names_someone(inspector):
    with pytest.raises(IntegrityError):
        InspectorConflict.objects.create(inspector=inspector(), reason="nobody")


def test_every_model_has_a_docstring_and_translated_field_names():
    from django.apps import apps
    from django.utils.functional import Promise

    for model in apps.get_app_config("inspections").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model.__doc__ and not model.__doc__.startswith(model.__name__ + "("), model
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert isinstance(field.verbose_name, Promise), (model, field.name)
