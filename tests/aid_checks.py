"""Test-only sums over the Kiel tables: used to check that the monthly series and the donor
table agree, and that donor groups partition a ranking. No lesson needs them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from helpers.analysis.aid_series import DONOR_GROUPS, donor_ranking, monthly_series


def group_totals(
    aid: pd.DataFrame,
    data_cutoff: date | str | pd.Timestamp | None = None,
    release: str | None = None,
    measure: str = "allocated",
) -> pd.DataFrame:
    """United States, European donors, Other donors at one cut-off: € bn and share (%)."""
    ranked = donor_ranking(aid, data_cutoff, release, measure)
    sums = (
        ranked.groupby("group")["military_eur_bn"].sum().reindex(list(DONOR_GROUPS), fill_value=0.0)
    )
    whole = float(sums.sum())
    out = pd.DataFrame({"group": list(DONOR_GROUPS), "military_eur_bn": sums.to_numpy()})
    out["share_pct"] = 100 * out["military_eur_bn"] / whole if whole > 0 else 0.0
    return out


def cumulative_at(monthly: pd.DataFrame, month: str, release: str | None = None) -> pd.DataFrame:
    """Each group's allocations from the first month of the series to ``month`` (€ bn)."""
    long = monthly_series(monthly, None, month, release)
    sums = long.groupby("group", observed=False)["military_eur_bn"].sum()
    return pd.DataFrame(
        {
            "group": list(DONOR_GROUPS),
            "military_eur_bn": sums.reindex(list(DONOR_GROUPS)).to_numpy(),
        }
    )
