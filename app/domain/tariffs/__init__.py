"""Tariffs (电价) as versioned data, and the bill engine (电费计算).

One module per concept; import a name from the module that owns it (this package re-exports
nothing):

* ``terms`` — the vocabulary: tariff kinds, ladder bases, TOU periods, tier names;
* ``parsing`` — reading JSON-able values, errors on the path of the bad value;
* ``ladder`` — tier bands and how a bill's kWh split over them;
* ``periods`` — time bands, a season's day schedule, the cover / overlap rules;
* ``tariff`` — one version of a tariff (:class:`Tariff`), from and to a dict;
* ``policy`` — warnings against the national price guidance;
* ``catalogue`` — the catalogue of versions and the version in force on a day;
* ``usage`` — metered kWh of a bill, in total and per period;
* ``tou`` — the period of a minute on a given day, interval data summed per period;
* ``engine`` — computing a bill's lines (rounding, low-income allowance, capacity charge);
* ``tou_checks`` — every problem of a TOU version's period tables at once, for the editor;
* ``holidays`` — the public-holiday calendar.
"""
