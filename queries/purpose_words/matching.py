"""Matching the word lists on whole words, and each agency's lists with its overrides applied."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from queries.purpose_words.lists import DEFAULT_WORDS, LOCKED_LISTS


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the words the rules compare; "*" at the end of a word is kept (prefix match)."""
    return tuple(w for w in re.findall(r"[a-z0-9]+\*?", phrase.lower()) if w)


class WordList:
    """One list, ready to match: phrases indexed by their first word (exact words in a dict,
    prefixes in a tuple), since the live check runs on every keystroke."""

    def __init__(self, name: str, phrases: tuple[tuple[str, ...], ...]):
        self.name = name
        self.phrases = phrases
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._by_prefix: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            first = phrase[0]
            if first.endswith("*"):
                self._by_prefix.setdefault(first[:-1], []).append(phrase)
            else:
                self._by_first.setdefault(first, []).append(phrase)
        self._prefixes = tuple(self._by_prefix)
        self._single = frozenset(p[0] for p in phrases if len(p) == 1 and not p[0].endswith("*"))
        self._single_prefixes = tuple(
            p[0][:-1] for p in phrases if len(p) == 1 and p[0].endswith("*")
        )

    def single_words(self) -> frozenset[str]:
        return self._single

    def matches_word(self, word: str) -> bool:
        return word in self._single or word.startswith(self._single_prefixes)

    def find(self, words: list[str]) -> list[tuple[int, int]]:
        """(start, end) word positions where a phrase of this list stands in `words`."""
        hits = []
        for start, word in enumerate(words):
            candidates = list(self._by_first.get(word, ()))
            if self._prefixes and word.startswith(self._prefixes):
                for prefix, phrases in self._by_prefix.items():
                    if word.startswith(prefix):
                        candidates.extend(phrases)
            for phrase in candidates:
                end = start + len(phrase)
                if end <= len(words) and all(
                    _word_matches(pattern, words[start + i])
                    for i, pattern in enumerate(phrase[1:], start=1)
                ):
                    hits.append((start, end))
        return hits


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


@dataclass(frozen=True)
class WordLists:
    lists: dict

    def __getitem__(self, name: str) -> WordList:
        return self.lists[name]


def override_errors(overrides: object) -> list[str]:
    """What is wrong with an agency's purpose_word_overrides, in words an administrator reads."""
    if not isinstance(overrides, dict):
        return ["Word-list overrides must be an object of list names to lists of words."]
    errors = []
    for key, value in overrides.items():
        name = key[1:] if isinstance(key, str) and key.startswith("-") else key
        if name not in DEFAULT_WORDS:
            errors.append(f"Unknown word list {key!r}; the lists are: {', '.join(DEFAULT_WORDS)}.")
            continue
        if key.startswith("-") and name in LOCKED_LISTS:
            errors.append(f"The {name!r} list carries a legal prohibition and cannot be shortened.")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            errors.append(f"{key!r} must be a list of words or phrases.")
    return errors


def word_lists(overrides: dict | None = None) -> WordLists:
    """The lists with an agency's additions and removals applied (see the module docstring)."""
    key = json.dumps(overrides or {}, sort_keys=True, default=str)
    return _word_lists(key)


@lru_cache(maxsize=64)
def _word_lists(key: str) -> WordLists:
    overrides = json.loads(key)
    if not isinstance(overrides, dict):
        overrides = {}
    built = {}
    for name, defaults in DEFAULT_WORDS.items():
        phrases = [phrase_words(p) for p in defaults]
        added = overrides.get(name)
        if isinstance(added, list):
            phrases += [phrase_words(p) for p in added if isinstance(p, str)]
        removed = overrides.get(f"-{name}")
        if isinstance(removed, list) and name not in LOCKED_LISTS:
            gone = {phrase_words(p) for p in removed if isinstance(p, str)}
            phrases = [p for p in phrases if p not in gone]
        # Longest phrases first, so a match reports the fullest phrase; empty phrases dropped.
        unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
        built[name] = WordList(name, tuple(unique))
    return WordLists(built)
