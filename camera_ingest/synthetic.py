"""Realistic synthetic reads for the demo and the benchmark: plate formats of several states,
vehicles that come back, many cameras, timestamps over a span."""

import random
import string
from collections.abc import Iterator
from datetime import datetime, timedelta

from camera_ingest.rules import ValidRead

L, D = string.ascii_uppercase, string.digits
# (region, pattern, weight): L letter, D digit. California dominates, neighbours follow.
PLATE_FORMATS = (
    ("US-CA", "DLLLDDD", 62),
    ("US-CA", "DLLDDDD", 6),  # commercial
    ("US-NV", "DDDLDD", 5),
    ("US-AZ", "LLLDDDD", 5),
    ("US-OR", "DDDLLL", 4),
    ("US-TX", "LLLDDDD", 4),
    ("US-WA", "LLLDDDD", 3),
    ("MX-BCN", "LLLDDDD", 3),
    ("US-NY", "LLLDDDD", 3),
    ("CA-ON", "LLLLDDD", 2),
    ("US-FL", "LLLDLL", 2),
    ("US-UT", "LDDDLL", 1),
)
VEHICLES = (
    {"make": "Toyota", "model": "Camry", "color": "silver", "type": "sedan"},
    {"make": "Honda", "model": "Civic", "color": "black", "type": "sedan"},
    {"make": "Ford", "model": "F-150", "color": "white", "type": "pickup"},
    {"make": "Tesla", "model": "Model 3", "color": "white", "type": "sedan"},
    {"make": "Chevrolet", "model": "Silverado", "color": "gray", "type": "pickup"},
    {"make": "Nissan", "model": "Altima", "color": "blue", "type": "sedan"},
)


def _plate(rng: random.Random) -> tuple[str, str]:
    region, pattern, _ = rng.choices(PLATE_FORMATS, weights=[f[2] for f in PLATE_FORMATS])[0]
    return "".join(rng.choice(L if c == "L" else D) for c in pattern), region


class Fleet:
    """Vehicles seen again and again: a few regulars, many passing once."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        self.vehicles = [_plate(rng) for _ in range(size)]

    def pick(self) -> tuple[str, str]:
        # Squaring a uniform draw favours the low indices: the regulars of the area.
        index = int(self.rng.random() ** 2 * len(self.vehicles))
        return self.vehicles[index]


def reads(
    *,
    count: int,
    cameras: list[tuple[int, float, float]],
    start: datetime,
    end: datetime,
    seed: int = 1,
    event_prefix: str = "syn",
) -> Iterator[tuple[int, ValidRead]]:
    """Yield (camera id, read) pairs, in time order, spread over [start, end)."""
    rng = random.Random(seed)
    fleet = Fleet(rng, max(1000, count // 8))
    span = (end - start).total_seconds()
    for number in range(count):
        camera_id, latitude, longitude = cameras[rng.randrange(len(cameras))]
        plate, region = fleet.pick()
        yield (
            camera_id,
            ValidRead(
                event_id=f"{event_prefix}-{number}",
                plate=plate,
                plate_raw=None,
                candidates=None,
                region=region,
                # Reads arrive in time order, as a camera network sends them.
                seen_at=start + timedelta(seconds=span * (number + rng.random()) / count),
                latitude=latitude + rng.uniform(-0.0004, 0.0004),
                longitude=longitude + rng.uniform(-0.0004, 0.0004),
                confidence=round(rng.uniform(0.6, 0.99), 2),
                vehicle=rng.choice(VEHICLES) if rng.random() < 0.3 else None,
            ),
        )
