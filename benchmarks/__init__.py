"""Benchmarks, load generators and the servers they start: not part of the product.

Installed only by the local, test and bench settings (``config/settings/bench.py`` is
production plus this app, which ``bench_api`` runs gunicorn with).
"""
