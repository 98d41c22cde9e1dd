"""The Streamlit user interface: app state, page pieces and pages (texts: `ikm_sim.locale`)."""
