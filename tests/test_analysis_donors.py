"""helpers.analysis.donors: aid totals without double counting, shares, blocks and the audit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import aid_series, defence_spending, donors, weapon_decisions
from helpers.derived import FACT_MODULES, all_derived

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "03-arming-ukraine.ipynb"


@pytest.fixture(scope="module")
def military_aid() -> pd.DataFrame:
    return data.military_aid()


def _frame(rows: list[tuple[str, str | None, str, str, float]]) -> pd.DataFrame:
    """A military_aid-shaped frame from (donor, iso3, donor_type, measure, value) rows."""
    return pd.DataFrame(
        {
            "donor": [r[0] for r in rows],
            "iso3": pd.array([r[1] for r in rows], dtype="string"),
            "donor_type": [r[2] for r in rows],
            "measure": [r[3] for r in rows],
            "military_eur_bn": [float(r[4]) for r in rows],
        }
    )


# ---------------------------------------------------------------- no double counting


def test_eu_members_and_institutions_are_inside_the_aggregate(military_aid) -> None:
    inside = set(military_aid.loc[donors.in_eu_aggregate(military_aid), "donor"])
    assert inside == {"Germany", "Denmark", "EU institutions"}


@pytest.mark.parametrize("measure", donors.MEASURES)
def test_summable_keeps_the_aggregate_and_only_rows_outside_it(military_aid, measure) -> None:
    rows = donors.summable(military_aid, measure)
    assert donors.EU_AGGREGATE in set(rows["donor"])
    assert not donors.in_eu_aggregate(rows).any()
    assert set(rows["donor"]) == {donors.EU_AGGREGATE, "United States", "United Kingdom"}


def test_totals_in_the_table(military_aid) -> None:
    assert donors.total(military_aid, "allocated") == pytest.approx(42.2 + 35.2 + 4.8)
    assert donors.total(military_aid, "committed") == pytest.approx(46.3 + 49.7 + 9.1)
    naive = donors.naive_total(military_aid, "allocated")
    assert naive == pytest.approx(42.2 + 35.2 + 4.8 + 9.4)
    assert naive > donors.total(military_aid, "allocated")


def test_without_an_aggregate_the_eu_rows_are_summed() -> None:
    frame = _frame(
        [
            ("Germany", "DEU", "country", "allocated", 9.0),
            ("EU institutions", None, "eu_institution", "allocated", 5.0),
            ("United States", "USA", "country", "allocated", 40.0),
        ]
    )
    assert donors.total(frame, "allocated") == pytest.approx(54.0)


EU = sorted(donors.EU_MEMBERS_ISO3)
OTHERS = ["USA", "GBR", "NOR", "CAN", "JPN", "CHE"]


@settings(max_examples=60, deadline=None)
@given(
    eu=st.dictionaries(st.sampled_from(EU), st.floats(0, 20), max_size=8),
    others=st.dictionaries(st.sampled_from(OTHERS), st.floats(0, 50), max_size=5),
    institutions=st.one_of(st.none(), st.floats(0, 10)),
    unlisted=st.floats(0, 30),
)
def test_aggregates_never_double_count(eu, others, institutions, unlisted) -> None:
    """The aggregate is its members plus members the table does not list; a total counts it
    once, whichever of its members are listed beside it."""
    inside = sum(eu.values()) + (institutions or 0.0) + unlisted
    rows = [(f"c-{k}", k, "country", "allocated", v) for k, v in eu.items()]
    rows += [(f"c-{k}", k, "country", "allocated", v) for k, v in others.items()]
    if institutions is not None:
        rows.append(("EU institutions", None, "eu_institution", "allocated", institutions))
    rows.append((donors.EU_AGGREGATE, None, "aggregate", "allocated", inside))
    frame = _frame(rows)
    expected = inside + sum(others.values())
    assert donors.total(frame, "allocated") == pytest.approx(expected, abs=1e-6)
    # Dropping listed EU members changes nothing: they were inside the aggregate already.
    only_outside = frame[~donors.in_eu_aggregate(frame)]
    assert donors.total(only_outside, "allocated") == pytest.approx(expected, abs=1e-6)
    shares = donors.blocks(frame, "allocated")
    if expected > 0:
        assert shares["eur_bn"].sum() == pytest.approx(expected, abs=1e-4)


@given(measure=st.text(max_size=12))
def test_a_bad_measure_is_a_clear_error(measure) -> None:
    frame = _frame([("United States", "USA", "country", "allocated", 1.0)])
    if measure in donors.MEASURES:
        assert donors.total(frame, measure) >= 0
    else:
        for call in (donors.total, donors.naive_total, donors.summable):
            with pytest.raises(ValueError, match="measure must be"):
                call(frame, measure)


@given(donor=st.text(max_size=20))
def test_unknown_donors_have_no_value_and_no_share(military_aid, donor) -> None:
    if donor in set(military_aid["donor"]):
        return
    assert donors.donor_value(military_aid, donor, "allocated") is None
    with pytest.raises(ValueError):
        donors.share_pct(military_aid, donor, "allocated")
    with pytest.raises(ValueError):
        donors.allocation_rate_pct(military_aid, donor)


def test_shares_and_rates(military_aid) -> None:
    us = donors.share_pct(military_aid, "United States", "allocated")
    assert us == pytest.approx(100 * 42.2 / 82.2)
    blocks = donors.blocks(military_aid, "allocated").set_index("block")
    assert set(blocks.index) == {"United States", "Europe"}
    assert blocks["share_pct"].sum() == pytest.approx(100, abs=0.11)
    assert blocks.loc["Europe", "eur_bn"] == pytest.approx(35.2 + 4.8)
    rate = donors.allocation_rate_pct(military_aid, "Germany")
    assert rate == pytest.approx(100 * 9.4 / 17.7)


@pytest.mark.parametrize(
    ("iso3", "kind", "block"),
    [
        ("USA", "country", "United States"),
        ("DEU", "country", "Europe"),
        ("NOR", "country", "Europe"),
        (None, "eu_institution", "Europe"),
        ("CAN", "country", "Other"),
        (None, "aggregate", "Europe"),  # the EU aggregate, by its name
    ],
)
def test_blocks_follow_the_donor_groups(iso3, kind, block) -> None:
    donor = donors.EU_AGGREGATE if kind == "aggregate" else "someone"
    row = pd.Series({"donor": donor, "iso3": iso3, "donor_type": kind})
    assert donors.block_of(row) == block


# ---------------------------------------------------------------- the audit


def test_coverage_and_audit_name_the_gaps(military_aid) -> None:
    assert donors.missing_measures(military_aid) == [
        ("Denmark", "allocated"),
        ("EU institutions", "allocated"),
    ]
    audit = donors.audit(military_aid).set_index("question")["answer"]
    assert list(audit.index) == ["What", "Where", "When", "What is missing"]
    assert f"{len(military_aid)} rows" in audit["What"]
    assert "Denmark, Germany, United Kingdom, United States" in audit["What"]
    assert "allocated and committed" in audit["What"]
    assert f"{military_aid['source_url'].nunique()} different web pages" in audit["Where"]
    assert "16 February 2024" in audit["When"] and "Data to 2024-01-15" in audit["When"]
    assert "Denmark (allocated); EU institutions (allocated)" in audit["What is missing"]
    assert f"({len(military_aid)} of {len(military_aid)} rows empty)" in audit["What is missing"]
    table = donors.audit_markdown(military_aid)
    assert table.count("\n") == len(audit) + 1
    assert "| **When** |" in table


def test_the_audit_follows_the_table() -> None:
    """Drop a row and the audit says so: its answers are computed, not written down."""
    aid = data.military_aid()
    fewer = aid[~((aid["donor"] == "Germany") & (aid["measure"] == "committed"))]
    answers = donors.audit(fewer).set_index("question")["answer"]
    assert f"{len(aid) - 1} rows" in answers["What"]
    assert "Germany (committed)" in answers["What is missing"]


def test_who_and_how_are_in_the_lesson_text_not_in_the_code() -> None:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "**Who.** Compiled by the Kiel Institute" in text
    assert "**How.** Kiel counts government-to-government aid" in text
    answers = " ".join(donors.audit(data.military_aid())["answer"])
    assert "Compiled by" not in answers and "market prices" not in answers


# ---------------------------------------------------------------- Release 29, June 2024


def test_donor_ratio_and_group_shares_at_the_article_cutoff() -> None:
    every = data.military_aid(release=None)
    ranked = aid_series.article_ranking(every).set_index("donor")["military_eur_bn"]
    ratio = donors.donor_ratio(every, "United States", "Germany")
    assert ratio == pytest.approx(ranked["United States"] / ranked["Germany"])
    assert donors.donor_ratio(every, "Germany", "United States") == pytest.approx(1 / ratio)
    shares = [donors.group_share_pct(every, g) for g in aid_series.DONOR_GROUPS]
    assert sum(shares) == pytest.approx(100)
    assert donors.group_share_pct(every, "no such group") == 0


# ---------------------------------------------------------------- the lesson's figures

LESSON_03_FACTS = {
    "helpers.analysis.donors": donors.DERIVED_FACTS,
    "helpers.analysis.defence_spending": defence_spending.DERIVED_FACTS,
    "helpers.analysis.weapon_decisions": weapon_decisions.DERIVED_FACTS,
    "helpers.analysis.aid_series": aid_series.DERIVED_FACTS,
}


def _lesson_tags() -> set[str]:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(re.findall(r"<!--\s*fact:\s*([a-z0-9_]+)\s*-->", text))


@pytest.mark.parametrize("module", sorted(LESSON_03_FACTS))
def test_every_derived_fact_is_registered_and_used(module) -> None:
    facts = LESSON_03_FACTS[module]
    assert module in {m.__name__ for m in FACT_MODULES}
    assert set(facts) <= set(all_derived())
    assert set(facts) <= _lesson_tags()


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("aid_us_allocated_bn", 42.2),
        ("aid_eu_total_allocated_bn", 35.2),
        ("aid_europe_allocated_bn", 40.0),
        ("aid_total_allocated_bn", 82.2),
        ("aid_naive_allocated_bn", 91.6),
        ("aid_us_share_allocated_pct", 51.3),
        ("aid_germany_committed_bn", 17.7),
        ("aid_germany_allocated_bn", 9.4),
        ("aid_country_donors", 4),
        ("l03_us_share_june2024_pct", 49.6),
        ("l03_europe_share_june2024_pct", 47.3),
        ("l03_donor_countries_release29", 34),
    ],
)
def test_figures_stated_in_the_prose(fact_id, expected) -> None:
    assert donors.DERIVED_FACTS[fact_id]() == pytest.approx(expected)
