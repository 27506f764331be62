"""Notify tests: the 瑞金 world of the shared fixtures on a fixed clock."""

from __future__ import annotations

from bianmin.conftest import at

# Monday 28 September 2026, a working day.
NOW = at(2026, 9, 28, 9, 0)
