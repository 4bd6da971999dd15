"""Shapes of the isolation tables in tests/<app>/isolation_cases.py (see tests/test_isolation.py)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListCase:
    """A list route: `make(world)` creates agency A's object and returns text that shows it on the
    page; `viewer` (a World attribute) must see it. `agency_wide`: every administrator of the
    agency may see it, so only agency B's people are tried."""

    make: Callable
    viewer: str
    agency_wide: bool = False
