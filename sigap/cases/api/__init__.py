"""The cases API: persons, cases, and the records nested under a case. Registered in sigap/api/urls.py."""
