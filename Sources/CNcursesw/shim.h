// The wide-character ncurses API for Swift.
// SwiftPM drops the -D flags pkg-config would give, so the wide API (get_wch, setcchar,
// mvwadd_wch…) stays hidden unless we ask for it here, before the header.
#ifndef PANEL_CNCURSESW_SHIM_H
#define PANEL_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros and globals do not import into Swift (or are not concurrency-safe there): wrap them.
static inline WINDOW *panel_stdscr(void) { return stdscr; }
static inline int panel_lines(void) { return LINES; }
static inline int panel_cols(void) { return COLS; }
static inline attr_t panel_a_bold(void) { return A_BOLD; }
static inline attr_t panel_a_reverse(void) { return A_REVERSE; }
static inline attr_t panel_a_underline(void) { return A_UNDERLINE; }
static inline attr_t panel_a_normal(void) { return A_NORMAL; }
static inline int panel_color_pair(int n) { return COLOR_PAIR(n); }
static inline void panel_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }

#endif
