"""The console script and ``python -m supatools``: take Ctrl-C first, then load the CLI.

Loading the command line (Typer, Click, Rich) takes about a tenth of a second; a Ctrl-C
in that moment used to print a ``KeyboardInterrupt`` traceback of whichever import it
hit. So the entry point is this small module, importing nothing heavy: it installs a
SIGINT handler that ends the process with the contract's code for Ctrl-C (3) and one
``error:`` line (and, with ``--json``, the one JSON document), and only then imports
``supatools.cli``. Once loaded, Python's own handler is back and the CLI's boundary says
what an interrupted command did or did not change.

A SIGINT that arrives before the interpreter has installed any handler at all (the first
few milliseconds of the process) kills it by the signal, as for any program: nothing of
supatools has run then, and nothing is printed.
"""

from __future__ import annotations

# _signal, the C module under signal: ``import signal`` loads enum (20-30 ms on a busy
# machine), which would be 20-30 ms more in which a Ctrl-C meets no handler of ours
import _signal  # type: ignore[import-not-found]  # no stub for the C module
import sys

#: the contract's exit code for Ctrl-C (the environment failed: the user stopped it)
EXIT_INTERRUPTED = 3


def _interrupted_while_loading(signum: int, frame: object) -> None:
    """Ctrl-C before the command started: nothing ran, nothing to undo; say so and leave.

    The exit is the C ``_exit`` of ``posix`` (``nt``), loaded since the interpreter started:
    ``os`` may be the very module half-loaded at that moment, and a SystemExit raised here
    can land in a weakref callback of the import machinery, which ignores it.
    """
    if "--json" in sys.argv[1:]:
        sys.stdout.write(
            '{"ok": false, "error": {"message": "interrupted before the command started", '
            '"exit_code": 3}}\n'
        )
        sys.stdout.flush()
    sys.stderr.write("error: interrupted before the command started; nothing was changed\n")
    sys.stderr.flush()
    native_os = sys.modules.get("posix") or sys.modules["nt"]
    native_os._exit(EXIT_INTERRUPTED)


#: the allocations (less deallocations) between two young-generation collections of the
#: cyclic garbage collector, 700 by default. A command lives seconds and allocates in
#: bursts (imports, parse trees, catalog rows) with few cycles to find: a 400-migration
#: run spent ~50 ms in 124 collections (gc.callbacks) and spends ~15 ms in ~28 at this
#: value. Only the process's own entry point sets it: an in-process caller (the tests,
#: an embedding program) keeps its own collector settings.
GC_YOUNG_THRESHOLD = 10_000


def main() -> None:
    """Console-script entry point: guard the start-up against Ctrl-C, then run the CLI."""
    import gc

    gc.set_threshold(GC_YOUNG_THRESHOLD)
    guarded = _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler
    if guarded:  # not when SIGINT is ignored (started in the background by a shell)
        _signal.signal(_signal.SIGINT, _interrupted_while_loading)
    from supatools import cli

    if guarded:  # Python's own handler again: KeyboardInterrupt, which the CLI reports
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    cli.main()


if __name__ == "__main__":
    main()
