#!/usr/bin/env python3
"""Write a large batch CSV (id,title,description) for timing `Adapter.Worker triage`.

Rows are drawn from the labeled samples (samples/tickets.csv) with fresh ids and light,
seeded variation (a forwarded-mail prefix, a common abbreviation, a changed number, an added
remark, a dropped word), so the classifier sees realistic but not identical text. The label
columns are left out: this is the input a help desk would hand over. Standard library only.

    python3 bench/make-large-csv.py bench/results/raw/big.csv            # 100,000 rows
    python3 bench/make-large-csv.py out.csv --rows 5000 --seed 7
"""

import argparse
import csv
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLES = REPO / "samples" / "tickets.csv"

TITLE_PREFIXES = ["URGENT: ", "Re: ", "FW: ", "again - ", "2nd request: "]
REMARKS = [
    "Called the help desk twice already.",
    "Happening on three workstations on this unit.",
    "Please call back at ext 4471.",
    "Started after the weekend.",
    "Same as the ticket last week.",
    "Manager is aware.",
    "Screenshot attached.",
    "thanks",
]
# Abbreviations staff really type; the classifier's Replacements map them back.
ABBREVIATIONS = {
    "patient": "pt",
    "patients": "pts",
    "appointment": "appt",
    "medications": "meds",
    "medication": "med",
    "prescription": "rx",
    "password": "pw",
    "message": "msg",
    "receive": "recieve",
}
WORD = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b", re.IGNORECASE)
NUMBER = re.compile(r"\b\d+\b")


def read_samples(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["title"], r["description"]) for r in csv.DictReader(f)]
    rows = [r for r in rows if r[0].strip() or r[1].strip()]
    if not rows:
        sys.exit(f"{path}: no tickets")
    return rows


def vary(rng, title, description):
    if rng.random() < 0.10:
        title = rng.choice(TITLE_PREFIXES) + title
    if rng.random() < 0.05:
        title = title.lower()
    if rng.random() < 0.25:
        description = WORD.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], description, count=1)
    if rng.random() < 0.20:
        description = NUMBER.sub(lambda m: str(rng.randint(1, 40)), description, count=1)
    if rng.random() < 0.15:
        description = f"{description} {rng.choice(REMARKS)}".strip()
    if rng.random() < 0.05:
        words = description.split(" ")
        if len(words) > 4:
            del words[rng.randrange(len(words))]
            description = " ".join(words)
    return title, description


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="CSV file to write (its folder is created)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows to write (default 100000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES, help="labeled sample CSV to draw from")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    samples = read_samples(args.samples)
    rng = random.Random(args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "title", "description"])
        for n in range(1, args.rows + 1):
            title, description = vary(rng, *rng.choice(samples))
            writer.writerow([f"B{n:07d}", title, description])
    print(f"wrote {args.rows} rows to {args.output}")


if __name__ == "__main__":
    main()
