/* A bare Lambda runtime loop in C over libcurl: the floor our bootstrap is compared with in
 * bench/runtime.sh. GET /next, answer "[]", repeat; no handler, no JSON. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char request_id[256];

static size_t on_header(char *line, size_t size, size_t count, void *unused) {
    size_t length = size * count;
    const char *name = "lambda-runtime-aws-request-id:";
    size_t name_length = strlen(name);
    (void)unused;
    if (length > name_length && strncasecmp(line, name, name_length) == 0) {
        size_t start = name_length, end = length;
        while (start < end && line[start] == ' ') start++;
        while (end > start && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ')) end--;
        if (end - start >= sizeof request_id) end = start + sizeof request_id - 1;
        memcpy(request_id, line + start, end - start);
        request_id[end - start] = 0;
    }
    return length;
}

static size_t discard(char *data, size_t size, size_t count, void *unused) {
    (void)data; (void)unused;
    return size * count;
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    char next_url[512], response_url[1024];
    snprintf(next_url, sizeof next_url, "http://%s/2018-06-01/runtime/invocation/next", api);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    for (;;) {
        request_id[0] = 0;
        curl_easy_setopt(curl, CURLOPT_URL, next_url);
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        if (curl_easy_perform(curl) != CURLE_OK || !request_id[0]) return 1;
        snprintf(response_url, sizeof response_url, "http://%s/2018-06-01/runtime/invocation/%s/response", api, request_id);
        curl_easy_setopt(curl, CURLOPT_URL, response_url);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "[]");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 2L);
        if (curl_easy_perform(curl) != CURLE_OK) return 1;
    }
}
