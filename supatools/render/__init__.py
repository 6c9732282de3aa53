"""Turn results into Rich tables for people and JSON for machines.

Results go to stdout, diagnostics and progress to stderr; both pass through a
scrubber that replaces every known secret with ``***``.
"""

from supatools.render.audit import audit_document, audit_result, write_audit
from supatools.render.checks import preflight_report
from supatools.render.local import local_status
from supatools.render.migrate import (
    ProgressReporter,
    migrate_result,
    migration_list,
    migration_status,
)
from supatools.render.output import Output, ScrubbingStream, plain_table

__all__ = [
    "Output",
    "ProgressReporter",
    "ScrubbingStream",
    "audit_document",
    "audit_result",
    "local_status",
    "migrate_result",
    "migration_list",
    "migration_status",
    "plain_table",
    "preflight_report",
    "write_audit",
]
