from claimtrack.cli import app

app()
