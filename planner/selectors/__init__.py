"""Reads: querysets and view models for the pages and the API. A selector never writes.

``roadmaps`` — a learner's current roadmap, its versions, and the view of one (items, stages,
progress); ``mentoring`` — what the roadmap and mentor pages show around it (evidence,
reviews, verified levels) and the mentor's list of mentees.
"""
