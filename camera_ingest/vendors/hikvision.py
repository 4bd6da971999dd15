"""Hikvision ANPR `EventNotificationAlert` XML.

In "SDK listening" / HTTP host mode the camera posts multipart/form-data: the XML in a part
named `anpr.xml` (a file or a field) and the pictures as further parts
(`licensePlatePicture.jpg`, `detectionPicture.jpg`). A bare XML body is accepted too. The XML is
parsed with defusedxml: a DTD, entity or external reference is refused, never resolved.
`confidenceLevel` is 0-100; `dateTime` carries its offset; `DeviceGPSInfo` is degrees, minutes
and seconds with N/S/E/W; `UUID` is the event id. Events other than ANPR (e.g. the camera's
`videoloss` keep-alive) are heartbeats.
"""

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from camera_ingest import rules
from camera_ingest.vendors.base import (
    MALFORMED_XML,
    MISSING_PART,
    VALUE_INVALID,
    WRONG_FORMAT,
    XML_FORBIDDEN,
    Body,
    Context,
    Parsed,
    VendorError,
    VendorRead,
    put_confidence,
    put_position,
    put_time,
    raw_plate,
    vehicle,
)

XML_PART_NAMES = ("anpr.xml", "ANPR.xml", "MoveDetection.xml")
PLATE_PICTURES = ("licenseplatepicture", "plate")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, *path):
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _text(element, *path) -> str | None:
    found = _child(element, *path)
    return found.text.strip() if found is not None and found.text and found.text.strip() else None


def _xml_text(body: Body) -> bytes:
    for name in XML_PART_NAMES:
        if name in body.files:
            return body.files[name]
        if name in body.form:
            return body.form[name].encode()
    if body.content_type.startswith("multipart/"):
        for name, data in body.files.items():
            if name.lower().endswith(".xml"):
                return data
        raise VendorError(MISSING_PART, "The multipart post has no `anpr.xml` part.", "anpr.xml")
    return body.raw


def parse(body: Body, context: Context) -> Parsed:
    text = _xml_text(body)
    try:
        root = fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise VendorError(
            XML_FORBIDDEN, f"The XML declares a DTD or entities, which are refused: {error}"
        ) from None
    except (ParseError, ValueError, UnicodeDecodeError) as error:
        raise VendorError(MALFORMED_XML, f"The body is not well-formed XML: {error}") from None
    if _local(root.tag) != "EventNotificationAlert":
        raise VendorError(
            WRONG_FORMAT,
            f"Not a Hikvision EventNotificationAlert: the root is <{_local(root.tag)[:40]}>.",
        )
    original = {"xml": text.decode("utf-8", "replace")[:100_000]}
    event_type = (_text(root, "eventType") or "").upper()
    if event_type != "ANPR":
        health = {
            "event_type": event_type.lower()[:40],
            "state": (_text(root, "eventState") or "")[:20],
        }
        return Parsed("heartbeat", health=health, original=original)
    anpr = _child(root, "ANPR")
    plate = rules.vendor_plate(_text(anpr, "licensePlate"))
    if plate is None:
        return Parsed("no_plate", notes=["an ANPR event without a plate"], original=original)
    notes: list[str] = []
    read: dict = {"plate": raw_plate(_text(anpr, "licensePlate"))}
    put_time(read, notes, _text(root, "dateTime"), context, "dateTime")
    read["event_id"] = (
        rules.vendor_event_id(_text(root, "UUID"))
        if _text(root, "UUID")
        else rules.digest_id("hik", _text(root, "macAddress"), _text(root, "dateTime"), plate)
    )
    put_confidence(read, _text(anpr, "confidenceLevel"), "percent", "ANPR.confidenceLevel")
    gps = _child(root, "DeviceGPSInfo")
    if gps is not None:
        try:
            lat = rules.dms_to_decimal(
                _text(gps, "Latitude", "degree") or 0,
                _text(gps, "Latitude", "minute") or 0,
                _text(gps, "Latitude", "sec") or 0,
                _text(gps, "latitudeType"),
            )
            lon = rules.dms_to_decimal(
                _text(gps, "Longitude", "degree") or 0,
                _text(gps, "Longitude", "minute") or 0,
                _text(gps, "Longitude", "sec") or 0,
                _text(gps, "longitudeType"),
            )
        except rules.VendorValueError as error:
            raise VendorError(VALUE_INVALID, f"DeviceGPSInfo: {error}", "DeviceGPSInfo") from None
        put_position(read, lat, lon, ("DeviceGPSInfo.Latitude", "DeviceGPSInfo.Longitude"))
    read["vehicle"] = vehicle(
        color=_text(anpr, "vehicleInfo", "color"),
        type=_text(anpr, "vehicleType"),
        direction=_text(anpr, "direction"),
    )
    original_plate = rules.vendor_plate(_text(anpr, "originalLicensePlate"))
    read["candidates"] = rules.vendor_candidates([original_plate], plate)
    images = []
    for name, data in body.files.items():
        if name in XML_PART_NAMES or name.lower().endswith(".xml"):
            continue
        kind = "plate" if name.lower().startswith(PLATE_PICTURES) else "overview"
        images.append((kind, data))
    return Parsed(
        "reads",
        reads=[
            VendorRead(
                {k: v for k, v in read.items() if v is not None},
                part_images=images[:4],
                notes=notes,
            )
        ],
        original=original,
    )
