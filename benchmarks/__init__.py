"""Speed benchmarks with stated targets. They report figures; tests do not time things.

Run all with ``make bench`` (``python -m benchmarks``) or one with ``python -m benchmarks.bench_model``.
"""
