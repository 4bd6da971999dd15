"""The API's JSON parser: DRF's, with nesting too deep for the decoder answered as bad input.

DRF turns a ValueError from `json` into a 400, but a body of a thousand `[` makes the decoder
raise RecursionError, which became a 500 (issue 9, item 5).
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("The JSON body is nested too deeply.") from exc
