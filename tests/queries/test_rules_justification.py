"""What a justification may and may not say, every code with real-looking text that trips it and
text beside it that must not, tried in all four modes (CDCR 53060.4(c)-(d), 53060.7(b)(4)-(5);
DOJ 429.4; GO 5.42 A.1; Civil Code 1798.90.51). Assertions are on codes, never on messages."""

import pytest

from queries.rules import (
    CLETS_IN_JUSTIFICATION,
    CRIMINAL_HISTORY_IN_JUSTIFICATION,
    IDENTIFIER_ALONE,
    JUSTIFICATION_TOO_VAGUE,
    PERSONAL_USE,
    PII_IN_JUSTIFICATION,
    PROHIBITED_PURPOSE_IMMIGRATION,
    PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH,
    PROTECTED_ACTIVITY_OR_TRAIT,
    check_purpose,
)
from tests.queries.purpose_profiles import (  # the three _-fixtures: no Redis, no media
    MODES,
    _fast_password_hashing,  # noqa: F401
    _isolated_cache,  # noqa: F401
    _media_in_tmp,  # noqa: F401
    good_purpose,
    profile,
)


def justification_codes(mode, text):
    purpose = good_purpose(mode, justification=text)
    return {v.code for v in check_purpose(purpose, profile(mode)) if v.field == "justification"}


def table(code, trips, passes):
    """Rows (text, trips) for one code: positives and negatives side by side."""
    return [pytest.param(code, t, True, id=f"trips:{t[:40]}") for t in trips] + [
        pytest.param(code, t, False, id=f"passes:{t[:40]}") for t in passes
    ]


VAGUE = table(
    JUSTIFICATION_TOO_VAGUE,
    trips=[
        "investigation",
        "Investigation.",
        "INVESTIGATIONS",
        "investigative",
        "INV",
        "inv.",
        "Invest",
        "criminal investigation",
        "crim. inv. ongoing",
        "investigaton",
        "invesitgation",
        "Follow up",
        "follow-up",
        "f/u",
        "lead",
        "follow up on investigative leads",
        "suspect",
        "suspect's vehicle",
        "susp. veh. lookup",
        "ID the suspect",
        "persons of interest search",
        "test",
        "Testing",
        "n/a",
        "N/A",
        "na",
        "none",
        "per sgt",
        "Per Sgt.",
        "per Lt request",
        "request from an officer",
        "hits on the LPR",
        "law enforcement purpose",
        "official business",
        "see case",
        "-",
        "x",
        "ab",
        "?",
        "24-118342",
        "7ABC123",
        "case 24-1183 follow up",
    ],
    passes=[
        "Residential burglary on Elm Ave; suspect vehicle seen leaving at 0300",
        "Armed robbery of the Shell station on Main",
        "211 PC",
        "PC 459",
        "459",
        "10851 VC stolen Civic",
        "DUI hit and run, grey pickup",
        "GTA",
        "Missing juvenile, last seen near Harbor Blvd",
        "Stolen catalytic converters from the school lot",
        "Follow up on catalytic converter thefts at the mall",
        "Investigation of a carjacking near 5th and Main",
        "Suspect vehicle in the Oak St shooting",
        "Elder financial abuse, suspect Alvarez",
    ],
)

IMMIGRATION = table(
    PROHIBITED_PURPOSE_IMMIGRATION,
    trips=[
        "ICE",
        "assist ICE with target vehicle",
        "ICE request",
        "I.C.E. request",
        "Request from I.C.E",
        "ice detainer follow-up",
        "ICE ERO fugitive operations",
        "HSI/ERO request",
        "assisting HSI agents",
        "CBP request",
        "Border Patrol assist",
        "DHS request for vehicle",
        "immigration",
        "violation of immigration law",
        "immigraton status check",
        "imigration case",
        "immagration",
        "deportation order",
        "locate deportee",
        "deported subject returned",
        "undocumented worker",
        "illegal alien",
        "locating a criminal alien",
        "visa overstay",
    ],
    passes=[
        "police report 24-1183",
        "Police report of stolen Camry",
        "price gouging fraud complaint",
        "notice of violation, hit and run",
        "service of a felony warrant",
        "office burglary",
        "Justice center vandalism",
        "ice cream truck robbery",
        "ICE CREAM TRUCK ROBBERY",
        "stolen ice machine from the restaurant",
        "sold ice (meth) to an undercover officer",
        "Black ice crash, hit and run",
        "Vice unit narcotics case",
        "Rice Ave burglary",
        "Device theft from the library",
        "Alice St robbery",
        "report of stolen vehicle",
        "importation of narcotics",
        "Man impersonating ICE agents to extort victims",
        "Suspect posing as HSI agent, robbery",
        "detainer from Kern County on a robbery warrant",
        "Alienware laptop theft",
        "suspect overstayed at the motel and skipped the bill, defrauding an innkeeper",
    ],
)

REPRODUCTIVE = table(
    PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH,
    trips=[
        "suspected she had an abortion",
        "locate woman who travelled for an abortion",
        "abortion clinic visitor",
        "aborton",
        "reproductive health clinic",
        "reproductve care",
        "Planned Parenthood visit",
        "went out of state for abortion pills",
        "mifepristone delivery",
        "contraception clinic",
        "vehicles in the Planned Parenthood lot",
        "suspect had an abortion",
        "abortion pill sales",
    ],
    passes=[
        "aborted pursuit, suspect fled on foot",
        "Robbery at the bank, planned in advance",
        "reproduction of stolen documents",
        "portion of the plate seen: 7AB",
        "parenting class theft",
        "arson at the family planning clinic, suspect fled in a grey van",
        "threats against Planned Parenthood staff, suspect vehicle seen twice",
    ],
)

PII = table(
    PII_IN_JUSTIFICATION,
    trips=[
        "robbery suspect DOB 03/14/1988",
        "D.O.B. 3-14-88 burglary",
        "date of birth 4/2/90, theft",
        "fraud suspect 123-45-6789",
        "SSN given, fraud",
        "DL# B1234567 stolen car",
        "driver's license B1234567",
        "CII 12345678",
        "FBI# 123456AB1",
        "call 714-555-0134 robbery",
        "(714) 555-0134 burglary",
        "cell 714 555 0134 threats",
        "suspect lives at 1234 Elm Street",
        "burglary, suspect at 4521 W Orange Ave",
        "theft, 77 Sunset Path",
        "email jdoe@example.com robbery",
        "robbery suspect John Garcia",
        "ROBBERY SUSPECT MARIA LOPEZ",
        "robbery suspect maria l. ortega",
        "Garcia, Miguel robbery",
        "wanted subject henry avila",
    ],
    passes=[
        "robbery suspect Garcia",
        "robbery suspect GARCIA",
        "burglary in the 1200 block of Elm St",
        "shooting at Main St and 5th Ave",
        "San Jose PD assist, robbery",
        "Santa Maria robbery",
        "Victor Valley robbery",
        "stolen vehicle, report 24-118342",
        "DR 24-16748 robbery",
        "robbery near station 26",
        "2 dr sedan seen at the burglary",
        "FBI task force bank robbery",
        "Jose St burglary",
        "phone theft 03/05",
        "burglary 03/14/2026",
    ],
)

CRIMINAL_HISTORY = table(
    CRIMINAL_HISTORY_IN_JUSTIFICATION,
    trips=[
        "suspect has priors for burglary",
        "prior arrests for carjacking",
        "convicted of robbery in 2019, new robbery",
        "rap sheet shows burglary",
        "criminal history: 459 PC",
        "ex-con, robbery suspect",
        "previously arrested for DUI",
        "caution: subject has violent priors",
    ],
    passes=[
        "prior to the robbery, suspect vehicle circled the lot",
        "robbery at the convenience store",
        "absconded parolee, escape from supervision",
        "prior association with stolen vehicle ring",
    ],
)

CLETS = table(
    CLETS_IN_JUSTIFICATION,
    trips=[
        "CLETS return shows robbery warrant",
        "NCIC hit, stolen vehicle",
        "per DMV return, robbery suspect",
        "registered owner wanted for robbery",
        "R/O has felony warrant",
        "the RO has a felony warrant",
        "10-29 shows stolen",
        "SVS entry, stolen vehicle",
        "assault case, vehicle registered to the boyfriend",
    ],
    passes=[
        "DMV office burglary",
        "stolen vehicle reported by the owner",
        "robbery, vehicle with Nevada plates",
        "burglary, 10-32 man with a gun",
    ],
)

PROTECTED = table(
    PROTECTED_ACTIVITY_OR_TRAIT,
    trips=[
        "protest",
        "cars at the climate protest",
        "attendees of the city hall rally",
        "plates of protesters on Main St",
        "vandalism by protesters",
        "vehicle of a suspect seen at the protest",
        "First Amendment event at the park",
        "vehicles at the mosque on Friday",
        "cars parked at the church during Sunday service",
        "worshippers at the synagogue",
        "Hispanic males in the area",
        "Vietnamese burglary crew",
        "Armenian crew shoplifting at the mall",
        "black males loitering",
        "Muslim community center visitors",
        "car full of Guatemalan nationals",
        "Romanian women near the bank",
        "gypsy families at the park",
        "g*psies at the mall",
        "g*psies seen casing homes",
    ],
    passes=[
        "suspect described as Hispanic male, 30s, red Civic",
        "robbery suspect: black male, 20s, grey hoodie",
        "vandalism at the rally, suspect spray-painted a patrol car",
        "assault on a counter-protester, suspect fled in a white Tacoma",
        "burglary at the synagogue on Elm, suspect vehicle white van",
        "black Honda Civic stolen",
        "white pickup involved in hit and run",
        "robbery at an Asian market, suspect fled in a grey sedan",
        "Indian Hill Rd burglary",
        "March 14 robbery",
        "rally car stolen from a garage",
        "hate crime at the mosque, vandalism suspect in grey sedan",
        "Chinese restaurant burglary, rear door pried",
        "burglary at the mosque on Elm overnight",
        "Vendor demonstration of the search tool for new officers",
        "Vigilant LEARN stolen plate query",
    ],
)

PERSONAL = table(
    PERSONAL_USE,
    trips=[
        "my ex-girlfriend's new car",
        "checking on my neighbor",
        "personal",
        "Personal reasons",
        "for a friend",
        "just curious",
        "trying it on my own car",
    ],
    passes=[
        "theft of personal property from a vehicle",
        "victim's ex-boyfriend suspected of vandalism",
        "stolen vehicle, victim is a friend of the witness",
    ],
)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("code", "text", "trips"),
    VAGUE + IMMIGRATION + REPRODUCTIVE + PII + CRIMINAL_HISTORY + CLETS + PROTECTED + PERSONAL,
)
def test_justification_rule(mode, code, text, trips):
    assert (code in justification_codes(mode, text)) is trips


@pytest.mark.parametrize("mode", MODES)
def test_prohibited_purposes_refuse_even_an_otherwise_complete_justification(mode):
    found = justification_codes(
        mode, "Assist ICE ERO with locating a robbery suspect, case attached"
    )
    assert PROHIBITED_PURPOSE_IMMIGRATION in found
    assert JUSTIFICATION_TOO_VAGUE not in found


def test_cdcr_number_alone_as_justification_is_identifier_alone():
    assert justification_codes("cdcr", "AB12345") == {IDENTIFIER_ALONE}


def test_cdcr_number_beside_other_words_is_personal_information():
    assert justification_codes("cdcr", "parolee AB12345 absconded from supervision") == {
        PII_IN_JUSTIFICATION
    }


def test_a_code_section_that_looks_like_a_cdcr_number_is_not_an_identifier():
    assert justification_codes("cdcr", "Stolen trailer VC10851") == set()


@pytest.mark.parametrize("mode", ["doj", "county_sheriff", "city_police"])
def test_only_profiles_with_forbidden_identifiers_refuse_them(mode):
    assert IDENTIFIER_ALONE not in justification_codes(mode, "AB12345")


@pytest.mark.parametrize("mode", MODES)
def test_the_case_number_repeated_as_the_justification_is_too_vague(mode):
    case_number = profile(mode).case_number_example
    found = justification_codes(mode, f"case {case_number}")
    assert found == {JUSTIFICATION_TOO_VAGUE}
