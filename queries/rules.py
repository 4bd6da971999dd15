"""Purpose rules for a justified search: pure functions, no database, no settings, no request.

Given the four purpose fields (case number, purpose category, justification, on behalf of) and the
agency's purpose profile, `check_purpose` returns every violation, each naming the field it is
about. The four policies differ; Agency.purpose_mode says which one an agency answers to:

- "cdcr"   CDCR DOM 53060.4, 53060.5(c)(3)(A), 53060.7(b)(4)-(6)
- "doj"    CA DOJ Policy 429.3-429.4
- "county_sheriff"  General Order 5.42 A.1, A.4, A.9
- "city_police"     Policy 2.455.15-.35

Prohibited purposes apply to every mode: immigration enforcement (53060.4(c), Government Code
7284 et seq.), reproductive health (53060.4(d), Penal Code 13778.2), a search premised on First
Amendment activity or on race, ethnicity, national origin or religion as such (Civil Code
1798.90.51's duty to protect civil liberties), personal use (GO 5.42 A.1).

Word lists live in queries/purpose_words/; docs/policy-mapping.md ("Purpose rules") explains
each rule, its clause and its test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.case_numbers import CasePatternError, case_number_matches
from alpr_governance.violations import Violation
from queries.purpose_words import PurposeText, word_lists

# Stable violation codes (DESIGN.md section 5): part of the API, never renamed.
CASE_NUMBER_REQUIRED = "case_number_required"
CASE_NUMBER_FORMAT = "case_number_format"
IDENTIFIER_ALONE = "identifier_alone"
PURPOSE_CATEGORY_REQUIRED = "purpose_category_required"
PURPOSE_CATEGORY_UNKNOWN = "purpose_category_unknown"
JUSTIFICATION_TOO_VAGUE = "justification_too_vague"
PII_IN_JUSTIFICATION = "pii_in_justification"
CRIMINAL_HISTORY_IN_JUSTIFICATION = "criminal_history_in_justification"
CLETS_IN_JUSTIFICATION = "clets_in_justification"
PROHIBITED_PURPOSE_IMMIGRATION = "prohibited_purpose_immigration"
PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH = "prohibited_purpose_reproductive_health"
PROTECTED_ACTIVITY_OR_TRAIT = "protected_activity_or_trait"
PERSONAL_USE = "personal_use"
ON_BEHALF_OF_REQUIRED = "on_behalf_of_required"

ALL_CODES = (
    CASE_NUMBER_REQUIRED,
    CASE_NUMBER_FORMAT,
    IDENTIFIER_ALONE,
    PURPOSE_CATEGORY_REQUIRED,
    PURPOSE_CATEGORY_UNKNOWN,
    JUSTIFICATION_TOO_VAGUE,
    PII_IN_JUSTIFICATION,
    CRIMINAL_HISTORY_IN_JUSTIFICATION,
    CLETS_IN_JUSTIFICATION,
    PROHIBITED_PURPOSE_IMMIGRATION,
    PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH,
    PROTECTED_ACTIVITY_OR_TRAIT,
    PERSONAL_USE,
    ON_BEHALF_OF_REQUIRED,
)

CDCR = "cdcr"
DOJ = "doj"
COUNTY_SHERIFF = "county_sheriff"
CITY_POLICE = "city_police"
MODES = (CDCR, DOJ, COUNTY_SHERIFF, CITY_POLICE)

# Field names, as the search form and the API spell them.
CASE_NUMBER = "case_number"
PURPOSE_CATEGORY = "purpose_category"
JUSTIFICATION = "justification"
ON_BEHALF_OF = "on_behalf_of"

SYSTEM_SUPPORT = "system_support"
TRAINING = "training"


@dataclass(frozen=True)
class PurposeProfile:
    """What the rules need to know of the agency and the searcher's division."""

    mode: str
    case_number_pattern: str
    case_number_example: str
    forbidden_identifiers: tuple[dict, ...] = ()
    requires_on_behalf_of: bool = False
    word_overrides: dict = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def for_division(cls, division) -> PurposeProfile:
        """The profile of a division and its agency (reads attributes only)."""
        agency = division.agency
        return cls(
            mode=agency.purpose_mode,
            case_number_pattern=division.case_number_pattern,
            case_number_example=division.case_number_example,
            forbidden_identifiers=tuple(agency.forbidden_identifier_patterns or ()),
            requires_on_behalf_of=bool(agency.requires_on_behalf_of),
            word_overrides=dict(agency.purpose_word_overrides or {}),
        )


@dataclass(frozen=True)
class Purpose:
    case_number: str = ""
    purpose_category: str = ""
    justification: str = ""
    on_behalf_of: str = ""
    # CDCR 53060.5(c)(3)(A): administrators give a purpose too, with "system_support".
    by_administrator: bool = False


@dataclass(frozen=True)
class Category:
    code: str
    label: str


# The authorised uses each policy lists, as the categories a searcher picks from.
CATEGORIES: dict[str, tuple[Category, ...]] = {
    # CDCR 53060.4(a)(1)-(5)
    CDCR: (
        Category("escaped_incarcerated_person", "Locating a person who escaped CDCR custody"),
        Category("absconded_parolee", "Locating a supervised person who absconded parole"),
        Category("crime_suspect", "Identifying and locating a suspect in a crime"),
        Category("wanted_person", "Locating a wanted person"),
        Category("internal_staff_investigation", "Internal staff investigation"),
    ),
    # DOJ 429.3 (enforcement of California and federal criminal law) and 429.1 (DLE, DMFEA)
    DOJ: (
        Category("criminal_investigation", "Criminal investigation"),
        Category("medi_cal_fraud_elder_abuse", "Medi-Cal fraud or elder abuse investigation"),
        Category("wanted_person", "Locating a wanted person"),
        Category("missing_person", "Locating a missing person"),
    ),
    # GO 5.42 A.4 (a)-(i), the policy statement (missing persons) and A.6 (partial plates)
    COUNTY_SHERIFF: (
        Category("stolen_wanted_vehicle", "Stolen or wanted vehicle"),
        Category("wanted_felon", "Wanted felon"),
        Category("bolo", "Be on the lookout (BOLO/BOLF)"),
        Category("amber_alert", "AMBER Alert"),
        Category("blue_alert", "Blue Alert"),
        Category("silver_alert", "Silver Alert"),
        Category("yellow_alert", "Yellow Alert"),
        Category("surveillance_investigation", "Surveillance and investigation"),
        Category("grid_search", "Grid search around a crime scene"),
        Category("partial_plate_major_crime", "Partial plate from a major crime"),
        Category("missing_person", "Missing person investigation"),
    ),
    # City 2.455.15, 2.455.25, 2.455.35
    CITY_POLICE: (
        Category("criminal_investigation", "A specific criminal investigation"),
        Category("crime_scene_canvass", "Canvass around a crime scene"),
        Category("wanted_or_alert_vehicle", "Wanted vehicle or AMBER (or similar) alert"),
        Category("administrative_action", "An administrative action of the department"),
        Category("civil_action", "A civil action related to the department"),
        Category(TRAINING, "Department-approved training"),
    ),
}

SYSTEM_SUPPORT_CATEGORY = Category(SYSTEM_SUPPORT, "System support (administrator)")


def purpose_categories(
    profile: PurposeProfile, *, by_administrator: bool = False
) -> list[Category]:
    """The categories a searcher of this agency may choose; administrators also get system
    support (CDCR 53060.5(c)(3)(A): administrative access only for support duties or 53060.4)."""
    categories = list(CATEGORIES.get(profile.mode, ()))
    if by_administrator:
        categories.append(SYSTEM_SUPPORT_CATEGORY)
    return categories


def check_purpose(purpose: Purpose, profile: PurposeProfile) -> list[Violation]:
    """Every violation of the purpose given for a search, in field order (case number, category,
    justification, on behalf of). An empty list means the purpose may be recorded and run."""
    words = word_lists(profile.word_overrides)
    text = PurposeText(purpose.justification, words, case_number=purpose.case_number)
    category = purpose.purpose_category.strip()
    return [
        *_case_number_violations(purpose, profile, text, category),
        *_category_violations(purpose, profile, category),
        *_justification_violations(purpose, profile, text),
        *_on_behalf_of_violations(purpose, profile),
    ]


def check_disclosure_purpose(
    purpose_text: str, need_text: str, profile: PurposeProfile
) -> list[Violation]:
    """The purpose and need documented for an ad-hoc disclosure (DOJ 429.7; 53060.10) checked
    with the same prohibitions as a search: fields "purpose" and "need"."""
    words = word_lists(profile.word_overrides)
    violations = []
    for field_name, raw in (("purpose", purpose_text), ("need", need_text)):
        text = PurposeText(raw, words)
        if text.is_empty or text.is_vague():
            violations.append(_violation(JUSTIFICATION_TOO_VAGUE, field_name, profile))
        violations.extend(_prohibited(text, field_name, profile))
    return violations


# --- case number ---------------------------------------------------------------------------


def _case_number_violations(purpose, profile, text, category):
    case_number = purpose.case_number.strip()
    if case_number:
        if _is_forbidden_identifier(case_number, profile):
            return [_violation(IDENTIFIER_ALONE, CASE_NUMBER, profile)]
        if not _matches_format(case_number, profile):
            return [_violation(CASE_NUMBER_FORMAT, CASE_NUMBER, profile)]
        return []
    if _case_number_optional(purpose, profile, text, category):
        return []
    return [_violation(CASE_NUMBER_REQUIRED, CASE_NUMBER, profile)]


def _case_number_optional(purpose, profile, text, category) -> bool:
    if purpose.by_administrator and category == SYSTEM_SUPPORT:
        return True  # 53060.5(c)(3)(A): support work has no investigation to number
    if profile.mode == COUNTY_SHERIFF:
        return True  # GO 5.42 A.9: "case number and/or specific reason"
    if profile.mode == CITY_POLICE:
        return category == TRAINING  # 2.455.35: department-approved training has no case
    if profile.mode == DOJ:
        # 429.4: a case number, the code section investigated and/or the target's last name.
        return text.has_code_section() or text.names_a_target()
    return False  # CDCR 53060.7(b)(4), (6), and any mode we do not know: fail closed


def _matches_format(case_number: str, profile: PurposeProfile) -> bool:
    try:
        return case_number_matches(profile.case_number_pattern, case_number)
    except CasePatternError:
        return False  # a broken division pattern refuses rather than admits


def _is_forbidden_identifier(value: str, profile: PurposeProfile) -> bool:
    for identifier in profile.forbidden_identifiers:
        try:
            if case_number_matches(identifier.get("pattern", ""), value):
                return True
        except CasePatternError:
            continue
    return False


# --- category ------------------------------------------------------------------------------


def _category_violations(purpose, profile, category):
    if not category:
        return [_violation(PURPOSE_CATEGORY_REQUIRED, PURPOSE_CATEGORY, profile)]
    allowed = {
        c.code for c in purpose_categories(profile, by_administrator=purpose.by_administrator)
    }
    if category not in allowed:
        return [_violation(PURPOSE_CATEGORY_UNKNOWN, PURPOSE_CATEGORY, profile)]
    return []


# --- justification -------------------------------------------------------------------------


def _justification_violations(purpose, profile, text):
    violations = []
    if text.is_empty:
        case_number = purpose.case_number.strip()
        county_with_case = (
            profile.mode == COUNTY_SHERIFF
            and case_number
            and _matches_format(case_number, profile)
            and not _is_forbidden_identifier(case_number, profile)
        )
        if not county_with_case:
            violations.append(_violation(JUSTIFICATION_TOO_VAGUE, JUSTIFICATION, profile))
        return violations
    identifiers = [
        t
        for t in text.raw_tokens()
        # "VC10851" looks like a CDCR number but names a code section.
        if _is_forbidden_identifier(t, profile) and not text.is_code_section(t)
    ]
    if identifiers and not text.has_content(ignore=identifiers):
        violations.append(_violation(IDENTIFIER_ALONE, JUSTIFICATION, profile))
    elif text.is_vague():
        violations.append(_violation(JUSTIFICATION_TOO_VAGUE, JUSTIFICATION, profile))
    if (identifiers and text.has_content(ignore=identifiers)) or text.has_personal_information():
        violations.append(_violation(PII_IN_JUSTIFICATION, JUSTIFICATION, profile))
    if text.has(text.words["criminal_history"]):
        violations.append(_violation(CRIMINAL_HISTORY_IN_JUSTIFICATION, JUSTIFICATION, profile))
    if text.has(text.words["clets"]):
        violations.append(_violation(CLETS_IN_JUSTIFICATION, JUSTIFICATION, profile))
    violations.extend(_prohibited(text, JUSTIFICATION, profile))
    return violations


def _prohibited(text, field_name, profile):
    violations = []
    if text.mentions_immigration():
        violations.append(_violation(PROHIBITED_PURPOSE_IMMIGRATION, field_name, profile))
    if text.mentions_reproductive_health():
        violations.append(_violation(PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH, field_name, profile))
    if text.premised_on_protected_activity_or_trait():
        violations.append(_violation(PROTECTED_ACTIVITY_OR_TRAIT, field_name, profile))
    if text.gives_personal_reason():
        violations.append(_violation(PERSONAL_USE, field_name, profile))
    return violations


# --- on behalf of --------------------------------------------------------------------------


def _on_behalf_of_violations(purpose, profile):
    if profile.requires_on_behalf_of and not purpose.on_behalf_of.strip():
        return [_violation(ON_BEHALF_OF_REQUIRED, ON_BEHALF_OF, profile)]
    return []


# --- messages ------------------------------------------------------------------------------


def _violation(code: str, field_name: str, profile: PurposeProfile) -> Violation:
    return Violation(code, field_name, _message(code, profile))


def _message(code: str, profile: PurposeProfile) -> str:
    example = profile.case_number_example
    if code == CASE_NUMBER_REQUIRED and profile.mode == DOJ:
        return (
            "Give the case number, or name in the justification the code section investigated "
            "(for example PC 459) or the target's last name (for example: suspect Alvarez)."
        )
    if code == CASE_NUMBER_REQUIRED and profile.mode == CITY_POLICE:
        return f"Give the case number of the investigation or action, like {example}."
    messages = {
        CASE_NUMBER_REQUIRED: f"Give your division's case number for this investigation, like {example}.",
        CASE_NUMBER_FORMAT: f"This is not in your division's case-number format. It should look like {example}.",
        IDENTIFIER_ALONE: f"A person's identifier (such as a CDCR number) is not a case number. Give the case number of the investigation, like {example}.",
        PURPOSE_CATEGORY_REQUIRED: "Choose the purpose of this search.",
        PURPOSE_CATEGORY_UNKNOWN: "Choose one of the purposes your agency allows.",
        JUSTIFICATION_TOO_VAGUE: "Say what this search is for: the offence or matter and what you are looking for, not just 'investigation', 'follow up' or a case number.",
        PII_IN_JUSTIFICATION: "Remove personal details: no dates of birth, SSN, licence, CII/FBI or other ID numbers, phone numbers, street addresses (use the hundred block), e-mail addresses or full names. A suspect's last name alone is allowed.",
        CRIMINAL_HISTORY_IN_JUSTIFICATION: "Remove criminal history (prior arrests, convictions, records) from the justification.",
        CLETS_IN_JUSTIFICATION: "Remove information obtained through CLETS (DMV returns, NCIC, registered-owner details) from the justification.",
        PROHIBITED_PURPOSE_IMMIGRATION: "ALPR data may not be used for immigration enforcement or to assist federal immigration agencies.",
        PROHIBITED_PURPOSE_REPRODUCTIVE_HEALTH: "ALPR data may not be used to investigate reproductive health care (Penal Code 13778.2).",
        PROTECTED_ACTIVITY_OR_TRAIT: "A search may not be premised on a protest or other First Amendment activity, or on race, ethnicity, national origin or religion. Describe the specific offence and the suspect instead.",
        PERSONAL_USE: "ALPR data may be used only for official purposes, never for personal reasons.",
        ON_BEHALF_OF_REQUIRED: "Name the employee this search is for.",
    }
    return messages[code]
