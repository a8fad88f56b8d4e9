"""Why this file is long: it holds the two solvers lesson 06's models share, each with its
input checks and its explanation in words: the 2×2 solver (most of the file) handles every
degenerate case in exact arithmetic and says what happened; backward induction on small
trees follows. The two halves share nothing but their style of input checks, and a divider
marks the seam to split along if either grows.

A small game solver: Nash equilibria of 2×2 games and backward induction on small trees.

Two tools, shared by the escalation models of lesson 06:

- :func:`solve_2x2` finds *every* Nash equilibrium of a 2×2 bimatrix game, pure and mixed,
  in closed form. It works in exact rational arithmetic (each float payoff is converted to
  a :class:`fractions.Fraction`), so ties are detected exactly, not up to rounding. In a
  degenerate game (a player indifferent between its two actions against some pure action
  of the other) the equilibria may form a continuum; the solver then returns the end points
  of each continuous piece, describes the pieces in :attr:`Solution2x2.continua`, and says
  in plain words what happened in :attr:`Solution2x2.note`.
- :func:`backward_induction` solves a finite sequential game given as a tree of
  :class:`Decision`, :class:`Chance` and :class:`Leaf` nodes and returns the
  subgame-perfect plan, the path of play and the expected payoffs.

The method for 2×2 games: let ``p`` be the probability the row player picks its first
action and ``q`` the probability the column player picks its first. The row player's gain
from its first action over its second is linear in ``q``, so it changes sign at most once;
the same holds for the column player in ``p``. Cutting the unit square at those points
leaves a few cells on which both best responses are fixed, and the equilibria are the
(closed) cells where each player's strategy is a best response to the other's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import TypeAlias

Pair = tuple[float, float]
Matrix = tuple[tuple[float, float], tuple[float, float]]

MAX_TREE_NODES = 10_000


# ---------------------------------------------------------------- 2×2 games


def _matrix(name: str, value: object) -> Matrix:
    """A 2×2 matrix of finite floats, or a ValueError naming the field."""
    try:
        rows = [list(r) for r in value]  # type: ignore[attr-defined]  # TypeError caught below
    except TypeError:
        raise ValueError(f"{name}: must be a 2×2 table of numbers") from None
    if len(rows) != 2 or any(len(r) != 2 for r in rows):
        raise ValueError(f"{name}: must be a 2×2 table of numbers (two rows of two)")
    out: list[tuple[float, float]] = []
    for r in rows:
        vals: list[float] = []
        for v in r:
            if isinstance(v, bool):
                raise ValueError(f"{name}: payoffs must be numbers, not {v!r}")
            try:
                f = float(v)
            except (TypeError, ValueError):
                raise ValueError(f"{name}: payoffs must be numbers, not {v!r}") from None
            if not math.isfinite(f):
                raise ValueError(f"{name}: payoffs must be finite, not {v!r}")
            vals.append(f)
        out.append((vals[0], vals[1]))
    return (out[0], out[1])


def _labels(name: str, value: object) -> tuple[str, str]:
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise ValueError(f"{name}: must be two action names")
    a, b = value
    if not (isinstance(a, str) and isinstance(b, str)) or not a.strip() or not b.strip():
        raise ValueError(f"{name}: action names must be non-empty strings")
    if a == b:
        raise ValueError(f"{name}: the two actions need different names, both are {a!r}")
    return (a, b)


@dataclass(frozen=True)
class Bimatrix:
    """A 2×2 game: ``row_payoffs[i][j]`` and ``col_payoffs[i][j]`` are what the row and the
    column player get when row plays action ``i`` and column plays action ``j``.

    Lists, tuples or numpy arrays are accepted and stored as tuples of floats.
    """

    row_payoffs: Matrix
    col_payoffs: Matrix
    row_actions: tuple[str, str] = ("top", "bottom")
    col_actions: tuple[str, str] = ("left", "right")
    row_player: str = "row player"
    col_player: str = "column player"

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_payoffs", _matrix("row_payoffs", self.row_payoffs))
        object.__setattr__(self, "col_payoffs", _matrix("col_payoffs", self.col_payoffs))
        object.__setattr__(self, "row_actions", _labels("row_actions", self.row_actions))
        object.__setattr__(self, "col_actions", _labels("col_actions", self.col_actions))
        for name in ("row_player", "col_player"):
            v = getattr(self, name)
            if not isinstance(v, str) or not v.strip():
                raise ValueError(f"{name}: must be a non-empty name")
        if self.row_player == self.col_player:
            raise ValueError(f"col_player: must differ from row_player ({self.row_player!r})")

    def payoffs(self, row_strategy: Pair, col_strategy: Pair) -> Pair:
        """Expected payoffs (row, column) when both play the given mixed strategies."""
        a, b = self.row_payoffs, self.col_payoffs
        ur = sum(row_strategy[i] * col_strategy[j] * a[i][j] for i in (0, 1) for j in (0, 1))
        uc = sum(row_strategy[i] * col_strategy[j] * b[i][j] for i in (0, 1) for j in (0, 1))
        return (float(ur), float(uc))


@dataclass(frozen=True)
class Equilibrium:
    """One Nash equilibrium: each player's probabilities over its two actions, and payoffs."""

    row_strategy: Pair
    col_strategy: Pair
    row_payoff: float
    col_payoff: float
    label: str

    @property
    def is_pure(self) -> bool:
        """True when both players play one action with certainty."""
        return all(x in (0.0, 1.0) for x in (*self.row_strategy, *self.col_strategy))


@dataclass(frozen=True)
class EquilibriumSet:
    """A continuum of equilibria: every pair with ``p`` in ``row_range`` and ``q`` in
    ``col_range`` is an equilibrium (``p``, ``q``: probabilities of each player's first
    action). One of the ranges may be a single point."""

    row_range: Pair
    col_range: Pair
    description: str

    def contains(self, p: float, q: float, tol: float = 1e-9) -> bool:
        """Whether (p, q) lies in this set, up to ``tol``."""
        return (self.row_range[0] - tol <= p <= self.row_range[1] + tol) and (
            self.col_range[0] - tol <= q <= self.col_range[1] + tol
        )


@dataclass(frozen=True)
class Solution2x2:
    """Every Nash equilibrium of a 2×2 game, with plain-words notes on special cases.

    ``equilibria`` lists the isolated equilibria and the end points (corners) of every
    continuum; ``continua`` describes the continuous pieces (empty for a non-degenerate
    game); ``pure`` names the pure-strategy equilibria as (row action, column action).
    """

    game: Bimatrix
    equilibria: tuple[Equilibrium, ...]
    continua: tuple[EquilibriumSet, ...]
    pure: tuple[tuple[str, str], ...]
    dominant_row: str | None
    dominant_col: str | None
    degenerate: bool
    note: str

    def contains(self, row_strategy: Pair, col_strategy: Pair, tol: float = 1e-9) -> bool:
        """Whether a strategy pair is one of the equilibria found (isolated or in a continuum)."""
        p, q = float(row_strategy[0]), float(col_strategy[0])
        for eq in self.equilibria:
            if abs(eq.row_strategy[0] - p) <= tol and abs(eq.col_strategy[0] - q) <= tol:
                return True
        return any(c.contains(p, q, tol) for c in self.continua)


@dataclass(frozen=True)
class _Piece:
    lo: Fraction
    hi: Fraction

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    def has(self, x: Fraction) -> bool:
        return self.lo == x == self.hi if self.is_point else self.lo < x < self.hi


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _zero_inside(at0: Fraction, at1: Fraction) -> Fraction | None:
    """Where the line through (0, at0) and (1, at1) crosses zero strictly inside (0, 1)."""
    if _sign(at0) * _sign(at1) < 0:
        return at0 / (at0 - at1)
    return None


def _pieces(cut: Fraction | None) -> list[_Piece]:
    one, zero = Fraction(1), Fraction(0)
    points = [zero, one] if cut is None else [zero, cut, one]
    out = [_Piece(points[0], points[0])]
    for a, b in pairwise(points):
        out += [_Piece(a, b), _Piece(b, b)]
    return out


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _mix_words(actions: tuple[str, str], prob_first: float) -> str:
    if prob_first == 1.0:
        return f"'{actions[0]}'"
    if prob_first == 0.0:
        return f"'{actions[1]}'"
    return f"'{actions[0]}' with probability {_fmt(prob_first)}, otherwise '{actions[1]}'"


def _dominant(gains: tuple[Fraction, Fraction], actions: tuple[str, str]) -> tuple[str | None, str]:
    """Strict or weak dominance from the first action's gain against each opposing action."""
    g0, g1 = gains
    if g0 > 0 and g1 > 0:
        return actions[0], "strictly"
    if g0 < 0 and g1 < 0:
        return actions[1], "strictly"
    if g0 >= 0 and g1 >= 0 and (g0 > 0 or g1 > 0):
        return None, f"weakly:{actions[0]}"
    if g0 <= 0 and g1 <= 0 and (g0 < 0 or g1 < 0):
        return None, f"weakly:{actions[1]}"
    return None, ""


def solve_2x2(game: Bimatrix) -> Solution2x2:
    """Every Nash equilibrium of a 2×2 game (pure, mixed and continua), in closed form."""
    a = [[Fraction(x) for x in r] for r in game.row_payoffs]
    b = [[Fraction(x) for x in r] for r in game.col_payoffs]
    # Row's gain from its first action, against column's first (q=1) and second (q=0).
    row_gain = (a[0][0] - a[1][0], a[0][1] - a[1][1])
    # Column's gain from its first action, against row's first (p=1) and second (p=0).
    col_gain = (b[0][0] - b[0][1], b[1][0] - b[1][1])

    def d_row(q: Fraction) -> Fraction:
        return q * row_gain[0] + (1 - q) * row_gain[1]

    def d_col(p: Fraction) -> Fraction:
        return p * col_gain[0] + (1 - p) * col_gain[1]

    q_cut = _zero_inside(row_gain[1], row_gain[0])
    p_cut = _zero_inside(col_gain[1], col_gain[0])
    rects: list[tuple[Fraction, Fraction, Fraction, Fraction]] = []
    for pp in _pieces(p_cut):
        for qp in _pieces(q_cut):
            sr, sc = _sign(d_row(qp.mid)), _sign(d_col(pp.mid))
            if sr == 0:
                p_lo, p_hi = pp.lo, pp.hi
            else:
                target = Fraction(1 if sr > 0 else 0)
                if not pp.has(target):
                    continue
                p_lo = p_hi = target
            if sc == 0:
                q_lo, q_hi = qp.lo, qp.hi
            else:
                target = Fraction(1 if sc > 0 else 0)
                if not qp.has(target):
                    continue
                q_lo = q_hi = target
            rects.append((p_lo, p_hi, q_lo, q_hi))

    def inside(r: tuple[Fraction, ...], s: tuple[Fraction, ...]) -> bool:
        return s[0] <= r[0] and r[1] <= s[1] and s[2] <= r[2] and r[3] <= s[3]

    rects = sorted(set(rects))
    maximal = [r for r in rects if not any(s != r and inside(r, s) for s in rects)]
    points: list[tuple[Fraction, Fraction]] = []
    continua: list[EquilibriumSet] = []
    for r in maximal:
        p_lo, p_hi, q_lo, q_hi = r
        corners = {(p, q) for p in (p_lo, p_hi) for q in (q_lo, q_hi)}
        points += sorted(corners)
        if p_lo != p_hi or q_lo != q_hi:
            continua.append(
                EquilibriumSet(
                    (float(p_lo), float(p_hi)),
                    (float(q_lo), float(q_hi)),
                    _continuum_words(game, (float(p_lo), float(p_hi)), (float(q_lo), float(q_hi))),
                )
            )
    unique = sorted(set(points), key=lambda pq: (-pq[0], -pq[1]))
    equilibria = tuple(_equilibrium(game, float(p), float(q)) for p, q in unique)
    pure = tuple(
        (game.row_actions[0 if e.row_strategy[0] == 1.0 else 1],
         game.col_actions[0 if e.col_strategy[0] == 1.0 else 1])
        for e in equilibria
        if e.is_pure
    )  # fmt: skip
    dom_row, row_kind = _dominant(row_gain, game.row_actions)
    dom_col, col_kind = _dominant(col_gain, game.col_actions)
    degenerate = 0 in row_gain or 0 in col_gain
    note = _note(game, equilibria, continua, degenerate, row_gain, col_gain,
                 (dom_row, row_kind), (dom_col, col_kind))  # fmt: skip
    return Solution2x2(
        game=game,
        equilibria=equilibria,
        continua=tuple(continua),
        pure=pure,
        dominant_row=dom_row,
        dominant_col=dom_col,
        degenerate=degenerate,
        note=note,
    )


def _equilibrium(game: Bimatrix, p: float, q: float) -> Equilibrium:
    rs, cs = (p, 1.0 - p), (q, 1.0 - q)
    ur, uc = game.payoffs(rs, cs)
    label = (
        f"{game.row_player}: {_mix_words(game.row_actions, p)}; "
        f"{game.col_player}: {_mix_words(game.col_actions, q)}"
    )
    return Equilibrium(rs, cs, ur, uc, label)


def _range_words(actions: tuple[str, str], rng: Pair) -> str:
    lo, hi = rng
    if lo == hi:
        return _mix_words(actions, lo)
    if (lo, hi) == (0.0, 1.0):
        return "any mix of its two actions"
    return f"'{actions[0]}' with any probability from {_fmt(lo)} to {_fmt(hi)}"


def _continuum_words(game: Bimatrix, p_range: Pair, q_range: Pair) -> str:
    return (
        f"{game.row_player} plays {_range_words(game.row_actions, p_range)} and "
        f"{game.col_player} plays {_range_words(game.col_actions, q_range)}"
    )


def _note(
    game: Bimatrix,
    equilibria: tuple[Equilibrium, ...],
    continua: list[EquilibriumSet],
    degenerate: bool,
    row_gain: tuple[Fraction, Fraction],
    col_gain: tuple[Fraction, Fraction],
    row_dom: tuple[str | None, str],
    col_dom: tuple[str | None, str],
) -> str:
    sentences: list[str] = []
    for player, (action, kind) in ((game.row_player, row_dom), (game.col_player, col_dom)):
        if action is not None:
            sentences.append(
                f"For {player}, '{action}' is strictly dominant: it pays more whatever the "
                "other side does."
            )
        elif kind.startswith("weakly:"):
            sentences.append(
                f"For {player}, '{kind[7:]}' is weakly dominant: never worse, sometimes better."
            )
    if degenerate:
        ties = []
        for j, g in enumerate(row_gain):
            if g == 0:
                ties.append(
                    f"against '{game.col_actions[j]}', {game.row_player} gets the same from "
                    "both its actions"
                )
        for i, g in enumerate(col_gain):
            if g == 0:
                ties.append(
                    f"against '{game.row_actions[i]}', {game.col_player} gets the same from "
                    "both its actions"
                )
        sentences.append("A degenerate game (a tie): " + "; ".join(ties) + ".")
    if any(c.row_range == (0.0, 1.0) and c.col_range == (0.0, 1.0) for c in continua):
        sentences.append(
            "Every pair of strategies is an equilibrium: whatever the other side does, each "
            "player gets the same from both its actions."
        )
    elif continua:
        sentences.append(
            "There are infinitely many equilibria (the list gives only their end points): "
            + "; or ".join(c.description for c in continua)
            + "."
        )
    else:
        n_pure = sum(e.is_pure for e in equilibria)
        n_mixed = len(equilibria) - n_pure
        sentences.append(
            f"{len(equilibria)} equilibri{'um' if len(equilibria) == 1 else 'a'}: "
            f"{n_pure} in pure strategies, {n_mixed} mixed."
        )
    return " ".join(sentences)


# ---------------------------------------------------------------- sequential games


def _name(field_name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field_name}: must be a non-empty string, not {value!r}")
    return value


@dataclass(frozen=True)
class Leaf:
    """An end of the game: each player's payoff."""

    label: str
    payoffs: Mapping[str, float]

    def __post_init__(self) -> None:
        _name("label", self.label)
        if not isinstance(self.payoffs, Mapping) or not self.payoffs:
            raise ValueError(f"payoffs: leaf {self.label!r} needs a payoff for each player")
        clean: dict[str, float] = {}
        for player, v in self.payoffs.items():
            _name("payoffs", player)
            try:
                f = float(v)
            except (TypeError, ValueError):
                raise ValueError(
                    f"payoffs: leaf {self.label!r} has a non-numeric payoff {v!r}"
                ) from None
            if isinstance(v, bool) or not math.isfinite(f):
                raise ValueError(f"payoffs: leaf {self.label!r} has a bad payoff {v!r}")
            clean[player] = f
        object.__setattr__(self, "payoffs", MappingProxyType(clean))


@dataclass(frozen=True)
class Decision:
    """A move by ``player``: ``moves`` maps each action (in order) to the node it leads to.
    Ties are broken in favour of the action listed first."""

    label: str
    player: str
    moves: Mapping[str, Node]

    def __post_init__(self) -> None:
        _name("label", self.label)
        _name("player", self.player)
        if not isinstance(self.moves, Mapping) or not self.moves:
            raise ValueError(f"moves: decision node {self.label!r} has no moves")
        for action, child in self.moves.items():
            _name("moves", action)
            if not isinstance(child, Leaf | Decision | Chance):
                raise ValueError(
                    f"moves: action {action!r} at {self.label!r} leads to {child!r}, not a node"
                )
        object.__setattr__(self, "moves", MappingProxyType(dict(self.moves)))


@dataclass(frozen=True)
class Chance:
    """A move by chance: ``outcomes`` maps each outcome to (probability, node)."""

    label: str
    outcomes: Mapping[str, tuple[float, Node]]

    def __post_init__(self) -> None:
        _name("label", self.label)
        if not isinstance(self.outcomes, Mapping) or not self.outcomes:
            raise ValueError(f"outcomes: chance node {self.label!r} has no outcomes")
        clean: dict[str, tuple[float, Node]] = {}
        for name, pair in self.outcomes.items():
            _name("outcomes", name)
            try:
                prob, child = pair
                prob = float(prob)
            except (TypeError, ValueError):
                raise ValueError(
                    f"outcomes: {name!r} at {self.label!r} must be (probability, node)"
                ) from None
            if not (math.isfinite(prob) and 0.0 <= prob <= 1.0):
                raise ValueError(
                    f"outcomes: probability of {name!r} at {self.label!r} must be in [0, 1], "
                    f"not {prob!r}"
                )
            if not isinstance(child, Leaf | Decision | Chance):
                raise ValueError(f"outcomes: {name!r} at {self.label!r} leads to {child!r}")
            clean[name] = (prob, child)
        total = sum(p for p, _ in clean.values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"outcomes: probabilities at chance node {self.label!r} sum to {total:g}, not 1"
            )
        object.__setattr__(self, "outcomes", MappingProxyType(clean))


Node: TypeAlias = Leaf | Decision | Chance


@dataclass(frozen=True)
class Step:
    """One move on the path of play: at ``node``, ``player`` chose ``action``."""

    node: str
    player: str
    action: str


@dataclass(frozen=True)
class SequentialSolution:
    """The subgame-perfect solution of a tree found by backward induction.

    ``plan`` gives the chosen action at every decision node (on and off the path);
    ``path`` the moves from the root up to the first chance node or leaf; ``payoffs`` the
    expected payoffs at the root; ``outcomes`` the probability of reaching each leaf;
    ``values`` the expected payoffs at every node; ``ties`` the decision nodes where the
    mover was indifferent between its best actions (the first listed was chosen).
    """

    payoffs: Mapping[str, float]
    path: tuple[Step, ...]
    plan: Mapping[str, str]
    outcomes: Mapping[str, float]
    values: Mapping[str, Mapping[str, float]]
    ties: tuple[str, ...]
    players: tuple[str, ...]
    note: str = field(default="")


def _walk(root: Node) -> list[Node]:
    """Every node, depth first; checks size, unique labels and one player set."""
    seen: dict[str, Node] = {}
    stack: list[Node] = [root]
    order: list[Node] = []
    while stack:
        node = stack.pop()
        if node.label in seen:
            raise ValueError(f"label: {node.label!r} is used by more than one node")
        seen[node.label] = node
        order.append(node)
        if len(order) > MAX_TREE_NODES:
            raise ValueError(f"root: the tree has more than {MAX_TREE_NODES} nodes")
        if isinstance(node, Decision):
            stack.extend(reversed(list(node.moves.values())))
        elif isinstance(node, Chance):
            stack.extend(reversed([c for _, c in node.outcomes.values()]))
    return order


def backward_induction(root: Node, tol: float = 1e-12) -> SequentialSolution:
    """Solve a small finite sequential game by backward induction.

    Each mover picks the action with the highest expected payoff for itself; chance nodes
    average over their outcomes. Payoffs within ``tol`` of each other count as a tie,
    which goes to the action listed first (and is reported in ``ties``).
    """
    if not isinstance(root, Leaf | Decision | Chance):
        raise ValueError(f"root: must be a Leaf, Decision or Chance node, not {root!r}")
    nodes = _walk(root)
    leaves = [n for n in nodes if isinstance(n, Leaf)]
    players = tuple(leaves[0].payoffs)
    for leaf in leaves:
        if set(leaf.payoffs) != set(players):
            raise ValueError(
                f"payoffs: leaf {leaf.label!r} names players {sorted(leaf.payoffs)}, "
                f"other leaves name {sorted(players)}"
            )
    for n in nodes:
        if isinstance(n, Decision) and n.player not in players:
            raise ValueError(
                f"player: {n.player!r} moves at {n.label!r} but has no payoff at the leaves"
            )

    values: dict[str, dict[str, float]] = {}
    plan: dict[str, str] = {}
    ties: list[str] = []
    for node in reversed(nodes):  # children always come after their parent in `nodes`
        if isinstance(node, Leaf):
            values[node.label] = dict(node.payoffs)
        elif isinstance(node, Chance):
            values[node.label] = {
                pl: math.fsum(p * values[c.label][pl] for p, c in node.outcomes.values())
                for pl in players
            }
        else:
            scores = [(a, values[c.label][node.player]) for a, c in node.moves.items()]
            best = max(s for _, s in scores)
            top = [a for a, s in scores if math.isclose(s, best, rel_tol=tol, abs_tol=tol)]
            if len(top) > 1:
                ties.append(node.label)
            plan[node.label] = top[0]
            values[node.label] = dict(values[node.moves[top[0]].label])

    path: list[Step] = []
    here: Node = root
    while isinstance(here, Decision):
        action = plan[here.label]
        path.append(Step(here.label, here.player, action))
        here = here.moves[action]

    outcomes: dict[str, float] = {}
    todo: list[tuple[Node, float]] = [(root, 1.0)]
    while todo:
        n, prob = todo.pop()
        if isinstance(n, Leaf):
            outcomes[n.label] = outcomes.get(n.label, 0.0) + prob
        elif isinstance(n, Decision):
            todo.append((n.moves[plan[n.label]], prob))
        else:
            todo.extend((c, prob * p) for p, c in n.outcomes.values())
    note = ""
    if ties:
        note = (
            "At " + ", ".join(repr(t) for t in ties) + " the mover was indifferent between "
            "two or more actions; the first listed was taken, and another choice there is "
            "equally subgame-perfect."
        )
    return SequentialSolution(
        payoffs=MappingProxyType(values[root.label]),
        path=tuple(path),
        plan=MappingProxyType(plan),
        outcomes=MappingProxyType(outcomes),
        values=MappingProxyType({k: MappingProxyType(v) for k, v in values.items()}),
        ties=tuple(ties),
        players=players,
        note=note,
    )
