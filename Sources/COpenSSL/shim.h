#ifndef SWIFT_DATA_API_COPENSSL_SHIM_H
#define SWIFT_DATA_API_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <stddef.h>

/// SHA-256 of `len` bytes into `out` (32 bytes). Returns 1 on success.
static inline int cossl_sha256(const void *data, size_t len, unsigned char *out) {
    unsigned int outlen = 0;
    return EVP_Digest(data, len, out, &outlen, EVP_sha256(), NULL);
}

/// HMAC-SHA-256 into `out` (32 bytes). Returns 1 on success.
static inline int cossl_hmac_sha256(const void *key, size_t keylen,
                                    const void *data, size_t len, unsigned char *out) {
    unsigned int outlen = 0;
    return HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, len, out, &outlen) != NULL;
}
#endif
