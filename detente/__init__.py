"""Detente: a sourced, structured record of a war's peace process, built from news reports."""

__version__ = "0.1.0"
