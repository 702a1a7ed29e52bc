/* xmllib.c — libxml2 on first use (see xmllib.h). */
#include "base/xmllib.h"

#include <dlfcn.h>
#include <pthread.h>

/* libxml2's stable ABI name (the -dev package's .so is only a link) */
#define XMLLIB_SONAME "libxml2.so.2"

struct xmllib xl;
static pthread_once_t xl_once = PTHREAD_ONCE_INIT;

/* The handle stays open for the process, like a linked library's. */
static void xl_load(void)
{
	void *lib = dlopen(XMLLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return;
#define XMLLIB_SYM(f)                                                          \
	if (!(xl.f = (__typeof__(f) *)dlsym(lib, #f)))                         \
		return;
	XMLLIB_FUNCS(XMLLIB_SYM)
#undef XMLLIB_SYM
	void (*init)(void) = (void (*)(void))dlsym(lib, "xmlInitParser");
	xl.free_fn = (xmlFreeFunc *)dlsym(lib, "xmlFree");
	if (!init || !xl.free_fn)
		return;
	init();
	xl.ok = 1;
}

int xmllib_open(void)
{
	pthread_once(&xl_once, xl_load);
	return xl.ok;
}
