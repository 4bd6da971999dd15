"""The word lists the purpose rules read (queries/rules.py), in one place: lists.py holds them,
matching.py matches them, text.py reads a justification with them.

Each list is a tuple of phrases. A phrase is matched word by word on whole words (never on letters
inside a word: "police" never contains "ice"), after the text is split the same way: lower case,
letters and digits only, so "HSI/ERO" is the two words "hsi ero" and "n/a" is "n a". A word that
ends in "*" matches any word it begins ("protest*" matches "protesters").

An agency adjusts the lists through Agency.purpose_word_overrides:
    {"vague": ["siu"], "-vague": ["lead"]}
A list name adds phrases to that list; the same name with a leading "-" removes default phrases.
The lists that carry a legal prohibition (LOCKED_LISTS) can be extended but never shortened: an
agency cannot opt out of 53060.4(c)-(d) or Penal Code 13778.2.
"""

from queries.purpose_words.lists import (
    AGENCY_ACRONYMS,
    DEFAULT_WORDS,
    LOCKED_LISTS,
    MISSPELLING_ROOTS,
)
from queries.purpose_words.matching import (
    WordList,
    WordLists,
    override_errors,
    phrase_words,
    word_lists,
)
from queries.purpose_words.text import PurposeText

__all__ = [
    "AGENCY_ACRONYMS",
    "DEFAULT_WORDS",
    "LOCKED_LISTS",
    "MISSPELLING_ROOTS",
    "PurposeText",
    "WordList",
    "WordLists",
    "override_errors",
    "phrase_words",
    "word_lists",
]
