"""User management (用户管理, administrators only): the table, the form, the screen."""
