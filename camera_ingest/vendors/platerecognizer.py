"""Plate Recognizer Snapshot and Stream webhooks.

The webhook body is `{"hook": {...}, "data": {<a Snapshot response>}}`; Snapshot "data only"
sends it as the JSON body, Stream sends it in a form field `json`, and "webhook with image"
is multipart with that `json` field and the image in `upload`. A bare Snapshot response
(`results`, `timestamp`) is accepted too. Scores are 0-1, plates lower case, regions "us-ca"
or a country ("gb"); `timestamp` may lack a zone ("2021-11-23 17:56:47.896406"). Results in
"vehicle" detection mode nest the plate under `plate.props`.
"""

from camera_ingest import rules
from camera_ingest.vendors.base import (
    WRONG_FORMAT,
    Body,
    Context,
    Parsed,
    VendorError,
    VendorRead,
    json_object,
    put_confidence,
    put_region,
    put_time,
    raw_plate,
    strip_images,
    vehicle,
)


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body, form_field="json")
    data = payload.get("data") if isinstance(payload.get("hook"), dict) else payload
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise VendorError(
            WRONG_FORMAT, "Not a Plate Recognizer payload: no `data.results` or `results` list."
        )
    upload = body.files.get("upload")
    reads = []
    for index, result in enumerate(data["results"]):
        if not isinstance(result, dict):
            raise VendorError(
                WRONG_FORMAT, f"results.{index} is not an object.", f"results.{index}"
            )
        read = _read(result, data, index, context)
        if read is None:
            continue
        if upload is not None:
            read.part_images.append(("overview", upload))
        reads.append(read)
    original = strip_images(payload, frozenset())
    if not reads:
        return Parsed("no_plate", notes=["no plate in the results"], original=original)
    return Parsed("reads", reads=reads, original=original)


def _first(ranked, key: str):
    if isinstance(ranked, list) and ranked and isinstance(ranked[0], dict):
        return ranked[0].get(key)
    return None


def _read(result: dict, data: dict, index: int, context: Context) -> VendorRead | None:
    notes: list[str] = []
    plate_field = result.get("plate")
    if isinstance(plate_field, dict):  # detection_mode "vehicle"
        props = plate_field.get("props") if isinstance(plate_field.get("props"), dict) else {}
        text, score = _first(props.get("plate"), "value"), _first(props.get("plate"), "score")
        region = _first(props.get("region"), "value")
        candidates = [
            c.get("value") for c in rules.vendor_list(props.get("plate")) if isinstance(c, dict)
        ]
        found_vehicle = result.get("vehicle") if isinstance(result.get("vehicle"), dict) else {}
        vehicle_props = (
            found_vehicle.get("props") if isinstance(found_vehicle.get("props"), dict) else {}
        )
        make_model = vehicle_props.get("make_model")
        color = _first(vehicle_props.get("color"), "value")
    else:
        text, score = plate_field, result.get("score")
        region = (
            result.get("region", {}).get("code") if isinstance(result.get("region"), dict) else None
        )
        candidates = [
            c.get("plate")
            for c in rules.vendor_list(result.get("candidates"))
            if isinstance(c, dict)
        ]
        found_vehicle = result.get("vehicle") if isinstance(result.get("vehicle"), dict) else {}
        make_model = result.get("model_make")
        color = _first(result.get("color"), "color")
    plate = rules.vendor_plate(text)
    if plate is None:
        return None
    read: dict = {"plate": raw_plate(text)}
    timestamp = data.get("timestamp")
    # No event id in the webhook: the frame's time, file and box say which read this is, and a
    # retried hook repeats all three.
    read["event_id"] = rules.digest_id(
        "pr", timestamp, data.get("camera_id"), data.get("filename"), result.get("box"), plate
    )
    put_time(read, notes, timestamp, context, "timestamp")
    put_confidence(read, score, "unit", "score")
    put_region(read, notes, region, "region.code")
    direction = rules.vendor_number(result.get("direction"))
    read["vehicle"] = vehicle(
        make=_first(make_model, "make"),
        model=_first(make_model, "model"),
        color=color,
        type=found_vehicle.get("type"),
        direction=f"{round(direction)}°" if direction is not None and direction >= 0 else None,
    )
    read["candidates"] = rules.vendor_candidates(candidates, plate)
    return VendorRead({k: v for k, v in read.items() if v is not None}, notes=notes)
