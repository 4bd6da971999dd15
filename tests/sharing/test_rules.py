"""Eligibility is computed, never chosen: the law intersected with the sharing agency's profile
(Civil Code 1798.90.55(b), 1798.90.5(f); 53060.10; 429.7; GO 5.42 G.4; 2.455.40)."""

import pytest

from sharing import rules

MODES = ("cdcr", "doj", "county_sheriff", "city_police")
PUBLIC = ("state_agency", "county", "city", "city_and_county", "district")
ENFORCEMENT = ("law_enforcement", "prosecutor")
NEVER = ("federal", "out_of_state", "private", "tribal")

# (kind, mode, expected code or None)
CASES = (
    [
        (kind, mode, None)
        for kind in PUBLIC + ENFORCEMENT
        for mode in ("cdcr", "doj", "county_sheriff")
    ]
    + [(kind, "city_police", None) for kind in ENFORCEMENT]
    + [(kind, "city_police", rules.PARTNER_NOT_LAW_ENFORCEMENT) for kind in PUBLIC]
    + [(kind, mode, rules.PARTNER_NOT_PUBLIC_AGENCY) for kind in NEVER for mode in MODES]
)


@pytest.mark.parametrize(("kind", "mode", "code"), CASES)
def test_eligibility_of_every_kind_under_every_profile(kind, mode, code):
    found = rules.eligibility_violations(kind=kind, jurisdiction_state="CA", mode=mode)
    assert [v.code for v in found] == ([code] if code else [])


@pytest.mark.parametrize("mode", MODES)
def test_a_public_agency_of_another_state_is_refused_everywhere(mode):
    found = rules.eligibility_violations(kind="law_enforcement", jurisdiction_state="NV", mode=mode)
    assert [v.code for v in found] == [rules.PARTNER_OUT_OF_STATE]


def test_an_unknown_profile_shares_with_nobody():
    assert not rules.is_eligible(kind="law_enforcement", jurisdiction_state="CA", mode="unknown")


def test_an_unknown_kind_is_refused_as_not_a_public_agency():
    found = rules.eligibility_violations(
        kind="chosen-by-a-click", jurisdiction_state="CA", mode="doj"
    )
    assert [v.code for v in found] == [rules.PARTNER_NOT_PUBLIC_AGENCY]


def test_the_county_and_the_doj_name_their_administrator_as_approver():
    assert rules.sharing_profile("county_sheriff").approver == rules.APPROVER_AGENCY_ADMIN
    assert rules.sharing_profile("doj").approver == rules.APPROVER_AGENCY_ADMIN
    assert rules.sharing_profile("city_police").approver == rules.APPROVER_ANY_ADMIN


@pytest.mark.parametrize("mode", MODES)
def test_every_agency_of_the_system_is_classified_as_california_law_enforcement(mode):
    assert rules.system_agency_kind(mode) == rules.LAW_ENFORCEMENT
    for sharing_mode in MODES:
        assert rules.is_eligible(
            kind=rules.system_agency_kind(mode), jurisdiction_state="CA", mode=sharing_mode
        )
