"""Load the course's data tables, validated against ``data/datapackage.json``.

Each loader returns a fresh pandas DataFrame (dates parsed, enumerated columns categorical,
codes such as ``iso_numeric`` kept as strings); the parsed table is cached underneath, so
calling a loader twice is cheap and changing the returned frame never changes the cache.

The data folder is found in this order: the ``COURSE_DATA_DIR`` environment variable; a
``data/`` folder with a ``datapackage.json`` in the working directory or one of its parents
(the repository); the copy shipped inside the package (``helpers.course_data``).

A missing, empty or malformed file raises :class:`DataError` with a short message that
names the file, the line and column, and what is wrong.

The package is the bottom layer of :mod:`helpers` (it imports no other part of it), one
module per job:

- :mod:`~helpers.data.location`: finding the data folder (:func:`data_dir`);
- :mod:`~helpers.data.descriptor`: ``datapackage.json`` (:func:`package`, :func:`resource`,
  :func:`table_names`);
- :mod:`~helpers.data.validation`: checking and typing one CSV table (:func:`parse_table`);
- :mod:`~helpers.data.loading`: :func:`load` by resource name, cached by file time;
- :mod:`~helpers.data.tables`: one loader per table (:func:`members`, :func:`military_aid`…);
- :mod:`~helpers.data.fact_registry`: the facts table and :func:`fact`;
- :mod:`~helpers.data.maps`: the Europe map (:func:`europe_topojson`);
- :mod:`~helpers.data.errors`: :class:`DataError`.

Callers use the names re-exported here (``from helpers import data; data.members()``).
"""

from __future__ import annotations

from .descriptor import package, resource, table_names
from .errors import DataError
from .fact_registry import fact, facts
from .loading import load
from .location import PACKAGE_FILE, data_dir
from .maps import europe_topojson
from .tables import (
    HEADLINE_RELEASE,
    arguments,
    channels,
    contact_group,
    defence_spending,
    glossary,
    members,
    military_aid,
    military_aid_monthly,
    military_aid_releases,
    opinion,
    predictions,
    ratifications,
    security_agreements,
    timeline,
    weapon_decisions,
)
from .validation import parse_table

__all__ = [
    "HEADLINE_RELEASE",
    "PACKAGE_FILE",
    "DataError",
    "arguments",
    "channels",
    "contact_group",
    "data_dir",
    "defence_spending",
    "europe_topojson",
    "fact",
    "facts",
    "glossary",
    "load",
    "members",
    "military_aid",
    "military_aid_monthly",
    "military_aid_releases",
    "opinion",
    "package",
    "parse_table",
    "predictions",
    "ratifications",
    "resource",
    "security_agreements",
    "table_names",
    "timeline",
    "weapon_decisions",
]
