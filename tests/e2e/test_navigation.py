"""Browser: the main navigation on a phone (folded behind Menu) and with the keyboard; no page
of an agency administrator scrolls sideways at 390 px (issue 11, item 9)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from camera_ingest import services as camera_services
from tests import factories

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chief(division_a):
    """An agency administrator with a few people and a camera, so lists have rows."""
    chief = factories.user(division_a, role=Role.AGENCY_ADMIN)
    for _ in range(3):
        factories.user(division_a, role=Role.END_USER)
    camera_services.camera_create(
        actor=chief,
        agency=division_a.agency,
        name="Patrol car 9 — north gate",
        latitude=37.8,
        longitude=-122.27,
    )
    return chief


def test_on_a_phone_the_navigation_opens_behind_the_menu_button(page, sign_in, chief):
    sign_in(page, chief)
    page.set_viewport_size(PHONE)
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    people = nav.get_by_role("button", name="People")
    people.click()
    expect(people).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="People", exact=True).click()
    expect(page).to_have_url(re.compile(r"/provisioning/$"))

    # On the next page the menu is folded again; opened, it shows where the person is.
    expect(nav).to_be_hidden()
    menu.click()
    expect(nav.get_by_role("button", name="People")).to_have_attribute("aria-current", "true")
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()


def test_the_menus_work_from_the_keyboard(page, sign_in, chief, user_a):
    sign_in(page, chief)
    nav = page.get_by_role("navigation", name="Main")
    logs = nav.get_by_role("button", name="Logs")
    security_log = nav.get_by_role("link", name="Security log")
    expect(security_log).to_be_hidden()

    logs.focus()
    page.keyboard.press("Enter")
    expect(logs).to_have_attribute("aria-expanded", "true")
    expect(security_log).to_be_visible()
    page.keyboard.press("Escape")  # closes the menu, focus back on its button
    expect(security_log).to_be_hidden()
    expect(logs).to_have_attribute("aria-expanded", "false")
    expect(logs).to_be_focused()

    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the open menu: its first entry
    expect(nav.get_by_role("link", name="Governance log")).to_be_focused()
    page.keyboard.press("Tab")
    expect(security_log).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/security-log/$"))
    expect(nav.get_by_role("button", name="Logs")).to_have_attribute("aria-current", "true")

    # Opening one menu closes another; tabbing out of a menu closes it.
    people = nav.get_by_role("button", name="People")
    training = nav.get_by_role("button", name="Training")
    people.click()
    training.click()
    expect(people).to_have_attribute("aria-expanded", "false")
    expect(training).to_have_attribute("aria-expanded", "true")
    for _ in range(4):  # My training, Division training, Courses, then out to Cameras
        page.keyboard.press("Tab")
    expect(nav.get_by_role("button", name="Cameras")).to_be_focused()
    expect(training).to_have_attribute("aria-expanded", "false")

    # A person's page highlights People.
    page.goto(f"/provisioning/users/{user_a.pk}/")
    expect(people).to_have_attribute("aria-current", "true")


MAIN_PAGES = [
    "/",
    "/search/",
    "/search/history/",
    "/search/misreads/",
    "/provisioning/",
    "/provisioning/reapprovals/",
    "/provisioning/log/",
    "/security-log/",
    "/jobs/",
    "/training/",
    "/training/division/",
    "/training/courses/",
    "/cameras/",
    "/cameras/holds/",
    "/cameras/dead-letters/",
    "/agency/",
    "/agreement/",
    "/sharing/",
    "/sharing/partners/",
    "/audits/",
    "/account/backup-codes/",
]


def test_no_main_page_scrolls_sideways_on_a_phone(page, sign_in, chief):
    sign_in(page, chief)
    page.set_viewport_size(PHONE)
    person = chief.division.users.filter(role=Role.END_USER).first()
    camera = chief.agency.cameras.first()
    wide = []
    for path in [*MAIN_PAGES, f"/provisioning/users/{person.pk}/", f"/cameras/{camera.pk}/"]:
        page.goto(path)
        for menu_open in (False, True):
            if menu_open:
                page.get_by_role("button", name="Menu").click()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide.append((path, menu_open, overflow))
    assert wide == [], "\n".join(map(str, wide))


def test_a_new_cameras_secret_wraps_on_a_phone_and_its_copy_button_copies_it(page, sign_in, chief):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, chief)
    page.set_viewport_size(PHONE)
    page.goto("/cameras/new/")
    page.get_by_label("Name").fill("Gate 4")
    page.get_by_label("Latitude").fill("37.8")
    page.get_by_label("Longitude").fill("-122.27")
    page.get_by_role("button", name="Register").click()
    secret = page.get_by_test_id("camera-secret")
    box = secret.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]  # wrapped, not cut off or scrolled
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Copy the secret").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret.inner_text()

    page.get_by_role("button", name="Copy the ingest URL").click()
    assert page.evaluate("navigator.clipboard.readText()").endswith("/api/v1/ingest/reads")
    assert page.evaluate("navigator.clipboard.readText()").startswith("http")
