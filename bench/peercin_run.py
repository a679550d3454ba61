"""Run the peer CIN validator (csc-validator-be-cin) on one file.

Prints one `rule<TAB>child` line per distinct failure (child `-` for header
and LA-level rules) and the wall time on stderr, so bench/peer-cin.sh can
compare it with Sightline's findings.

usage: python peercin_run.py FILE RULESET   (e.g. cin2024_25)
"""
import contextlib
import importlib
import sys
import time
import xml.etree.ElementTree as ET

import warnings

import pandas as pd

warnings.filterwarnings("ignore")

from cin_validator import cin_validator  # noqa: E402


DROPPED = []
_include = cin_validator.include_issue_child


def _include_issue_child(issue_df, data):
    # The peer's own step fails (int cast of NaN) when a rule reports a row
    # with no ROW_ID; keep those aside as (rule, "?") instead of crashing.
    if len(issue_df) and "ROW_ID" in issue_df:
        bad = issue_df["tables_affected"].notna() & issue_df["ROW_ID"].isna()
        DROPPED.extend(issue_df.loc[bad, "rule_code"].astype(str).unique())
        issue_df = issue_df[~bad]
    return _include(issue_df, data)


cin_validator.include_issue_child = _include_issue_child
# The user report is not needed and repeats the work.
cin_validator.create_user_report = lambda issue_df, data: None


def main():
    path, ruleset = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    root = ET.parse(path).getroot()
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = getattr(importlib.import_module(f"cin_validator.rules.{ruleset}"), "registry")
    # The peer prints its internal rule errors on stdout; keep stdout for pairs.
    with contextlib.redirect_stdout(sys.stderr):
        v = cin_validator.CinValidator(data, registry)
    took = time.perf_counter() - t0
    out = set()
    df = v.full_issue_df
    if len(df):
        for rule, child in zip(df["rule_code"], df["child_id"]):
            out.add((str(rule), "-" if pd.isna(child) else str(child)))
    for rule in v.multichild_issues["rule_code"]:
        out.add((str(rule), "-"))
    for rule in DROPPED:
        out.add((rule, "?"))
    for rule, child in sorted(out):
        print(f"{rule}\t{child}")
    print(f"peer: {took:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
