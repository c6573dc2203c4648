"""Computational cores: plain Python, no Django import, testable and benchmarkable alone."""
