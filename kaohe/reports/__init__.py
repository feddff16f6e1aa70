"""The office's outputs (第七条): the assessment workbook, the 整改清单, the table export, and
the one place for every status and label text (:mod:`kaohe.reports.labels`)."""
