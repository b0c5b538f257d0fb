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
``arming``             capabilities chosen from levels, then the two-bloc game (docs/arming.md)
``escalation``         an escalation ladder: every step up risks inadvertent war
                       (docs/escalation.md)
=====================  =====================================================================

The claims ledger (:mod:`gametheory.deterrence.claims`, ``claims.claims()``; docs/claims.md)
states each claim of the commentary as a proposition about these models and reports where it
holds, its share of a stated prior box and the parameters that decide it.

"Reassurance" is not one thing in these models: docs/reassurance.md lists each mechanism of
reassurance and of capability, the parameter that carries it and what it is not.

Each analysis (:mod:`gametheory.deterrence.analysis`) returns its findings as
:class:`~gametheory.deterrence.findings.Finding` records: a statement rendered from a computed
region or equilibrium, whether it holds at the given parameters, and the evidence. The text
reports and ``--json`` of ``models/*.py`` are both rendered from those records.

Each model's constructor has its module's name (``two_bloc.two_bloc()``); the package
itself exports the records and the constants, loaded on first use.

>>> from gametheory.deterrence.two_bloc import two_bloc
>>> sorted(two_bloc().defaults)[:3]
['alpha', 'b', 'beta']
"""

from .._lazy import lazy_attributes

# The models load on first use: the two-bloc analysis does not pay for bloc formation's kernels.
_LAZY = {
    "ArmingResult": ".arming",
    "ArmsEquilibrium": ".arming",
    "ESCALATION_DEFAULTS": ".escalation",
    "escalation_ladder": ".escalation",
    "DEFAULT_STATES": ".bloc_formation",
    "BlocFormation": ".bloc_formation",
    "State": ".bloc_formation",
    "entry_game": ".credibility",
    "mutual_deterrence": ".credibility",
    "unilateral_deterrence": ".credibility",
    "Claim": ".claims",
    "ClaimSpec": ".claims",
    "Finding": ".findings",
    "Region": ".findings",
    "Report": ".findings",
    "THREE_BLOC_DEFAULTS": ".three_bloc",
    "costly_reassurance": ".trust",
    "reassurance_range": ".trust",
    "security_dilemma_types": ".trust",
    "TWO_BLOC_DEFAULTS": ".two_bloc",
    "TWO_BLOC_MEANINGS": ".two_bloc",
}
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "DEFAULT_STATES",
    "ESCALATION_DEFAULTS",
    "THREE_BLOC_DEFAULTS",
    "TWO_BLOC_DEFAULTS",
    "TWO_BLOC_MEANINGS",
    "ArmingResult",
    "ArmsEquilibrium",
    "BlocFormation",
    "Claim",
    "ClaimSpec",
    "Finding",
    "Region",
    "Report",
    "State",
    "costly_reassurance",
    "entry_game",
    "escalation_ladder",
    "mutual_deterrence",
    "reassurance_range",
    "security_dilemma_types",
    "unilateral_deterrence",
]
