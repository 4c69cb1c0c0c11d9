"""Error pages: the site's layout, the user's language, what happened and the way back."""

from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from zhiliang.core.api.errors import handler500


def test_404_in_the_layout_in_chinese_and_english(client, make_user):
    client.force_login(make_user("viewer", "320412"))
    response = client.get("/enterprises/99999999/", HTTP_REFERER="http://testserver/enterprises/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "navbar" in page
    assert 'href="/"' in page and "返回上一页" in page
    client.cookies["django_language"] = "en"
    page = client.get("/enterprises/99999999/").content.decode()
    assert "Page not found" in page and "Back to the home page" in page


def test_403_says_the_role_does_not_allow_it(client, make_user):
    # The administrator roles read no business data: the registry refuses them.
    client.force_login(make_user("system_admin", "320412"))
    response = client.get(reverse("enterprises:list"))
    assert response.status_code == 403
    assert "您无权打开此页面" in response.content.decode()


def test_500_page_and_api_errors_stay_json(client, make_user, db):
    request = RequestFactory().get("/somewhere/")
    with translation.override("zh-hans"):
        response = handler500(request)
    assert response.status_code == 500 and "系统出现错误" in response.content.decode()
    client.force_login(make_user("viewer", "320412"))
    api = client.get("/api/enterprises/99999999/")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
