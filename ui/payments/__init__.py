"""Counter payments in the customer view (收费): the payment dialog (F6), the payments tab
(缴费记录, Ctrl+P 补打, 冲正/退费), receipts issued after commit, and the feature that plugs the
payments tab and actions into the customer view (``customer_hook.CustomerPayments``)."""
