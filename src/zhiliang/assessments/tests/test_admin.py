import pytest

from zhiliang.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_office_edits_schemes_and_reads_results(client, office, scheme, make_user):
    client.login(username=office.username, password=PASSWORD)
    assert client.get("/admin/assessments/assessmentscheme/").status_code == 200
    page = client.get(f"/admin/assessments/assessmentscheme/{scheme.pk}/change/")
    assert page.status_code == 200 and "监督抽查合格率" in page.content.decode()
    assert client.get("/admin/assessments/assessmentresult/add/").status_code == 403
    from zhiliang.assessments.services import result_run
    from zhiliang.core.models import Region

    result = result_run(
        actor=office, scheme=scheme, region=Region.objects.get(code="3204"), subject_kind="region"
    )
    page = client.get(f"/admin/assessments/assessmentresult/{result.pk}/change/")
    assert page.status_code == 200 and "天宁区" in page.content.decode()
    other = make_user("office_staff", "3201")
    client.login(username=other.username, password=PASSWORD)
    assert client.get(f"/admin/assessments/assessmentscheme/{scheme.pk}/change/").status_code in (
        302,
        404,
    )


def _post(client, office, scheme, fields=None, items=None):
    """The scheme's change form as the admin page sends it, with `fields` and, per item
    number, `items` changed."""
    client.login(username=office.username, password=PASSWORD)
    rows = list(scheme.items.order_by("order"))
    data = {
        "code": scheme.code,
        "name": scheme.name,
        "region": scheme.region_id,
        "period": scheme.period,
        "total_points": "100",
        "grade_bands": '[["A", 90], ["B", 80], ["C", 60], ["D", 0]]',
        "active": "on",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(len(rows)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    } | (fields or {})
    for n, item in enumerate(rows):
        data |= {
            f"items-{n}-id": item.pk,
            f"items-{n}-scheme": scheme.pk,
            f"items-{n}-order": item.order,
            f"items-{n}-name": item.name,
            f"items-{n}-kind": item.kind,
            f"items-{n}-indicator": item.indicator_id or "",
            f"items-{n}-points": str(item.points),
            f"items-{n}-rule": item.rule,
            f"items-{n}-target": "" if item.target is None else str(item.target),
            f"items-{n}-floor": "" if item.floor is None else str(item.floor),
            f"items-{n}-veto_grade": item.veto_grade,
        }
        data |= {f"items-{n}-{k}": v for k, v in (items or {}).get(n, {}).items()}
    return client.post(
        f"/admin/assessments/assessmentscheme/{scheme.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_admin_refuses_points_that_do_not_add_up(client, office, scheme):
    resp = _post(client, office, scheme, items={0: {"points": "10"}})
    assert resp.status_code == 200 and "add up to" in resp.content.decode()
    assert scheme.items.get(order=0).points == 60


def test_admin_saves_an_unchanged_scheme(client, office, scheme):
    assert _post(client, office, scheme).status_code == 302


def test_admin_keeps_the_loaders_rules(client, office, scheme):
    """Bugs: the admin took a period the loader refuses, and negative points where the
    total still added up (the loader refuses both)."""
    first, second = scheme.items.order_by("order")[:2]
    assert first.kind == second.kind == "indicator"
    resp = _post(client, office, scheme, fields={"period": "2025/2027"})
    assert resp.status_code == 200 and "not an assessment year" in resp.content.decode()
    more = str(second.points + first.points + 10)
    resp = _post(client, office, scheme, items={0: {"points": "-10"}, 1: {"points": more}})
    assert resp.status_code == 200 and "Points cannot be negative" in resp.content.decode()
    scheme.refresh_from_db()
    assert scheme.period != "2025/2027"
    assert scheme.items.get(pk=first.pk).points == first.points
