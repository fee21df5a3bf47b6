"""Realistic, deterministic Norwegian demo data, bulk-loaded."""

from axos_data.demo.load import load_demo

__all__ = ["load_demo"]
