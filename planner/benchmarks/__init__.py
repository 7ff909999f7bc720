"""Benchmarks of the planning engine against a plain networkx planner."""
