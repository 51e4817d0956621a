"""Customer insights in the customer view (客户用电提示): the tier-year figure in the header and a
notice with the abnormal-usage warning and the TOU hint, plugged in by
``customer_hook.CustomerInsightsHint`` (docs/rules.md#customer-insights)."""
