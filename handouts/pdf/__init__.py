"""PDF stage: HTML -> laid-out pages -> checked -> PDF file (WeasyPrint)."""
