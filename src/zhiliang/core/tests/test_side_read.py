"""Two reads at once on two connections — only where the second sees what the first does."""

import threading

import pytest
from django.db import connection, transaction

from zhiliang.core.models import Region
from zhiliang.core.side_read import read_both


def _seen():
    """This thread, and how many regions its connection sees."""
    return threading.get_ident(), Region.objects.filter(code="99").count()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_second_read_runs_on_its_own_connection():
    Region.objects.create(code="99", name="测试省", level=1)  # committed
    (first_thread, first_count), (second_thread, second_count) = read_both(_seen, _seen)
    assert first_thread == threading.get_ident()
    assert second_thread != first_thread
    assert first_count == second_count == 1


@pytest.mark.django_db(transaction=True)
def test_the_second_reads_failure_reaches_the_caller():
    def fails():
        raise ValueError("the side read failed")

    with pytest.raises(ValueError, match="side read failed"):
        read_both(lambda: 1, fails)
    assert read_both(lambda: 1, lambda: 2) == (1, 2)  # and the connection is still usable


@pytest.mark.django_db
def test_inside_a_transaction_both_read_here_and_see_its_uncommitted_rows():
    assert connection.in_atomic_block
    with transaction.atomic():
        Region.objects.create(code="99", name="测试省", level=1)  # not committed
        (first_thread, first_count), (second_thread, second_count) = read_both(_seen, _seen)
    assert first_thread == second_thread == threading.get_ident()
    assert first_count == second_count == 1
