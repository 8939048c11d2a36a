/* SPDX-License-Identifier: GPL-2.0 */
/* Small string helpers. */
#ifndef STRUTIL_H
#define STRUTIL_H

char *dup_upper(const char *s);

#endif
