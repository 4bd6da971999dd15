"""The client's address is read in one function (alpr_governance/client.py) and nowhere else.

Behind Caddy, REMOTE_ADDR is the proxy: code reading it directly would record the proxy, key
rate limits on one shared bucket and apply the agency-network rule (53060.9(a)) to the proxy.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THE_ONE_READER = ROOT / "alpr_governance" / "client.py"
# Reading the address: request.META["REMOTE_ADDR"] / .get(...), the forwarded header through
# META or request.headers. Building a request with REMOTE_ADDR=... (a benchmark) is not reading.
ADDRESS_READS = re.compile(
    r"""META\s*(\.get\(|\[)\s*["'](REMOTE_ADDR|HTTP_X_FORWARDED_FOR)["']"""
    r"""|headers\s*(\.get\(|\[)\s*["']X-Forwarded-For["']""",
    re.IGNORECASE,
)
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "staticfiles", ".git", ".data"}


def _code_lines(path: Path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if ADDRESS_READS.search(line.split("#", 1)[0]):
            yield number, line.strip()


def _readers() -> dict[str, list]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
            continue
        lines = list(_code_lines(path))
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    return found


def test_the_scanner_finds_the_one_reader_it_allows():
    assert "alpr_governance/client.py" in _readers()


def test_the_scanner_tells_a_read_from_building_a_request():
    assert ADDRESS_READS.search('ip = request.META.get("REMOTE_ADDR")')
    assert ADDRESS_READS.search("ip = request.META['HTTP_X_FORWARDED_FOR']")
    assert ADDRESS_READS.search('hops = request.headers.get("x-forwarded-for", "")')
    assert not ADDRESS_READS.search('RequestFactory().post("/x", REMOTE_ADDR="127.0.0.1")')


def test_no_module_but_client_py_reads_the_remote_address_or_forwarded_header():
    readers = _readers()
    readers.pop(str(THE_ONE_READER.relative_to(ROOT)))
    assert readers == {}, "use alpr_governance.client.client_address(request)"
