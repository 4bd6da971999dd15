"""Vendor formats (issue 12): one module per vendor, each a pure `parse(body, context)` that
turns what the vendor's device posts into reads of our own shape (camera_ingest/rules.py
check_read validates them), a heartbeat, or an acknowledged event without a plate.

No database and no settings here: tests/camera_ingest/test_vendor_*.py run them without one.
"""

from camera_ingest.vendors import (
    axis,
    frigate,
    genetec,
    hikvision,
    openalpr,
    platerecognizer,
    survision,
    verkada,
)

PARSERS = {
    "openalpr": openalpr.parse,
    "platerecognizer": platerecognizer.parse,
    "genetec": genetec.parse,
    "axis": axis.parse,
    "hikvision": hikvision.parse,
    "verkada": verkada.parse,
    "survision": survision.parse,
    "frigate": frigate.parse,
}
