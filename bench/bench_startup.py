"""Start-up of ``supatools --help`` and ``migrate --list``, as a ratio to ``python -c pass``.

Target: each <= 3x a bare interpreter start measured in the same run (median of
``--rounds``). ``--guard N`` exits 1 when ``migrate --list`` exceeds N times the baseline:
CI runs it with N = 5 as a regression guard, so a dependency that starts importing
something heavy (typer 0.29 and pydantic) fails the build instead of slipping through.

Two more lines say where the time goes:
- the Typer floor: a two-command Typer app (the options supatools uses) on the same
  interpreter, what the CLI framework costs before any supatools code runs;
- whether the interpreter's ``site`` loads an editable install's import hook (as a
  development checkout and CI have), which makes ``python -c pass`` itself slower and
  so every ratio smaller than on an installed wheel.

``--wheel`` measures a wheel of this checkout installed into a new virtual environment
(dependencies from the package index or pip's cache), as users install it.

The console script is timed (what a user types). Bytecode is allowed for every process,
as an installed package has it (pip compiles it at install); one warm-up run of each
command writes it first.

    python bench/bench_startup.py [--rounds 10] [--guard 5] [--wheel]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median, run, timed, user_env  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TARGET = 3.0
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


def wheel_python(root: Path) -> Path:
    """A new virtual environment under ``root`` with a wheel of this checkout installed."""
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
    )
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("supatools-*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return python


def editable_hook(python: Path) -> bool:
    """Whether ``python``'s ``site`` imports an editable install's finder at start-up."""
    probe = "import sys; print(any('__editable__' in m for m in sys.modules))"
    out = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, env=user_env(), check=True
    )
    return out.stdout.strip() == "True"


def measure(python: Path, rounds: int, floor_script: Path) -> tuple[float, float, list[float]]:
    """Medians of (python -c pass, the Typer floor's --help, each of COMMANDS)."""
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
    spent = [median(s) for s in samples]
    return spent[0], spent[1], spent[2:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--guard", type=float, default=None, help="exit 1 if migrate --list exceeds this ratio"
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
        base, floor, spent = measure(python, options.rounds, floor_script)
        hook = editable_hook(python)
    install = "a wheel in a new venv" if options.wheel else "this environment"
    print(f"start-up of {install} ({options.rounds} interleaved rounds, median wall time)")
    print(f"  python -c pass          : {base:.3f} s")
    print(f"  Typer floor --help      : {floor:.3f} s  ratio {floor / base:.2f}")
    ratios = []
    for args, seconds in zip(COMMANDS, spent, strict=True):
        ratios.append(seconds / base)
        label = "supatools " + " ".join(args)
        print(
            f"  {label:<24}: {seconds:.3f} s  ratio {seconds / base:.2f} "
            f"(target <= {TARGET:g}); {1000 * (seconds - floor):+.0f} ms over the Typer floor"
        )
    if hook:
        print(
            "  note: this interpreter's site imports an editable install's finder, so "
            "python -c pass includes it; a wheel install starts faster and every ratio is "
            "larger (--wheel measures one)"
        )
    if options.guard is not None and ratios[-1] > options.guard:
        print(
            f"start-up regression: migrate --list is {ratios[-1]:.2f}x python -c pass, "
            f"over the guard of {options.guard:g}x; find the import with python -X importtime",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
