"""The layout every page shares."""


def test_language_menu_names_each_language_in_itself(client, make_user):
    client.force_login(make_user("viewer", "320412"))
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        page = client.get("/").content.decode()
        assert ">English</option>" in page and ">简体中文</option>" in page, language
        assert "英语" not in page
