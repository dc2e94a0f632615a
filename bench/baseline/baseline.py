#!/usr/bin/python3
"""The trained baseline a hospital's data team would build instead of rules: TF-IDF over the
ticket's title and description plus a linear model, trained and scored by 5-fold cross-validation
on the labeled samples, for bucket and for severity. Also times predict on one core and reports
peak memory. Debian's python3-sklearn, run by /usr/bin/python3 (not another Python on the PATH).

    /usr/bin/python3 bench/baseline/baseline.py samples/tickets.csv out.json [--smoke]

Writes one JSON document: per model, the out-of-fold predictions (every row is predicted by the
fold that did not train on it), per-fold scores, and predict throughput (batch and one ticket per
call), plus the process's peak resident set. The run is deterministic (seeded folds).
"""
import csv
import json
import os
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

SEED = 42
FOLDS = 5


def models():
    """Two standard set-ups; the report quotes both, so the baseline is not a strawman."""
    def tfidf():
        return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)
    return {
        "tfidf+logreg": lambda: make_pipeline(tfidf(), LogisticRegression(max_iter=2000, C=10.0)),
        "tfidf+linearsvc": lambda: make_pipeline(tfidf(), LinearSVC(C=1.0)),
    }


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"] for r in rows]
    texts = [(r["title"] + ". " + r["description"]).strip() for r in rows]
    buckets = np.array([r["bucket"] for r in rows])
    severities = np.array([int(r["severity"]) for r in rows])
    return ids, texts, buckets, severities


def scores(true_bucket, pred_bucket, true_sev, pred_sev):
    sev1 = true_sev == 1
    return {
        "bucket_accuracy": float(np.mean(true_bucket == pred_bucket)),
        "severity_exact": float(np.mean(true_sev == pred_sev)),
        "severity_within_one": float(np.mean(np.abs(true_sev - pred_sev) <= 1)),
        "severity1_recall": float(np.mean(pred_sev[sev1] == 1)) if sev1.any() else None,
        "severity1_count": int(sev1.sum()),
    }


def throughput(make, texts, buckets, severities, seconds):
    """Predict throughput of a model trained on all rows: bucket and severity for each ticket
    (two predicts, as the rules decide both in one call). Per wall-clock second and per CPU second of
    the process (the second is steadier when other processes compete for the core). Batch: all tickets per call, the
    baseline's best case. Single: one ticket per call, as a worker handling one incident would."""
    bucket_model = make().fit(texts, buckets)
    severity_model = make().fit(texts, severities)
    for _ in range(3):  # warm-up
        bucket_model.predict(texts)
        severity_model.predict(texts)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        bucket_model.predict(texts)
        severity_model.predict(texts)
        done += len(texts)
    batch = done / (time.perf_counter() - start)
    batch_cpu = done / (time.process_time() - cpu)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for text in texts:
            bucket_model.predict([text])
            severity_model.predict([text])
        done += len(texts)
    single = done / (time.perf_counter() - start)
    single_cpu = done / (time.process_time() - cpu)
    return batch, single, batch_cpu, single_cpu


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    smoke = "--smoke" in sys.argv
    samples, out = args[0], args[1]
    ids, texts, buckets, severities = read(samples)
    folds = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts, buckets))
    result = {"samples": samples, "rows": len(ids), "folds": FOLDS, "seed": SEED,
              "fold_of": {}, "models": {}, "cpu_affinity": sorted(os.sched_getaffinity(0))}
    for k, (_, test) in enumerate(folds):
        for i in test:
            result["fold_of"][ids[i]] = k
    for name, make in models().items():
        pred_bucket = np.empty(len(ids), dtype=object)
        pred_sev = np.zeros(len(ids), dtype=int)
        per_fold = []
        train_seconds = 0.0
        for train, test in folds:
            x_train = [texts[i] for i in train]
            x_test = [texts[i] for i in test]
            start = time.perf_counter()
            bucket_model = make().fit(x_train, buckets[train])
            severity_model = make().fit(x_train, severities[train])
            train_seconds += time.perf_counter() - start
            pred_bucket[test] = bucket_model.predict(x_test)
            pred_sev[test] = severity_model.predict(x_test)
            per_fold.append(scores(buckets[test], pred_bucket[test].astype(str), severities[test], pred_sev[test]))
        # The smoke times a handful of tickets: it proves the path runs, its rate is not quoted.
        sample = slice(0, 20) if smoke else slice(None)
        batch, single, batch_cpu, single_cpu = throughput(make, texts[sample], buckets[sample], severities[sample], 0.2 if smoke else 3.0)
        result["models"][name] = {
            "pooled": scores(buckets, pred_bucket.astype(str), severities, pred_sev),
            "per_fold": per_fold,
            "train_seconds_total": train_seconds,
            "predict_per_second_batch": batch,
            "predict_per_second_single": single,
            "predict_per_cpu_second_batch": batch_cpu,
            "predict_per_cpu_second_single": single_cpu,
            "predictions": {ids[i]: {"bucket": str(pred_bucket[i]), "severity": int(pred_sev[i])} for i in range(len(ids))},
        }
        if smoke:
            break
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    for name, m in result["models"].items():
        p = m["pooled"]
        print(f"{name}: bucket {p['bucket_accuracy']:.3f}, severity exact {p['severity_exact']:.3f}, "
              f"within one {p['severity_within_one']:.3f}, sev-1 recall {p['severity1_recall']}, "
              f"predict {m['predict_per_second_batch']:.0f}/s batch, {m['predict_per_second_single']:.0f}/s one at a time")
    print(f"peak RSS {result['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
