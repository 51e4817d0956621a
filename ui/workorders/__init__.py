"""诉求工单 screens: intake, the list module, the detail and the customer-view tab."""
