"""Maximal Nash subsets of a bimatrix game from its extreme equilibria.

The extreme equilibria form a bipartite graph: an edge joins extreme strategy x of player 1 and
y of player 2 when (x, y) is an equilibrium. Every maximal complete bipartite subgraph
(a maximal biclique) X x Y gives a maximal Nash subset conv(X) x conv(Y): every profile in it
is an equilibrium, and the union of these sets is the set of all equilibria (Winkels 1979;
Avis, Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash equilibria for two-player
games", Economic Theory 42).
"""

from __future__ import annotations

from collections.abc import Sequence


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> list[tuple[frozenset, frozenset]]:
    """All maximal bicliques (X, Y) of the bipartite graph with the given (x, y) edges.

    Every maximal biclique's Y is an intersection of neighbourhoods N(x), so closing the
    family {N(x)} under intersection and pairing each Y with its common neighbours finds all
    of them. The graphs here are small (extreme equilibria of one game).

    >>> sorted((sorted(x), sorted(y)) for x, y in maximal_bicliques([(0, 0), (1, 0), (1, 1)]))
    [([0, 1], [0]), ([1], [0, 1])]
    """
    right_of: dict[int, set[int]] = {}
    left_of: dict[int, set[int]] = {}
    for x, y in edges:
        right_of.setdefault(x, set()).add(y)
        left_of.setdefault(y, set()).add(x)
    family: set[frozenset] = {frozenset(ys) for ys in right_of.values()}
    frontier = set(family)
    while frontier:
        new: set[frozenset] = set()
        for a in frontier:
            for b in family:
                c = a & b
                if c and c not in family:
                    new.add(c)
        family |= new
        frontier = new
    result = []
    for ys in family:
        xs = frozenset(set.intersection(*(left_of[y] for y in ys)))
        # (xs, ys) is maximal iff ys is exactly the common neighbourhood of xs
        if frozenset(set.intersection(*(right_of[x] for x in xs))) == ys:
            result.append((xs, ys))
    return result


def nash_subsets(pairs: Sequence[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Maximal Nash subsets as sorted tuples of indices into `pairs` (the equilibria).

    >>> nash_subsets([(0, 0), (1, 0), (1, 1)])
    ((0, 1), (1, 2))
    """
    index = {pair: k for k, pair in enumerate(pairs)}
    subsets = [
        tuple(sorted(index[(x, y)] for x in xs for y in ys))
        for xs, ys in maximal_bicliques(list(pairs))
    ]
    return tuple(sorted(subsets))
