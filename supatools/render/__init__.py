"""Turn results into Rich tables for people and JSON for machines.

Results go to stdout, diagnostics and progress to stderr; both pass through a
scrubber that replaces every known secret with ``***``. One module per command
(``migrate``, ``audit``, ``checks``, ``local``) over the shared ``output``; each is
imported only by the command that prints it, so start-up stays small.
"""
