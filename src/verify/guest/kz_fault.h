/* kz_fault.h: kernelize's fault-injection hooks, included before the port in its test build only. */
#ifndef KZ_FAULT_H
#define KZ_FAULT_H
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

void *kz_kmalloc(size_t size, gfp_t gfp, const char *file, int line);
void *kz_kzalloc(size_t size, gfp_t gfp, const char *file, int line);
void *kz_kcalloc(size_t n, size_t size, gfp_t gfp, const char *file, int line);
void *kz_kmalloc_array(size_t n, size_t size, gfp_t gfp, const char *file, int line);
void *kz_krealloc(const void *p, size_t size, gfp_t gfp, const char *file, int line);
void *kz_krealloc_array(void *p, size_t n, size_t size, gfp_t gfp, const char *file, int line);
char *kz_kstrdup(const char *s, gfp_t gfp, const char *file, int line);
char *kz_kstrndup(const char *s, size_t max, gfp_t gfp, const char *file, int line);
void *kz_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file, int line);
void *kz_kvmalloc(size_t size, gfp_t gfp, const char *file, int line);
void *kz_kvzalloc(size_t size, gfp_t gfp, const char *file, int line);
void *kz_kvcalloc(size_t n, size_t size, gfp_t gfp, const char *file, int line);
void *kz_kvmalloc_array(size_t n, size_t size, gfp_t gfp, const char *file, int line);
void kz_kfree(const void *p);
void kz_kvfree(const void *p);
void kz_fault_report(const char *stage, int rc);

#ifndef KZ_FAULT_IMPL
#define kmalloc(size, gfp) kz_kmalloc(size, gfp, __FILE__, __LINE__)
#define kzalloc(size, gfp) kz_kzalloc(size, gfp, __FILE__, __LINE__)
#define kcalloc(n, size, gfp) kz_kcalloc(n, size, gfp, __FILE__, __LINE__)
#define kmalloc_array(n, size, gfp) kz_kmalloc_array(n, size, gfp, __FILE__, __LINE__)
#define krealloc(p, size, gfp) kz_krealloc(p, size, gfp, __FILE__, __LINE__)
#define krealloc_array(p, n, size, gfp) kz_krealloc_array(p, n, size, gfp, __FILE__, __LINE__)
#define kstrdup(s, gfp) kz_kstrdup(s, gfp, __FILE__, __LINE__)
#define kstrndup(s, max, gfp) kz_kstrndup(s, max, gfp, __FILE__, __LINE__)
#define kmemdup(src, len, gfp) kz_kmemdup(src, len, gfp, __FILE__, __LINE__)
#define kvmalloc(size, gfp) kz_kvmalloc(size, gfp, __FILE__, __LINE__)
#define kvzalloc(size, gfp) kz_kvzalloc(size, gfp, __FILE__, __LINE__)
#define kvcalloc(n, size, gfp) kz_kvcalloc(n, size, gfp, __FILE__, __LINE__)
#define kvmalloc_array(n, size, gfp) kz_kvmalloc_array(n, size, gfp, __FILE__, __LINE__)
#define kfree(p) kz_kfree(p)
#define kvfree(p) kz_kvfree(p)

#undef module_init
#define module_init(fn)							\
	static int __init kz_fault_init(void)				\
	{								\
		int kz_rc = fn();					\
		if (kz_rc)						\
			kz_fault_report("init", kz_rc);			\
		return kz_rc;						\
	}								\
	int init_module(void) __copy(kz_fault_init)			\
		__attribute__((alias("kz_fault_init")));
#undef module_exit
#define module_exit(fn)							\
	static void __exit kz_fault_exit(void)				\
	{								\
		fn();							\
		kz_fault_report("exit", 0);				\
	}								\
	void cleanup_module(void) __copy(kz_fault_exit)		\
		__attribute__((alias("kz_fault_exit")));
#endif
#endif
