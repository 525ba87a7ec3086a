"""Build: plan the PDFs, render them in worker processes, publish them together."""
