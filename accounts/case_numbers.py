"""Case-number patterns (53060.7(b)(6)): each division's format, checked once when it is set and
matched in linear time on every search.

Patterns are regular expressions typed by an agency administrator and matched on every search, so
they run on RE2 (no backtracking: a hostile or careless pattern such as `(a+)+$` cannot stall a
request). A pattern that accepts an empty case number, or anything at all (`.*`, `.+`, `\\w*`),
would make the clause meaningless, so `case_pattern_problem` refuses it, along with patterns RE2
cannot compile (back-references, look-arounds) and over-long ones."""

import random
import string
from functools import lru_cache

import re2

# The Division column holds 200 characters; a real format is a few dozen.
MAX_PATTERN_LENGTH = 200
# RE2's compiled program size: a bounded-repetition bomb such as `(\d{1,100}){1,100}` compiles to
# a huge program (memory and time on every search) while staying short to type.
MAX_PROGRAM_SIZE = 1_000

# Things that are not case numbers. A format that accepts any of them does not tell a case
# number from a word, so it checks nothing. Fixed-seed random strings stand for "anything".
_WORD_PROBES = (
    "",
    " ",
    "x",
    "X",
    "0",
    "-",
    "?",
    "INVESTIGATION",
    "investigation",
    "N/A",
    "none",
    "unknown",
    "test case",
)
_rng = random.Random(53060)
_ALPHABET = string.ascii_letters + string.digits + string.punctuation + " "
_RANDOM_PROBES = tuple(
    "".join(_rng.choice(_ALPHABET) for _ in range(_rng.randint(1, 40))) for _ in range(40)
)
PROBES = _WORD_PROBES + _RANDOM_PROBES


class CasePatternError(ValueError):
    pass


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a refused pattern is answered on the form, not logged to stderr


@lru_cache(maxsize=256)
def compile_case_pattern(pattern: str):
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise CasePatternError(f"Not a valid pattern: {detail}") from exc


def case_number_matches(pattern: str, case_number: str) -> bool:
    """Whether the whole of `case_number` is in the division's format."""
    return compile_case_pattern(pattern).fullmatch(case_number) is not None


def case_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be a division's case-number format (53060.7(b)(6)), or None.

    Refused: empty or over-long patterns, what RE2 cannot compile, huge compiled programs, and
    patterns that accept an empty case number, a placeholder word or random text."""
    if not pattern or not pattern.strip():
        return "Enter the pattern of the division's case numbers."
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"A pattern is at most {MAX_PATTERN_LENGTH} characters."
    try:
        compiled = compile_case_pattern(pattern)
    except CasePatternError as exc:
        return (
            f"{exc}. Look-arounds and back-references are not supported; use classes, groups "
            "and counts such as ^\\d{2}-\\d{6}$."
        )
    if compiled.programsize > MAX_PROGRAM_SIZE:
        return "The pattern is too complex; use smaller repetition counts."
    if compiled.fullmatch("") is not None:
        return "The pattern accepts an empty case number; a case number must be required."
    accepted = next((probe for probe in PROBES if compiled.fullmatch(probe) is not None), None)
    if accepted is not None:
        return (
            f"The pattern accepts {accepted!r}, which is not a case number: it would let any "
            "text through. Describe the division's own format, e.g. ^\\d{2}-\\d{6}$."
        )
    return None


def case_example_problem(pattern: str, example: str) -> str | None:
    """Why `example` cannot be shown as the format's example, or None."""
    if case_pattern_problem(pattern) is not None:
        return None  # the pattern's own message says what to fix first
    if not case_number_matches(pattern, example):
        return "The example does not match the case-number pattern."
    return None


# Case numbers as agencies write them, and near misses (a plate, a word, a report number inside
# a sentence): the division settings page shows which of these the pattern accepts and which it
# refuses, so a format is judged on examples, not on reading the expression.
SAMPLE_CASE_NUMBERS = (
    "26-118342",
    "2026-000123",
    "INV-26-00418",
    "P-26-00001",
    "CR26-1234",
    "26118342",
    "26-1183",
    "8ABC123",
    "report 26-118342",
    "N/A",
)


def case_number_samples(pattern: str, *extra: str) -> tuple[list[str], list[str]]:
    """(accepted, refused): `extra` (the division's example, a number tried) and the samples,
    split by whether the pattern takes them whole. Empty lists for a pattern that is refused."""
    if case_pattern_problem(pattern) is not None:
        return [], []
    accepted, refused = [], []
    for candidate in dict.fromkeys(c for c in (*extra, *SAMPLE_CASE_NUMBERS) if c):
        (accepted if case_number_matches(pattern, candidate) else refused).append(candidate)
    return accepted, refused
