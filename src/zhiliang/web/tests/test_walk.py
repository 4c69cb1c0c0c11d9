"""Every page a user can reach from the menu, as each role, in both languages, on the demo.

The pages are discovered from the menu each account sees on the home page (the
administrators also from the admin site's index), so a new menu entry is walked without
a new test. Under each menu page two detail pages are opened, found among the page's own
links. Each GET link and button on a visited page is followed (a few of each URL pattern
per account) to find links the account may not open. The walk runs once per module; the
tests read its record and each lists every failure at once.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve
from lxml import html

from zhiliang.core.roles import ADMIN_ROLES

# The test database is made only for tests marked as using it.
pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
# The business roles in a district (where the demo has every kind of record) and the
# office at city level; the administrators at city level, on their own pages (the admin
# site; the office's back-office use of it is core/tests/test_admin_jurisdiction.py's).
ACCOUNTS = [
    ("office_staff", "320412"),
    ("office_staff", "3204"),
    ("department_reporter", "320412"),
    ("inspector", "320412"),
    ("viewer", "320412"),
    ("system_admin", "3204"),
    ("security_admin", "3204"),
    ("audit_admin", "3204"),
]
# Links followed per URL pattern and account: enough to meet each kind of link, few
# enough to keep the walk to a minute or two.
FOLLOW_PER_PATTERN = 2
# Not pages: static files, the API (its own tests), and the admin's own password pages.
SKIP_PREFIXES = ("/static/", "/media/", "/api/schema/", "/admin/jsi18n/")

# Lookarounds, not \b: in Chinese text a letter follows a Chinese character with no boundary.
DEVELOPER_TEXT = {
    "file path": re.compile(
        r"[A-Za-z0-9_/-]+\.(?:ya?ml|py|json|csv)(?![A-Za-z0-9])", re.IGNORECASE
    ),
    "model label": re.compile(r"(?<![A-Za-z0-9_.])[a-z_]+\.[A-Z][a-z]+[A-Za-z]*(?![A-Za-z0-9])"),
    "algorithm id": re.compile(r"sha-?\d{3}|(?<![A-Za-z])[a-z]+(?:-[a-z]+)+-v\d+", re.IGNORECASE),
    # An untranslated sentence: six English words in a row.
    "English sentence": re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){5,}"),
    # Django's placeholder for "nothing chosen yet": a clerk reads it as a broken list.
    "empty choice": re.compile(r"-{9}"),
}
# What the admin site shows in Django's own words (its catalogue, its empty choice).
ADMIN_OWN = {"English sentence", "empty choice"}


@dataclass
class Visit:
    url: str
    status: int
    via: str  # the page it was found on ("menu" for the menu itself)
    text: str = ""


@dataclass
class Walk:
    pages: list[Visit] = field(default_factory=list)  # menu and detail pages
    followed: list[Visit] = field(default_factory=list)  # links followed from them


def _get(client, url):
    """A GET in a savepoint: a failing view must not abort the world's transaction."""
    savepoint = transaction.savepoint()
    try:
        response = client.get(url)
    finally:
        transaction.savepoint_rollback(savepoint)
    return response


def _document(response):
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return html.fromstring(response.content)


def _internal(url, page_url):
    """The site path of a link, or None for anchors, scripts, other sites and files."""
    if not url or url.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + page_url, url))
    if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _match(url):
    try:
        return resolve(urlsplit(url).path)
    except Resolver404:
        return None


def _links(document, page_url, scope="//a[@href]"):
    found = []
    for anchor in document.xpath(scope):
        url = _internal(anchor.get("href"), page_url)
        if url and url not in found:
            found.append(url)
    return found


def _menu(document):
    # The menu bar and the user menu; the admin site's index lists its pages in #content.
    return _links(document, "/", "//nav//a[@href] | //div[@id='content-main']//a[@href]")


def _details(document, page_url):
    """Two links of the page's main content to a record: the commonest pattern with ids."""
    candidates = [
        (url, match)
        for url in _links(document, page_url, "//main//a[@href] | //div[@id='content']//a[@href]")
        if urlsplit(url).path != urlsplit(page_url).path and (match := _match(url)) and match.kwargs
    ]
    names = Counter(match.view_name for _url, match in candidates)
    if not names:
        return []
    common = names.most_common(1)[0][0]
    return [url for url, match in candidates if match.view_name == common][:2]


def _visible_text(document):
    for node in document.xpath("//script | //style | //template"):
        node.drop_tree()
    words = document.xpath("//body//text() | //body//@title | //body//@placeholder")
    return " ".join(" ".join(words).split())


def walk_account(client, language, walk_admin=False):
    client.cookies["django_language"] = language
    walk = Walk()
    documents = {}

    def visit(url, via):
        response = _get(client, url)
        documents[url] = _document(response)
        # The text is read from a copy: reading it drops the scripts.
        text = _visible_text(_document(response)) if documents[url] is not None else ""
        walk.pages.append(Visit(url, response.status_code, via, text))
        return documents[url]

    home = visit("/", "menu")
    menu = _menu(home) if home is not None else []
    if walk_admin:
        admin_index = visit("/admin/", "menu")
        if admin_index is not None:
            menu += [url for url in _menu(admin_index) if url not in menu]
    for url in menu:
        if url in documents:
            continue
        document = visit(url, "menu")
        for detail in _details(document, url) if document is not None else []:
            if detail not in documents:
                visit(detail, url)
    return walk, documents


def follow_links(client, documents):
    """Each GET link of the visited pages, up to FOLLOW_PER_PATTERN per URL pattern."""
    followed, per_pattern = [], defaultdict(int)
    seen = set(documents)
    for page_url, document in documents.items():
        for url in _links(document, page_url) if document is not None else []:
            match = _match(url)
            if url in seen or match is None or match.url_name in ("logout", "set_language"):
                continue
            seen.add(url)
            if per_pattern[match.view_name] >= FOLLOW_PER_PATTERN:
                continue
            per_pattern[match.view_name] += 1
            response = _get(client, url)
            document = _document(response)
            text = _visible_text(document) if document is not None else ""
            followed.append(Visit(url, response.status_code, page_url, text))
    return followed


@pytest.fixture(scope="module")
def walks(demo_world, django_db_blocker):
    record = {}
    with django_db_blocker.unblock():
        for role, code in ACCOUNTS:
            for language in LANGUAGES:
                client = demo_world.client(role, code)
                walk, documents = walk_account(client, language, role in ADMIN_ROLES)
                # Whether a link opens does not depend on the language: follow once.
                if language == LANGUAGES[0]:
                    walk.followed = follow_links(client, documents)
                record[(role, code, language)] = walk
    return record


def _report(failures):
    return "\n".join(failures)


def test_every_page_opens_for_every_role_in_both_languages(walks):
    failures = [
        f"{role}@{code} {language} {visit.url} → {visit.status} (from {visit.via})"
        for (role, code, language), walk in walks.items()
        for visit in walk.pages + walk.followed
        if visit.status >= 500
    ]
    visits = sum(len(walk.pages) for walk in walks.values())
    assert visits > 200, f"the walk opened only {visits} pages"
    assert not failures, _report(failures)


def test_menu_pages_and_their_details_answer_200(walks):
    failures = [
        f"{role}@{code} {language} {visit.url} → {visit.status} (from {visit.via})"
        for (role, code, language), walk in walks.items()
        for visit in walk.pages
        if visit.status != 200
    ]
    assert not failures, _report(failures)


def test_no_page_shows_a_link_the_user_cannot_open(walks):
    failures = [
        f"{role}@{code} {visit.url} → {visit.status} (link on {visit.via})"
        for (role, code, _language), walk in walks.items()
        for visit in walk.followed
        if visit.status in (403, 404)
    ]
    followed = sum(len(walk.followed) for walk in walks.values())
    assert followed > 100, f"the walk followed only {followed} links"
    assert not failures, _report(failures)


def test_no_developer_text_in_the_chinese_pages(walks):
    failures = []
    for (role, code, language), walk in walks.items():
        if language != "zh-hans":
            continue
        for visit in walk.pages + walk.followed:
            for kind, pattern in DEVELOPER_TEXT.items():
                # The admin site's own words are Django's catalogue, some of it untranslated.
                if kind in ADMIN_OWN and visit.url.startswith("/admin/"):
                    continue
                for found in sorted(set(pattern.findall(visit.text))):
                    failures.append(f"{role}@{code} {visit.url}: {kind} «{found}»")
    assert not failures, _report(sorted(set(failures)))
