"""Statements: reporting verbs and quotations attributed to a named speaker (``cev:Statement``)."""

from __future__ import annotations

from kg.extract.statement.extractor import NAME, Report, StatementExtractor, find_reports, quotes_in

__all__ = ["NAME", "Report", "StatementExtractor", "find_reports", "quotes_in"]
