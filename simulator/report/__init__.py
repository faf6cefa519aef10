"""Reports: tidy tables, Swedish number formatting, summary, charts and workbook."""
