/* pool.c — a pool of threads for independent items: the loader reads and
 * parses lessons with it, the EPUB deflates its files. Items are handed
 * out one at a time through an atomic counter, so a slow one never holds
 * up the others, and the calling thread works too. */
#include <pthread.h>
#include <stdlib.h>

#include "base/util.h"

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	size_t next; /* taken with an atomic add */
};

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
		if (i >= p->n)
			break;
		p->fn(p->ctx, i);
	}
	return NULL;
}

void run_parallel(int jobs, size_t n, void (*fn)(void *, size_t), void *ctx)
{
	jobs = jobs_or_cores(jobs);
	if ((size_t)jobs > n)
		jobs = (int)n;
	struct pool p = {fn, ctx, n, 0};
	if (jobs <= 1) {
		pool_worker(&p);
		return;
	}
	pthread_t *t = xcalloc((size_t)jobs, sizeof *t);
	int started = 0;
	for (int i = 0; i < jobs - 1; i++) {
		if (pthread_create(&t[i], NULL, pool_worker, &p))
			break;
		started++;
	}
	pool_worker(&p); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}
