"""ReportLab documents as PDF bytes (打印): no Qt here; the UI previews and prints them.

CONTRACT (bodies being written): see docs/money-path.md.
"""
