"""floor-lite and floor: the least a Django project does to show and store the 6 × 6 survey.

Served by gunicorn with our production config beside the app (bench/harness.py), so that our
figures can be read as ratios to these. No sessions, no auth, no i18n, no messages: a settings
module, one model, plain views.
"""
