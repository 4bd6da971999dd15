"""Reading a justification: whole words, code sections, personal information, and the questions
the purpose rules (queries/rules.py) ask of it. Pure: no database, no settings."""

from __future__ import annotations

import re

from queries.purpose_words.lists import AGENCY_ACRONYMS, MISSPELLING_ROOTS
from queries.purpose_words.matching import WordLists

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


class PurposeText:
    """A justification, split into whole words once and asked questions by the rules."""

    def __init__(self, raw: str, words: WordLists, *, case_number: str = ""):
        self.raw = (raw or "").strip()
        self.words = words
        case_number = (case_number or "").strip()
        # The case number repeated in the justification says nothing more.
        text = self.raw
        if case_number:
            # Whole occurrences only: a mistyped one-letter "case number" removes no letters.
            whole = rf"(?<![A-Za-z0-9]){re.escape(case_number)}(?![A-Za-z0-9])"
            text = re.sub(whole, " ", text, flags=re.I)
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

    @staticmethod
    def is_code_section(token: str) -> bool:
        """Whether a whole token names a code section ("VC10851", "459PC")."""
        return bool(_CODE_SECTION.fullmatch(token.lower()))

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
        activity = self._has_protected_activity()
        if self.has(self.words["slurs"]) or self._has_masked(self.words["slurs"]):
            return True  # a slur describes no suspect
        trait = self._has_protected_trait() or self._has_masked(self.words["protected_trait"])
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

    def _has_protected_activity(self) -> bool:
        other_senses = self.has(self.words["demonstration_other_senses"])
        for start, _end in self.find(self.words["protected_activity"]):
            if other_senses and self.lower[start].startswith("demonstration"):
                continue  # a product or system demonstration
            return True
        return False

    def _has_protected_trait(self) -> bool:
        places = self.words["place_nouns"]
        for _start, end in self.find(self.words["protected_trait"]):
            if end < len(self.lower) and places.matches_word(self.lower[end]):
                continue  # "Chinese restaurant": a kind of business, not people
            return True
        return False

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
