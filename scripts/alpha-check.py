#!/usr/bin/env python3
"""Checks panel's Krippendorff's alpha against the `krippendorff` package (PyPI).

    python3 scripts/alpha-check.py PANEL DB

Runs `PANEL stats --db DB --format json --no-stability`, reads the submitted sheets from DB
itself with sqlite3, computes alpha (interval) with the package for every row panel reports
(each kind and stage on the sheet totals, then each indicator group), and exits 1 when any
differs by more than 1e-9. Needs: pip install krippendorff numpy.
"""
import json
import math
import sqlite3
import subprocess
import sys

import krippendorff
import numpy as np

TOLERANCE = 1e-9


def main(panel, db):
    stats = json.loads(subprocess.run([panel, "stats", "--db", db, "--format", "json", "--no-stability"],
                                      check=True, capture_output=True, text=True).stdout)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = connection.execute(
        "SELECT s.expert_id, s.candidate_id, c.kind, s.stage, s.total, s.group_totals "
        "FROM sheet s JOIN candidate c ON c.id = s.candidate_id WHERE s.status = 'submitted'").fetchall()
    failures = 0
    checked = 0
    for row in stats["agreement"]:
        kind, stage, group = row["kind"], row["stage"], row["group"]
        values = {}
        for expert, candidate, row_kind, row_stage, total, group_totals in rows:
            if row_kind != kind or row_stage != stage:
                continue
            if group is None:
                value = total
            else:
                groups = dict(part.split("=") for part in group_totals.split())
                if group not in groups:
                    continue
                value = int(groups[group])
            values[(expert, candidate)] = value
        experts = sorted({e for e, _ in values})
        candidates = sorted({c for _, c in values})
        matrix = np.full((len(experts), len(candidates)), np.nan)
        for (expert, candidate), value in values.items():
            matrix[experts.index(expert), candidates.index(candidate)] = value
        label = f"{kind} {stage}" + (f" {group}" if group else "")
        ours = row["alpha"]
        try:
            theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
        except (ValueError, ZeroDivisionError) as error:
            theirs = None
            reason = str(error)
        if ours is None or theirs is None or (isinstance(theirs, float) and math.isnan(theirs)):
            same = ours is None and (theirs is None or math.isnan(theirs))
            print(f"{'ok  ' if same else 'FAIL'} {label}: panel {ours}, krippendorff {theirs}")
        else:
            same = abs(ours - theirs) <= TOLERANCE
            print(f"{'ok  ' if same else 'FAIL'} {label}: panel {ours:.12f}, krippendorff {theirs:.12f}, "
                  f"difference {abs(ours - theirs):.1e} ({row['units']} candidates, {row['values']} sheets)")
        checked += 1
        failures += 0 if same else 1
    if checked == 0:
        print("FAIL: panel reported no agreement rows")
        return 1
    print(f"{checked - failures} of {checked} equal to {TOLERANCE:g}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
