"""The author of an enterprise's versions: no foreign key in the database checks it (an
import writes 100,000 versions at once). Accounts are not deleted once they have a security
event (every account made by `user_create`); one that is goes from its versions as before."""

import pytest
from django.db.models import ProtectedError

from zhiliang.core.models import User


def _edit_by(enterprise, author):
    enterprise._history_user = author
    enterprise.name = "武进改名机械有限公司"
    enterprise.save()
    return enterprise.history.get(history_user=author)


def test_a_deleted_accounts_versions_keep_no_author(make_enterprise):
    author = User.objects.create_user(username="short-lived", password="Short-Lived-2026!")
    enterprise = make_enterprise()
    version = _edit_by(enterprise, author)
    author.delete()
    version.refresh_from_db()
    assert version.history_user_id is None and version.name == "武进改名机械有限公司"
    assert enterprise.history.count() == 2


def test_an_account_with_security_events_is_not_deleted(make_user, make_enterprise):
    author = make_user("office_staff", "320412")
    version = _edit_by(make_enterprise(), author)
    with pytest.raises(ProtectedError):
        author.delete()
    version.refresh_from_db()
    assert version.history_user_id == author.pk
