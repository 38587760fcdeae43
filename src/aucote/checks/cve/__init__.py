"""Known CVEs of a detected service, by its CPE and the NVD data imported into storage."""
