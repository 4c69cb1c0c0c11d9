"""Pages: lists, detail, the overdue board, exports — scoped, with flat query counts."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.core.models import SecurityEvent
from zhiliang.equipment.services import REVEAL_EVENT, units_refresh_due


def rows_of(response):
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_unit_list_filters_and_stays_in_jurisdiction(client, make_user, make_unit, make_enterprise):
    lift = make_unit("3110")
    truck = make_unit("5110", registered_on=None)
    other = make_enterprise("320411002")
    theirs = make_unit("3110", region_code="320411002", enterprise=other)
    client.force_login(make_user("viewer", "320412"))
    url = reverse("equipment:unit_list")
    page = client.get(url).content.decode()
    assert lift.register_code in page and truck.register_code in page
    assert theirs.register_code not in page
    page = client.get(url, {"kind": "5000"}).content.decode()
    assert truck.register_code in page and lift.register_code not in page
    page = client.get(url, {"registered": "false"}).content.decode()
    assert truck.register_code in page and lift.register_code not in page
    assert client.get(url, {"region": "abc", "kind": ""}).status_code == 200


def test_detail_shows_rule_history_and_hides_other_districts(
    client, make_user, make_unit, make_enterprise, clerk
):
    from zhiliang.equipment.services import inspection_record

    unit = make_unit("4300", accepted_on=date(2022, 6, 1))
    inspection_record(
        actor=clerk,
        data={
            "unit": unit,
            "inspected_on": date(2023, 5, 20),
            "inspection_body": "常州特检院",
            "conclusion": "pass",
            "report_number": "RPT-1",
        },
    )
    theirs = make_unit("4300", region_code="320411002", enterprise=make_enterprise("320411002"))
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("equipment:unit_detail", args=[unit.pk])).content.decode()
    # The rule, why this date and its source, in the reader's language.
    assert "塔式起重机、流动式起重机、升降机每年定期检验1次" in page and "RPT-1" in page
    assert "上次检验（2023-05-20）后1年" in page and "TSG Q7015-2016" in page
    assert "lifting_yearly" not in page and "inspected every year" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("equipment:unit_detail", args=[unit.pk])).content.decode()
    assert "tower cranes, mobile cranes and hoists are inspected every year" in page
    assert "1 year after the last inspection 2023-05-20" in page
    assert "override-form" not in page and "inspection-form" not in page  # a viewer
    assert client.get(reverse("equipment:unit_detail", args=[theirs.pk])).status_code == 404


def test_override_and_inspection_forms(client, make_user, make_unit):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1))
    viewer = make_user("viewer", "320412")
    client.force_login(viewer)
    url = reverse("equipment:unit_override", args=[unit.pk])
    assert client.post(url, {"every_years": "2", "reason": "x"}).status_code == 403
    client.force_login(make_user("office_staff", "320412"))
    response = client.post(url, {"every_years": "2", "reason": ""})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    response = client.post(url, {"every_years": "2", "reason": "检验机构意见"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.next_due_on == date(2024, 6, 1)
    inspect = reverse("equipment:unit_inspect", args=[unit.pk])
    bad = client.post(
        inspect,
        {
            "inspected_on": "2021-01-01",
            "inspection_body": "x",
            "conclusion": "pass",
            "report_number": "R",
        },
    )
    # The message names the refused date (the page speaks 简体中文 to the test client).
    assert bad.status_code == 200 and "alert-danger" in bad.content.decode()
    assert "2021-01-01" in bad.content.decode()
    ok = client.post(
        inspect,
        {
            "inspected_on": "2024-05-01",
            "inspection_body": "x",
            "conclusion": "pass",
            "report_number": "R",
        },
    )
    assert ok.status_code == 302
    unit.refresh_from_db()
    assert unit.last_inspected_on == date(2024, 5, 1)


def test_board_counts_and_field_list(client, make_user, make_unit, make_enterprise):
    overdue = make_unit("4300", accepted_on=date(2022, 6, 1), region_code="320412001")
    make_unit("4300", accepted_on=date(2022, 6, 20), region_code="320412002")
    make_unit("4300", accepted_on=date(2022, 9, 1), region_code="320412002")
    make_unit("4300", region_code="320411002", enterprise=make_enterprise("320411002"))
    units_refresh_due(today=date(2023, 6, 5))
    client.force_login(make_user("inspector", "320412"))
    response = client.get(reverse("equipment:board"))
    board = response.context
    assert board["totals"] == {"overdue": 1, "due_soon": 1, "unregistered": 0, "total": 3}
    per_town = {c["code"]: (c["overdue"], c["due_soon"]) for c in board["children"]}
    assert per_town == {"320412001": (1, 0), "320412002": (0, 1)}
    assert [(k["kind_code"], k["overdue"]) for k in board["kinds"]] == [("4000", 1)]
    rows = rows_of(client.get(reverse("equipment:field_export"), {"region": "320412001"}))
    assert len(rows) == 2 and rows[1][0] == overdue.register_code
    assert rows[1][9] == "13912345678"  # inspectors see personal data
    assert client.get(reverse("equipment:field_export"), {"region": "320411002"}).status_code == 404


def test_field_list_masks_phones_for_viewers(client, make_user, make_unit):
    make_unit("4300", accepted_on=date(2022, 6, 1))
    units_refresh_due(today=date(2023, 6, 5))
    client.force_login(make_user("viewer", "320412"))
    rows = rows_of(client.get(reverse("equipment:field_export"), {"region": "320412"}))
    assert rows[1][9] == "139****5678"


def test_exports_are_the_filtered_lists(client, make_user, make_unit, make_operator):
    make_unit("3110")
    truck = make_unit("5110")
    make_operator()
    client.force_login(make_user("viewer", "320412"))
    rows = rows_of(client.get(reverse("equipment:unit_export"), {"kind": "5000", "status": ""}))
    assert len(rows) == 2 and rows[1][0] == truck.register_code and rows[1][2] == "叉车"
    rows = rows_of(client.get(reverse("equipment:operator_export")))
    assert len(rows) == 2 and rows[1][1].startswith("3204**")
    rows = rows_of(client.get(reverse("equipment:inspection_export")))
    assert len(rows) == 1


def test_operator_pages_mask_and_reveal(client, make_user, make_operator, make_enterprise):
    op = make_operator()
    theirs = make_operator(employer=make_enterprise("320411002"))
    viewer = make_user("viewer", "320412")
    client.force_login(viewer)
    page = client.get(reverse("equipment:operator_list")).content.decode()
    assert op.id_number_masked in page and "reveal" not in page
    detail = client.get(reverse("equipment:operator_detail", args=[op.pk])).content.decode()
    assert "reveal-id" not in detail
    assert client.post(reverse("equipment:operator_reveal", args=[op.pk])).status_code == 403
    assert client.get(reverse("equipment:operator_detail", args=[theirs.pk])).status_code == 404
    inspector = make_user("inspector", "320412")
    client.force_login(inspector)
    assert (
        "reveal-id"
        in client.get(reverse("equipment:operator_detail", args=[op.pk])).content.decode()
    )
    assert client.post(reverse("equipment:operator_reveal", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("equipment:operator_reveal", args=[op.pk]))
    from zhiliang.equipment import crypto

    assert crypto.decrypt(op.id_number_encrypted) in response.content.decode()
    assert SecurityEvent.objects.filter(kind=REVEAL_EVENT, user=inspector).count() == 1


def test_the_unit_export_and_admin_explain_the_due_rule_in_chinese(client, make_user, make_unit):
    """The rule as the unit page explains it: no rule id, no English in the Chinese sheet."""
    from zhiliang.equipment import due

    make_unit("4300", accepted_on=date(2022, 6, 1))
    own = make_unit("3110", override_every_years=3, override_reason="厂家要求")
    client.force_login(make_user("office_staff", "320412"))
    rows = rows_of(client.get(reverse("equipment:unit_export")))
    assert rows[0][-1] == "检验周期规则"
    ids = {rule.id for rule in due.rules()} | {"override", "unit override", "after"}
    explained = [row[-1] for row in rows[1:]]
    assert len(explained) == 2 and all("检验" in text for text in explained)
    assert not [i for i in ids for text in explained if i in text], explained
    admin_page = client.get(f"/admin/equipment/equipmentunit/{own.pk}/change/").content.decode()
    assert "单位调整：每3年检验" in admin_page
    assert not [i for i in ids if f"{i}:" in admin_page or f"rule {i}" in admin_page]
