"""Fuzz (hypothesis, seeded, bounded): ``repeated`` options, ``sweep --resume`` on damaged stores.

Every ``repeated`` call returns 0, or 2 with one line on stderr; every resume of a store whose
chunk files or manifest had bytes flipped, were truncated or deleted either refuses in one line
(exit 2) or computes the damaged chunks again and writes the same table, byte for byte, as an
undamaged run. Each call has a time limit (the hypothesis deadline) and a memory limit (the
peak of Python and NumPy allocations traced by ``tracemalloc``).
"""

from __future__ import annotations

import shutil
import tempfile
import tracemalloc
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gametheory.cli import main

MEMORY_LIMIT = 400 * 2**20
"""Most bytes one call may allocate at its peak."""

FUZZ = settings(
    derandomize=True,
    deadline=30_000,  # milliseconds per example: generous on a shared machine, yet a bound
    max_examples=40,
    # capsys is read (and so reset) at every call: sharing it across examples is safe
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    """main(argv) under a traced memory limit; the status and stderr, checked for one line."""
    capsys.readouterr()
    tracemalloc.start()
    try:
        status = main(argv)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert peak <= MEMORY_LIMIT, f"{argv}: peak {peak / 2**20:.0f} MiB"
    assert status in (0, 2), (argv, status, err)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith("gametheory: "), (argv, err)
        assert "Traceback" not in err
    return status, err


REPEATED_OPTIONS = st.sampled_from(
    [
        (
            "--strategies",
            st.sampled_from(
                [
                    "ALLD,TFT",
                    "GRIM",
                    "GTFT:g=0.3",
                    "M1:0110/1",
                    "NOPE",
                    "M1:01",
                    "GTFT:g=x",
                    "",
                    "WSLS,TF2T",
                    "M1:abc",
                ]
            ),
        ),
        (
            "--delta",
            st.sampled_from(
                ["0.9", "0.5", "0.99", "0.999999999999", "1", "0", "-1", "2", "nan", "0.999985"]
            ),
        ),
        ("--noise", st.sampled_from(["0", "0.01", "0.3", "-0.1", "1.5", "nan"])),
        ("--grid", st.sampled_from(["20", "1", "0", "-3", "100001"])),
        ("--finite", st.sampled_from(["1", "4", "0", "-1", "30", "1000", "3000", "1000000"])),
        ("--payoff-set", st.none()),
        ("--json", st.none()),
        ("--tol", st.sampled_from(["1e-9", "0", "-1", "nan", "2"])),
    ]
).flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1]))

GAMES = st.sampled_from(
    [
        "builtin:prisoners_dilemma",
        "builtin:stag_hunt",
        "builtin:chicken",
        "builtin:matching_pennies",
        "builtin:n_player_dilemma",
        "builtin:nope",
    ]
)


@FUZZ
@given(GAMES, st.lists(REPEATED_OPTIONS, max_size=5))
def test_repeated_options_return_0_or_one_line(capsys, game, options):
    argv = ["repeated", game]
    for option, value in options:
        argv += [option] if value is None else [option, value]
    # the 3-player payoff set needs ~20/(1 - delta) iterations of vertex enumeration: bounded
    # (2000 at most) but minutes near delta = 1; keep it to the deltas it finishes in seconds
    patient = any(o == "--delta" and v in ("0.99", "0.999985") for o, v in options)
    assume(not (game == "builtin:n_player_dilemma" and patient and "--payoff-set" in argv))
    _run(capsys, argv)


SWEEP = ["sweep", "builtin:two_bloc", "--grid", "c=0:4:9", "--grid", "r=0:4:9"]
SWEEP += ["--workers", "0", "--chunk-size", "10", "--quiet"]  # 81 points, 9 chunks


@lru_cache(maxsize=1)
def _clean_store() -> tuple[Path, bytes]:
    """An undamaged finished store and its table (made once, read only afterwards)."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-clean-"))
    out = root / "t.csv"
    assert main([*SWEEP, "--out", str(out)]) == 0
    return Path(f"{out}.chunks"), out.read_bytes()


DAMAGE = st.lists(
    st.tuples(
        st.sampled_from(["manifest.json", *(f"chunk-{k:06d}.csv" for k in range(9))]),
        st.sampled_from(["flip", "truncate", "delete", "append"]),
        st.floats(0.0, 1.0),  # where in the file
        st.integers(1, 255),  # the xor mask of a flipped byte
    ),
    min_size=1,
    max_size=4,
)


def _damage(store: Path, name: str, how: str, where: float, mask: int) -> None:
    path = store / name
    if not path.exists():
        return
    data = bytearray(path.read_bytes())
    at = min(int(where * len(data)), max(len(data) - 1, 0))
    if how == "delete":
        path.unlink()
    elif how == "truncate":
        path.write_bytes(bytes(data[:at]))
    elif how == "append":
        path.write_bytes(bytes(data) + b"0.5,stable,True\n")
    elif data:
        data[at] ^= mask
        path.write_bytes(bytes(data))


@settings(FUZZ, max_examples=30)
@given(DAMAGE)
def test_resume_of_a_damaged_store_refuses_or_recomputes_the_same_table(capsys, damage):
    clean_store, clean_table = _clean_store()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        out = Path(tmp) / "t.csv"
        store = Path(f"{out}.chunks")
        shutil.copytree(clean_store, store)
        for step in damage:
            _damage(store, *step)
        status, err = _run(capsys, [*SWEEP, "--out", str(out), "--resume"])
        if status == 0:
            assert out.read_bytes() == clean_table, err
            for line in err.splitlines():  # notes name each chunk computed again
                assert line.startswith("gametheory: note: grid(): chunk "), line
