"""The explorer: a local web page over the deterrence models (``gametheory explore``).

For readers who do not write Python: pick a model, move its parameters, and see the payoff
table, every equilibrium with its stability report, the model's findings (rendered from the
same records as ``models/<model>.py``), the symbolic thresholds and the phase diagram; the page
state lives in the URL. docs/explore.md describes the page; the server is Tornado on
127.0.0.1 (the optional extra ``explore``).

Modules: :mod:`.models` (the models, sliders and URL state), :mod:`.compute` (what the page
computes, through the library's public API), :mod:`.page` (HTML), :mod:`.server` (Tornado).
"""
