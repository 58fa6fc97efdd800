#ifndef SWIFT_DATA_API_CCURL_SHIM_H
#define SWIFT_DATA_API_CCURL_SHIM_H
#include <curl/curl.h>

/* libcurl is not linked: it is loaded at run time, the first time a transfer needs it
   (ccurl_load), so a process whose requests are all plain HTTP to an IP address or localhost
   never loads it and its thirty dependencies. It must be 7.85 or later. It loads
   libcurl.so.4 (libcurl.so), or the library the environment variable DATA_API_LIBCURL names.

   Every call the Swift code makes goes through these functions, which call libcurl's through
   pointers ccurl_load looked up. Calling any of them before ccurl_load succeeded is a bug
   (the pointers are null).

   curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot
   call; the typed wrappers below are the only way the Swift code reaches them. */

typedef size_t (*ccurl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

/* Loads libcurl and runs curl_global_init, once per process (later calls return the first
   call's result); blocks while it loads. 0 on success. */
int ccurl_load(void);
/* Whether ccurl_load has succeeded. */
int ccurl_is_loaded(void);
/* Why ccurl_load failed (the loader's message), or NULL. */
const char *ccurl_load_error(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *h);
void ccurl_easy_reset(CURL *h);
CURLcode ccurl_easy_perform(CURL *h);
CURLcode ccurl_easy_send(CURL *h, const void *buffer, size_t length, size_t *sent);
CURLcode ccurl_easy_recv(CURL *h, void *buffer, size_t length, size_t *received);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

CURLM *ccurl_multi_init(void);
CURLMcode ccurl_multi_cleanup(CURLM *m);
CURLMcode ccurl_multi_add_handle(CURLM *m, CURL *h);
CURLMcode ccurl_multi_remove_handle(CURLM *m, CURL *h);
CURLMcode ccurl_multi_perform(CURLM *m, int *running);
CURLMcode ccurl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *numfds);
CURLMcode ccurl_multi_wakeup(CURLM *m);
CURLMsg *ccurl_multi_info_read(CURLM *m, int *left);

CURLcode ccurl_easy_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ccurl_easy_setopt_offt(CURL *h, CURLoption o, curl_off_t v);
CURLcode ccurl_easy_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode ccurl_easy_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode ccurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode ccurl_easy_setopt_data_callback(CURL *h, CURLoption o, ccurl_data_callback v);
CURLcode ccurl_easy_setopt_prereq_callback(CURL *h, curl_prereq_callback v);
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *h, ccurl_xferinfo_callback v);

CURLcode ccurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v);
CURLcode ccurl_easy_getinfo_offt(CURL *h, CURLINFO i, curl_off_t *v);
CURLcode ccurl_easy_getinfo_socket(CURL *h, CURLINFO i, curl_socket_t *v);
CURLcode ccurl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v);

CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v);
#endif
