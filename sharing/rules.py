"""Who an agency may share ALPR data with: the law intersected with the sharing agency's profile,
computed here and nowhere else. Pure functions, no database.

- The law (Civil Code 1798.90.55(b), 1798.90.5(f); CDCR 53060.10; DOJ 429.7): only California
  public agencies — the state, a city, county, or city and county, an agency or political
  subdivision of one of these, including its law enforcement agencies. Federal, out-of-state and
  private entities are never eligible, whatever anyone clicks. A tribal agency is a sovereign
  government, not a political subdivision of the state, so it is not a "public agency" either.
- The profile narrows it: the city shares only with prosecutors and law enforcement agencies
  (2.455.40); the county sheriff's system administrator evaluates each request (GO 5.42 G.4).

The profile is derived from Agency.purpose_mode (the preset the agency was made from); no extra
column is stored, so the rule cannot drift from the policy the agency runs under.
"""

from dataclasses import dataclass

from alpr_governance.violations import Violation

# Stable codes (part of the API).
PARTNER_NOT_PUBLIC_AGENCY = "partner_not_public_agency"
PARTNER_OUT_OF_STATE = "partner_out_of_state"
PARTNER_NOT_LAW_ENFORCEMENT = "partner_not_law_enforcement"

STATE_AGENCY = "state_agency"
COUNTY = "county"
CITY = "city"
CITY_AND_COUNTY = "city_and_county"
DISTRICT = "district"
LAW_ENFORCEMENT = "law_enforcement"
PROSECUTOR = "prosecutor"
FEDERAL = "federal"
OUT_OF_STATE = "out_of_state"
PRIVATE = "private"
TRIBAL = "tribal"

CALIFORNIA_PUBLIC_KINDS = frozenset(
    {STATE_AGENCY, COUNTY, CITY, CITY_AND_COUNTY, DISTRICT, LAW_ENFORCEMENT, PROSECUTOR}
)
NEVER_ELIGIBLE_KINDS = frozenset({FEDERAL, OUT_OF_STATE, PRIVATE, TRIBAL})

# Who approves a disclosure, by profile: "agency_admin" is the agency's administrator (the
# county's "system administrator", the DOJ's "ALPR Administrator"); a division administrator
# approves for CDCR's divisions and the city's department.
APPROVER_AGENCY_ADMIN = "agency_admin"
APPROVER_ANY_ADMIN = "any_admin"


@dataclass(frozen=True)
class SharingProfile:
    mode: str
    allowed_kinds: frozenset  # the profile's narrowing of CALIFORNIA_PUBLIC_KINDS
    approver: str  # who approves a disclosure (an agreement: always the agency's administrator)
    export_keep_days: int  # destroy-by date of a disclosure's export, from its approval
    clause: str


SHARING_PROFILES = {
    "cdcr": SharingProfile("cdcr", CALIFORNIA_PUBLIC_KINDS, APPROVER_ANY_ADMIN, 30, "53060.10"),
    "doj": SharingProfile("doj", CALIFORNIA_PUBLIC_KINDS, APPROVER_AGENCY_ADMIN, 30, "429.7"),
    "county_sheriff": SharingProfile(
        "county_sheriff", CALIFORNIA_PUBLIC_KINDS, APPROVER_AGENCY_ADMIN, 30, "GO 5.42 G.4"
    ),
    "city_police": SharingProfile(
        "city_police",
        frozenset({LAW_ENFORCEMENT, PROSECUTOR}),
        APPROVER_ANY_ADMIN,
        30,
        "2.455.40",
    ),
}


def sharing_profile(mode: str) -> SharingProfile:
    """The sharing profile of a purpose mode; an unknown mode shares with nobody (fail closed)."""
    return SHARING_PROFILES.get(
        mode, SharingProfile(mode, frozenset(), APPROVER_AGENCY_ADMIN, 1, "1798.90.55(b)")
    )


def eligibility_violations(*, kind: str, jurisdiction_state: str, mode: str) -> list[Violation]:
    """Why an agency of `mode` may not share with a partner of `kind` in `jurisdiction_state`;
    empty when it may. The law first (one message per reason), then the profile."""
    state = (jurisdiction_state or "").strip().upper()
    if kind in NEVER_ELIGIBLE_KINDS or kind not in CALIFORNIA_PUBLIC_KINDS:
        return [
            Violation(
                PARTNER_NOT_PUBLIC_AGENCY,
                "kind",
                "Only California public agencies may receive ALPR data (Civil Code "
                "1798.90.55(b), 1798.90.5(f)): federal, out-of-state, tribal and private "
                "entities are refused.",
            )
        ]
    if state != "CA":
        return [
            Violation(
                PARTNER_OUT_OF_STATE,
                "jurisdiction_state",
                "Only California public agencies may receive ALPR data (Civil Code "
                "1798.90.5(f)): this partner's jurisdiction is outside California.",
            )
        ]
    profile = sharing_profile(mode)
    if kind not in profile.allowed_kinds:
        return [
            Violation(
                PARTNER_NOT_LAW_ENFORCEMENT,
                "kind",
                f"Your agency's policy ({profile.clause}) shares ALPR data only with prosecutors "
                "and law enforcement agencies.",
            )
        ]
    return []


def is_eligible(*, kind: str, jurisdiction_state: str, mode: str) -> bool:
    return not eligibility_violations(kind=kind, jurisdiction_state=jurisdiction_state, mode=mode)


# How an agency of the system is classified as a partner, from the preset it was made from: all
# four are California law enforcement agencies (CDCR's Office of Correctional Safety and DOJ's
# Division of Law Enforcement employ peace officers; the sheriff and the city police are one).
SYSTEM_AGENCY_KINDS = {
    "cdcr": LAW_ENFORCEMENT,
    "doj": LAW_ENFORCEMENT,
    "county_sheriff": LAW_ENFORCEMENT,
    "city_police": LAW_ENFORCEMENT,
}


def system_agency_kind(mode: str) -> str:
    return SYSTEM_AGENCY_KINDS.get(mode, PRIVATE)
