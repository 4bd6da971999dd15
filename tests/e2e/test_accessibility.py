"""Issue 11, build item 10 and "Done when": axe-core runs over every page each demo role can reach,
and over the signed-out pages, with no WCAG 2 A/AA violation.

The demo (`seed_demo`) is loaded once for the module and served by a live server of the module's
own: pytest-django's `live_server` brings `transactional_db`, which would empty the database after
every test. Each role signs in through the real forms and follows every same-origin link from its
home page; /x/5/ and /x/6/ are one page pattern and are checked once. axe-core comes bundled in
the axe-playwright-python wheel and is injected with `page.evaluate` (the content security policy
refuses inline scripts), so the check needs no network.
"""

import base64
import io
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from pytest_django.live_server_helper import LiveServer

from accounts.models import Division, Role, User
from accounts.services import staff_account_create
from accounts.services.invitations import invitation_issue
from audits import services as audit_services
from camera_ingest import demo as camera_demo
from camera_ingest import services as camera_services
from camera_ingest.models import Camera, LegalHold, PlateRead
from camera_ingest.vendors.base import Body

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# More page patterns than any role reaches today; reaching it means the crawl went astray.
MAX_PATTERNS = 80
# Not pages: signing out ends the walk; files (CSV, PDF, images, scans, certificates) download.
NOT_PAGES = re.compile(
    r"^/(sign-out|api/|admin/|static/|media/)"
    r"|\.(csv|pdf|json)$"
    r"|/(image|certificate|export|packet)/"
    r"|^/agreement/scans/"
    r"|^/agreement/form-110/"
)
PASSWORD = "a long and private passphrase 7"
# The marker makes pytest-django set up the test database. The demo is committed by the module's
# fixture before any test's transaction opens, so the live server's thread sees all of it.
pytestmark = pytest.mark.django_db


@dataclass
class Site:
    url: str
    logins: list[dict]
    invitation_path: str


def _plain_static():
    """The live server finds static files by their plain names (tests/e2e/conftest.py)."""
    from django.conf import settings

    return {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _fewer_reads() -> dict:
    """The demo's cameras with a thousand reads each instead of a hundred thousand: the pages
    are the same, and the demo loads in seconds instead of minutes."""
    return {preset: (*place, 1_000) for preset, (*place, _reads) in camera_demo.OPERATORS.items()}


def _more_to_see(logins: dict) -> None:
    """What the demo leaves empty and an agency soon has: a camera post that was refused (a
    dead letter), a legal hold on a read and a compiled audit cycle."""
    camera = Camera.objects.get(
        pk=next(c["id"] for c in logins["cameras"] if c["agency"] == AGENCY)
    )
    camera_services.vendor_post_ingest(
        camera=camera, vendor="openalpr", body=Body(raw=b'{"data_type": "alpr_gr')
    )
    admin = User.objects.get(username=f"{AGENCY}.agencyadmin")
    read = (
        PlateRead.objects.unscoped(reason="test: a read to hold")
        .filter(camera_id=camera.pk)
        .first()
    )
    camera_services.legal_hold_place(
        actor=admin,
        case_number=admin.division.case_number_example,
        reason=LegalHold.Reason.EVIDENCE,
        description="Vehicle in a burglary under investigation",
        read_ids=[read.id],
    )
    today = timezone.localdate()
    cycle = audit_services.cycle_open(
        actor=admin,
        division=admin.division,
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=1),
    )
    audit_services.cycle_compile_start(actor=admin, cycle=cycle)


def _invitation() -> str:
    """A newcomer's invitation link, as mailed."""
    mail.outbox = []
    with transaction.atomic():
        newcomer = staff_account_create(
            division=Division.objects.order_by("pk").first(),
            username="newcomer.a11y",
            password=None,
            first_name="Noor",
            last_name="Haddad",
            email="newcomer@demo.invalid",
        )
        invitation_issue(actor=None, subject=newcomer, link_base="http://testserver")
    [invitation] = [m for m in mail.outbox if m.to == [newcomer.email]]
    return re.search(r"(/sign-in/link/[\w-]+/)", invitation.body).group(1)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "logins.json"
    with (
        django_db_blocker.unblock(),
        override_settings(
            STORAGES=_plain_static(),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PASSWORD_HASHERS=["tests.hashers.FastArgon2PasswordHasher"],
        ),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(camera_demo, "OPERATORS", _fewer_reads())
        server = None
        try:
            call_command("seed_demo", out=str(out), force=True, stdout=io.StringIO())
            logins = json.loads(out.read_text())
            _more_to_see(logins)
            invitation_path = _invitation()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            yield Site(url=server.url, logins=logins["users"], invitation_path=invitation_path)
        finally:
            if server is not None:
                server._live_server_modified_settings.disable()
                server.stop()
            call_command("flush", interactive=False, verbosity=0)


# axe leaves these to a person ("needs review") when an id is missing; they are plain defects here.
ID_REFERENCES = """() => {
    const problems = [];
    const counts = {};
    for (const el of document.querySelectorAll("[id]")) counts[el.id] = (counts[el.id] || 0) + 1;
    for (const [id, n] of Object.entries(counts)) {
        if (n > 1) problems.push(`id "${id}" is used ${n} times`);
    }
    const refs = ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"];
    for (const attr of refs) {
        for (const el of document.querySelectorAll(`[${attr}]`)) {
            for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) {
                    problems.push(`${attr}="${id}" on <${el.localName} name="${el.name || ""}"> names no element`);
                }
            }
        }
    }
    for (const label of document.querySelectorAll("label[for]")) {
        if (!document.getElementById(label.htmlFor)) {
            problems.push(`<label for="${label.htmlFor}"> names no element`);
        }
    }
    return problems;
}"""


class Checker:
    """One browser tab that runs axe on each page it is shown and keeps what is wrong.

    `checked` is shared by the module's tests: a page pattern at a size is checked by the first
    role that reaches it (the roles go from the widest reach to the narrowest), and the others
    still load it, so a page that fails to load or logs an error is caught for every role."""

    def __init__(self, browser, base_url: str, checked: set[tuple[str, int]]):
        self.context = browser.new_context(base_url=base_url, viewport=WIDE)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.checked = checked
        self.console: list[tuple[str, str]] = []
        self.refused: set[str] = set()
        self.page.on(
            "console",
            lambda msg: (
                self.console.append((msg.location.get("url", ""), msg.text))
                if msg.type == "error"
                else None
            ),
        )
        self.page.on(
            "response",
            lambda response: (
                self.refused.add(response.url)
                if response.request.resource_type == "document" and response.status >= 400
                else None
            ),
        )

    def goto(self, path: str) -> int:
        response = self.page.goto(path)
        status = response.status if response else 0
        if status >= 500:
            self.problems.append(f"{path}: answered {status}")
        return status

    def check(self, label: str, *, phone: bool = True, state: str = "") -> None:
        """axe at 1366x900 and, for the main pages, again at 390x844. `state` names a page
        shown after a post (an error, a next step), which is checked whatever its URL."""
        path = urlsplit(self.page.url).path
        where = f"{label} {path}{f' ({state})' if state else ''}"
        for size in [WIDE, PHONE] if phone else [WIDE]:
            key = (state or _pattern(path), size["width"])
            if key in self.checked:
                continue
            self.checked.add(key)
            self.page.set_viewport_size(size)
            if size is WIDE:
                for problem in self.page.evaluate(ID_REFERENCES):
                    self.problems.append(f"{where}: {problem}")
            else:
                self._reflow(where, key[0], size["width"])
            self.page.evaluate(AXE_SCRIPT)
            result = self.page.evaluate(
                "options => axe.run(document, options)",
                {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]},
            )
            for violation in result["violations"]:
                for node in violation["nodes"]:
                    self.problems.append(
                        f"{where} at {size['width']}px: {violation['id']} "
                        f"({violation['impact']}) {' '.join(map(str, node['target']))} — "
                        f"{violation['help']}"
                    )
        self.page.set_viewport_size(WIDE)

    def _reflow(self, where: str, pattern: str, width: int) -> None:
        """WCAG 1.4.10: on a phone a wide table scrolls in its own box, never the page."""
        page_width = self.page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            self.problems.append(f"{where}: the page is {page_width}px wide at {width}px")

    def links(self) -> list[str]:
        return self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")

    def close(self) -> None:
        self.context.close()
        # A refusal page (the gate's 403 to a suspended person) is a page: the browser logs its
        # status as an error, which is no defect of the page. Every other error is.
        for url, text in self.console:
            if not (url in self.refused and text.startswith("Failed to load resource")):
                self.problems.append(f"{url}: console error: {text}")


def _totp(secret: str) -> str:
    return str(TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8))).token()).zfill(6)


def _pattern(path: str) -> str:
    """/provisioning/users/5/ and /provisioning/users/6/ are one page."""
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def _crawl(checker: Checker, origin: str, label: str) -> list[str]:
    """Follow every same-origin link from home, one page per URL pattern, axe on each. Pages
    linked from home (the navigation and the work queue) are the main ones, checked at both
    sizes."""
    queue: list[tuple[str, int]] = [("/", 0)]
    seen: set[str] = set()
    while queue:
        url, depth = queue.pop(0)
        parts = urlsplit(url)
        if _pattern(parts.path) in seen:
            continue
        seen.add(_pattern(parts.path))
        assert len(seen) <= MAX_PATTERNS, f"{label}: more than {MAX_PATTERNS} page patterns"
        status = checker.goto(parts.path + (f"?{parts.query}" if parts.query else ""))
        if status >= 500:
            continue
        checker.check(label, phone=depth <= 1)
        for href in checker.links():
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" != origin or NOT_PAGES.search(link.path):
                continue
            if _pattern(link.path) not in seen:
                queue.append((link._replace(fragment="").geturl(), depth + 1))
    return sorted(seen)


def _sign_in(checker: Checker, login: dict) -> None:
    page = checker.page
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(login["username"])
    page.get_by_label("Password").fill(login["password"])
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(_totp(login["totp_secret"]))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


# The city police operate cameras, share reads and hold every role: the most pages to reach.
AGENCY = "city-police"
# Widest reach first, so each page is checked with the most it can show (see Checker).
WALKERS = [
    (Role.AGENCY_ADMIN, None),
    (Role.DIVISION_ADMIN_PRIMARY, None),
    (Role.AUDITOR, None),
    (Role.END_USER, None),
    # Suspended for inactivity: home explains why and what brings the account back.
    (Role.END_USER, "account_not_active"),
]


def _login(site: Site, role: str, gate_reason: str | None = None) -> dict:
    """A person of the role at the city police: fully provisioned, or a demo gate example."""
    return next(
        u
        for u in site.logins
        if u["role"] == role
        and u["agency"] == AGENCY
        and (gate_reason in u.get("gate_reasons", []) if gate_reason else "gate_reasons" not in u)
    )


@pytest.fixture(scope="module")
def checked() -> set[tuple[str, int]]:
    return set()


@pytest.mark.parametrize(
    ("role", "gate_reason"),
    WALKERS,
    ids=[f"{role}{f'-{reason}' if reason else ''}" for role, reason in WALKERS],
)
def test_every_page_a_demo_role_reaches_has_no_accessibility_violation(
    browser, site, checked, role, gate_reason
):
    checker = Checker(browser, site.url, checked)
    try:
        _sign_in(checker, _login(site, role, gate_reason))
        visited = _crawl(checker, site.url, role)
    finally:
        checker.close()
    assert len(visited) >= 3, visited  # the walk found the role's pages
    assert checker.problems == [], "\n".join(checker.problems)


def test_the_signed_out_pages_have_no_accessibility_violation(browser, site, checked):
    """Sign-in and its second factor with their errors, "forgot password?", and a newcomer's
    invitation through choosing a password to enrolling an authenticator."""
    checker = Checker(browser, site.url, checked)
    page = checker.page
    login = _login(site, Role.END_USER)
    try:
        checker.goto("/sign-in/")
        checker.check("signed out")
        page.get_by_label("Username").fill(login["username"])
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("alert").first.wait_for()
        checker.check("signed out", state="wrong password")
        page.get_by_label("Password").fill(login["password"])
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/sign-in/second-factor/")
        checker.check("signed out")
        page.get_by_label("Code").fill("000000")
        page.get_by_role("button", name="Verify").click()
        page.get_by_role("alert").first.wait_for()
        checker.check("signed out", state="wrong code")
        page.context.clear_cookies()

        checker.goto("/sign-in/forgot/")
        checker.check("signed out")
        page.get_by_role("textbox").first.fill("nobody.here")
        page.get_by_role("button", name="Send me a link").click()
        page.get_by_test_id("forgot-answer").wait_for()
        checker.check("signed out", state="reset asked")

        checker.goto(site.invitation_path)
        checker.check("invited", state="invitation")
        page.get_by_label("New password").fill(PASSWORD)
        page.get_by_label("The same password again").fill(PASSWORD + "!")
        page.get_by_role("button", name="Set my password").click()
        page.get_by_role("alert").first.wait_for()
        checker.check("invited", state="passwords differ")
        page.get_by_label("New password").fill(PASSWORD)
        page.get_by_label("The same password again").fill(PASSWORD)
        page.get_by_role("button", name="Set my password").click()
        page.wait_for_url("**/sign-in/enrol/")
        checker.check("invited")
    finally:
        checker.close()
    assert checker.problems == [], "\n".join(checker.problems)
