"""The reliability scenarios' ``reliability: …`` lines are collected and printed by the root
conftest (tests/conftest.py): under pytest-xdist only the controlling process prints a summary,
and it loads only the root conftest."""
