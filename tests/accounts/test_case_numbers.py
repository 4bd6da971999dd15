"""Case-number formats (53060.7(b)(6)): one place refuses formats that check nothing, and RE2
matches them in linear time (issue 9 item 6)."""

import pytest

from accounts import case_numbers
from accounts.case_numbers import case_example_problem, case_number_matches, case_pattern_problem
from accounts.presets import PRESETS


@pytest.mark.parametrize(
    "pattern",
    [
        ".*",
        ".+",
        r"[\s\S]*",
        r"\w*",
        r"\w+",
        "(?s).*",
        ".{0,60}",
        r"[^\n]+",
        r"\d*",
        r"\d+",  # "0" is not a case number
        "[A-Z0-9-]{4,20}",  # "INVESTIGATION" would pass
        "x?",
        "^$",
        "",
        "   ",
    ],
)
def test_a_format_that_accepts_anything_or_nothing_is_refused(pattern):
    assert case_pattern_problem(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a)\1",  # back-reference: RE2 has none
        "(?=CR)CR-1",  # look-ahead
        "(unclosed",
        r"(\d{1,100}){1,100}",  # repetition past RE2's bound
    ],
)
def test_a_pattern_re2_cannot_compile_is_refused_with_its_reason(pattern):
    problem = case_pattern_problem(pattern)
    assert problem is not None
    assert problem.startswith("Not a valid pattern")


def test_an_over_long_pattern_is_refused():
    pattern = "^CR-" + r"\d" * case_numbers.MAX_PATTERN_LENGTH + "$"
    assert "at most" in case_pattern_problem(pattern)


@pytest.mark.parametrize(
    ("pattern", "example"),
    [
        (division.case_number_pattern, division.case_number_example)
        for preset in PRESETS.values()
        for division in preset.divisions
    ],
)
def test_every_preset_division_format_is_accepted_and_its_example_matches(pattern, example):
    assert case_pattern_problem(pattern) is None
    assert case_example_problem(pattern, example) is None


def test_an_example_outside_the_format_is_named():
    assert case_example_problem(r"^\d{2}-\d{6}$", "2026-1") is not None
    assert case_example_problem(r"^\d{2}-\d{6}$", "26-004512") is None


def test_a_case_number_must_match_whole_not_in_part():
    assert case_number_matches(r"\d{2}-\d{6}", "26-004512")
    assert not case_number_matches(r"\d{2}-\d{6}", "see 26-004512 and more")


def test_the_nested_quantifier_pattern_is_matched_by_re2_without_backtracking():
    """(a+)+$ backtracks exponentially in Python's re; RE2 compiles it to an automaton."""
    compiled = case_numbers.compile_case_pattern("(a+)+$")
    assert type(compiled).__module__.startswith("re2")
    assert not case_number_matches("(a+)+$", "a" * 50_000 + "!")
    assert case_number_matches("(a+)+$", "a" * 50_000)


def test_the_probe_set_holds_the_empty_string_placeholders_and_random_text():
    assert "" in case_numbers.PROBES
    assert "INVESTIGATION" in case_numbers.PROBES
    assert len(case_numbers.PROBES) >= 40
