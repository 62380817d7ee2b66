"""Pipelines made from notebooks. Written by nb2prod export."""
