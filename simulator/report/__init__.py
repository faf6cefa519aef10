"""Reports: tidy tables, one sv/en text catalogue, Swedish number formatting, summary, charts and
workbook.

May import: engine, uncertainty, scenario and the layers below them, but never services or
queueing: a report reads results (a queueing chart reads the curves the service handed over).
"""
