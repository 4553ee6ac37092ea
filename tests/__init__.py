"""The test suite, a package: its shared helpers are imported as ``tests.helpers``, ``tests.run_fixtures``,
``tests.servers`` and ``tests.ws_client`` from every test file (ruff's banned-api rule refuses the bare names)."""
