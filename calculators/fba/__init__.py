"""The FBA fulfilment fee engine, stage by stage (see ``calculators/fba_fee.py``).

- ``cards``: which rate card and peak season price a unit (route, date, nearest card);
- ``size``: size tier, dimensional and shipping weight;
- ``bands``: weight band, price band and the base fee;
- ``adjust``: low-price rates, the holiday peak and the card's own lines;
- ``other_fees``: fees billed besides the fulfilment fee.

A sub-package, so calculator discovery (``core.calculators``) skips it.
"""
