"""Word lists in one place, adjusted per agency through Agency.purpose_word_overrides; the lists
that carry a legal prohibition (53060.4(c)-(d), Penal Code 13778.2, Civil Code 1798.90.51) can be
extended but never shortened. Also: the same prohibitions on ad-hoc disclosures (DOJ 429.7)."""

from queries.purpose_words import DEFAULT_WORDS, LOCKED_LISTS, override_errors
from queries.rules import (
    JUSTIFICATION_TOO_VAGUE,
    PROHIBITED_PURPOSE_IMMIGRATION,
    PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH,
    PROTECTED_ACTIVITY_OR_TRAIT,
    check_disclosure_purpose,
    check_purpose,
)
from tests.queries.purpose_profiles import (  # the three _-fixtures: no Redis, no media
    _fast_password_hashing,  # noqa: F401
    _isolated_cache,  # noqa: F401
    _media_in_tmp,  # noqa: F401
    good_purpose,
    profile,
)


def justification_codes(prof, text):
    purpose = good_purpose(prof.mode, justification=text)
    return {v.code for v in check_purpose(purpose, prof) if v.field == "justification"}


def test_an_agency_can_add_its_own_vague_words():
    plain = profile("city_police")
    strict = profile("city_police", word_overrides={"vague": ["siu", "special investigations"]})
    assert justification_codes(plain, "SIU special investigations") == set()
    assert justification_codes(strict, "SIU special investigations") == {JUSTIFICATION_TOO_VAGUE}


def test_an_agency_can_remove_a_default_vague_word():
    plain = profile("county_sheriff")
    relaxed = profile("county_sheriff", word_overrides={"-vague": ["patrol"]})
    assert justification_codes(plain, "patrol") == {JUSTIFICATION_TOO_VAGUE}
    assert justification_codes(relaxed, "patrol") == set()


def test_an_agency_can_add_a_prohibited_word_in_its_own_language():
    local = profile(
        "cdcr",
        word_overrides={"immigration": ["la migra"], "reproductive_health": ["clinica de aborto"]},
    )
    assert PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH in justification_codes(
        local, "visita clinica de aborto"
    )


def test_prohibition_lists_cannot_be_shortened_by_an_agency():
    attempt = profile(
        "cdcr",
        word_overrides={
            "-immigration": ["ice", "immigra*"],
            "-reproductive_health": ["abortion*"],
            "-protected_activity": ["protest*"],
        },
    )
    found = justification_codes(attempt, "assist ICE with immigration case")
    assert PROHIBITED_PURPOSE_IMMIGRATION in found
    assert PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH in justification_codes(attempt, "had an abortion")
    assert PROTECTED_ACTIVITY_OR_TRAIT in justification_codes(attempt, "protest vehicles")
    assert set(DEFAULT_WORDS) >= LOCKED_LISTS


def test_a_new_protected_term_added_by_an_agency_is_refused_like_the_defaults():
    prof = profile("city_police", word_overrides={"protected_activity": ["harvest moon coalition"]})
    assert PROTECTED_ACTIVITY_OR_TRAIT in justification_codes(
        prof, "Harvest Moon Coalition vehicles downtown"
    )
    assert PROTECTED_ACTIVITY_OR_TRAIT not in justification_codes(
        profile("city_police"), "Harvest Moon Coalition vehicles downtown"
    )


def test_override_errors_explain_unknown_lists_bad_values_and_locked_lists():
    assert override_errors({"vague": ["siu"], "-vague": ["lead"]}) == []
    assert override_errors([]) != []
    assert len(override_errors({"vaguest": ["x"]})) == 1
    assert len(override_errors({"vague": "siu"})) == 1
    assert len(override_errors({"vague": [""]})) == 1
    assert len(override_errors({"-immigration": ["ice"]})) == 1


def test_malformed_overrides_are_ignored_rather_than_crashing_a_search():
    odd = profile("city_police", word_overrides={"vague": "siu", "-vague": [3], "nope": ["x"]})
    assert justification_codes(odd, "Residential burglary on Elm Ave") == set()


# --- disclosures (issue 14 calls this) -----------------------------------------------------


def test_a_disclosure_for_immigration_enforcement_is_refused_on_its_purpose():
    violations = check_disclosure_purpose(
        "Request from ICE ERO to locate a vehicle", "Their target's vehicle", profile("city_police")
    )
    assert {(v.code, v.field) for v in violations} >= {(PROHIBITED_PURPOSE_IMMIGRATION, "purpose")}


def test_a_disclosure_needs_a_specific_purpose_and_need():
    violations = check_disclosure_purpose("investigation", "", profile("county_sheriff"))
    assert {(v.code, v.field) for v in violations} == {
        (JUSTIFICATION_TOO_VAGUE, "purpose"),
        (JUSTIFICATION_TOO_VAGUE, "need"),
    }


def test_a_documented_disclosure_for_a_robbery_case_passes():
    violations = check_disclosure_purpose(
        "Oakland PD armed robbery case 26-004512, suspect vehicle",
        "Reads of the suspect plate at our cameras on the night of the robbery",
        profile("county_sheriff"),
    )
    assert violations == []


def test_a_disclosure_premised_on_a_protest_is_refused_on_its_need():
    violations = check_disclosure_purpose(
        "Regional intelligence sharing", "Plates of the protesters at city hall", profile("doj")
    )
    assert (PROTECTED_ACTIVITY_OR_TRAIT, "need") in {(v.code, v.field) for v in violations}
