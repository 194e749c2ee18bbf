"""The learning screens: events and certificates, authoring, e-learning, people (mentoring, competency)."""
