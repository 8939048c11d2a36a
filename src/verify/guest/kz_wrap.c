/* kz_wrap.c: kernelize's allocation counter for the user's program (linked with -Wl,--wrap=...). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void *__real_reallocarray(void *, size_t, size_t);
char *__real_strdup(const char *);
char *__real_strndup(const char *, size_t);
void __real_free(void *);

static long kz_count;
static long kz_fail_at = -1;
static int kz_fd = -1;

/* Counts one call; returns 1 when this call is the one to fail. */
static int kz_next(const char *fn, void *caller)
{
	if (kz_fail_at < 0) {
		const char *at = getenv("KZ_FAIL_AT");
		const char *fd = getenv("KZ_SITES_FD");
		kz_fail_at = at ? atol(at) : 0;
		kz_fd = fd ? atoi(fd) : -1;
	}
	kz_count++;
	int fail = kz_fail_at > 0 && kz_count == kz_fail_at;
	if (kz_fd >= 0) {
		char line[96];
		int n = snprintf(line, sizeof line, "%ld %s %p %d\n", kz_count, fn, caller, fail);
		if (n > 0 && write(kz_fd, line, (size_t)n) < 0) {}
	}
	if (fail)
		errno = ENOMEM;
	return fail;
}

#define KZ_CALLER __builtin_extract_return_addr(__builtin_return_address(0))

void *__wrap_malloc(size_t n) { return kz_next("malloc", KZ_CALLER) ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t s) { return kz_next("calloc", KZ_CALLER) ? NULL : __real_calloc(n, s); }
void *__wrap_realloc(void *p, size_t n) { return kz_next("realloc", KZ_CALLER) ? NULL : __real_realloc(p, n); }
void *__wrap_reallocarray(void *p, size_t n, size_t s) { return kz_next("reallocarray", KZ_CALLER) ? NULL : __real_reallocarray(p, n, s); }
char *__wrap_strdup(const char *s) { return kz_next("strdup", KZ_CALLER) ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return kz_next("strndup", KZ_CALLER) ? NULL : __real_strndup(s, n); }
void __wrap_free(void *p) { __real_free(p); }

static void kz_redirect(const char *dir, const char *what, long k, int fd)
{
	char path[4096];
	int f;
	snprintf(path, sizeof path, "%s/%s-%ld", dir, what, k);
	f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (f >= 0 && f != fd) {
		dup2(f, fd);
		close(f);
	}
}

/*
 * KZ_FAIL_EACH="1 2 3" with KZ_RUN_DIR=DIR: this one process runs the program once per k, one
 * after the other, each in a forked child whose stdout, stderr and allocation reports go to
 * DIR/out-k, DIR/err-k and DIR/sites-k; DIR/status gets "k pid exit-status signal" for each. Under
 * valgrind that is one start-up for all of them, and each child's leaks are checked when it exits.
 * A child still running after KZ_RUN_TIMEOUT milliseconds is killed.
 *
 * It runs from .preinit_array, before every constructor of the program's (an
 * __attribute__((constructor)) function may allocate too): each child runs them
 * itself, counted from its first allocation, as the program starts. That is
 * before the C library has set environ, so the variables are read from envp.
 */
static const char *kz_env(char **envp, const char *name)
{
	size_t len = strlen(name);

	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return *envp + len + 1;
	return NULL;
}

static void kz_fail_each(int argc, char **argv, char **envp)
{
	const char *each = kz_env(envp, "KZ_FAIL_EACH"), *dir = kz_env(envp, "KZ_RUN_DIR"), *limit = kz_env(envp, "KZ_RUN_TIMEOUT");
	char path[4096];
	int status_fd;
	(void)argc;
	(void)argv;
	if (!each || !dir)
		return;
	snprintf(path, sizeof path, "%s/status", dir);
	status_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	for (const char *at = each; *at;) {
		char *end;
		long k = strtol(at, &end, 10), waited_ms = 0, limit_ms = limit ? atol(limit) : 30000;
		int st = 0;
		pid_t pid;
		if (end == at)
			break;
		for (at = end; *at == ' '; at++) {}
		pid = fork();
		if (pid == 0) {
			kz_redirect(dir, "out", k, 1);
			kz_redirect(dir, "err", k, 2);
			kz_redirect(dir, "sites", k, 3);
			kz_fail_at = k;
			kz_fd = 3;
			return; /* on to main() */
		}
		if (pid < 0)
			break;
		for (;;) {
			struct timespec tick = { 0, 2000000 };
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			if (waited_ms >= limit_ms) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				break;
			}
			nanosleep(&tick, NULL);
			waited_ms += 2;
		}
		if (status_fd >= 0)
			dprintf(status_fd, "%ld %d %d %d\n", k, (int)pid, WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	_exit(0);
}

__attribute__((section(".preinit_array"), used)) static void (*kz_fail_each_first)(int, char **, char **) = kz_fail_each;
