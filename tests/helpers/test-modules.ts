// Small kernel modules the VM tests load: one behaviour each (a failing init, an oops, a panic, a hang, …), small enough to read here.

export const TEST_MODULES: Record<string, string> = {
  // Init fails with -ENOMEM after logging at KERN_ERR; its parameters show in that line.
  failing: `#include <linux/module.h>
static int count = 1;
static char *who = "nobody";
module_param(count, int, 0444);
module_param(who, charp, 0444);
static int __init failing_init(void)
{
	pr_err("failing: count=%d who=%s\\n", count, who);
	return -ENOMEM;
}
static void __exit failing_exit(void) {}
module_init(failing_init);
module_exit(failing_exit);
MODULE_LICENSE("GPL");
`,
  oopsing: `#include <linux/module.h>
static int __init oopsing_init(void)
{
	pr_info("about to dereference NULL\\n");
	*(volatile int *)0 = 1;
	return 0;
}
module_init(oopsing_init);
MODULE_LICENSE("GPL");
`,
  // Larger than one piece of the payload (32 KiB) even without debug information: it arrives in several.
  bulky: `#include <linux/module.h>
static const unsigned char bulky_data[100000] = { [0] = 1, [49999] = 2, [99999] = 3 };
static int __init bulky_init(void)
{
	unsigned int i, sum = 0;
	for (i = 0; i < sizeof(bulky_data); i++)
		sum += bulky_data[i] * (i % 7 + 1);
	pr_info("bulky: sum=%u\\n", sum);
	return 0;
}
static void __exit bulky_exit(void) {}
module_init(bulky_init);
module_exit(bulky_exit);
MODULE_LICENSE("GPL");
`,
  hanging: `#include <linux/module.h>
#include <linux/delay.h>
static int __init hanging_init(void)
{
	pr_info("hanging\\n");
	for (;;)
		msleep(100);
	return 0;
}
module_init(hanging_init);
MODULE_LICENSE("GPL");
`,
  panicking: `#include <linux/module.h>
#include <linux/panic.h>
static int __init panicking_init(void)
{
	panic("kernelize test: a module that panics");
	return 0;
}
module_init(panicking_init);
MODULE_LICENSE("GPL");
`,
  // Prints more than the guest's kernel log ring holds (32768 short records) with preemption off, so
  // the guest's reader cannot run until it is done: the first records are overwritten unread. The
  // sleep before lets the reader take the load marker and the taint notices first.
  flooding: `#include <linux/module.h>
#include <linux/delay.h>
#include <linux/preempt.h>
static int __init flooding_init(void)
{
	int i;
	msleep(50);
	preempt_disable();
	for (i = 0; i < 60000; i++)
		pr_info("%d\\n", i);
	preempt_enable();
	return 0;
}
static void __exit flooding_exit(void) {}
module_init(flooding_init);
module_exit(flooding_exit);
MODULE_LICENSE("GPL");
`,
  // Spins without ever scheduling: the guest's own watchdog cannot run, so the host's clock ends it.
  spinning: `#include <linux/module.h>
static int __init spinning_init(void)
{
	pr_info("spinning\\n");
	for (;;)
		cpu_relax();
	return 0;
}
module_init(spinning_init);
MODULE_LICENSE("GPL");
`,
};
