"""Start-up: what `import gametheory`, `gametheory --help` and the main job load (issue 21).

Which modules a fresh interpreter has loaded, never how long it took (timing belongs to
``gametheory bench --startup`` and ``benchmarks/test_bench_startup.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gametheory.bench import startup

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["numba", "sympy", "scipy", "matplotlib", "numpy"]


def loaded_after(code: str, env: dict[str, str] | None = None) -> dict[str, bool]:
    """Run `code` in a fresh interpreter importing this copy of gametheory; which of HEAVY
    (and sympy.physics, scipy.integrate) it loaded."""
    watched = [*HEAVY, "sympy.physics", "scipy.integrate"]
    report = (
        "\nimport gc, json, sys\n"
        f"found = {{m: m in sys.modules for m in {watched!r}}}\n"
        "if found['numba']:\n"
        "    from numba.core.registry import CPUDispatcher\n"
        "    found['compiled'] = [d.py_func.__qualname__ for d in gc.get_objects()\n"
        "                         if isinstance(d, CPUDispatcher) and d.overloads]\n"
        "print(json.dumps(found))"
    )
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code + report],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_gametheory_loads_no_heavy_library():
    found = loaded_after("import gametheory\nassert gametheory.GameError")
    assert [m for m in HEAVY if found[m]] == []


def test_help_loads_no_heavy_library():
    code = (
        "from gametheory.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit as stop:\n"
        "        assert stop.code == 0\n"
        "assert 'usage: gametheory' in out.getvalue()"
    )
    assert [m for m in HEAVY if loaded_after(code)[m]] == []


def test_the_method_choices_still_check_and_list_the_registry(capsys):
    from gametheory.cli import main
    from gametheory.solvers import available_methods

    assert main(["solve", "builtin:two_bloc", "--method", "no-such"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'no-such'" in err
    assert all(repr(name) in err for name in available_methods())
    assert main(["solve", "builtin:stag_hunt", "--method", "support", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "support"


@pytest.mark.slow
def test_main_job_loads_no_compiled_kernel_nor_sympy_physics_on_a_warm_cache(tmp_path):
    """The main job solves its 2x2 game by solve_many's closed form (numba is imported with
    the solvers, but no compiled kernel is loaded: that costs more than the import) and, once
    its thresholds are cached, runs no sympy simplify (which loads sympy.physics)."""
    code = (
        "from gametheory.deterrence.analysis.two_bloc import analyse, render\n"
        "assert 'restraint' in render(analyse({}))"
    )
    env = {"GAMETHEORY_CACHE_DIR": str(tmp_path)}
    first = loaded_after(code, env)  # fills the empty cache
    assert first.get("compiled", []) == []
    again = loaded_after(code, env)
    assert again.get("compiled", []) == [] and not again["sympy.physics"]
    # the check sees a kernel when one is loaded
    solved = loaded_after("from gametheory import solve, games\nsolve(games.stag_hunt().at())")
    assert any("enumerate_vertices" in name for name in solved["compiled"])


def test_bench_startup_rows_are_medians_over_the_reference(tmp_path):
    python = sys.executable
    table = {
        "import": [python, "-c", "pass"],
        "help": [python, "-c", "import time; time.sleep(0.2)"],
        "main_empty_cache": [
            python,
            "-c",
            "import os, pathlib; d = pathlib.Path(os.environ['GAMETHEORY_CACHE_DIR']); "
            "assert d.is_dir() and not any(d.iterdir()); (d / 'x').write_text('1')",
        ],
    }
    found = startup.run_startup(rounds=3, table=table)
    rows = {r["name"]: r for r in found["rows"]}
    assert list(rows) == ["import", "help", "main_empty_cache"] and found["rounds"] == 3
    for row in rows.values():
        assert len(row["seconds"]) == 3 and row["median"] == sorted(row["seconds"])[1]
        assert row["ratio"] == pytest.approx(row["median"] / rows["import"]["median"])
    assert rows["help"]["median"] > 0.2 and rows["help"]["target"] == 1.5
    assert rows["import"]["ratio"] == 1.0 and rows["main_empty_cache"]["target"] is None
    text = startup.format_startup(found)
    assert "gametheory --help" in text and "<= 1.5x" in text and "(empty cache)" in text


def test_bench_startup_names_a_failing_command():
    table = {"import": [sys.executable, "-c", "raise SystemExit('broken on purpose')"]}
    with pytest.raises(RuntimeError, match="broken on purpose"):
        startup.run_startup(rounds=1, table=table)


def test_bench_startup_commands_run_this_copy_and_the_main_job():
    table = startup.commands()
    assert table["import"][-1] == startup.REFERENCE
    assert table["help"][1:] == ["-m", "gametheory", "--help"]
    assert table["main"][-1] == str(ROOT / "models" / "two_bloc.py")
    assert "main_empty_cache" in table and "main_empty_cache" not in startup.commands(cold=False)
    assert "main" not in startup.commands(tmp := ROOT / "no" / "such.py") and not tmp.exists()


@pytest.mark.slow
def test_bench_startup_json_is_documented(capsys):
    from gametheory.cli import main

    assert main(["bench", "--quick", "--only", "startup", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == [] and data["batch"] is None and data["repeated"] is None
    section = data["startup"]
    assert [r["name"] for r in section["rows"]] == ["import", "help", "main"]
    assert section["rounds"] == 3 and all(len(r["seconds"]) == 3 for r in section["rows"])
    doc = (ROOT / "docs" / "json.md").read_text()
    doc = doc.split("## `gametheory bench --json`", 1)[1].split("\n## ", 1)[0]
    keys = [*data, *section, *section["rows"][0]]
    assert [k for k in keys if f"`{k}`" not in doc] == []
