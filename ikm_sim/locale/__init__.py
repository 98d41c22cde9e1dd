"""Language texts and Latvian/English formats, free of any user-interface code.

Charts, exports, packs and the Streamlit pages all take their words and number formats from
here, so imports run one way: model → results → charts/exports → ui.
"""
