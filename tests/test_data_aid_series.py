"""helpers.analysis.aid_series: rankings, donor groups and monthly series on small frames.

The tests build their own frames, so a revised Kiel figure never breaks them; the last few
check only relations between the shipped tables (e.g. the monthly series adds up to the
donor table), never today's values.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from aid_checks import cumulative_at, group_totals
from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.analysis import aid_series as s

REL = "Test release"


def _aid(
    rows: list[tuple[str, str | None, str, float]],
    cutoff: str = "2024-06-30",
    role: str = "article",
    release: str = REL,
) -> pd.DataFrame:
    """A military_aid-shaped frame from (donor, iso3, donor_type, € bn) rows."""
    return pd.DataFrame(
        {
            "donor": [r[0] for r in rows],
            "iso3": pd.array([r[1] for r in rows], dtype="string"),
            "donor_type": [r[2] for r in rows],
            "measure": "allocated",
            "military_eur_bn": [float(r[3]) for r in rows],
            "military_pct_gdp": float("nan"),
            "data_cutoff": pd.Timestamp(cutoff),
            "release": release,
            "cutoff_role": role,
        }
    )  # fmt: skip


def _monthly(values: dict[tuple[str, str], float], release: str = REL) -> pd.DataFrame:
    """A military_aid_monthly-shaped frame from {("2023-10", group): € bn}."""
    rows = [
        {"year": int(m[:4]), "month": int(m[5:7]), "donor_group": g, "military_eur_bn": v,
         "epilogue": False, "release": release}
        for (m, g), v in values.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- donor groups


@pytest.mark.parametrize(
    "iso3,kind,group",
    [
        ("USA", "country", s.US),
        ("DEU", "country", s.EUROPE),
        ("GBR", "country", s.EUROPE),
        ("NOR", "country", s.EUROPE),
        ("CYP", "country", s.EUROPE),
        (None, "eu_institution", s.EUROPE),
        ("CAN", "country", s.OTHER),
        ("TUR", "country", s.OTHER),
        ("JPN", "country", s.OTHER),
        (None, "country", s.OTHER),
    ],
)
def test_donor_groups(iso3, kind, group) -> None:
    assert s.donor_group(iso3, kind) == group


def test_the_eu_has_27_members_and_the_other_european_donors_are_outside_it() -> None:
    assert len(s.EU_MEMBERS_ISO3) == 27
    assert {"DEU", "HRV", "SWE", "CYP"} <= s.EU_MEMBERS_ISO3
    assert not s.EU_MEMBERS_ISO3 & s.EUROPE_NON_EU_ISO3


# ---------------------------------------------------------------- rankings


def test_ranking_leaves_out_aggregates_and_shares_add_up() -> None:
    frame = _aid(
        [
            ("United States", "USA", "country", 50.0),
            ("Germany", "DEU", "country", 10.0),
            ("EU institutions and EU member states (combined)", None, "aggregate", 40.0),
            ("Canada", "CAN", "country", 2.0),
        ]
    )
    ranked = s.donor_ranking(frame)
    assert list(ranked["donor"]) == ["United States", "Germany", "Canada"]
    assert list(ranked["rank"]) == [1, 2, 3]
    assert ranked["share_pct"].sum() == pytest.approx(100)
    assert list(ranked["group"]) == [s.US, s.EUROPE, s.OTHER]


def test_ties_share_a_rank_and_top_keeps_them() -> None:
    frame = _aid([("A", "AUT", "country", 1.0), ("B", "BEL", "country", 1.0),
                  ("C", "CAN", "country", 0.5)])  # fmt: skip
    ranked = s.donor_ranking(frame, top=1)
    assert list(ranked["donor"]) == ["A", "B"]  # alphabetical within the tie
    assert set(ranked["rank"]) == {1}
    with pytest.raises(ValueError, match="at least 1"):
        s.donor_ranking(frame, top=0)


def test_one_release_and_cutoff_at_a_time() -> None:
    both = pd.concat(
        [_aid([("A", "AUT", "country", 1.0)]),
         _aid([("A", "AUT", "country", 2.0)], cutoff="2024-12-31", role="epilogue")]
    )  # fmt: skip
    with pytest.raises(ValueError, match="exactly one release and cut-off"):
        s.donor_ranking(both)
    assert s.donor_ranking(both, "2024-12-31")["military_eur_bn"].iloc[0] == 2.0
    with pytest.raises(ValueError, match="no rows"):
        s.donor_ranking(both, "2023-01-01")


def test_cutoffs_and_labels() -> None:
    both = pd.concat(
        [_aid([("A", "AUT", "country", 1.0)]),
         _aid([("A", "AUT", "country", 2.0)], cutoff="2024-12-31", role="epilogue")]
    )  # fmt: skip
    table = s.cutoffs(both)
    assert list(table["cutoff_role"]) == ["article", "epilogue"]
    assert table["label"].iloc[1] == "Data to 31 December 2024 (revised data, epilogue)"
    with pytest.raises(ValueError, match="cutoff_role"):
        s.cutoff_label(pd.Timestamp("2024-06-30"), "guess")


@given(
    values=st.lists(
        st.tuples(st.sampled_from(["USA", "DEU", "FRA", "GBR", "CAN", "JPN", "TUR"]),
                  st.floats(0, 60, allow_nan=False)),
        min_size=1, max_size=7, unique_by=lambda t: t[0],
    )
)  # fmt: skip
def test_group_totals_partition_the_ranking(values) -> None:
    frame = _aid([(f"d-{iso}", iso, "country", v) for iso, v in values])
    groups = group_totals(frame)
    assert list(groups["group"]) == list(s.DONOR_GROUPS)
    assert groups["military_eur_bn"].sum() == pytest.approx(sum(v for _, v in values))
    if sum(v for _, v in values) > 0:
        assert groups["share_pct"].sum() == pytest.approx(100)


# ---------------------------------------------------------------- monthly series


def test_months_without_rows_count_as_zero() -> None:
    monthly = _monthly({("2023-10", s.US): 1.0, ("2024-01", s.EUROPE): 2.0})
    long = s.monthly_series(monthly)
    assert len(long) == 4 * len(s.DONOR_GROUPS)  # Oct, Nov, Dec, Jan
    us = long[long["group"] == s.US].set_index("month")["military_eur_bn"]
    assert us[pd.Timestamp("2023-11-01")] == 0.0
    wide = s.monthly_wide(monthly)
    assert wide["Total"].sum() == pytest.approx(3.0)


def test_epilogue_flag_follows_the_article_cutoff() -> None:
    monthly = _monthly({("2024-06", s.US): 1.0, ("2024-07", s.US): 1.0})
    long = s.monthly_series(monthly)
    flags = long.groupby("month")["epilogue"].first()
    assert not flags[pd.Timestamp("2024-06-01")]
    assert flags[pd.Timestamp("2024-07-01")]


def test_change_between_two_periods() -> None:
    values = {(f"2023-{m:02d}", s.US): 3.0 for m in range(1, 7)}
    values[("2023-10", s.US)] = 0.6
    change = s.change_between(_monthly(values), ("2023-01", "2023-06"), ("2023-10", "2024-03"))
    rows = change.set_index("period")
    assert rows.loc["before", "months"] == 6 and rows.loc["after", "months"] == 6
    assert rows.loc["after", "mean_eur_bn_per_month"] == pytest.approx(0.1)
    assert rows.loc["change", "mean_eur_bn_per_month"] == pytest.approx(-2.9)
    assert rows.loc["change", "change_pct"] == pytest.approx(100 * (0.1 - 3.0) / 3.0)


def test_months_above_and_months_without_new_aid() -> None:
    values = {("2023-10", s.US): 1.0, ("2023-10", s.EUROPE): 2.0, ("2023-11", s.US): 3.0}
    values[("2024-01", s.EUROPE)] = 0.5
    monthly = _monthly(values)
    # Oct: Europe above; Nov: US above; Dec: both zero (a tie is not "above"); Jan: Europe.
    assert s.months_above(monthly, s.EUROPE, s.US, "2023-10", "2024-01") == 2
    assert s.months_above(monthly, s.US, s.EUROPE, "2023-10", "2024-01") == 1
    assert s.months_without_new_aid(monthly, s.US, "2023-10", "2024-01") == 2  # Dec, Jan
    assert s.months_without_new_aid(monthly, s.US, "2023-11", "2023-11") == 0


def test_article_ranking_is_the_ranking_at_the_article_cutoff() -> None:
    rows = [("United States", "USA", "country", 50.0), ("Germany", "DEU", "country", 10.0)]
    every = pd.concat(
        [
            _aid(rows, cutoff="2024-06-30", role=s.ARTICLE),
            _aid([("United States", "USA", "country", 70.0)], cutoff="2024-12-31", role=s.EPILOGUE),
        ]
    )
    ranked = s.article_ranking(every)
    assert list(ranked["donor"]) == ["United States", "Germany"]
    assert list(ranked["military_eur_bn"]) == [50.0, 10.0]


def test_bad_windows_and_groups_are_clear_errors() -> None:
    monthly = _monthly({("2023-10", s.US): 1.0})
    with pytest.raises(ValueError, match="group must be one of"):
        s.period_total(monthly, "Europe", "2023-10", "2023-10")
    with pytest.raises(ValueError, match="start must not be after end"):
        s.period_total(monthly, s.US, "2023-11", "2023-10")
    two = pd.concat([monthly, _monthly({("2023-10", s.US): 2.0}, release="Other")])
    with pytest.raises(ValueError, match="exactly one release"):
        s.monthly_series(two)
    assert s.period_total(two, s.US, "2023-10", "2023-10", release="Other") == 2.0


@given(
    start=st.integers(2022 * 12, 2024 * 12 + 11),
    length=st.integers(1, 36),
)
def test_months_between_counts_both_ends(start, length) -> None:
    end = start + length - 1
    a = f"{start // 12}-{start % 12 + 1:02d}"
    b = f"{end // 12}-{end % 12 + 1:02d}"
    assert s.months_between(a, b) == length


# ---------------------------------------------------------------- the shipped tables agree


def test_monthly_series_adds_up_to_the_donor_table_at_each_cutoff() -> None:
    """Both tables come from one Kiel file: cumulating the months gives each group's total
    at the cut-off, up to the rounding of the stored values."""
    aid = data.military_aid(release=None)
    monthly = data.military_aid_monthly()
    for cut in s.cutoffs(aid).itertuples():
        if cut.release not in set(monthly["release"].astype(str)):
            continue
        groups = group_totals(aid, cut.data_cutoff, cut.release).set_index("group")
        cumulative = cumulative_at(monthly, f"{cut.data_cutoff:%Y-%m}", cut.release)
        for row in cumulative.itertuples():
            rows_summed = len(s.monthly_series(monthly, None, f"{cut.data_cutoff:%Y-%m}"))
            tolerance = 0.0005 * rows_summed + 0.0005 * len(aid)
            assert math.isclose(row.military_eur_bn, groups.loc[row.group, "military_eur_bn"],
                                abs_tol=tolerance), (cut.label, row.group)  # fmt: skip


def test_every_release_cutoff_has_one_role() -> None:
    aid = data.military_aid(release=None)
    roles = aid.groupby(["release", "data_cutoff"], observed=True)["cutoff_role"].nunique()
    assert (roles == 1).all()
    epilogue = aid[aid["cutoff_role"] == s.EPILOGUE]
    assert (epilogue["data_cutoff"] > pd.Timestamp(s.ARTICLE_CUTOFF)).all()
