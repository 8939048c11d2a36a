/* kz_fault.c: kernelize's counted allocators for a port's test build. */
#define KZ_FAULT_IMPL
#include "kz_fault.h"
#include <linux/hashtable.h>

static int kz_fail_at;
module_param(kz_fail_at, int, 0);
MODULE_PARM_DESC(kz_fail_at, "fail the k-th of the program's allocations (0: none)");

/*
 * The allocation sites only the port has (a stack array moved to the heap): the lines of the
 * port each one spans, first to last. They are counted apart, so that kz_fail_at=k fails the
 * allocation the program makes k-th, and kz_fail_port_site=s fails the first call at site s.
 */
#define KZ_PORT_SITES 64
static int kz_port_first[KZ_PORT_SITES], kz_port_last[KZ_PORT_SITES];
static int kz_port_firsts, kz_port_lasts;
module_param_array_named(kz_port_first, kz_port_first, int, &kz_port_firsts, 0);
module_param_array_named(kz_port_last, kz_port_last, int, &kz_port_lasts, 0);
/* In a module of several objects, the file each site is in (its path in the module's directory). */
static char *kz_port_file[KZ_PORT_SITES];
static int kz_port_files;
module_param_array_named(kz_port_file, kz_port_file, charp, &kz_port_files, 0);
static int kz_fail_port_site;
module_param(kz_fail_port_site, int, 0);
MODULE_PARM_DESC(kz_fail_port_site, "fail the first allocation at the s-th of the port's own sites (0: none)");

/*
 * The ledger of live allocations: one entry a block, hashed by its address, so that it holds as
 * many blocks as the program keeps (a list of 20000 nodes) and finds each in a step or two.
 */
struct kz_entry {
	struct hlist_node node;
	const void *p;
	const char *file;
	int line;
	int n;
};
static DEFINE_HASHTABLE(kz_live, 12);
static int kz_count, kz_port_count;
static bool kz_port_failed;
static DEFINE_SPINLOCK(kz_lock);

/* Whether __FILE__ names the module's file `name`: it is that path, or ends in "/" and that path. */
static bool kz_is_file(const char *file, const char *name)
{
	size_t n = strlen(name), f = strlen(file);
	return f == n ? !strcmp(file, name) : f > n && file[f - n - 1] == '/' && !strcmp(file + f - n, name);
}

/* The port's own site (1-based) a call at file:line belongs to, or 0 for one of the program's. */
static int kz_port_site(const char *file, int line)
{
	int i;
	if (!kz_port_files && !strstr(file, "_port.c"))
		return 0;
	for (i = 0; i < kz_port_firsts && i < kz_port_lasts; i++) {
		if (kz_port_files && (i >= kz_port_files || !kz_is_file(file, kz_port_file[i])))
			continue;
		if (line >= kz_port_first[i] && line <= kz_port_last[i])
			return i + 1;
	}
	return 0;
}

/* Counts the call; *n is its number among the program's (> 0) or among the port's own (< 0). */
static bool kz_next(const char *fn, const char *file, int line, int *n)
{
	bool fail;
	int site = kz_port_site(file, line);
	spin_lock(&kz_lock);
	if (site) {
		*n = -++kz_port_count;
		fail = site == kz_fail_port_site && !kz_port_failed;
		if (fail)
			kz_port_failed = true;
	} else {
		*n = ++kz_count;
		fail = kz_fail_at > 0 && *n == kz_fail_at;
	}
	spin_unlock(&kz_lock);
	if (site)
		printk(KERN_DEBUG "KZ-FAULT: alloc port=%d at=%d fn=%s site=%s:%d fail=%d\n", -*n, site, fn, file, line, fail ? 1 : 0);
	else
		printk(KERN_DEBUG "KZ-FAULT: alloc n=%d fn=%s site=%s:%d fail=%d\n", *n, fn, file, line, fail ? 1 : 0);
	return fail;
}

static void kz_remember(const void *p, const char *file, int line, int n)
{
	struct kz_entry *e;
	/* kmalloc(0) gives ZERO_SIZE_PTR, which holds no memory (kfree() of it does nothing) */
	if (ZERO_OR_NULL_PTR(p))
		return;
	/* The real kmalloc(): this file's calls are not counted. GFP_ATOMIC: callers may hold locks. */
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e) {
		printk(KERN_DEBUG "KZ-FAULT: ledger-full\n");
		return;
	}
	e->p = p;
	e->file = file;
	e->line = line;
	e->n = n;
	spin_lock(&kz_lock);
	hash_add(kz_live, &e->node, (unsigned long)p);
	spin_unlock(&kz_lock);
}

static void kz_forget(const void *p)
{
	struct kz_entry *e, *found = NULL;
	if (ZERO_OR_NULL_PTR(p))
		return;
	spin_lock(&kz_lock);
	hash_for_each_possible(kz_live, e, node, (unsigned long)p) {
		if (e->p == p) {
			hash_del(&e->node);
			found = e;
			break;
		}
	}
	spin_unlock(&kz_lock);
	kfree(found);
}

#define KZ_COUNTED(fn, call)						\
	int n;								\
	void *p;							\
	if (kz_next(fn, file, line, &n))				\
		return NULL;						\
	p = (void *)(call);						\
	kz_remember(p, file, line, n);					\
	return p;

void *kz_kmalloc(size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kmalloc", kmalloc(size, gfp)) }
void *kz_kzalloc(size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kzalloc", kzalloc(size, gfp)) }
void *kz_kcalloc(size_t c, size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kcalloc", kcalloc(c, size, gfp)) }
void *kz_kmalloc_array(size_t c, size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kmalloc_array", kmalloc_array(c, size, gfp)) }
char *kz_kstrdup(const char *s, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kstrdup", kstrdup(s, gfp)) }
char *kz_kstrndup(const char *s, size_t max, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kstrndup", kstrndup(s, max, gfp)) }
void *kz_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kmemdup", kmemdup(src, len, gfp)) }
void *kz_kvmalloc(size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kvmalloc", kvmalloc(size, gfp)) }
void *kz_kvzalloc(size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kvzalloc", kvzalloc(size, gfp)) }
void *kz_kvcalloc(size_t c, size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kvcalloc", kvcalloc(c, size, gfp)) }
void *kz_kvmalloc_array(size_t c, size_t size, gfp_t gfp, const char *file, int line) { KZ_COUNTED("kvmalloc_array", kvmalloc_array(c, size, gfp)) }

/* A failed krealloc leaves the old block live; a moved one replaces it in the ledger. */
void *kz_krealloc(const void *old, size_t size, gfp_t gfp, const char *file, int line)
{
	int n;
	void *p;
	if (kz_next("krealloc", file, line, &n))
		return NULL;
	p = krealloc(old, size, gfp);
	if (p || size == 0)
		kz_forget(old);
	kz_remember(p, file, line, n);
	return p;
}

void *kz_krealloc_array(void *old, size_t c, size_t size, gfp_t gfp, const char *file, int line)
{
	int n;
	void *p;
	if (kz_next("krealloc_array", file, line, &n))
		return NULL;
	p = krealloc_array(old, c, size, gfp);
	if (p || c == 0 || size == 0)
		kz_forget(old);
	kz_remember(p, file, line, n);
	return p;
}

void kz_kfree(const void *p)
{
	kz_forget(p);
	kfree(p);
}

void kz_kvfree(const void *p)
{
	kz_forget(p);
	kvfree(p);
}

/* Everything still in the ledger after a failed init or after exit is a leak; the ledger goes with the report. */
void kz_fault_report(const char *stage, int rc)
{
	struct kz_entry *e;
	struct hlist_node *next;
	int bkt, live = 0;
	spin_lock(&kz_lock);
	hash_for_each_safe(kz_live, bkt, next, e, node) {
		live++;
		if (e->n < 0)
			printk(KERN_DEBUG "KZ-FAULT: live port=%d site=%s:%d\n", -e->n, e->file, e->line);
		else
			printk(KERN_DEBUG "KZ-FAULT: live n=%d site=%s:%d\n", e->n, e->file, e->line);
		hash_del(&e->node);
		kfree(e);
	}
	spin_unlock(&kz_lock);
	printk(KERN_DEBUG "KZ-FAULT: report stage=%s rc=%d allocs=%d live=%d\n", stage, rc, kz_count, live);
}
