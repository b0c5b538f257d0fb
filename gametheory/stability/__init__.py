"""When is a pure profile — normally mutual restraint — a stable outcome?

Each criterion is reported separately because they can disagree (docs/criteria.md):

- :mod:`.criteria` — the one definition of deviation gains, Nash / strict, Nash products and
  Harsanyi–Selten risk dominance, over numbers, grids and sympy expressions alike;
- :mod:`.report` — :func:`classify` → :class:`StabilityReport`, every criterion of one profile;
- :mod:`.replicator` — the replicator Jacobian and :func:`basins` of attraction;
- :mod:`.logit` — :func:`logit_path`, the principal logit QRE branch;
- :mod:`.thresholds` (with the solver in :mod:`.inequalities`) — :func:`thresholds`, the
  parameter values where the algebraic criteria switch;
- :mod:`.trust` — :func:`minimum_trust`.
"""

from .criteria import CRITERIA, REGIMES
from .logit import LogitPath, logit_path
from .replicator import CONVERGED_DISTANCE, NOT_CONVERGED, OTHER, REST_REGRET, Basins, basins
from .report import StabilityReport, classify
from .thresholds import Threshold, set_text, thresholds
from .trust import minimum_trust

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
