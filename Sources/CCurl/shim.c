/* secure_getenv */
#define _GNU_SOURCE
#include "shim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* libcurl's functions, looked up once by ccurl_load. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
    CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    curl_version_info_data *(*version_info)(CURLversion);
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char failure[512];

#if defined(__APPLE__)
static const char *const names[] = {"libcurl.4.dylib", "libcurl.dylib", NULL};
#else
static const char *const names[] = {"libcurl.so.4", "libcurl.so", NULL};
#endif

static void load(void) {
    void *library = NULL;
    const char *why = NULL;
    /* DATA_API_LIBCURL names the library to load instead (a path, or a name the loader finds). */
    const char *given = secure_getenv("DATA_API_LIBCURL");
    if (given && given[0]) {
        library = dlopen(given, RTLD_LAZY | RTLD_LOCAL);
        if (!library) { const char *e = dlerror(); why = e ? e : "not found"; }
    } else {
        for (int i = 0; names[i] && !library; i++) {
            library = dlopen(names[i], RTLD_LAZY | RTLD_LOCAL);
            if (!library && !why) { const char *e = dlerror(); why = e ? e : "not found"; }
        }
    }
    if (!library) {
        snprintf(failure, sizeof failure, "libcurl could not be loaded: %s", why ? why : "not found");
        return;
    }
#define LOOK(member, symbol)                                                                     \
    do {                                                                                         \
        *(void **)(&fn.member) = dlsym(library, symbol);                                         \
        if (!fn.member) {                                                                        \
            snprintf(failure, sizeof failure, "libcurl has no %s (version 7.85 or later is needed)", symbol); \
            dlclose(library);                                                                    \
            return;                                                                              \
        }                                                                                        \
    } while (0)
    LOOK(global_init, "curl_global_init");
    LOOK(easy_init, "curl_easy_init");
    LOOK(easy_cleanup, "curl_easy_cleanup");
    LOOK(easy_reset, "curl_easy_reset");
    LOOK(easy_perform, "curl_easy_perform");
    LOOK(easy_send, "curl_easy_send");
    LOOK(easy_recv, "curl_easy_recv");
    LOOK(easy_strerror, "curl_easy_strerror");
    LOOK(easy_setopt, "curl_easy_setopt");
    LOOK(easy_getinfo, "curl_easy_getinfo");
    LOOK(slist_append, "curl_slist_append");
    LOOK(slist_free_all, "curl_slist_free_all");
    LOOK(multi_init, "curl_multi_init");
    LOOK(multi_cleanup, "curl_multi_cleanup");
    LOOK(multi_add_handle, "curl_multi_add_handle");
    LOOK(multi_remove_handle, "curl_multi_remove_handle");
    LOOK(multi_perform, "curl_multi_perform");
    LOOK(multi_poll, "curl_multi_poll");
    LOOK(multi_wakeup, "curl_multi_wakeup");
    LOOK(multi_info_read, "curl_multi_info_read");
    LOOK(multi_setopt, "curl_multi_setopt");
    LOOK(version_info, "curl_version_info");
#undef LOOK
    /* CURLOPT_PREREQFUNCTION (7.80), which refuses libcurl's silent resends, and
       CURLOPT_PROTOCOLS_STR (7.85) are set without checking their result: refuse an older
       library rather than lose them quietly. */
    curl_version_info_data *version = fn.version_info(CURLVERSION_NOW);
    if (!version || version->version_num < 0x075500) {
        snprintf(failure, sizeof failure, "libcurl %s is too old: version 7.85 or later is needed",
                 version && version->version ? version->version : "(unknown)");
        dlclose(library);
        return;
    }
    CURLcode rc = fn.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(failure, sizeof failure, "curl_global_init failed (%d)", (int)rc);
        return;
    }
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

int ccurl_load(void) {
    pthread_once(&once, load);
    return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE) ? 0 : -1;
}

int ccurl_is_loaded(void) { return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE); }

const char *ccurl_load_error(void) {
    return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE) || !failure[0] ? NULL : failure;
}

CURL *ccurl_easy_init(void) { return fn.easy_init(); }
void ccurl_easy_cleanup(CURL *h) { fn.easy_cleanup(h); }
void ccurl_easy_reset(CURL *h) { fn.easy_reset(h); }
CURLcode ccurl_easy_perform(CURL *h) { return fn.easy_perform(h); }
CURLcode ccurl_easy_send(CURL *h, const void *b, size_t n, size_t *sent) { return fn.easy_send(h, b, n, sent); }
CURLcode ccurl_easy_recv(CURL *h, void *b, size_t n, size_t *got) { return fn.easy_recv(h, b, n, got); }
const char *ccurl_easy_strerror(CURLcode code) { return fn.easy_strerror(code); }
struct curl_slist *ccurl_slist_append(struct curl_slist *l, const char *s) { return fn.slist_append(l, s); }
void ccurl_slist_free_all(struct curl_slist *l) { fn.slist_free_all(l); }

CURLM *ccurl_multi_init(void) { return fn.multi_init(); }
CURLMcode ccurl_multi_cleanup(CURLM *m) { return fn.multi_cleanup(m); }
CURLMcode ccurl_multi_add_handle(CURLM *m, CURL *h) { return fn.multi_add_handle(m, h); }
CURLMcode ccurl_multi_remove_handle(CURLM *m, CURL *h) { return fn.multi_remove_handle(m, h); }
CURLMcode ccurl_multi_perform(CURLM *m, int *running) { return fn.multi_perform(m, running); }
CURLMcode ccurl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *numfds) {
    return fn.multi_poll(m, extra, count, timeout_ms, numfds);
}
CURLMcode ccurl_multi_wakeup(CURLM *m) { return fn.multi_wakeup(m); }
CURLMsg *ccurl_multi_info_read(CURLM *m, int *left) { return fn.multi_info_read(m, left); }

CURLcode ccurl_easy_setopt_long(CURL *h, CURLoption o, long v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_offt(CURL *h, CURLoption o, curl_off_t v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_data_callback(CURL *h, CURLoption o, ccurl_data_callback v) { return fn.easy_setopt(h, o, v); }
CURLcode ccurl_easy_setopt_prereq_callback(CURL *h, curl_prereq_callback v) {
    return fn.easy_setopt(h, CURLOPT_PREREQFUNCTION, v);
}
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *h, ccurl_xferinfo_callback v) {
    return fn.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v);
}

CURLcode ccurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return fn.easy_getinfo(h, i, v); }
CURLcode ccurl_easy_getinfo_offt(CURL *h, CURLINFO i, curl_off_t *v) { return fn.easy_getinfo(h, i, v); }
CURLcode ccurl_easy_getinfo_socket(CURL *h, CURLINFO i, curl_socket_t *v) { return fn.easy_getinfo(h, i, v); }
CURLcode ccurl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return fn.easy_getinfo(h, i, v); }

CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return fn.multi_setopt(m, o, v); }
