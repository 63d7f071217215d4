#include "CAssertions.h"

int c_assertions_enabled(void) {
#ifdef NDEBUG
    return 0;
#else
    return 1;
#endif
}
