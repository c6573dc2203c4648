"""Signals other apps listen to (so that projects needs to know nothing of them)."""

from django.dispatch import Signal

# Sent after an import has created or updated historical projects in bulk (no post_save for those):
# the overlaps app brings its similarity index up to date.
projects_imported = Signal()
