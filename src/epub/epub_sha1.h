/* epub_sha1.h — SHA-1, only to derive name-based (version 5) UUIDs so that a
 * book's identifier is the same on every rebuild. Not for security. */
#ifndef OCTAVO_EPUB_SHA1_H
#define OCTAVO_EPUB_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t h[5];
	uint64_t bytes;     /* message length so far */
	unsigned char block[64];
	size_t used;        /* bytes waiting in block */
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t n);
void sha1_final(struct sha1 *s, unsigned char digest[20]);

/* "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" (37 bytes with the NUL) for
 * `name` in the URL namespace of RFC 4122. */
void uuid_v5(const char *name, size_t n, char out[37]);

#endif
