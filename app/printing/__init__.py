"""ReportLab documents as PDF bytes (打印): no Qt here; the UI previews and prints them.

Contract: docs/money-path.md ("Printing").

* :mod:`app.printing.fonts` — ``cjk_font_name()``: the embedded CJK TrueType font (subset), or
  the logged ``STSong-Light`` fallback.
* :mod:`app.printing.receipt` — ``render_receipt(r, paper="80mm"|"A5", reprint, copy_no)``:
  收费凭证 / 冲正凭证 / 退费凭证; the 80 mm roll is exactly as tall as its content.
* :mod:`app.printing.day_end` — ``render_day_end(report, reprint, copy_no)``: 收费日结报表 (A4).
* :mod:`app.printing.bill_statement` — ``render_bill_statement(view, bill_id, company, address, reprint, copy_no)``: 电费账单 (A4).
* :mod:`app.printing.samples` — ``render_samples(out_dir)``: all of them with demo data
  (``main.py print-samples DIR``).
* :mod:`app.printing.common` — wording, money text, CJK line breaking, bold, QR codes, styles.
"""
