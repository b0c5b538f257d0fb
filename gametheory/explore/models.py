"""The explorer's models and the page state read from the URL query.

A :class:`ModelSpec` names one model of the page: the game it shows (payoff table,
equilibria, stability), the analysis whose findings it renders (the same
``gametheory.deterrence.analysis.<model>.analyse`` the script ``models/<model>.py`` calls) and
the sliders: one :class:`Param` per parameter, its range taken from the model's declared bounds
(an unbounded end gets a slider end of ``max(5, 3 x default)``; any value inside the bounds can
still be typed into the URL).

:func:`parse_query` turns a query (``?model=two_bloc&c=3&r=0``) into a :class:`View`; a bad
value never raises: it is replaced by the default and reported in ``View.messages``, which the
page shows.

>>> view = parse_query({"model": ["two_bloc"], "c": ["3"], "r": ["0"]})
>>> view.model, view.values["c"], view.values["r"], view.messages
('two_bloc', 3.0, 0.0, ())
>>> parse_query({"model": ["two_bloc"], "c": ["lots"]}).messages
("parse_query(): c = 'lots' is not a number; using the default 2",)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from urllib.parse import urlencode

from ..cli.common import parse_params
from ..errors import GameError
from ..symbolic import SymbolicGame

SLIDER_STEPS = 50
"""About this many slider steps across a parameter's range (the step is a power of ten)."""


@dataclass(frozen=True)
class Param:
    """One slider: a parameter, its allowed range, the slider's range, default and meaning."""

    name: str
    default: float
    low: float | None  # allowed (the model's bounds); None: unbounded
    high: float | None
    meaning: str = ""

    @property
    def slider_low(self) -> float:
        return self.low if self.low is not None else min(0.0, -5.0, -3 * abs(self.default))

    @property
    def slider_high(self) -> float:
        return self.high if self.high is not None else max(5.0, 3 * abs(self.default))

    @property
    def step(self) -> float:
        """A power of ten giving about :data:`SLIDER_STEPS` steps over the slider."""
        span = self.slider_high - self.slider_low
        return 10.0 ** math.floor(math.log10(span / SLIDER_STEPS)) if span > 0 else 1.0

    def check(self, value: float) -> str | None:
        """Why `value` is not allowed (None when it is)."""
        if not math.isfinite(value):
            return "is not finite"
        if self.low is not None and value < self.low:
            return f"is below its lower bound {self.low:g}"
        if self.high is not None and value > self.high:
            return f"is above its upper bound {self.high:g}"
        return None


def params_of(*games: SymbolicGame, extra: Sequence[Param] = ()) -> tuple[Param, ...]:
    """The sliders of some symbolic games (a name shared by several appears once, first game's
    default and bounds) followed by `extra` analysis settings."""
    out: dict[str, Param] = {}
    for game in games:
        defaults, bounds, meanings = game.defaults, game.bounds, game.meanings
        for p in game.parameters:
            if p.name not in out:
                low, high = bounds[p.name]
                out[p.name] = Param(
                    p.name, float(defaults.get(p.name, 0.0)), low, high, meanings[p.name]
                )
    for p in extra:
        out.setdefault(p.name, p)
    return tuple(out.values())


@dataclass(frozen=True, eq=False)
class ModelSpec:
    """One model of the page.

    Attributes
    ----------
    name, title : str
    game : callable
        The symbolic game the page solves at the slider values.
    param_games : callable
        The symbolic games whose parameters are the sliders (the game's and, e.g., the
        accident rate eps0 the two-bloc analysis reads).
    analyse : callable or None
        The model's analysis (``values -> Report``); None for a model file.
    extra : callable
        ``() -> tuple of Param``: analysis settings that are no parameter of a game (the
        spiral's discount factor).
    axes : (str, str)
        The phase diagram's default axes.
    profile : str or None
        The pure profile whose regimes the phase diagram colours (default: the first pure
        equilibrium at the defaults).
    names : mapping
        Words for pure profiles (``"R,R"``: mutual restraint).
    limits : mapping
        Slider ranges narrower than the model's bounds where a parameter is a probability the
        model does not bound itself (``{"p": (0, 1)}``); values outside are refused too.
    """

    name: str
    title: str
    game: Callable[[], SymbolicGame]
    param_games: Callable[[], Sequence[SymbolicGame]]
    analyse: Callable[[dict[str, float]], Any] | None
    extra: Callable[[], tuple[Param, ...]] = tuple
    axes: tuple[str, str] | None = None
    profile: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    limits: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def params(self) -> tuple[Param, ...]:
        return _params(self)


@cache
def _params(spec: ModelSpec) -> tuple[Param, ...]:
    found = params_of(*spec.param_games(), extra=spec.extra())
    return tuple(
        replace(p, low=spec.limits[p.name][0], high=spec.limits[p.name][1])
        if p.name in spec.limits
        else p
        for p in found
    )


TWO_BLOC_NAMES = {
    "R,R": "mutual restraint",
    "E,E": "mutual escalation",
    "R,E": "A restrains, B escalates",
    "E,R": "A escalates, B restrains",
}


def _two_bloc():
    from ..deterrence.two_bloc import two_bloc

    return two_bloc()


def _two_bloc_accidents():
    from ..deterrence.two_bloc import two_bloc

    return two_bloc(noise="capability")


def _catalog(name: str) -> Callable[[], SymbolicGame]:
    def build() -> SymbolicGame:
        from ..deterrence.catalog import CATALOG

        return CATALOG[name][0]()

    return build


def _analysis(module: str) -> Callable[[dict[str, float]], Any]:
    def analyse(values: dict[str, float]) -> Any:
        from importlib import import_module

        return import_module(f"gametheory.deterrence.analysis.{module}").analyse(values)

    analyse.__name__ = f"{module}.analyse"
    return analyse


def _spiral_settings() -> tuple[Param, ...]:
    from ..deterrence.spiral import SPIRAL_DEFAULTS

    return (
        Param("delta", SPIRAL_DEFAULTS["delta"], 0.0, 0.999, "discount factor"),
        Param("war_target", SPIRAL_DEFAULTS["war_target"], 0.0, 1.0, "acceptable war share"),
    )


def _trust_games() -> tuple[SymbolicGame, ...]:
    from ..deterrence.trust import costly_reassurance, security_dilemma_types

    return (costly_reassurance().strategic_form(), security_dilemma_types().ex_ante_form())


SPECS: dict[str, ModelSpec] = {
    "two_bloc": ModelSpec(
        "two_bloc",
        "Two blocs: deterrence versus reassurance",
        _two_bloc,
        lambda: (_two_bloc(), _two_bloc_accidents()),
        _analysis("two_bloc"),
        axes=("c", "r"),
        profile="R,R",
        names=TWO_BLOC_NAMES,
        limits={"eps0": (0.0, 1.0)},
    ),
    "three_bloc": ModelSpec(
        "three_bloc",
        "Three blocs: the Global South aligns or mediates",
        _catalog("three_bloc"),
        lambda: (_catalog("three_bloc")(),),
        _analysis("three_bloc"),
        axes=("c", "r"),
        profile="R,R,neutral",
    ),
    "bloc_formation": ModelSpec(
        "bloc_formation",
        "Bloc formation: five states choose West, East or non-aligned",
        _catalog("bloc_formation"),
        lambda: (_catalog("bloc_formation")(),),
        _analysis("bloc_formation"),
        axes=("t", "r"),
    ),
    "credibility": ModelSpec(
        "credibility",
        "Credible threats: Zagare-Kilgour unilateral deterrence (reduced strategic form)",
        _catalog("unilateral_deterrence"),
        lambda: (_catalog("unilateral_deterrence")(),),
        _analysis("credibility"),
        axes=("c_B", "w"),
    ),
    "trust": ModelSpec(
        "trust",
        "Trust: Kydd's costly reassurance signal (strategic form)",
        _catalog("costly_reassurance"),
        _trust_games,
        _analysis("trust"),
        axes=("k", "p"),
        limits={"p": (0.0, 1.0)},
    ),
    "spiral": ModelSpec(
        "spiral",
        "The spiral model: the two-bloc stage game with accidents, repeated",
        _two_bloc_accidents,
        lambda: (_two_bloc_accidents(),),
        _analysis("spiral"),
        extra=_spiral_settings,
        axes=("c", "r"),
        profile="R,R",
        names=TWO_BLOC_NAMES,
        limits={"eps0": (0.0, 1.0)},
    ),
}
"""The built-in models of the page, in menu order."""


@cache
def file_spec(path: str) -> ModelSpec:
    """A model file (``.toml``/``.json``, docs/inputs.md) as a page model without findings."""
    from ..io import load

    game = load(path)
    if not isinstance(game, SymbolicGame):
        raise GameError(
            f"file_spec(): {path!r} is a numeric game; the explorer needs a model with parameters"
        )
    names = [p.name for p in game.parameters]
    axes = (names[0], names[1]) if len(names) >= 2 else None
    return ModelSpec(
        "file", game.title or path, lambda: game, lambda: (game,), None, axes=axes, profile=None
    )


@dataclass(frozen=True)
class View:
    """What the page shows: a model, every slider's value, the phase diagram's axes and
    profile, and the messages about query values that were refused."""

    model: str
    values: dict[str, float]
    file: str | None = None
    x: str | None = None
    y: str | None = None
    profile: str | None = None
    messages: tuple[str, ...] = ()
    sweep: tuple[tuple[str, str], ...] = ()
    """The sweep panel's settings the query gave (:data:`SWEEP_KEYS`), checked, as text."""

    @property
    def spec(self) -> ModelSpec:
        return file_spec(self.file) if self.model == "file" else SPECS[self.model]

    def query(self, **changes: Any) -> str:
        """The URL query that reproduces this view (values that differ from the defaults)."""
        spec = self.spec
        pairs: list[tuple[str, str]] = [("model", self.model)]
        if self.file:
            pairs.append(("file", self.file))
        defaults = {p.name: p.default for p in spec.params}
        values = {**self.values, **changes}
        for name, value in values.items():
            if value != defaults.get(name):
                pairs.append((name, f"{value:g}" if abs(value) < 1e15 else repr(value)))
        for key in ("x", "y", "profile"):
            if getattr(self, key):
                pairs.append((key, getattr(self, key)))
        pairs.extend(self.sweep)
        return urlencode(pairs)

    def game_values(self, game: SymbolicGame) -> dict[str, float]:
        """The values of `game`'s parameters."""
        names = {p.name for p in game.parameters}
        return {k: v for k, v in self.values.items() if k in names}


SWEEP_KEYS = ("sx", "sy", "sx_lo", "sx_hi", "sy_lo", "sy_hi", "sn")
"""The sweep panel's fields, also its URL keys: the two axes, each axis's range and the
number of points per axis."""

SWEEP_POINTS = (2, 301, 101)
"""The sweep's points per axis: lowest, highest, default."""

SHOWN = "shown"
"""The form's hidden field naming the model the page was showing: when it differs from
``model`` (the model menu changed, the form sent without JavaScript), the query's other values
belong to the previous model and are ignored."""

RESERVED = ("model", "file", "x", "y", "profile", SHOWN, *SWEEP_KEYS)


def _first(query: Mapping[str, Any], key: str) -> str | None:
    value = query.get(key)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return value.decode() if isinstance(value, bytes) else str(value)


def _number(name: str, text: str) -> float | None:
    """`text` read as a number like ``--param name=text`` (never evaluated); None if it is not."""
    try:
        return float(parse_params([f"{name}={text}"])[name])
    except (GameError, OverflowError):
        return None


def parse_query(query: Mapping[str, Any]) -> View:
    """The :class:`View` a URL query asks for; refused values become messages.

    `query` maps names to strings or lists of strings (as ``urllib.parse.parse_qs`` and
    Tornado give them). Every value is read as a number (never evaluated), checked against
    the parameter's bounds and the model's constraints; a refused value falls back to the
    default and adds a message starting ``parse_query():``.
    """
    func = "parse_query()"
    messages: list[str] = []
    model = _first(query, "model") or "two_bloc"
    file = _first(query, "file")
    if model == "file":
        if not file:
            messages.append(f"{func}: model=file needs file=PATH; showing two_bloc")
            model, file = "two_bloc", None
        else:
            try:
                file_spec(file)
            except GameError as err:
                messages.append(f"{func}: cannot load the model file: {err}; showing two_bloc")
                model, file = "two_bloc", None
    elif model not in SPECS:
        messages.append(
            f"{func}: unknown model {model!r}; the models are {[*SPECS, 'file']}; showing two_bloc"
        )
        model, file = "two_bloc", None
    else:
        file = None
    spec = file_spec(file) if model == "file" else SPECS[model]
    params = {p.name: p for p in spec.params}
    values = {name: p.default for name, p in params.items()}
    shown = _first(query, SHOWN)
    if shown is not None and shown != model:  # the previous model's form: start afresh
        query = {"model": model, "file": file} if file else {"model": model}
    given: dict[str, float] = {}
    for key in query:
        if key in RESERVED:
            continue
        text = _first(query, key) or ""
        if key not in params:
            messages.append(
                f"{func}: {key!r} is not a parameter of {model}; its parameters are {list(params)}"
            )
            continue
        default = f"using the default {params[key].default:g}"
        number = _number(key, text)
        if number is None:
            messages.append(f"{func}: {key} = {text!r} is not a number; {default}")
            continue
        problem = params[key].check(number)
        if problem:
            messages.append(f"{func}: {key} = {text!r} {problem}; {default}")
            continue
        given[key] = number
    values.update(given)
    for game in spec.param_games():
        names = {p.name for p in game.parameters}
        try:
            game.values(func, **{k: v for k, v in values.items() if k in names})
        except GameError as err:
            messages.append(f"{err}; using the defaults of {sorted(names & set(given))}")
            for name in names & set(given):
                values[name] = params[name].default
    axes = list(spec.axes or ())
    for i, key in enumerate(("x", "y")):
        chosen = _first(query, key)
        if chosen is None:
            continue
        if chosen in params and len(axes) == 2:
            axes[i] = chosen
        else:
            messages.append(f"{func}: {key} = {chosen!r} is not a parameter; using the default")
    if len(axes) == 2 and axes[0] == axes[1]:
        messages.append(f"{func}: the two axes are both {axes[0]!r}; using the defaults")
        axes = list(spec.axes or ())
    profile = _first(query, "profile") or None
    if profile is not None:
        try:
            game_of(spec).profile_index(profile, func)
        except GameError as err:
            messages.append(f"{err}; using the default profile")
            profile = None
    x, y = (axes[0], axes[1]) if len(axes) == 2 else (None, None)
    sweep = _parse_sweep(query, spec, (x, y) if x is not None else None, messages)
    return View(
        model,
        values,
        file,
        x if spec.axes is None or x != spec.axes[0] else None,
        y if spec.axes is None or y != spec.axes[1] else None,
        profile,
        tuple(messages),
        sweep,
    )


@cache
def game_of(spec: ModelSpec) -> SymbolicGame:
    """The model's symbolic game, built once."""
    return spec.game()


def sweep_names(spec: ModelSpec) -> list[str]:
    """The parameters a sweep can run over: the sliders that are parameters of the game."""
    in_game = {p.name for p in game_of(spec).parameters}
    return [p.name for p in spec.params if p.name in in_game]


def _sweep_defaults(spec: ModelSpec, axes: tuple[str, str] | None) -> dict[str, str]:
    names = sweep_names(spec)
    if len(names) < 2:
        return {}
    sx, sy = axes if axes and all(a in names for a in axes) else (names[0], names[-1])
    (sx_lo, sx_hi), (sy_lo, sy_hi) = _slider_range(spec, sx), _slider_range(spec, sy)
    return {
        "sx": sx,
        "sy": sy,
        "sx_lo": sx_lo,
        "sx_hi": sx_hi,
        "sy_lo": sy_lo,
        "sy_hi": sy_hi,
        "sn": str(SWEEP_POINTS[2]),
    }


def _parse_sweep(
    query: Mapping[str, Any],
    spec: ModelSpec,
    axes: tuple[str, str] | None,
    messages: list[str],
) -> tuple[tuple[str, str], ...]:
    """The sweep settings of `query` that differ from the defaults, checked; a refused one
    adds a message and falls back to its default (a refused axis takes its range with it)."""
    func = "parse_query()"
    if not any(_first(query, k) is not None for k in SWEEP_KEYS):
        return ()
    defaults = _sweep_defaults(spec, axes)
    if not defaults:
        messages.append(
            f"{func}: {spec.title!r} has no two parameters to sweep; ignoring {SWEEP_KEYS}"
        )
        return ()
    names = sweep_names(spec)
    params = {p.name: p for p in spec.params}
    chosen = dict(defaults)
    for key in ("sx", "sy"):
        name = _first(query, key)
        if name is None or name == defaults[key]:
            continue
        if name not in names:
            messages.append(
                f"{func}: {key} = {name!r} is not a parameter to sweep; they are {names}; "
                f"using the default {defaults[key]!r}"
            )
            continue
        chosen[key] = name
        chosen[f"{key}_lo"], chosen[f"{key}_hi"] = _slider_range(spec, name)
    if chosen["sx"] == chosen["sy"]:
        messages.append(
            f"{func}: the sweep's two axes are both {chosen['sx']!r}; using the defaults"
        )
        chosen = dict(defaults)
    reset = dict(chosen)  # each range at its axis's slider range
    for key in ("sx", "sy"):
        p = params[chosen[key]]
        ends = {}
        for end in ("lo", "hi"):
            field_ = f"{key}_{end}"
            text = _first(query, field_)
            ends[end] = float(chosen[field_])
            if text is None:
                continue
            default = f"using the default {chosen[field_]}"
            number = _number(p.name, text)
            if number is None:
                messages.append(f"{func}: {field_} = {text!r} is not a number; {default}")
                continue
            problem = p.check(number)
            if problem:
                messages.append(f"{func}: {field_} = {text!r} ({p.name}) {problem}; {default}")
                continue
            ends[end] = number
        if not ends["lo"] < ends["hi"]:
            messages.append(
                f"{func}: the sweep's range of {p.name} needs {key}_lo < {key}_hi, got "
                f"[{ends['lo']:g}, {ends['hi']:g}]; using the default "
                f"[{chosen[f'{key}_lo']}, {chosen[f'{key}_hi']}]"
            )
            continue
        chosen[f"{key}_lo"], chosen[f"{key}_hi"] = f"{ends['lo']:g}", f"{ends['hi']:g}"
    text = _first(query, "sn")
    if text is not None:
        low, high, default = SWEEP_POINTS
        try:
            points = int(text)
        except ValueError:
            messages.append(
                f"{func}: sn = {text!r} is not a whole number; using the default {default}"
            )
        else:
            if low <= points <= high:
                chosen["sn"] = str(points)
            else:
                messages.append(
                    f"{func}: sn = {text!r} points per axis is outside {low}..{high}; "
                    f"using the default {default}"
                )
    changed = {k for k in ("sx", "sy", "sn") if chosen[k] != defaults[k]}
    for key in ("sx", "sy"):  # a range names its axis (whose default follows the diagram's)
        ends = {f"{key}_lo", f"{key}_hi"}
        if any(chosen[k] != reset[k] for k in ends):
            changed |= {key} | {k for k in ends if chosen[k] != reset[k]}
    return tuple((k, chosen[k]) for k in SWEEP_KEYS if k in changed)


def sweep_settings(view: View) -> dict[str, str]:
    """The sweep panel's fields for `view` (:data:`SWEEP_KEYS`; empty when the game has fewer
    than two parameters): the query's settings over the defaults."""
    defaults = _sweep_defaults(view.spec, axes_of(view))
    if not defaults:
        return {}
    given = dict(view.sweep)
    settings = {**defaults, **given}
    for key in ("sx", "sy"):
        if key in given:  # another axis: its slider range unless the query gives one
            lo, hi = _slider_range(view.spec, given[key])
            settings[f"{key}_lo"] = given.get(f"{key}_lo", lo)
            settings[f"{key}_hi"] = given.get(f"{key}_hi", hi)
    return settings


def _slider_range(spec: ModelSpec, name: str) -> tuple[str, str]:
    """A parameter's slider range as the sweep panel's text."""
    p = {p.name: p for p in spec.params}[name]
    return f"{p.slider_low:g}", f"{p.slider_high:g}"


def axes_of(view: View) -> tuple[str, str] | None:
    """The phase diagram's axes of a view (its own, else the model's default)."""
    axes = view.spec.axes
    if axes is None:
        return None
    return (view.x or axes[0], view.y or axes[1])
