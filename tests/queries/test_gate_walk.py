"""The gate cannot be skipped: walk the URLconf, never a hand-kept list of routes.

A route must pass the gate (accounts.services.gate: `alpr_gate` or `AlprGate`) when it lives
among the ALPR-data routes (the search app, its API, legal holds) unless it is marked
`gate_exempt(reason)`, and wherever it lives when its view reaches the read store or the search
services (its source names one of READ_ENTRY_POINTS)."""

import inspect
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.services.gate import gate_exemption, is_gated

ALPR_DATA_NAMESPACES = ("queries:", "api:queries_api:", "camera_ingest:hold")
READ_ENTRY_POINTS = re.compile(
    r"\b(reads_for|read_get_for|read_open|read_photo_open|search_run|search_continue|"
    r"search_hits_again|held_reads_for|legal_hold_place|reads_matching|PlateRead)\b"
)


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _source(callback) -> str:
    target = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    target = inspect.unwrap(target)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


ROUTES = sorted(
    (name, callback) for name, callback in _walk(get_resolver()) if not name.startswith("admin:")
)


def reaches_reads(callback) -> bool:
    return bool(READ_ENTRY_POINTS.search(_source(callback)))


def among_alpr_routes(name: str) -> bool:
    return name.startswith(ALPR_DATA_NAMESPACES)


def test_the_walk_finds_the_search_api_and_the_holds():
    names = {name for name, _ in ROUTES}
    assert {
        "api:queries_api:searches",
        "api:queries_api:read_photo",
        "camera_ingest:hold_create",
        "camera_ingest:hold_detail",
    } <= names


@pytest.mark.parametrize(
    ("source", "reaches"),
    [
        ("outcome = services.search_run(actor=request.user, ...)", True),
        ("read = selectors.read_get_for(user=request.user, pk=pk)", True),
        ("reads = selectors.held_reads_for(user=request.user, hold=hold)", True),
        ("cameras = selectors.camera_list_for(user=request.user)", False),
    ],
)
def test_the_walk_tells_read_touching_code(source, reaches):
    assert bool(READ_ENTRY_POINTS.search(source)) is reaches


@pytest.mark.parametrize(("name", "callback"), ROUTES, ids=[name for name, _ in ROUTES])
def test_every_read_touching_route_passes_the_gate(name, callback):
    if is_gated(callback):
        return
    assert not reaches_reads(callback), f"{name} reaches reads without the gate"
    if among_alpr_routes(name):
        assert gate_exemption(callback), f"{name}: gate it, or mark it gate_exempt(reason)"
