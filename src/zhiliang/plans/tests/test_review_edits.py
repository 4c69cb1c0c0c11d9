"""The review page's corrections as the form posts them: rows added (from a selection in
the source or typed), a target split in two, two merged into one; refused rows come back
with their reasons and nothing is stored."""

import json

import pytest
from django.urls import reverse

from zhiliang.core.models import Organization
from zhiliang.plans.models import Plan
from zhiliang.plans.tests.test_pages import DOCS, _fields, clerk  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(
    not DOCS.exists(), reason="the shared folder is not beside the checkout"
)
DOC = "001_8a852f39fcf6f680.txt"


def _review_crlf(client, clerk):  # noqa: F811
    """Paste document 001 as a browser posts a textarea (CRLF line ends)."""
    client.force_login(clerk)
    text = (DOCS / DOC).read_text().replace("\n", "\r\n")
    page = client.post(reverse("plans:new"), {"text": text, "region": clerk.jurisdiction.pk})
    assert page.status_code == 200
    return _fields(page.content.decode())


def _span(text: str, phrase: str) -> str:
    at = text.index(phrase)
    return f"{at},{at + len(phrase)}"


def _add_target(data, i, **values):
    data.update({f"t{i}-{k}": v for k, v in values.items()})
    data[f"t{i}-accept"] = "on"
    data["t-count"] = str(max(int(data["t-count"]), i + 1))


def test_spans_index_the_text_as_shown_and_saved(client, clerk):  # noqa: F811
    data = _review_crlf(client, clerk)
    text = data["source_text"]
    assert "\r" not in text  # the page shows, posts back and stores LF line ends
    start, end = (int(v) for v in data["t0-span"].split(","))
    assert text[start:end] == "主要农产品质量安全抽检合格率保持在97%以上"
    # The browser posts the text back with CRLF again: the spans still hold.
    data["source_text"] = text.replace("\n", "\r\n")
    assert client.post(reverse("plans:confirm"), data).status_code == 302
    plan = Plan.objects.get()
    target = plan.targets.filter(indicator_text="主要农产品质量安全抽检合格率").first()
    assert plan.source_text[target.span_start : target.span_end].startswith("主要农产品")


def test_added_split_and_merged_rows_are_saved_with_their_places(client, clerk):  # noqa: F811
    data = _review_crlf(client, clerk)
    text, n = data["source_text"], int(data["t-count"])
    reform = Organization.objects.get(name="常州市武进区发展和改革局")
    # Added from a selection in the source.
    _add_target(
        data, n, indicator="经竣工验收的工程合格率", comparator=">=", value="100", unit="%",
        deadline="", span=_span(text, "经竣工验收的工程合格率达100%"), origin="added",
    )  # fmt: skip
    # t1 split in two: the twin keeps t1's clause and sits right after it.
    _add_target(
        data, n + 1, indicator="工业产品质量抽查合格率(复核)", comparator=">=", value="90",
        unit="%", deadline="", span=data["t1-span"], origin="split",
    )  # fmt: skip
    data["t1-origin"] = "split"
    # t3 merged into t2: t2 keeps both clauses, t3 is gone from the form.
    data["t2-span"] = f"{data['t2-span']};{data['t3-span']}"
    data["t2-origin"] = "merged"
    data["t2-indicator"] = "大中型工程项目一次验收合格率、住宅工程分户验收执行率"
    for key in [k for k in data if k.startswith("t3-")]:
        del data[key]
    order = [0, 1, n + 1, 2, *range(4, n + 1)]
    data["t-order"] = ",".join(map(str, order))
    # A phase typed by hand, a task from a selection with a unit added to it.
    p = int(data["p-count"])
    data.update({f"p{p}-name": "整改提高阶段", f"p{p}-start": "2018-09", f"p{p}-end": "2018-10"})
    data.update({f"p{p}-accept": "on", f"p{p}-origin": "added", "p-count": str(p + 1)})
    k = int(data["k-count"])
    data.update(
        {
            f"k{k}-title": "加强交通、水利、能源等重大基础设施工程质量监管",
            f"k{k}-accept": "on",
            f"k{k}-span": _span(text, "加强交通、水利、能源等重大基"),
            f"k{k}-origin": "added",
            f"k{k}-lead-count": "1",
            f"k{k}-lead0-name": "区发改委",
            f"k{k}-lead0": f"org:{reform.pk}",
            f"k{k}-cooperating-count": "0",
            "k-count": str(k + 1),
        }
    )
    response = client.post(reverse("plans:confirm"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    targets = list(plan.targets.order_by("order"))
    assert len(targets) == n + 1  # one added, one split off, one merged away
    assert [t.indicator_text for t in targets[1:3]] == [
        "工业产品质量监督抽查合格率",
        "工业产品质量抽查合格率(复核)",
    ]
    twins = targets[1:3]
    assert {(t.span_start, t.span_end) for t in twins} == {(twins[0].span_start, twins[0].span_end)}
    merged = targets[3]
    assert merged.indicator_text.startswith("大中型工程项目")
    assert plan.source_text[merged.span_start : merged.span_end] == (
        "大中型工程项目一次验收合格率100%;住宅工程分户验收执行率达到100%"
    )
    added = targets[-1]
    assert plan.source_text[added.span_start : added.span_end] == "经竣工验收的工程合格率达100%"
    assert plan.phases.filter(name="整改提高阶段").exists()
    task = plan.tasks.get(title__startswith="加强交通")
    assert plan.source_text[task.span_start : task.span_end].startswith("加强交通")
    assert task.task_units.get().organization == reform
    assert task.units_as_written == {"lead": ["区发改委"], "cooperating": []}
    # The saved plan's document page highlights the added task's clause.
    page = client.get(reverse("plans:source", args=[plan.pk])).content.decode()
    assert f'data-items="k{task.pk}"' in page and f'data-item="t{added.pk}"' in page


@pytest.mark.english
def test_bad_rows_are_refused_with_reasons_and_nothing_is_stored(client, clerk):  # noqa: F811
    data = _review_crlf(client, clerk)
    size, n = len(data["source_text"]), int(data["t-count"])
    organisations = Organization.objects.count()
    _add_target(data, n, indicator="新增名牌产品", comparator=">=", value="三个", unit="个")
    outside = f"{size - 2},{size + 40}"
    _add_target(data, n + 1, indicator="", comparator="?", value="5", span=outside)
    _add_target(data, n + 2, indicator="拆出的目标", comparator=">=", value="1", origin="split")
    data["t0-span"] = "12,x"  # tampered with
    k = int(data["k-count"])
    data.update({f"k{k}-title": "", f"k{k}-accept": "on", f"k{k}-due_on": "2018-13-40"})
    data.update({f"k{k}-lead-count": "1", f"k{k}-lead0-name": "", f"k{k}-lead0": "org:x"})
    data["k-count"] = str(k + 1)
    # A new unit was asked for on an untouched task: refused rows create no organisation.
    response = client.post(reverse("plans:confirm"), data)
    assert response.status_code == 400
    assert not Plan.objects.exists() and Organization.objects.count() == organisations
    page = response.content.decode()
    assert f"Target {n + 1}: The value “三个” is not a number." in page
    assert f"Target {n + 2}: Its place in the source is not a part of this document" in page
    assert f"Target {n + 2}: Give the indicator the target measures." in page
    assert f"Target {n + 2}: Choose how the value compares." in page
    assert f"Target {n + 3}: A split or merged target keeps its place in the source" in page
    assert "Target 1: Its place in the source" in page
    assert f"Task {k + 1}: Give the task a title." in page
    assert "is not a date" in page and "Every unit needs a name" in page
    # The page comes back as the reviewer left it: their rows, unticked ones unticked.
    assert 'value="新增名牌产品"' in page and 'value="拆出的目标"' in page
    assert page.count('class="text-danger small row-error"') >= 8
    data2 = _fields(page)
    assert data2["t-count"] == str(n + 3) and "t1-accept" in data2


def test_an_unticked_bad_row_does_not_stop_the_save(client, clerk):  # noqa: F811
    data = _review_crlf(client, clerk)
    n = int(data["t-count"])
    _add_target(data, n, indicator="半成品", comparator=">=", value="")
    data.pop(f"t{n}-accept")
    assert client.post(reverse("plans:confirm"), data).status_code == 302
    assert Plan.objects.get().targets.count() == n


def test_a_selection_is_read_with_the_extractor_and_the_region_units(client, clerk):  # noqa: F811
    client.force_login(clerk)
    url = reverse("plans:review-selection")
    found = client.post(
        url, {"text": "工业产品质量监督抽查合格率达到90%以上", "region": "320412"}
    ).json()
    assert [(t["indicator"], t["comparator"], t["value"], t["unit"]) for t in found["targets"]] == [
        ("工业产品质量监督抽查合格率", ">=", 90, "%")
    ]
    unit = client.post(url, {"text": "区市场监管局", "region": "320412"}).json()["unit"]
    market = Organization.objects.get(name="常州市武进区市场监督管理局")
    assert unit == {"choice": f"org:{market.pk}", "label": market.name}
    phase = client.post(url, {"text": "(一)规划筹备阶段(2018年4月至2018年5月)", "region": "320412"})
    assert json.loads(phase.content)["phases"][0]["start"] == "2018-04"
    # Another district's region is answered as missing.
    assert client.post(url, {"text": "区市场监管局", "region": "320411"}).status_code == 404
    assert client.post(url, {"text": "x", "region": "nope"}).status_code == 404


def test_the_document_page_of_a_plan_is_scoped(client, clerk, make_user):  # noqa: F811
    data = _review_crlf(client, clerk)
    client.post(reverse("plans:confirm"), data)
    plan = Plan.objects.get()
    page = client.get(reverse("plans:source", args=[plan.pk]))
    assert page.status_code == 200 and page.content.decode().count("<mark") >= 27
    assert client.get(reverse("plans:source-file", args=[plan.pk])).status_code == 404  # pasted
    other = make_user("office_staff", "320411")
    client.force_login(other)
    assert client.get(reverse("plans:source", args=[plan.pk])).status_code == 404
