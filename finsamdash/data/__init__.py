"""The input side: reading, validating and describing an association's data (read, contract, validate, dataset,
issues, template, demo, municipalities, goal parameters, hints) and the package data it needs (core indicators,
municipalities)."""
