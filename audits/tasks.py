"""Celery tasks of audits: thin wrappers around one service each (JSON arguments, ids only)."""

import traceback

from celery import shared_task

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


@shared_task(name="audits.agency_audit_jobs")
def agency_audit_jobs(agency_id: int) -> list[int]:
    """One agency's audit housekeeping: open due cycles, purge expired ones."""
    return jobs.agency_jobs_run(agency_id)


@shared_task(name="audits.audit_jobs_dispatch")
def audit_jobs_dispatch() -> int:
    """One task per agency, so one failing agency never stops the others."""
    agency_ids = jobs.agency_ids()
    for agency_id in agency_ids:
        agency_audit_jobs.delay(agency_id)
    return len(agency_ids)
