"""The input side: reading, validating and describing an association's data, and the package data it needs
(core indicators, municipalities). ``read``, ``validate``, ``dataset``, ``contract``, ``template`` and ``demo`` move
here with the layout issue (#15)."""
