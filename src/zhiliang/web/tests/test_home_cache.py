"""The home page's cached panels and counts: every table they read is versioned, and a
write shows on the next visit."""

import pytest
from django.db import connection
from django.test import Client

from zhiliang.core import freshness
from zhiliang.web import home

ROLES = ("office_staff", "department_reporter", "inspector", "viewer")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_table_a_cached_panel_reads_is_tracked(demo_world, role):
    for code in ("320412", "3204"):
        user = demo_world.user(role, code)
        for key in home.panels_for(user):
            if key in home.CLOCK_PANELS:
                continue
            _panel, seen = freshness._watched(lambda k=key, u=user: home.BUILDERS[k](u), connection)
            assert seen, key
            assert seen <= freshness.tracked_tables(), (key, seen - freshness.tracked_tables())


@pytest.mark.django_db(transaction=True)
def test_a_new_enterprise_shows_on_the_next_visit(make_user, make_enterprise):
    make_enterprise("320412001")
    client = Client()
    client.force_login(make_user("office_staff", "320412"))
    assert client.get("/").context["total"] == 1
    assert client.get("/").context["total"] == 1  # served from the cache
    make_enterprise("320412001")
    assert client.get("/").context["total"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_panel_is_built_again_after_a_write_to_what_it_reads(make_user, make_enterprise):
    from zhiliang.licensing.models import Certificate

    user = make_user("office_staff", "320412")
    client = Client()
    client.force_login(user)

    def expiring():
        panels = {p.key: p for p in client.get("/").context["panels"]}
        return panels[home.CERTIFICATES].counts[0].n

    assert expiring() == expiring() == 0
    firm = make_enterprise("320412001")
    from zhiliang.licensing.catalogue import certificate_kinds_load
    from zhiliang.licensing.models import CertificateKind

    certificate_kinds_load(CertificateKind)  # flushed by earlier live-server tests
    kind = CertificateKind.objects.order_by("code").first()
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    expires = today + timedelta(days=10)
    Certificate.objects.create(
        holder=firm, kind=kind, number="XK-TEST-1", issued_on=today - timedelta(days=700),
        expires_on=expires, status="valid", ended_on=expires + timedelta(days=1),
    )  # fmt: skip
    assert expiring() == 1


@pytest.mark.django_db
def test_every_table_the_enterprise_counts_read_is_tracked(demo_world):
    from zhiliang.enterprises import selectors

    for code in ("320412", "3204"):
        user = demo_world.user("office_staff", code)
        counts, seen = freshness._watched(
            lambda u=user: selectors.enterprise_home_counts(user=u), connection
        )
        assert counts[0] and counts[1]
        assert seen and seen <= freshness.tracked_tables(), seen - freshness.tracked_tables()


@pytest.mark.django_db(transaction=True)
def test_a_cached_panel_is_served_with_its_html(make_user):
    client = Client()
    client.force_login(make_user("office_staff", "320412"))
    first = client.get("/").content.decode()
    again = client.get("/")
    assert again.context["panels"] and all(p.html for p in again.context["panels"])
    for panel in again.context["panels"]:
        assert f'id="panel-{panel.key}"' in first
        assert str(panel.html) in again.content.decode()
