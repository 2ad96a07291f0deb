"""From sources to digests.

``digests.analysis`` and ``digests.stories`` are pure (text and dates in, frozen dataclasses out);
``digests.sources`` parses feeds, pages and files, with the network confined to
``digests.sources.fetch``; ``digests.jobs`` orchestrates them against ``storage``.
"""
