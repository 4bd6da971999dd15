"""Case-number patterns (53060.7(b)(6)): each division's format, matched in linear time.

Patterns are regular expressions typed by an agency administrator and matched on every search, so
they run on RE2 (no backtracking: a hostile or careless pattern cannot stall a request)."""

from functools import lru_cache

import re2


class CasePatternError(ValueError):
    pass


@lru_cache(maxsize=256)
def compile_case_pattern(pattern: str):
    try:
        return re2.compile(pattern)
    except re2.error as exc:
        raise CasePatternError(f"Not a valid pattern: {exc}") from exc


def case_number_matches(pattern: str, case_number: str) -> bool:
    """Whether the whole of `case_number` is in the division's format."""
    return compile_case_pattern(pattern).fullmatch(case_number) is not None
