"""When is a pure profile — normally mutual restraint — a stable outcome?

Each criterion is reported separately because they can disagree (docs/criteria.md):

- :mod:`.criteria` — the one definition of deviation gains, Nash / strict, Nash products and
  Harsanyi–Selten risk dominance, over numbers, grids and sympy expressions alike;
- :mod:`.report` — :func:`classify` → :class:`StabilityReport`, every criterion of one profile;
- :mod:`.batch` — ``classify_many``: the same reports for a chunk of a sweep's grid at once;
- :mod:`.replicator` — the replicator Jacobian and :func:`basins` of attraction;
- :mod:`.logit` — :func:`logit_path`, the principal logit QRE branch;
- :mod:`.thresholds` (with the solver in :mod:`.inequalities`) — :func:`thresholds`, the
  parameter values where the algebraic criteria switch;
- :mod:`.trust` — :func:`minimum_trust`.
"""

from .._lazy import lazy_attributes
from .criteria import CRITERIA, REGIMES

# `thresholds` is both a submodule and a function: imported eagerly, so the package attribute
# is always the function. The rest loads on first use (scipy's integrators only for basins).
from .thresholds import Threshold, set_text, thresholds

_LAZY = {
    "LogitPath": ".logit",
    "logit_path": ".logit",
    "CONVERGED_DISTANCE": ".replicator",
    "NOT_CONVERGED": ".replicator",
    "OTHER": ".replicator",
    "REST_REGRET": ".replicator",
    "Basins": ".replicator",
    "basins": ".replicator",
    "StabilityReport": ".report",
    "classify": ".report",
    "minimum_trust": ".trust",
}
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "CONVERGED_DISTANCE",
    "CRITERIA",
    "NOT_CONVERGED",
    "OTHER",
    "REGIMES",
    "REST_REGRET",
    "Basins",
    "LogitPath",
    "StabilityReport",
    "Threshold",
    "basins",
    "classify",
    "logit_path",
    "minimum_trust",
    "set_text",
    "thresholds",
]
