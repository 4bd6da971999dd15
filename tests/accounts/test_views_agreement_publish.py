"""Publishing a new agreement version: the confirmation says who loses access until they sign,
the text in force is refused, and everyone with an open account is e-mailed after commit."""

import pytest
from django.core import mail

from accounts.models import AccountStatus, AgreementVersion, GovernanceRecord, Role, User
from tests import factories
from tests.accounts.provisioning_helpers import provisioned

pytestmark = pytest.mark.django_db

NEW = {"title": "Form 110 (2027)", "text": "Use ALPR data only for a documented purpose."}


@pytest.fixture
def agency_admin(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def _version(agency) -> int:
    return AgreementVersion.objects.filter(agency=agency).order_by("-version").first().version


def _impact(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="impact"')
    return html[start : html.index("</ul>", start)]


def test_the_first_post_states_who_loses_access_and_changes_nothing(
    division_a, division_a2, admin_a, agency_admin, user_a, client_for
):
    """GIVEN two people allowed by the gate (plus the two administrators in standing), one
    active person not allowed, one revoked person and a person of another agency
    WHEN the agency administrator posts a new text
    THEN the page counts 4 losing access and 5 to e-mail, and nothing is published yet."""
    provisioned(division_a, admin_a)
    provisioned(division_a, admin_a)
    factories.user(division_a2, status=AccountStatus.REVOKED)
    factories.user(factories.agency("county_sheriff", slug="elsewhere").divisions.first())
    before = _version(division_a.agency)
    records = GovernanceRecord.objects.count()

    response = client_for(agency_admin).post("/agreement/publish/", NEW)

    assert response.status_code == 200
    impact = _impact(response)
    assert f"4 people will lose access until they sign version {before + 1}." in impact
    assert "You are one of them" in impact
    assert "5 people with an open account will be e-mailed to sign it." in impact
    assert f"Version {before} (" in impact
    assert "The new version is titled “Form 110 (2027)”." in impact
    assert _version(division_a.agency) == before
    assert GovernanceRecord.objects.count() == records
    html = response.content.decode()
    assert 'name="title" value="Form 110 (2027)"' in html
    assert 'href="/agreement/"' in html  # Cancel leaves for the agreement page, publishing nothing


def test_one_person_and_nobody_read_as_such(division_a, agency_admin, client_for):
    # Only the agency administrator is allowed; everyone else of the agency is closed.
    User.objects.filter(agency=division_a.agency).exclude(pk=agency_admin.pk).update(
        status=AccountStatus.REVOKED
    )
    impact = _impact(client_for(agency_admin).post("/agreement/publish/", NEW))
    assert "1 person will lose access until they sign" in impact
    assert "1 person with an open account will be e-mailed" in impact


def test_nobody_loses_access_when_nobody_is_allowed(division_a, agency_admin, client_for):
    User.objects.filter(pk=agency_admin.pk).update(access_granted_at=None)
    User.objects.filter(agency=division_a.agency).exclude(pk=agency_admin.pk).update(
        status=AccountStatus.REVOKED
    )
    impact = _impact(client_for(agency_admin).post("/agreement/publish/", NEW))
    assert "Nobody will lose access" in impact
    assert "0 people" not in impact


def test_confirming_publishes_and_mails_everyone_who_must_sign_after_commit(
    division_a, admin_a, agency_admin, user_a, client_for, django_capture_on_commit_callbacks
):
    person = provisioned(division_a, admin_a)
    revoked = factories.user(division_a, status=AccountStatus.REVOKED)
    for account in (admin_a, agency_admin, user_a, person, revoked):
        User.objects.filter(pk=account.pk).update(email=f"{account.username}@example.invalid")
    before = _version(division_a.agency)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(agency_admin).post("/agreement/publish/", {**NEW, "confirmed": "1"})

    assert response.status_code == 302
    assert _version(division_a.agency) == before + 1
    assert callbacks, "the e-mails are queued only once the version is committed"
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        f"{a.username}@example.invalid" for a in (admin_a, agency_admin, user_a, person)
    )
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others
    assert f"Sign version {before + 1}" in mail.outbox[0].subject
    assert "/agreement/" in mail.outbox[0].body
    page = client_for(person).get("/").content.decode()
    assert 'data-code="agreement_outdated"' in page


@pytest.mark.parametrize(
    "posted",
    [
        lambda current: {"title": current.title, "text": current.text},
        lambda current: {
            "title": f"  {current.title} ",
            "text": "\n\n" + "   ".join(current.text.split()) + "  \r\n",
        },
    ],
    ids=["same", "whitespace-only-difference"],
)
def test_the_text_in_force_is_refused_with_the_version_it_matches(
    posted, division_a, agency_admin, client_for
):
    current = AgreementVersion.objects.filter(agency=division_a.agency).order_by("-version").first()
    for data in (posted(current), {**posted(current), "confirmed": "1"}):
        response = client_for(agency_admin).post("/agreement/publish/", data)
        html = response.content.decode()
        assert response.status_code == 200
        assert f"This title and text are those of version {current.version}" in html
        assert 'data-testid="impact"' not in html
        assert 'aria-invalid="true"' in html
    assert _version(division_a.agency) == current.version


def test_a_changed_title_alone_is_a_new_version(division_a, agency_admin, client_for):
    current = AgreementVersion.objects.filter(agency=division_a.agency).order_by("-version").first()
    response = client_for(agency_admin).post(
        "/agreement/publish/", {"title": "Renamed", "text": current.text, "confirmed": "1"}
    )
    assert response.status_code == 302
    assert _version(division_a.agency) == current.version + 1


def test_the_service_refuses_the_text_in_force_too(division_a, agency_admin):
    from django.core.exceptions import ValidationError

    from accounts import services

    current = AgreementVersion.objects.filter(agency=division_a.agency).order_by("-version").first()
    with pytest.raises(ValidationError) as refused:
        services.agreement_version_publish(
            actor=agency_admin,
            agency=division_a.agency,
            title=current.title,
            text=current.text + "\n",
        )
    assert "text" in refused.value.message_dict


def test_the_impact_costs_the_same_queries_for_one_person_and_for_many(
    division_a, admin_a, agency_admin, client_for, django_assert_max_num_queries
):
    client = client_for(agency_admin)
    with django_assert_max_num_queries(40) as few:
        client.post("/agreement/publish/", NEW)
    for _ in range(6):
        provisioned(division_a, admin_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.post("/agreement/publish/", NEW)
    assert "8 people will lose access" in _impact(response)


def test_people_without_an_address_are_counted_as_not_mailed(
    division_a, agency_admin, user_a, client_for
):
    User.objects.filter(pk=user_a.pk).update(email="")
    impact = _impact(client_for(agency_admin).post("/agreement/publish/", NEW))
    assert "1 of them has no e-mail address and will not be told" in impact
