"""Run every benchmarks/bench_*.py (or those named on the command line), print a table and
write benchmarks/results/latest.json.

    python -m benchmarks                      # all of them
    python -m benchmarks api_baseline         # those whose name contains a word
    python -m benchmarks --duration 2 --list
"""

import argparse
import importlib
import os
import pkgutil
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import benchmarks
from benchmarks.harness import Context, Options, Result
from benchmarks.harness.context import RESULTS_DIR
from benchmarks.harness.results import table, write_json
from benchmarks.harness.server import ServerConfig

ROOT = Path(__file__).resolve().parent.parent


def discover(words: list[str]) -> list[str]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    if words:
        names = [n for n in names if any(w in n for w in words)]
    return names


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("only", nargs="*", help="run the benchmarks whose name contains a word")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds per figure")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--fresh-db", action="store_true", help="drop and recreate the database")
    return parser.parse_args(argv)


def _git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str]) -> int:
    args = parse(argv)
    names = discover(args.only)
    if args.list or not names:
        print("\n".join(names) or "no benchmark matches")
        return 0 if names or args.list else 1
    options = Options(
        duration=args.duration,
        warmup=args.warmup,
        concurrency=args.concurrency,
        server=ServerConfig(args.worker_class, args.workers, args.threads),
        fresh_db=args.fresh_db,
    )
    ctx = Context(options)
    load_before = os.getloadavg()
    started = datetime.now(UTC)
    results: list[Result] = []
    failed: list[str] = []
    try:
        for name in names:
            ctx.benchmark = name.removeprefix("bench_")
            print(f"== {ctx.benchmark}", flush=True)
            t0 = time.monotonic()
            try:
                module = importlib.import_module(f"benchmarks.{name}")
                produced = module.run(ctx)
            except Exception:
                traceback.print_exc()
                failed.append(name)
                continue
            results.extend(produced)
            print(f"   {len(produced)} figure(s) in {time.monotonic() - t0:.1f} s", flush=True)
    finally:
        ctx.close()

    print()
    print(table(results))
    run = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other work on the machine skews every figure (less so the ratios): keep it beside.
            "load_average_1m_before_after": [
                round(load_before[0], 2),
                round(os.getloadavg()[0], 2),
            ],
        },
        "server": vars(options.server),
        "load": {
            "concurrency": options.concurrency,
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "note": "closed loop, client threads on the same machine as the server",
        },
        "facts": ctx.facts,
        "failed": failed,
    }
    path = RESULTS_DIR / "latest.json"
    write_json(path, results, run)
    print(f"\nfacts: {ctx.facts}")
    print(f"load average (1 min) before/after: {run['machine']['load_average_1m_before_after']}")
    print(f"written: {path.relative_to(ROOT)}")
    bad = [f"{r.benchmark}: {r.name}" for r in results if not r.ok]
    if failed or bad:
        print(f"FAILED: {', '.join(failed + bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
