"""The main navigation per role, the current section on sub-pages, work counts as badges; the
403 and 404 pages (with the header and a way home, JSON under /api/, the same under DEBUG);
htmx only where it is used."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.context_processors import NAV_ENTRIES, NAV_GROUPS
from accounts.models import Role
from alpr_governance import api_errors
from tests import factories
from tests.accounts.provisioning_helpers import gate_passing

pytestmark = pytest.mark.django_db


class _NavParser(HTMLParser):
    """The main navigation as [(kind, label, attrs, [(label, href, attrs), ...])]: kind is
    "link" for a plain link, "menu" for a disclosure button and its list."""

    def __init__(self):
        super().__init__()
        self.items: list[list] = []
        self.depth = 0  # <ul> depth inside <nav aria-label="Main">
        self.in_nav = False
        self.current: list | None = None  # [label, href, attrs] being read
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Main":
            self.in_nav = True
        if not self.in_nav:
            return
        if "visually-hidden" in (attrs.get("class") or ""):
            self.hidden += 1
        if tag == "ul":
            self.depth += 1
        elif tag == "a" and self.depth == 1:
            self.current = ["", attrs.get("href"), attrs]
            self.items.append(["link", self.current, attrs, []])
        elif tag == "button" and self.depth == 1:
            self.current = ["", None, attrs]
            self.items.append(["menu", self.current, attrs, []])
        elif tag == "a" and self.depth == 2:
            self.current = ["", attrs.get("href"), attrs]
            self.items[-1][3].append(self.current)

    def handle_endtag(self, tag):
        if not self.in_nav:
            return
        if tag == "ul":
            self.depth -= 1
        elif tag == "nav":
            self.in_nav = False
        elif tag in ("a", "button"):
            self.current = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.current is not None:
            self.current[0] += data


def main_nav(content: str) -> list[dict]:
    parser = _NavParser()
    parser.feed(content)
    return [
        {
            "kind": kind,
            "label": " ".join(label[0].split()),
            "href": label[1],
            "attrs": attrs,
            "entries": [(" ".join(text.split()), href, a) for text, href, a in entries],
        }
        for kind, label, attrs, entries in parser.items
    ]


def shape(content: str) -> list:
    """Top-level labels; a menu as (label, [its entries' labels])."""
    return [
        item["label"]
        if item["kind"] == "link"
        else (item["label"], [e[0] for e in item["entries"]])
        for item in main_nav(content)
    ]


def page(client_for, person, path="/"):
    response = client_for(person).get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_end_user_sees_home_search_their_training_and_agreement(client_for, user_a):
    assert shape(page(client_for, user_a)) == [
        "Home",
        ("Search", ["Search", "My searches", "Misreads"]),
        "My training",
        "Agreement",
    ]


def test_a_hiring_authority_sees_four_links_and_no_menu(client_for, division_a):
    person = factories.user(division_a, role=Role.HIRING_AUTHORITY)
    assert shape(page(client_for, person)) == ["Home", "My training", "Audits", "Agreement"]


def test_an_auditor_sees_read_only_people_cameras_logs_and_agency_but_no_search(
    client_for, division_a
):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    assert shape(page(client_for, auditor)) == [
        "Home",
        "People",
        "My training",
        ("Cameras", ["Cameras", "Legal holds"]),
        ("Logs", ["Governance log", "Security log", "Scheduled jobs", "Audits"]),
        ("Agency", ["Agency settings", "Agreement", "Sharing"]),
    ]


def test_a_division_administrator_sees_people_training_logs_agency_but_no_cameras(
    client_for, admin_a
):
    assert shape(page(client_for, admin_a)) == [
        "Home",
        ("Search", ["Search", "My searches", "Misreads"]),
        ("People", ["People", "Re-approvals"]),
        ("Training", ["My training", "Division training"]),
        ("Logs", ["Governance log", "Security log", "Scheduled jobs", "Audits"]),
        ("Agency", ["Agency settings", "Agreement", "Sharing"]),
    ]


def test_an_agency_administrator_finds_every_page_under_the_seven_headings(client_for, division_a):
    chief = factories.user(division_a, role=Role.AGENCY_ADMIN)
    nav = main_nav(page(client_for, chief))
    assert [item["label"] for item in nav] == [label for _, label in NAV_GROUPS]
    assert [item["kind"] for item in nav] == ["link"] + ["menu"] * 6
    shown = {href for item in nav for _, href, _ in item["entries"]}
    from django.urls import reverse

    expected = {reverse(e["url"]) for e in NAV_ENTRIES if Role.AGENCY_ADMIN in e["roles"]}
    assert shown == expected
    assert nav[2]["entries"][0][0] == "People"
    assert ("Cameras", ["Cameras", "Legal holds"]) in shape(page(client_for, chief))


def test_every_menu_is_a_button_that_controls_a_hidden_list(client_for, admin_a):
    content = page(client_for, admin_a)
    for item in main_nav(content):
        if item["kind"] != "menu":
            continue
        attrs = item["attrs"]
        assert attrs["type"] == "button"
        assert attrs["aria-expanded"] == "false"
        assert f'<ul class="nav-menu" id="{attrs["aria-controls"]}" hidden>' in content


def _current(nav) -> list[tuple[str, str]]:
    found = []
    for item in nav:
        if "aria-current" in item["attrs"]:
            found.append((item["label"], item["attrs"]["aria-current"]))
        for label, _, attrs in item["entries"]:
            if "aria-current" in attrs:
                found.append((f"{item['label']} > {label}", attrs["aria-current"]))
    return found


def test_a_persons_page_highlights_people_as_the_current_section(client_for, admin_a, user_a):
    nav = main_nav(page(client_for, admin_a, f"/provisioning/users/{user_a.pk}/"))
    assert _current(nav) == [("People", "true"), ("People > People", "true")]


def test_the_people_list_itself_is_the_current_page(client_for, admin_a):
    nav = main_nav(page(client_for, admin_a, "/provisioning/"))
    assert _current(nav) == [("People", "true"), ("People > People", "page")]


def test_the_governance_log_under_provisioning_highlights_logs_not_people(client_for, admin_a):
    nav = main_nav(page(client_for, admin_a, "/provisioning/log/"))
    assert _current(nav) == [("Logs", "true"), ("Logs > Governance log", "page")]


def test_home_is_current_only_on_home(client_for, user_a):
    assert _current(main_nav(page(client_for, user_a, "/"))) == [("Home", "page")]
    assert _current(main_nav(page(client_for, user_a, "/training/"))) == [("My training", "page")]


def _render_base(person, **context) -> str:
    request = RequestFactory().get("/")
    person.is_verified = lambda: True
    request.user = person
    return render_to_string("base.html", context, request=request)


def test_work_counts_show_beside_the_entry_and_its_group(admin_a):
    content = _render_base(
        admin_a,
        nav_counts={"accounts:provisioning": 3, "accounts:reapprovals": 2, "queries:search": 0},
    )
    nav = {item["label"].split(" ")[0]: item for item in main_nav(content)}
    assert nav["People"]["label"] == "People 5 waiting"
    assert [label for label, _, _ in nav["People"]["entries"]] == [
        "People 3 waiting",
        "Re-approvals 2 waiting",
    ]
    assert nav["Search"]["label"] == "Search"  # nothing waiting: no badge
    # Folded on a phone, the Menu button carries the total.
    assert 'aria-controls="site-menu">Menu <span class="nav-count">5<span' in content
    assert '<span class="visually-hidden"> waiting</span>' in content


def test_without_counts_no_badge_is_shown(admin_a):
    content = _render_base(admin_a)
    assert "waiting" not in content
    assert "nav-count" not in content


def test_counts_of_pages_the_person_cannot_open_are_not_shown(user_a):
    content = _render_base(user_a, nav_counts={"accounts:provisioning": 4})
    assert "waiting" not in content


def test_someone_not_signed_in_has_no_menu(client):
    content = client.get("/sign-in/").content.decode()
    assert main_nav(content) == []
    assert "menu-toggle" not in content


# --- Error pages -------------------------------------------------------------------------------


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_address_shows_our_404_with_the_menu_and_a_way_home(client_for, user_a, debug):
    response = client_for(user_a).get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<h1 id="error-title">Page not found</h1>' in content
    assert 'href="/">Go to your home page</a>' in content
    assert shape(content)[0] == "Home"  # the header, with the person's menu
    assert "URLconf" not in content  # never Django's technical page


def test_a_record_that_is_not_yours_shows_our_404(client_for, admin_a, user_b, debug):
    response = client_for(admin_a).get(f"/provisioning/users/{user_b.pk}/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Go to your home page" in content
    assert "Traceback" not in content and "Raised by" not in content


def test_a_missing_slash_still_redirects_under_debug(client_for, admin_a, debug):
    response = client_for(admin_a).get("/provisioning")
    assert response.status_code == 301
    assert response["Location"] == "/provisioning/"


def test_someone_signed_out_gets_the_404_page_without_a_menu(client, debug):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'href="/sign-in/">Sign in</a>' in content
    assert main_nav(content) == []


def test_a_page_the_role_does_not_include_shows_our_403(client_for, user_a, debug):
    response = client_for(user_a).get("/provisioning/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "This page is not open to you" in content
    assert 'href="/">Go to your home page</a>' in content
    assert user_a.display_name in content
    assert shape(content)[0] == "Home"


def test_an_unknown_api_address_answers_json_in_the_one_error_shape(client, debug):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"code": "not_found", "field": None, "message": "No such endpoint."}]
    }


def test_an_api_permission_refusal_outside_drf_answers_json():
    request = RequestFactory().get("/api/v1/anything")
    response = api_errors.handler403(request, None)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    import json

    assert json.loads(response.content)["errors"][0]["code"] == "permission_denied"


def test_the_403_page_says_why_when_the_refusal_does(rf, user_a):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/training/records/1/verify/")
    user_a.is_verified = lambda: True
    request.user = user_a
    response = api_errors.handler403(
        request, PermissionDenied("Someone else must verify your own training.")
    )
    assert response.status_code == 403
    assert "Someone else must verify your own training." in response.content.decode()


# --- Front-end code: only what is used, only where it is used ---------------------------------


def test_htmx_is_loaded_on_the_search_page_and_not_elsewhere(client_for, division_a, admin_a):
    searcher = gate_passing(division_a)
    search = page(client_for, searcher, "/search/")
    assert "/static/js/htmx.min." in search
    assert 'name="htmx-config"' in search  # its inline indicator styles off (CSP)
    for path in ("/", "/training/", "/search/history/"):
        assert "htmx" not in page(client_for, searcher, path), path
    assert "htmx" not in page(client_for, admin_a, "/provisioning/")


def test_every_script_in_static_js_is_used_by_a_template():
    templates = Path(settings.BASE_DIR, "templates")
    sources = "\n".join(path.read_text() for path in templates.rglob("*.html"))
    for script in Path(settings.BASE_DIR, "static", "js").glob("*.js"):
        assert f"js/{script.name}" in sources, f"static/js/{script.name} is loaded by no page"
