"""Sampling pages through the test client: what each role sees and may do, jurisdiction on
every page, the public page, the announcement export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.inspections import services
from zhiliang.inspections.models import Draw, FollowUp, FollowUpStep, Sample

D = dt.date


def pages(world):
    return [
        reverse("inspections:plans"),
        reverse("inspections:plan", args=[world["plan"].pk]),
        reverse("inspections:draw", args=[world["draw"].pk]),
        reverse("inspections:samples"),
        reverse("inspections:sample", args=[world["bad"].pk]),
        reverse("inspections:followups"),
        reverse("inspections:followup", args=[world["fu"].pk]),
        reverse("inspections:inspectors"),
        reverse("inspections:statistics"),
    ]


def test_every_page_opens_for_the_office(client, login, office, world):
    login(office)
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("inspections:plan", args=[world["plan"].pk])).content.decode()
    assert "常州市2025年监督抽查" in body and 'id="draw-form"' in body


def test_records_outside_the_jurisdiction_answer_404(client, login, make_user, world):
    # 南京's office reads sampling, but nothing of 常州's.
    login(make_user("office_staff", "3201"))
    for url in pages(world)[1:]:
        if url.endswith(
            ("/sampling/", "/samples/", "/follow-ups/", "/inspectors/", "/statistics/")
        ):
            continue
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("inspections:samples")).content.decode()
    assert world["bad"].sample_number not in listing
    assert client.get(reverse("inspections:plans")).content.decode().count("常州市2025") == 0
    # Writes on records outside the jurisdiction: 404, nothing changes.
    assert (
        client.post(reverse("inspections:sample-publish", args=[world["hidden"].pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("inspections:draw-verify", args=[world["draw"].pk])).status_code == 404
    )
    assert Sample.objects.get(pk=world["hidden"].pk).published_at is None


def test_administrators_see_no_sampling_data(client, login, make_user, world):
    login(make_user("system_admin", "3204"))
    for url in pages(world):
        assert client.get(url).status_code in (403, 404), url


def test_a_viewer_reads_but_may_not_write(client, login, make_user, world):
    login(make_user("viewer", "3204"))
    body = client.get(reverse("inspections:plan", args=[world["plan"].pk])).content.decode()
    assert 'id="draw-form"' not in body and 'id="quota-form"' not in body
    assert client.post(reverse("inspections:draw-run", args=[world["plan"].pk])).status_code == 403
    assert client.get(reverse("inspections:sample-new")).status_code == 403
    assert (
        client.post(reverse("inspections:sample-publish", args=[world["hidden"].pk])).status_code
        == 403
    )
    fu = reverse("inspections:followup", args=[world["fu"].pk])
    assert 'id="step-form"' not in client.get(fu).content.decode()
    assert client.post(fu, {"action": "object", "done_on": "2025-05-25"}).status_code == 403
    assert Draw.objects.count() == 1 and FollowUp.objects.get().state == "notified"


def test_draw_page_shows_shares_teams_and_verifies(client, login, office, world):
    login(office)
    url = reverse("inspections:draw", args=[world["draw"].pk])
    body = client.get(url).content.decode()
    assert 'id="share-random"' in body or 'id="share-weighted"' in body
    assert "检查员" in body  # drawn inspectors are named
    verify = reverse("inspections:draw-verify", args=[world["draw"].pk])
    answer = client.post(verify, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="verify-result"' in answer and "alert-success" in answer
    # Tamper with the stored result: the page names the difference.
    Draw.objects.filter(pk=world["draw"].pk).update(result_digest="0" * 64)
    answer = client.post(verify, HTTP_HX_REQUEST="true").content.decode()
    assert "alert-danger" in answer and "digest" in answer


def test_run_a_draw_and_publish_it_from_the_pages(client, login, office, world):
    login(office)
    response = client.post(reverse("inspections:draw-run", args=[world["plan"].pk]), {"seed": "7"})
    draw = Draw.objects.exclude(pk=world["draw"].pk).get()
    assert response.url == reverse("inspections:draw", args=[draw.pk]) and draw.seed == 7
    client.post(reverse("inspections:draw-publish", args=[draw.pk]))
    draw.refresh_from_db()
    assert draw.published_at is not None
    # A bad seed is a message, not a draw.
    response = client.post(
        reverse("inspections:draw-run", args=[world["plan"].pk]), {"seed": "-3"}, follow=True
    )
    assert response.status_code == 200 and Draw.objects.count() == 2


def _rows(*rows: dict, initial: int = 0) -> dict:
    """The test items formset as the page posts it."""
    data = {"items-TOTAL_FORMS": len(rows), "items-INITIAL_FORMS": initial}
    for n, row in enumerate(rows):
        data.update({f"items-{n}-{k}": v for k, v in row.items()})
    return data


def test_record_and_edit_a_sample(client, login, office, world, catalogue, make_org):
    from zhiliang.core.choices import OrganizationKind

    lab = make_org("3204", "常州市产品质量监督检验院", kind=OrganizationKind.INSPECTION_BODY)
    login(office)
    enterprise = world["draw"].picks.all()[2].enterprise
    noise = {
        "item": "噪声", "standard": "GB 4706.1", "clause": "11.8", "requirement": "≤ 45",
        "measured_value": "48", "unit": "dB(A)", "verdict": "fail",
    }  # fmt: skip
    data = {
        "plan": world["plan"].pk,
        "uscc": enterprise.uscc,
        "product": catalogue["0101"].pk,
        "sampled_on": "2025-06-01",
        "place": "production",
        "test_units": 2,
        "backup_units": 1,
        "laboratory": lab.pk,
        "brand": "新牌",
        # A blank row (verdict left at pending) is skipped.
        **_rows({"item": "标识", "verdict": "pass"}, noise, {"item": "", "verdict": "pending"}),
    }
    form = client.get(reverse("inspections:sample-new")).content.decode()
    assert 'name="items-4-measured_value"' in form and lab.name in form
    response = client.post(reverse("inspections:sample-new"), data)
    sample = Sample.objects.get(brand="新牌")
    assert response.url == reverse("inspections:sample", args=[sample.pk])
    assert sample.verdict == "fail" and sample.pick is not None  # linked to the published pick
    assert sample.laboratory == lab
    stored = list(sample.test_items.values(*noise, "order"))
    assert stored == [
        {**dict.fromkeys(noise, ""), "item": "标识", "verdict": "pass", "order": 1},
        {**noise, "order": 2},
    ]
    assert "dB(A)" in client.get(response.url).content.decode()
    # Bad input: an unknown USCC and a future date; nothing is saved.
    bad = dict(data, uscc="91320412MA00000000", sampled_on="2099-01-01", brand="坏牌")
    body = client.post(reverse("inspections:sample-new"), bad).content.decode()
    assert 'class="invalid-feedback d-block"' in body
    assert not Sample.objects.filter(brand="坏牌").exists()
    # A row with a value but no item name is an error on that row, not a silent loss.
    bad = dict(data, brand="坏牌", **_rows({"item": "", "measured_value": "3", "verdict": "pass"}))
    body = client.post(reverse("inspections:sample-new"), bad).content.decode()
    assert 'class="invalid-feedback d-block"' in body
    assert not Sample.objects.filter(brand="坏牌").exists()
    edit = reverse("inspections:sample-edit", args=[sample.pk])
    body = client.get(edit).content.decode()
    assert 'name="items-1-unit" value="dB(A)"' in body and 'name="items-6-item"' in body
    common = {"sampled_on": "2025-06-01", "place": "retail", "test_units": 2, "backup_units": 1}
    # The noise passes on re-measurement; the mark row is removed.
    rows = _rows(
        {"item": "标识", "verdict": "pass", "DELETE": "on"},
        dict(noise, measured_value="44", verdict="pass"),
        initial=2,
    )
    client.post(edit, {**common, "laboratory": lab.pk, **rows})
    sample.refresh_from_db()
    assert (sample.verdict, sample.place) == ("pass", "retail")
    assert list(sample.test_items.values_list("item", "measured_value")) == [("噪声", "44")]
    # One pending row leaves the sample pending.
    rows = _rows(dict(noise, verdict="pass"), {"item": "能效", "verdict": "pending"}, initial=1)
    client.post(edit, {**common, **rows})
    sample.refresh_from_db()
    assert sample.verdict == "pending" and sample.laboratory is None


@pytest.mark.parametrize("kind", ["department", "association"])
def test_the_laboratory_must_be_an_inspection_body(client, login, office, world, make_org, kind):
    other = make_org("3204", "常州市某单位", kind=kind)
    login(office)
    enterprise = world["draw"].picks.all()[2].enterprise
    data = {
        "plan": world["plan"].pk, "uscc": enterprise.uscc, "product": world["good"].product_id,
        "sampled_on": "2025-06-01", "place": "production", "test_units": 1, "backup_units": 1,
        "laboratory": other.pk, "brand": "无检验机构", **_rows({"item": "标识", "verdict": "pass"}),
    }  # fmt: skip
    assert other.name not in client.get(reverse("inspections:sample-new")).content.decode()
    response = client.post(reverse("inspections:sample-new"), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("laboratory")
    assert not Sample.objects.filter(brand="无检验机构").exists()


def test_follow_up_page_offers_the_allowed_steps_and_refuses_others(client, login, office, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(office)
    url = reverse("inspections:followup", args=[world["fu"].pk])
    body = client.get(url).content.decode()
    # The objection window (until 2025-06-04) has closed: objecting is explained, not offered.
    assert 'value="order_rectification"' in body and 'value="object"' not in body
    assert 'data-action="object" data-allowed="0"' in body and "2025-06-04" in body
    assert "已过办理期限" in body  # the window has passed, not "not yet"
    assert 'value="reinspect_pass"' not in body
    # Ordering rectification inside the objection window without a waiver is refused.
    body = client.post(url, {"action": "order_rectification", "done_on": "2025-05-25"}).content
    assert FollowUp.objects.get().state == "notified" and b'id="form-errors"' in body
    # A step that is not allowed now is refused by the form.
    client.post(url, {"action": "reinspect_pass", "done_on": "2025-05-25"})
    assert FollowUp.objects.get().state == "notified"
    evidence = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order")
    response = client.post(
        url,
        {
            "action": "order_rectification",
            "done_on": "2025-06-10",
            "note": "责令整改",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    fu = FollowUp.objects.get()
    assert fu.state == "rectification" and fu.rectification_due_on == D(2025, 8, 9)
    step = FollowUpStep.objects.filter(step="order_rectification").get()
    download = client.get(reverse("inspections:step-evidence", args=[step.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 order"


def test_follow_up_board_counts_states_and_lists_overdue(client, login, office, world):
    FollowUp.objects.update(overdue=True, due_on=D(2025, 6, 4))
    login(office)
    body = client.get(reverse("inspections:followups")).content.decode()
    assert 'id="count-notified">1<' in body
    assert world["bad"].sample_number in body.split('id="overdue-table"')[1]


def test_sample_list_filters(client, login, office, world):
    login(office)
    url = reverse("inspections:samples")
    body = client.get(url, {"verdict": "fail"}).content.decode()
    assert world["bad"].sample_number in body and world["good"].sample_number not in body
    body = client.get(url, {"product": "01", "region": "320412"}).content.decode()
    assert world["good"].sample_number in body
    body = client.get(url, {"level": "county"}).content.decode()
    assert world["good"].sample_number not in body and 'id="result-count">0 ' in body
    body = client.get(url, {"level": "city", "plan": world["plan"].pk}).content.decode()
    assert world["good"].sample_number in body
    body = client.get(url, {"sampled_from": "2025-05-07"}).content.decode()
    assert world["hidden"].sample_number in body and world["good"].sample_number not in body


def test_announcement_export(client, login, office, world):
    login(office)
    response = client.get(reverse("inspections:samples-export"), {"verdict": "fail"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert len(rows) == 2
    row = rows[1]
    bad = world["bad"]
    assert row[1] == bad.sample_number and row[4] == bad.enterprise.uscc
    assert row[9] == "不合格" and row[10] == "铅含量"


def test_public_page_shows_only_published_results_without_login(client, world):
    url = reverse("public:sampling")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert world["good"].enterprise.name in body and world["bad"].enterprise.name in body
    assert "铅含量" in body  # the failed item
    assert "隐藏牌" not in body and world["hidden"].enterprise.name not in body
    assert world["bad"].sample_number not in body  # internal numbers stay internal
    body = client.get(url, {"verdict": "pass"}).content.decode()
    assert world["good"].enterprise.name in body and world["bad"].enterprise.name not in body


def test_public_page_paginates(client, world, record_sample, maker, catalogue, office):
    for _ in range(31):
        s = record_sample(world["plan"], maker(catalogue["0101"], "320412"), catalogue["0101"])
        services.sample_publish(actor=office, sample=s)
    body = client.get(reverse("public:sampling")).content.decode()
    assert body.count("<tr>") - 1 == 30 and "page=2" in body


def test_statistics_page_has_the_funnel_and_lift(client, login, office, world):
    login(office)
    body = client.get(reverse("inspections:statistics")).content.decode()
    assert 'id="funnel-data"' in body and "武进区" in body


def test_inspector_register_masks_phones_for_viewers(client, login, make_user, office, inspector):
    person = inspector("3204", phone="13812345678")
    login(make_user("viewer", "3204"))
    body = client.get(reverse("inspections:inspectors")).content.decode()
    assert "13812345678" not in body and "138****5678" in body
    client.logout()
    login(office)
    body = client.get(reverse("inspections:inspector", args=[person.pk])).content.decode()
    assert "13812345678" in body


def test_inspector_create_and_conflict(client, login, office, make_enterprise):
    login(office)
    client.post(
        reverse("inspections:inspector-new"),
        {"name": "王检查", "organization": office.organization.pk, "active": "on"},
    )
    from zhiliang.inspections.models import Inspector

    person = Inspector.objects.get(name="王检查")
    firm = make_enterprise("320412")
    url = reverse("inspections:inspector", args=[person.pk])
    client.post(url, {"uscc": firm.uscc, "reason": "亲属任职"})
    assert person.conflicts.get().enterprise == firm
    body = client.post(url, {"reason": "没有对象"}).content.decode()
    assert person.conflicts.count() == 1 and 'id="form-errors"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"region": "abc"},
        {"sampled_from": "2025-02-30"},
        {"verdict": "maybe"},
        {"plan": "x"},
        {"page": "999"},
    ],
)
def test_bad_filters_are_answered_not_crashed(client, login, office, world, query):
    login(office)
    assert client.get(reverse("inspections:samples"), query).status_code == 200
    assert client.get(reverse("inspections:samples-export"), query).status_code == 200
    assert client.get(reverse("public:sampling"), query).status_code == 200
    assert client.get(reverse("inspections:statistics"), {"year": "x", **query}).status_code == 200


def test_announcement_says_how_many_samples_it_leaves_out(
    client, login, office, world, record_sample
):
    pending = record_sample(
        world["plan"], world["good"].enterprise, world["good"].product, verdict="pending"
    )
    assert pending.verdict == "pending"
    login(office)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("inspections:samples-export"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert "另有 1 份样品尚无检验结论，未列入本表" in rows[0][0]
    assert pending.sample_number not in [cell for row in rows for cell in row]
    assert world["bad"].sample_number in [cell for row in rows for cell in row]


def test_the_new_button_says_sampling_plan(client, login, office, world):
    login(office)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("inspections:plans")).content.decode()
    assert "新建抽查计划" in page and "新建实施方案" not in page
