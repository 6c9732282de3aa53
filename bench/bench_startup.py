"""Start-up of ``supatools --help`` and ``migrate --list``, as a ratio to ``python -c pass``.

Target: each <= 3x a bare interpreter start measured in the same run (median of
``--rounds``). ``--guard N`` exits 1 when ``migrate --list`` exceeds N times the baseline:
CI runs it with N = 5 as a regression guard, so a dependency that starts importing
something heavy (typer 0.29 and pydantic) fails the build instead of slipping through.

Bytecode is allowed for every process measured, as an installed package has it (pip
compiles it at install); one warm-up run of each command writes it first.

    python bench/bench_startup.py [--rounds 10] [--guard 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SUPATOOLS, median, run, timed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TARGET = 3.0
COMMANDS = (["--help"], ["migrate", "--list"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--guard", type=float, default=None, help="exit 1 if migrate --list exceeds this ratio"
    )
    options = parser.parse_args()
    baseline = [sys.executable, "-c", "pass"]
    commands = [[*SUPATOOLS, *args] for args in COMMANDS]
    for command in (baseline, *commands):  # warm-up: bytecode written, files cached
        run(command, cwd=REPO)
    samples: dict[int, list[float]] = {i: [] for i in range(len(commands) + 1)}
    for _ in range(options.rounds):  # interleaved, so a busy moment hits every command
        for i, command in enumerate((baseline, *commands)):
            samples[i].append(timed(lambda: run(command, cwd=REPO)))  # noqa: B023
    base = median(samples[0])
    print(f"start-up ({options.rounds} interleaved rounds, median wall time)")
    print(f"  python -c pass          : {base:.3f} s")
    ratios = []
    for i, args in enumerate(COMMANDS, start=1):
        spent = median(samples[i])
        ratios.append(spent / base)
        label = "supatools " + " ".join(args)
        print(f"  {label:<24}: {spent:.3f} s  ratio {spent / base:.2f} (target <= {TARGET:g})")
    if options.guard is not None and ratios[-1] > options.guard:
        print(
            f"start-up regression: migrate --list is {ratios[-1]:.2f}x python -c pass, "
            f"over the guard of {options.guard:g}x; find the import with python -X importtime",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
