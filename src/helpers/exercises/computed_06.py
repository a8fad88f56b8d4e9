"""Keys and values computed from the data for lesson 06's bank (see computed.py)."""

from __future__ import annotations
