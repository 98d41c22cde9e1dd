"""Tests of the user interface: app state, page pieces, the Streamlit app."""
