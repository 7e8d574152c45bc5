"""Summarise locust CSV results: p50/p95/p99, throughput and errors per kind of request, each
p50 as a ratio to the bare view's p50 measured in the same run (the floor of the stack).

    .venv/bin/python bench/load_report.py /tmp/wts-load/surge_stats.csv [--markdown]
"""

import csv
import sys

FLOOR_NAMES = ("floor: bare view", "max: bare view")


def read_stats(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _num(row, key) -> float:
    value = row.get(key) or "0"
    return float(value) if value != "N/A" else 0.0


def summarise(rows: list[dict]) -> tuple[list[dict], dict | None]:
    kinds = [r for r in rows if r["Name"] != "Aggregated"]
    floor = next((r for r in kinds if r["Name"] in FLOOR_NAMES), None)
    floor_p50 = _num(floor, "50%") if floor else 0.0
    out = []
    for r in sorted(kinds, key=lambda r: (r["Name"] in FLOOR_NAMES, r["Name"])):
        p50 = _num(r, "50%")
        out.append({
            "kind": f'{r["Type"]} {r["Name"]}',
            "requests": int(_num(r, "Request Count")),
            "errors": int(_num(r, "Failure Count")),
            "rps": _num(r, "Requests/s"),
            "p50": p50,
            "p95": _num(r, "95%"),
            "p99": _num(r, "99%"),
            "ratio": (p50 / floor_p50) if floor_p50 else None,
        })
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    return out, total


def render(rows: list[dict], total: dict | None, markdown: bool) -> str:
    header = ["kind", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ floor"]
    lines = []
    table = [[
        r["kind"], str(r["requests"]), str(r["errors"]), f'{r["rps"]:.1f}', f'{r["p50"]:.0f}', f'{r["p95"]:.0f}',
        f'{r["p99"]:.0f}', f'{r["ratio"]:.1f}×' if r["ratio"] is not None else "—",
    ] for r in rows]
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(row) + " |" for row in table]
    else:
        widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(header)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in table]
    if total:
        lines.append("")
        lines.append(
            f'all requests: {int(_num(total, "Request Count"))} in total, {_num(total, "Requests/s"):.1f} req/s, '
            f'{int(_num(total, "Failure Count"))} errors, p50 {_num(total, "50%"):.0f} ms, '
            f'p95 {_num(total, "95%"):.0f} ms, p99 {_num(total, "99%"):.0f} ms'
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    rows, total = summarise(read_stats(argv[0]))
    print(render(rows, total, markdown="--markdown" in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
