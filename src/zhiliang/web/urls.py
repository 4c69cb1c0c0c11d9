from django.contrib.auth import views as auth_views
from django.urls import path

from zhiliang.web import downloads, views

urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/downloads/", downloads.DownloadList.as_view(), name="downloads"),
    path("account/downloads/<uuid:pk>/", downloads.DownloadFile.as_view(), name="download_file"),
]
