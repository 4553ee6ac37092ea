"""Data shipped with emviz (installed as ``emviz.assets``); see README.md in this folder for provenance."""
