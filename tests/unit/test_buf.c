/* test_buf.c — the buffer and diagnostics modules. */
#include <stdlib.h>

#include "base/buf.h"
#include "base/diag.h"
#include "unit.h"

int main(void)
{
	struct buf b = BUF_INIT;
	CHECK_STR("buf empty reads as empty string", buf_cstr(&b), "");
	buf_puts(&b, "a<b");
	buf_putc(&b, '&');
	buf_printf(&b, "%d", 42);
	CHECK_STR("buf appends", buf_cstr(&b), "a<b&42");
	struct buf x = BUF_INIT;
	buf_puts_xml(&x, buf_cstr(&b));
	CHECK_STR("buf xml escape", buf_cstr(&x), "a&lt;b&amp;42");
	char *s = buf_detach(&b);
	CHECK_STR("buf detach hands over", s, "a<b&42");
	CHECK("buf detach leaves empty", b.len == 0 && b.ptr == NULL);
	free(s);
	buf_free(&x);

	struct diags d = DIAGS_INIT, w = DIAGS_INIT;
	diag_add(&w, DIAG_WARNING, "a.md", 3, 1, "x");
	CHECK("diag warning exits 0", diag_exit_status(&w, 0) == 0);
	CHECK("diag warning strict exits 1", diag_exit_status(&w, 1) == 1);
	diag_add(&d, DIAG_ERROR, "b.md", 1, 2, "y %s", "z");
	diag_append(&d, &w);
	CHECK("diag append moves", d.n == 2 && w.n == 0 && d.warnings == 1);
	CHECK("diag error exits 1", diag_exit_status(&d, 0) == 1);
	diag_add(&d, DIAG_FATAL, NULL, 0, 0, "io");
	CHECK("diag fatal exits 2", diag_exit_status(&d, 0) == 2);
	diag_free(&d);
	diag_free(&w);
	return unit_done();
}
