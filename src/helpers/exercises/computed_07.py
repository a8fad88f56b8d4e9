"""Keys and values computed from the data for lesson 07's bank (see computed.py)."""

from __future__ import annotations
