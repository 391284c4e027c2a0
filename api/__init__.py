"""claimtrack's REST API and dashboard."""
