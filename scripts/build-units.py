#!/usr/bin/env python3
"""Rebuild dictionaries/units.tsv from the gazetteer (../shared/gazetteer).

  scripts/build-units.py [GAZETTEER_DIR] > dictionaries/units.tsv

Each unit name (rows with an empty name are skipped) is split into its type (the name's own prefix: Tỉnh, Thành phố, Quận, Huyện,
Thị xã, Phường, Xã, Thị trấn, Đặc khu) and its proper name; a province-level Thành phố is
`thành phố trực thuộc trung ương`. Rows are deduplicated and sorted by code point.
"""
import csv, os, sys

HEADER = '''# Vietnamese administrative units before and after the 1 July 2025 reorganisation: provinces,
# legacy districts, communes, wards and special zones, with their type and province.
# source: PyPI package vietnamadminunits 1.0.4, tables admin_units and admin_units_legacy,
#   via shared/gazetteer/units-2025.tsv and units-legacy.tsv (type prefix split off the name,
#   by the name's own prefix, duplicates removed, sorted by code point).
# licence: MIT (vietnamadminunits); official unit names are facts.
# build: scripts/build-units.py ../shared/gazetteer > dictionaries/units.tsv
# format: vnplan.dict/1
# columns: name	type	province (empty for a province)	era (2025 | legacy)
'''

PREFIXES = ['Thành phố', 'Thị trấn', 'Thị xã', 'Đặc khu', 'Phường', 'Huyện', 'Quận', 'Tỉnh', 'Xã']

def split(name, province_level=False):
    for p in PREFIXES:
        # Some legacy rows capitalise the type (`Thị Xã Buôn Hồ`).
        if name.lower().startswith(p.lower() + ' '):
            kind = p.lower()
            if province_level and kind == 'thành phố':
                kind = 'thành phố trực thuộc trung ương'
            return name[len(p) + 1:], kind
    return name, ''

def rows(path):
    with open(path, encoding='utf-8') as f:
        lines = [l for l in f if not l.startswith('#')]
    return csv.DictReader(lines, delimiter='\t')

def main():
    gaz = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'gazetteer')
    out = set()
    for r in rows(os.path.join(gaz, 'units-2025.tsv')):
        prov, pk = split(r['province'], True)
        out.add((prov, pk, '', '2025'))
        name, kind = split(r['ward'])
        out.add((name, kind, prov, '2025'))
    for r in rows(os.path.join(gaz, 'units-legacy.tsv')):
        prov, pk = split(r['province'], True)
        out.add((prov, pk, '', 'legacy'))
        name, kind = split(r['district'])
        out.add((name, kind, prov, 'legacy'))
        name, kind = split(r['ward'])
        out.add((name, kind, prov, 'legacy'))
    lines = sorted('\t'.join(x) for x in out if x[0])
    sys.stdout.write(HEADER + '\n'.join(lines) + '\n')

main()
