"""Tests of the user interface: formats, texts, the Streamlit app."""
