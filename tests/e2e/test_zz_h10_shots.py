"""Screenshots for h10 (not part of the suite): run with pytest against the live server."""
import re

from django.core import mail

from tests import factories

LINK = re.compile(r"https?://[^/\s]+(/sign-in/link/[\w-]+/)")


def test_shots(browser, live_server, transactional_db, plain_static_names, admin_a, division_a, django_capture_on_commit_callbacks):
    from accounts import services
    from tests.e2e.conftest import _sign_in
    person = services.access_request(actor=admin_a, division=division_a, username="dana.reyes", first_name="Dana", last_name="Reyes", email="dana@example.invalid", job_classification=division_a.agency.eligible_classifications[0], reason="Case 26-1", link_base=live_server.url)
    path = LINK.search(mail.outbox[-1].body).group(1)
    for w, h in ((390, 844),):
        ctx = browser.new_context(base_url=live_server.url, viewport={"width": w, "height": h})
        p = ctx.new_page()
        p.goto(path); p.screenshot(path=f"/work/shots/h10/set-password-{w}.png", full_page=True)
        p.goto("/sign-in/forgot/"); p.screenshot(path=f"/work/shots/h10/forgot-{w}.png", full_page=True)
        p.get_by_label("Username or e-mail address").fill("someone"); p.get_by_role("button", name="Send me a link").click()
        p.screenshot(path=f"/work/shots/h10/forgot-answer-{w}.png", full_page=True)
        _sign_in(p, admin_a)
        p.goto(f"/provisioning/users/{person.pk}/")
        p.screenshot(path=f"/work/shots/h10/person-{w}.png", full_page=False)
        p.locator("#signin").scroll_into_view_if_needed()
        p.screenshot(path=f"/work/shots/h10/person-signin-{w}.png")
        ctx.close()
