"""The Streamlit app: the only package that calls ``st.``."""

from emviz.ui.main import main

__all__ = ["main"]
