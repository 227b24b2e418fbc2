"""How the third held-out set was made, kept as its provenance: ``generate.py`` writes the
set's ``pages/`` and ``labels/`` from seeded, invented stories (see ``../README.md``)."""
