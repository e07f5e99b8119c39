"""One module per CLI command; importing a module registers its command on criteria.cli_app.app."""
