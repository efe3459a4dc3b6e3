"""The pages people touch (see README.md here), installed as the package `cocreatie.web` so that
an installed cocreatie serves them as a checkout does (cocreatie/edges/pages.py)."""
