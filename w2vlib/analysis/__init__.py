"""What the counts predict and how trained vectors are measured (no training here).

* :mod:`~w2vlib.analysis.counts`: statistics of the co-occurrence counts X: the checked
  counts, P_α, log p̂(o|c), PMI, shifted PMI, PPMI, and a run against its optimum;
* :mod:`~w2vlib.analysis.factors`: the one truncated SVD, balanced factors, imbalance,
  the count-weighted fit of S;
* :mod:`~w2vlib.analysis.dynamics`: training near the origin (first-order and coupled);
* :mod:`~w2vlib.analysis.evaluation`: centring, cosines, neighbours, similarity benchmarks;
* :mod:`~w2vlib.analysis.company`: alike company from the counts, and the trained score gaps
  where both words are seen and where only one is;
* :mod:`~w2vlib.analysis.span`: what an N-dimensional space (the input vectors', or an SVD's)
  keeps of two words' company, and the exact cosine it leaves them;
* :mod:`~w2vlib.analysis.separation`: each centre's share in how fast two rows of W′ separate;
* :mod:`~w2vlib.analysis.pull`: one minibatch's update of W_out[j], part by part;
* :mod:`~w2vlib.analysis.contributions`: which centre words built chosen rows of W′ over a run;
* :mod:`~w2vlib.analysis.metric`: the crux's exact statements: the metric in which rows of W′
  are compared, the Gram matrices of balanced factors, |S|, the two-sided bound;
* :mod:`~w2vlib.analysis.intervals`: paired bootstrap intervals for ρ(A) − ρ(B) over a
  benchmark's word pairs, ρ averaged over seeds.
"""
