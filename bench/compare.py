"""The same ranking as panel's, computed with pandas on the same generated CSVs, and the ratios.

Usage: python3 bench/compare.py DIR BENCH_JSON PANEL_BINARY
DIR holds what `panel bench run --keep DIR` generated: nominations.csv, scores.csv, defense.csv,
rubrics/*.toml and the databases. Exits non-zero when pandas' winners differ from panel's.
"""
import json, subprocess, sys, time, tomllib
from pathlib import Path

import pandas as pd

folder, bench_json, panel = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
bench = json.loads(bench_json.read_text())
rules = tomllib.loads((folder / "rubrics/rules.toml").read_text())
sheets = {kind: tomllib.loads((folder / f"rubrics/{kind}.toml").read_text()) for kind in ("region", "school", "defense")}
scoring = rules["scoring"]


def items(kind):
    return [item["id"] for group in sheets[kind]["group"] for item in group["item"]]


def group_items(kind, group_id):
    return [item["id"] for group in sheets[kind]["group"] if group["id"] == group_id for item in group["item"]]


def aggregate(totals):
    """trimmed mean as rules.toml says: drop `trim` highest and lowest from `trim_min_experts` on."""
    values = sorted(totals)
    n, trim = len(values), scoring["trim"]
    if scoring["aggregate"] == "trimmed_mean" and n >= scoring["trim_min_experts"] and n > 2 * trim:
        values = values[trim:n - trim]
    return sum(values) / len(values)


start = time.perf_counter()
nominations = pd.read_csv(folder / "nominations.csv", dtype=str)
scores = pd.concat([pd.read_csv(folder / "scores.csv", dtype={"分数": float}), pd.read_csv(folder / "defense.csv", dtype={"分数": float})])
scores.columns = ["expert", "candidate", "stage", "item", "score"]
kinds = dict(zip(nominations["编号"], nominations["类别"].map({"区域": "region", "学校": "school"})))
scores["kind"] = scores["candidate"].map(kinds)
scores["sheet"] = [("defense" if s == "答辩" else k) for s, k in zip(scores["stage"], scores["kind"])]
# Complete sheets only: every item of the sheet has a score.
per_sheet = scores.groupby(["expert", "candidate", "stage", "sheet"]).agg(total=("score", "sum"), count=("score", "size")).reset_index()
per_sheet = per_sheet[per_sheet["count"] == per_sheet["sheet"].map(lambda k: len(items(k)))]
group_c = {k: set(group_items(k, "C")) for k in ("region", "school")}
material_scores = scores[scores["stage"] == "材料"]
c_totals = material_scores[[i in group_c[k] for i, k in zip(material_scores["item"], material_scores["kind"])]] \
    .groupby(["expert", "candidate"])["score"].sum().reset_index()
complete_material = per_sheet[per_sheet["stage"] == "材料"][["expert", "candidate"]]
c_totals = c_totals.merge(complete_material, on=["expert", "candidate"])

# Eligibility in the synthetic panel: a region needs a school that supports it (caps are lifted).
supported = set(nominations.loc[nominations["类别"] == "学校", "支撑区域"].dropna())
eligible = {c for c, k in kinds.items() if k == "school" or c in supported}

winners = {}
for kind in ("region", "school"):
    material = per_sheet[(per_sheet["stage"] == "材料") & (per_sheet["sheet"] == kind)].groupby("candidate")["total"].agg(list)
    material = {c: aggregate(t) for c, t in material.items() if c in eligible and len(t) >= scoring["min_experts"]}
    size = scoring[f"shortlist_{kind}"]
    ordered = sorted(material.values(), reverse=True)
    boundary = ordered[size - 1] if len(ordered) > size else float("-inf")
    shortlist = [c for c, m in material.items() if m >= boundary - 1e-9]
    defense = per_sheet[per_sheet["stage"] == "答辩"].groupby("candidate")["total"].agg(list)
    group = c_totals.groupby("candidate")["score"].agg(list)
    rows = []
    for c in shortlist:
        d = defense.get(c, [])
        if len(d) < scoring["min_experts"]:
            continue
        dv = aggregate(d)
        final = scoring["material_weight"] * material[c] + scoring["defense_weight"] * dv
        rows.append((round(final, 9), round(dv, 9), round(material[c], 9), round(aggregate(group[c]), 9), c))
    rows.sort(key=lambda r: r[:4], reverse=True)
    quota, chosen, index = rules["quota"][kind], [], 0
    while index < len(rows):
        end = index
        while end < len(rows) and rows[end][:4] == rows[index][:4]:
            end += 1
        if rows[index][0] < scoring["min_final"] - 1e-9 or len(chosen) + (end - index) > quota:
            break
        chosen += [r[4] for r in rows[index:end]]
        index = end
    winners[kind] = set(chosen)
pandas_seconds = time.perf_counter() - start

database = sorted(folder.glob("bench-*.sqlite"))[-1]
ranking = json.loads(subprocess.run([panel, "rank", "--db", str(database), "--format", "json"], check=True, capture_output=True, text=True).stdout)
panel_winners = {r["kind"]: {e["id"] for e in r["entries"] if e["status"] == "winner"} for r in ranking}
for kind in ("region", "school"):
    if winners[kind] != panel_winners[kind]:
        print(f"FAIL: {kind} winners differ: pandas only {sorted(winners[kind] - panel_winners[kind])[:10]}, panel only {sorted(panel_winners[kind] - winners[kind])[:10]}")
        sys.exit(1)
    print(f"{kind}: pandas and panel name the same {len(winners[kind])} winners")

scratch = folder / "sqlite3-import.db"
scratch.unlink(missing_ok=True)
start = time.perf_counter()
subprocess.run(["sqlite3", str(scratch), ".mode csv", f".import {folder / 'nominations.csv'} nominations"], check=True)
sqlite_seconds = time.perf_counter() - start

rank_ms = bench["rank_end_to_end_ms"]["median"]
import_ms = bench["nominations_import_ms"]["median"]
print(f"rank end to end: panel {rank_ms:.1f} ms, pandas {pandas_seconds * 1000:.1f} ms, pandas/panel = {pandas_seconds * 1000 / rank_ms:.2f}x")
print(f"nominations import: panel {import_ms:.1f} ms, sqlite3 .import {sqlite_seconds * 1000:.1f} ms, panel/sqlite3 = {import_ms / (sqlite_seconds * 1000):.2f}x")
