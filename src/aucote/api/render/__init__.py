"""Stored records → response models, one module per resource."""
