"""The API schema and its docs page are for signed-in users only."""

import pytest


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_api_docs_need_a_login(client, db, url):
    r = client.get(url)
    assert r.status_code in (401, 403)
    assert b"swagger" not in r.content.lower() and b"openapi" not in r.content.lower()
