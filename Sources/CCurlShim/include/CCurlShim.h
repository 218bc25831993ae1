#ifndef SEQUENCER_CCURLSHIM_H
#define SEQUENCER_CCURLSHIM_H
#include <curl/curl.h>

/* Typed wrappers for libcurl's variadic functions, which Swift cannot call. */
CURLcode sequencer_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode sequencer_curl_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value);
CURLcode sequencer_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode sequencer_curl_easy_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode sequencer_curl_easy_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode sequencer_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode sequencer_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
#endif
