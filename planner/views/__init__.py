"""Learner and mentor pages, split by meaning: public, onboarding, roadmap, mentoring."""
