"""The benchmark's text table: one row per game, one column per solver, and a legend."""

from __future__ import annotations

from ._runs import Run


def _cell(r: Run | None, reference: str) -> str:
    if r is None:
        return "-"
    if r.status != "ok":
        return r.status
    t = f"{r.seconds * 1e3:.3g} ms" if r.seconds < 1 else f"{r.seconds:.3g} s"
    out = f"{t}, {r.equilibria} NE"
    if r.ratio is not None and r.solver != reference:
        out += f", x{r.ratio:.3g}" if r.ratio < 100 else f", x{r.ratio:.0f}"
    if r.missed or r.extra:
        out += f", missed {r.missed}/extra {r.extra}"
    return out


def format_table(
    runs: list[Run],
    first: dict[str, float | None],
    title: str = "",
    warmup: str = "a random and a degenerate 3x3 game",
) -> str:
    """`title`, then one row per game and one column per solver (time, equilibria, ratio to the
    first solver, missed/extra), then a legend naming the first-call games (`warmup`)."""
    solvers = list(dict.fromkeys(r.solver for r in runs))
    cases = list(dict.fromkeys(r.case for r in runs))
    if not solvers:
        return f"{title}\n(no solver selected)" if title else "(no solver selected)"
    cell = {(r.case, r.solver): r for r in runs}
    rows = [["game", *solvers]]
    rows += [[c] + [_cell(cell.get((c, s)), solvers[0]) for s in solvers] for c in cases]
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    if title:
        lines[:0] = [title, ""]
    lines.append("")
    lines.append(
        f"x: time relative to {solvers[0]} (above 1: ours is faster). NE: distinct equilibria "
        "reported. missed/extra: equilibria of ours the solver did not report / it reported "
        "that we do not have. Times: best of up to 5 runs within 0.5 s, each after a first "
        f"call on {warmup} (numba compilation, not included above): "
        + ", ".join(
            f"{k} {v:.3g} s" if v is not None else f"{k} over the cap" for k, v in first.items()
        )
    )
    return "\n".join(lines)
