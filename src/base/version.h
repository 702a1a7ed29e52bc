/* version.h — octavo's version, in one place: `octavo --version` prints
 * it and the PDF's colophon names it. The build may set OCTAVO_VERSION
 * (-DOCTAVO_VERSION=...) to override it. */
#ifndef OCTAVO_VERSION_H
#define OCTAVO_VERSION_H

#ifndef OCTAVO_VERSION
#define OCTAVO_VERSION "0.1.0"
#endif

#endif
