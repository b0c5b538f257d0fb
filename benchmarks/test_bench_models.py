"""Bloc formation with nine states: all pure equilibria over 3^9 = 19683 profiles.

Same model, same parameters, same run: the ratio of the two timings in the
"bloc formation n=9" group is the speed-up of the array enumeration
(:meth:`BlocFormation.pure_equilibria`) over a plain Python loop over the profiles
(:meth:`BlocFormation.pure_equilibria_loop`). The n=13 benchmark (1.6 million profiles, the
largest the enumeration accepts) shows how it scales; a Python loop there would take minutes.
"""

from __future__ import annotations

import numpy as np

from gametheory.deterrence.bloc_formation import DEFAULT_STATES, State, bloc_formation

PARAMS = {"q_W": 1.0}


def test_blocs_vectorised_9(benchmark):
    model = bloc_formation()
    benchmark.group = "bloc formation n=9"
    found = benchmark(lambda: model.pure_equilibria(**PARAMS))
    assert np.array_equal(found, model.pure_equilibria_loop(**PARAMS))


def test_blocs_python_loop_9(benchmark):
    model = bloc_formation()
    benchmark.group = "bloc formation n=9"
    benchmark.pedantic(lambda: model.pure_equilibria_loop(**PARAMS), rounds=3, iterations=1)


def test_blocs_vectorised_13(benchmark):
    extra = [State(f"South {k}", 0.5, -1.0, -1.0) for k in range(4)]
    model = bloc_formation([*DEFAULT_STATES, *extra])
    benchmark.group = "bloc formation n=13"
    found = benchmark.pedantic(lambda: model.pure_equilibria(**PARAMS), rounds=3, iterations=1)
    assert found.shape[1] == 13


def test_blocs_dynamics_13(benchmark):
    extra = [State(f"South {k}", 0.5, -1.0, -1.0) for k in range(4)]
    model = bloc_formation([*DEFAULT_STATES, *extra])
    benchmark.group = "bloc formation n=13"
    run = benchmark.pedantic(
        lambda: model.dynamics(n_starts=1000, seed=0, **PARAMS), rounds=3, iterations=1
    )
    assert run.converged.any()
