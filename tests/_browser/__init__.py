"""Helpers for tests/test_browser.py: a throwaway JupyterLab server and the page actions a learner makes."""
