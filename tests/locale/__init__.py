"""Tests of the language texts and the Latvian/English formats."""
