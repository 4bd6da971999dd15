"""One way to show dates and times everywhere: ISO-like dates, 24-hour times, the time zone named.

Templates render a datetime with `{{ value }}` (or `|date:"DATETIME_FORMAT"`) and a date with
`{{ value }}`; no template spells its own format.
"""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i T"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i T"
TIME_FORMAT = "H:i T"
