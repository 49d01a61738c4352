"""Run one build in this process and print its wall time and peak memory as JSON (used by run.py).

Usage: python bench/measure.py mkdocs|portfolio ARGS...
A fresh process per measurement, so `ru_maxrss` is the peak of that build alone.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def main() -> int:
    tool, args = sys.argv[1], sys.argv[2:]
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    start = time.perf_counter()
    if tool == "mkdocs":
        from mkdocs.__main__ import cli

        try:
            cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
    else:
        from generator.cli import main as portfolio

        status = portfolio(args)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"status": status, "seconds": seconds, "peak_mb": peak_kb / 1024}))
    return status


if __name__ == "__main__":
    sys.exit(main())
