"""The customer display (客户显示屏) and the satisfaction rating (服务评价), issue 10 item 5:
a frameless window on the second screen (``window.py``), the rating dialog and the clerk's
skip dialog for the clerk's screen (``dialogs.py``), and :class:`display.CustomerDisplay`, the
``ctx.customer_display`` the payments and applications features talk to (ui/customer_facing.py).
docs/rules.md#satisfaction-rating."""
