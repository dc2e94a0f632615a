#!/usr/bin/env python3
"""Write bench/results/classifier-speed.md from one run of run-classifier-bench.sh.

Reads BenchmarkDotNet's JSON report, the --smoke output and the `/usr/bin/time -v` files of the
triage repetitions, and states each figure against its target. Standard library only; the shell
script calls it, there is no need to run it by hand.
"""

import argparse
import glob
import json
import re
import statistics
import subprocess
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

OPS_TARGET = 100_000          # classifications/s on one core, 600-character tickets
ALLOC_TARGET = 2048           # bytes allocated per classification, strictly less
WALL_TARGET = 5.0             # seconds for triage of 100,000 rows, strictly less
RSS_TARGET_MIB = 200.0        # peak resident set of that run, strictly less


def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def git_status(*paths):
    """Porcelain status lines, leading blanks kept: they are part of the two status columns."""
    try:
        out = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", *paths],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return out.splitlines()


def cores_busy(before, after):
    """Average number of busy cores between two /proc/stat 'cpu' lines."""
    b = [int(x) for x in Path(before).read_text().split()[1:]]
    e = [int(x) for x in Path(after).read_text().split()[1:]]
    delta = [y - x for x, y in zip(b, e)]
    total = sum(delta)
    idle = delta[3] + delta[4]  # idle + iowait
    cores = int(run("nproc")) if run("nproc").isdigit() else 1
    return (total - idle) / total * cores if total else 0.0, cores


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def read_benchmarks(artifacts):
    files = glob.glob(str(Path(artifacts) / "results" / "*ClassifierBenchmarks-report*.json"))
    if not files:
        raise SystemExit(f"no BenchmarkDotNet JSON report under {artifacts}/results")
    report = json.loads(Path(files[0]).read_text())
    rows = {}
    for b in report["Benchmarks"]:
        length = int(re.search(r"TicketLength=(\d+)", b["Parameters"]).group(1))
        stats = b["Statistics"]
        if stats is None:
            raise SystemExit(f"benchmark {b['FullName']} has no measurements (it failed)")
        rows[length] = {
            "mean_ns": stats["Mean"],
            "stddev_ns": stats["StandardDeviation"],
            "median_ns": stats["Median"],
            "alloc": b["Memory"]["BytesAllocatedPerOperation"],
            "gen0": b["Memory"]["Gen0Collections"] * 1000.0 / max(b["Memory"]["TotalOperations"], 1),
        }
    return rows, report["HostEnvironmentInfo"]


def read_time(path):
    text = Path(path).read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", text)
    hours, minutes, seconds = wall.groups()
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    status = int(re.search(r"Exit status: (\d+)", text).group(1))
    return {
        "wall": int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds),
        "rss_mib": rss_kib / 1024.0,
        "cpu": user + system,
        "status": status,
    }


def verdict(ok, miss):
    return "met" if ok else f"**missed**: {miss}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--artifacts", required=True, help="BenchmarkDotNet artifacts folder")
    p.add_argument("--smoke", required=True, help="file with the --smoke output")
    p.add_argument("--rows", type=int, required=True, help="rows in the triage input")
    p.add_argument("--input-bytes", type=int, required=True, help="size of the triage input file")
    p.add_argument("--time", nargs="+", required=True, help="/usr/bin/time -v output, one per repetition")
    p.add_argument("--cpu", nargs=2, metavar=("BEFORE", "AFTER"),
                   help="first line of /proc/stat before and after the BenchmarkDotNet run")
    p.add_argument("--bdn-args", default="", help="extra BenchmarkDotNet arguments the run used")
    p.add_argument("--output", required=True, type=Path)
    a = p.parse_args()

    bench, host = read_benchmarks(a.artifacts)
    reps = [read_time(t) for t in a.time]
    if any(r["status"] != 0 for r in reps):
        raise SystemExit("a triage repetition exited non-zero")
    wall = statistics.median(r["wall"] for r in reps)
    rss = statistics.median(r["rss_mib"] for r in reps)
    cpu = statistics.median(r["cpu"] for r in reps)

    long_ = bench[600]
    ops = 1e9 / long_["mean_ns"]
    lines = []
    w = lines.append
    w("# Classifier speed")
    w("")
    w("Written by `bench/run-classifier-bench.sh` (see `bench/README.md`); re-run it to refresh. "
      "Figures are from one run on the machine below: compare runs on the same kind of machine only.")
    w("")
    w("## Figures against targets")
    w("")
    w("| measure | target | measured | verdict |")
    w("|---|---|---|---|")
    w(f"| classifications/s on one core, 600-char tickets | >= {OPS_TARGET:,} | {ops:,.0f} | "
      + verdict(ops >= OPS_TARGET, f"{(1 - ops / OPS_TARGET) * 100:.0f}% short ({OPS_TARGET / ops:.2f}x too slow)") + " |")
    w(f"| time per classification, 600-char tickets | <= {1e9 / OPS_TARGET:,.0f} ns | {long_['mean_ns']:,.0f} ns (sd {long_['stddev_ns']:,.0f}) | "
      + verdict(long_["mean_ns"] <= 1e9 / OPS_TARGET, f"{long_['mean_ns'] - 1e9 / OPS_TARGET:,.0f} ns over") + " |")
    w(f"| allocated per classification, 600-char tickets | < {ALLOC_TARGET:,} B | {long_['alloc']:,} B | "
      + verdict(long_["alloc"] < ALLOC_TARGET, f"{long_['alloc'] - ALLOC_TARGET:,} B over ({long_['alloc'] / ALLOC_TARGET:.2f}x)") + " |")
    w(f"| triage of {a.rows:,} rows, wall time (median of {len(reps)}) | < {WALL_TARGET:g} s | {wall:.2f} s | "
      + verdict(wall < WALL_TARGET, f"{wall - WALL_TARGET:.2f} s over ({wall / WALL_TARGET:.2f}x)") + " |")
    w(f"| triage of {a.rows:,} rows, peak resident set (median of {len(reps)}) | < {RSS_TARGET_MIB:g} MB | {rss:.1f} MB | "
      + verdict(rss < RSS_TARGET_MIB, f"{rss - RSS_TARGET_MIB:.1f} MB over ({rss / RSS_TARGET_MIB:.2f}x)") + " |")
    w("")
    w("MB here is MiB (1,048,576 bytes): `/usr/bin/time` reports the peak resident set in KiB.")
    w("")
    w("## Classifier (BenchmarkDotNet, pinned with `taskset -c 0`)")
    w("")
    w("| ticket length | ns/op (mean) | ns/op (median) | ops/s per core | allocated B/op | Gen0 per 1,000 ops |")
    w("|---|---|---|---|---|---|")
    for length in sorted(bench, reverse=True):
        b = bench[length]
        w(f"| ~{length} chars | {b['mean_ns']:,.0f} | {b['median_ns']:,.0f} | {1e9 / b['mean_ns']:,.0f} | {b['alloc']:,} | {b['gen0']:.2f} |")
    w("")
    noisy = [length for length, b in bench.items() if b["stddev_ns"] > 0.1 * b["mean_ns"]]
    if a.cpu:
        busy, cores = cores_busy(*a.cpu)
        w(f"Machine load during the run: {busy:.2f} of {cores} cores busy on average "
          f"(the benchmark itself keeps one busy; more means other processes competed).")
        w("")
        if busy > 1.25:
            noisy = noisy or list(bench)
    if noisy:
        w("**Noisy run**: the standard deviation exceeds 10% of the mean"
          + (" or other processes used the machine" if a.cpu else "")
          + ". Re-run on a quiet machine before trusting the ns/op above.")
        w("")
    w(f"Each operation classifies one ticket from a fixed, seeded set of 256 built from "
      f"`samples/tickets.csv` (title, then descriptions and further samples' text up to the length). "
      f"The short case (~120 chars) has no target; it shows the fixed cost per call.")
    w("")
    w("In-process smoke check (`--smoke`, not pinned, 10,000 calls per length after a 1 s warm-up, "
      "Stopwatch and `GC.GetAllocatedBytesForCurrentThread`; one short sample, so rough):")
    w("")
    w("```")
    w(Path(a.smoke).read_text().strip())
    w("```")
    w("")
    w(f"## Batch triage (`Adapter.Worker.dll triage`, {a.rows:,} rows, {a.input_bytes / 1048576:.1f} MB input)")
    w("")
    w("Run as `dotnet src/Adapter.Worker/bin/Release/net10.0/Adapter.Worker.dll triage --input big.csv --output out.csv` "
      "under `/usr/bin/time -v`, not pinned (both cores available; the batch loop itself is one thread). "
      "Input made by `bench/make-large-csv.py` (seed 42). Includes process start, configuration load and "
      "building the classifier.")
    w("")
    w("| repetition | wall s | CPU s (user+sys) | peak RSS MB | rows/s |")
    w("|---|---|---|---|---|")
    for i, r in enumerate(reps, 1):
        w(f"| {i} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss_mib']:.1f} | {a.rows / r['wall']:,.0f} |")
    w(f"| **median** | **{wall:.2f}** | **{cpu:.2f}** | **{rss:.1f}** | **{a.rows / wall:,.0f}** |")
    w("")
    w("## Machine")
    w("")
    w(f"- nproc: {run('nproc')}")
    w(f"- CPU: {cpu_model()}")
    w(f"- dotnet --version: {run('dotnet', '--version')} (runtime {host.get('RuntimeVersion', 'unknown')})")
    w(f"- OS: {host.get('OsVersion', 'unknown')}, kernel {run('uname', '-r')}")
    job = f"extra arguments `{a.bdn_args}` (not comparable with a default-job run)" if a.bdn_args.strip() else "default job"
    w(f"- BenchmarkDotNet {host.get('BenchmarkDotNetVersion', '?')}, {job}, Release build")
    w(f"- measured: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    w("")
    w("## Code measured")
    w("")
    w(f"- commit {run('git', '-C', str(REPO), 'rev-parse', '--short', 'HEAD')}")
    changed = [line for line in git_status("src/Adapter.Core", "src/Adapter.Worker", "appsettings.json") if line.strip()]
    if changed:
        w("- plus uncommitted changes (the working tree was built and its `appsettings.json` read):")
        for line in changed:
            w(f"  - `{line[3:]}` ({line[:2].strip()})")
    else:
        w("- no uncommitted changes to the classifier, the worker or `appsettings.json`")
    w("")
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
