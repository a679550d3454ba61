"""Run csc-validator-be-903 (the peer) on a directory of SSDA903 CSV files.

usage: python peer903_run.py DIR YEAR [PREV_DIR]
Prints one line per failing row, rule<TAB>table<TAB>row<TAB>child (row is
1-based counting the header row as 1, table as Sightline names it), and the
time taken on standard error. YEAR 2025 = 2024/25 = ruleset lac2024_25.
"""
import contextlib
import glob
import io
import importlib
import logging
import os
import sys
import time

logging.disable(logging.CRITICAL)

from lac_validator import lac_validator  # noqa: E402
from lac_validator.utils import process_uploaded_files  # noqa: E402

TABLES = {
    "Header": "header", "Episodes": "episodes", "Reviews": "reviews", "UASC": "uasc",
    "OC2": "oc2", "OC3": "oc3", "AD1": "ad1", "PlacedAdoption": "placed_for_adoption",
    "PrevPerm": "previous_permanence", "Missing": "missing", "SWEpisodes": "social_worker",
}


def main():
    d, year = sys.argv[1], int(sys.argv[2])
    prev = sys.argv[3] if len(sys.argv) > 3 else None
    files = {"This year": sorted(glob.glob(os.path.join(d, "*.csv")))}
    if prev:
        files["Prev year"] = sorted(glob.glob(os.path.join(prev, "*.csv")))
    ruleset = f"lac{year - 1}_{year % 100:02d}"
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    t0 = time.time()
    with contextlib.redirect_stdout(io.StringIO()):  # the peer prints debug output
        v = lac_validator.LacValidator(
            metadata={"collectionYear": str(year), "localAuthority": "E06000002"},
            files=process_uploaded_files(files),
            registry=registry,
        )
    t1 = time.time()
    out = []
    for table, df in v.ds_results.items():
        if table not in TABLES or not hasattr(df, "columns"):
            continue
        for col in [c for c in df.columns if str(c).startswith("ERR_")]:
            hit = df[df[col] == True]  # noqa: E712
            for idx, child in zip(hit.index, hit["CHILD"]):
                c = "" if child != child or child is None else str(child)
                out.append(f"{col[4:]}\t{TABLES[table]}\t{int(idx) + 2}\t{c}")
    sys.stdout.write("\n".join(sorted(out)) + ("\n" if out else ""))
    print(f"peer: {t1 - t0:.3f} s ({len(out)} findings; failed to run: {','.join(v.fails)})", file=sys.stderr)


if __name__ == "__main__":
    main()
