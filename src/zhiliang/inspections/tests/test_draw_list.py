"""The draw list: its filters, and the home page's "draws to sample" opening it filtered to
exactly the draws it counts."""

import pytest
from django.urls import reverse

from zhiliang.inspections.models import Draw
from zhiliang.web import home

pytestmark = pytest.mark.django_db


def _leave_one_to_sample(draws):
    """A drawn enterprise not yet sampled in each of these draws (the demo samples every
    pick): a copy of the first pick, with no sample against it."""
    for draw in draws:
        pick = draw.picks.first()
        pick.pk, pick.order = None, 10_000
        pick.save()


def _listed(client, **query):
    response = client.get(reverse("inspections:draws"), query)
    assert response.status_code == 200
    return {d.pk for d in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("role", "code"),
    [("office_staff", "3204"), ("office_staff", "320412"), ("inspector", "320412")],
)
def test_the_home_panel_opens_the_list_of_the_draws_it_counts(demo_world, role, code):
    published = list(Draw.objects.filter(published_at__isnull=False).order_by("pk"))
    assert len(published) >= 2
    _leave_one_to_sample(published[::2])
    client = demo_world.client(role, code)
    panel = next(p for p in client.get("/").context["panels"] if p.key == home.DRAWS)
    (count,) = panel.counts
    assert count.url == reverse("inspections:draws") + "?to_sample=true"
    response = client.get(count.url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count.n
    listed = _listed(client, to_sample="true")
    assert {int(r.url.rstrip("/").rsplit("/", 1)[1]) for r in panel.rows} <= listed
    visible = set(Draw.objects.visible_to(client.user).values_list("pk", flat=True))
    assert listed == visible & {d.pk for d in published[::2]}
    if code == "3204":
        assert 0 < count.n < len(visible)


def test_the_filters_split_the_draws_by_status(demo_world):
    published = list(Draw.objects.filter(published_at__isnull=False).order_by("pk"))
    _leave_one_to_sample(published[:1])
    client = demo_world.client("office_staff", "3204")
    everything = _listed(client)
    sampling = _listed(client, status="sampling")
    done = _listed(client, status="done")
    draft = _listed(client, status="draft")
    assert sampling == _listed(client, to_sample="true") == {published[0].pk}
    assert done == _listed(client, to_sample="false") - draft
    assert sampling | done | draft == everything and not sampling & done
    plan = published[0].plan
    assert _listed(client, plan=plan.pk) == set(plan.draws.values_list("pk", flat=True))
    assert _listed(client, region="320411") < everything
    # Bad filter values: the page says so, never a 500.
    for bad in ({"status": "x"}, {"plan": "x"}, {"region": "99%"}, {"to_sample": "maybe"}):
        assert client.get(reverse("inspections:draws"), bad).status_code == 200, bad


def test_the_page_in_chinese_links_plans_and_draws(demo_world):
    client = demo_world.client("office_staff", "3204")
    draw = Draw.objects.filter(published_at__isnull=False).order_by("pk").first()
    body = client.get(reverse("inspections:draws"), {"plan": draw.plan_id}).content.decode()
    assert reverse("inspections:draw", args=[draw.pk]) in body
    assert reverse("inspections:plan", args=[draw.plan_id]) in body
    assert "抽样" in body and "Draws" not in body
    plan_page = client.get(reverse("inspections:plan", args=[draw.plan_id])).content.decode()
    assert f"{reverse('inspections:draws')}?plan={draw.plan_id}" in plan_page
