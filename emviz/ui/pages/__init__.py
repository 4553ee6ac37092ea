"""One module per page (lesson) of the app."""
