"""An expert's declared relations (conflicts of interest) edited on the expert's page:
through the service, with history; an unknown or out-of-jurisdiction USCC refused with
nothing changed."""

from django.urls import reverse

from zhiliang.core.models import Region
from zhiliang.recognition.models import Expert


def _expert():
    return Expert.objects.create(
        name="王专家", speciality="质量管理", organisation="常州大学",
        region=Region.objects.get(code="320412"),
    )  # fmt: skip


def test_relations_are_declared_on_the_experts_page(login, make_enterprise):
    client = login("office_staff", "320412")
    expert, firm = _expert(), make_enterprise("320412")
    page = client.get(reverse("recognition:expert", args=[expert.pk]))
    assert b"relations-form" in page.content
    response = client.post(
        reverse("recognition:relations", args=[expert.pk]), {"usccs": f" {firm.uscc}\n"}
    )
    assert response.status_code == 302
    assert list(expert.related.all()) == [firm]
    assert expert.history.count() == 2
    assert expert.history.first().history_user == client.user
    page = client.get(reverse("recognition:expert", args=[expert.pk]))
    assert page.status_code == 200 and firm.uscc in page.content.decode()


def test_an_unknown_or_foreign_uscc_changes_nothing(login, make_enterprise):
    client = login("office_staff", "320412")
    expert, ours, theirs = _expert(), make_enterprise("320412"), make_enterprise("320411")
    expert.related.set([ours])
    response = client.post(
        reverse("recognition:relations", args=[expert.pk]), {"usccs": theirs.uscc}
    )
    assert response.status_code == 200
    assert theirs.uscc.encode() in response.content
    assert list(expert.related.all()) == [ours]


def test_relations_of_another_districts_expert_are_missing(login, make_enterprise):
    client = login("office_staff", "320411")
    expert = _expert()
    response = client.post(reverse("recognition:relations", args=[expert.pk]), {"usccs": ""})
    assert response.status_code == 404
