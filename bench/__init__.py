"""Benchmarks: a synthetic corpus generator (`bench.synthetic`) and the harness (`bench.run`)."""
