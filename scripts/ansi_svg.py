#!/usr/bin/env python3
"""Renders terminal screens captured with `tmux capture-pane -e -p` (text with SGR colour codes)
as SVG: one still per screen, or an animation of several screens with their durations.

Standard library only, so `scripts/pictures.sh` runs anywhere Python 3 does.

  ansi_svg.py still SCREEN.ansi OUT.svg
  ansi_svg.py anim LIST OUT.svg      # LIST: lines of `FILE SECONDS`, in order
"""
import html
import re
import sys

COLS, ROWS = 100, 30
CW, LH, PAD = 8.4, 18, 10  # cell width, line height, padding (px) at font-size 14
FG, BG = "#d4d4d4", "#1e1e1e"
BASE16 = ["#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
          "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]


def c256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        lv = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (lv[n // 36], lv[(n // 6) % 6], lv[n % 6])
    g = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (g, g, g)


SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def parse(text):
    """The screen as rows of (char, fg, bg, bold) cells."""
    rows = []
    fg, bg, bold, rev = None, None, False, False
    for line in text.split("\n")[:ROWS]:
        row, pos = [], 0
        for m in list(SGR.finditer(line)) + [None]:
            chunk = line[pos:m.start()] if m else line[pos:]
            for ch in chunk:
                f, b = (bg or BG, fg or FG) if rev else (fg, bg)
                row.append((ch, f, b, bold))
            if not m:
                break
            pos = m.end()
            codes = [int(c) if c.isdigit() else 0 for c in re.split("[;:]", m.group(1) or "0")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, bold, rev = None, None, False, False
                elif c == 1:
                    bold = True
                elif c == 22:
                    bold = False
                elif c == 7:
                    rev = True
                elif c == 27:
                    rev = False
                elif 30 <= c <= 37:
                    fg = BASE16[c - 30]
                elif 90 <= c <= 97:
                    fg = BASE16[c - 90 + 8]
                elif 40 <= c <= 47:
                    bg = BASE16[c - 40]
                elif 100 <= c <= 107:
                    bg = BASE16[c - 100 + 8]
                elif c == 39:
                    fg = None
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 1 < len(codes):
                    if codes[i + 1] == 5 and i + 2 < len(codes):
                        col, i = c256(codes[i + 2]), i + 2
                    elif codes[i + 1] == 2 and i + 4 < len(codes):
                        col, i = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5]), i + 4
                    else:
                        col = None
                    if c == 38:
                        fg = col
                    else:
                        bg = col
                i += 1
        rows.append(row[:COLS])
    return rows


def screen_svg(rows):
    """The SVG elements of one screen: background runs, then text runs."""
    out = []
    for y, row in enumerate(rows):
        top = PAD + y * LH
        x = 0
        while x < len(row):  # backgrounds
            b = row[x][2]
            end = x
            while end < len(row) and row[end][2] == b:
                end += 1
            if b and b != BG:
                out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>'
                           % (PAD + x * CW, top, (end - x) * CW, LH, b))
            x = end
        x = 0
        while x < len(row):  # text
            _, f, _, bold = row[x]
            end = x
            while end < len(row) and row[end][1] == f and row[end][3] == bold:
                end += 1
            s = "".join(c for c, *_ in row[x:end])
            # Each piece between wider gaps is placed at its own column: renderers that collapse
            # spaces (some ignore white-space:pre) still draw the grid right.
            for piece in re.finditer(r"\S+(?: \S+)*", s):
                start = x + piece.start()
                out.append('<text x="%.1f" y="%d" textLength="%.1f" lengthAdjust="spacingAndGlyphs"%s%s>%s</text>'
                           % (PAD + start * CW, top + 14, len(piece.group()) * CW,
                              ' fill="%s"' % f if f and f != FG else "",
                              ' font-weight="bold"' if bold else "",
                              html.escape(piece.group(), quote=False)))
            x = end
    return "\n".join(out)


def document(body, extra_style=""):
    w, h = PAD * 2 + COLS * CW, PAD * 2 + ROWS * LH
    return ('<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="%.0f" height="%d" viewBox="0 0 %.0f %d">\n'
            '<style>text{font-family:"DejaVu Sans Mono","Menlo","Consolas",monospace;font-size:14px;'
            'white-space:pre}%s</style>\n'
            '<rect width="100%%" height="100%%" rx="6" fill="%s"/>\n'
            # The default colour as an attribute, not CSS: CSS would override each run's own fill.
            '<g fill="%s">\n%s\n</g>\n</svg>\n'
            % (w, h, w, h, extra_style, BG, FG, body))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def still(src, dst):
    with open(dst, "w", encoding="utf-8") as f:
        f.write(document(screen_svg(parse(read(src)))))


def anim(listing, dst):
    frames = []
    for line in read(listing).splitlines():
        if line.strip():
            path, secs = line.rsplit(" ", 1)
            text = read(path)
            if frames and frames[-1][0] == text:  # the screen did not change: one longer frame
                frames[-1][1] += float(secs)
            else:
                frames.append([text, float(secs)])
    total = sum(s for _, s in frames)
    style, body, t = [], [], 0.0
    for i, (text, secs) in enumerate(frames):
        a, b = 100 * t / total, 100 * (t + secs) / total
        keys = "0%%{opacity:%d}" % (1 if i == 0 else 0)
        if i > 0:
            keys += "%.3f%%{opacity:1}" % a
        last = i == len(frames) - 1
        if not last:
            keys += "%.3f%%{opacity:0}" % b
        keys += "100%%{opacity:%d}" % last
        # Without animation (some viewers) the last screen shows: the job COMPLETED.
        style.append("@keyframes k%d{%s}.f%d{opacity:%d;animation:k%d %.2fs step-end infinite}"
                     % (i, keys, i, last, i, total))
        body.append('<g class="f%d">%s</g>' % (i, screen_svg(parse(text))))
        t += secs
    with open(dst, "w", encoding="utf-8") as f:
        f.write(document("\n".join(body), "".join(style)))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("still", "anim"):
        sys.exit(__doc__)
    (still if sys.argv[1] == "still" else anim)(sys.argv[2], sys.argv[3])
