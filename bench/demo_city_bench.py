"""Time `manage.py demo_city` at city scale (480,000 volunteers) in a throw-away SQLite database.

Usage: .venv/bin/python bench/demo_city_bench.py [--volunteers 480000] [--needs 300] [--keep]

It runs `migrate` and then `demo_city` as child processes with ITDA_VAR_DIR pointing at a
temporary directory, streams the generator's progress, and prints wall time, the rate,
the children's peak memory and the database size. DEBUG is off (as in production), so a
throw-away SECRET_KEY is set for the children.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=480_000)
    parser.add_argument("--needs", type=int, default=300)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="itda-demo-bench-"))
    env = {
        **os.environ,
        "ITDA_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "SECRET_KEY": "demo-city-bench-throwaway-key",
        "DATABASE_URL": f"sqlite:///{var_dir / 'itda.sqlite3'}",
    }
    python = sys.executable
    try:
        migrate_s = run([python, "manage.py", "migrate", "-v0"], env)
        print(f"migrate: {migrate_s:.1f}s", flush=True)
        demo_s = run([python, "manage.py", "demo_city", "--volunteers", str(args.volunteers),
                      "--needs", str(args.needs), "--organizations", str(args.organizations),
                      "--seed", str(args.seed)], env)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024
        cpu_s = usage.ru_utime + usage.ru_stime  # both children; wall time suffers on a busy machine
        db_mb = sum(p.stat().st_size for p in var_dir.glob("itda.sqlite3*")) / 1e6
        print()
        print(f"demo_city --volunteers {args.volunteers:,}: {demo_s:.1f}s "
              f"({args.volunteers / demo_s:,.0f} volunteers/s), CPU {cpu_s:.0f}s (with migrate), "
              f"load average {os.getloadavg()[0]:.1f}, peak RSS {peak_mb:,.0f} MB, "
              f"database {db_mb:,.0f} MB in {var_dir}")
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
