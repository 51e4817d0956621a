"""Settings pages of this PC (本机设置): printer settings (printer.py)."""
