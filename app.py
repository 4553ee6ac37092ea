"""Start the app from a checkout: ``streamlit run app.py``."""

from emviz.ui import main

main()
