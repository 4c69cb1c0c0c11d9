"""record_urls: one call declares a record's pages; the routes and names the templates
reverse are the ones the apps had written out by hand."""

from types import SimpleNamespace

import pytest
from django.urls import resolve, reverse

from zhiliang.core.record_pages import EDITABLE, record_urls


class _View:
    @classmethod
    def as_view(cls, **kw):
        def view(request):
            return None

        view.view, view.kw = cls, kw
        return view


def _views(*names):
    return SimpleNamespace(**{n: type(n, (_View,), {}) for n in names})


def test_pages_and_actions_are_named_after_the_record():
    views = _views(*(f"Pilot{s}" for s in ("List", "New", "Detail", "Edit", "Delete")),
                   "PilotApplyRemoval", "PilotEvidenceAdd")  # fmt: skip
    patterns = record_urls(views, "Pilot", "pilots/", name="pilot", sep="_",
                           pages=(*EDITABLE, "export"),
                           actions=["apply_removal", ("evidence", "EvidenceAdd")])  # fmt: skip
    got = [(str(p.pattern), p.name, p.callback.view.__name__, p.callback.kw) for p in patterns]
    assert got == [
        ("pilots/", "pilots", "PilotList", {}),
        ("pilots/new/", "pilot_new", "PilotNew", {}),
        ("pilots/<int:pk>/", "pilot", "PilotDetail", {}),
        ("pilots/<int:pk>/edit/", "pilot_edit", "PilotEdit", {}),
        ("pilots/<int:pk>/delete/", "pilot_delete", "PilotDelete", {}),
        ("pilots/export.xlsx", "pilot_export", "PilotList", {"always_export": True}),
        ("pilots/<int:pk>/apply-removal/", "pilot_apply_removal", "PilotApplyRemoval", {}),
        ("pilots/<int:pk>/evidence/", "pilot_evidence", "PilotEvidenceAdd", {}),
    ]


def test_without_a_name_each_page_is_named_by_its_own_word_and_names_override():
    views = _views("CaseList", "CaseDetail", "CaseAdvance")
    patterns = record_urls(views, "Case", actions=["advance"], names={"detail": "case"})
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("", "list"),
        ("<int:pk>/", "case"),
        ("<int:pk>/advance/", "advance"),
    ]


def test_a_missing_view_is_an_error_at_import_not_a_dead_link():
    with pytest.raises(AttributeError):
        record_urls(_views("CaseList"), "Case")


@pytest.mark.parametrize(
    ("name", "url", "view"),
    [
        ("penalties:serious-apply_removal", "/penalties/serious/7/apply-removal/",
         "SeriousApplyRemoval"),
        ("penalties:repair-evidence", "/penalties/repairs/7/evidence/", "RepairEvidenceAdd"),
        ("cases:foreign-open-recall", "/cases/foreign/matches/7/recall/", "MatchOpenRecall"),
        ("risk:information-detail", "/risk/information/7/", "RiskInformationDetail"),
        ("equipment:operator_detail", "/equipment/operators/7/", "OperatorDetail"),
        ("standards:applied_list", "/standards/applied/", "EnterpriseStandardList"),
    ],
)  # fmt: skip
def test_the_apps_routes_resolve_to_their_views(name, url, view):
    args = [7] if "<int:pk>" in resolve(url).route else []
    assert reverse(name, args=args) == url
    assert resolve(url).func.view_class.__name__ == view
