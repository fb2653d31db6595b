"""The auditors' tools: archival reports that verify themselves, signatures, comparisons over time, portfolios."""
