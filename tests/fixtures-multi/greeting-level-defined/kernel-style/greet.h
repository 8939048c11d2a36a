/* SPDX-License-Identifier: GPL-2.0 */
/* Greetings, as loud as the build's GREETING_LEVEL asks. */
#ifndef GREET_H
#define GREET_H

int greet(const char *who);

#endif
