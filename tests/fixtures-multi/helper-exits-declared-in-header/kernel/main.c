/* Counts made by a helper that exits on failure, after a check that exits too. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "check.h"

int helper_exits_declared_in_header_init(void)
{
	int ret = -EINVAL;
	int n = 4;

	ret = require_positive(n, "n");
	if (ret)
		goto out;

	int *counts = make_counts(n);
	ret = -ENOMEM;
	if (!counts)
		goto out;

	int *more = make_counts(n * 2);
	if (!more)
		goto out_free;

	pr_info("%d %d\n", counts[n - 1], more[2 * n - 1]);

	ret = 0;
	kvfree(more);
out_free:
	kvfree(counts);
out:
	return ret;
}

void helper_exits_declared_in_header_exit(void)
{
}

module_init(helper_exits_declared_in_header_init);
module_exit(helper_exits_declared_in_header_exit);

MODULE_LICENSE("GPL");
