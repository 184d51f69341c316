"""Scale: extraction over several processes on one machine (``parallel``) or a Spark
cluster (``spark``), with the same results as one process."""
