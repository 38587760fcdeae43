"""CVE data by CPE: reading NVD feeds, CPE names, version comparison and range matching. Pure: no I/O
beyond reading a feed file, no storage."""
