"""Reading and writing the versioned agreement data of ``programme/data/`` (see programme.services)."""
