"""Signals other apps listen to, so accounts needs no imports of them."""

from django.dispatch import Signal

# Sent after an agency and its divisions are created from a preset: kwargs agency, preset.
# training uses it to create the preset's courses.
agency_created = Signal()
