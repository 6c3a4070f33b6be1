"""Root conftest: the docs' code blocks are collected by the ``fixbook`` pytest plugin
(entry point ``pytest11``, configured by ``fixbook_docs`` in pyproject.toml); the snippet
layer's own tests drive pytest itself through ``pytester``."""

pytest_plugins = ["pytester"]
