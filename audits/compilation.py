"""Compiling a cycle: read the period, build the roster, raise the flags, draw the sample, keep
the figures the packet shows (53060.5(c)(2)(A)-(D), GO 5.42 H, 2.455.50). Run by a Celery task;
progress is written to the cycle as it goes, so the page shows it and survives a reload."""

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency
from accounts.services import governance_record
from audits import rules, selectors
from audits.models import AuditCycle, AuditItem

State = AuditCycle.State

_ROW_FIELDS = (
    "id",
    "user_id",
    "username",
    "kind",
    "at",
    "outcome",
    "case_number",
    "purpose_category",
    "justification",
    "on_behalf_of",
    "criteria",
    "client_address",
    "refusal_codes",
    "result_count",
    "agency_counts",
)


def _progress(cycle: AuditCycle, percent: int, note: str) -> None:
    # Outside any transaction: each step commits at once, so the page sees it.
    AuditCycle.objects.filter(pk=cycle.pk).update(progress=percent, progress_note=note)


def purpose_checker(division):
    """Today's purpose rules (queries/rules.py) as a function of an access row's purpose."""
    from queries.rules import Purpose, PurposeProfile, check_purpose

    profile = PurposeProfile.for_division(division)

    def codes(row: rules.AccessRow) -> list[str]:
        purpose = Purpose(
            case_number=row.case_number,
            purpose_category=row.purpose_category,
            justification=row.justification,
            on_behalf_of=row.on_behalf_of,
            by_administrator=row.purpose_category == "system_support",
        )
        return [violation.code for violation in check_purpose(purpose, profile)]

    return codes


def access_rows(cycle: AuditCycle) -> list[rules.AccessRow]:
    zone = timezone.get_current_timezone()
    return [
        rules.AccessRow(
            **{**values, "refusal_codes": tuple(values["refusal_codes"] or ())},
            local_hour=values["at"].astimezone(zone).hour,
        )
        for values in selectors.cycle_access_records(cycle)
        .values(*_ROW_FIELDS)
        .iterator(chunk_size=5000)
    ]


def _row_summary(row: rules.AccessRow) -> dict:
    zone = timezone.get_current_timezone()
    return {
        "id": row.id,
        "at": row.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "username": row.username,
        "kind": row.kind,
        "outcome": row.outcome,
        "case_number": row.case_number,
        "purpose_category": row.purpose_category,
        "justification": row.justification,
        "on_behalf_of": row.on_behalf_of,
        "criteria": row.criteria,
        "result_count": row.result_count,
        "refusal_codes": list(row.refusal_codes),
    }


def figures(cycle: AuditCycle, rows: list[rules.AccessRow]) -> dict:
    """Summary figures and the series the packet's charts draw."""
    zone = timezone.get_current_timezone()
    searches = [r for r in rows if r.kind in rules.PURPOSE_KINDS]
    weeks: Counter = Counter()
    for row in searches:
        local = row.at.astimezone(zone).date()
        weeks[(local - timedelta(days=local.weekday())).isoformat()] += 1
    week = cycle.period_start - timedelta(days=cycle.period_start.weekday())
    per_week = []
    while week <= cycle.period_end:
        per_week.append([week.isoformat(), weeks.get(week.isoformat(), 0)])
        week += timedelta(days=7)
    refusals = Counter(code for r in rows if not r.ran for code in (r.refusal_codes or ("none",)))
    return {
        "access_records": len(rows),
        "searches_run": sum(1 for r in searches if r.ran),
        "searches_refused": sum(1 for r in searches if not r.ran),
        "read_views": sum(1 for r in rows if r.kind == "read_view"),
        "held_read_views": sum(1 for r in rows if r.kind == "held_read_view"),
        "exports": sum(1 for r in rows if r.kind == "export"),
        "users_searching": len({r.user_id for r in searches}),
        "reads_returned": sum(r.result_count for r in searches if r.ran),
        "per_week": per_week,
        "per_user": Counter(r.username for r in searches).most_common(),
        "per_purpose": Counter(r.purpose_category or "(none)" for r in searches).most_common(),
        "refusals_by_code": refusals.most_common(),
    }


def sharing_extract(cycle: AuditCycle, rows: list[rules.AccessRow]) -> dict:
    """Searches that returned other agencies' reads (cross-agency hits), per agency and per
    search. Disclosures join this once the sharing ledger lands."""
    own = str(cycle.agency_id)
    hits = [r for r in rows if any(k != own and v for k, v in (r.agency_counts or {}).items())]
    agency_ids = {int(k) for r in hits for k in r.agency_counts if k != own}
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    totals: Counter = Counter()
    listed = []
    for row in hits:
        others = {
            names.get(int(k), f"agency {k}"): v
            for k, v in row.agency_counts.items()
            if k != own and v
        }
        totals.update(others)
        listed.append({**_row_summary(row), "agencies": others})
    return {"per_agency": totals.most_common(), "searches": listed}


def cycle_compile_run(*, cycle_id: int) -> AuditCycle | None:
    """Compile a cycle that is compiling; anything else is left alone (a retried task)."""
    cycle = (
        AuditCycle.objects.select_related("agency", "division")
        .filter(pk=cycle_id, state=State.COMPILING)
        .first()
    )
    if cycle is None:
        return None
    agency = cycle.agency
    _progress(cycle, 5, "Reading the access records")
    rows = access_rows(cycle)

    _progress(cycle, 30, f"Building the roster ({len(rows)} access records read)")
    search_counts = Counter(r.user_id for r in rows if r.kind in rules.PURPOSE_KINDS)
    roster = selectors.roster(cycle, search_counts=search_counts, today=timezone.localdate())

    _progress(cycle, 50, "Raising flags")
    people = [rules.PersonFacts(**facts) for facts in selectors.standing_history(cycle)]
    _, period_end = selectors.period_bounds(cycle)
    flags = rules.all_flags(
        rows,
        people,
        purpose_codes=purpose_checker(cycle.division),
        networks=agency.allowed_networks,
        as_of=min(period_end, timezone.now()),
        inactivity_days=agency.inactivity_suspension_days,
    )

    flags += rules.flag_sharing_prohibited_purposes(selectors.sharing_prohibited_attempts(cycle))

    _progress(cycle, 75, "Drawing the random sample")
    eligible = [r.id for r in rows if r.kind in rules.PURPOSE_KINDS and r.ran]
    sample_ids = rules.draw_sample(eligible, seed=cycle.seed, size=cycle.sample_size)
    by_id = {r.id: r for r in rows}

    _progress(cycle, 85, "Summarising")
    compiled = {
        "figures": figures(cycle, rows),
        "roster": roster,
        "changes": selectors.changes_in_period(cycle),
        "misreads": selectors.misread_reports_in_period(cycle),
        "sharing": sharing_extract(cycle, rows),
        "flag_counts": Counter(f.code for f in flags),
        "cadence": rules.cadence_label(agency.purpose_mode, agency.audit_cadence_days),
        "signer": rules.signer_title(agency.purpose_mode),
        "sample_population": len(eligible),
        "compiled_at": timezone.now().isoformat(),
    }
    items = [
        AuditItem(
            cycle=cycle,
            kind=AuditItem.Kind.FLAG,
            code=flag.code,
            title=flag.title,
            explanation=flag.explanation,
            subject_user_id=flag.user_id,
            subject_username=flag.username,
            search_ids=list(flag.search_ids),
            evidence=flag.evidence,
            system_fault=flag.system_fault,
            position=position,
        )
        for position, flag in enumerate(flags)
    ]
    items += [
        AuditItem(
            cycle=cycle,
            kind=AuditItem.Kind.SAMPLE,
            code=rules.SAMPLE,
            title=f"Sampled search {position + 1} of {len(sample_ids)}",
            explanation=by_id[search_id].justification or "(no justification recorded)",
            subject_user_id=by_id[search_id].user_id,
            subject_username=by_id[search_id].username,
            search_ids=[search_id],
            evidence=_row_summary(by_id[search_id]),
            position=position,
        )
        for position, search_id in enumerate(sample_ids)
    ]
    with transaction.atomic():
        locked = AuditCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.state != State.COMPILING:
            return locked
        locked.items.all().delete()
        AuditItem.objects.bulk_create(items, batch_size=1000)
        locked.compiled = compiled
        locked.state, locked.progress, locked.progress_note = State.IN_REVIEW, 100, "Compiled"
        locked.compiled_at = timezone.now()
        locked.save(update_fields=["compiled", "state", "progress", "progress_note", "compiled_at"])
        governance_record(
            actor=locked.compiled_by,
            agency=agency,
            division=locked.division,
            action="audit_cycle_compiled",
            subject=locked,
            after={
                "access_records": len(rows),
                "flags": len(flags),
                "sample": len(sample_ids),
                "people": len(roster),
            },
        )
    return locked
