"""``stability``, ``thresholds`` and ``sweep``: whether a profile is stable, at a point, as
symbolic parameter thresholds, and over a grid of parameters."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from contextlib import contextmanager

from ..errors import GameError
from .common import _numeric, _print, _progress, _symbolic, load_model, parse_params


def cmd_stability(args: argparse.Namespace) -> int:
    from ..stability import classify

    game = _numeric(load_model(args.file), parse_params(args.param))
    report = classify(
        game,
        args.profile,
        tol=args.tol,
        n_starts=args.starts,
        seed=args.seed,
        progress=_progress("replicator starts"),
    )
    data = report.to_dict()
    if args.json:
        _print(data)
        return 0
    print(f"profile ({','.join(report.profile)}) of {game.title or args.file}: {report.regime}")
    print(report.text())
    return 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    from ..stability import thresholds

    model = _symbolic(load_model(args.file), "thresholds")
    found = thresholds(model, args.profile, solve_for=args.solve_for)
    rows = [t.to_dict() for t in found]
    if args.json:
        profile = [model.actions[i][a] for i, a in enumerate(model.profile_index(args.profile))]
        _print({"profile": profile, "solve_for": args.solve_for, "thresholds": rows})
        return 0
    for t in found:
        head = f"  {t.criterion:<14}"
        if t.boundary is None:
            print(f"{head} not solved for {t.variable}; holds iff {t.statement()}")
        else:
            print(f"{head} {t.statement()}")
    return 0


@contextmanager
def _one_line_notes():
    """Show warnings (e.g. a damaged chunk computed again) as one stderr line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *_a, **_k: print(
            f"gametheory: note: {message}", file=sys.stderr
        )
        yield


def cmd_sweep(args: argparse.Namespace) -> int:
    from ..runner import progress_bar
    from ..sweep import grid, parse_range

    model = _symbolic(load_model(args.file), "sweep")
    if not args.grid:
        raise GameError("sweep: give at least one --grid NAME=START:STOP:NUM")
    ranges = [parse_range(g) for g in args.grid]
    axes = dict(ranges)
    if len(axes) != len(ranges):
        names = [name for name, _ in ranges]
        twice = sorted({n for n in names if names.count(n) > 1})
        raise GameError(f"sweep: --grid given more than once for {twice}; one range each")
    if args.plot and len(axes) != 2:
        raise GameError(
            f"sweep: --plot draws a phase diagram over two parameters; give two --grid "
            f"ranges, not {len(axes)}"
        )
    rival = None if args.rival == "none" else args.rival
    if args.profile is not None and args.rival not in (None, "none", "auto"):
        same = model.profile_index(args.profile) == model.profile_index(args.rival)
        if same:
            raise GameError(
                f"sweep: --rival {args.rival} is the --profile itself; give another "
                "equilibrium to compare with, or 'none'"
            )
    outs = args.out or []
    for out in outs:
        if not out.lower().endswith((".csv", ".parquet")):
            raise GameError(f"sweep: --out {out!r}: the extension must be .csv or .parquet")
    if args.resume and not outs:
        raise GameError("sweep: --resume needs --out (the sweep on disk to complete)")
    store = f"{outs[0]}.chunks" if outs else None
    executor, close = _sweep_executor(args)
    show = not (args.json or args.quiet) and sys.stderr.isatty()
    update, finish = progress_bar(show, desc=args.analysis)
    options = {
        "classify": {"n_starts": args.starts, "seed": args.seed, "basin_method": args.basins},
        "solve": {"method": args.method},
    }
    try:
        with _one_line_notes():
            table = grid(
                model,
                axes,
                args.analysis,
                profile=args.profile,
                rival=rival,
                fixed=parse_params(args.param),
                tol=args.tol,
                progress=update,
                executor=executor,
                store=store,
                resume=args.resume,
                chunk_size=args.chunk_size,
                options=options.get(args.analysis),
                model_name=args.file,
            )
    except KeyboardInterrupt:
        finish()
        if not store:
            raise
        print(
            f"gametheory: interrupted; finished chunks are kept in {store}, "
            "run the same command with --resume to complete the sweep",
            file=sys.stderr,
        )
        return 130
    finally:
        finish()
        close()
    from ..store import SweepStore

    for out in outs:
        try:
            SweepStore.export_from(store, out)
        except OSError as err:
            raise GameError(f"sweep: cannot write {out!r}: {err.strerror}") from None
    if args.plot:
        from ..plot import phase_diagram, save

        overlay = None
        if len(axes) == 2 and table.profile:
            from ..stability import thresholds

            yname = list(axes)[1]
            # solve's regimes only say whether the profile is an equilibrium
            shown = ("nash",) if args.analysis == "solve" else ("nash", "risk_dominant")
            overlay = [
                t for t in thresholds(model, table.profile, solve_for=yname) if t.criterion in shown
            ]
        args.plot = save(phase_diagram(table, overlay), args.plot)
    summary = {
        "analysis": args.analysis,
        "profile": list(table.profile),
        "rival": None if table.rival is None else list(table.rival),
        "axes": {k: [float(v[0]), float(v[-1]), len(v)] for k, v in table.axes.items()},
        "fixed": dict(table.fixed),
        "points": int(table.labels.size),
        "shares": {r: table.share(r) for r in table.regimes},
        "out": outs,
        "store": store,
        "plot": args.plot,
    }
    if args.json:
        _print(summary)
    else:
        for regime, share in summary["shares"].items():
            print(f"  {regime:<16} {100 * share:6.2f}% of {table.labels.size} points")
        for path in [*outs, args.plot]:
            if path:
                print(f"  wrote {path}")
    return 0


def _sweep_executor(args: argparse.Namespace):
    """(executor, close) for ``sweep``: a Dask scheduler, a local pool, or None (this process)."""
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise GameError(
                "sweep: --scheduler needs dask.distributed (pip install 'gametheory[distributed]')"
            ) from None
        try:
            client = Client(args.scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise GameError(
                f"sweep: cannot reach the scheduler {args.scheduler!r}: {err}"
            ) from None
        return client.get_executor(), client.close
    workers = args.workers
    if workers is None:  # vectorised criteria: array work, a pool would only add start-up time
        workers = 0 if args.analysis == "criteria" else (os.cpu_count() or 1)
    if workers < 0:
        raise GameError(f"sweep: --workers must be >= 0, got {workers}")
    if workers == 0:
        return None, lambda: None
    from ..runner import local_executor

    pool = local_executor(workers)
    return pool, lambda: pool.shutdown(wait=True, cancel_futures=True)
