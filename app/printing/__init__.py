"""ReportLab documents as PDF bytes (打印): no Qt here; the UI previews and prints them.

Contract: docs/money-path.md ("Printing").

* :mod:`app.printing.fonts` — ``cjk_font_name()``: the embedded CJK TrueType font (subset), or
  the logged ``STSong-Light`` fallback.
* :mod:`app.printing.receipt` — ``render_receipt(r, paper="80mm"|"A5", reprint, copy_no)``:
  收费凭证 / 冲正凭证 / 退费凭证; the 80 mm roll is exactly as tall as its content.
* :mod:`app.printing.day_end` — ``render_day_end(report, reprint, copy_no)``: 收费日结报表 (A4).
* :mod:`app.printing.bill_statement` — ``render_bill_statement(view, bill_id, company, address, reprint, copy_no)``: 电费账单 (A4).
* :mod:`app.printing.application_receipt` — ``application_print(detail, catalogue, …)`` and
  ``render_application_receipt(a, reprint, copy_no)``: 业务受理回执 (A4).
* :mod:`app.printing.application_form` — ``render_application_form(a, reprint, copy_no)``: 用电申请表 (A4).
* :mod:`app.printing.reports` — ``render_report(table)``: any report of docs/reports.md (收费汇总,
  欠费清单, 退补 / 冲正 / 退费清单, 发行账单清单) as A4, landscape when wide, header on every page.
* :mod:`app.printing.outage_notice` — ``render_outage_notice(list)``: 重要客户停电提前告知清单 (A4).
* :mod:`app.printing.samples` — ``render_samples(out_dir)``: all of them with demo data
  (``main.py print-samples DIR``).
* :mod:`app.printing.common` — the building blocks: wording, money text, CJK line breaking,
  bold, QR codes, styles, and the A4 page, title row, key-value and money tables, section
  headings, signature row and footer.

How to add a document
---------------------

1. Take a DTO (``app/dto/`` or your module's DTOs), never an ORM object or a session:
   the service gathers the facts, the printing module only lays them out.
2. A4 form (申请表, 回执, 工单): a new module ``app/printing/<name>.py`` with one public
   ``render_<name>(dto, reprint=False, copy_no=1) -> bytes`` that reads as a table of contents —
   a list of sections, each a short ``_section(dto) -> list[Flowable]`` helper — passed to
   :func:`app.printing.common.build_a4`. Copy ``day_end.py`` or ``bill_statement.py``::

       story = [*_title(...), _customer_block(dto), *_lines(dto), *_totals(dto), _signatures()]
       return build_a4(story, title=..., author=hall, footer_left=..., footer_right=..., mark=mark)

   Build the sections from ``common``: ``title_row`` (+ ``ReprintStamp`` / ``QRFlowable``),
   ``key_value_table`` (户名 / 户号 …), ``grid_table`` with ``bold_cell`` totals and ``money`` /
   ``capital_text`` amounts, ``section`` headings, ``signature_table``, ``footer_text`` and
   ``reprint_mark`` for the 补打 copy. Width: ``A4_FRAME_WIDTH``.
3. A small slip printed on the counter's printers (80 mm roll / A5): draw on a canvas as
   ``receipt.py`` does (one ``_roll_<section>`` / ``_a5_<section>`` helper per block).
4. Reprints: the service records each copy (``payments.record_print``); pass its ``reprint`` and
   ``copy_no`` through, and print the mark (``reprint_mark``) where the original has none.
5. Add the document to ``samples.py`` (demo DTO for tests, and a step of the sample day so
   ``main.py print-samples`` shows it), a test under ``tests/printing/`` (text via
   ``tests/printing/pdfcheck.py``, the page count, the budget), and look at the PDF
   (``pdftoppm -png -r 110``): Chinese renders, nothing clipped or overlapping.
"""
