"""看板: the supervisor's dashboard (docs/rules.md#supervisor-dashboard)."""
