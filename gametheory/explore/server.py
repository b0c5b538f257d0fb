"""The explorer's web server: Tornado on 127.0.0.1 (docs/explore.md).

Routes (every one reads the page state from the URL query, :func:`parse_query`):

==================  ==========================================================================
``/``               the page
``/live``           the live fragment: payoffs, equilibria with stability, phase diagram
``/findings``       the analysis's findings (run in a worker process, cached)
``/thresholds``     the symbolic thresholds as MathML
``/phase.png``      the phase diagram (its own worker process; ``mark=1``: the point drawn in)
``/payoffs.csv``    the payoff table at the slider values
``/sweep``          POST: start a two-axis sweep; ``/sweep/ID`` its progress and result,
                    ``/sweep/ID.csv`` and ``/sweep/ID.png`` the downloads
==================  ==========================================================================

A bad query value never raises: the page shows a message naming it. An unexpected error in a
handler is logged on the server and the page gets one line, never a traceback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import json
import logging
import multiprocessing
import os
import signal
import socket
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from html import escape
from typing import Any

from ..errors import GameError
from . import compute, page
from .models import View, parse_query

LOG = logging.getLogger("gametheory.explore")

LOOPBACK_NAMES = ("localhost",)

SETTLE = 0.3
"""Seconds a request for findings, thresholds or a picture waits before its worker starts it
(a newer slider move supersedes it)."""


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1 or ``localhost``).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("")
    (True, True, False, False)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless `allow_remote` (GameError naming the flag)."""
    if not is_loopback(host) and not allow_remote:
        raise GameError(
            f"explore: refusing to listen on {host!r}, which other machines can reach: the page "
            "runs the models on this machine; pass --allow-remote to do it anyway"
        )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on `host` now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ work off the event loop
def findings_fragment(query: dict[str, list[str]]) -> str:
    """The findings HTML for a query (runs in the worker process)."""
    view = parse_query(query)
    try:
        return page.findings_html(compute.findings(view))
    except GameError as err:
        return f'<p class="messages" role="alert">{escape(str(err))}</p>'


def thresholds_fragment(query: dict[str, list[str]]) -> str:
    """The thresholds HTML for a query (runs in the worker process: sympy may take a while)."""
    view = parse_query(query)
    try:
        axes = compute.axes_of(view)
        profile = compute.target_profile(view)
        if axes is None or profile is None:
            return "<p>No thresholds: the model needs two parameters and a pure profile.</p>"
        found = compute.model_thresholds(view.spec, profile, axes[1])
        return page.thresholds_html(found, profile)
    except GameError as err:
        return f'<p class="messages" role="alert">{escape(str(err))}</p>'


WORKER_NICENESS = 10
"""The worker process runs at this lower priority: a long analysis yields the processor to
the live panel's computation in the server process."""


def phase_picture(query: dict[str, list[str]], mark: bool) -> tuple[bytes | None, str | None]:
    """The phase diagram PNG for a query (with the current point drawn in when `mark`), or
    the reason there is none (runs in the pictures' worker process)."""
    view = parse_query(query)
    try:
        if mark:
            return compute.phase_png_with_point(view), None
        found = compute.phase(view)
        return (None if found is None else found[0]), None
    except GameError as err:
        return None, str(err)


def _start_worker() -> None:
    """The worker's initializer: lower its priority, leave Ctrl-C to the server (which ends
    the worker; no traceback from it), import the models before a request."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() on this platform: same priority
        pass
    from ..deterrence.analysis import two_bloc  # noqa: F401


class Explorer:
    """The server's state: executors, sweep jobs, timings."""

    def __init__(self, workers: int = 1) -> None:
        self.threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="explore")
        self.processes = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
        )
        # the pictures get a worker of their own: a redrawn phase diagram neither waits behind
        # an analysis nor takes the server process's interpreter lock from the live panel
        self.pictures = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
        )
        self.jobs: dict[str, compute.SweepJob] = {}
        self._ids = itertools.count(1)
        self.timings: list[float] = []

    def shutdown(self) -> None:
        """Stop the threads and the worker: an analysis still running there is ended, not left
        to finish for nobody (the pool keeps its processes in ``_processes``; Python 3.14's
        ``terminate_workers`` does the same)."""
        self.threads.shutdown(wait=False, cancel_futures=True)
        workers = []
        for pool in (self.processes, self.pictures):
            workers += list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(5)

    def new_job(self, job: compute.SweepJob) -> str:
        key = str(next(self._ids))
        self.jobs[key] = job
        return key


def make_app(explorer: Explorer):
    """The Tornado application."""
    import tornado.web

    class Base(tornado.web.RequestHandler):
        def view(self) -> View:
            return parse_query(self.request.query_arguments)

        def query_dict(self) -> dict[str, list[str]]:
            return {k: [v.decode() for v in vs] for k, vs in self.request.query_arguments.items()}

        async def in_thread(self, func, *args):
            return await asyncio.get_running_loop().run_in_executor(explorer.threads, func, *args)

        async def in_process(self, func, *args, pool: Any = None):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(pool or explorer.processes, func, *args)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(
                f'<p class="messages" role="alert">error {status_code}: '
                f"{escape(self._reason)} (details in the server's log)</p>"
            )

    def live_parts(view: View) -> tuple[str, tuple[str, ...]]:
        """The live fragment, and messages about what could not be computed."""
        extra: list[str] = []
        live = compute.live(view)
        try:
            box = compute.phase_box(view)  # the picture itself is drawn by /phase.png
        except GameError as err:
            extra.append(str(err))
            box = None
        return page.live_html(view, live, box, view.query(), tuple(extra)), tuple(extra)

    class PageHandler(Base):
        async def get(self) -> None:
            view = self.view()
            try:
                fragment, _ = await self.in_thread(live_parts, view)
            except GameError as err:
                fragment = page.messages_html(view, (str(err),))
            symbolic = compute.game_of(view.spec)
            import numpy as np

            profiles = [compute.profile_label(symbolic, i) for i in np.ndindex(*symbolic.shape)]
            self.write(page.page_html(view, fragment, profiles))

    class LiveHandler(Base):
        async def get(self) -> None:
            start = time.perf_counter()
            view = self.view()
            try:
                fragment, _ = await self.in_thread(live_parts, view)
            except GameError as err:
                fragment = page.messages_html(view, (str(err),))
            elapsed = 1000 * (time.perf_counter() - start)
            explorer.timings.append(elapsed)
            self.set_header("Server-Timing", f"live;dur={elapsed:.1f}")
            self.write(fragment)

    class Slow(Base):
        """A request computed in a worker process. A slider dragged across its range asks for
        many; the page aborts all but the last, so a request waits `SETTLE` seconds and is
        dropped if its client has gone, and a queued computation is cancelled when its client
        goes (a long analysis or drawing never piles up behind superseded ones)."""

        pending: Any = None

        def on_connection_close(self) -> None:
            if self.pending is not None:
                self.pending.cancel()

        async def settled(self, func, *args, pool: Any = None) -> tuple[Any, bool]:
            """``(func(*args), True)`` from the worker, or ``(None, False)`` if the client
            went away first."""
            await asyncio.sleep(SETTLE)
            if self.request.connection.stream.closed():
                return None, False
            self.pending = asyncio.ensure_future(self.in_process(func, *args, pool=pool))
            try:
                return await self.pending, True
            except asyncio.CancelledError:
                return None, False

    class FindingsHandler(Slow):
        async def get(self) -> None:
            html, ok = await self.settled(findings_fragment, self.query_dict())
            if ok:
                self.write(html)

    class ThresholdsHandler(Slow):
        async def get(self) -> None:
            html, ok = await self.settled(thresholds_fragment, self.query_dict())
            if ok:
                self.write(html)

    class PhaseHandler(Slow):
        async def get(self) -> None:
            self.view()  # a bad query is refused here, before the worker is asked
            mark = self.get_query_argument("mark", "0") == "1"
            found, ok = await self.settled(
                phase_picture, self.query_dict(), mark, pool=explorer.pictures
            )
            if not ok:
                return
            png, error = found
            if error is not None:
                raise tornado.web.HTTPError(400, reason=error)
            if png is None:
                raise tornado.web.HTTPError(404, reason="no phase diagram for this model")
            self.set_header("Content-Type", "image/png")
            self.set_header("Cache-Control", "max-age=3600")
            self.write(png)

    class CsvHandler(Base):
        async def get(self) -> None:
            text = await self.in_thread(compute.payoffs_csv, self.view())
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="payoffs.csv"')
            self.write(text)

    class SweepStart(Base):
        def check_xsrf_cookie(self) -> None:  # a local page; no cookies are used
            return None

        async def post(self) -> None:
            form = {k: self.get_body_argument(k) for k in self.request.body_arguments}
            try:
                job = compute.sweep_job(self.view(), form)
            except GameError as err:
                self.write({"error": str(err)})
                return
            key = explorer.new_job(job)
            explorer.threads.submit(job.run)
            self.write({"id": key, "total": job.total})

    class SweepStatus(Base):
        def get(self, key: str, ext: str | None) -> None:
            job = explorer.jobs.get(key)
            if job is None:
                raise tornado.web.HTTPError(404, reason=f"no sweep {key}")
            finished = job.table is not None
            if ext == ".csv" and finished:
                self.set_header("Content-Type", "text/csv; charset=utf-8")
                self.set_header("Content-Disposition", 'attachment; filename="sweep.csv"')
                self.write(job.csv())
                return
            if ext == ".png" and finished:
                self.set_header("Content-Type", "image/png")
                self.write(job.png())
                return
            if ext:
                raise tornado.web.HTTPError(404, reason=f"sweep {key} has not finished")
            html = ""
            if finished:
                shares = ", ".join(
                    f"{escape(r)} {100 * job.table.share(r):.1f}%" for r in job.table.regimes
                )
                html = (
                    f'<img src="sweep/{key}.png" alt="sweep over {escape(", ".join(job.axes))}: '
                    f'{shares}" width="640" height="640" style="max-width:100%;height:auto">'
                    f"<p>{shares}</p>"
                    f'<p><a href="sweep/{key}.csv" download="sweep.csv">Download the sweep '
                    f'(CSV)</a> · <a href="sweep/{key}.png" download="sweep.png">PNG</a></p>'
                )
            self.write(
                json.dumps(
                    {
                        "done": job.done,
                        "total": job.total,
                        "finished": finished,
                        "error": job.error,
                        "html": html,
                    }
                )
            )

    return tornado.web.Application(
        [
            (r"/", PageHandler),
            (r"/live", LiveHandler),
            (r"/findings", FindingsHandler),
            (r"/thresholds", ThresholdsHandler),
            (r"/phase\.png", PhaseHandler),
            (r"/payoffs\.csv", CsvHandler),
            (r"/sweep", SweepStart),
            (r"/sweep/(\d+)(\.csv|\.png)?", SweepStatus),
        ],
        compress_response=True,
    )


async def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    allow_remote: bool = False,
    ready: Any = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve the explorer until `stop` is set (or forever); `ready(url)` once listening."""
    check_host(host, allow_remote)
    explorer = Explorer()
    app = make_app(explorer)
    try:
        server = app.listen(port, address=host)
    except OSError as err:
        explorer.shutdown()
        raise GameError(f"explore: cannot listen on {host}:{port}: {err.strerror}") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    for pool in (explorer.processes, explorer.pictures):
        pool.submit(int)  # start the workers now, not at the first request
    if ready is not None:
        ready(url)
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        server.stop()
        explorer.shutdown()
