"""Batch jobs: the nightly reconciliation and its parts."""
