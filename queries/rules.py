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

Word lists live in queries/purpose_words.py; docs/policy-mapping.md ("Purpose rules") explains
each rule, its clause and its test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accounts.case_numbers import CasePatternError, case_number_matches
from alpr_governance.violations import Violation
from queries.purpose_words import AGENCY_ACRONYMS, MISSPELLING_ROOTS, WordLists, word_lists

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
    text = _Text(purpose.justification, words, case_number=purpose.case_number)
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
        text = _Text(raw, words)
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
        if _is_forbidden_identifier(t, profile) and not _CODE_SECTION.fullmatch(t.lower())
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


# --- reading the text ----------------------------------------------------------------------

# "I.C.E." and "D.O.B." read as the words "ICE" and "DOB".
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}[A-Za-z]?\.?")
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_CODE_SECTION = re.compile(
    r"(?:\b(?:pc|vc|hs|h&s|hsc|bp|b&p|wi|w&i|gc|usc|ccr)\s*§?\s*\d{2,6}(?:\.\d+)*(?:\([a-z0-9]+\))*)"
    r"|(?:\b\d{2,6}(?:\.\d+)*(?:\([a-z0-9]+\))*\s*(?:pc|vc|hs|h&s|hsc|bp|b&p|w&i|wi|gc|usc|ccr)\b)"
    r"|(?:§\s*\d+)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_PHONE = re.compile(r"(?<![\d-])(?:\+?1[\s.-])?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d-])")
_PHONE_WORD = re.compile(r"\b(?:phone|cell|tel|telephone|mobile|ph)\b\W{0,4}\(?\d{3}", re.I)
_ID_NUMBER = re.compile(
    r"\b(?:cii|fbi|sid|cdcr?|booking|bkg)\s*(?:#|no\b|num\b|number\b|nbr\b)", re.I
)
# A house number and street: "1234 W Elm Street". A number ending in 00 is a hundred block
# ("1200 Main St"), which locates a scene without locating a home, so it is allowed.
_STREET_ADDRESS = re.compile(
    r"(?<![\d-])(\d{1,6})\s+(?:[NSEW]\.?\s+)?(?:[A-Za-z][A-Za-z0-9']*\s+){1,3}"
    r"(?:st|street|ave|avenue|blvd|boulevard|rd|road|dr|drive|ln|lane|ct|court|way|pl|place"
    r"|cir|circle|pkwy|parkway|ter|terrace|hwy|highway|path|trail|trl|loop|sq|square|plaza|plz"
    r"|alley|aly|crescent|cres)\b"
    # "DR 24-16748" is a report number and "st 26" a station, not a street.
    r"(?!\s*#?\s*\d)",
    re.I,
)
_SUSPECT_REFERENCE = re.compile(
    r"\b(?:suspect|susp|target|subject|subj|last name|surname)\b\W{0,3}([A-Za-z][A-Za-z'-]+)",
    re.I,
)
_LAST_FIRST = re.compile(r"\b([A-Za-z][A-Za-z'-]+),\s*([A-Za-z]+)\b")
_CODE_TOKEN = re.compile(r"^(\d{2,5})[a-z]{0,2}$")
# A masked word ("g*psy"): the mask stands for one or two letters.
_MASKED = re.compile(r"\b[a-z]+[*#@$%]+[a-z]+\b")


class _Text:
    """A justification, split into whole words once and asked questions by the rules."""

    def __init__(self, raw: str, words: WordLists, *, case_number: str = ""):
        self.raw = (raw or "").strip()
        self.words = words
        case_number = (case_number or "").strip()
        # The case number repeated in the justification says nothing more.
        text = self.raw
        if case_number:
            text = re.sub(re.escape(case_number), " ", text, flags=re.I)
        self.text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
        self.original = [m.group(0) for m in _TOKEN.finditer(self.text)]
        self.lower = [w.lower() for w in self.original]
        self.case_tokens = {w.lower() for w in _TOKEN.findall(case_number)}
        self._found: dict[str, list[tuple[int, int]]] = {}

    @property
    def is_empty(self) -> bool:
        return not self.raw

    def raw_tokens(self) -> list[str]:
        return [t.strip(".,;:()[]\"'") for t in self.raw.split()]

    def has(self, word_list) -> bool:
        return bool(self.find(word_list))

    def find(self, word_list) -> list[tuple[int, int]]:
        # Several rules ask about the same list; the text is read once per list.
        if word_list.name not in self._found:
            self._found[word_list.name] = word_list.find(self.lower)
        return self._found[word_list.name]

    def has_code_section(self) -> bool:
        return bool(_CODE_SECTION.search(self.text.lower()))

    def has_offence_code(self) -> bool:
        """A well-known code section named by its number alone: "459", "211pc", "10851"."""
        codes = self.words["offence_codes"]
        for word in self.lower:
            match = _CODE_TOKEN.match(word)
            if match and codes.matches_word(match.group(1)) and word not in self.case_tokens:
                return True
        return False

    def is_vague_word(self, word: str) -> bool:
        if self.words["vague"].matches_word(word):
            return True
        return len(word) >= 6 and any(
            word[0] == root[0] and _edit_distance(word, root, limit) <= limit
            for root, limit in MISSPELLING_ROOTS["vague"]
        )

    def names_a_target(self) -> bool:
        for match in _SUSPECT_REFERENCE.finditer(self.text):
            name = match.group(1).lower()
            if not self._is_common_word(name):
                return True
        return False

    def _is_common_word(self, word: str) -> bool:
        return any(
            self.words[name].matches_word(word)
            for name in (
                "vague",
                "offence",
                "suspect_markers",
                "not_surnames",
                "criminal_history",
                "protected_trait",
                "place_prefixes",
            )
        ) or self.is_vague_word(word)

    def has_content(self, *, ignore=()) -> bool:
        """Whether any word says something: not a filler word, not a number or reference, not
        the case number; four letters at least, or a code section."""
        if self.has_code_section() or self.has_offence_code() or self.has(self.words["offence"]):
            return True  # "DUI", "GTA", "hit and run": short or common words, but an offence
        ignored = {w.lower() for i in ignore for w in _TOKEN.findall(i)}
        covered = set()
        for start, end in self.find(self.words["vague"]):
            covered.update(range(start, end))
        letters = 0
        for i, word in enumerate(self.lower):
            if i in covered or word in ignored or word in self.case_tokens:
                continue
            if self.is_vague_word(word):
                continue
            if any(c.isdigit() for c in word):
                continue  # a number, plate or reference explains nothing by itself
            letters += len(word)
        return letters >= 4

    def is_vague(self) -> bool:
        return not self.has_content()

    def content_words(self) -> list[str]:
        covered = set()
        for start, end in self.find(self.words["vague"]):
            covered.update(range(start, end))
        return [
            w
            for i, w in enumerate(self.lower)
            if i not in covered and not self.is_vague_word(w) and not any(c.isdigit() for c in w)
        ]

    def gives_personal_reason(self) -> bool:
        if self.has(self.words["personal_use"]):
            return True
        content = self.content_words()
        alone = self.words["personal_alone"]
        return bool(content) and all(alone.matches_word(w) for w in content)

    def has_personal_information(self) -> bool:
        text = self.text
        if _EMAIL.search(text) or _SSN.search(text) or _PHONE.search(text):
            return True
        if _PHONE_WORD.search(text) or _ID_NUMBER.search(text):
            return True
        if any(int(m.group(1)) % 100 for m in _STREET_ADDRESS.finditer(text)):
            return True
        if self.has(self.words["pii"]):
            return True
        return self._has_full_name()

    def _has_full_name(self) -> bool:
        given = self.words["given_names"]
        places = self.words["place_prefixes"]
        for i, word in enumerate(self.lower):
            if not given.matches_word(word):
                continue
            if i > 0 and places.matches_word(self.lower[i - 1]):
                continue
            following = list(range(i + 1, min(i + 3, len(self.lower))))
            # Skip a middle initial: "Maria L. Ortega".
            if following and len(self.lower[following[0]]) == 1 and len(following) > 1:
                following = following[1:]
            if not following:
                continue
            j = following[0]
            surname = self.original[j]
            if (
                surname.isalpha()
                and len(surname) >= 3
                and not self._is_common_word(surname.lower())
            ):
                return True
        for match in _LAST_FIRST.finditer(self.text):
            last, first = match.group(1).lower(), match.group(2).lower()
            if given.matches_word(first) and not self._is_common_word(last):
                return True
        return False

    def mentions_immigration(self) -> bool:
        immigration = self.words["immigration"]
        other_senses = self.words["ice_other_senses"]
        impersonation = self.has(self.words["agency_impersonation"])
        for start, end in self.find(immigration):
            if impersonation and end - start == 1 and self.lower[start] in AGENCY_ACRONYMS:
                continue
            if self.lower[start:end] == ["ice"]:
                near = self.lower[max(0, start - 2) : start] + self.lower[end : end + 2]
                if any(other_senses.matches_word(w) for w in near):
                    continue
            return True
        return self._misspelled(MISSPELLING_ROOTS["immigration"])

    def mentions_reproductive_health(self) -> bool:
        """A search for reproductive health care, its patients or providers (53060.4(d); Penal
        Code 13778.2) — but not one for whoever attacked them, named as an attack with a suspect
        or victim ("threats against clinic staff, suspect vehicle seen")."""
        named = self.has(self.words["reproductive_health"]) or self._misspelled(
            MISSPELLING_ROOTS["reproductive_health"]
        )
        if not named:
            return False
        attack = self.has(self.words["attacks"])
        return not (attack and self.has(self.words["suspect_markers"]))

    def _misspelled(self, roots) -> bool:
        for word in self.lower:
            if len(word) < 6:
                continue
            for root, distance in roots:
                if word[0] == root[0] and _edit_distance(word, root, distance) <= distance:
                    return True
        return False

    def premised_on_protected_activity_or_trait(self) -> bool:
        """A protest or other First Amendment activity, or race, ethnicity, national origin or
        religion, is the premise when the text names the people sought by it (attendees,
        protesters, members); an activity also when no offence is named, a trait also when it
        describes no specific person (suspect, witness's description, victim).
        "Suspect described as Hispanic male, 30s, red Civic" stays allowed."""
        activity = self.has(self.words["protected_activity"])
        if self.has(self.words["slurs"]) or self._has_masked(self.words["slurs"]):
            return True  # a slur describes no suspect
        trait = self.has(self.words["protected_trait"]) or self._has_masked(
            self.words["protected_trait"]
        )
        if not activity and not trait:
            return False
        if self._names_people_by_premise():
            return True
        offence = (
            self.has(self.words["offence"]) or self.has_code_section() or self.has_offence_code()
        )
        if activity:
            # A protest is never a reason by itself; only an offence committed there is.
            return not offence
        # Race, ethnicity, national origin or religion may describe a specific person (a suspect,
        # a witness's account, a victim), never a kind of crime ("<nationality> burglary crew").
        return not self.has(self.words["suspect_markers"])

    def _names_people_by_premise(self) -> bool:
        victim = self.words["victim_context"]
        for start, _end in self.find(self.words["premise"]):
            before = self.lower[max(0, start - 4) : start]
            if not any(victim.matches_word(w) for w in before):
                return True
        return False

    def _has_masked(self, word_list) -> bool:
        masked = _MASKED.findall(self.text.lower())
        if not masked:
            return False
        traits = word_list.single_words()
        for word in masked:
            pattern = re.compile(re.sub(r"[*#@$%]+", "[a-z]{1,2}", word) + "$")
            if any(pattern.match(trait) for trait in traits):
                return True
        return False


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters counts once), stopping early
    past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[len(b)]
