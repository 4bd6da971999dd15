"""Objects of agency A behind each audits route that takes an id (see tests/test_isolation.py)."""

from django.utils import timezone

from audits import compilation, packet, services
from tests.audits.helpers import access, open_cycle
from tests.isolation_tables import ListCase


def _cycle(world):
    return open_cycle(world.division_admin_a)


def _compiled_cycle(world):
    access(world.end_user_a, at=timezone.now())
    cycle = _cycle(world)
    services.cycle_compile_start(actor=world.division_admin_a, cycle=cycle)
    return compilation.cycle_compile_run(cycle_id=cycle.pk)


def _cycle_kwargs(world):
    return {"pk": _cycle(world).pk}


def _item_kwargs(world):
    cycle = _compiled_cycle(world)
    return {"pk": cycle.pk, "item_pk": cycle.items.first().pk}


def _packet_kwargs(world):
    cycle = _compiled_cycle(world)
    requested = services.packet_render_request(actor=world.division_admin_a, cycle=cycle)
    packet.packet_render_run(packet_id=requested.pk)
    return {"pk": cycle.pk, "packet_pk": requested.pk}


ISOLATION_CASES = {
    "audits:cycle_detail": _cycle_kwargs,
    "audits:cycle_progress": _cycle_kwargs,
    "audits:cycle_assign": _cycle_kwargs,
    "audits:cycle_compile": _cycle_kwargs,
    "audits:item_dispose": _item_kwargs,
    "audits:cycle_sign": _cycle_kwargs,
    "audits:packet_render": _cycle_kwargs,
    "audits:packet_download": _packet_kwargs,
    "audits:cycle_export_csv": _cycle_kwargs,
    "api:audits_api:cycle_detail": _cycle_kwargs,
}


def _cycle_listed(world):
    """A cycle of division A; its period is how the list shows it (page and API)."""
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.localdate() - timedelta(days=77)
    cycle = open_cycle(world.division_admin_a, start=start, end=start + timedelta(days=13))
    return f"{cycle.period_start:%Y-%m-%d}"


LIST_CASES = {
    "audits:cycle_list": ListCase(_cycle_listed, "division_admin_a"),
    "api:audits_api:cycle_list": ListCase(_cycle_listed, "division_admin_a"),
}
