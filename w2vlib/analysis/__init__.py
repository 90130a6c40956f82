"""The analysis side of w2vlib: what trained weights mean (see the map in ``w2vlib/__init__``)."""
