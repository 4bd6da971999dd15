"""Celery tasks of audits: thin wrappers around one service each (JSON arguments, ids only)."""

import traceback

from celery import shared_task

from accounts.jobs import agency_jobs_fan_out, run_for_agency_id
from audits import compilation, jobs, packet, services


@shared_task(name="audits.compile_cycle")
def compile_cycle(cycle_id: int) -> None:
    try:
        compilation.cycle_compile_run(cycle_id=cycle_id)
    except Exception:
        services.cycle_compile_failed(cycle_id=cycle_id, error=traceback.format_exc(limit=10))
        raise


@shared_task(name="audits.render_packet")
def render_packet(packet_id: int) -> None:
    try:
        packet.packet_render_run(packet_id=packet_id)
    except Exception:
        packet.packet_render_failed(packet_id=packet_id, error=traceback.format_exc(limit=10))
        raise


@shared_task(name="audits.cycles_open_due_for_agency")
def cycles_open_due_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(jobs.open_due_job, agency_id, dry_run=dry_run)


@shared_task(name="audits.cycles_purge_expired_for_agency")
def cycles_purge_expired_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(jobs.purge_expired_job, agency_id, dry_run=dry_run)


@shared_task(name="audits.audit_jobs_dispatch")
def audit_jobs_dispatch(*, dry_run: bool = False) -> list[int]:
    """The nightly audit housekeeping, one task per agency and job, so one failing agency never
    stops the others: open the cycles due, purge the expired."""
    agency_ids = agency_jobs_fan_out(cycles_open_due_for_agency, dry_run=dry_run)
    agency_jobs_fan_out(cycles_purge_expired_for_agency, dry_run=dry_run)
    return agency_ids
