/*
 * kc_sniff.h -- what a file really is, from its first bytes (APR only).
 * Uploads are checked by content, never by extension or declared type.
 */
#ifndef KC_SNIFF_H
#define KC_SNIFF_H

#include <apr.h>

/* Bytes kc_sniff wants to see (it copes with fewer). */
#define KC_SNIFF_LEN 512

/* The media type of the data, or NULL when unknown. Recognised:
 * image/jpeg, image/png, image/gif, image/webp, image/svg+xml is NOT
 * recognised (scriptable), application/pdf, application/zip (and the OOXML /
 * ODF types when the zip's first entry names them: see kc_sniff.c),
 * audio/mpeg (ID3 or frame sync), audio/ogg, audio/wav, audio/flac,
 * video/mp4 (ftyp), video/webm (EBML), video/ogg, text/plain (valid UTF-8
 * without NUL and control characters other than tab/CR/LF). */
const char *kc_sniff(const unsigned char *data, apr_size_t len);

#endif
