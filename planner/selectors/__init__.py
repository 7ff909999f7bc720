"""Reads: querysets and view models for the pages and the API. A selector never writes.

``roadmaps`` — many learners' current roadmaps at once, one version, and the view of one
(items, stages, progress); one learner's current roadmap is ``Roadmap.objects.current(user)``.
``mentoring`` — what the roadmap and mentor pages show around it (evidence, reviews, verified
levels) and the mentor's list of mentees.
``reminders`` — what a batch of weekly reminders shows of each learner's roadmap, in a few
queries whatever the number of learners.
"""
