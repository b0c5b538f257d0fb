"""The explorer's HTML: the whole page, and the fragments the page's script swaps in.

Everything is rendered on the server and escaped (``html.escape``); the page works without
JavaScript (the form submits the sliders as a GET query), and a few lines of script update the
live panel, the URL and the findings as a slider moves. Mathematics is MathML (from
``sympy.mathml``), which browsers render natively, with the LaTeX (``sympy.latex``) as its
annotation: nothing is fetched from the network.
"""

from __future__ import annotations

from html import escape
from typing import Any

import sympy as sp

from ..deterrence.findings import number_text
from .models import SHOWN, SPECS, SWEEP_POINTS, View, axes_of, sweep_names, sweep_settings

ASSETS_CSS = """
:root { font-family: system-ui, sans-serif; line-height: 1.4; color: #111; }
body { margin: 0 auto; padding: 0.5rem 1rem 2rem; max-width: 1200px; }
h1 { font-size: 1.35rem; margin: 0.4rem 0; } h2 { font-size: 1.1rem; margin: 0.8rem 0 0.3rem; }
.layout { display: grid; grid-template-columns: minmax(260px, 340px) 1fr; gap: 1rem; }
@media (max-width: 760px) { .layout { grid-template-columns: 1fr; } }
fieldset { border: 1px solid #bbb; border-radius: 6px; margin: 0 0 0.6rem; }
.slider { display: grid; grid-template-columns: 1fr 4.5rem; gap: 0 0.4rem; margin: 0.25rem 0; }
.slider label { grid-column: 1 / 3; font-size: 0.9rem; }
.slider input[type=range] { width: 100%; }
output { font-variant-numeric: tabular-nums; text-align: right; }
table { border-collapse: collapse; margin: 0.3rem 0; font-variant-numeric: tabular-nums; }
td, th { border: 1px solid #ccc; padding: 0.2rem 0.45rem; text-align: center; }
.scroll { overflow-x: auto; max-width: 100%; }
.messages { background: #fff3cd; border: 1px solid #c9a227; padding: 0.4rem 0.6rem; }
.equilibrium { margin: 0.3rem 0; }
.regime { font-weight: 600; }
.phase { position: relative; max-width: 640px; }
.phase img { width: 100%; height: auto; display: block; }
.marker { position: absolute; width: 14px; height: 14px; margin: -7px 0 0 -7px;
  border: 3px solid #000; border-radius: 50%; background: #fff; pointer-events: none; }
.busy { color: #555; font-style: italic; }
progress { width: 100%; }
#sweep input[type=number] { width: 5.5rem; }
a, button, select, input { font-size: 1rem; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
pre { white-space: pre-wrap; font-size: 0.85rem; }
.finding.holds-true::before { content: "✔ "; } .finding.holds-false::before { content: "✘ "; }
"""

ASSETS_JS = """
window.explorePhaseError = async function (img) {
  // the server says why there is no picture (an escaped one-line message)
  const res = await fetch(img.src);
  const box = document.createElement('div');
  box.innerHTML = await res.text();
  const marker = document.getElementById('marker');
  if (marker) marker.remove();
  img.replaceWith(box);
};
(function () {
  const form = document.getElementById('controls');
  const live = document.getElementById('live');
  const findingsBox = document.getElementById('findings');
  let liveAbort = null, findAbort = null, timer = null;
  function query() {
    const data = new URLSearchParams();
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.type === 'hidden') continue;
      const dflt = el.dataset.default;
      if (dflt !== undefined && Number(el.value) === Number(dflt)) continue;
      if (el.value === '' && el.tagName === 'SELECT') continue;
      data.append(el.name, el.value);
    }
    return data.toString();
  }
  function sweepQuery() {
    // the sweep panel's settings that differ from the defaults the server would take: its
    // axes those of the phase diagram, each range its axis's slider range, 101 points
    const sweep = document.getElementById('sweep');
    if (!sweep) return '';
    const data = new URLSearchParams();
    const ax = document.getElementById('axis-x'), ay = document.getElementById('axis-y');
    const sx = document.getElementById('sx'), sy = document.getElementById('sy');
    const same = ax && ay && sx.value === ax.value && sy.value === ay.value;
    for (const sel of [sx, sy]) {
      const opt = sel.selectedOptions[0];
      const lo = document.getElementById(sel.id + '_lo');
      const hi = document.getElementById(sel.id + '_hi');
      const loChanged = Number(lo.value) !== Number(opt.dataset.lo);
      const hiChanged = Number(hi.value) !== Number(opt.dataset.hi);
      if (!same || loChanged || hiChanged) data.append(sel.id, sel.value);
      if (loChanged) data.append(lo.id, lo.value);
      if (hiChanged) data.append(hi.id, hi.value);
    }
    const sn = document.getElementById('sn');
    if (Number(sn.value) !== Number(sn.dataset.default)) data.append('sn', sn.value);
    return data.toString();
  }
  function pageUrl(q) {
    const s = sweepQuery();
    return '?' + q + (q && s ? '&' : '') + s;
  }
  async function refresh() {
    const q = query();
    history.replaceState(null, '', pageUrl(q));
    if (liveAbort) liveAbort.abort();
    if (findAbort) findAbort.abort();  // the findings of a superseded view: free the connection
    liveAbort = new AbortController();
    live.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch('live?' + q, {signal: liveAbort.signal});
      live.innerHTML = await res.text();
      live.dataset.query = q;
    } catch (e) { if (e.name !== 'AbortError') live.textContent = 'error: ' + e; return; }
    finally { live.setAttribute('aria-busy', 'false'); }
    loadFindings(q);
    loadThresholds();
  }
  async function loadFindings(q) {
    if (!findingsBox) return;
    if (findAbort) findAbort.abort();
    findAbort = new AbortController();
    findingsBox.innerHTML = '<p class="busy">computing the findings…</p>';
    try {
      const res = await fetch('findings?' + q, {signal: findAbort.signal});
      findingsBox.innerHTML = await res.text();
      findingsBox.dataset.query = q;
    } catch (e) { if (e.name !== 'AbortError') findingsBox.textContent = 'error: ' + e; }
  }
  for (const el of form.querySelectorAll('input[type=range]')) {
    el.addEventListener('input', () => {
      const out = document.getElementById(el.id + '-out');
      if (out) out.value = el.value;
      clearTimeout(timer);
      timer = setTimeout(refresh, 40);
    });
  }
  for (const el of form.querySelectorAll('select.axis, select.profile')) {
    el.addEventListener('change', refresh);
  }
  const model = document.getElementById('model');
  model.addEventListener('change', () => {
    const file = document.getElementById('file');
    let q = 'model=' + encodeURIComponent(model.value);
    if (model.value === 'file' && file && file.value) {
      q += '&file=' + encodeURIComponent(file.value);
    }
    location.search = '?' + q;
  });
  form.addEventListener('submit', (ev) => {
    if (model.value !== form.dataset.model) return;  // a new model: load the page
    ev.preventDefault(); refresh();
  });
  let thresholdKey = null;
  async function loadThresholds() {
    const box = document.getElementById('thresholds-box');
    const q = query();
    const p = new URLSearchParams(q);
    const key = [p.get('y'), p.get('profile')].join('|');
    if (key === thresholdKey) return;
    thresholdKey = key;
    const res = await fetch('thresholds?' + q);
    box.innerHTML = await res.text();
  }
  loadFindings(query());
  loadThresholds();
  const sweep = document.getElementById('sweep');
  for (const key of ['sx', 'sy']) {
    const sel = document.getElementById(key);
    if (sel) sel.addEventListener('change', () => {
      const opt = sel.selectedOptions[0];
      document.getElementById(key + '_lo').value = opt.dataset.lo;
      document.getElementById(key + '_hi').value = opt.dataset.hi;
    });
  }
  if (sweep) for (const el of sweep.querySelectorAll('select, input')) {
    for (const kind of ['input', 'change']) {
      el.addEventListener(kind, () => history.replaceState(null, '', pageUrl(query())));
    }
  }
  if (sweep) sweep.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const bar = document.getElementById('sweep-progress');
    const status = document.getElementById('sweep-status');
    const body = new URLSearchParams(new FormData(sweep));
    const res = await fetch('sweep?' + query(), {method: 'POST', body});
    const job = await res.json();
    if (job.error) { status.textContent = job.error; return; }
    status.textContent = 'running…';
    for (;;) {
      const st = await (await fetch('sweep/' + job.id)).json();
      bar.max = st.total; bar.value = st.done;
      status.textContent = st.error ? st.error : st.done + ' of ' + st.total + ' points';
      if (st.error) return;
      if (st.finished) {
        document.getElementById('sweep-result').innerHTML = st.html;
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
})();
"""


def math(expr: Any) -> str:
    """A sympy expression or relation as MathML, its LaTeX kept as the annotation."""
    latex = sp.latex(expr)
    body = sp.mathml(expr, printer="presentation")
    return (
        f'<math display="inline"><semantics><mrow>{body}</mrow>'
        f'<annotation encoding="application/x-tex">{escape(latex)}</annotation>'
        "</semantics></math>"
    )


def _n(x: float) -> str:
    return number_text(float(x))


def _strategy(actions: tuple[str, ...], probs: tuple[float, ...]) -> str:
    """A mixed strategy as the command line prints it (``0.3462 R + 0.6538 E``), escaped."""
    from ..cli.common import _strategy_text

    return escape(_strategy_text(actions, probs))


def messages_html(view: View, extra: tuple[str, ...] = ()) -> str:
    found = (*view.messages, *extra)
    if not found:
        return ""
    items = "".join(f"<li>{escape(m)}</li>" for m in found)
    return f'<div class="messages" role="alert"><ul>{items}</ul></div>'


def payoff_table_html(game: Any) -> str:
    """The numeric payoff table: a matrix for two players, a list of profiles otherwise."""
    if game.n_players == 2:
        head = "".join(f'<th scope="col">{escape(a)}</th>' for a in game.actions[1])
        rows = []
        for i, a in enumerate(game.actions[0]):
            cells = "".join(
                f"<td>{_n(game.payoffs[0][i, j])}, {_n(game.payoffs[1][i, j])}</td>"
                for j in range(len(game.actions[1]))
            )
            rows.append(f'<tr><th scope="row">{escape(a)}</th>{cells}</tr>')
        caption = (
            f"rows: {escape(game.players[0])}, columns: {escape(game.players[1])}; "
            "each cell: row player's payoff, column player's payoff"
        )
        return (
            f'<div class="scroll"><table id="payoffs"><caption>{caption}</caption>'
            f"<tr><td></td>{head}</tr>{''.join(rows)}</table></div>"
        )
    import numpy as np

    head = "".join(f'<th scope="col">{escape(p)}</th>' for p in game.players)
    pays = "".join(f'<th scope="col">u({escape(p)})</th>' for p in game.players)
    rows = []
    for idx in np.ndindex(*game.shape):
        names = "".join(f"<td>{escape(game.actions[i][a])}</td>" for i, a in enumerate(idx))
        values = "".join(f"<td>{_n(game.payoffs[i][idx])}</td>" for i in range(game.n_players))
        rows.append(f"<tr>{names}{values}</tr>")
    return (
        '<div class="scroll" style="max-height: 22rem; overflow-y: auto">'
        f'<table id="payoffs"><tr>{head}{pays}</tr>{"".join(rows)}</table></div>'
    )


def equilibria_html(live: Any) -> str:
    game = live.game
    items = []
    for k, eq in enumerate(live.equilibria):
        if eq["pure"] is not None:
            label = f"({escape(eq['label'])})"
            name = f" — {escape(eq['name'])}" if eq["name"] else ""
            kind = "pure"
        else:
            label = "; ".join(_strategy(game.actions[i], s) for i, s in enumerate(eq["strategies"]))
            name, kind = "", "mixed"
        pays = ", ".join(_n(v) for v in eq["payoffs"])
        regime = f'; <span class="regime">{escape(eq["regime"])}</span>' if eq["regime"] else ""
        if kind == "mixed":
            # classify's criteria (docs/criteria.md) are defined for pure profiles only
            regime = "; no stability report (the criteria judge pure profiles)"
        report = (
            f"<details><summary>stability report</summary><pre>{escape(eq['report'])}</pre>"
            "</details>"
            if eq["report"]
            else ""
        )
        items.append(
            f'<li class="equilibrium" data-profile="{escape(eq["label"] or "mixed")}" '
            f'data-kind="{kind}" id="eq-{k}">{label}{name}: payoffs {pays}{regime}{report}</li>'
        )
    note = "" if live.complete else "<p>The solver could not certify the list complete.</p>"
    count = len(live.equilibria)
    return (
        f'<p id="eq-count">{count} equilibri{"um" if count == 1 else "a"}</p>'
        f'<ul id="equilibria">{"".join(items)}</ul>{note}'
    )


def phase_html(view: View, box: dict[str, float] | None, query: str) -> str:
    """The phase diagram (an image the browser fetches) and the marker at the current point,
    placed from the axes' data ranges `box`."""
    if box is None:
        return "<p>No phase diagram: the model needs two parameters and a pure profile.</p>"
    from .compute import phase_view

    picture = phase_view(view).query()
    x, y = axes_of(view)
    vx, vy = view.values[x], view.values[y]
    from .compute import AXES_BOX

    left0, bottom0, width, height = AXES_BOX
    fx = (vx - box["x0"]) / (box["x1"] - box["x0"])
    fy = (vy - box["y0"]) / (box["y1"] - box["y0"])
    left = 100 * (left0 + width * fx)
    top = 100 * (1 - (bottom0 + height * fy))
    return (
        '<div class="phase">'
        f'<img src="phase.png?{escape(picture)}" width="640" height="640" '
        'onerror="explorePhaseError(this)" '
        f'alt="phase diagram over {escape(x)} and {escape(y)}; the marker is the current point '
        f'{escape(x)} = {_n(vx)}, {escape(y)} = {_n(vy)}">'
        f'<span class="marker" id="marker" style="left: {left:.2f}%; top: {top:.2f}%"></span>'
        "</div>"
        f'<p><a href="phase.png?{escape(query)}&amp;mark=1" download="phase.png">'
        "Download the phase diagram (PNG)</a></p>"
    )


def live_html(
    view: View, live: Any, box: dict[str, float] | None, query: str, extra: tuple[str, ...]
) -> str:
    """The fragment that changes with every slider move."""
    return (
        f'<div id="live-body" data-query="{escape(query)}">'
        f"{messages_html(view, extra)}"
        "<h2>Payoffs</h2>"
        f"{payoff_table_html(live.game)}"
        f'<p><a href="payoffs.csv?{escape(query)}" download="payoffs.csv">'
        "Download the payoff table (CSV)</a></p>"
        "<h2>Equilibria and their stability</h2>"
        f"{equilibria_html(live)}"
        "<h2>Phase diagram</h2>"
        f"{phase_html(view, box, query)}"
        "</div>"
    )


def findings_html(report: Any) -> str:
    """The analysis's findings, each sentence rendered from its record (``Finding``)."""
    if report is None:
        return "<p>A model file has no analysis: no findings.</p>"
    items = []
    for f in report.findings:
        holds = {True: "holds-true", False: "holds-false", None: "holds-none"}[f.holds]
        where = (
            f"<br><small>region: {escape(f.region.text())}{' (exact)' if f.region.exact else ''}"
            "</small>"
            if f.region is not None
            else ""
        )
        items.append(
            f'<li class="finding {holds}" data-id="{escape(f.id)}" data-holds="{f.holds}">'
            f"{escape(f.statement)}{where}</li>"
        )
    return f'<ul id="finding-list">{"".join(items)}</ul>'


def thresholds_html(found: Any, profile: str) -> str:
    if not found:
        return "<p>No thresholds.</p>"
    rows = []
    for t in found:
        solved = t.solved
        shown = math(solved) if solved is not sp.true else "always"
        requires = (
            f"<br><small>defined where {math(sp.And(*t.requires))}</small>" if t.requires else ""
        )
        rows.append(
            f'<tr><th scope="row">{escape(t.criterion.replace("_", " "))}</th>'
            f"<td>{shown}{requires}</td></tr>"
        )
    return (
        f'<table id="thresholds"><caption>({escape(profile)}) is ... iff</caption>'
        f"{''.join(rows)}</table>"
    )


def _slider(p: Any, value: float) -> str:
    low = min(p.slider_low, value)
    high = max(p.slider_high, value)
    meaning = f"{escape(p.meaning)} " if p.meaning else ""
    return (
        f'<div class="slider"><label for="param-{escape(p.name)}">{meaning}'
        f"<b>{escape(p.name)}</b></label>"
        f'<input type="range" id="param-{escape(p.name)}" name="{escape(p.name)}" '
        f'min="{low:g}" max="{high:g}" step="{p.step:g}" value="{value:g}" '
        f'data-default="{p.default:g}">'
        f'<output id="param-{escape(p.name)}-out" for="param-{escape(p.name)}">{value:g}</output>'
        "</div>"
    )


def _options(names: list[str], chosen: str | None, ranges: dict | None = None) -> str:
    def extra(n: str) -> str:
        if ranges is None:
            return ""
        p = ranges[n]
        return f' data-lo="{p.slider_low:g}" data-hi="{p.slider_high:g}"'

    return "".join(
        f'<option value="{escape(n)}"{extra(n)}{" selected" if n == chosen else ""}>'
        f"{escape(n)}</option>"
        for n in names
    )


def page_html(view: View, live_fragment: str, profiles: list[str]) -> str:
    """The whole page."""
    spec = view.spec
    models = _options([*SPECS, "file"], view.model)
    sliders = "".join(_slider(p, view.values[p.name]) for p in spec.params)
    names = [p.name for p in spec.params]
    axes = axes_of(view)
    axis_controls = ""
    if axes is not None:
        axis_controls = (
            '<div><label for="axis-x">phase diagram, horizontal axis</label> '
            f'<select class="axis" id="axis-x" name="x">{_options(names, axes[0])}</select></div>'
            '<div><label for="axis-y">vertical axis</label> '
            f'<select class="axis" id="axis-y" name="y">{_options(names, axes[1])}</select></div>'
        )
    profile_control = (
        '<div><label for="profile">profile coloured in the phase diagram</label> '
        f'<select class="profile" id="profile" name="profile"><option value="">default</option>'
        f"{_options(profiles, view.profile)}</select></div>"
    )
    params = {p.name: p for p in spec.params}
    in_game = sweep_names(spec)
    settings = sweep_settings(view)

    def _axis(key: str, label: str) -> str:
        """An axis menu and its range; each end's default is its axis's slider end (the
        option's ``data-lo``/``data-hi``, which the script compares with for the URL)."""
        return (
            f'<div><label for="{key}">{label}</label> '
            f'<select id="{key}" name="{key}">'
            f"{_options(in_game, settings[key], params)}</select> "
            f'<label for="{key}_lo">from</label> <input id="{key}_lo" name="{key}_lo" '
            f'type="number" step="any" value="{escape(settings[key + "_lo"])}" size="6"> '
            f'<label for="{key}_hi">to</label> <input id="{key}_hi" name="{key}_hi" '
            f'type="number" step="any" value="{escape(settings[key + "_hi"])}" size="6"></div>'
        )

    low, high, points = SWEEP_POINTS
    sweep = (
        "<p>The sweep needs two parameters of the game.</p>"
        if not settings
        else '<form id="sweep" aria-describedby="sweep-status">'
        f"{_axis('sx', 'horizontal axis')}{_axis('sy', 'vertical axis')}"
        '<div><label for="sn">points per axis</label> '
        f'<input id="sn" name="sn" type="number" min="{low}" max="{high}" '
        f'value="{escape(settings["sn"])}" data-default="{points}"></div>'
        '<button type="submit">Run the sweep</button>'
        '<label for="sweep-progress">progress</label>'
        '<progress id="sweep-progress" value="0" max="1"></progress>'
        '<p id="sweep-status" role="status" aria-live="polite"></p></form>'
        '<div id="sweep-result"></div>'
    )
    file_value = escape(view.file or "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gametheory explorer: {escape(spec.title)}</title>
<style>{ASSETS_CSS}</style></head>
<body>
<h1>{escape(spec.title)}</h1>
<div class="layout">
<form id="controls" method="get" action="" data-model="{escape(view.model)}">
<fieldset><legend>Model</legend>
<label for="model">model</label> <select id="model" name="model">{models}</select>
<div><label for="file">model file (.toml or .json), for model "file"</label>
<input id="file" name="file" type="text" value="{file_value}" size="28"
 {"" if view.model == "file" else "disabled"}></div>
</fieldset>
<fieldset><legend>Parameters</legend>{sliders}</fieldset>
<fieldset><legend>Phase diagram</legend>{axis_controls}{profile_control}</fieldset>
<input type="hidden" name="{SHOWN}" value="{escape(view.model)}">
<button type="submit">Update</button>
</form>
<main>
<section id="live" aria-live="polite" data-query="{escape(view.query())}">{live_fragment}</section>
<section><h2>Findings</h2>
<p><small>Rendered from the records of the model's analysis, the same as
<code>models/{escape(view.model)}.py</code> prints.</small></p>
<div id="findings" aria-live="polite"><p class="busy">computing the findings…</p></div></section>
<section><h2>Symbolic thresholds</h2>
<div id="thresholds-box" aria-live="polite"><p class="busy">deriving the thresholds…</p></div>
</section>
<section><h2>Sweep two parameters</h2>{sweep}</section>
</main></div>
<script>{ASSETS_JS}</script>
</body></html>
"""
