from django.urls import path

from zhiliang.penalties import views

app_name = "penalties"
urlpatterns = [
    path("", views.PenaltyList.as_view(), name="penalties"),
    path("<int:pk>/", views.PenaltyDetail.as_view(), name="penalty"),
    path("<int:pk>/overturn/", views.PenaltyOverturn.as_view(), name="penalty-overturn"),
    path("abnormal/", views.ListingList.as_view(), name="listings"),
    path("abnormal/<int:pk>/", views.ListingDetail.as_view(), name="listing"),
    path("abnormal/<int:pk>/remove/", views.ListingRemove.as_view(), name="listing-remove"),
]
