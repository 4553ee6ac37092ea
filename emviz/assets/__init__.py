"""Data shipped with emviz; see README.md in this folder for provenance."""
