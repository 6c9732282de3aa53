"""The command line: options in, one use case of the command layer, results out.

The commands live by family in ``cli_migrate``, ``cli_recover``, ``cli_checks`` and
``cli_local`` over the shared app, boundary and options of ``cli_app``; this module
registers them in the order ``--help`` lists them, and is the console script's
``run``/``main``: the one place a failure that is not a bug becomes an exit code.
"""

import os
import re
import sys

import typer

from supatools import cli_checks, cli_drift, cli_local, cli_migrate, cli_recover
from supatools.cli_app import app, local_app
from supatools.render.output import Output

# the order of `supatools --help`
app.command()(cli_migrate.migrate)
app.command("rollback")(cli_recover.rollback)
app.command("new")(cli_checks.new_migration)
app.command("lint")(cli_checks.lint_command)
app.command("baseline")(cli_recover.baseline)
app.command("repair")(cli_recover.repair)
app.command("backup")(cli_recover.backup_command)
app.command("restore")(cli_recover.restore_command)
app.command("verify-rls")(cli_checks.verify_rls)
app.command()(cli_checks.preflight)
app.command("drift")(cli_drift.drift)
local_app.command("start")(cli_local.local_start)
local_app.command("stop")(cli_local.local_stop)
local_app.command("status")(cli_local.local_status)
local_app.command("reset")(cli_local.local_reset)
local_app.command("url")(cli_local.local_url)

__all__ = ["app", "main", "run"]


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
        code = app(args=args, prog_name="supatools", standalone_mode=False)
        return int(code or 0)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # shell completion (--show-completion, a completion request)
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except typer.Abort:
        Output(json_mode="--json" in args).error("aborted", 3)
        return 3
    except KeyboardInterrupt:  # Ctrl-C outside a command's boundary (parsing its options)
        Output(json_mode="--json" in args).error("interrupted", 3)
        return 3
    except typer.TyperException as exc:  # Click's usage errors: unknown flag, bad value
        exit_code = int(getattr(exc, "exit_code", 2) or 2)
        raw = str(getattr(exc, "format_message", exc.__str__)())
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare ``supatools``: the help
            sys.stderr.write(raw.rstrip() + "\n")
            return exit_code
        message = " ".join(raw.split())
        words = [a for i, a in enumerate(args) if i == 0 or args[i - 1] != "--workdir"]
        command = next((a for a in words if not a.startswith("-")), "")
        Output(json_mode="--json" in args).error(
            f"{message}; see 'supatools {command + ' ' if command else ''}--help'", exit_code
        )
        return exit_code
    except Exception:
        import traceback

        from supatools.render.output import learn_environment_secrets

        learn_environment_secrets()
        text = redact.scrub(traceback.format_exc())
        sys.stderr.write(text + "error: this is a bug in supatools; please report it\n")
        return 1


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
            if following is None or (following.startswith("-") and not _NUMBER.match(following)):
                rest.append("1")
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


_NUMBER = re.compile(r"-?\d+$")


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
