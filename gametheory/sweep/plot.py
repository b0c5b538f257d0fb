"""Pictures: phase diagrams of where a profile is stable, with the threshold curves on top.

matplotlib is imported lazily with the non-interactive Agg backend when no backend was chosen,
so plotting works on machines without a display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError
from ..symbolic import as_expression
from .table import PhaseTable

CRITERION_WORDS = {
    "nash": "equilibrium boundary",
    "strict": "strict-equilibrium boundary",
    "risk_dominant": "risk-dominance boundary",
}
"""Legend words for the threshold curves of each criterion."""

REGIME_COLOURS = {
    "not-equilibrium": "#c8553d",
    "fragile": "#f2d0a4",
    "stable": "#4f9d69",
}


def regime_text(table: PhaseTable, regime: str) -> str:
    """What a regime of :data:`~gametheory.stability.criteria.REGIMES` means for the table's
    profile and rival (other labels are returned as they are).

    >>> from gametheory.sweep import grid
    >>> from gametheory.games import stag_hunt
    >>> regime_text(grid(stag_hunt(), {"R": [4.0]}), "fragile")
    '(Stag,Stag) an equilibrium, weak or not risk-dominant over (Hare,Hare)'
    """
    if not table.profile:
        return regime
    p = f"({','.join(table.profile)})"
    rival = f"({','.join(table.rival)})" if table.rival else None
    if regime == "not-equilibrium":
        return f"{p} not an equilibrium"
    if regime == "fragile":
        return (
            f"{p} an equilibrium, weak or not risk-dominant over {rival}"
            if rival
            else (f"{p} a weak equilibrium")
        )
    if regime == "stable":
        return (
            f"{p} strict, risk-dominant over {rival} or {rival} not strict"
            if rival
            else (f"{p} a strict equilibrium")
        )
    return regime


def _curve_words(label: str) -> str:
    """``"risk_dominant (2)"`` -> ``"risk-dominance boundary (2)"``; other labels unchanged."""
    name, _, rest = label.partition(" ")
    return f"{CRITERION_WORDS[name]} {rest}".strip() if name in CRITERION_WORDS else label


def pyplot():
    """matplotlib.pyplot, with the non-interactive Agg backend when there is no display."""
    import matplotlib

    if matplotlib.get_backend().lower() not in {"agg", "pdf", "svg", "cairo", "ps"}:
        import os

        if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _curves(thresholds: Any) -> list[tuple[str, sp.Expr, tuple[sp.Basic, ...]]]:
    """(label, expr, conditions) from Threshold objects, (label, expr) pairs or a mapping.

    A Threshold's side conditions and requirements travel with its curve: the boundary is
    only a boundary where they hold (elsewhere it is a branch of the same algebra, not a
    regime change), so the curve is drawn only there.
    """
    if thresholds is None:
        return []
    if isinstance(thresholds, Mapping):
        return [(str(k), v, ()) for k, v in thresholds.items()]
    out = []
    for item in thresholds:
        if hasattr(item, "boundary"):
            if item.boundary is None:
                continue
            label = str(getattr(item, "criterion", "threshold"))
            conditions = (*getattr(item, "side_conditions", ()), *getattr(item, "requires", ()))
            bounds = item.boundary if isinstance(item.boundary, tuple) else (item.boundary,)
            for k, bound in enumerate(bounds):
                name = label if len(bounds) == 1 else f"{label} ({k + 1})"
                out.append((name, bound, tuple(conditions)))
        else:
            label, expr = item
            out.append((str(label), expr, ()))
    return out


def _evaluate_curve(label, expr, conditions, xname, yname, xs, fixed):
    """y values of a threshold curve over xs, NaN where its conditions fail."""
    expr = as_expression("phase_diagram()", expr, f"threshold {label!r}")
    subs = {s: fixed[s.name] for s in expr.free_symbols if s.name in fixed}
    curve = expr.subs(subs)
    free = {s.name: s for s in curve.free_symbols}
    if set(free) - {xname}:
        raise GameError(
            f"phase_diagram(): threshold {label!r} depends on {sorted(set(free) - {xname})}, "
            f"which are neither the x axis {xname!r} nor fixed"
        )
    x = free.get(xname, sp.Symbol(xname))
    with np.errstate(all="ignore"):
        values = np.broadcast_to(
            np.asarray(sp.lambdify([x], curve, "numpy")(xs), dtype=float), xs.shape
        ).copy()
        for cond in conditions:
            symbols = {s.name: s for s in cond.free_symbols}
            cond = cond.subs({s: fixed[n] for n, s in symbols.items() if n in fixed})
            if cond in (sp.true, sp.false):
                if cond is sp.false:
                    values[:] = np.nan
                continue
            args = [symbols.get(xname, sp.Symbol(xname)), symbols.get(yname, sp.Symbol(yname))]
            ok = np.broadcast_to(sp.lambdify(args, cond, "numpy")(xs, values), xs.shape)
            values[~ok] = np.nan
    return curve, values


def phase_diagram(
    table: PhaseTable,
    thresholds: Iterable[Any] | Mapping[str, Any] | None = None,
    ax: Any = None,
    title: str | None = None,
):
    """Draw a two-axis :class:`~gametheory.sweep.PhaseTable` with regime colours.

    Parameters
    ----------
    table : PhaseTable
        Exactly two swept axes: the first is drawn horizontally, the second vertically.
    thresholds : iterable, optional
        Curves to overlay, each giving the vertical parameter as a sympy expression of the
        horizontal one (other symbols take ``table.fixed``): ``Threshold`` objects from
        :func:`gametheory.stability.thresholds`, ``(label, expr)`` pairs or a ``{label: expr}``
        mapping.
    ax : matplotlib Axes, optional
        Draw into this axes; by default a new figure is made.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if len(table.axes) != 2:
        raise GameError(
            f"phase_diagram(): needs a table with two swept axes, got {list(table.axes)}"
        )
    plt = pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    (xname, xs), (yname, ys) = table.axes.items()
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 6.5), constrained_layout=True)
    else:
        fig = ax.figure
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colours = [
        REGIME_COLOURS.get(r, palette[k % len(palette)]) for k, r in enumerate(table.regimes)
    ]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(len(colours) + 1) - 0.5, len(colours))
    ax.pcolormesh(xs, ys, table.labels.T, cmap=cmap, norm=norm, shading="auto")
    styles = iter(["-", "--", ":", "-."] * 4)
    for label, expr, conditions in _curves(thresholds):
        curve, values = _evaluate_curve(label, expr, conditions, xname, yname, xs, table.fixed)
        if not np.any(np.isfinite(values)):
            continue  # its conditions hold nowhere on this axis: no boundary to draw
        text = sp.sstr(sp.N(curve, 4)) if curve.free_symbols else f"{float(curve):.4g}"
        ax.plot(
            xs,
            values,
            color="black",
            linestyle=next(styles),
            linewidth=1.6,
            label=f"{_curve_words(label)}: {yname} = {text}",
        )
    ax.set_xlim(xs.min(), xs.max())
    ax.set_ylim(ys.min(), ys.max())
    ax.set_xlabel(table.axis_labels.get(xname, xname))
    ax.set_ylabel(table.axis_labels.get(yname, yname))
    if table.profile:
        rival = f" vs ({','.join(table.rival)})" if table.rival else ""
        title = title or f"{table.title}: regimes of ({','.join(table.profile)}){rival}"
    ax.set_title(title or table.title, fontsize=11)
    patches = [
        Patch(
            color=colour,
            label=f"{regime_text(table, r)} ({100 * table.share(r):.0f}% of grid)",
        )
        for r, colour in zip(table.regimes, colours, strict=True)
    ]
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles=patches + handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        fontsize=8,
        frameon=False,
        ncol=1,
    )
    if table.fixed:
        fixed = ", ".join(f"{k}={v:g}" for k, v in table.fixed.items())
        ax.text(
            0.99,
            0.01,
            fixed,
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=7,
            bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none"},
        )
    return fig


def save(fig, path: str) -> str:
    """Save a figure and close it; returns the file written.

    A path without an extension gets ``.png`` (what matplotlib would add silently), so the
    name returned is the file that exists afterwards.
    """
    import os

    plt = pyplot()
    path = os.fspath(path)
    if not os.path.splitext(path)[1]:
        path += ".png"
    try:
        fig.savefig(path, dpi=130)
    except (OSError, ValueError) as err:
        raise GameError(f"save(): cannot write {path!r}: {err}") from None
    finally:
        plt.close(fig)
    return path
