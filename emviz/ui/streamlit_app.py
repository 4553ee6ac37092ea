"""Entry script that ``emviz`` (the console script) hands to ``streamlit run``."""

from emviz.ui import main

main()
