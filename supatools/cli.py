"""The command line: options in, one use case of the command layer, results out.

The commands live by family in ``cli_migrate``, ``cli_recover``, ``cli_checks``,
``cli_drift`` and ``cli_local`` over the shared app, boundary and options of ``cli_app``;
this module registers them in the order ``--help`` lists them, and is the console script's
``run``/``main``: the one place a failure that is not a bug becomes an exit code.

A run that names a command (``supatools migrate --list``) registers that command only, and
imports only its family: Typer builds every registered command's options before it parses
anything, and what a command prints (its help, its usage errors) depends on no other
command. Anything else (``--help``, ``--version``, completion, a mistyped command) gets the
whole command line (issue 24, start-up).
"""

import os
import re
import sys
from collections.abc import Callable
from types import ModuleType

import typer

from supatools.cli_app import new_app, new_local_app


def _migrate_family() -> ModuleType:
    from supatools import cli_migrate

    return cli_migrate


def _recover_family() -> ModuleType:
    from supatools import cli_recover

    return cli_recover


def _checks_family() -> ModuleType:
    from supatools import cli_checks

    return cli_checks


def _drift_family() -> ModuleType:
    from supatools import cli_drift

    return cli_drift


def _local_family() -> ModuleType:
    from supatools import cli_local

    return cli_local


#: the order of `supatools --help`: each command's name, its family (imported when a run
#: needs the command) and its function there
COMMANDS: tuple[tuple[str, Callable[[], ModuleType], str], ...] = (
    ("migrate", _migrate_family, "migrate"),
    ("rollback", _recover_family, "rollback"),
    ("new", _checks_family, "new_migration"),
    ("lint", _checks_family, "lint_command"),
    ("baseline", _recover_family, "baseline"),
    ("repair", _recover_family, "repair"),
    ("backup", _recover_family, "backup_command"),
    ("restore", _recover_family, "restore_command"),
    ("verify-rls", _checks_family, "verify_rls"),
    ("preflight", _checks_family, "preflight"),
    ("drift", _drift_family, "drift"),
)
#: ``supatools local``'s commands, in the order ``supatools local --help`` lists them
LOCAL_COMMANDS = (
    ("start", "local_start"),
    ("stop", "local_stop"),
    ("status", "local_status"),
    ("reset", "local_reset"),
    ("url", "local_url"),
)

__all__ = ["COMMANDS", "command_line", "main", "run"]  # and `app`, made when asked for


def command_line(only: str | None = None) -> typer.Typer:
    """The app with every command, or with the command ``only`` alone (a top-level command
    or ``local``)."""
    app = new_app()
    for name, family, function in COMMANDS:
        if only in (None, name):
            app.command(name)(getattr(family(), function))
    if only in (None, "local"):
        local_app = new_local_app()
        for name, function in LOCAL_COMMANDS:
            local_app.command(name)(getattr(_local_family(), function))
        app.add_typer(local_app, name="local")
    return app


def _named_command(args: list[str]) -> str | None:
    """The command ``args`` name first, after the ``--workdir`` that ``_shorthands`` moved
    in front of it; None when they start with anything else."""
    skip = 2 if args[:1] == ["--workdir"] else int(bool(args) and args[0].startswith("--workdir="))
    first = args[skip] if len(args) > skip else ""
    return first if first == "local" or any(first == name for name, _, _ in COMMANDS) else None


def __getattr__(name: str) -> typer.Typer:
    """``cli.app``: the whole command line, as it was a module attribute before."""
    if name == "app":
        return command_line()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit code. Every failure that is
    not a bug is one ``error:`` line on stderr (and, with ``--json``, one JSON document).

    An unexpected exception is a bug and still shows its traceback, but scrubbed of every
    known secret and without local variables.
    """
    from supatools import redact, workdir

    args = _shorthands(list(sys.argv[1:] if argv is None else argv))
    redact.forget_all()
    workdir.choose(None)
    try:
        app = command_line(_named_command(args))
        code = app(args=args, prog_name="supatools", standalone_mode=False)
        if code == 130:
            # Typer's answer to a Ctrl-C while it parses or invokes, before a command's own
            # boundary: 130 returned with nothing said. No supatools command returns 130
            # (the contract's codes are 0-4), so it is the Ctrl-C the contract calls 3
            return _failed(args, "interrupted", 3)
        return int(code or 0)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # shell completion (--show-completion, a completion request)
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except typer.Abort:
        return _failed(args, "aborted", 3)
    except KeyboardInterrupt:  # Ctrl-C outside a command's boundary (parsing its options)
        return _failed(args, "interrupted", 3)
    except typer.TyperException as exc:  # Click's usage errors: unknown flag, bad value
        exit_code = int(getattr(exc, "exit_code", 2) or 2)
        raw = str(getattr(exc, "format_message", exc.__str__)())
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare ``supatools``: the help
            sys.stderr.write(raw.rstrip() + "\n")
            return exit_code
        message = " ".join(raw.split())
        words = [a for i, a in enumerate(args) if i == 0 or args[i - 1] != "--workdir"]
        command = next((a for a in words if not a.startswith("-")), "")
        see = f"see 'supatools {command + ' ' if command else ''}--help'"
        return _failed(args, f"{message}; {see}", exit_code)
    except Exception:
        import traceback

        from supatools.render.output import learn_environment_secrets

        learn_environment_secrets()
        text = redact.scrub(traceback.format_exc())
        sys.stderr.write(text + "error: this is a bug in supatools; please report it\n")
        return 1


def _failed(args: list[str], message: str, exit_code: int) -> int:
    """Say ``message`` as the one ``error:`` line (and JSON document); return the code."""
    from supatools.render.output import Output

    Output(json_mode="--json" in args).error(message, exit_code)
    return exit_code


def _shorthands(args: list[str]) -> list[str]:
    """What Typer cannot parse, said the way the Supabase CLI takes it: ``--workdir DIR``
    anywhere (it is the app's option: moved before the command), and ``rollback --last``
    without a number (followed by another option or nothing), which means 1."""
    hoisted: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg == "--workdir" and index + 1 < len(args):
            hoisted.extend(args[index : index + 2])
            index += 2
            continue
        if arg.startswith("--workdir="):
            hoisted.append(arg)
        elif arg == "--last" and "rollback" in rest:
            following = args[index + 1] if index + 1 < len(args) else None
            rest.append(arg)
            if following is None or (
                following.startswith("-") and not re.match(_NUMBER, following)
            ):
                rest.append("1")
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


_NUMBER = r"-?\d+$"  # compiled when used (start-up)


def _watched() -> bool:
    """Whether a debugger, tracer, profiler or coverage watches this process (their
    results are written at exit): ``sys.settrace``/``setprofile`` and, from Python 3.12,
    ``sys.monitoring`` tools (cProfile and coverage register there)."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is not None and any(monitoring.get_tool(i) for i in range(6)):
        return True
    return "coverage" in sys.modules


def main() -> None:
    """Console-script entry point: run, then leave without tearing the interpreter down.

    Everything a command opens it also closes (connections, files, servers it stops,
    temporary folders: all in ``with`` blocks or ``finally``), so what is left at the end
    is the interpreter's own teardown: freeing every module and object one by one, 10 ms
    after ``--help`` and about 80 ms after a 400-migration run, for nothing. Once stdout
    and stderr are flushed the process ends there, as mypy does. Not when a tracer, a
    profiler or coverage is watching the process: they write their results at exit.
    """
    code = run()
    if _watched():
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (supatools … | head): nothing to add
            pass
    os._exit(code)
