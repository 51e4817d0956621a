"""停电信息 (outage notices): the supervisors' module, the notice in the customer view and the mark
on the search results (docs/rules.md#outages)."""
