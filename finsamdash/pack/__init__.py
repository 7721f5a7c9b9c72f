"""The meeting pack: build orchestration, warm kernels, publishing, manifest, front page, export, PDF, presentation
and serving. New pack-side modules live here; ``build``, ``export``, ``pdf`` and ``serve`` move here with the layout
issue (#15)."""
