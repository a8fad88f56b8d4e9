"""Lesson 04's simulator settings (helpers.models.consensus_settings): presets, changes, labels.

The settings are what the explorer's controls edit and what the bank's keys go through; the
explorer's own behaviour (controls, chart updates) is tested in tests/test_lesson_04.py.
"""

from __future__ import annotations

import pytest

from helpers.models import consensus as model
from helpers.models import consensus_settings as cs
from helpers.models.consensus import ASSUMPTION, BASIS_LABEL, OTHERS, PRESETS, RECORD


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_a_preset_replays_the_models_own_allies_and_proposal(key: str) -> None:
    allies, proposal, blocs = cs.scenario(cs.preset_settings(key))
    assert allies == model.preset_allies(key)
    assert proposal.dilution_steps == model.preset_proposal(key).dilution_steps
    assert blocs == []


def test_simulate_uses_the_lessons_fixed_seed_and_runs() -> None:
    settings = cs.with_role(cs.preset_settings(), OTHERS, p_block=0.02)
    allies, proposal, blocs = cs.scenario(settings)
    by_hand = model.simulate_consensus(allies, proposal, cs.SEED, runs=cs.RUNS, blocs=blocs)
    result = cs.simulate(settings)
    assert result.runs == cs.RUNS
    assert result.p_pass == by_hand.p_pass
    assert result.expected_delivered == by_hand.expected_delivered


def test_changing_a_value_relabels_it_and_putting_it_back_restores_the_label() -> None:
    recorded = cs.preset_settings("finland_sweden_2023")
    assert cs.basis(recorded, "Türkiye", "p_block") == BASIS_LABEL[RECORD]
    changed = cs.with_role(recorded, "Türkiye", p_block=0.5)
    label = cs.basis(changed, "Türkiye", "p_block")
    assert label.startswith(cs.CHANGED) and "from the record" in label
    restored = cs.with_role(changed, "Türkiye", p_block=recorded.role("Türkiye").p_block)
    assert cs.basis(restored, "Türkiye", "p_block") == BASIS_LABEL[RECORD]
    assert cs.basis(changed, "blocs", "blocs") == BASIS_LABEL[ASSUMPTION]


def test_unknown_names_are_refused_with_the_choices() -> None:
    settings = cs.preset_settings()
    with pytest.raises(ValueError, match="unknown parameter"):
        cs.with_role(settings, OTHERS, p_veto=0.5)
    with pytest.raises(ValueError, match="no role"):
        cs.with_role(settings, "Atlantis", p_block=0.5)
    with pytest.raises(ValueError, match="unknown bloc mode"):
        cs.with_blocs(settings, "everyone")
    with pytest.raises(ValueError, match="unknown preset"):
        cs.preset_settings("yalta_1945")


def test_bloc_modes_put_the_right_allies_in_blocs() -> None:
    settings = cs.with_blocs(cs.preset_settings("nsatu_2024"), "others", rho=0.6)
    allies, _, blocs = cs.scenario(settings)
    named = set(settings.role_names) - {OTHERS}
    assert [(b.name, b.rho) for b in blocs] == [(cs.OTHERS_BLOC, 0.6)]
    assert {a.name for a in allies if a.bloc is None} == named
    both = cs.scenario(cs.with_blocs(settings, "both"))[2]
    assert [b.name for b in both] == [cs.NAMED_BLOC, cs.OTHERS_BLOC]


def test_the_parameter_table_shows_blocs_and_rho_only_when_there_are_blocs() -> None:
    plain = cs.parameter_table(cs.preset_settings())
    assert list(plain.columns) == list(cs.PARAMETER_COLUMNS)
    assert cs.PARAMETER_LABELS["rho"] not in set(plain["parameter"])
    with_blocs = cs.parameter_table(cs.with_blocs(cs.preset_settings(), "named", rho=0.5))
    (rho,) = with_blocs.loc[with_blocs["parameter"] == cs.PARAMETER_LABELS["rho"], "value"]
    assert rho == "0.5"
    assert cs.parameter_rows(cs.preset_settings()) == list(plain.itertuples(index=False, name=None))
