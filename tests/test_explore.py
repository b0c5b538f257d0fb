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
from gametheory.explore.models import SPECS, SWEEP_KEYS, parse_query, sweep_settings
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


def test_sweep_settings_come_from_the_query_and_round_trip():
    default = sweep_settings(parse_query(q("model=two_bloc")))
    assert default == {  # the phase diagram's axes over their slider ranges, 101 points
        "sx": "c",
        "sy": "r",
        "sx_lo": "0",
        "sx_hi": "6",
        "sy_lo": "0",
        "sy_hi": "5",
        "sn": "101",
    }
    view = parse_query(q("model=two_bloc&c=3&sx=theta&sy=c&sx_lo=1&sy_hi=4.5&sn=21"))
    assert view.messages == ()
    assert sweep_settings(view) == {
        "sx": "theta",
        "sy": "c",
        "sx_lo": "1",
        "sx_hi": "5",  # theta's slider end: another axis brings its own range
        "sy_lo": "0",
        "sy_hi": "4.5",
        "sn": "21",
    }
    assert view.query() == "model=two_bloc&c=3&sx=theta&sy=c&sx_lo=1&sy_hi=4.5&sn=21"
    assert parse_query(q(view.query())) == view
    # defaults are left out; a range names its axis (whose default follows the diagram's)
    assert parse_query(q("model=two_bloc&sx=c&sn=101&sx_lo=0")).query() == "model=two_bloc"
    ranged = parse_query(q("model=two_bloc&sx_hi=3"))
    assert ranged.query() == "model=two_bloc&sx=c&sx_hi=3"
    moved = parse_query(q(ranged.query() + "&x=theta"))  # the diagram's axis changes
    assert sweep_settings(moved)["sx"] == "c" and sweep_settings(moved)["sx_hi"] == "3"
    assert sweep_settings(parse_query(q("model=two_bloc&x=theta")))["sx"] == "theta"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("sx=zz", ["sx = 'zz' is not a parameter to sweep", "using the default 'c'"]),
        ("sy=eps0", ["sy = 'eps0' is not a parameter to sweep"]),  # a slider, not in the game
        ("sx=r", ["the sweep's two axes are both 'r'"]),
        ("sx_lo=lots", ["sx_lo = 'lots' is not a number", "using the default 0"]),
        ("sy_hi=__import__('os')", ["sy_hi = ", "is not a number"]),
        ("sx_lo=-1", ["sx_lo = '-1' (c) is below its lower bound 0"]),
        ("sy_hi=inf", ["sy_hi = 'inf' (r) is not finite"]),
        ("sx_lo=4&sx_hi=1", ["range of c needs sx_lo < sx_hi, got [4, 1]", "default [0, 6]"]),
        ("sn=2.5", ["sn = '2.5' is not a whole number", "using the default 101"]),
        ("sn=1", ["sn = '1' points per axis is outside 2..301"]),
        ("sn=302", ["sn = '302' points per axis is outside 2..301"]),
    ],
)
def test_bad_sweep_settings_give_a_message_and_the_default(query, words):
    view = parse_query(q("model=two_bloc&" + query))
    text = " ".join(view.messages)
    assert text.startswith("parse_query():")
    for word in words:
        assert word in text
    assert view.sweep == ()  # every refused setting fell back
    assert sweep_settings(view) == sweep_settings(parse_query(q("model=two_bloc")))


def test_sweep_settings_of_a_model_file(tmp_path):
    one = tmp_path / "one.toml"
    one.write_text(
        'players = ["A", "B"]\nactions = [["R", "E"], ["R", "E"]]\n'
        "[parameters]\nc = { default = 2.0, nonnegative = true }\n[payoffs]\n"
        '"R,R" = ["c", "c"]\n"R,E" = ["0", "1"]\n"E,R" = ["1", "0"]\n"E,E" = ["-c", "-c"]\n'
    )
    view = parse_query(q(f"model=file&file={one}&sn=21"))
    assert view.sweep == () and sweep_settings(view) == {}
    assert view.messages == (
        f"parse_query(): {str(one)!r} has no two parameters to sweep; ignoring {SWEEP_KEYS}",
    )
    two = REPO / "examples" / "two_bloc.toml"
    view = parse_query(q(f"model=file&file={two}&sy=theta&sy_hi=2"))
    assert view.messages == () and view.query().endswith("sy=theta&sy_hi=2")
    assert sweep_settings(view)["sy"] == "theta" and sweep_settings(view)["sy_hi"] == "2"


def test_a_new_model_from_the_form_ignores_the_previous_models_values():
    # the form without JavaScript: the model menu changed, the old sliders came along
    sent = "model=trust&shown=two_bloc&c=3&r=0&theta=1&x=theta&y=c&profile=E,E&sx=c&sn=21"
    view = parse_query(q(sent))
    assert view.model == "trust" and view.messages == ()
    assert view.values == {p.name: p.default for p in SPECS["trust"].params}
    assert (view.x, view.y, view.profile, view.sweep) == (None, None, None, ())
    assert view.query() == "model=trust"
    # the same model: its values count, and strangers are still named
    same = parse_query(q("model=two_bloc&shown=two_bloc&c=3&zz=1"))
    assert same.values["c"] == 3.0
    assert same.messages == (
        "parse_query(): 'zz' is not a parameter of two_bloc; its parameters are "
        f"{[p.name for p in SPECS['two_bloc'].params]}",
    )
    assert "shown" not in same.query()
    # without the hidden field a stranger is named, whatever the model
    assert "'c' is not a parameter of trust" in " ".join(parse_query(q("model=trust&c=3")).messages)


def test_sweep_job_reads_the_panels_fields():
    from gametheory.explore.compute import sweep_job

    view = parse_query(q("model=two_bloc&c=3"))
    form = {"sx": "theta", "sy": "c", "sx_lo": "1", "sx_hi": "2", "sy_lo": "0", "sy_hi": "4"}
    job = sweep_job(view, {**form, "sn": "3"})
    assert list(job.axes) == ["theta", "c"] and job.total == 9
    assert list(job.axes["theta"]) == [1.0, 1.5, 2.0]
    assert len(sweep_job(view, form).axes["c"]) == 101  # the default points per axis
    for bad, words in [("sn", "is not a whole number"), ("sx", "is not a parameter")]:
        with pytest.raises(GameError, match=f"^sweep_job\\(\\): .*{words}"):
            sweep_job(view, {**form, bad: "x"})


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


def test_the_page_shows_the_sweep_settings_and_the_shown_model(server):
    _, text, _ = get(server + "?model=two_bloc&sx=theta&sy=c&sx_lo=1&sn=21")
    assert '<option value="theta" data-lo="0" data-hi="5" selected>' in text
    assert 'id="sx_lo" name="sx_lo" type="number" step="any" value="1"' in text
    assert 'id="sx_hi" name="sx_hi" type="number" step="any" value="5"' in text
    assert 'id="sn" name="sn" type="number" min="2" max="301" value="21"' in text
    assert '<input type="hidden" name="shown" value="two_bloc">' in text
    _, text, _ = get(server + "?model=two_bloc&sn=0")
    assert "sn = &#x27;0&#x27; points per axis is outside 2..301" in text
    assert 'value="101"' in text and "Traceback" not in text
    _, text, _ = get(server + "?model=trust&shown=two_bloc&c=3&r=0")
    assert 'role="alert"' not in text and "not a parameter" not in text


def test_live_fragment_lists_the_solver_equilibria(server):
    from gametheory.deterrence.two_bloc import two_bloc
    from gametheory.solvers import solve

    for r in (0.0, 5.0):
        _, text, headers = get(server + f"live?model=two_bloc&c=3&r={r:g}")
        found = solve(two_bloc().at(c=3, r=r)).equilibria
        assert text.count('class="equilibrium"') == len(found)
        assert "live;dur=" in headers["Server-Timing"]
    assert 'data-profile="R,R"' in text and "mutual restraint" in text
    # at r = 5 the solver's mixed equilibrium is listed, saying it has no (pure-profile) report
    mixed = [eq for eq in found if eq.pure_profile() is None]
    assert text.count('data-kind="mixed"') == len(mixed) >= 1
    assert text.count("no stability report") == len(mixed)


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

            # the sweep's settings are in the URL with the sliders', and a link reproduces them
            assert "sy=theta" in page.url and "sn=21" in page.url and "r=5" in page.url
            assert "shown=" not in page.url
            page.goto(server + "?model=two_bloc&c=3&sx=theta&sy=c&sx_lo=1&sy_hi=4.5&sn=21")
            page.wait_for_selector("#equilibria")
            shown = {
                key: page.locator("#" + key).input_value()
                for key in ("sx", "sx_lo", "sx_hi", "sy", "sy_lo", "sy_hi", "sn")
            }
            assert shown == {
                "sx": "theta",
                "sx_lo": "1",
                "sx_hi": "5",
                "sy": "c",
                "sy_lo": "0",
                "sy_hi": "4.5",
                "sn": "21",
            }
            page.locator("#param-r").focus()  # a slider move keeps them in the URL
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "document.getElementById('live-body').dataset.query.includes('r=1.6')"
            )
            assert "sx_lo=1" in page.url and "sy_hi=4.5" in page.url and "sn=21" in page.url
            page.fill("#sn", "31")  # and a panel change updates it
            page.wait_for_function("location.search.includes('sn=31')")
            assert "r=1.6" in page.evaluate("location.search")
            page.goto(server + "?model=two_bloc&sn=0")  # a bad setting: a message, the default
            assert "sn = '0' points per axis" in page.locator(".messages").first.inner_text()
            assert page.locator("#sn").input_value() == "101"

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


@pytest.mark.slow
def test_a_new_model_without_javascript(server, tmp_path_factory):
    """The plain form: choosing another model and pressing Update loads it at its defaults,
    without a message about the previous model's sliders."""
    sync_playwright, chromium = _browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.set_default_timeout(120_000)
            page.goto(server + "?model=two_bloc&c=3&r=0")
            page.select_option("#model", "trust")
            with page.expect_navigation():
                page.click("#controls button[type=submit]")
            assert "model=trust" in page.url and "shown=two_bloc" in page.url
            assert "c=3" in page.url  # the old sliders were sent ...
            assert page.locator(".messages").count() == 0  # ... and ignored
            assert page.locator("h1").inner_text() == SPECS["trust"].title
            assert page.locator("#param-k").count() == 1
        finally:
            browser.close()
