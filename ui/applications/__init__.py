"""Service applications (业务受理) in the UI: for now the customer view's 业务 tab."""
