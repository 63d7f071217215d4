// libxcrypt: yescrypt PIN hashes (crypt_gensalt_ra + crypt_r).
#include <crypt.h>
