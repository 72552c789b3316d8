"""Documents drawn straight to PDF, without HTML: HarfBuzz shapes the text, the layout is
code, and the PDF is written with the same fonts, names and ToUnicode maps as the WeasyPrint
path. A receipt or a certificate takes a fraction of a WeasyPrint render (benchmarks/README.md,
"PDFs"); kinds that do not draw their own still go through their HTML template.
"""
