#!/usr/bin/python3
"""Runs two commands alternately N times and reports the median of each pair's ratio.

This VM's speed drifts by 20-30% from one minute to the next, so two means taken minutes
apart (hyperfine, one command after the other) can disagree by more than the difference
being measured; a pair run back to back shares the drift.

usage: alternate.py N 'ours ...' 'theirs ...'
"""
import shlex
import statistics
import subprocess
import sys
import time


def main():
    n, ours, theirs = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
    times = ([], [])
    for _ in range(n):
        for cmd, out in ((ours, times[0]), (theirs, times[1])):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            out.append(time.perf_counter() - start)
    ratios = [b / a for a, b in zip(*times)]
    print("ours %.3f s, theirs %.2f s (medians); ratio median %.1fx, range %.1fx - %.1fx"
          % (statistics.median(times[0]), statistics.median(times[1]), statistics.median(ratios), min(ratios), max(ratios)))


if __name__ == "__main__":
    main()
