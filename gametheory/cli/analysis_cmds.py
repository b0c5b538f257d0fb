"""``stability``, ``thresholds``, ``sweep`` and ``claims``: whether a profile is stable, at a
point, as symbolic parameter thresholds, and over a grid of parameters; and the claims ledger
(:mod:`gametheory.deterrence.claims`)."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from contextlib import contextmanager
from typing import Any

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


def cmd_claims(args: argparse.Namespace) -> int:
    from ..deterrence.claims import claims, plot, render

    ledger = claims(
        ids=args.only,
        samples=args.samples,
        numeric_samples=args.numeric_samples,
        seed=args.seed,
        sobol_base=args.sobol,
        numeric_sobol_base=args.numeric_sobol,
        sections=not args.no_sections,
    )
    written = plot(ledger, args.plot) if args.plot else None
    if args.json:
        data: dict[str, Any] = {"seed": args.seed, "claims": [c.to_dict() for c in ledger]}
        if written:
            data["plot"] = written
        _print(data)
        return 0
    print(render(ledger))
    if written:
        print(f"wrote {written}")
    return 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    from ..stability import thresholds

    model = _symbolic(load_model(args.file), "thresholds", args.file)
    found = thresholds(model, args.profile, solve_for=args.solve_for)
    rows = [t.to_dict() for t in found]
    if args.json:
        profile = [model.actions[i][a] for i, a in enumerate(model.profile_index(args.profile))]
        _print({"profile": profile, "solve_for": args.solve_for, "thresholds": rows})
        return 0
    for t in found:
        head = f"  {t.criterion:<14}"
        text = t.statement()
        if t.boundary is None and not text.startswith(("never", "always", "undefined")):
            text = f"not solved for {t.variable}; holds iff {text}"
        print(f"{head} {text}")
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
    from ..sweep import grid, parse_range
    from ..sweep.runner import progress_bar

    model = _symbolic(load_model(args.file), "sweep", args.file)
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
    _check_sweep_options(args)
    outs = args.out or []
    for out in outs:
        _check_out(out)
    if args.resume and not outs:
        raise GameError("sweep: --resume needs --out (the sweep on disk to complete)")
    store = f"{outs[0]}.chunks" if outs else None
    executor, close = _sweep_executor(args)
    show = not (args.json or args.quiet) and sys.stderr.isatty()
    update, finish = progress_bar(show, desc=args.analysis)
    options = {
        "classify": {
            "n_starts": 2000 if args.starts is None else args.starts,
            "seed": args.seed or 0,
            "basin_method": args.basins or "auto",
        },
        "solve": {"method": args.method or "auto"},
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
    from ..sweep.store import SweepStore

    for out in outs:
        try:
            SweepStore.export_from(store, out)
        except OSError as err:
            raise GameError(f"sweep: cannot write {out!r}: {err.strerror}") from None
    if args.plot:
        from ..sweep.plot import phase_diagram, save

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


SWEEP_OPTIONS = {
    "--starts": ("starts", "classify"),
    "--seed": ("seed", "classify"),
    "--basins": ("basins", "classify"),
    "--method": ("method", "solve"),
}
"""Options that only one analysis reads (their defaults are None so a given one is seen)."""

MAX_WORKERS_PER_CORE = 4
"""``--workers`` above this many per core is refused (processes would only contend)."""

SCHEDULER_TIMEOUT = 5.0
"""Seconds to reach a Dask scheduler (TCP connect, then the Dask handshake)."""


def _check_sweep_options(args: argparse.Namespace) -> None:
    """Refuse options the chosen analysis or executor would ignore."""
    for option, (attr, analysis) in SWEEP_OPTIONS.items():
        if getattr(args, attr) is not None and args.analysis != analysis:
            raise GameError(
                f"sweep: {option} is used by --analysis {analysis} only, not by --analysis "
                f"{args.analysis}; drop it"
            )
    if args.scheduler and args.workers is not None:
        raise GameError(
            "sweep: --workers sets local processes; with --scheduler the cluster's workers run "
            "the chunks: drop one of them"
        )
    if args.workers is not None:
        cores = os.cpu_count() or 1
        if args.workers < 0:
            raise GameError(f"sweep: --workers must be >= 0, got {args.workers}")
        if args.workers > MAX_WORKERS_PER_CORE * cores:
            raise GameError(
                f"sweep: --workers {args.workers} is more than {MAX_WORKERS_PER_CORE} per core "
                f"({MAX_WORKERS_PER_CORE * cores} on this machine's {cores}); more processes "
                "only contend for the cores and memory"
            )


def _check_out(out: str) -> None:
    """An --out path is refused before any computing if it cannot be written."""
    from pathlib import Path

    if not out.lower().endswith((".csv", ".parquet")):
        raise GameError(f"sweep: --out {out!r}: the extension must be .csv or .parquet")
    path = Path(out)
    if path.is_dir():
        raise GameError(f"sweep: --out {out!r} is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise GameError(f"sweep: --out {out!r}: the directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise GameError(f"sweep: --out {out!r}: the directory {str(parent)!r} is not writable")
    if out.lower().endswith(".parquet"):
        from ..sweep.store import _parquet

        _parquet("sweep: --out " + repr(out))


def _scheduler_address(text: str) -> tuple[str, str, int]:
    """``tcp://HOST:PORT`` (or ``HOST:PORT``, ``tls://...``) as (address, host, port)."""
    import re

    m = re.fullmatch(r"(?:(tcp|tls)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})", text)
    if m is None or not 0 < int(m.group(3)) < 65536:
        raise GameError(
            f"sweep: --scheduler {text!r} is not a scheduler address; give tcp://HOST:PORT "
            "(e.g. tcp://10.0.0.5:8786)"
        )
    scheme, host, port = m.group(1) or "tcp", m.group(2), int(m.group(3))
    return f"{scheme}://{host}:{port}", host.strip("[]"), port


def _connect(address: str, host: str, port: int, timeout: float = SCHEDULER_TIMEOUT):
    """A Dask client of the scheduler at `address`, or GameError within about `timeout` s.

    A TCP probe first (nothing listening is refused at once); then the Dask handshake in a
    daemon thread, abandoned after `timeout` (a service that accepts and says nothing would
    otherwise hold the command for minutes).
    """
    import socket
    import threading

    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as err:
        reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
        raise GameError(f"sweep: nothing answers at {address} ({reason})") from None
    try:
        from distributed import Client
    except ImportError:
        raise GameError(
            "sweep: --scheduler needs dask.distributed (pip install 'gametheory[distributed]')"
        ) from None
    box: dict = {}

    def handshake() -> None:
        try:
            box["client"] = Client(address, timeout=f"{timeout}s")
        except BaseException as err:  # reported to the main thread
            box["error"] = err

    thread = threading.Thread(target=handshake, daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    if "client" in box:
        return box["client"]
    reason = box.get("error")
    text = f"{type(reason).__name__}: {reason}" if reason else f"no reply in {timeout:g} s"
    raise GameError(
        f"sweep: {address} accepts connections but is not a Dask scheduler answering ({text})"
    )


def _sweep_executor(args: argparse.Namespace):
    """(executor, close) for ``sweep``: a Dask scheduler, a local pool, or None (this process)."""
    if args.scheduler:
        client = _connect(*_scheduler_address(args.scheduler))
        return client.get_executor(), client.close
    workers = args.workers
    if workers is None:  # vectorised criteria: array work, a pool would only add start-up time
        workers = 0 if args.analysis == "criteria" else (os.cpu_count() or 1)
    if workers == 0:
        return None, lambda: None
    from ..sweep.runner import local_executor

    pool = local_executor(workers)
    return pool, lambda: pool.shutdown(wait=True, cancel_futures=True)
