"""Bills in the customer view (账单): the bill tab, its models, the usage chart and the header
band figures (欠费 / 违约金 / 预存 / 应缴), plugged into the customer view by
``customer_hook.CustomerBills``."""
