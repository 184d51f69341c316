"""Serve: a read-only JSON API and web dashboard over a Detente store.

``create_app(db_path)`` returns the ASGI application; ``detente serve`` runs it with uvicorn.
"""

from detente.serve.app import create_app

__all__ = ["create_app"]
