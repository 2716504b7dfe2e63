"""Results: what teams record on the fillable board and the results sheet,
read back from many PDFs, summed into tables and a report."""
