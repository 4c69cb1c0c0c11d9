from django.urls import path

from zhiliang.recognition import views as v

app_name = "recognition"
urlpatterns = [
    path("", v.RoundList.as_view(), name="rounds"),
    path("new/", v.RoundNew.as_view(), name="round_new"),
    path("<int:pk>/", v.RoundDetail.as_view(), name="round"),
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
    path("holders/", v.HolderList.as_view(), name="holders"),
    path("holders/<int:pk>/", v.HolderDetail.as_view(), name="holder"),
    path("holders/<int:pk>/edit/", v.HolderEdit.as_view(), name="holder_edit"),
    path("holders/<int:pk>/revoke/", v.HolderRevoke.as_view(), name="revoke"),
    path("holders/<int:pk>/certificate.docx", v.HolderCertificate.as_view(), name="certificate"),
    path("experts/", v.ExpertList.as_view(), name="experts"),
    path("experts/<int:pk>/", v.ExpertDetail.as_view(), name="expert"),
    path("experts/<int:pk>/relations/", v.ExpertRelations.as_view(), name="relations"),
]
