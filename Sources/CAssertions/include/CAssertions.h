// Whether C and C++ code in this build keeps its assert()s: toml++ (inside TOMLKit) aborts the
// process on some malformed TOML through them, so panel is built with -DNDEBUG (see Makefile).
int c_assertions_enabled(void);
