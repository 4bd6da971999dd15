"""Purpose profiles of the four presets and one purpose each mode accepts, shared by the rule
tests so that every refusal differs from an accepted purpose in one field only."""

from dataclasses import replace

import pytest

from accounts.presets import get_preset
from queries.rules import Purpose, PurposeProfile

MODES = ("cdcr", "doj", "county_sheriff", "city_police")


def profile(mode: str, **changes) -> PurposeProfile:
    preset = get_preset(mode)
    division = preset.divisions[0]
    built = PurposeProfile(
        mode=preset.purpose_mode,
        case_number_pattern=division.case_number_pattern,
        case_number_example=division.case_number_example,
        forbidden_identifiers=tuple(preset.forbidden_identifier_patterns),
        requires_on_behalf_of=preset.requires_on_behalf_of,
        word_overrides={},
    )
    return replace(built, **changes)


FIRST_CATEGORY = {
    "cdcr": "crime_suspect",
    "doj": "criminal_investigation",
    "county_sheriff": "stolen_wanted_vehicle",
    "city_police": "criminal_investigation",
}


def good_purpose(mode: str, **changes) -> Purpose:
    """A purpose every mode accepts: the division's own case number, an allowed category, a
    specific justification, and the employee the search is for."""
    built = Purpose(
        case_number=profile(mode).case_number_example,
        purpose_category=FIRST_CATEGORY[mode],
        justification="Residential burglary on Elm Ave; suspect vehicle seen leaving at 0300",
        on_behalf_of="SA R. Ortiz",
    )
    return replace(built, **changes)


# The suite-wide autouse fixtures clear Redis and set up media folders for every test. Rule tests
# touch neither, so modules that import these same-named fixtures replace them with nothing and
# run in milliseconds.
@pytest.fixture(autouse=True)
def _isolated_cache():
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp():
    yield
