"""The staged importer with equipment units, periodic inspections and operators: every bad
row is rejected with its reason, the good ones go in together."""

import os
from datetime import date

from zhiliang.core.testing.xlsx import reasons, validate, xlsx
from zhiliang.equipment.models import EquipmentUnit, InspectionDue, Operator, PeriodicInspection
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.selectors import import_rejected_xlsx

from .conftest import MINOR_ID, id_number


def run(user, kind, content):
    batch = validate(user, kind, content)
    assert all(batch.mapping), batch.mapping  # every header recognised
    return batch


UNIT_HEADERS = [
    "设备注册代码",
    "设备品种代码",
    "使用单位统一社会信用代码",
    "区划代码",
    "使用地点",
    "监督检验日期",
    "投入使用日期",
    "使用登记证编号",
    "登记日期",
    "设备状态",
]


def test_unit_import_rejects_bad_rows_with_reasons(clerk, firm, make_unit, make_enterprise):
    taken = make_unit("4300")
    outsider = make_enterprise("320411002")
    good = [
        "A0001",
        "3110",
        firm.uscc,
        "320412001",
        "1号楼",
        "2020/3/10",
        "2020-03-15",
        "梯11苏D001",
        "2020-04-01",
        "在用",
    ]
    rows = [
        good,
        ["A0002", "3990", *good[2:]],  # unknown catalogue code
        [taken.register_code, *good[1:]],  # register code in the registry
        ["A0003", *good[1:]],  # duplicated in the file …
        ["A0003", *good[1:]],  # … twice
        ["A0004", "3110", "91320412MA1X", *good[3:]],  # invalid USCC
        ["A0005", "3110", firm.uscc, "999999", *good[4:]],  # no such region
        ["A0006", "3110", outsider.uscc, *good[3:]],  # enterprise outside the jurisdiction
        ["A0007", "3110", firm.uscc, "320412001", "x", "2099-01-01", "2099-01-02", "", "", ""],
        ["A0008", "3110", firm.uscc, "320412001", "x", "2020-01-01", "2020-01-02", "", "", ""],
    ]
    batch = run(clerk, "equipment_units", xlsx(UNIT_HEADERS, rows))
    why = reasons(batch)
    # The first A0003 (row 5) is kept; its copy (row 6) is rejected naming it.
    assert sorted(why) == [3, 4, 6, 7, 8, 9, 10]
    assert "catalogue" in why[3]
    assert "already registered" in why[4]
    assert "repeats row 5" in why[6]
    assert "USCC" in why[7]
    assert "999999" in why[8]
    assert "No enterprise" in why[9]
    assert "future" in why[10]
    assert EquipmentUnit.objects.count() == 1
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == 3
    unit = EquipmentUnit.objects.get(register_code="A0001")
    assert unit.next_due_on == date(2021, 3, 10) and unit.due_rule.startswith("elevator:")
    assert unit.history.get().history_user == clerk
    unregistered = EquipmentUnit.objects.get(register_code="A0008")
    assert not unregistered.registered
    # An elevator accepted in 2020 is long overdue for year 1: its due date has arrived.
    assert InspectionDue.objects.filter(unit=unregistered).exists()


INSPECTION_HEADERS = ["设备注册代码", "检验日期", "检验机构", "检验结论", "报告编号"]


def test_inspection_import_moves_due_dates_and_rejects_bad_rows(
    clerk, make_unit, make_user, make_enterprise
):
    unit = make_unit("4300", accepted_on=date(2022, 6, 1), today=date(2022, 7, 1))
    other = make_unit(
        "4300",
        region_code="320411002",
        enterprise=make_enterprise("320411002"),
        actor=make_user("office_staff", "320411"),
    )
    code = unit.register_code
    rows = [
        [code, "2023-05-20", "常州特检院", "合格", "R1"],
        [code, "2024-05-10", "常州特检院", "复检合格", "R2"],
        [code, "2022-01-01", "常州特检院", "合格", "R3"],  # before acceptance
        [code, "2099-01-01", "常州特检院", "合格", "R4"],  # future
        [other.register_code, "2023-05-20", "常州特检院", "合格", "R5"],  # outside
        ["NOPE", "2023-05-20", "常州特检院", "合格", "R6"],  # unknown unit
        [code, "2023-05-20", "常州特检院", "很好", "R7"],  # unknown conclusion
    ]
    batch = run(clerk, "periodic_inspections", xlsx(INSPECTION_HEADERS, rows))
    why = reasons(batch)
    assert sorted(why) == [4, 5, 6, 7, 8]
    assert "before the acceptance" in why[4] and "future" in why[5]
    assert "jurisdiction" in why[6] and "jurisdiction" in why[7]
    services.import_commit(actor=clerk, batch=batch)
    unit.refresh_from_db()
    assert PeriodicInspection.objects.filter(unit=unit).count() == 2
    assert unit.last_inspected_on == date(2024, 5, 10) and unit.next_due_on == date(2025, 5, 10)
    met = dict(InspectionDue.objects.filter(unit=unit).values_list("due_on", "inspected_on"))
    assert met == {
        date(2023, 6, 1): date(2023, 5, 20),
        date(2024, 5, 20): date(2024, 5, 10),
        date(2025, 5, 10): None,  # arrived since (today is later): open
    }


OPERATOR_HEADERS = [
    "姓名",
    "身份证号",
    "用人单位统一社会信用代码",
    "证书编号",
    "作业项目",
    "发证日期",
    "有效期至",
]


def test_operator_import_rejects_bad_rows(clerk, firm, make_operator):
    existing = make_operator(id_number=id_number("19860202", 5))
    adult = id_number("19900101", 3)
    rows = [
        ["张三", adult, firm.uscc, "TS1", "N1", "2023-01-01", ""],
        ["小明", MINOR_ID, firm.uscc, "TS2", "N1", "2023-01-01", ""],  # under 18
        ["李四", id_number("19860202", 5), firm.uscc, "TS3", "N1", "2023-01-01", ""],  # taken
        ["王五", id_number("19900101", 4), firm.uscc, "TS4", "N1", "2023-01-01", "2022-01-01"],
        ["赵六", id_number("19900101", 5), "913204", "TS5", "N1", "2023-01-01", ""],  # USCC
        ["钱七", id_number("19900101", 6), firm.uscc, "TS6", "N1", "2099-01-01", ""],  # future
        ["孙八", adult, firm.uscc, "TS7", "Q2", "2023-01-01", ""],  # same person twice in file
    ]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    why = reasons(batch)
    assert sorted(why) == [3, 4, 5, 6, 7, 8]  # row 2 keeps the person; row 8 repeats it
    assert "under 18" in why[3] and "already recorded" in why[4]
    assert "expires before" in why[5] and "USCC" in why[6] and "future" in why[7]
    assert "repeats row 2" in why[8]
    assert adult not in " ".join(why.values())  # reasons never repeat the ID number
    assert Operator.objects.count() == 1 and existing.pk


def test_operator_import_commits_encrypted(clerk, firm):
    rows = [["张三", id_number("19900101", 3), firm.uscc, "TS1", "N1,Q2", "2023-01-01", ""]]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.created_count == 1
    op = Operator.objects.get()
    assert op.valid_until == date(2027, 1, 1) and op.items == "N1,Q2"
    assert op.id_number_masked.startswith("3204**") and id_number("19900101", 3) not in str(
        Operator.objects.values().get()
    )


def _stored_text(batch) -> str:
    """Everything the importer keeps of a batch: its rows as stored and its file's bytes."""
    from zhiliang.imports.models import ImportRow

    rows = str(list(ImportRow.objects.filter(batch=batch).values()))
    batch.refresh_from_db()
    content = batch.file.open("rb").read().decode("latin-1") if batch.file else ""
    return rows + content


def test_operator_import_keeps_no_plain_id_number_at_rest(clerk, firm, make_operator):
    good = id_number("19900101", 3)
    bad_age = MINOR_ID
    later = id_number("19860202", 5)
    rows = [
        ["张三", good, firm.uscc, "TS1", "N1", "2023-01-01", ""],
        ["小明", bad_age, firm.uscc, "TS2", "N1", "2023-01-01", ""],
        ["李四", later, firm.uscc, "TS3", "N1", "2023-01-01", ""],
    ]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    assert batch.file.name.endswith(".xlsx.enc")
    stored = _stored_text(batch)
    for number in (good, bad_age, later):
        assert number not in stored
    # The clerk still sees which row is which: masked cells, and the rejected rows download.
    cells = batch.rows.get(number=3).values
    assert cells[1] == bad_age[:4] + "*" * 10 + bad_age[-4:]
    assert bad_age not in import_rejected_xlsx(batch=batch, reason_header="reason").read().decode(
        "latin-1"
    )
    # Registered meanwhile: re-checked at commit, and the reason does not spell the number out.
    make_operator(id_number=later)
    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.created_count == 1
    assert Operator.objects.filter(id_number_masked=good[:4] + "*" * 10 + good[-4:]).exists()
    reason = " ".join(batch.rows.get(number=4).errors)
    assert "registered after" in reason and later not in reason
    # Imported: the uploaded file and the checked values are gone.
    batch.refresh_from_db()
    assert not batch.file and not batch.rows.exclude(cleaned=None).exists()
    assert good not in _stored_text(batch)


def test_cancelled_operator_import_drops_file_and_values(clerk, firm):
    rows = [["张三", id_number("19900101", 3), firm.uscc, "TS1", "N1", "2023-01-01", ""]]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    path = batch.file.path
    batch = services.import_cancel(actor=clerk, batch=batch)
    batch.refresh_from_db()
    assert not batch.file and not os.path.exists(path)
    assert not batch.rows.exclude(cleaned=None).exists()


def test_migration_seals_batches_staged_in_plain_text(clerk, firm, monkeypatch):
    """Batches staged before ID numbers were sealed get sealed (or dropped) by migration 0003."""
    import dataclasses
    import importlib

    from django.apps import apps

    from zhiliang.imports import registry

    spec = registry.get_spec("equipment_operators")
    monkeypatch.setitem(registry._SPECS, spec.kind, dataclasses.replace(spec, sensitive={}))
    staged_id, done_id = id_number("19900101", 3), id_number("19900101", 4)
    staged = run(clerk, spec.kind, xlsx(OPERATOR_HEADERS, [["张三", staged_id, firm.uscc]]))
    done = run(clerk, spec.kind, xlsx(OPERATOR_HEADERS, [["李四", done_id, firm.uscc]]))
    done.status = ImportStatus.CANCELLED
    done.save()
    assert staged_id in _stored_text(staged)  # as the importer used to keep it
    monkeypatch.setitem(registry._SPECS, spec.kind, spec)

    importlib.import_module("zhiliang.imports.migrations.0003_seal_personal_data").seal(apps, None)
    assert staged_id not in _stored_text(staged) and done_id not in _stored_text(done)
    assert not done.file and staged.file.name.endswith(".enc")
    batch = services.import_commit(actor=clerk, batch=staged)  # still imports
    assert batch.created_count == 1 and Operator.objects.get().name == "张三"


def test_import_page_says_personal_data_is_masked(client, clerk, firm):
    from django.urls import reverse

    from zhiliang.conftest import PASSWORD

    rows = [["小明", MINOR_ID, firm.uscc, "TS2", "N1", "2023-01-01", ""]]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    client.login(username=clerk.username, password=PASSWORD)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "个人信息在此处和下载文件中均已遮盖" in page and MINOR_ID not in page
