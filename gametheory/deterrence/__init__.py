"""Deterrence versus reassurance between rival blocs: the models and what they show.

Every model of the project's policy question lives here, with its analysis; the generic
engine (``game``, ``symbolic``, ``solvers``, ``stability``, ``repeated``, ``extensive``,
``bayesian``, ``sweep``) never imports this package.

=====================  =====================================================================
module                 model
=====================  =====================================================================
``two_bloc``           two blocs restrain or escalate; capability c, reassurance r (a
                       commitment cost), accidents eps (docs/two_bloc.md)
``three_bloc``         the two blocs and the Global South, which aligns or stays neutral and
                       mediates (m adds to r) (docs/three_bloc.md)
``bloc_formation``     n states choose West, East or non-aligned; reassurance divides the
                       threat a state perceives (docs/bloc_formation.md)
``credibility``        Zagare-Kilgour sequential deterrence: credible threats (extensive form)
``trust``              Kydd's security dilemma with types and his costly reassurance signal
``spiral``             the two-bloc game repeated with accidents: which strategies sustain
                       restraint
=====================  =====================================================================

"Reassurance" is not one thing in these models: docs/reassurance.md lists each mechanism of
reassurance and of capability, the parameter that carries it and what it is not.

Each analysis (:mod:`gametheory.deterrence.analysis`) returns its findings as
:class:`~gametheory.deterrence.findings.Finding` records: a statement rendered from a computed
region or equilibrium, whether it holds at the given parameters, and the evidence. The text
reports and ``--json`` of ``models/*.py`` are both rendered from those records.

>>> from gametheory.deterrence import two_bloc
>>> sorted(two_bloc().defaults)[:3]
['alpha', 'b', 'beta']
"""

from .bloc_formation import DEFAULT_STATES, BlocFormation, State, bloc_formation
from .credibility import entry_game, mutual_deterrence, unilateral_deterrence
from .findings import Finding, Region
from .three_bloc import THREE_BLOC_DEFAULTS, three_bloc
from .trust import costly_reassurance, reassurance_range, security_dilemma_types
from .two_bloc import TWO_BLOC_DEFAULTS, TWO_BLOC_MEANINGS, two_bloc

__all__ = [
    "DEFAULT_STATES",
    "THREE_BLOC_DEFAULTS",
    "TWO_BLOC_DEFAULTS",
    "TWO_BLOC_MEANINGS",
    "BlocFormation",
    "Finding",
    "Region",
    "State",
    "bloc_formation",
    "costly_reassurance",
    "entry_game",
    "mutual_deterrence",
    "reassurance_range",
    "security_dilemma_types",
    "three_bloc",
    "two_bloc",
    "unilateral_deterrence",
]
