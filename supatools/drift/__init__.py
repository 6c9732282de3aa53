"""Drift: the database's catalog against what its migrations make.

:mod:`.snapshot` takes the project schemas' objects in one round trip, :mod:`.compare`
tells what was added, is missing or changed (and which of it opens a way in), and
:mod:`.write` turns the drift into a migration that keeps the live state.
:mod:`.fingerprint` is the catalog's hash per object that ``migrate`` records and
compares. Nothing is imported here: ``migrate`` loads only :mod:`.fingerprint`.
"""
