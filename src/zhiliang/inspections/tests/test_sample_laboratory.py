"""A sample's laboratory survives an edit by someone who may not name it any more; only a
newly chosen laboratory is checked against what the editor may name."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhiliang.core.choices import OrganizationKind
from zhiliang.inspections import services

SAMPLED = dt.date.today() - dt.timedelta(days=20)


@pytest.fixture
def kept(office, new_plan, catalogue, maker, make_org):
    """A sample of 常州市 tested by a laboratory that is no longer an inspection body, and a
    laboratory of 南京 that 常州市 may not name."""
    lab = make_org("3204", "常州市产品质量监督检验院", kind=OrganizationKind.INSPECTION_BODY)
    nanjing = make_org("3201", "南京市产品质量监督检验院", kind=OrganizationKind.INSPECTION_BODY)
    sample = services.sample_record(
        actor=office,
        plan=new_plan(),
        enterprise=maker(catalogue["0101"]),
        product=catalogue["0101"],
        data={"sampled_on": SAMPLED, "laboratory": lab.pk},
        test_items=[{"item": "标识", "verdict": "pass"}],
    )
    lab.kind = OrganizationKind.ASSOCIATION  # later: no longer an inspection body
    lab.save()
    return {"sample": sample, "lab": lab, "nanjing": nanjing}


def _rows(*rows):
    data = {"items-TOTAL_FORMS": len(rows), "items-INITIAL_FORMS": len(rows)}
    for n, row in enumerate(rows):
        data.update({f"items-{n}-{k}": v for k, v in row.items()})
    return data


def test_the_edit_page_keeps_the_laboratory_the_editor_may_not_name(client, login, office, kept):
    sample, lab = kept["sample"], kept["lab"]
    login(office)
    edit = reverse("inspections:sample-edit", args=[sample.pk])
    form = client.get(edit).context["form"]
    # Offered and selected, as the browser will send it back.
    assert form["laboratory"].value() == lab.pk
    assert lab in form.fields["laboratory"].queryset
    response = client.post(
        edit,
        {
            "sampled_on": SAMPLED.isoformat(),
            "place": "production",
            "test_units": 1,
            "backup_units": 1,
            "laboratory": form["laboratory"].value(),
            "brand": "改过",
            **_rows({"item": "标识", "verdict": "pass"}),
        },
    )
    assert response.status_code == 302
    sample.refresh_from_db()
    assert (sample.brand, sample.laboratory) == ("改过", lab)
    # A newly chosen laboratory the office may not name is refused, nothing changed.
    response = client.post(
        edit,
        {
            "sampled_on": SAMPLED.isoformat(), "place": "production", "test_units": 1,
            "backup_units": 1, "laboratory": kept["nanjing"].pk, "brand": "再改",
            **_rows({"item": "标识", "verdict": "pass"}),
        },
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].has_error("laboratory")
    sample.refresh_from_db()
    assert (sample.brand, sample.laboratory) == ("改过", lab)


def test_the_service_checks_only_a_new_laboratory(office, kept):
    sample, lab = kept["sample"], kept["lab"]
    services.sample_update(actor=office, sample=sample, data={"laboratory": lab.pk, "brand": "a"})
    services.sample_update(actor=office, sample=sample, data={"laboratory": lab, "brand": "b"})
    sample.refresh_from_db()
    assert (sample.brand, sample.laboratory) == ("b", lab)
    with pytest.raises(ValidationError) as exc:
        services.sample_update(actor=office, sample=sample, data={"laboratory": kept["nanjing"]})
    assert "laboratory" in exc.value.message_dict
    sample.refresh_from_db()
    assert sample.laboratory == lab
    # A new sample may not name the former inspection body either.
    with pytest.raises(ValidationError):
        services.sample_record(
            actor=office, plan=sample.plan, enterprise=sample.enterprise,
            product=sample.product, data={"sampled_on": SAMPLED, "laboratory": lab.pk},
        )  # fmt: skip


def test_the_api_takes_back_its_own_representation(api, office, kept):
    sample, lab = kept["sample"], kept["lab"]
    client = api(user=office)
    url = f"/api/samples/{sample.pk}/"
    body = client.get(url).json()
    assert body["laboratory"] == lab.pk
    r = client.patch(url, {"laboratory": body["laboratory"], "brand": "接口"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["laboratory"] == lab.pk
    r = client.patch(url, {"laboratory": kept["nanjing"].pk}, format="json")
    assert r.status_code == 400 and "laboratory" in r.json()["errors"]
    sample.refresh_from_db()
    assert (sample.brand, sample.laboratory) == ("接口", lab)
