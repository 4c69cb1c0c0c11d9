"""The fast read path returns what the plain queries return: search, USCC, counts, pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhiliang.core import counting
from zhiliang.enterprises.models import Enterprise

NAMES = [
    "常州恒瑞机械有限公司",
    "武进瑞恒食品厂",  # the same two characters, the other way round: not a match
    "恒瑞",
    "江苏恒 瑞贸易",  # split by a space: not a match
    "abc Trading 恒瑞",
    "ABC Foods",
    "Xabcd 公司",
]


@pytest.fixture
def named(make_enterprise):
    return [make_enterprise("320412001", name=n) for n in NAMES]


@pytest.mark.parametrize("term", ["恒瑞", "瑞恒", "ab", "AB", "Bc", "恒", "司", "恒瑞机械", "x"])
def test_name_search_finds_what_contains_finds(api, named, term):
    expected = set(Enterprise.objects.filter(name__icontains=term).values_list("id", flat=True))
    data = api("viewer", "320412").get("/api/enterprises/", {"q": term}).json()
    assert {r["id"] for r in data["results"]} == expected
    assert data["count"] == len(expected)


def test_a_whole_uscc_finds_its_enterprise_however_written(api, named):
    target = named[3]
    client = api("viewer", "320412")
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in target.uscc)  # ９１３２…
    for written in (target.uscc, target.uscc.lower(), f" {target.uscc} ", fullwidth):
        data = client.get("/api/enterprises/", {"q": written}).json()
        assert [r["id"] for r in data["results"]] == [target.id], written
    # Its beginning still finds every code that begins so.
    begins = target.uscc[:8]
    expected = Enterprise.objects.filter(uscc__startswith=begins).count()
    assert client.get("/api/enterprises/", {"q": begins}).json()["count"] == expected


def test_a_uscc_outside_the_jurisdiction_is_not_found(api, make_enterprise):
    other = make_enterprise("320411")  # 新北区
    data = api("viewer", "320412").get("/api/enterprises/", {"q": other.uscc}).json()
    assert data["count"] == 0 and data["results"] == []


def test_counts_are_exact_up_to_the_bound(api, make_enterprise, monkeypatch):
    monkeypatch.setattr(counting, "EXACT_UP_TO", 3)
    for _ in range(5):
        make_enterprise("320412001")
    qs = Enterprise.objects.all()
    assert counting.cheap_count(qs.filter(pk__in=qs.values("pk")[:3]), 3) == (3, False)
    count, estimated = counting.cheap_count(qs, 3)
    if connection.vendor == "postgresql":
        assert estimated and count >= 4  # at least what was counted before stopping
    else:
        assert (count, estimated) == (5, False)  # SQLite has no estimate: exact


def test_estimated_pages_are_served_to_the_last_row(make_enterprise, monkeypatch):
    """With an estimate, the pages follow the rows, not the estimated count."""
    for _ in range(5):
        make_enterprise("320412001")
    rows = Enterprise.objects.order_by("id")
    monkeypatch.setattr(counting, "cheap_count", lambda qs: (2, True))  # a low estimate
    paginator = counting.CheapCountPaginator(rows, 2)
    assert paginator.estimated and paginator.num_pages == 1
    pages = [paginator.page(n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [p.has_next() for p in pages] == [True, True, False]
    assert [e for p in pages for e in p] == list(rows)
    with pytest.raises(counting.EmptyPage):
        paginator.page(4)
    assert paginator.get_page(9).number == 1  # past the rows: the first page, never a 500


def test_the_api_says_when_its_count_is_estimated(api, make_enterprise, monkeypatch):
    for _ in range(3):
        make_enterprise("320412001")
    monkeypatch.setattr(counting, "cheap_count", lambda qs: (1000, True))
    data = api("viewer", "320412").get("/api/enterprises/", {"page_size": 2}).json()
    assert data["count"] == 1000 and data["count_estimated"] is True
    assert len(data["results"]) == 2 and data["next"]
    last = api("viewer", "320412").get("/api/enterprises/", {"page_size": 2, "page": 2}).json()
    assert len(last["results"]) == 1 and last["next"] is None


def test_the_list_page_says_about_when_the_count_is_estimated(
    client, make_user, make_enterprise, monkeypatch
):
    from django.urls import reverse

    for _ in range(3):
        make_enterprise("320412001")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("enterprises:list")).content.decode()
    assert "3 家企业" in page and "约" not in page
    monkeypatch.setattr(counting, "cheap_count", lambda qs: (123456, True))
    page = client.get(reverse("enterprises:list"), {"page": "7"}).content.decode()
    assert "约 123,456 家企业" in page


@pytest.mark.django_db(transaction=True)
def test_a_page_of_the_api_is_read_once_and_fresh_after_a_write(api, make_enterprise):
    """Users opening the same page share one read of its rows; any write to a table the page
    reads (here a rename outside the ORM) makes the next answer read them again."""
    first = make_enterprise("320412001", name="甲公司")
    make_enterprise("320412001", name="乙公司")
    client = api("viewer", "320412")

    def names_and_reads():
        with CaptureQueriesContext(connection) as queries:
            data = client.get("/api/enterprises/", {"ordering": "name"}).json()
        reads = [q for q in queries.captured_queries if "enterprises_enterprise" in q["sql"]]
        return sorted(r["name"] for r in data["results"]), len(reads)

    assert names_and_reads() == (["乙公司", "甲公司"], 2)  # the count and the page
    assert names_and_reads() == (["乙公司", "甲公司"], 0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Enterprise._meta.db_table} SET name = %s WHERE id = %s", ["丙公司", first.pk]
        )
    assert names_and_reads() == (["丙公司", "乙公司"], 2)
