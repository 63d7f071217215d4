// libxlsxwriter (Debian's libxlsxwriter-dev): real XLSX workbooks, never zip/XML by hand.
#ifndef PANEL_CXLSX_SHIM_H
#define PANEL_CXLSX_SHIM_H
#include <xlsxwriter.h>
#endif
