"""报表: the supervisor's daily reports (docs/reports.md)."""
