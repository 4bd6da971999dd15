"""The one shape of a broken rule, shared by ingest rules, purpose rules and the API error body:
{"code", "field", "message"}. Codes are stable module constants of the rules that raise them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    code: str
    field: str | None  # None: the request as a whole
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}
