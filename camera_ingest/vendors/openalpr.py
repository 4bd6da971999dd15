"""OpenALPR agent and daemon, Rekor Scout / Watchman: one URL, told apart by `data_type`.

- `alpr_group` (v1-v3): one read per vehicle; the preview group (`is_preview`) is replaced by
  its final group, which shares the group's first frame (`epoch_start`) and so its event id.
- `alpr_results`: one read per plate of a frame (per-frame repeats collapse in the service).
- no `data_type`: the open-source `alprd`, same shape as `alpr_results`, epoch in seconds.
- `alpr_alert`: a hot-list hit wrapping a full group: the group's read.
- `vehicle`: a vehicle without a plate: acknowledged, no read.
- `heartbeat`: the agent's health, for the camera, never a read.
Confidence is 0-100; times are epoch ms (seconds for the open-source daemon); regions "us-ca".
"""

from camera_ingest import rules
from camera_ingest.vendors.base import (
    WRONG_FORMAT,
    Body,
    Context,
    Parsed,
    VendorError,
    VendorRead,
    add_image,
    json_object,
    put_confidence,
    put_position,
    put_region,
    put_time,
    raw_plate,
    strip_images,
    top_name,
    vehicle,
)

IMAGE_KEYS = frozenset({"plate_crop_jpeg", "vehicle_crop_jpeg", "overview_jpeg", "jpeg"})
READ_TYPES = ("alpr_group", "alpr_results", "alpr_alert")


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    data_type = payload.get("data_type")
    original = strip_images(payload, IMAGE_KEYS)
    if data_type == "heartbeat":
        return Parsed("heartbeat", health=_health(payload), original=original)
    if data_type == "vehicle":
        return Parsed("no_plate", notes=["a vehicle seen without a plate"], original=original)
    if data_type == "alpr_group":
        return _with_original(_group(payload, context), original)
    if data_type == "alpr_alert":
        group = payload.get("group")
        if not isinstance(group, dict):
            raise VendorError(WRONG_FORMAT, "An alpr_alert carries its alpr_group in `group`.")
        return _with_original(_group(group, context), original)
    if data_type == "alpr_results" or (
        data_type is None and isinstance(payload.get("results"), list)
    ):
        return _with_original(_results(payload, context), original)
    raise VendorError(
        WRONG_FORMAT,
        f"Not an OpenALPR payload: data_type {str(data_type)[:30]!r} is none of "
        f"{', '.join((*READ_TYPES, 'vehicle', 'heartbeat'))} and there are no `results`.",
        "data_type",
    )


def _with_original(parsed: Parsed, original) -> Parsed:
    parsed.original = original
    return parsed


def _group(group: dict, context: Context) -> Parsed:
    best = group.get("best_plate") if isinstance(group.get("best_plate"), dict) else {}
    plate = rules.vendor_plate(group.get("best_plate_number") or best.get("plate"))
    if plate is None:
        return Parsed("no_plate", notes=["a group without a plate"])
    notes: list[str] = []
    start = group.get("epoch_start")
    if start is None:
        raise VendorError(WRONG_FORMAT, "An alpr_group needs epoch_start.", "epoch_start")
    read: dict = {
        # The group's first frame: the same for its preview and its final version.
        "event_id": rules.vendor_event_id(
            "g", group.get("agent_uid") or group.get("site_id"), group.get("camera_id"), start
        ),
        "plate": raw_plate(group.get("best_plate_number") or best.get("plate")),
    }
    put_time(read, notes, start, context, "epoch_start")
    put_confidence(
        read, group.get("best_confidence", best.get("confidence")), "percent", "best_confidence"
    )
    put_region(read, notes, group.get("best_region") or best.get("region"), "best_region")
    put_position(
        read,
        group.get("gps_latitude"),
        group.get("gps_longitude"),
        ("gps_latitude", "gps_longitude"),
    )
    attributes = group.get("vehicle") if isinstance(group.get("vehicle"), dict) else {}
    make_model = top_name(attributes.get("make_model")) or ""
    direction = rules.vendor_number(group.get("travel_direction"))
    read["vehicle"] = vehicle(
        make=top_name(attributes.get("make")),
        model=make_model.split("_", 1)[1] if "_" in make_model else None,
        color=top_name(attributes.get("color")),
        type=top_name(attributes.get("body_type")),
        direction=f"{round(direction)}°" if direction is not None and direction >= 0 else None,
    )
    candidates = rules.vendor_list(group.get("candidates")) or rules.vendor_list(
        best.get("candidates")
    )
    read["candidates"] = rules.vendor_candidates(
        [c.get("plate") for c in candidates if isinstance(c, dict)], plate
    )
    add_image(read, notes, "plate", best.get("plate_crop_jpeg"), "best_plate.plate_crop_jpeg")
    overview = group.get("overview_jpeg") or group.get("vehicle_crop_jpeg")
    add_image(read, notes, "overview", overview, "overview_jpeg")
    return Parsed(
        "reads",
        reads=[VendorRead(_clean(read), notes=notes, preview=bool(group.get("is_preview")))],
    )


def _results(payload: dict, context: Context) -> Parsed:
    results = payload.get("results")
    if not isinstance(results, list):
        raise VendorError(WRONG_FORMAT, "`results` must be a list.", "results")
    reads = []
    for index, result in enumerate(results):
        if not isinstance(result, dict):
            raise VendorError(
                WRONG_FORMAT, f"results.{index} is not an object.", f"results.{index}"
            )
        plate = rules.vendor_plate(result.get("plate"))
        if plate is None:
            continue
        notes: list[str] = []
        read: dict = {
            "event_id": rules.vendor_event_id(
                payload.get("uuid"), result.get("plate_index", index)
            ),
            "plate": raw_plate(result.get("plate")),
        }
        put_time(
            read, notes, result.get("epoch_time", payload.get("epoch_time")), context, "epoch_time"
        )
        put_confidence(read, result.get("confidence"), "percent", "confidence")
        put_region(read, notes, result.get("region"), "region")
        put_position(
            read,
            payload.get("gps_latitude"),
            payload.get("gps_longitude"),
            ("gps_latitude", "gps_longitude"),
        )
        read["candidates"] = rules.vendor_candidates(
            [
                c.get("plate")
                for c in rules.vendor_list(result.get("candidates"))
                if isinstance(c, dict)
            ],
            plate,
        )
        add_image(
            read, notes, "plate", result.get("plate_crop_jpeg"), f"results.{index}.plate_crop_jpeg"
        )
        reads.append(VendorRead(_clean(read), notes=notes))
    if not reads:
        return Parsed("no_plate", notes=["no plate in the results"])
    return Parsed("reads", reads=reads)


def _health(payload: dict) -> dict:
    streams = payload.get("video_streams") if isinstance(payload.get("video_streams"), list) else []
    return {
        "agent_version": rules.vendor_text(payload.get("agent_version")),
        "streams": len(streams),
        "streaming": sum(1 for s in streams if isinstance(s, dict) and s.get("is_streaming")),
        "fps": [s.get("fps") for s in streams if isinstance(s, dict)][:8],
    }


def _clean(read: dict) -> dict:
    return {key: value for key, value in read.items() if value is not None}
