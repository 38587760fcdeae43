"""The two NVD JSON feed formats: 1.1 (`CVE_Items`, retired in 2023) and 2.0 (`vulnerabilities`)."""
