#!/usr/bin/env python3
"""Runs one whole W7 job as a user would time it and reports what `time` would: wall seconds from
before the process starts to after it exits, CPU seconds (user + system, the job's children
included), and its peak resident set. Passes the job's own JSON lines through, with `impl` set.

    timed.py IMPL CMD [ARGS...]
"""
import json
import os
import resource
import subprocess
import sys
import time


def main():
    impl, cmd = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    for line in out.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            record["impl"] = impl
            print(json.dumps(record))
        else:
            print(line, file=sys.stderr)
    for metric, value, unit in (("wall_s", wall, "s (whole process, lower is better)"),
                                ("cpu_s", usage.ru_utime + usage.ru_stime, "s (user + system)"),
                                ("peak_rss_mb", usage.ru_maxrss / 1024, "MB")):
        print(json.dumps({"impl": impl, "workload": "W7", "metric": metric, "value": value, "unit": unit}))
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
