"""``python -m supatools``."""

from supatools.cli import main

main()
