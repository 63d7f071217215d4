// libfreexl (Debian's libfreexl-dev): Excel 97–2003 (.xls) workbooks, read-only, never BIFF by hand.
#ifndef PANEL_CFREEXL_SHIM_H
#define PANEL_CFREEXL_SHIM_H
#include <freexl.h>
#endif
