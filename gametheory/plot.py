"""Pictures: phase diagrams of where restraint is stable, with the threshold curves on top.

matplotlib is imported lazily with the non-interactive Agg backend when no backend was chosen,
so plotting works on machines without a display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import sympy as sp

from .errors import GameError
from .sweep import PhaseTable

REGIME_COLOURS = {
    "not-equilibrium": "#c8553d",  # restraint fails: escalation pays
    "fragile": "#f2d0a4",  # restraint holds but escalation risk-dominates
    "stable": "#4f9d69",  # restraint risk-dominant
}
REGIME_TEXT = {
    "not-equilibrium": "restraint is not an equilibrium",
    "fragile": "restraint an equilibrium, escalation risk-dominant",
    "stable": "restraint an equilibrium and risk-dominant",
}


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in {"agg", "pdf", "svg", "cairo", "ps"}:
        import os

        if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _curves(thresholds: Any) -> list[tuple[str, sp.Expr]]:
    """Accept Threshold objects (with .criterion and .boundary) or (label, expr) pairs."""
    if thresholds is None:
        return []
    if isinstance(thresholds, Mapping):
        return [(str(k), v) for k, v in thresholds.items()]
    out = []
    for item in thresholds:
        if hasattr(item, "boundary"):
            if item.boundary is not None:
                out.append((str(getattr(item, "criterion", "threshold")), item.boundary))
        else:
            label, expr = item
            out.append((str(label), expr))
    return out


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
    plt = _pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    (xname, xs), (yname, ys) = table.axes.items()
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 6.5), constrained_layout=True)
    else:
        fig = ax.figure
    colours = [REGIME_COLOURS.get(r, "#999999") for r in table.regimes]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(len(colours) + 1) - 0.5, len(colours))
    ax.pcolormesh(xs, ys, table.labels.T, cmap=cmap, norm=norm, shading="auto")
    symbols_fixed = {k: v for k, v in table.fixed.items()}
    styles = iter(["-", "--", ":", "-."] * 4)
    for label, expr in _curves(thresholds):
        expr = sp.sympify(expr) if not isinstance(expr, sp.Basic) else expr
        subs = {s: symbols_fixed[s.name] for s in expr.free_symbols if s.name in symbols_fixed}
        curve = expr.subs(subs)
        free = {s.name: s for s in curve.free_symbols}
        if set(free) - {xname}:
            raise GameError(
                f"phase_diagram(): threshold {label!r} depends on {sorted(set(free) - {xname})}, "
                f"which are neither the x axis {xname!r} nor fixed"
            )
        f = sp.lambdify([free.get(xname, sp.Symbol(xname))], curve, "numpy")
        with np.errstate(all="ignore"):
            values = np.broadcast_to(np.asarray(f(xs), dtype=float), xs.shape)
        ax.plot(
            xs,
            values,
            color="black",
            linestyle=next(styles),
            linewidth=1.6,
            label=f"{label}: {yname} = {sp.sstr(curve)}",
        )
    ax.set_xlim(xs.min(), xs.max())
    ax.set_ylim(ys.min(), ys.max())
    ax.set_xlabel(xname)
    ax.set_ylabel(yname)
    profile = ",".join(table.profile)
    rival = f" vs ({','.join(table.rival)})" if table.rival else ""
    ax.set_title(title or f"{table.title}: regimes of ({profile}){rival}", fontsize=11)
    patches = [
        Patch(
            color=REGIME_COLOURS.get(r, "#999999"),
            label=f"{REGIME_TEXT.get(r, r)} ({100 * table.share(r):.0f}% of grid)",
        )
        for r in table.regimes
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


def save(fig, path: str) -> None:
    """Save a figure, creating nothing but the file; closes the figure afterwards."""
    plt = _pyplot()
    try:
        fig.savefig(path, dpi=130)
    except (OSError, ValueError) as err:
        raise GameError(f"save(): cannot write {path!r}: {err}") from None
    finally:
        plt.close(fig)
