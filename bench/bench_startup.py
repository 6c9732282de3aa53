"""Start-up time of ``supatools --help`` and ``migrate --list``. Target: <= 0.25 s each.

The baseline measured in the same run is a bare ``python -c pass``.

    python bench/bench_startup.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SUPATOOLS, median, run, timed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    options = parser.parse_args()
    base = median(
        [timed(lambda: run([sys.executable, "-c", "pass"])) for _ in range(options.rounds)]
    )
    print(f"start-up ({options.rounds} rounds, median wall time)")
    print(f"  python -c pass          : {base:.3f} s")
    for args in (["--help"], ["migrate", "--list"]):
        spent = median(
            [timed(lambda: run([*SUPATOOLS, *args], cwd=REPO)) for _ in range(options.rounds)]  # noqa: B023
        )
        label = "supatools " + " ".join(args)
        print(
            f"  {label:<24}: {spent:.3f} s  (target <= 0.250 s; ratio to python {spent / base:.1f})"
        )


if __name__ == "__main__":
    main()
