"""Demo data: the Microsoft–OpenAI partnership from 2019 to the 2025 definitive agreement.

The data is plain Python below; ``load_demo()`` writes it with ``update_or_create`` on
natural keys, so running it again changes nothing.

Sourcing rules followed here:

* The two seed news articles have no known URL, so their URL stays blank.
* Other URLs are filled in only where the address is known for certain; the rest are blank.
* Excerpts are the passage of the source that backs the record. The one exception is the
  trade-press report, whose excerpt describes what the report says (it dates the MOU to
  15 September 2025, where the joint statement is dated 11 September).
"""

from partnerships.sample_data.demo.load import DemoResult, load_demo

__all__ = ["DemoResult", "load_demo"]
