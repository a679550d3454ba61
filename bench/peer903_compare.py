"""Compare the peer's and Sightline's SSDA903 findings.

usage: python3 peer903_compare.py PEER.tsv OURS.tsv RULES_BOTH.txt [PEER_TIME]
Each TSV line is rule<TAB>table<TAB>row<TAB>child. Only rules both validators
implement (RULES_BOTH.txt, one code a line) are compared, less those the peer
reports it failed to run on these files (PEER_TIME, its standard error); disagreements are
listed as (rule, child) pairs with the side that reported them, and counted per
rule at row level.
"""
import collections
import sys


def load(path, keep):
    rows = set()
    for line in open(path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 4 and parts[0] in keep:
            rows.add(tuple(parts))
    return rows


def main():
    keep = {l.strip() for l in open(sys.argv[3]) if l.strip()}
    if len(sys.argv) > 4:
        for line in open(sys.argv[4]):
            if "failed to run:" in line:
                failed = line.split("failed to run:")[1].strip(" )\n").split(",")
                keep -= {f.strip() for f in failed}
                print(f"left out (the peer failed to run them): {', '.join(sorted(f.strip() for f in failed if f.strip()))}")
    peer, ours = load(sys.argv[1], keep), load(sys.argv[2], keep)
    pc = {(r, c) for r, _, _, c in peer}
    oc = {(r, c) for r, _, _, c in ours}
    per_rule = collections.defaultdict(lambda: [0, 0, 0])
    for f in peer & ours:
        per_rule[f[0]][0] += 1
    for f in peer - ours:
        per_rule[f[0]][1] += 1
    for f in ours - peer:
        per_rule[f[0]][2] += 1
    print(f"rows: both {len(peer & ours)}, peer only {len(peer - ours)}, sightline only {len(ours - peer)}")
    print(f"(rule, child) pairs: both {len(pc & oc)}, peer only {len(pc - oc)}, sightline only {len(oc - pc)}")
    for r in sorted(per_rule, key=lambda r: (int(''.join(ch for ch in r if ch.isdigit()) or 10**9), r)):
        b, p, o = per_rule[r]
        flag = "" if p == 0 and o == 0 else "  <-- differs"
        print(f"  {r:10} both {b:6}  peer-only {p:6}  sightline-only {o:6}{flag}")
    for r, c in sorted(pc - oc):
        print(f"peer-only\t{r}\t{c}")
    for r, c in sorted(oc - pc):
        print(f"sightline-only\t{r}\t{c}")


if __name__ == "__main__":
    main()
