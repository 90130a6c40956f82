"""The analysis side of w2vlib: what a pair (W_in, W_out) or a score matrix S means.

metric.py      the crux's exact statements: the metric in which rows of W′ are compared,
               the Gram matrices of balanced factors, |S|, the two-sided bound.
intervals.py   paired bootstrap intervals for ρ(A) − ρ(B) over a benchmark's word pairs.
"""
