"""The solvers' compiled (numba) kernels, kept apart from the algorithm modules that call them.

An algorithm module (:mod:`gametheory.solvers.enummixed`, :mod:`gametheory.solvers.enumpoly`)
says what is computed and why it is complete; the kernels here do the arithmetic:

* :mod:`.pivot`, :mod:`.bases`, :mod:`.polytope` -- vertices of best-response polytopes
  (pivoting, lexicographic bases search, tight sets) for ``enummixed``;
* :mod:`.support_system`, :mod:`.screens`, :mod:`.pencil`, :mod:`.homotopy` -- one support
  profile's indifference system for ``enumpoly``: screens that rule it out, direct solutions
  in one variable, and the multihomogeneous homotopy;
* :mod:`.simplex` -- the one compiled LP (see its docstring for the package's LP policy).

Their linear systems are solved by :mod:`gametheory._linalg`, shared with the repeated-games
kernels.
"""
