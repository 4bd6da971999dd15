"""The four policy presets: each reproduces one real agency policy in ../shared/policies/.

An agency is created from one preset (accounts.services.agency_create_from_preset) and may then
adjust its profile. Values cite the clause they come from.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DivisionPreset:
    code: str
    name: str
    case_number_pattern: str
    case_number_example: str
    # Ranks or classifications a Division Administrator of this division must hold; empty means
    # the agency's list applies (DOJ 429.4 names one per division).
    qualifying_admin_ranks: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoursePreset:
    code: str
    name: str
    vendor: str = ""
    certificate_required: bool = False
    required: bool = True


@dataclass(frozen=True)
class PolicyPreset:
    id: str
    name: str
    source: str
    divisions: tuple[DivisionPreset, ...]
    eligible_classifications: tuple[str, ...]
    # Role allowed to approve access for an ineligible classification, "" when none may.
    exception_approver: str
    courses: tuple[CoursePreset, ...]
    training_validity_days: int
    audit_cadence_days: int
    audit_random_sample: bool
    inactivity_suspension_days: int
    reapproval_days: int | None
    read_retention_days: int
    audit_record_retention_days: int
    agreement_retention_days: int
    requires_on_behalf_of: bool
    # Which policy's purpose rules a search answers to (queries/rules.py): "cdcr", "doj",
    # "county_sheriff" or "city_police".
    purpose_mode: str
    # Longest time window one search may cover. None of the four policies states one; 90 days
    # is our default, an agency choice an administrator may change.
    max_search_window_days: int = 90
    forbidden_identifier_patterns: tuple[dict, ...] = field(default_factory=tuple)
    qualifying_admin_ranks: tuple[str, ...] = field(default_factory=tuple)
    # Whether the secondary Division Administrator must hold a qualifying rank as well as the
    # primary (DOJ 429.4 sets the classification of every ALPR Administrator; CDCR 53060.5(b)
    # only the primary's rank).
    secondary_admin_must_qualify: bool = False
    # Divisions whose staff an eligibility exception may cover (CDCR 53060.7(a)(2): DAPO only).
    exception_division_codes: tuple[str, ...] = ()


# Government Code 34090.6: reads are kept at least one year, whatever a profile says.
MIN_READ_RETENTION_DAYS = 365

CDCR = PolicyPreset(
    id="cdcr",
    name="California Department of Corrections and Rehabilitation",
    source="CDCR DOM Article 32, 53060",
    divisions=(
        # 53060.5(b)(1)-(4); formats per 53060.7(b)(6): each division's internal case numbering.
        DivisionPreset(
            "OCS", "Office of Correctional Safety", r"^OCS-\d{4}-\d{4,6}$", "OCS-2026-00412"
        ),
        DivisionPreset(
            "DAI",
            "Division of Adult Institutions",
            r"^DAI-[A-Z]{2,4}-\d{2}-\d{4,6}$",
            "DAI-SQ-26-001234",
        ),
        DivisionPreset(
            "DAPO",
            "Division of Adult Parole Operations",
            r"^DAPO-\d{2}-\d{5,7}$",
            "DAPO-26-0042117",
        ),
        DivisionPreset(
            "OIA", "Office of Internal Affairs", r"^OIA-[A-Z]-\d{2}-\d{4,5}$", "OIA-N-26-01293"
        ),
    ),
    # 53060.7(a)(1)-(4)
    eligible_classifications=(
        "Special Agent",
        "Senior Special Agent",
        "Special Agent-In-Charge",
        "Parole Agent I (Community Compliance Unit)",
        "Parole Agent II (Community Compliance Unit)",
        "Parole Agent III (Community Compliance Unit)",
        "Parole Service Associate (Community Compliance Unit)",
        "Intelligence Analyst",
        "Investigative Services Unit Lieutenant",
    ),
    # 53060.7(a)(2): additional DAPO users with the approval of the Deputy Director.
    exception_approver="DAPO Deputy Director",
    exception_division_codes=("DAPO",),
    courses=(CoursePreset("cdcr-alpr", "CDCR ALPR Technology Training (department-approved)"),),
    training_validity_days=365,  # 53060.8: annually
    audit_cadence_days=60,  # 53060.5(c)(2)(A)
    audit_random_sample=False,
    inactivity_suspension_days=365,  # 53060.5(c)(2)(D)
    reapproval_days=None,
    read_retention_days=365,  # end-user agency: keeps no reads of its own; floor applies
    audit_record_retention_days=1095,
    agreement_retention_days=1095,  # 53060.5(c)(1)(B): per department retention schedule
    requires_on_behalf_of=False,
    purpose_mode="cdcr",
    # 53060.7(b)(6): "The use of a CDCR number alone is not acceptable."
    forbidden_identifier_patterns=(
        {"name": "CDCR number", "pattern": r"^[A-Z]{1,2}\d{5}$", "example": "AB12345"},
    ),
    qualifying_admin_ranks=(
        "Associate Warden",
        "Parole Agent III",
        "Special Agent-In-Charge",
        "Chief Deputy Warden",
        "Warden",
        "Deputy Director",
        "Director",
    ),
)

DOJ = PolicyPreset(
    id="doj",
    name="California Department of Justice",
    source="DOJ Law Enforcement Policy 429",
    divisions=(
        # 429.4: "For DLE, the ALPR Administrator shall have a minimum classification of Staff
        # Services Analyst in the Office of the Chief" (and the analyst series above it).
        DivisionPreset(
            "DLE",
            "Division of Law Enforcement",
            r"^DLE-\d{4}-\d{5}$",
            "DLE-2026-00317",
            qualifying_admin_ranks=(
                "Staff Services Analyst (Office of the Chief)",
                "Associate Governmental Program Analyst (Office of the Chief)",
                "Staff Services Manager I (Office of the Chief)",
                "Staff Services Manager II (Office of the Chief)",
            ),
        ),
        # 429.4: "For DMFEA, the ALPR Administrator shall have the classification of Crime
        # Analyst Supervisor (CAS)."
        DivisionPreset(
            "DMFEA",
            "Division of Medi-Cal Fraud & Elder Abuse",
            r"^MF-\d{2}-\d{4,6}$",
            "MF-26-00891",
            qualifying_admin_ranks=("Crime Analyst Supervisor",),
        ),
    ),
    # 429.4: "minimum classification of Special Agent or Crime Analyst"
    eligible_classifications=(
        "Special Agent",
        "Special Agent Supervisor",
        "Special Agent in Charge",
        "Crime Analyst",
        "Crime Analyst Supervisor",
    ),
    exception_approver="",
    courses=(CoursePreset("doj-alpr", "DOJ ALPR Use and Privacy Training"),),
    training_validity_days=730,  # 429.5: once every two years
    audit_cadence_days=365,  # 429.8: annual audit
    audit_random_sample=False,
    inactivity_suspension_days=365,  # 429.4
    reapproval_days=365,  # 429.4 / 429.6: approval reviewed annually
    read_retention_days=365,  # end-user agency: keeps no reads; floor applies
    audit_record_retention_days=1095,  # 429.8: audit records kept three years
    agreement_retention_days=1095,
    requires_on_behalf_of=True,  # 429.4: identify the employee the search is for
    purpose_mode="doj",
    qualifying_admin_ranks=("Staff Services Analyst", "Crime Analyst Supervisor"),
    secondary_admin_must_qualify=True,  # 429.4: every ALPR Administrator
)

COUNTY_SHERIFF = PolicyPreset(
    id="county_sheriff",
    name="County Sheriff's Office",
    source="General Order 5.42",
    divisions=(
        DivisionPreset("LESD", "Law Enforcement Services Division", r"^\d{2}-\d{6}$", "26-004512"),
        DivisionPreset("DPS", "Dublin Police Services", r"^DPS\d{2}-\d{5}$", "DPS26-00731"),
    ),
    # GO 5.42 F.1: deputies, sheriff's technicians and crime technicians.
    eligible_classifications=(
        "Deputy Sheriff",
        "Sergeant",
        "Lieutenant",
        "Sheriff's Technician",
        "Crime Technician",
    ),
    exception_approver="",
    # GO 5.42 F.2 and F.4: the vendors' courses, each with a certificate of completion.
    courses=(
        CoursePreset(
            "vigilant-car-detector", "Vigilant Car Detector", "Vigilant", certificate_required=True
        ),
        CoursePreset(
            "vigilant-tas", "Target Alert Service (TAS)", "Vigilant", certificate_required=True
        ),
        CoursePreset(
            "vigilant-vvm-101",
            "Vigilant Vehicle Manager 101",
            "Vigilant",
            certificate_required=True,
        ),
        CoursePreset(
            "flock-search",
            "Flock Search Tool Certification Program",
            "Flock Safety",
            certificate_required=True,
            # GO 5.42 F.4: for members given Flock access; an administrator marks it required.
            required=False,
        ),
        CoursePreset(
            "flock-alerts",
            "Flock Alerts Certification Program",
            "Flock Safety",
            certificate_required=True,
            # GO 5.42 F.4: for members given Flock access; an administrator marks it required.
            required=False,
        ),
    ),
    training_validity_days=730,
    audit_cadence_days=182,  # GO 5.42 H: random, semi-annual
    audit_random_sample=True,
    inactivity_suspension_days=365,
    reapproval_days=None,
    read_retention_days=365,
    audit_record_retention_days=1095,
    agreement_retention_days=1095,
    requires_on_behalf_of=False,
    purpose_mode="county_sheriff",
    qualifying_admin_ranks=("Lieutenant", "Captain", "Commander"),
)

CITY_POLICE = PolicyPreset(
    id="city_police",
    name="City Police Department",
    source="Policy 2.455",
    divisions=(
        DivisionPreset("PATROL", "Patrol Division", r"^\d{2}-\d{6}$", "26-118342"),
        DivisionPreset("INV", "Investigations Division", r"^INV-\d{2}-\d{5}$", "INV-26-00418"),
    ),
    eligible_classifications=(
        "Police Officer",
        "Detective",
        "Sergeant",
        "Lieutenant",
        "Crime Analyst",
    ),
    exception_approver="",
    courses=(CoursePreset("city-alpr", "Department-approved ALPR and CLETS training"),),
    training_validity_days=730,
    audit_cadence_days=90,  # 2.455.50: random user audits
    audit_random_sample=True,
    inactivity_suspension_days=365,
    reapproval_days=None,
    read_retention_days=730,  # 2.455.30: kept two years, never under one
    audit_record_retention_days=1095,
    agreement_retention_days=1095,
    requires_on_behalf_of=False,
    purpose_mode="city_police",
    qualifying_admin_ranks=("Lieutenant", "Captain", "Commander"),
)

PRESETS: dict[str, PolicyPreset] = {p.id: p for p in (CDCR, DOJ, COUNTY_SHERIFF, CITY_POLICE)}


def get_preset(preset_id: str) -> PolicyPreset:
    try:
        return PRESETS[preset_id]
    except KeyError:
        raise KeyError(
            f"Unknown preset {preset_id!r}; choose one of {', '.join(PRESETS)}."
        ) from None
