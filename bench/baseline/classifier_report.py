#!/usr/bin/env python3
"""Writes bench/results/classifier.md from one run of bench/run-classifier-vs-baseline.sh:
the baseline's JSON (baseline.py), our classifier's decisions over the same labeled file
(`Adapter.Worker.dll triage`), its throughput line (`Adapter.Benchmarks --samples-throughput`),
the triage run's peak RSS, and the machine. Standard library only.

    python3 classifier_report.py RAW_DIR SAMPLES OUT_MD
"""
import csv
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone


def read_labels(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: (r["bucket"], int(r["severity"])) for r in csv.DictReader(f)}


def score(labels, predicted):
    """predicted: id -> (bucket, severity). Every labeled row must be predicted."""
    n = len(labels)
    bucket = sum(predicted[i][0] == b for i, (b, _) in labels.items()) / n
    exact = sum(predicted[i][1] == s for i, (_, s) in labels.items()) / n
    within = sum(abs(predicted[i][1] - s) <= 1 for i, (_, s) in labels.items()) / n
    sev1 = [i for i, (_, s) in labels.items() if s == 1]
    recall = sum(predicted[i][1] == 1 for i in sev1) / len(sev1) if sev1 else float("nan")
    return {"bucket_accuracy": bucket, "severity_exact": exact, "severity_within_one": within,
            "severity1_recall": recall, "severity1_count": len(sev1)}


def per_fold(labels, predicted, fold_of):
    folds = sorted(set(fold_of.values()))
    return [score({i: v for i, v in labels.items() if fold_of[i] == k}, predicted) for k in folds]


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    sk = subprocess.run(["/usr/bin/python3", "-c", "import sklearn,sys;print(sklearn.__version__, sys.version.split()[0])"],
                        capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores: {model}; .NET SDK {dotnet}; scikit-learn and Python {sk} (Debian); {platform.platform()}"


def pct(x):
    return f"{100 * x:.1f}%"


def main():
    raw, samples, out = sys.argv[1], sys.argv[2], sys.argv[3]
    labels = read_labels(samples)
    base = json.load(open(os.path.join(raw, "baseline.json")))
    ours_throughput = json.loads(open(os.path.join(raw, "ours-throughput.json")).read().strip().splitlines()[-1])
    triage_rss_mb = float(open(os.path.join(raw, "ours-triage-rss-kb.txt")).read().strip()) / 1024
    with open(os.path.join(raw, "ours-decisions.csv"), newline="", encoding="utf-8") as f:
        ours_pred = {r["id"]: (r["bucket"], int(r["severity"])) for r in csv.DictReader(f)}
    ours = score(labels, ours_pred)
    ours_folds = per_fold(labels, ours_pred, base["fold_of"])
    ours_rate = ours_throughput["per_second"]
    ours_cpu_rate = ours_throughput["per_cpu_second"]

    lines = []
    w = lines.append
    w("# Classifier against a trained baseline (TF-IDF + linear model)")
    w("")
    w(f"Written by `bench/run-classifier-vs-baseline.sh`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
      f"on `{samples}` ({len(labels)} labeled tickets, {ours['severity1_count']} of severity 1).")
    w("")
    w(f"- **Baseline**: scikit-learn, TF-IDF over title + description (word 1-2 grams, sublinear tf), one model for "
      f"bucket and one for severity; {base['folds']}-fold cross-validation, stratified on bucket, seed {base['seed']}: "
      f"every ticket is predicted by the models trained on the other four folds. Scores are pooled over the five test folds "
      f"(the range over folds is in brackets). Two linear models are run so the baseline is not a strawman.")
    w("- **Ours**: the rules in `appsettings.json`, not trained, so the whole file goes through "
      "`Adapter.Worker.dll triage` once; that is exactly the union of the five folds' test rows, and the per-fold range "
      "uses the same folds.")
    w("- **Speed, one core**: both pinned with `taskset -c 0`. Ours: `Adapter.Benchmarks --samples-throughput`, the same "
      "tickets cycled in-process after a 3 s warm-up, for 5 s (bucket, system, severity and flags in one call). Baseline: "
      "bucket and severity models trained on all rows, `predict` of both for each ticket, timed for 3 s after a warm-up, "
      "in batches of all tickets (its best case) and one ticket per call (what a worker handling one incident does). "
      "Each rate is given per CPU second of the process (the requirement check uses it: it holds when other processes "
      "compete for the core) and, after the slash, per wall-clock second.")
    w("- **Memory**: peak resident set. Ours: VmHWM of the throughput process, and `/usr/bin/time` of the `triage` run; "
      "baseline: `ru_maxrss` of the Python process (training, cross-validation and timing).")
    w("")
    w("| | bucket accuracy | severity exact | severity within one | severity-1 recall | classifications per CPU second / per wall second, one core | peak RSS |")
    w("|---|---|---|---|---|---|---|")

    def rng(folds, key):
        vals = [f[key] for f in folds if f[key] is not None and f[key] == f[key]]
        return f" [{100 * min(vals):.0f}-{100 * max(vals):.0f}]" if vals else ""

    w(f"| **ours (rules)** | {pct(ours['bucket_accuracy'])}{rng(ours_folds, 'bucket_accuracy')} | {pct(ours['severity_exact'])}{rng(ours_folds, 'severity_exact')} "
      f"| {pct(ours['severity_within_one'])}{rng(ours_folds, 'severity_within_one')} | {pct(ours['severity1_recall'])}{rng(ours_folds, 'severity1_recall')} "
      f"| {ours_cpu_rate:,.0f} / {ours_rate:,.0f} | {ours_throughput['peak_rss_mb']:.0f} MB (triage run: {triage_rss_mb:.0f} MB) |")
    best = None
    for name, m in base["models"].items():
        p = m["pooled"]
        w(f"| {name} | {pct(p['bucket_accuracy'])}{rng(m['per_fold'], 'bucket_accuracy')} | {pct(p['severity_exact'])}{rng(m['per_fold'], 'severity_exact')} "
          f"| {pct(p['severity_within_one'])}{rng(m['per_fold'], 'severity_within_one')} | {pct(p['severity1_recall'])}{rng(m['per_fold'], 'severity1_recall')} "
          f"| batch {m['predict_per_cpu_second_batch']:,.0f} / {m['predict_per_second_batch']:,.0f}; one at a time {m['predict_per_cpu_second_single']:,.0f} / {m['predict_per_second_single']:,.0f} | {base['peak_rss_mb']:.0f} MB (whole run) |")
        if best is None or p["bucket_accuracy"] > base["models"][best]["pooled"]["bucket_accuracy"]:
            best = name
    w("")
    w("## Against the requirement (issue 8)")
    w("")
    w("| requirement | figure | |")
    w("|---|---|---|")
    for name, m in base["models"].items():
        p = m["pooled"]
        speed = ours_cpu_rate / m["predict_per_cpu_second_batch"]
        speed1 = ours_cpu_rate / m["predict_per_cpu_second_single"]
        wall = ours_rate / m["predict_per_second_batch"]
        verdict = "met" if speed >= 10 else ("met one at a time; **missed** against its batch predict" if speed1 >= 10 else "**missed**")
        w(f"| at least 10x faster than {name} (per CPU second) | {speed:,.1f}x its batch predict (wall clock {wall:,.1f}x), {speed1:,.0f}x one at a time | {verdict} |")
        for key, label in (("bucket_accuracy", "bucket accuracy"), ("severity1_recall", "severity-1 recall")):
            d = ours[key] - p[key]
            verdict = "met" if d >= 0 else f"**less accurate** by {100 * -d:.1f} points"
            w(f"| not less accurate on {label} than {name} | ours {pct(ours[key])}, baseline {pct(p[key])} | {verdict} |")
        for key, label in (("severity_exact", "severity exact"), ("severity_within_one", "severity within one")):
            d = ours[key] - p[key]
            w(f"| (no target) {label} against {name} | ours {pct(ours[key])}, baseline {pct(p[key])} | {'ahead' if d >= 0 else f'behind by {100 * -d:.1f} points'} |")
    w("")
    w("## Where each one misses")
    w("")
    misses = [(i, labels[i], ours_pred[i]) for i in labels if ours_pred[i][0] != labels[i][0]]
    sev1_missed = [(i, labels[i], ours_pred[i]) for i in labels if labels[i][1] == 1 and ours_pred[i][1] != 1]
    bp = base["models"][best]["predictions"]
    w(f"Ours: {len(misses)} bucket misses; severity-1 tickets not rated 1: {len(sev1_missed)} "
      f"({', '.join(f'{i} rated {p[1]}' for i, _, p in sev1_missed) or 'none'}).")
    b_sev1_missed = [i for i in labels if labels[i][1] == 1 and bp[i]['severity'] != 1]
    w(f"Baseline ({best}): {sum(bp[i]['bucket'] != labels[i][0] for i in labels)} bucket misses; severity-1 tickets not rated 1: {len(b_sev1_missed)}.")
    both = sum(1 for i in labels if bp[i]['bucket'] != labels[i][0] and ours_pred[i][0] != labels[i][0])
    w(f"Both wrong on the bucket of the same ticket: {both}.")
    w("")
    with open(samples, newline="", encoding="utf-8") as f:
        full = {r["id"]: r for r in csv.DictReader(f)}
    pairs = {}
    for _, (tb, _), (pb, _) in misses:
        pairs[(tb, pb)] = pairs.get((tb, pb), 0) + 1
    secondary = sum(1 for i, _, (pb, _) in misses if full[i].get("secondary_bucket") == pb)
    w("What the rules miss: the bucket confusions are " + ", ".join(
        f"{tb} → {pb} {n}" for (tb, pb), n in sorted(pairs.items(), key=lambda kv: -kv[1]))
      + f"; {secondary} of the {len(misses)} misses name the ticket's labeled secondary bucket (a two-sided "
        "ticket; most often an interface fault described through its clinical symptom).")
    for i, _, (_, ps) in sev1_missed:
        w(f"Severity-1 miss {i} (rated {ps}): \"{full[i]['title']}\": {full[i]['description'][:220]}")
    w("")
    w("Ours, bucket misses (true → ours):")
    w("")
    for i, (tb, _), (pb, _) in misses[:25]:
        w(f"- {i}: {tb} → {pb}")
    if len(misses) > 25:
        w(f"- … and {len(misses) - 25} more (`bench/results/raw/classifier/ours-decisions.csv`)")
    w("")
    w("## Machine")
    w("")
    w(f"- {machine()}")
    load = open("/proc/loadavg").read().split()[:3]
    w(f"- load average when the report was written: {' / '.join(load)} (1, 5, 15 min) on {os.cpu_count()} cores; other engineers "
      "build on this machine, so wall-clock rates are depressed and the per-CPU-second rates are the ones to compare; "
      "both are taken back to back in one script run")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
