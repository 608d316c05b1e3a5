#!/usr/bin/env python3
"""Rebuild dictionaries/names.tsv from the shared name lists.

  scripts/build-names.py ../shared/names > dictionaries/names.tsv

Reads name-syllables.tsv (syllables of full names by position, with counts) and the given-name
lists (given-names-male.txt, given-names-female.txt): every syllable of a given name is a given-name
syllable (count 0 where the full-name counts never saw it in that position). Output rows are
sorted, NFC, with Đ as Vietnamese writes it, so a rerun is byte-identical.
"""
import os, sys, unicodedata

def nfc(s):
    # The given-name lists write some Đ as the Icelandic eth (Ð, U+00D0), which no
    # Vietnamese text uses.
    return unicodedata.normalize('NFC', s.strip()).replace('\u00d0', '\u0110').replace('\u00f0', '\u0111')

def main():
    src = sys.argv[1]
    counts = {}
    with open(os.path.join(src, 'name-syllables.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            pos, syl, n = line.rstrip('\n').split('\t')
            counts[(pos, nfc(syl))] = int(n)
    for name in ('given-names-male.txt', 'given-names-female.txt'):
        with open(os.path.join(src, name), encoding='utf-8') as f:
            for line in f:
                for syl in nfc(line).split():
                    counts.setdefault(('given', syl), 0)
    out = sys.stdout
    out.write('# Syllables of Vietnamese personal names by position (surname, middle, given) with the\n'
              '# number of full names they were seen in at that position: what a signer\'s name is made of.\n'
              '# source: GitHub duyet/vietnamese-namedb at commit 2129070 (uit_member.json counted by position,\n'
              '#   boy.txt and girl.txt given names split into syllables; no full name is kept), as copied in\n'
              '#   ../shared/names; rebuilt with scripts/build-names.py ../shared/names.\n'
              '# licence: MIT, Copyright (c) 2016 Van-Duyet Le (see NOTICE).\n'
              '# format: vnplan.dict/1\n'
              '# columns: position (surname | middle | given)\tsyllable\tcount\n')
    for (pos, syl), n in sorted(counts.items(), key=lambda kv: f'{kv[0][0]}\t{kv[0][1]}\t{kv[1]}'):
        out.write(f'{pos}\t{syl}\t{n}\n')

if __name__ == '__main__':
    main()
