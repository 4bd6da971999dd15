"""templates/_field.html ties help and errors to their input (issue 11, build item 10): the ids
Django puts in aria-describedby exist on the page, and an input with errors is aria-invalid."""

import re

from django import forms
from django.template.loader import render_to_string


class CaseForm(forms.Form):
    case_number = forms.CharField(help_text="Your division's case number, e.g. 26-004512.")
    note = forms.CharField(required=False)
    reason = forms.ChoiceField(
        choices=[("evidence", "Evidence"), ("court_order", "Court order")],
        widget=forms.RadioSelect,
        help_text="Why the reads are kept.",
    )


def _render(form) -> str:
    return "".join(render_to_string("_field.html", {"field": field}) for field in form)


def _described_by(html: str, element: str) -> list[str]:
    match = re.search(rf'<{element}[^>]*aria-describedby="([^"]*)"', html)
    assert match, f"no <{element}> with aria-describedby"
    return match.group(1).split()


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_help_text_is_read_with_its_input():
    html = _render(CaseForm(prefix="hold"))
    assert _described_by(html, "input") == ["id_hold-case_number_helptext"]
    assert "id_hold-case_number_helptext" in _ids(html)
    assert "aria-invalid" not in html


def test_errors_are_read_with_their_input_which_is_marked_invalid():
    form = CaseForm(data={"note": "x"}, prefix="hold")
    assert not form.is_valid()
    html = _render(form)
    case_input = re.search(r'<input[^>]*name="hold-case_number"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in case_input
    described = _described_by(case_input, "input")
    assert described == ["id_hold-case_number_helptext", "id_hold-case_number_error"]
    for id_ in described:
        assert id_ in _ids(html), id_
    error = re.search(r'<div class="error" id="id_hold-case_number_error"[^>]*>(.*?)</div>', html)
    assert "This field is required." in error.group(1)


def test_radio_buttons_are_a_fieldset_named_and_described_like_one_input():
    form = CaseForm(data={}, prefix="hold")
    form.is_valid()
    html = _render(form)
    assert "<legend>Reason</legend>" in html
    described = _described_by(html, "fieldset")
    assert described == ["id_hold-reason_helptext", "id_hold-reason_error"]
    for id_ in described:
        assert id_ in _ids(html), id_


def test_two_forms_with_prefixes_share_no_id():
    html = _render(CaseForm(prefix="first")) + _render(CaseForm(prefix="second"))
    ids = _ids(html)
    assert len(ids) == len(set(ids))
