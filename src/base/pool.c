/* pool.c — starting the threads that run beside this one, and a pool of
 * them for independent items: the loader reads and parses lessons with
 * it, the EPUB deflates its files. Items are handed out one at a time
 * through an atomic counter, so a slow one never holds up the others,
 * and the calling thread works too. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "base/util.h"

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	size_t next; /* taken with an atomic add */
};

/* A new thread is started on another core than the one creating it.
 * Left to itself, Linux often queued it behind its busy creator while the
 * other core idled, and it first ran when a load balance pulled it over,
 * a millisecond or two later: the EPUB's thread of a two-format build of
 * the Rust course started 1.5 ms after it was made (median of 60 runs on
 * 2 cores), the page-drawing helpers as late, a tenth of the build. So
 * the thread is made with an affinity that leaves out this core, which
 * puts it on another at once, and then widens its affinity back to the
 * process's own: from there it goes wherever the scheduler sends it. */
struct start {
	void *(*fn)(void *);
	void *arg;
	cpu_set_t all; /* the process's affinity, to widen back to */
	int narrowed;
};

static void *start_run(void *arg)
{
	struct start s = *(struct start *)arg;
	free(arg);
	if (s.narrowed)
		sched_setaffinity(0, sizeof s.all, &s.all);
	return s.fn(s.arg);
}

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	struct start *s = malloc(sizeof *s);
	if (!s)
		return ENOMEM;
	s->fn = fn;
	s->arg = arg;
	s->narrowed = 0;
	pthread_attr_t at;
	int have_attr = pthread_attr_init(&at) == 0;
	int cpu = sched_getcpu();
	if (have_attr && cpu >= 0 && cpu < CPU_SETSIZE &&
	    sched_getaffinity(0, sizeof s->all, &s->all) == 0 && CPU_ISSET(cpu, &s->all) &&
	    CPU_COUNT(&s->all) > 1) {
		cpu_set_t other = s->all;
		CPU_CLR(cpu, &other);
		s->narrowed = pthread_attr_setaffinity_np(&at, sizeof other, &other) == 0;
	}
	int rc = pthread_create(t, s->narrowed ? &at : NULL, start_run, s);
	if (rc == EINVAL && s->narrowed) {
		/* the cores allowed changed under us (a cpuset): start it
		 * anywhere */
		s->narrowed = 0;
		rc = pthread_create(t, NULL, start_run, s);
	}
	if (have_attr)
		pthread_attr_destroy(&at);
	if (rc)
		free(s);
	return rc;
}

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
		if (thread_start(&t[i], pool_worker, &p))
			break;
		started++;
	}
	pool_worker(&p); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}
