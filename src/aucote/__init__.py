"""Aucote: continuous network security scanning."""
