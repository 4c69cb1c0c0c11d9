from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.recognition import views as v

app_name = "recognition"
urlpatterns = [
    *record_urls(v, "Round", name="round", sep="_", pages=CREATED),
    path("<int:pk>/apply/", v.ApplicationAdd.as_view(), name="apply"),
    path("<int:pk>/publicity/", v.PublicityStart.as_view(), name="publicity"),
    path("applications/<int:pk>/", v.ApplicationDetail.as_view(), name="application"),
    path("applications/<int:pk>/documents/", v.DocumentAdd.as_view(), name="document"),
    path("applications/<int:pk>/check/", v.FormalCheck.as_view(), name="check"),
    path("applications/<int:pk>/draw/", v.PanelDraw.as_view(), name="draw"),
    path("applications/<int:pk>/scores/", v.ScoreSubmit.as_view(), name="scores"),
    path("applications/<int:pk>/site/", v.SiteReview.as_view(), name="site"),
    path("applications/<int:pk>/objections/", v.ObjectionAdd.as_view(), name="objection"),
    path("applications/<int:pk>/settle/", v.ObjectionSettle.as_view(), name="settle"),
    path("applications/<int:pk>/decide/", v.Decide.as_view(), name="decide"),
    *record_urls(v, "Holder", "holders/", name="holder", sep="_", pages=("list", "detail", "edit")),
    path("holders/<int:pk>/revoke/", v.HolderRevoke.as_view(), name="revoke"),
    path("holders/<int:pk>/certificate.docx", v.HolderCertificate.as_view(), name="certificate"),
    *record_urls(v, "Expert", "experts/", name="expert"),
    path("experts/<int:pk>/relations/", v.ExpertRelations.as_view(), name="relations"),
]
