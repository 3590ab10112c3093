/* hex.h - one hex digit's value: what the query string's %XX and JSON's
 * \uXXXX escapes are read with.  Header only: it is three comparisons. */
#ifndef WSIS_HEX_H
#define WSIS_HEX_H

/* The value of hex digit c (either case), or -1. */
static inline int
wsis_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
