from sigap.organisations.tests.fixtures import demo_regions  # noqa: F401 (a fixture for every test here)
