#!/usr/bin/env python3
"""Align OCR tokens with the true syllables they came from, for vnplan's channel model.

The Restorer's channel model P(OCR form | true syllable) is trained on token pairs.  This
script turns line-aligned (clean, OCR) text into such pairs.  Both sides are split into
whitespace tokens; each line is aligned on folded keys (diacritics stripped, đ->d, lower
case, punctuation ignored) by banded dynamic programming over the tokens, scoring a pair
by a weighted edit distance that knows the common OCR look-alikes (6~o, 1~l, &~e ...).  The alignment kinds are
  1:1  one OCR token for one clean token (the bulk; ocr == clean means unchanged)
  1:2  one OCR token for two clean tokens, glued: `ngay07` <- `ngày 07`
  2:1  two OCR tokens for one clean token, split: `3 1/12/2020` <- `31/12/2020`
  del  a clean token the OCR lost (ocr column empty)
  ins  an OCR token with no clean counterpart: scan noise, stray marks (clean column empty)
In 1:2 / 2:1 rows the two tokens of the paired side are joined with one space.

What it reads
  /work/data/ocr/<style>.clean.txt + .ocr.txt   made by scripts/make-ocr-pairs
  corpus/000-thai-nguyen-2021.ocr.txt + corpus/gold/dev/000.restored.txt   (dev only)
  corpus/003-chi-linh-2021.ocr.txt   + corpus/gold/dev/003.restored.txt   (dev only)
  Never corpus/gold/eval/: those documents are for evaluation only.
What it writes (scratch, outside the repo; never commit it)
  OUT/<name>.pairs.tsv   `count kind ocr clean`, one row per distinct aligned pair, most
                         frequent first, after `#` header lines; raw whitespace tokens
                         (punctuation still attached, so the trainer decides how to strip)
  OUT/<name>.align.tsv   `line kind ocr clean`, every aligned pair in text order
  OUT/STATS.md           counts, unchanged share, top confusions, per-letter outcomes,
                         dropped vowels (written by the `all` subcommand)
How to rerun
  scripts/align-ocr-pairs.py all [--out /work/data/ocr] [--repo .]
  scripts/align-ocr-pairs.py pair CLEAN.txt OCR.txt OUT_PREFIX
"""
import argparse
import collections
import functools
import os
import sys
import unicodedata

GAP = 0.45       # cost of a del or ins; a 1:1 pair costs its normalised distance (0..1)
MERGE = 0.15     # extra cost of a 1:2 or 2:1 pair over twice its distance
BAND = 6         # how far (in tokens) the alignment may stray from the diagonal
# OCR look-alikes: substituting within a group costs 0.4 instead of 1 (folded forms)
LOOKALIKES = ['o06q9@', 'il1|!jt', 's5$', 'e3c€', 'c¢(', 'aeiouy&¢', 'a4@', 'b68', 'g9q@', 'z2',
              'rn', 'uv', 'dp']
SIMILAR = {(x, y) for g in LOOKALIKES for x in g for y in g if x != y}
STYLE_NAMES = ['eng', 'eng-deu', 'deu-fra-spa']
# development documents only (never corpus/gold/eval/): (gold number, OCR file stem)
DEV_DOCS = [('000', '000-thai-nguyen-2021'), ('003', '003-chi-linh-2021')]
PUNCT = set('.,;:!?()[]"\'“”‘’-–—/…•*·')


def fold(s):
    """Strip every combining mark, đ->d, lower case: 'Đổi' -> 'doi', 'cüa' -> 'cua'."""
    s = s.replace('đ', 'd').replace('Đ', 'D')
    nfd = unicodedata.normalize('NFD', s)
    return ''.join(c for c in nfd if unicodedata.category(c) != 'Mn').lower()


def key(tok):
    """The alignment key: folded, without punctuation (unless nothing else is left)."""
    f = fold(tok)
    k = ''.join(c for c in f if c not in PUNCT)
    return k or f


@functools.lru_cache(maxsize=1 << 20)
def dist(a, b):
    """Weighted Levenshtein distance between two keys, normalised to 0..1."""
    if a == b:
        return 0.0
    if not a or not b:
        return 1.0
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else (0.4 if (ca, cb) in SIMILAR else 1.0)
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
        prev = cur
    return prev[-1] / max(len(a), len(b))


def align_tokens(o, c):
    """Minimum-cost alignment of OCR tokens o with clean tokens c: [(kind, ocr, clean)].

    Costs are per covered token, so a 1:2 or 2:1 step pays twice its normalised distance
    (plus MERGE) and long merges are not cheaper than two honest 1:1 pairs.  The DP is
    banded around the diagonal, since a line's tokens stay roughly in order."""
    ok, ck = [key(t) for t in o], [key(t) for t in c]
    n, m = len(o), len(c)
    inf = float('inf')
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    slope = m / n if n else 0.0
    band = BAND + abs(n - m) // 4
    for i in range(n + 1):
        lo = max(0, int(i * slope) - band)
        hi = min(m, int(i * slope) + band)
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            steps = []
            if i < n and j < m and lo <= j <= hi:
                steps.append((1, 1, '1:1', dist(ok[i], ck[j])))
                if j + 1 < m:
                    steps.append((1, 2, '1:2', 2 * dist(ok[i], ck[j] + ck[j + 1]) + MERGE))
                if i + 1 < n:
                    steps.append((2, 1, '2:1', 2 * dist(ok[i] + ok[i + 1], ck[j]) + MERGE))
            if i < n:
                steps.append((1, 0, 'ins', GAP))
            if j < m:
                steps.append((0, 1, 'del', GAP))
            for di, dj, kind, w in steps:
                if here + w < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + w
                    back[i + di][j + dj] = (i, j, kind)
    out = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, kind = back[i][j]
        out.append((kind, ' '.join(o[pi:i]), ' '.join(c[pj:j])))
        i, j = pi, pj
    return out[::-1]


def align_line(ocr_line, clean_line):
    """[(kind, ocr, clean)] for one pair of lines."""
    return align_tokens(ocr_line.split(), clean_line.split())


def read_lines(path):
    with open(path, encoding='utf-8') as f:
        return f.read().split('\n')


def align_files(clean_path, ocr_path):
    """Align two line-aligned files: ([(line, kind, ocr, clean)], number of lines)."""
    clean, ocr = read_lines(clean_path), read_lines(ocr_path)
    # one file may end without a newline (one extra empty segment); real lines must match
    if abs(len(clean) - len(ocr)) > 1:
        sys.exit(f'align-ocr-pairs: {clean_path} has {len(clean)} lines, '
                 f'{ocr_path} has {len(ocr)}; they must be line-aligned')
    rows = []
    for ln, (cl, ol) in enumerate(zip(clean, ocr), 1):
        for kind, o, c in align_line(ol, cl):
            rows.append((ln, kind, o, c))
    return rows, sum(1 for l in clean if l.strip())


def write_rows(rows, prefix, source):
    """PREFIX.align.tsv (every pair in order) and PREFIX.pairs.tsv (distinct pairs + counts)."""
    with open(prefix + '.align.tsv', 'w', encoding='utf-8') as f:
        f.write(f'# aligned tokens of {source}\n# line\tkind\tocr\tclean\n')
        for r in rows:
            f.write('\t'.join(map(str, r)) + '\n')
    counts = collections.Counter((k, o, c) for _, k, o, c in rows)
    with open(prefix + '.pairs.tsv', 'w', encoding='utf-8') as f:
        f.write('# format: vnplan.ocr-pairs/1; made by scripts/align-ocr-pairs.py\n')
        f.write(f'# from: {source}\n')
        f.write('# kinds: 1:1, 1:2 (one glued OCR token for two clean), 2:1 (split), '
                'del (clean token lost by the OCR), ins (OCR noise)\n')
        f.write('# count\tkind\tocr\tclean\n')
        for (k, o, c), n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            f.write(f'{n}\t{k}\t{o}\t{c}\n')


# ---- statistics for STATS.md --------------------------------------------------------

HAT_HORN = {'ă': 'a', 'â': 'a', 'ê': 'e', 'ô': 'o', 'ơ': 'o', 'ư': 'u'}
# letters whose OCR outcomes matter most for the channel model, in display order
WATCH = list('đươêôâă') + list('ệếềểễốồổỗộấầẩẫậắằặờớởợừứửữự') + list('áàảãạíìỉịóòỏọúùủụýỳỷ')


def core(tok):
    """A token without the punctuation around it: '"Chuxmg' -> 'Chuxmg'."""
    a, b = 0, len(tok)
    while a < b and tok[a] in PUNCT:
        a += 1
    while b > a and tok[b - 1] in PUNCT:
        b -= 1
    return tok[a:b]


def base_letter(ch):
    """('ệ' -> 'ê', has tone mark): the letter with its hat/horn/breve but without tone."""
    d = unicodedata.normalize('NFD', ch)
    tone = any(c in '\u0300\u0301\u0309\u0303\u0323' for c in d)
    kept = ''.join(c for c in d if c not in '\u0300\u0301\u0309\u0303\u0323')
    return unicodedata.normalize('NFC', kept), tone


def vowel_class(ch):
    """plain / tone / hat-horn / stacked (hat, breve or horn plus a tone) for a vowel."""
    b, tone = base_letter(ch)
    if b not in 'aeiouyăâêôơư':
        return None
    hat = b in HAT_HORN
    return ('stacked' if tone else 'hat-horn') if hat else ('tone' if tone else 'plain')


def char_outcomes(clean, ocr):
    """For each clean letter, the OCR text it became ('' = dropped); both lower-cased."""
    n, m = len(clean), len(ocr)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i
    for j in range(1, m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            a, b = clean[i - 1], ocr[j - 1]
            sub = 0.0 if a == b else (0.5 if fold(a) == fold(b) else 1.0)
            cost[i][j] = min(cost[i - 1][j - 1] + sub, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    got = [''] * n
    i, j = n, m
    extra = ''
    while i > 0 or j > 0:
        a = clean[i - 1] if i else None
        if i and j:
            b = ocr[j - 1]
            sub = 0.0 if a == b else (0.5 if fold(a) == fold(b) else 1.0)
            if cost[i][j] == cost[i - 1][j - 1] + sub:
                got[i - 1] = b + extra
                extra = ''
                i, j = i - 1, j - 1
                continue
        if i and cost[i][j] == cost[i - 1][j] + 1:
            got[i - 1] = extra
            extra = ''
            i -= 1
        else:
            extra = ocr[j - 1] + extra     # an inserted OCR char sticks to the letter before
            j -= 1
    if extra and n:
        got[0] = extra + got[0]
    return list(zip(clean, got))


def style_stats(rows):
    st = {'kinds': collections.Counter(), 'conf': collections.Counter(),
          'letters': collections.defaultdict(collections.Counter),
          'upper_d': collections.Counter(), 'digits': collections.Counter(),
          'drop': collections.Counter(), 'seen': collections.Counter(),
          'cls_drop': collections.Counter(), 'cls_seen': collections.Counter(),
          'merged': collections.Counter(), 'lost': collections.Counter()}
    clean_tokens = ocr_tokens = same = fold_same = 0
    for _, kind, o, c in rows:
        st['kinds'][kind] += 1
        nc = len(c.split()) if c else 0
        clean_tokens += nc
        ocr_tokens += len(o.split()) if o else 0
        if kind in ('1:2', '2:1'):
            st['merged'][(kind, o, c)] += 1
        if kind == 'del':
            st['lost'][core(c).lower()] += 1
        if kind != '1:1':
            if kind != 'ins':
                st['conf'][(core(o), core(c))] += 1
            continue
        if o == c:
            same += 1
        elif fold(o) == fold(c):
            fold_same += 1
        oc, cc = core(o), core(c)
        if oc != cc:
            st['conf'][(oc, cc)] += 1
            if any(ch.isdigit() for ch in oc) and not any(ch.isdigit() for ch in cc):
                st['digits'][(oc, cc)] += 1
        if cc[:1] == 'Đ':
            st['upper_d'][oc[:1]] += 1
        if not cc or len(cc) > 12:
            continue
        for ch, got in char_outcomes(cc.lower(), oc.lower()):
            if ch in WATCH:
                st['letters'][ch][got] += 1
            cls = vowel_class(ch)
            if cls:
                st['seen'][ch] += 1
                st['cls_seen'][cls] += 1
                if got == '':
                    st['drop'][ch] += 1
                    st['cls_drop'][cls] += 1
    st.update(clean_tokens=clean_tokens, ocr_tokens=ocr_tokens, same=same, fold_same=fold_same)
    return st


def pct(a, b):
    return f'{100.0 * a / b:.1f}%' if b else '-'


def fmt_tok(t):
    return '`' + (t.replace('`', "'") if t else '∅') + '`'


def write_stats(results, out):
    """STATS.md: per style and dev document counts, confusions, letter outcomes, drops."""
    L = ['# OCR pair statistics (made by scripts/align-ocr-pairs.py all; do not edit by hand)', '',
         'Token = whitespace token (punctuation attached); "unchanged" = the OCR token equals',
         'the clean one exactly; "folds equal" = equal after stripping all diacritics and case.',
         'Confusions, letters and drops count punctuation-stripped tokens of 1:1 pairs.', '']
    obs = os.path.join(out, 'OBSERVATIONS.md')
    if os.path.exists(obs):
        L += open(obs, encoding='utf-8').read().rstrip().split('\n') + ['']
    stats = {name: style_stats(rows) for name, (rows, _) in results.items()}
    L += ['## Counts', '',
          '| set | lines | clean tokens | OCR tokens | unchanged | folds equal | 1:1 | 1:2 | 2:1 | del | ins |',
          '|---|---|---|---|---|---|---|---|---|---|---|']
    for name, st in stats.items():
        k, ct = st['kinds'], st['clean_tokens']
        L.append(f"| {name} | {results[name][1]} | {ct} | {st['ocr_tokens']} | {pct(st['same'], ct)} "
                 f"| {pct(st['fold_same'], ct)} | {k['1:1']} | {k['1:2']} | {k['2:1']} | {k['del']} | {k['ins']} |")
    L.append('')
    L += ['## Vowel drops (the OCR lost the vowel letter, the rest of the token survived)', '',
          'Rate = dropped / seen, over 1:1 pairs; classes: plain (a), tone only (á), '
          'hat/horn/breve only (ê ơ ă), stacked (hat/horn/breve + tone: ệ ở ắ).', '',
          '| set | plain | tone | hat-horn | stacked | most dropped letters (rate, n) |',
          '|---|---|---|---|---|---|']
    for name, st in stats.items():
        cls = ' | '.join(pct(st['cls_drop'][c], st['cls_seen'][c])
                         for c in ['plain', 'tone', 'hat-horn', 'stacked'])
        worst = sorted((ch for ch in st['seen'] if st['seen'][ch] >= 10),
                       key=lambda ch: -st['drop'][ch] / st['seen'][ch])[:12]
        w = ', '.join(f"{ch} {pct(st['drop'][ch], st['seen'][ch])} ({st['seen'][ch]})" for ch in worst)
        L.append(f'| {name} | {cls} | {w} |')
    L.append('')
    for name, st in stats.items():
        L += [f'## {name}', '']
        L += ['Top 50 confusions (ocr → clean, count):', '']
        top = st['conf'].most_common(50)
        for r in range(0, len(top), 5):
            L.append('  ' + ' · '.join(f'{fmt_tok(o)}→{fmt_tok(c)} {n}' for (o, c), n in top[r:r + 5]))
        L += ['', 'How letters come out (lower-cased; share of occurrences, ∅ = dropped):', '']
        for ch in WATCH:
            cnt = st['letters'].get(ch)
            if not cnt or sum(cnt.values()) < 20:
                continue
            tot = sum(cnt.values())
            outs = ', '.join(f'{fmt_tok(g)} {100 * n / tot:.0f}%' for g, n in cnt.most_common(6))
            L.append(f'- **{ch}** ({tot}): {outs}')
        if st['upper_d']:
            tot = sum(st['upper_d'].values())
            outs = ', '.join(f'{fmt_tok(g)} {100 * n / tot:.0f}%' for g, n in st['upper_d'].most_common(6))
            L.append(f'- **Đ** at token start ({tot}): {outs}')
        L += ['', 'Digits and symbols for letters (top 25):', '']
        L.append('  ' + ' · '.join(f'{fmt_tok(o)}→{fmt_tok(c)} {n}' for (o, c), n in st['digits'].most_common(25)))
        L += ['', 'Glued (1:2) and split (2:1) tokens (top 15):', '']
        L.append('  ' + ' · '.join(f'{k} {fmt_tok(o)}→{fmt_tok(c)} {n}' for (k, o, c), n in st['merged'].most_common(15)))
        L += ['', 'Clean tokens lost entirely (del, top 20):', '']
        L.append('  ' + ' · '.join(f'{fmt_tok(c)} {n}' for c, n in st['lost'].most_common(20)))
        L.append('')
    with open(os.path.join(out, 'STATS.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(L) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('pair', help='align one clean/OCR file pair')
    p.add_argument('clean'); p.add_argument('ocr'); p.add_argument('prefix')
    p = sub.add_parser('all', help='align every style and the dev documents, write STATS.md')
    p.add_argument('--out', default='/work/data/ocr')
    p.add_argument('--repo', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    a = ap.parse_args()
    if a.cmd == 'pair':
        rows, _ = align_files(a.clean, a.ocr)
        write_rows(rows, a.prefix, f'{a.ocr} (ocr) against {a.clean} (clean)')
        return
    results = {}
    every = []
    for style in STYLE_NAMES:
        base = os.path.join(a.out, style)
        if not os.path.exists(base + '.clean.txt'):
            continue
        rows, nl = align_files(base + '.clean.txt', base + '.ocr.txt')
        write_rows(rows, base, f'{base}.ocr.txt (ocr) against {base}.clean.txt (clean)')
        results[style] = (rows, nl)
        every.extend(rows)
        print(f'{style}: {nl} lines, {len(rows)} aligned pairs', flush=True)
    if every:
        # the combined file is the styles in order, so its alignment is theirs concatenated
        write_rows(every, os.path.join(a.out, 'all'), 'all styles, see <style>.pairs.tsv')
        upper, n_upper = [], 0
        for style, (rows, _) in results.items():
            meta = os.path.join(a.out, style + '.meta.tsv')
            if os.path.exists(meta):
                flags = [l.split('\t')[-1] == '1' for l in read_lines(meta)[1:] if l]
                n_upper += sum(flags)
                upper.extend(r for r in rows if r[0] <= len(flags) and flags[r[0] - 1])
        if upper:
            # upper-cased lines of every style: how Ư, Ơ, Đ, Ệ come out in ALL-CAPS headings
            results['upper-lines'] = (upper, n_upper)
    for doc, name in DEV_DOCS:
        gold = os.path.join(a.repo, 'corpus', 'gold', 'dev', f'{doc}.restored.txt')
        ocr = os.path.join(a.repo, 'corpus', f'{name}.ocr.txt')
        rows, nl = align_files(gold, ocr)
        write_rows(rows, os.path.join(a.out, f'dev{doc}'),
                   f'corpus/{name}.ocr.txt (ocr) against corpus/gold/dev/{doc}.restored.txt '
                   '(development gold)')
        results[f'dev{doc}'] = (rows, nl)
        print(f'dev{doc}: {nl} lines, {len(rows)} aligned pairs', flush=True)
    write_stats(results, a.out)


if __name__ == '__main__':
    main()
