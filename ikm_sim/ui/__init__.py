"""The Streamlit user interface: texts, formats, app state, page pieces and pages."""
