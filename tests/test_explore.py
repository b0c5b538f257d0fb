"""The explorer (``gametheory explore``, docs/explore.md): URL state, messages for bad
values, loopback-only binding, the server's fragments against the library, and the page driven
in headless Chromium.

The browser test needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs
it) and the ``playwright`` package pointed at it (never a downloaded browser). Locally it skips,
saying why, when either is missing; under CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from gametheory.cli import main
from gametheory.errors import GameError
from gametheory.explore.models import SPECS, parse_query
from gametheory.explore.server import check_host, free_port, is_loopback, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------- URL state
def q(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def test_query_sets_values_and_keeps_the_defaults_for_the_rest():
    view = parse_query(q("model=two_bloc&c=3&r=0"))
    assert view.model == "two_bloc" and view.messages == ()
    assert view.values["c"] == 3.0 and view.values["r"] == 0.0
    assert view.values["theta"] == SPECS["two_bloc"].game().defaults["theta"]


def test_query_round_trips():
    view = parse_query(q("model=two_bloc&c=3.5&r=0.25&x=theta&profile=E,E"))
    again = parse_query(q(view.query()))
    assert again == view
    assert "c=3.5" in view.query() and "theta" in view.query()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("model=two_bloc&c=lots", ["c = 'lots' is not a number", "default 2"]),
        ("model=two_bloc&r=-1", ["r = '-1' is below its lower bound 0", "default 1.5"]),
        ("model=two_bloc&c=nan", ["c = 'nan' is not finite"]),
        ("model=two_bloc&c=1e999", ["c = '1e999' is not finite"]),
        ("model=two_bloc&c=__import__('os')", ["is not a number"]),
        ("model=nope", ["unknown model 'nope'", "showing two_bloc"]),
        ("model=two_bloc&zz=1", ["'zz' is not a parameter of two_bloc"]),
        ("model=two_bloc&c=5&eps0=0.5", ["breaks the constraint c*eps0 <= 1"]),
        ("model=file", ["model=file needs file=PATH"]),
        ("model=file&file=/no/such.toml", ["cannot load the model file"]),
        ("model=two_bloc&x=c&y=c", ["the two axes are both 'c'"]),
        ("model=trust&p=2", ["p = '2' is above its upper bound 1", "default 0.25"]),
        ("model=two_bloc&profile=X,Y", ["player 'A' has no action 'X'", "default profile"]),
    ],
)
def test_bad_query_values_give_a_message_and_the_default(query, words):
    view = parse_query(q(query))
    text = " ".join(view.messages)
    assert text.startswith("parse_query():") or text.startswith("SymbolicGame")
    for word in words:
        assert word in text
    defaults = {p.name: p.default for p in view.spec.params}
    assert view.values == defaults  # every refused value fell back


def test_sliders_cover_the_bounds():
    for spec in SPECS.values():
        for p in spec.params:
            assert p.slider_low <= p.default <= p.slider_high, (spec.name, p)
            if p.low is not None:
                assert p.slider_low == p.low
    r = {p.name: p for p in SPECS["two_bloc"].params}["r"]
    assert r.step == 0.1 and r.slider_high >= 5


def test_the_phase_picture_is_one_url_along_its_axes():
    from gametheory.explore.compute import phase_view

    a, b = parse_query(q("model=two_bloc&c=3&r=0")), parse_query(q("model=two_bloc&c=1&r=4.5"))
    assert phase_view(a) == phase_view(b) and phase_view(a).query() == "model=two_bloc"
    beyond = parse_query(q("model=two_bloc&r=7"))  # above the slider: the axis grows
    assert phase_view(beyond).values["r"] == 7
    other = parse_query(q("model=two_bloc&theta=1"))  # not an axis: another picture
    assert phase_view(other).query() == "model=two_bloc&theta=1"


# ---------------------------------------------------------------------- binding
def test_only_loopback_unless_asked():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    with pytest.raises(GameError, match="--allow-remote"):
        check_host("0.0.0.0", allow_remote=False)
    check_host("0.0.0.0", allow_remote=True)


def test_cli_refuses_a_remote_host(capsys):
    assert main(["explore", "--host", "0.0.0.0", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gametheory: explore: refusing to listen on '0.0.0.0'")
    assert len(err.strip().splitlines()) == 1


def test_cli_refuses_a_port_out_of_range(capsys):
    assert main(["explore", "--port", "70000", "--no-browser"]) == 2
    assert "--port 70000 is not a TCP port" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_serves_until_interrupted():
    """The real command: serves a page on 127.0.0.1, Ctrl-C ends it with status 130."""
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gametheory", "explore", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("gametheory explore: serving http://127.0.0.1:"), line
        url = line.split("serving ", 1)[1].split()[0]
        status, text, _ = get(url + "live?model=two_bloc&c=3&r=0")
        assert status == 200 and 'data-profile="E,E"' in text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 130
        assert proc.stderr.read().strip().splitlines()[-1] == "gametheory: interrupted"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------- the server
@pytest.fixture(scope="module")
def server():
    """The explorer on a free 127.0.0.1 port in a thread; stopped after the module."""
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict = {}

    def run() -> None:
        asyncio.set_event_loop(loop)
        holder["stop"] = asyncio.Event()

        def ready(url: str) -> None:
            holder["url"] = url
            started.set()

        try:
            loop.run_until_complete(serve("127.0.0.1", port, ready=ready, stop=holder["stop"]))
        except BaseException as err:  # reported by the fixture below
            holder["error"] = err
            started.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(60), "the explorer did not start"
    if "error" in holder:
        raise holder["error"]
    yield holder["url"]
    loop.call_soon_threadsafe(holder["stop"].set)
    thread.join(30)
    assert not thread.is_alive()


def get(url: str, timeout: float = 300) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as res:
            body, status, headers = res.read(), res.status, dict(res.headers)
    except urllib.error.HTTPError as err:
        body, status, headers = err.read(), err.code, dict(err.headers)
    text = body.decode() if "image" not in headers.get("Content-Type", "") else body.hex()
    return status, text, headers


def test_bad_values_show_a_message_not_a_traceback(server):
    status, text, _ = get(server + "?model=two_bloc&c=lots&r=-2&zz=1")
    assert status == 200
    assert "Traceback" not in text
    assert "c = &#x27;lots&#x27; is not a number" in text
    assert "r = &#x27;-2&#x27; is below its lower bound 0" in text
    assert 'role="alert"' in text


def test_live_fragment_lists_the_solver_equilibria(server):
    from gametheory.deterrence.two_bloc import two_bloc
    from gametheory.solvers import solve

    for r in (0.0, 5.0):
        _, text, headers = get(server + f"live?model=two_bloc&c=3&r={r:g}")
        found = solve(two_bloc().at(c=3, r=r)).equilibria
        assert text.count('class="equilibrium"') == len(found)
        assert "live;dur=" in headers["Server-Timing"]
    assert 'data-profile="R,R"' in text and "mutual restraint" in text


def test_findings_are_the_analysis_records(server):
    from gametheory.deterrence.analysis.two_bloc import analyse

    _, text, _ = get(server + "findings?model=two_bloc&c=3&r=5")
    report = analyse({"c": 3, "r": 5})
    from html import escape

    for f in report.findings:
        assert f'data-id="{f.id}" data-holds="{f.holds}"' in text
        assert escape(f.statement) in text


def test_a_phase_diagram_that_cannot_be_drawn_says_why(server):
    # eps0 is a slider (the analysis's accident rate) but no parameter of the two-bloc game
    _, text, _ = get(server + "live?model=two_bloc&x=eps0")
    assert 'class="equilibrium"' in text and 'id="marker"' in text
    status, text, _ = get(server + "phase.png?model=two_bloc&x=eps0")
    assert status == 400 and "eps0" in text and "Traceback" not in text


def test_downloads(server):
    _, text, headers = get(server + "payoffs.csv?model=two_bloc&c=3&r=0")
    assert headers["Content-Type"].startswith("text/csv")
    rows = [line.split(",") for line in text.strip().splitlines()]
    assert rows[0] == ["A", "B", "u_A", "u_B"] and len(rows) == 5
    from gametheory.deterrence.two_bloc import two_bloc

    game = two_bloc().at(c=3, r=0)
    assert float(rows[1][2]) == float(game.payoffs[0][0, 0])
    status, body, headers = get(server + "phase.png?model=two_bloc&c=3&r=0&mark=1")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body.startswith("89504e47")  # the PNG signature


# ---------------------------------------------------------------------- the browser
def _browser():
    """Playwright's sync API and the system Chromium, or a skip (a failure under CI)."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "playwright is not installed (pip install playwright; it is in the dev extra)"
        sync_playwright = None
    if why is None and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        why = "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
    if why:
        if in_ci:
            pytest.fail(f"CI=true and {why}")
        pytest.skip(why)
    return sync_playwright, CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


def test_without_chromium_the_browser_test_skips_locally_and_fails_in_ci(monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/no/such/chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        _browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and Debian's chromium"):
        _browser()


@pytest.mark.slow
def test_page_in_headless_chromium(server, tmp_path_factory):
    sync_playwright, chromium = _browser()
    artifacts = Path(os.environ.get("EXPLORE_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(server + "?model=two_bloc&c=3&r=0")
            page.wait_for_selector("#equilibria")
            equilibria = page.locator("#equilibria .equilibrium")
            assert equilibria.count() == 1
            assert equilibria.first.get_attribute("data-profile") == "E,E"
            assert "mutual escalation" in equilibria.first.inner_text()
            page.screenshot(path=str(artifacts / "explore-r0.png"), full_page=True)

            # the reassurance slider, moved by keyboard (its step is 0.1)
            slider = page.locator("#param-r")
            assert page.locator("label[for=param-r]").inner_text().startswith("reassurance")
            slider.focus()
            for _ in range(50):
                page.keyboard.press("ArrowRight")
            assert slider.input_value() == "5"
            page.wait_for_function(
                "document.getElementById('live-body').dataset.query.includes('r=5')"
            )
            assert "r=5" in page.url and "c=3" in page.url
            profiles = page.locator("#equilibria .equilibrium").evaluate_all(
                "els => els.map(e => e.dataset.profile)"
            )
            assert "R,R" in profiles and "E,E" in profiles
            assert "mutual restraint" in page.locator("#equilibria").inner_text()
            assert page.locator("#marker").is_visible()

            # the findings of the same view, rendered from the analysis's records
            page.wait_for_selector("#finding-list", timeout=300_000)
            stable = page.locator('[data-id="two_bloc.stable_in_r"]')
            assert stable.get_attribute("data-holds") == "True"
            page.wait_for_selector("#thresholds math", timeout=300_000)
            page.screenshot(path=str(artifacts / "explore-r5.png"), full_page=False)

            # a sweep over (c, theta) with its progress bar, then its picture and CSV link
            page.select_option("#sy", "theta")
            assert page.locator("#sy_hi").input_value() == "5"
            page.fill("#sn", "21")
            page.click("#sweep button[type=submit]")
            page.wait_for_selector("#sweep-result img")
            bar = page.locator("#sweep-progress")
            assert bar.get_attribute("max") == str(21 * 21)
            assert page.evaluate("document.getElementById('sweep-progress').value") == 21 * 21
            assert page.locator("#sweep-result a[download='sweep.csv']").count() == 1

            # every control has a label
            unlabelled = page.evaluate(
                """() => [...document.querySelectorAll('input, select')]
                    .filter(e => e.type !== 'hidden' && !e.labels.length).map(e => e.id)"""
            )
            assert unlabelled == []

            # a phone-width window: nothing wider than the screen
            page.set_viewport_size({"width": 390, "height": 844})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1
            page.screenshot(path=str(artifacts / "explore-phone.png"), full_page=False)
        finally:
            context.close()
    print(f"screenshots in {artifacts}")
