"""Every governed write of the search side. Import from here: `from queries import services`.

search.py  justified search and its access record (search_run, search_record_refusal)
records.py opening a read (read_open), verifying and purging the access record
misreads.py misread reports: reported, notice to the agency of record recorded, closed
"""

from queries.services.holds import (
    held_reads_view_record,
    hold_search_record,
    hold_search_violations,
)
from queries.services.misreads import misread_close, misread_notice_record, misread_report_create
from queries.services.records import (
    VIEW_DETAIL,
    VIEW_PHOTO,
    OpenedRead,
    access_log_verify,
    access_records_purge_expired,
    read_image_kinds,
    read_open,
    read_photo_open,
)
from queries.services.search import (
    MATCHED_CANDIDATE,
    MATCHED_CONFUSION,
    MATCHED_EXACT,
    PAGE_SIZE,
    SearchHit,
    SearchOutcome,
    SearchPurpose,
    criteria_of,
    decode_cursor,
    purpose_categories_for,
    purpose_violations,
    reads_matching,
    search_continue,
    search_hits_again,
    search_record_refusal,
    search_run,
)

__all__ = [
    "MATCHED_CANDIDATE",
    "MATCHED_CONFUSION",
    "MATCHED_EXACT",
    "PAGE_SIZE",
    "VIEW_DETAIL",
    "VIEW_PHOTO",
    "OpenedRead",
    "SearchHit",
    "SearchOutcome",
    "SearchPurpose",
    "access_log_verify",
    "access_records_purge_expired",
    "criteria_of",
    "decode_cursor",
    "held_reads_view_record",
    "hold_search_record",
    "hold_search_violations",
    "misread_close",
    "misread_notice_record",
    "misread_report_create",
    "purpose_categories_for",
    "purpose_violations",
    "read_image_kinds",
    "read_open",
    "read_photo_open",
    "reads_matching",
    "search_continue",
    "search_hits_again",
    "search_record_refusal",
    "search_run",
]
