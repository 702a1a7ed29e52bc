/* main.c — the command line: parse arguments, run one command, map the
 * worst diagnostic to the exit status (0 built, 1 input errors, 2 usage or
 * I/O). Output files are written under a temporary name beside the target
 * and renamed into place only after the back end succeeded. */
#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "book/backend.h"
#include "book/book.h"
#include "base/buf.h"
#include "base/diag.h"
#include "cli/cli.h"
#include "base/util.h"
#include "base/version.h"
#include "base/zflate.h"

#ifndef OCTAVO_DATADIR
#define OCTAVO_DATADIR "/usr/local/share/octavo"
#endif

static const char usage_text[] =
    "usage: octavo build [COURSE] [-o FILE]... [--format pdf,epub] [--strict]\n"
    "                    [--style NAME|FILE] [--duplex] [--lang TAG] [--includes DIR]\n"
    "                    [--untagged] [-j N] [-q] [-v]\n"
    "       octavo check [COURSE] [--lang TAG] [--includes DIR] [-j N] [--strict] [-q]\n"
    "       octavo toc   [COURSE] [--json] [--includes DIR] [-j N]\n"
    "       octavo --help | --version\n";

static const char help_text[] =
    "octavo turns a folder of Markdown course lessons into a printable\n"
    "handbook (PDF) and an e-book (EPUB).\n"
    "\n"
    "Commands:\n"
    "  build   write the book. Without -o, each format asked for is written as\n"
    "          <course-slug>.pdf / <course-slug>.epub in the current folder.\n"
    "  check   load and validate the course; print every problem; write nothing.\n"
    "  toc     print the resolved reading order (sections, lessons, headings).\n"
    "\n"
    "COURSE is a course folder or a single lesson file (default: lessons/).\n"
    "The reading order comes from course.yml, else the `navigation` tree in\n"
    "the lessons' front matter, else the previous/next chain, else file names.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  output file; repeat for several. The extension (.pdf,\n"
    "                     .epub) picks the format.\n"
    "  --format LIST      pdf, epub or pdf,epub: what to write (default: both;\n"
    "                     with -o, only the files of these formats)\n"
    "  --style NAME|FILE  PDF theme: a name from styles/ (default, letter,\n"
    "                     compact) or a path to a theme .yml file\n"
    "  --duplex           PDF for two-sided printing: every lesson starts on a\n"
    "                     right-hand page (a blank page before it if needed),\n"
    "                     margins and running heads mirrored (theme: duplex)\n"
    "  --untagged         PDF without its structure tree (tagged PDF, PDF/UA-1):\n"
    "                     smaller and a little faster, but not accessible; for\n"
    "                     measuring what tagging costs\n"
    "  --lang TAG         book language, BCP 47 (default: front matter lang; en)\n"
    "  -j N, -jN          threads for loading, parsing and the PDF's layout and\n"
    "                     pages, 1-256 (default: cores; a book under 128 KB of\n"
    "                     Markdown is laid out on one); -j 1 also writes the PDF\n"
    "                     and the EPUB one after the other\n"
    "  --includes DIR     the Jekyll _includes folder {% include %} reads (default:\n"
    "                     course.yml/_config.yml includes:, else the _includes\n"
    "                     beside the nearest _config.yml at or above COURSE)\n"
    "  --strict           treat warnings as errors (exit 1)\n"
    "  --json             (toc) print JSON instead of an indented list\n"
    "  -q, --quiet        print errors only\n"
    "  -v, --verbose      say what is written, and how long each stage took\n"
    "  -h, --help         this text\n"
    "  --version          print the version\n"
    "\n"
    "Diagnostics are printed as  path:line:col: error|warning: message\n"
    "(each message explained: octavo(1), README.md section Diagnostics).\n"
    "Exit status: 0 built; 1 errors in the input (or warnings with --strict);\n"
    "2 usage or I/O errors.\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH (seconds since 1970) sets every date written\n"
    "into the output; without it dates come from the course, never the clock.\n"
    "OCTAVO_DATA_DIR names the folder holding fonts/ and styles/.\n"
    "OCTAVO_CACHE_DIR (else $XDG_CACHE_HOME/octavo, else ~/.cache/octavo) keeps\n"
    "the compiled hyphenation patterns and the PDF's font subsets between\n"
    "builds; set empty, no cache.\n";

enum command { CMD_NONE, CMD_BUILD, CMD_CHECK, CMD_TOC };
enum { FMT_PDF = 1, FMT_EPUB = 2 };

struct cli {
	enum command cmd;
	struct load_options load;
	struct build_options build;
	const char **outputs;
	size_t n_outputs, cap_outputs;
	int formats; /* FMT_* bits from --format */
	int json;
};

static int usage_error(const char *fmt, const char *arg)
{
	fputs("octavo: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	return 2;
}

static int parse_formats(const char *s, int *out)
{
	*out = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		if (n == 3 && !strncmp(s, "pdf", 3))
			*out |= FMT_PDF;
		else if (n == 4 && !strncmp(s, "epub", 4))
			*out |= FMT_EPUB;
		else
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return *out ? 0 : -1;
}

static int format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return 0;
	if (!strcasecmp(dot, ".pdf"))
		return FMT_PDF;
	if (!strcasecmp(dot, ".epub"))
		return FMT_EPUB;
	return 0;
}

/* Returns 0, or an exit status (2) after printing a usage error. */
/* An option that takes no value: 1 when a was one (and is now set). */
static int flag_option(const char *a, struct cli *c)
{
	if (!strcmp(a, "--strict"))
		c->load.strict = 1;
	else if (!strcmp(a, "--duplex"))
		c->build.duplex = 1;
	else if (!strcmp(a, "--untagged"))
		c->build.untagged = 1;
	else if (!strcmp(a, "--json"))
		c->json = 1;
	else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
		c->build.quiet = 1;
	else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
		c->build.verbose = 1;
	else
		return 0;
	return 1;
}

static int parse_args(int argc, char **argv, struct cli *c)
{
	const char *course = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = (i + 1 < argc) ? argv[i + 1] : NULL;
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (!val)
				return usage_error("%s needs a file name", a);
			c->outputs = xgrow(c->outputs, &c->cap_outputs,
					   c->n_outputs + 1, sizeof *c->outputs);
			c->outputs[c->n_outputs++] = val;
			i++;
		} else if (!strcmp(a, "--format")) {
			if (!val || parse_formats(val, &c->formats))
				return usage_error("--format takes pdf, epub or pdf,epub, not '%s'",
						   val ? val : "");
			i++;
		} else if (!strcmp(a, "--style")) {
			if (!val)
				return usage_error("%s needs a theme name or file", a);
			c->build.style = val;
			i++;
		} else if (!strcmp(a, "--lang")) {
			if (!val || !*val)
				return usage_error("%s needs a language tag", a);
			c->load.lang = val;
			i++;
		} else if (!strcmp(a, "-j") || !strncmp(a, "-j", 2)) {
			const char *n = a[2] ? a + 2 : val;
			char *end;
			if (!n)
				return usage_error("%s needs a number", a);
			long j = strtol(n, &end, 10);
			if (*end || j < 1 || j > 256)
				return usage_error("-j takes a number from 1 to 256, not '%s'", n);
			c->load.jobs = (int)j;
			if (!a[2])
				i++;
		} else if (!strcmp(a, "--includes")) {
			if (!val || !*val)
				return usage_error("%s needs a folder", a);
			c->load.includes = val;
			i++;
		} else if (flag_option(a, c)) {
			continue;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (c->cmd == CMD_NONE) {
			if (!strcmp(a, "build"))
				c->cmd = CMD_BUILD;
			else if (!strcmp(a, "check"))
				c->cmd = CMD_CHECK;
			else if (!strcmp(a, "toc"))
				c->cmd = CMD_TOC;
			else
				return usage_error("unknown command '%s'", a);
		} else if (!course) {
			course = a;
		} else {
			return usage_error("only one COURSE may be given; '%s' is extra", a);
		}
	}
	if (c->cmd == CMD_NONE)
		return usage_error("%s", "no command given");
	if (c->cmd != CMD_BUILD && (c->n_outputs || c->formats))
		return usage_error("%s", "-o and --format belong to 'octavo build'");
	if (c->cmd != CMD_BUILD && c->build.duplex)
		return usage_error("%s", "--duplex belongs to 'octavo build'");
	if (c->cmd != CMD_BUILD && c->build.untagged)
		return usage_error("%s", "--untagged belongs to 'octavo build'");
	c->load.course = course ? course : "lessons";
	return 0;
}

/* The folder that holds fonts/ and styles/: $OCTAVO_DATA_DIR, else the
 * source tree the binary was built in (build/octavo → ..), else the
 * installed data folder. */
static char *find_data_dir(void)
{
	const char *env = getenv("OCTAVO_DATA_DIR");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 2; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			struct buf probe = BUF_INIT;
			buf_printf(&probe, "%s/fonts/LiberationSerif-Regular.ttf", exe);
			int ok = access(buf_cstr(&probe), R_OK) == 0;
			buf_free(&probe);
			if (ok)
				return xstrdup(exe);
		}
	}
	return xstrdup(OCTAVO_DATADIR);
}

static time_t source_date_epoch(struct diags *d)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return (time_t)-1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL) {
		diag_add(d, DIAG_WARNING, NULL, 0, 0,
			 "SOURCE_DATE_EPOCH='%s' is not a number of seconds; ignored", s);
		return (time_t)-1;
	}
	return (time_t)v;
}

/* One file to write: its final name and the temporary name beside it,
 * and what its back end reported (kept apart per target so that targets
 * written at the same time still print in the order they were asked for). */
struct target {
	char *out;
	char *tmp;
	int fmt;
	int ran;         /* its back end was called */
	int rc;          /* what the back end returned */
	struct diags d;  /* what the back end reported */
};

/* Temporary files exist only while the back ends write; a SIGINT, SIGTERM
 * or SIGHUP then (Ctrl-C, a CI job cancelled, a closed terminal) must not
 * leave them behind. The handler only unlinks and re-raises, both
 * async-signal-safe; the names are published before the handler is armed
 * and withdrawn before they are freed. */
static char *const *volatile tmp_names;
static volatile sig_atomic_t tmp_count;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* exit() from anywhere while writing (out of memory is reported and
 * exits in base/util.c) must not leave the temporary files either. */
static void remove_tmp_at_exit(void)
{
	for (sig_atomic_t i = 0; i < tmp_count; i++)
		if (tmp_names[i])
			unlink(tmp_names[i]);
}

static void remove_tmp_and_die(int sig)
{
	remove_tmp_at_exit(); /* only unlink: async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Arm (n > 0) or disarm (n == 0) the clean-up. A signal the caller
 * ignores (nohup's SIGHUP) stays ignored; disarming restores what was. */
static void cleanup_on_signals(char *const *names, size_t n)
{
	static struct sigaction old[ARRAY_LEN(cleanup_signals)];
	static int armed[ARRAY_LEN(cleanup_signals)];
	if (!n) {
		for (size_t i = 0; i < ARRAY_LEN(cleanup_signals); i++)
			if (armed[i])
				sigaction(cleanup_signals[i], &old[i], NULL);
		memset(armed, 0, sizeof armed);
		tmp_count = 0;
		tmp_names = NULL;
		return;
	}
	static int at_exit;
	if (!at_exit)
		at_exit = atexit(remove_tmp_at_exit) == 0;
	tmp_names = names;
	tmp_count = (sig_atomic_t)n;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_tmp_and_die;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(cleanup_signals); i++) {
		if (sigaction(cleanup_signals[i], NULL, &old[i]) || old[i].sa_handler == SIG_IGN)
			continue;
		armed[i] = sigaction(cleanup_signals[i], &sa, NULL) == 0;
	}
}

/* The file an output name stands for: its folder resolved (so "d/x.pdf",
 * "./d/x.pdf" and "d/../d/x.pdf" agree) plus its own name. A folder that
 * does not exist yet resolves to the name as given. Caller frees. */
static char *output_identity(const char *out)
{
	char *a = xstrdup(out), *b = xstrdup(out);
	char *dir = realpath(dirname(a), NULL);
	struct buf id = BUF_INIT;
	if (dir)
		buf_printf(&id, "%s/%s", dir, basename(b));
	else
		buf_puts(&id, out);
	free(dir);
	free(a);
	free(b);
	return buf_detach(&id);
}

/* Two -o naming one file would make both back ends write one temporary
 * name and the second rename fail after the first replaced the old file:
 * refuse it as a usage error before anything is written. */
static int check_duplicate_outputs(const struct cli *c)
{
	char **id = xcalloc(c->n_outputs + 1, sizeof *id);
	int rc = 0;
	for (size_t i = 0; i < c->n_outputs && !rc; i++) {
		id[i] = output_identity(c->outputs[i]);
		for (size_t j = 0; j < i && !rc; j++)
			if (!strcmp(id[i], id[j]))
				rc = usage_error("'%s' is named by more than one -o; give each "
						 "output file once", c->outputs[i]);
	}
	for (size_t i = 0; i < c->n_outputs; i++)
		free(id[i]);
	free(id);
	return rc;
}

/* A back end reports I/O trouble under the name it wrote to, the
 * temporary one; the user asked for (and knows) the target's name. */
static void name_target_in_diags(struct target *t)
{
	for (size_t k = 0; k < t->d.n; k++) {
		if (t->d.v[k].path && !strcmp(t->d.v[k].path, t->tmp)) {
			free(t->d.v[k].path);
			t->d.v[k].path = xstrdup(t->out);
		}
	}
}

/* Check that `out` can be written: not a folder, and its folder exists.
 * Otherwise a missing folder would show up as the back end failing to open
 * its temporary file, under the temporary name. */
static int check_target(const char *out, struct diags *d)
{
	struct stat st;
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_FATAL, out, 0, 0, "is a folder, not a file name");
		return -1;
	}
	const char *slash = strrchr(out, '/');
	if (slash) {
		char *dir = xstrndup(out, slash > out ? (size_t)(slash - out) : 1);
		int missing = stat(dir, &st) != 0 || !S_ISDIR(st.st_mode);
		if (missing)
			diag_add(d, DIAG_FATAL, out, 0, 0, "cannot write: no folder %s", dir);
		free(dir);
		if (missing)
			return -1;
	}
	return 0;
}

/* The targets one thread writes: those of format `fmt`, or all (fmt 0). */
struct writer {
	const struct book *b;
	const struct build_options *bo;
	struct target *t;
	size_t n;
	int fmt;
	struct gate *gate; /* wait for it before writing, or NULL */
};

/* The EPUB thread starts writing once the PDF's set-up (two threads
 * already) is done, to fill the core the PDF's layout leaves idle:
 * lessons/ both formats, 40 runs under chrt -f 1, min 55.0 ms when the
 * EPUB starts at once, 52.6 ms behind the gate. */
struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int open;
};

static void gate_open(void *arg)
{
	struct gate *g = arg;
	pthread_mutex_lock(&g->mu);
	g->open = 1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

static void gate_wait(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

/* Write the writer's targets in order and stop at the first that fails,
 * as one sequential pass would: what comes after a failure is never used. */
static void *write_some(void *arg)
{
	struct writer *w = arg;
	/* the EPUB's thread loads libzip (and OpenSSL's libcrypto, which it
	 * brings: 1.7 ms) while it would wait: the Rust course's EPUB ends
	 * 0.4 ms sooner, the PDF's set-up no later */
	if (w->gate) {
		epub_preload();
		gate_wait(w->gate);
	}
	for (size_t i = 0; i < w->n; i++) {
		struct target *t = &w->t[i];
		if (w->fmt && t->fmt != w->fmt)
			continue;
		t->ran = 1;
		t->rc = t->fmt == FMT_PDF ? pdf_write(w->b, w->bo, t->tmp, &t->d)
					  : epub_write(w->b, w->bo, t->tmp, &t->d);
		if (t->rc)
			break;
	}
	return NULL;
}

/* Write every target all-or-nothing: each back end writes a temporary file
 * beside its target; only when all of them succeeded (and, under --strict,
 * nothing warned while writing) are they renamed into place. A failed
 * build therefore leaves no partial file and keeps every previous output.
 *
 * When both formats are asked for, the EPUB is written on a second thread
 * while this one writes the PDF: the book is read-only by then (book.h),
 * and each target reports into its own list. The lists are then taken in
 * target order up to the first failure, which is exactly what the
 * sequential pass (-j 1) prints, so stderr never depends on timing. */
static int write_targets(const struct book *b, const struct build_options *bo,
			 int strict, int jobs, struct target *t, size_t n, struct diags *d)
{
	int rc = 0, fmts = 0;
	size_t written = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (check_target(t[i].out, d))
			rc = -1;
	char **names = xcalloc(n + 1, sizeof *names);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct buf tmp = BUF_INIT;
		buf_printf(&tmp, "%s.tmp-%ld", t[i].out, (long)getpid());
		t[i].tmp = names[i] = buf_detach(&tmp);
		fmts |= t[i].fmt;
	}
	if (rc == 0)
		cleanup_on_signals(names, n);
	if (rc == 0) {
		struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
		struct build_options pbo = *bo;
		pbo.pdf_setup_done = gate_open;
		pbo.pdf_setup_arg = &g;
		struct writer all = {b, bo, t, n, 0, NULL};
		/* beside the PDF, the EPUB zips its files on one thread less
		 * (its own alone on 2 cores): the one it leaves is the core the
		 * PDF lays out on */
		struct build_options ebo = *bo;
		int cores = jobs_or_cores(bo->jobs);
		ebo.jobs = cores > 1 ? cores - 1 : 1;
		struct writer pdf = {b, &pbo, t, n, FMT_PDF, NULL}, epub = {b, &ebo, t, n, FMT_EPUB, &g};
		pthread_t th;
		int threaded = 0;
		if (fmts == (FMT_PDF | FMT_EPUB) && jobs != 1) {
			threaded = thread_start(&th, write_some, &epub) == 0;
		}
		if (threaded) {
			write_some(&pdf);
			gate_open(&g); /* the PDF may have failed before its set-up ended */
			pthread_join(th, NULL);
		} else {
			write_some(&all);
		}
		for (size_t i = 0; i < n && rc == 0; i++) {
			name_target_in_diags(&t[i]);
			diag_append(d, &t[i].d);
			rc = t[i].rc;
			written = i + 1;
		}
	}
	if (rc == 0 && strict && d->warnings)
		rc = -1; /* the warnings themselves make the exit status 1 */
	for (size_t i = 0; i < n; i++) {
		if (i < written && rc == 0 && rename(t[i].tmp, t[i].out) != 0) {
			diag_add(d, DIAG_FATAL, t[i].out, 0, 0, "cannot write: %s",
				 strerror(errno));
			rc = -1;
		}
		if (t[i].ran && (rc != 0 || i >= written))
			unlink(t[i].tmp);
		else if (i < written && bo->verbose)
			fprintf(stderr, "octavo: wrote %s\n", t[i].out);
		diag_free(&t[i].d); /* reports after a failure are dropped */
	}
	cleanup_on_signals(NULL, 0);
	free(names);
	return rc;
}

/* Every -o of a build names a format, and no file twice. */
static int check_outputs(struct cli *c)
{
	if (c->cmd != CMD_BUILD)
		return 0;
	for (size_t i = 0; i < c->n_outputs; i++)
		if (!format_of(c->outputs[i]))
			return usage_error("cannot tell the format of '%s': name it .pdf or .epub",
					   c->outputs[i]);
	return check_duplicate_outputs(c);
}

/* Whether the build writes a PDF: --format lets it through, and with
 * -o an output names one (run_build's choice). */
static int wants_pdf(const struct cli *c)
{
	if (c->formats && !(c->formats & FMT_PDF))
		return 0;
	for (size_t i = 0; i < c->n_outputs; i++)
		if (format_of(c->outputs[i]) == FMT_PDF)
			return 1;
	return c->n_outputs == 0;
}

static int run_build(struct cli *c, struct book *b, struct diags *d)
{
	struct target *t = xcalloc(c->n_outputs + 2, sizeof *t);
	size_t n = 0;
	if (c->n_outputs == 0) {
		int fm = c->formats ? c->formats : (FMT_PDF | FMT_EPUB);
		static const char *ext[] = {NULL, "pdf", "epub"};
		for (int f = FMT_PDF; f <= FMT_EPUB; f <<= 1) {
			if (!(fm & f))
				continue;
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s.%s", b->slug, ext[f]);
			t[n].out = buf_detach(&name);
			t[n++].fmt = f;
		}
	}
	for (size_t i = 0; i < c->n_outputs; i++) {
		int f = format_of(c->outputs[i]);
		if (c->formats && !(c->formats & f))
			continue;
		t[n].out = xstrdup(c->outputs[i]);
		t[n++].fmt = f;
	}
	c->build.jobs = c->load.jobs; /* -j: the PDF's layout threads too */
	int rc = write_targets(b, &c->build, c->load.strict, c->load.jobs, t, n, d);
	for (size_t i = 0; i < n; i++) {
		free(t[i].out);
		free(t[i].tmp);
	}
	free(t);
	return rc;
}

/* Every diagnostic; with -q errors only (under --strict warnings are
 * errors, so they stay). */
static void print_diags(const struct cli *c, const struct diags *d)
{
	if (!c->build.quiet || c->load.strict) {
		diag_print(d);
		return;
	}
	struct diags errs = DIAGS_INIT;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev != DIAG_WARNING)
			diag_add(&errs, d->v[i].sev, d->v[i].path, d->v[i].line, d->v[i].col, "%s",
				 d->v[i].msg);
	diag_print(&errs);
	diag_free(&errs);
}

int main(int argc, char **argv)
{
	struct cli c;
	memset(&c, 0, sizeof c);
	c.build.source_date = (time_t)-1;
	malloc_setup(); /* before the first allocation: see util.h */
	/* Every date octavo writes is UTC (SOURCE_DATE_EPOCH or the
	 * course's), but libzip takes a zip entry's DOS time through mktime
	 * and back through localtime, so in the local zone: with
	 * SOURCE_DATE_EPOCH in the hour a clock skips (2:30 on a spring-
	 * forward day in Berlin), the EPUB's entries said 3:30 there and 2:30
	 * elsewhere, and the same book made different bytes on two machines.
	 * In UTC the round trip is exact. Set while there is one thread; it
	 * also spares a stat of /etc/localtime at each of libzip's mktime
	 * calls (glibc checks the file each time TZ is unset). */
	setenv("TZ", "UTC0", 1);
	tzset();
	zflate_init(); /* while there is one thread: see zflate.h */
	const char *fae = getenv("OCTAVO_FREE_AT_EXIT");
	free_at_exit = fae && *fae && strcmp(fae, "0");

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			fputc('\n', stdout);
			fputs(help_text, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("octavo %s\n", OCTAVO_VERSION);
			return 0;
		}
	}
	int rc = parse_args(argc, argv, &c);
	if (rc == 0)
		rc = check_outputs(&c);
	if (rc) {
		free(c.outputs);
		return rc;
	}

	struct diags d = DIAGS_INIT;
	char *data_dir = find_data_dir();
	c.build.data_dir = data_dir;
	c.build.source_date = source_date_epoch(&d);

	/* the PDF's hyphenation patterns are read while the course loads
	 * (not under -j 1, which does one thing at a time) */
	if (c.cmd == CMD_BUILD && c.load.jobs != 1 && wants_pdf(&c))
		c.build.prefetch = pdf_prefetch_start(c.load.lang);
	struct book *b = book_load(&c.load, &d);
	if (b && c.build.verbose) {
		if (b->includes)
			fprintf(stderr, "octavo: includes folder %s (%s)\n", b->includes,
				b->includes_how);
		else if (b->includes_how)
			fprintf(stderr, "octavo: %s\n", b->includes_how);
	}
	if (b) {
		if (c.cmd == CMD_TOC)
			toc_print(b, c.json, stdout);
		else if (c.cmd == CMD_BUILD && !(c.load.strict && d.warnings))
			run_build(&c, b, &d);
	}
	pdf_prefetch_free(c.build.prefetch);
	print_diags(&c, &d);
	rc = diag_exit_status(&d, c.load.strict);
	if (rc == 0 && !b)
		rc = 1;
	if (free_at_exit)
		book_free(b);
	diag_free(&d);
	free(data_dir);
	free(c.outputs);
	zflate_done();
	return rc;
}
