"""helpers.models.games: 2×2 Nash equilibria (checked against nashpy) and backward induction."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import nashpy as nash
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers.models.games import (
    Bimatrix,
    Chance,
    Decision,
    Leaf,
    backward_induction,
    solve_2x2,
)

# ---------------------------------------------------------------- hand-computed 2×2 games


def _profiles(sol) -> set[tuple[float, float]]:
    return {(round(e.row_strategy[0], 9), round(e.col_strategy[0], 9)) for e in sol.equilibria}


def test_prisoners_dilemma_has_one_pure_equilibrium_from_dominance() -> None:
    game = Bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ("cooperate", "defect"),
                    ("cooperate", "defect"))  # fmt: skip
    sol = solve_2x2(game)
    assert sol.pure == (("defect", "defect"),)
    assert _profiles(sol) == {(0.0, 0.0)}
    assert (sol.equilibria[0].row_payoff, sol.equilibria[0].col_payoff) == (1.0, 1.0)
    assert sol.dominant_row == "defect" and sol.dominant_col == "defect"
    assert not sol.degenerate and sol.continua == ()
    assert "strictly dominant" in sol.note


def test_matching_pennies_has_only_the_half_half_mix() -> None:
    sol = solve_2x2(Bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert _profiles(sol) == {(0.5, 0.5)}
    assert sol.pure == () and not sol.equilibria[0].is_pure
    assert sol.equilibria[0].row_payoff == 0.0


def test_battle_of_the_sexes_two_pure_one_mixed_by_hand() -> None:
    # Row is indifferent when 2q = 1 - q (q = 1/3); column when p = 2(1 - p) (p = 2/3).
    sol = solve_2x2(Bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    assert _profiles(sol) == {(1.0, 1.0), (0.0, 0.0), (round(2 / 3, 9), round(1 / 3, 9))}
    mixed = next(e for e in sol.equilibria if not e.is_pure)
    assert mixed.row_payoff == pytest.approx(2 / 3) and mixed.col_payoff == pytest.approx(2 / 3)
    assert "3 equilibria: 2 in pure strategies, 1 mixed" in sol.note


def test_a_weakly_dominant_action_gives_a_continuum_and_says_so() -> None:
    # Row: 'top' is never worse; column is always indifferent. Equilibria: p = 1 with any q,
    # and q = 0 with any p (an L-shaped set).
    sol = solve_2x2(Bimatrix([[1, 1], [0, 1]], [[1, 1], [1, 1]]))
    assert sol.degenerate
    assert _profiles(sol) == {(1.0, 1.0), (1.0, 0.0), (0.0, 0.0)}
    ranges = {(c.row_range, c.col_range) for c in sol.continua}
    assert ranges == {((1.0, 1.0), (0.0, 1.0)), ((0.0, 1.0), (0.0, 0.0))}
    assert sol.contains((1.0, 0.0), (0.3, 0.7)) and sol.contains((0.4, 0.6), (0.0, 1.0))
    assert not sol.contains((0.4, 0.6), (0.5, 0.5))
    assert "weakly dominant" in sol.note and "infinitely many" in sol.note
    assert "tie" in sol.note


def test_a_game_of_pure_indifference_makes_everything_an_equilibrium() -> None:
    sol = solve_2x2(Bimatrix([[2, 2], [2, 2]], [[-1, -1], [-1, -1]]))
    assert len(sol.continua) == 1
    assert (sol.continua[0].row_range, sol.continua[0].col_range) == ((0.0, 1.0), (0.0, 1.0))
    assert len(sol.equilibria) == 4 and "Every pair of strategies" in sol.note


def test_ties_are_exact_not_rounded() -> None:
    # 0.1 + 0.2 != 0.3 in floating point: the game is NOT degenerate.
    sol = solve_2x2(Bimatrix([[0.1 + 0.2, 0], [0.3, 1]], [[1, 0], [0, 1]]))
    assert not sol.degenerate


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"row_payoffs": [[1, 2, 3], [4, 5, 6]]}, "row_payoffs"),
        ({"row_payoffs": [[1, 2]]}, "row_payoffs"),
        ({"col_payoffs": [[1, float("nan")], [0, 0]]}, "col_payoffs"),
        ({"col_payoffs": [[1, "x"], [0, 0]]}, "col_payoffs"),
        ({"col_payoffs": 5}, "col_payoffs"),
        ({"row_actions": ("a", "a")}, "row_actions"),
        ({"col_actions": ("a",)}, "col_actions"),
        ({"col_actions": "ab"}, "col_actions"),
        ({"row_player": ""}, "row_player"),
        ({"col_player": "row player"}, "col_player"),
    ],
)
def test_bad_games_name_the_field(kwargs: dict, field: str) -> None:
    base: dict = {"row_payoffs": [[1, 0], [0, 1]], "col_payoffs": [[1, 0], [0, 1]]}
    with pytest.raises(ValueError, match=rf"^{field}:"):
        Bimatrix(**{**base, **kwargs})


# ---------------------------------------------------------------- nashpy as an oracle

SMALL = st.integers(-3, 3)
MATRIX = st.lists(st.lists(SMALL, min_size=2, max_size=2), min_size=2, max_size=2)


def _is_nash(a: np.ndarray, b: np.ndarray, p: float, q: float) -> bool:
    """Independent check: neither player gains by deviating to a pure action."""
    r, c = np.array([p, 1 - p]), np.array([q, 1 - q])
    row_now, col_now = r @ a @ c, r @ b @ c
    return bool(np.all(a @ c <= row_now + 1e-9) and np.all(r @ b <= col_now + 1e-9))


def _nashpy(a: np.ndarray, b: np.ndarray) -> nash.Game:
    # Vertex enumeration needs positive payoffs; a constant shift keeps every equilibrium.
    return nash.Game(a - a.min() + 1, b - b.min() + 1)


@given(MATRIX, MATRIX, st.sampled_from([1, 7, 0.1]))
def test_non_degenerate_games_match_nashpy_support_enumeration(ra, rb, scale) -> None:
    a, b = np.array(ra) * scale, np.array(rb) * scale
    sol = solve_2x2(Bimatrix(a.tolist(), b.tolist()))
    assume(not sol.degenerate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = {
            (round(float(r[0]), 9) + 0.0, round(float(c[0]), 9) + 0.0)
            for r, c in _nashpy(a, b).support_enumeration()
        }
    assert _profiles(sol) == theirs
    assert sol.continua == ()
    # a non-degenerate 2×2 game has an odd number of equilibria (1 or 3)
    assert len(sol.equilibria) in (1, 3)


@given(MATRIX, MATRIX)
def test_every_game_including_degenerate_matches_nashpy(ra, rb) -> None:
    a, b = np.array(ra, dtype=float), np.array(rb, dtype=float)
    sol = solve_2x2(Bimatrix(a.tolist(), b.tolist()))
    for e in sol.equilibria:
        assert _is_nash(a, b, e.row_strategy[0], e.col_strategy[0]), e.label
        assert e.row_payoff == pytest.approx(float(np.array(e.row_strategy) @ a @ e.col_strategy))
    for c in sol.continua:  # every point of a continuum is an equilibrium (its middle, too)
        assert _is_nash(a, b, sum(c.row_range) / 2, sum(c.col_range) / 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = _nashpy(a, b)
        vertices = {
            (round(float(r[0]), 9) + 0.0, round(float(c[0]), 9) + 0.0)
            for r, c in game.vertex_enumeration()
        }
        supports = list(game.support_enumeration())
    # The extreme equilibria are exactly nashpy's vertex enumeration …
    assert _profiles(sol) == vertices
    # … and whatever support enumeration finds lies in the set we return.
    for r, c in supports:
        assert sol.contains((float(r[0]), float(r[1])), (float(c[0]), float(c[1])), 1e-7)
    assert sol.degenerate == bool(
        a[0, 0] == a[1, 0] or a[0, 1] == a[1, 1] or b[0, 0] == b[0, 1] or b[1, 0] == b[1, 1]
    )


@given(MATRIX, MATRIX, st.integers(-5, 5), st.integers(1, 4))
def test_equilibria_do_not_change_when_payoffs_are_shifted_or_scaled(ra, rb, shift, k) -> None:
    a, b = np.array(ra, dtype=float), np.array(rb, dtype=float)
    one = solve_2x2(Bimatrix(a.tolist(), b.tolist()))
    two = solve_2x2(Bimatrix((k * a + shift).tolist(), (b - shift).tolist()))
    assert _profiles(one) == _profiles(two)
    assert one.degenerate == two.degenerate


@given(MATRIX, MATRIX)
def test_swapping_the_players_mirrors_the_equilibria(ra, rb) -> None:
    a, b = np.array(ra, dtype=float), np.array(rb, dtype=float)
    one = solve_2x2(Bimatrix(a.tolist(), b.tolist()))
    two = solve_2x2(Bimatrix(b.T.tolist(), a.T.tolist()))
    assert {(q, p) for p, q in _profiles(one)} == _profiles(two)


def test_mixed_probabilities_are_exact_fractions() -> None:
    sol = solve_2x2(Bimatrix([[3, 0], [0, 4]], [[1, 0], [0, 6]]))
    mixed = next(e for e in sol.equilibria if not e.is_pure)
    # Row indifferent: 3q = 4(1 - q) → q = 4/7; column: p = 6(1 - p) → p = 6/7.
    assert Fraction(mixed.col_strategy[0]).limit_denominator(100) == Fraction(4, 7)
    assert Fraction(mixed.row_strategy[0]).limit_denominator(100) == Fraction(6, 7)


# ---------------------------------------------------------------- sequential games


def _entry_game(fight: float = -1.0) -> Decision:
    """Entrant: out (0, 2) or in; incumbent: fight (fight, fight) or share (1, 1)."""
    return Decision(
        "entrant",
        "E",
        {
            "out": Leaf("stay out", {"E": 0, "I": 2}),
            "in": Decision(
                "incumbent",
                "I",
                {"fight": Leaf("war", {"E": fight, "I": fight}),
                 "share": Leaf("share", {"E": 1, "I": 1})},
            ),
        },
    )  # fmt: skip


def test_backward_induction_on_the_entry_game() -> None:
    sol = backward_induction(_entry_game())
    assert [(s.node, s.action) for s in sol.path] == [("entrant", "in"), ("incumbent", "share")]
    assert dict(sol.payoffs) == {"E": 1.0, "I": 1.0}
    assert dict(sol.plan) == {"entrant": "in", "incumbent": "share"}
    assert dict(sol.outcomes) == {"share": 1.0}
    assert sol.ties == () and sol.note == ""


def test_off_path_choices_are_in_the_plan() -> None:
    # If fighting paid the incumbent 3, the entrant stays out; the plan still says "fight".
    sol = backward_induction(_entry_game(fight=3.0))
    assert sol.plan["incumbent"] == "fight" and sol.plan["entrant"] == "in"
    assert sol.payoffs["E"] == 3.0


def test_chance_nodes_average_their_outcomes() -> None:
    gamble = Chance("coin", {"heads": (0.25, Leaf("h", {"A": 8, "B": 0})),
                             "tails": (0.75, Leaf("t", {"A": 0, "B": 4}))})  # fmt: skip
    root = Decision("A moves", "A", {"safe": Leaf("s", {"A": 1.5, "B": 1}), "gamble": gamble})
    sol = backward_induction(root)
    assert sol.plan["A moves"] == "gamble"
    assert dict(sol.payoffs) == {"A": 2.0, "B": 3.0}
    assert dict(sol.outcomes) == {"h": 0.25, "t": 0.75}
    assert [s.action for s in sol.path] == ["gamble"]
    assert dict(sol.values["coin"]) == {"A": 2.0, "B": 3.0}


def test_ties_go_to_the_first_listed_action_and_are_reported() -> None:
    leaves = {"x": Leaf("lx", {"A": 1, "B": 0}), "y": Leaf("ly", {"A": 1, "B": 5})}
    root = Decision("A", "A", leaves)
    sol = backward_induction(root)
    assert sol.plan["A"] == "x" and sol.ties == ("A",) and "indifferent" in sol.note


@pytest.mark.parametrize(
    "build,field",
    [
        (lambda: Decision("a", "P", {"x": Leaf("a", {"P": 1})}), "label"),
        (lambda: Decision("a", "P", {"x": Leaf("l1", {"P": 1}), "y": Leaf("l2", {"Q": 1})}),
         "payoffs"),
        (lambda: Decision("a", "Q", {"x": Leaf("l1", {"P": 1})}), "player"),
        (lambda: Decision("a", "P", {}), "moves"),
        (lambda: Decision("a", "P", {"x": 3}), "moves"),
        (lambda: Decision("", "P", {"x": Leaf("l1", {"P": 1})}), "label"),
        (lambda: Chance("c", {"h": (0.5, Leaf("l1", {"P": 1}))}), "outcomes"),
        (lambda: Chance("c", {"h": (1.5, Leaf("l1", {"P": 1})),
                              "t": (-0.5, Leaf("l2", {"P": 1}))}), "outcomes"),
        (lambda: Leaf("l", {}), "payoffs"),
        (lambda: Leaf("l", {"P": float("inf")}), "payoffs"),
        (lambda: Leaf("l", {"P": "high"}), "payoffs"),
        (lambda: "not a node", "root"),
    ],
)  # fmt: skip
def test_bad_trees_name_the_field(build, field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}:"):
        backward_induction(build())


@given(st.lists(st.tuples(st.floats(-100, 100), st.floats(-100, 100)), min_size=1, max_size=6))
def test_a_single_mover_takes_its_best_leaf(pays) -> None:
    root = Decision("root", "A", {f"a{i}": Leaf(f"l{i}", {"A": x, "B": y})
                                  for i, (x, y) in enumerate(pays)})  # fmt: skip
    sol = backward_induction(root)
    best = max(x for x, _ in pays)
    # The documented tie rule: payoffs within tol (1e-12) of the best tie; the first wins.
    tied = [
        i for i, (x, _) in enumerate(pays) if math.isclose(x, best, rel_tol=1e-12, abs_tol=1e-12)
    ]
    assert sol.plan["root"] == f"a{tied[0]}"
    assert sol.payoffs["A"] == pays[tied[0]][0]


# ---------------------------------------------------------------- the layer rule


@pytest.mark.parametrize("module", ["games", "crisis", "incremental"])
def test_models_import_only_numpy_the_standard_library_and_helpers_data(module: str) -> None:
    """helpers.models must stay light: no altair, widgets, IPython, scipy, nashpy or pandas."""
    import ast
    import sys
    from pathlib import Path

    import helpers.models

    path = Path(helpers.models.__file__).parent / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    allowed_helpers = {"helpers.data", "helpers.models.games"}
    for name in names:
        top = name.split(".")[0]
        ok = (
            top in sys.stdlib_module_names
            or top == "numpy"
            or name in allowed_helpers
            or name == "__future__"
        )
        assert ok, f"{module}.py imports {name}"
