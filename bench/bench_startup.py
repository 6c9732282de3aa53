"""Start-up of ``supatools --help`` and ``migrate --list``, as a ratio to ``python -c pass``
and to the Typer floor.

Targets: each <= 3x a bare interpreter start and <= 1.1x the Typer floor (a two-command
Typer app with the options supatools uses, on the same interpreter: what the CLI framework
costs before any supatools code runs), both measured in the same run. ``--guard N`` exits 1
when ``migrate --list`` exceeds N times ``python -c pass`` (the ratio of the medians): CI runs
it with N = 5 as a regression guard, so a dependency that starts importing something heavy
(typer 0.29 and pydantic) fails the build instead of slipping through. ``--floor-guard X``
exits 1 when a command's ratio to the Typer floor (the median of the per-round ratios)
exceeds X; CI does not run it (a 10% margin is within the noise of a shared machine).

One more line says whether the interpreter's ``site`` loads an editable install's import hook
(as a development checkout and CI have), which makes ``python -c pass`` itself slower and so
every ratio to it smaller than on an installed wheel.

``--wheel`` measures a wheel of this checkout installed into a new virtual environment
(dependencies from the package index or pip's cache), as users install it.

The console script is timed (what a user types). Bytecode is allowed for every process,
as an installed package has it (pip compiles it at install); one warm-up run of each
command writes it first.

    python bench/bench_startup.py [--rounds 10] [--guard 5] [--floor-guard 1.1] [--wheel]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, median, run, timed, user_env, wheel_python  # noqa: E402

TARGET = 3.0
FLOOR_TARGET = 1.1
COMMANDS = (["--help"], ["migrate", "--list"])

TYPER_FLOOR = '''
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def first(
    count: Annotated[int, typer.Option(help="A number.")] = 1,
    name: Annotated[str, typer.Option(help="A name.")] = "",
) -> None:
    """The first command."""


@app.command()
def second(flag: Annotated[bool, typer.Option("--flag", help="A flag.")] = False) -> None:
    """The second command."""


app()
'''


def editable_hook(python: Path) -> bool:
    """Whether ``python``'s ``site`` imports an editable install's finder at start-up."""
    probe = "import sys; print(any('__editable__' in m for m in sys.modules))"
    out = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, env=user_env(), check=True
    )
    return out.stdout.strip() == "True"


class Timings:
    """Each command's wall times, one per round (rounds interleaved): ``base`` is
    ``python -c pass``, ``floor`` the Typer floor's ``--help``, ``commands`` COMMANDS."""

    def __init__(self, samples: list[list[float]]) -> None:
        self.base, self.floor, *self.commands = samples

    def python_ratio(self, samples: list[float]) -> float:
        """The ratio of the medians (the guard's measure, as CI has always read it)."""
        return median(samples) / median(self.base)

    def floor_ratio(self, samples: list[float]) -> float:
        """The median of the per-round ratios to the Typer floor: a busy moment slows a
        round's command and its floor alike, so each round's ratio is steadier."""
        return median([s / f for s, f in zip(samples, self.floor, strict=True)])


def measure(python: Path, rounds: int, floor_script: Path) -> Timings:
    """Wall times of python -c pass, the Typer floor's --help and each of COMMANDS."""
    script = python.parent / "supatools"
    entry = [str(script)] if script.exists() else [str(python), "-m", "supatools"]
    baseline = [str(python), "-c", "pass"]
    floor = [str(python), str(floor_script), "--help"]
    commands = [baseline, floor, *[[*entry, *args] for args in COMMANDS]]
    for command in commands:  # warm-up: bytecode written, files cached
        run(command, cwd=REPO)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):  # interleaved, so a busy moment hits every command
        for i, command in enumerate(commands):
            samples[i].append(timed(lambda: run(command, cwd=REPO)))  # noqa: B023
    return Timings(samples)


def report(timings: Timings, install: str, rounds: int) -> list[tuple[str, float, float]]:
    """Print the table; return (label, ratio to python, ratio to the floor) per command."""
    base, floor = median(timings.base), median(timings.floor)
    print(f"start-up of {install} ({rounds} interleaved rounds, median wall time)")
    print(f"  python -c pass          : {base:.3f} s")
    floor_to_python = timings.python_ratio(timings.floor)
    print(f"  Typer floor --help      : {floor:.3f} s  ratio {floor_to_python:.2f}")
    rows = []
    for args, samples in zip(COMMANDS, timings.commands, strict=True):
        label = "supatools " + " ".join(args)
        to_python, to_floor = timings.python_ratio(samples), timings.floor_ratio(samples)
        rows.append((label, to_python, to_floor))
        print(
            f"  {label:<24}: {median(samples):.3f} s  ratio {to_python:.2f} "
            f"(target <= {TARGET:g}); {to_floor:.2f}x the Typer floor "
            f"(target <= {FLOOR_TARGET:g}), {1000 * (median(samples) - floor):+.0f} ms"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--guard", type=float, default=None, help="exit 1 if migrate --list exceeds this ratio"
    )
    parser.add_argument(
        "--floor-guard",
        type=float,
        default=None,
        help="exit 1 if a command exceeds this ratio to the Typer floor (not for CI: noisy)",
    )
    parser.add_argument(
        "--wheel", action="store_true", help="measure a wheel installed into a new venv"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        floor_script = root / "typer_floor.py"
        floor_script.write_text(TYPER_FLOOR)
        python = wheel_python(root) if options.wheel else Path(sys.executable)
        timings = measure(python, options.rounds, floor_script)
        hook = editable_hook(python)
    install = "a wheel in a new venv" if options.wheel else "this environment"
    rows = report(timings, install, options.rounds)
    if hook:
        print(
            "  note: this interpreter's site imports an editable install's finder, so "
            "python -c pass includes it; a wheel install starts faster and every ratio is "
            "larger (--wheel measures one)"
        )
    failed = False
    to_python = rows[-1][1]
    if options.guard is not None and to_python > options.guard:
        print(
            f"start-up regression: migrate --list is {to_python:.2f}x python -c pass, "
            f"over the guard of {options.guard:g}x; find the import with python -X importtime",
            file=sys.stderr,
        )
        failed = True
    for label, _, to_floor in rows:
        if options.floor_guard is not None and to_floor > options.floor_guard:
            print(
                f"start-up regression: {label} is {to_floor:.2f}x the Typer floor, over the "
                f"floor guard of {options.floor_guard:g}x; find the import with "
                "python -X importtime",
                file=sys.stderr,
            )
            failed = True
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
