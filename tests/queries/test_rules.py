"""Purpose rules, field by field and mode by mode: case number, category, on behalf of
(CDCR 53060.5(c)(3)(A), 53060.7(b)(4)-(6); DOJ 429.4; GO 5.42 A.4, A.9; City 2.455.15-.35).
No database: these are pure functions."""

from types import SimpleNamespace

import pytest

from queries.rules import (
    ALL_CODES,
    CASE_NUMBER_FORMAT,
    CASE_NUMBER_REQUIRED,
    IDENTIFIER_ALONE,
    JUSTIFICATION_TOO_VAGUE,
    ON_BEHALF_OF_REQUIRED,
    PURPOSE_CATEGORY_REQUIRED,
    PURPOSE_CATEGORY_UNKNOWN,
    Purpose,
    PurposeProfile,
    check_purpose,
    purpose_categories,
)
from tests.queries.purpose_profiles import (  # the three _-fixtures: no Redis, no media
    MODES,
    _fast_password_hashing,  # noqa: F401
    _isolated_cache,  # noqa: F401
    _media_in_tmp,  # noqa: F401
    good_purpose,
    profile,
)


def codes(purpose, prof):
    return [v.code for v in check_purpose(purpose, prof)]


@pytest.mark.parametrize("mode", MODES)
def test_a_complete_specific_purpose_is_accepted_in_every_mode(mode):
    assert codes(good_purpose(mode), profile(mode)) == []


def test_every_code_is_a_distinct_lower_case_constant():
    assert len(set(ALL_CODES)) == len(ALL_CODES)
    assert all(code == code.lower() and " " not in code for code in ALL_CODES)


def test_every_violation_names_its_field_and_tells_the_user_what_to_do():
    violations = check_purpose(Purpose(justification="inv"), profile("doj"))
    assert {v.field for v in violations} == {
        "case_number",
        "purpose_category",
        "justification",
        "on_behalf_of",
    }
    assert all(v.message and v.message.endswith(".") for v in violations)


def test_all_violations_are_returned_not_just_the_first():
    purpose = good_purpose(
        "cdcr", case_number="", purpose_category="", justification="assist ICE, DOB 1/2/85"
    )
    found = codes(purpose, profile("cdcr"))
    assert CASE_NUMBER_REQUIRED in found
    assert PURPOSE_CATEGORY_REQUIRED in found
    assert "pii_in_justification" in found
    assert "prohibited_purpose_immigration" in found


# --- case number, per mode -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "case_number", "expected"),
    [
        # CDCR 53060.7(b)(4), (6): mandatory, in the division's own format; a CDCR number alone
        # is not a case number.
        ("cdcr", "", [CASE_NUMBER_REQUIRED]),
        ("cdcr", "   ", [CASE_NUMBER_REQUIRED]),
        ("cdcr", "OCS-2026-00412", []),
        ("cdcr", " OCS-2026-00412 ", []),
        ("cdcr", "2026-00412", [CASE_NUMBER_FORMAT]),
        ("cdcr", "OCS-26-412", [CASE_NUMBER_FORMAT]),
        ("cdcr", "DAI-SQ-26-001234", [CASE_NUMBER_FORMAT]),  # another division's format
        ("cdcr", "AB12345", [IDENTIFIER_ALONE]),
        ("cdcr", "T54321", [IDENTIFIER_ALONE]),
        # DOJ 429.4: the case number is one of three ways to name the investigation.
        ("doj", "DLE-2026-00317", []),
        ("doj", "DLE-26-317", [CASE_NUMBER_FORMAT]),
        ("doj", "AB12345", [CASE_NUMBER_FORMAT]),  # no forbidden identifiers in the DOJ profile
        # GO 5.42 A.9: case number and/or a specific reason.
        ("county_sheriff", "", []),
        ("county_sheriff", "26-004512", []),
        ("county_sheriff", "2026-4512", [CASE_NUMBER_FORMAT]),
        # City 2.455.25/.35: a specific criminal investigation or departmental action.
        ("city_police", "", [CASE_NUMBER_REQUIRED]),
        ("city_police", "26-118342", []),
        ("city_police", "26118342", [CASE_NUMBER_FORMAT]),
    ],
)
def test_case_number_requirement_per_mode(mode, case_number, expected):
    found = codes(good_purpose(mode, case_number=case_number), profile(mode))
    assert found == expected


@pytest.mark.parametrize(
    ("justification", "expected"),
    [
        ("Burglary series at storage units; code section PC 459", []),
        ("Burglary series at storage units, 459 PC", []),
        ("Stolen trailer, 10851 VC", []),
        ("Elder financial abuse, suspect Alvarez", []),
        ("Elder financial abuse, target: Nguyen", []),
        ("Elder financial abuse at a care home", [CASE_NUMBER_REQUIRED]),
        ("Burglary, suspect vehicle seen leaving", [CASE_NUMBER_REQUIRED]),
    ],
)
def test_doj_accepts_a_code_section_or_target_last_name_instead_of_a_case_number(
    justification, expected
):
    purpose = good_purpose("doj", case_number="", justification=justification)
    assert codes(purpose, profile("doj")) == expected


def test_county_without_case_number_needs_a_specific_reason():
    purpose = good_purpose("county_sheriff", case_number="", justification="follow up")
    assert codes(purpose, profile("county_sheriff")) == [JUSTIFICATION_TOO_VAGUE]


def test_county_case_number_alone_is_enough_but_other_modes_need_a_justification():
    for mode in MODES:
        purpose = good_purpose(mode, justification="")
        expected = [] if mode == "county_sheriff" else [JUSTIFICATION_TOO_VAGUE]
        assert codes(purpose, profile(mode)) == expected, mode


def test_city_training_needs_no_case_number_but_still_a_specific_justification():
    city = profile("city_police")
    training = good_purpose(
        "city_police",
        case_number="",
        purpose_category="training",
        justification="Department ALPR course, module 3 exercise on partial plates",
    )
    assert codes(training, city) == []
    assert codes(
        good_purpose(
            "city_police", case_number="", purpose_category="training", justification="training"
        ),
        city,
    ) == [JUSTIFICATION_TOO_VAGUE]


def test_a_broken_division_pattern_refuses_rather_than_admits():
    broken = profile("city_police", case_number_pattern="(unclosed")
    assert codes(good_purpose("city_police"), broken) == [CASE_NUMBER_FORMAT]


# --- administrators: CDCR 53060.5(c)(3)(A) -------------------------------------------------


def test_administrators_give_a_purpose_with_system_support_and_no_case_number():
    purpose = good_purpose(
        "cdcr",
        case_number="",
        purpose_category="system_support",
        justification="Checking read delivery from the new DAPO cameras after the outage",
        by_administrator=True,
    )
    assert codes(purpose, profile("cdcr")) == []


def test_administrators_still_need_a_specific_justification_for_system_support():
    purpose = good_purpose(
        "cdcr",
        case_number="",
        purpose_category="system_support",
        justification="admin testing of the system",
        by_administrator=True,
    )
    assert codes(purpose, profile("cdcr")) == [JUSTIFICATION_TOO_VAGUE]


def test_an_administrator_searching_for_an_investigation_needs_the_case_number():
    purpose = good_purpose("cdcr", case_number="", by_administrator=True)
    assert codes(purpose, profile("cdcr")) == [CASE_NUMBER_REQUIRED]


def test_system_support_is_not_a_category_for_end_users():
    purpose = good_purpose("cdcr", purpose_category="system_support")
    assert codes(purpose, profile("cdcr")) == [PURPOSE_CATEGORY_UNKNOWN]


# --- categories ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "cdcr",  # 53060.4(a)(1)-(5)
            {
                "escaped_incarcerated_person",
                "absconded_parolee",
                "crime_suspect",
                "wanted_person",
                "internal_staff_investigation",
            },
        ),
        (
            "doj",
            {
                "criminal_investigation",
                "medi_cal_fraud_elder_abuse",
                "wanted_person",
                "missing_person",
            },
        ),
        (
            "county_sheriff",  # GO 5.42 A.4 (a)-(i), A.6, policy statement
            {
                "stolen_wanted_vehicle",
                "wanted_felon",
                "bolo",
                "amber_alert",
                "blue_alert",
                "silver_alert",
                "yellow_alert",
                "surveillance_investigation",
                "grid_search",
                "partial_plate_major_crime",
                "missing_person",
            },
        ),
        (
            "city_police",  # 2.455.15, .25, .35
            {
                "criminal_investigation",
                "crime_scene_canvass",
                "wanted_or_alert_vehicle",
                "administrative_action",
                "civil_action",
                "training",
            },
        ),
    ],
)
def test_each_mode_offers_the_uses_its_policy_lists(mode, expected):
    offered = purpose_categories(profile(mode))
    assert {c.code for c in offered} == expected
    assert all(c.label for c in offered)
    with_admin = {c.code for c in purpose_categories(profile(mode), by_administrator=True)}
    assert with_admin == expected | {"system_support"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("", [PURPOSE_CATEGORY_REQUIRED]),
        ("  ", [PURPOSE_CATEGORY_REQUIRED]),
        ("made_up", [PURPOSE_CATEGORY_UNKNOWN]),
        ("personal", [PURPOSE_CATEGORY_UNKNOWN]),
    ],
)
def test_category_is_required_and_must_be_the_agencys(mode, category, expected):
    assert codes(good_purpose(mode, purpose_category=category), profile(mode)) == expected


@pytest.mark.parametrize(
    ("mode", "foreign_category"),
    [
        ("cdcr", "grid_search"),
        ("doj", "absconded_parolee"),
        ("county_sheriff", "training"),
        ("city_police", "amber_alert"),
    ],
)
def test_another_modes_category_is_unknown(mode, foreign_category):
    purpose = good_purpose(mode, purpose_category=foreign_category)
    assert codes(purpose, profile(mode)) == [PURPOSE_CATEGORY_UNKNOWN]


# --- on behalf of: DOJ 429.4 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "on_behalf_of", "expected"),
    [
        ("doj", "", [ON_BEHALF_OF_REQUIRED]),
        ("doj", "  ", [ON_BEHALF_OF_REQUIRED]),
        ("doj", "SA R. Ortiz", []),
        ("cdcr", "", []),
        ("county_sheriff", "", []),
        ("city_police", "", []),
    ],
)
def test_doj_names_the_employee_the_search_is_for(mode, on_behalf_of, expected):
    assert codes(good_purpose(mode, on_behalf_of=on_behalf_of), profile(mode)) == expected


def test_on_behalf_of_follows_the_profile_not_the_mode():
    county_that_asks = profile("county_sheriff", requires_on_behalf_of=True)
    assert codes(good_purpose("county_sheriff", on_behalf_of=""), county_that_asks) == [
        ON_BEHALF_OF_REQUIRED
    ]


# --- the profile ---------------------------------------------------------------------------


def test_profile_for_division_reads_the_division_and_its_agency():
    agency = SimpleNamespace(
        purpose_mode="cdcr",
        forbidden_identifier_patterns=[
            {"name": "CDCR number", "pattern": r"^[A-Z]{1,2}\d{5}$", "example": "AB12345"}
        ],
        requires_on_behalf_of=False,
        purpose_word_overrides={"vague": ["siu"]},
    )
    division = SimpleNamespace(
        agency=agency,
        case_number_pattern=r"^OCS-\d{4}-\d{4,6}$",
        case_number_example="OCS-2026-00412",
    )
    prof = PurposeProfile.for_division(division)
    assert prof.mode == "cdcr"
    assert prof.case_number_example == "OCS-2026-00412"
    assert prof.forbidden_identifiers[0]["name"] == "CDCR number"
    assert prof.word_overrides == {"vague": ["siu"]}
    assert codes(good_purpose("cdcr", case_number="AB12345"), prof) == [IDENTIFIER_ALONE]


def test_a_mistyped_short_case_number_does_not_blank_out_letters_of_the_justification():
    purpose = good_purpose(
        "county_sheriff", case_number="on", justification="woman seen at an abortion clinic"
    )
    found = codes(purpose, profile("county_sheriff"))
    assert found == [CASE_NUMBER_FORMAT, "prohibited_purpose_reproductive_health"]
