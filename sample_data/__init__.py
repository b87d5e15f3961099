"""Sample data: a realistic, deterministic demo database (``seed_database``)."""

from __future__ import annotations

from sample_data.generator import seed_database

__all__ = ["seed_database"]
