"""Salkku's Django configuration.

Imported before anything else of the application (by ``config.wsgi``, the ``salkku`` command and the
tests), so the one process-wide setting that must precede numpy's import lives here: numpy's linear
algebra runs in one thread. The matrices the application multiplies are small (the overlap model's
features of a few thousand pairs, the robust portfolio method's dominance checks), and there a BLAS
thread per CPU mostly spins: the pair model's probabilities for 3,000 pairs took 21 ms of CPU with the
default threads against 9 ms in one, and each gunicorn worker would start its own threads beside the
others'. An operator who wants otherwise sets the variables in the environment; these are defaults.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
