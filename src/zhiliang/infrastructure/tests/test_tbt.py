"""TBT notifications: recorded with a checked number, matched to the enterprises making a
notified product (by HS heading) within the office's region, shown on the enterprise's
file; comments before the deadline only; the CSV importer refuses a repeated number."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from zhiliang.core.models import Region
from zhiliang.core.testing.xlsx import reasons, validate
from zhiliang.infrastructure import rules, services
from zhiliang.infrastructure.models import Comment, Match, Notice
from zhiliang.infrastructure.tests.conftest import notice_data

pytestmark = pytest.mark.django_db


def test_hs_headings_map_products():
    assert "0107" in rules.products_for(["851610"])
    assert "0101" not in rules.products_for(["8516"])
    assert {"0501", "0502"} <= set(rules.products_for(["95"]))


def test_a_notice_is_matched_within_its_region(clerk, office, kettle_maker, today):
    ours, theirs = kettle_maker
    wujin = Region.objects.get(code="320412")
    notice = services.notice_create(actor=clerk, data=notice_data(wujin, today))
    assert list(Match.objects.filter(notice=notice).values_list("enterprise", flat=True)) == [
        ours.pk
    ]
    city = services.notice_create(
        actor=office, data=notice_data(Region.objects.get(code="3204"), today, hs_codes=["9999"])
    )
    # No HS heading, but the catalogue product's name in the products text.
    assert set(Match.objects.filter(notice=city).values_list("enterprise", flat=True)) == {
        ours.pk, theirs.pk,
    }  # fmt: skip


def test_the_enterprise_file_lists_its_notifications(login, clerk, kettle_maker, today):
    ours, _theirs = kettle_maker
    services.notice_create(actor=clerk, data=notice_data(Region.objects.get(code="320412"), today))
    client = login(clerk)
    html = client.get(f"/enterprises/{ours.pk}/").content.decode()
    assert "G/TBT/N/JPN/812" in html


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"number": "TBT-2025-1"}, "number", "not a TBT notification number"),
        ({"hs_codes": ["85.16"]}, "hs_codes", "as digits"),
    ],
)
def test_bad_notices_are_refused(clerk, today, changes, field, words):
    wujin = Region.objects.get(code="320412")
    with pytest.raises(ValidationError) as exc:
        services.notice_create(actor=clerk, data=notice_data(wujin, today, **changes))
    assert words in str(exc.value.message_dict[field])
    assert not Notice.objects.exists()


def test_a_repeated_number_is_refused_also_below_a_city_notice(clerk, office, today):
    services.notice_create(actor=office, data=notice_data(Region.objects.get(code="3204"), today))
    with pytest.raises(ValidationError) as exc:
        services.notice_create(
            actor=clerk, data=notice_data(Region.objects.get(code="320412"), today)
        )
    assert "recorded already" in str(exc.value.message_dict["number"])


def test_comments_before_the_deadline_only(clerk, kettle_maker, today):
    ours, theirs = kettle_maker
    wujin = Region.objects.get(code="320412")
    notice = services.notice_create(actor=clerk, data=notice_data(wujin, today))
    services.comment_create(actor=clerk, notice=notice,
                            data={"enterprise": ours, "text": "建议延长过渡期"})  # fmt: skip
    closed = services.notice_create(
        actor=clerk,
        data=notice_data(wujin, today, number="G/TBT/N/USA/1",
                         notified_on=today - timedelta(days=90),
                         comment_deadline=today - timedelta(days=30)),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.comment_create(actor=clerk, notice=closed,
                                data={"enterprise": ours, "text": "迟到的意见"})  # fmt: skip
    deadline = (today - timedelta(days=30)).isoformat()
    assert f"closed on {deadline}" in str(exc.value.message_dict["commented_on"])
    with pytest.raises(ValidationError):  # another district's enterprise: as if missing
        services.comment_create(actor=clerk, notice=notice,
                                data={"enterprise": theirs, "text": "x"})  # fmt: skip
    assert Comment.objects.count() == 1


@pytest.mark.english
def test_the_csv_import_matches_and_refuses_a_repeated_number(clerk, office, kettle_maker, today):
    from zhiliang.imports import services as imports
    from zhiliang.imports.choices import ImportStatus

    ours, _theirs = kettle_maker
    services.notice_create(actor=office, data=notice_data(ours.region.parent, today))
    day, end = today - timedelta(days=5), today + timedelta(days=55)
    csv_text = (
        "通报号,通报成员,标题,产品,HS编码,通报日期,评议截止日期\n"
        f"G/TBT/N/EU/1071,欧盟,电器,电热水壶,8516.10,{day},{end}\n"
        f"G/TBT/N/EU/1071,欧盟,电器,电热水壶,8516.10,{day},{end}\n"
        f"G/TBT/N/EU/XX,欧盟,电器,电热水壶,8516.10,{day},{end}\n"
        f"G/TBT/N/JPN/812,日本,电器,电热水壶,8516,{day},{end}\n"
        f"G/TBT/N/CHL/7,智利,电器,电热水壶,8516,{day},{day - timedelta(days=1)}\n"
    ).encode()
    batch = validate(clerk, "tbt_notifications", csv_text, "tbt.csv")
    assert batch.status == ImportStatus.VALIDATED, batch.message
    why = reasons(batch)
    assert sorted(why) == [3, 4, 5, 6], why
    assert "repeats row" in why[3]
    assert "not a TBT notification number" in why[4]
    assert "recorded already" in why[5]
    assert "deadline precedes" in why[6]
    batch = imports.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    notice = Notice.objects.get(number="G/TBT/N/EU/1071")
    assert notice.region.code == "320412" and notice.history.count() == 1
    assert notice.matches.get().enterprise == ours
