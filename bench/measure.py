"""Run one command in this fresh process and print its wall time, CPU time, peak memory and our stage times as JSON.

For `portfolio build` also the worker's stage times and CPU seconds, and the worker's peak memory.

Usage: python bench/measure.py mkdocs|portfolio ARGS...
One process per measurement, so `ru_maxrss` is the peak of that command alone (used by run.py).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ["NO_MKDOCS_2_WARNING"] = "1"


def main() -> int:
    tool, args = sys.argv[1], sys.argv[2:]
    plugins = []
    if tool == "mkdocs":
        from mkdocs.__main__ import cli

        def run() -> int:
            try:
                cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
            except SystemExit as exc:
                return int(exc.code or 0)
            return 0
    else:
        import generator.mkdocs.plugin
        from generator.cli import main as portfolio

        # Keep every plugin instance MkDocs makes, to read its stage timer after the build.
        original = generator.mkdocs.plugin.PortfolioPlugin.__init__

        def remember(self, *a, **k):
            original(self, *a, **k)
            plugins.append(self)

        generator.mkdocs.plugin.PortfolioPlugin.__init__ = remember

        def run() -> int:
            return portfolio(args)

    start = time.perf_counter()
    status = run()
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "status": status,
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # The largest child's peak: the worker process of a big build (generator/worker.py).
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    if plugins:
        plugin = plugins[-1]
        result["stages"] = dict(plugin.timer.seconds)
        result["worker"] = dict(plugin.source.worker_seconds) if plugin.source else {}
        result["ran"] = plugin.portfolio is not None  # False: a no-change build stopped before building
    print(json.dumps(result))
    return status


if __name__ == "__main__":
    sys.exit(main())
