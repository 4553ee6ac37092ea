"""The classroom benchmark's yardstick: a title, a button with a counter and a number box.

``bench_classroom.py`` drives it with the same students as emviz, so the difference is emviz's own work.
"""

import streamlit as st

st.title("A trivial Streamlit app")
st.session_state.setdefault("clicks", 0)
if st.button("Count", key="count"):
    st.session_state.clicks += 1
st.number_input("A guess", 0.0, 100.0, 50.0, key="guess")
st.write(f"Clicked {st.session_state.clicks} times; the guess is {st.session_state.guess:g}.")
