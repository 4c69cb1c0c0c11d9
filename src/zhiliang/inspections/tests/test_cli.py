"""`zhiliang sampling verify-draw`: exit codes and output both ways, one draw or --all."""

from unittest import mock

import pytest

from zhiliang.cli import main
from zhiliang.inspections import services
from zhiliang.inspections.models import Draw, DrawPick

pytestmark = pytest.mark.django_db


@pytest.fixture
def draws(new_plan, set_quota, catalogue, maker, inspector, office):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 3)
    for i in range(12):
        maker(catalogue["0101"], risk_class="ABCD"[i % 4])
    inspector(), inspector(), inspector()
    first = services.draw_run(actor=office, plan=plan, seed=11)
    second = services.draw_run(actor=office, plan=plan, seed=12)
    services.draw_publish(actor=office, draw=first)
    services.draw_publish(actor=office, draw=second)
    unpublished = services.draw_run(actor=office, plan=plan, seed=13)
    return first, second, unpublished


def run(*args):
    # A failing command closes every connection on its way out; on PostgreSQL that would
    # end the test's transaction (SQLite's in-memory test database ignores it).
    with mock.patch("django.core.management.base.connections.close_all"):
        try:
            return main(["zhiliang", "sampling", "verify-draw", *args])
        except SystemExit as exc:
            return exc.code


def test_one_draw_verifies(draws, capsys):
    assert run(str(draws[0].pk)) == 0
    out = capsys.readouterr().out
    assert f"draw {draws[0].pk}: verified" in out


def test_all_published_draws_verify(draws, capsys):
    assert run("--all") == 0
    out = capsys.readouterr().out
    assert f"draw {draws[0].pk}: verified" in out and f"draw {draws[1].pk}: verified" in out
    assert f"draw {draws[2].pk}" not in out  # not published
    assert "verified: all 2 published draw(s)" in out


def test_a_tampered_draw_fails_with_the_difference(draws, capsys):
    pick = DrawPick.objects.filter(draw=draws[1]).order_by("order").first()
    other = (
        DrawPick.objects.filter(draw=draws[0])
        .exclude(enterprise=pick.enterprise)
        .values_list("enterprise", flat=True)
        .first()
    )
    DrawPick.objects.filter(pk=pick.pk).update(enterprise_id=other)
    assert run(str(draws[1].pk)) == 1
    err = capsys.readouterr().err
    assert f"draw {draws[1].pk}: NOT verified" in err and "recorded picks" in err
    assert run("--all") == 1
    captured = capsys.readouterr()
    assert f"draw {draws[0].pk}: verified" in captured.out
    assert "1 of 2 draw(s) did not verify" in captured.err


def test_a_changed_algorithm_fails(draws, capsys, monkeypatch):
    from zhiliang.inspections import draw as drawing

    monkeypatch.setattr(drawing, "ALGORITHMS", ("es-keys-v9",))
    assert run(str(draws[0].pk)) == 1
    assert "algorithm differs" in capsys.readouterr().err


def test_bad_arguments(draws, capsys):
    assert run() == 1
    assert "Give one DRAW_ID or --all" in capsys.readouterr().err
    assert run("999999") == 1
    assert "There is no draw 999999" in capsys.readouterr().err
    Draw.objects.update(published_at=None)
    assert run("--all") == 0
    assert "no published draws" in capsys.readouterr().out
