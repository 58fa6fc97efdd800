#ifndef SWIFT_DATA_API_COPENSSL_SHIM_H
#define SWIFT_DATA_API_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <stddef.h>
#include <string.h>

/* SHA-256 and HMAC-SHA-256 over a digest the caller fetched once (EVP_MD_fetch): with
   EVP_sha256() OpenSSL 3 looks the algorithm up in its provider tables, under a lock, on every
   call, and its one-shot HMAC() fetches a MAC as well. The HMAC is RFC 2104 over that digest. */

/// SHA-256 of `len` bytes with the fetched digest `md`. Returns 1 on success.
static inline int cossl_sha256_md(const EVP_MD *md, const void *data, size_t len, unsigned char *out) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return 0;
    unsigned int outlen = 0;
    int ok = EVP_DigestInit_ex2(ctx, md, NULL) && EVP_DigestUpdate(ctx, data, len)
        && EVP_DigestFinal_ex(ctx, out, &outlen);
    EVP_MD_CTX_free(ctx);
    return ok;
}

/// HMAC-SHA-256 (RFC 2104, 64-byte blocks) with the fetched digest `md`. Returns 1 on success.
static inline int cossl_hmac_sha256_md(const EVP_MD *md, const void *key, size_t keylen,
                                       const void *data, size_t len, unsigned char *out) {
    unsigned char block[64] = {0};
    unsigned char pad[64];
    unsigned char inner[32];
    unsigned int outlen = 0;
    if (keylen > sizeof block) {
        if (!cossl_sha256_md(md, key, keylen, block)) return 0;
    } else if (keylen > 0) {
        memcpy(block, key, keylen);
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return 0;
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x36;
    int ok = EVP_DigestInit_ex2(ctx, md, NULL) && EVP_DigestUpdate(ctx, pad, sizeof pad)
        && EVP_DigestUpdate(ctx, data, len) && EVP_DigestFinal_ex(ctx, inner, &outlen);
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x5c;
    ok = ok && EVP_DigestInit_ex2(ctx, md, NULL) && EVP_DigestUpdate(ctx, pad, sizeof pad)
        && EVP_DigestUpdate(ctx, inner, sizeof inner) && EVP_DigestFinal_ex(ctx, out, &outlen);
    EVP_MD_CTX_free(ctx);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    return ok;
}
#endif
