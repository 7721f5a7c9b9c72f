"""The meeting pack: build orchestration, warm kernels, publishing, manifest, front page, export, PDF, presentation
and serving (docs/architecture.md)."""
