// The system OpenSSL's digests (libssl-dev): SHA-256, MD5 and HMAC for SigV4 and checksums.
#include <openssl/evp.h>
#include <openssl/hmac.h>
