"""`python -m generator.search JOB SITE_DIR`: write a saved job's search index into a site (see site.py)."""

from generator.search.pagefind_index import main

raise SystemExit(main())
