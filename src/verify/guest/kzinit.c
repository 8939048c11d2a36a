// kzinit: kernelize's guest init (PID 1). It reports on the second serial port (ttyS1), receives
// the module there, loads it with exactly one finit_module() call, unloads it with one
// delete_module() call, reads the kernel log from /dev/kmsg while they run, sends it and the printk
// trace, and powers off.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define TRACE "/sys/kernel/tracing"
/* The longest record /dev/kmsg returns (the kernel's CONSOLE_EXT_LOG_MAX): a shorter read buffer gets EINVAL. */
#define KMSG_RECORD_MAX 8192
/* How long the guest waits for its module: the host stops its clock meanwhile (a build is running). */
#define PAYLOAD_WAIT_MS (900 * 1000)
/* Once the module is coming, a pause this long means bytes were lost. */
#define PIECE_WAIT_MS (20 * 1000)

static int port = -1;
static int tracing;
static double deadline;
/* SIGCHLD as a file descriptor: the wait for the loader also watches the kernel log. */
static int child_exits = -1;

/*
 * Memory the host reads too (QEMU's ivshmem-plain device, its BAR 2 mapped through sysfs): a log
 * goes there at memory speed, where the serial line takes over 10 us a byte under TCG. Each dump
 * is appended after the last, so the host can read one while the next is written.
 */
static struct {
	char *p;
	size_t size, used;
} shared;

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(port, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

/* One report line, KZ:..., in one write: the console on ttyS0 never splits it. */
static void say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line + 3, sizeof line - 4, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 5)
		n = (int)sizeof line - 5;
	memcpy(line, "KZ:", 3);
	line[3 + n] = '\n';
	put(line, (size_t)n + 4);
}

/* A record in the kernel log (facility user): marks the module's window, flushes a held-back line. */
static void mark(const char *text)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0) {}
		close(fd);
	}
}

/* A buffer that grows; what is dumped goes out in one write. */
struct out {
	char *p;
	size_t n, cap;
};

/* Room for N more bytes; 0 when memory ran out (the caller counts what it could not keep). */
static int out_room(struct out *o, size_t n)
{
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 65536;
		while (cap < o->n + n)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p)
			return 0;
		o->p = p;
		o->cap = cap;
	}
	return 1;
}

static void out_add(struct out *o, const char *s, size_t n)
{
	if (!out_room(o, n))
		return;
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

/*
 * The kernel log, read from /dev/kmsg record by record ("prio,seq,time,flags;text", the text with
 * \xNN escapes) while the loader's system call runs (see step()): the kernel's ring is small, and
 * a module that prints more than it holds overwrites its first lines before a single read at the
 * end could see them. A record overwritten before it was read anyway shows as a gap in the
 * sequence numbers, and is counted as lost rather than silently missing.
 */
static struct {
	int fd;
	/* Records are kept from klog_keep() to klog_send(); outside that window they are read and dropped. */
	int keeping;
	int seq_known;
	unsigned long long next_seq;
	struct out records;
	unsigned long kept, lost;
} klog = { .fd = -1 };

/* Reads every record there is now, without waiting. */
static void klog_read(void)
{
	char rec[KMSG_RECORD_MAX + 1];

	if (klog.fd < 0)
		return;
	for (;;) {
		ssize_t r = read(klog.fd, rec, sizeof rec - 1);
		/* EPIPE: the next record was overwritten; the reader moves on to the oldest one left, and the gap counts the loss. */
		if (r < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (r <= 0)
			return;
		rec[r] = '\0';
		char *comma = strchr(rec, ',');
		if (!comma)
			continue;
		unsigned long long seq = strtoull(comma + 1, NULL, 10);
		if (klog.keeping && klog.seq_known && seq > klog.next_seq)
			klog.lost += seq - klog.next_seq;
		klog.seq_known = 1;
		klog.next_seq = seq + 1;
		if (!klog.keeping)
			continue;
		/* The record's first line; the lines after it are the device's properties (SUBSYSTEM=...). */
		size_t len = strcspn(rec, "\n");
		if (!out_room(&klog.records, len + 6)) {
			klog.lost++;
			continue;
		}
		out_add(&klog.records, "KZ:M ", 5);
		out_add(&klog.records, rec, len);
		out_add(&klog.records, "\n", 1);
		klog.kept++;
	}
}

/* From now on records are kept: what the kernel logged before is read and dropped. */
static void klog_keep(void)
{
	if (klog.keeping)
		return;
	klog_read();
	klog.keeping = 1;
}

/* Each line of text[0..n) but the trace's # comments, as "KZ:T line". */
static void add_trace_lines(struct out *o, const char *text, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && text[end] != '\n')
			end++;
		if (text[i] != '#') {
			out_add(o, "KZ:T ", 5);
			out_add(o, text + i, end - i);
			out_add(o, "\n", 1);
		}
		i = end + 1;
	}
}

/*
 * Sends the records kept since klog_keep() (KZ:M), then the printk trace's events (KZ:T), then
 * KZ:LOG with how many records were sent and how many were lost, so the host can tell a report
 * that lost lines on the way from a log that did. With CLEAR the trace is emptied: the next
 * scenario's report holds its own events only.
 */
static void dump(int clear)
{
	struct out o = { 0 };
	klog_read();
	if (tracing) {
		int fd = open(TRACE "/trace", O_RDONLY | O_CLOEXEC);
		struct out t = { 0 };
		char chunk[65536];
		ssize_t r;
		while (fd >= 0 && (r = read(fd, chunk, sizeof chunk)) > 0)
			out_add(&t, chunk, (size_t)r);
		if (fd >= 0)
			close(fd);
		add_trace_lines(&o, t.p, t.n);
		free(t.p);
		if (clear) {
			fd = open(TRACE "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);
			if (fd >= 0)
				close(fd);
		}
	}
	size_t n = klog.records.n + o.n;
	char where[64] = "";
	if (shared.p && n > 0 && shared.size - shared.used >= n) {
		memcpy(shared.p + shared.used, klog.records.p, klog.records.n);
		memcpy(shared.p + shared.used + klog.records.n, o.p, o.n);
		snprintf(where, sizeof where, " at=%zu bytes=%zu", shared.used, n);
		shared.used += n;
	} else {
		put(klog.records.p, klog.records.n);
		put(o.p, o.n);
	}
	free(o.p);
	say("LOG records=%lu lost=%lu%s%s", klog.kept, klog.lost, where, klog.fd < 0 ? " unreadable" : "");
	free(klog.records.p);
	klog.records = (struct out){ 0 };
	klog.kept = klog.lost = 0;
	klog.keeping = 0;
}

/* Whether the first line of a small sysfs file is TEXT. */
static int sysfs_is(const char *path, const char *text)
{
	char line[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r = fd >= 0 ? read(fd, line, sizeof line - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (r <= 0)
		return 0;
	line[r] = '\0';
	line[strcspn(line, "\n")] = '\0';
	return strcmp(line, text) == 0;
}

/* Maps the host's shared memory, when QEMU has the device (vendor 1af4, device 1110); else the log goes on the serial line. */
static void shared_map(void)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	char path[512];

	while (dir && !shared.p && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/vendor", e->d_name);
		if (!sysfs_is(path, "0x1af4"))
			continue;
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/device", e->d_name);
		if (!sysfs_is(path, "0x1110"))
			continue;
		/* No driver claims the device: enabling it turns on its memory decoding. */
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/enable", e->d_name);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, "1", 1) < 0) {}
			close(fd);
		}
		/* Write-combined where the kernel offers it (a prefetchable BAR): under KVM an uncached copy is slow. */
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/resource2_wc", e->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/resource2", e->d_name);
			fd = open(path, O_RDWR | O_CLOEXEC);
		}
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
			void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (p != MAP_FAILED) {
				shared.p = p;
				shared.size = (size_t)st.st_size;
			}
		}
		if (fd >= 0)
			close(fd);
	}
	if (dir)
		closedir(dir);
}

/* A power-off throws away what the serial port has not sent yet: the host acknowledges DONE first (3 s at most). */
static void finish(void)
{
	struct pollfd p = { .fd = port, .events = POLLIN };
	char ack[16];
	say("DONE");
	if (poll(&p, 1, 3000) > 0 && read(port, ack, sizeof ack) < 0) {}
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static int wait_readable(int ms)
{
	struct pollfd p = { .fd = port, .events = POLLIN };
	int r;
	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	return r > 0;
}

static uint32_t crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

struct payload {
	char *name, *params, *scenarios, *budget, *more;
	char *module;
	size_t module_size;
};

static void payload_free(struct payload *pl)
{
	free(pl->name);
	free(pl->params);
	free(pl->scenarios);
	free(pl->budget);
	free(pl->more);
	free(pl->module);
	memset(pl, 0, sizeof *pl);
}

/*
 * The module from the host, asked for with READY: "KZ-PAYLOAD SIZE CRC32 PIECE\n", then SIZE
 * bytes, a piece of at most PIECE bytes after each MORE (a serial line has no flow control from
 * end to end: a reader that falls behind loses bytes). The bytes are sections "KEY LENGTH\n" and LENGTH bytes each: name,
 * budget, params, scenarios, module.
 */
static int receive(struct payload *pl, size_t *got)
{
	char header[128];
	size_t hn = 0, size, piece;
	unsigned long crc;
	char *body;

	if (!wait_readable(PAYLOAD_WAIT_MS))
		return -1;
	while (hn < sizeof header - 1) {
		if (!wait_readable(PIECE_WAIT_MS) || read(port, header + hn, 1) != 1)
			return -1;
		if (header[hn] == '\n')
			break;
		hn++;
	}
	header[hn] = '\0';
	if (sscanf(header, "KZ-PAYLOAD %zu %lx %zu", &size, &crc, &piece) != 3 || piece == 0)
		return -1;
	body = malloc(size + 1);
	if (!body)
		return -1;
	while (*got < size) {
		size_t end = *got + piece < size ? *got + piece : size;
		while (*got < end) {
			ssize_t r;
			if (!wait_readable(PIECE_WAIT_MS))
				return -1;
			r = read(port, body + *got, end - *got);
			if (r <= 0)
				return -1;
			*got += (size_t)r;
		}
		if (*got < size)
			say("MORE");
	}
	if (crc32((unsigned char *)body, size) != (uint32_t)crc) {
		say("PAYLOAD-BAD crc32=%08x", crc32((unsigned char *)body, size));
		return -2;
	}
	for (size_t at = 0; at < size;) {
		char key[32];
		size_t length;
		/* The header line alone: a scanf "\n" would also swallow a value's leading blanks. */
		char *nl = memchr(body + at, '\n', size - at);
		if (!nl)
			return -1;
		*nl = '\0';
		if (sscanf(body + at, "%31s %zu", key, &length) != 2 || (size_t)(nl + 1 - body) + length > size)
			return -1;
		at = (size_t)(nl + 1 - body);
		char *value = malloc(length + 1);
		if (!value)
			return -1;
		memcpy(value, body + at, length);
		value[length] = '\0';
		at += length;
		if (strcmp(key, "name") == 0)
			pl->name = value;
		else if (strcmp(key, "params") == 0)
			pl->params = value;
		else if (strcmp(key, "scenarios") == 0)
			pl->scenarios = value;
		else if (strcmp(key, "budget") == 0)
			pl->budget = value;
		else if (strcmp(key, "more") == 0)
			pl->more = value;
		else if (strcmp(key, "module") == 0) {
			pl->module = value;
			pl->module_size = length;
		} else
			free(value);
	}
	free(body);
	return pl->name && pl->module && pl->budget ? 0 : -1;
}

static void report(const char *stage, long rc, int err, long long us)
{
	if (rc == 0)
		say("%s rc=0 us=%lld", stage, us);
	else
		say("%s rc=%ld errno=%d us=%lld msg=%s", stage, rc, err, us, strerror(err));
}

/*
 * One finit_module() (or delete_module()) call in a child process: an oops in the module's init
 * kills the task that called it, and that must not be init. The parent waits for it until the
 * deadline; a call that does not return by then is a hang. Returns 0 (the call succeeded), 1 (it
 * failed), 128+signal (the child was killed), or -1 (a hang).
 */
/* When the call under way started: a hang says how long it had run when the deadline came. */
static double step_started;

static int step(int load, const char *arg)
{
	pid_t pid;
	int status;

	step_started = clock_s(CLOCK_MONOTONIC);

	klog_keep();
	pid = fork();
	if (pid < 0) {
		say("%s-DIED status=%d", load ? "LOAD" : "UNLOAD", 255);
		return 255;
	}
	if (pid == 0) {
		long rc;
		int err;
		double t;
		prctl(PR_SET_NAME, "kzload");
		if (load) {
			int fd = open("/kz/module.ko", O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				report("LOAD", -1, errno, 0);
				_exit(1);
			}
			say("LOAD-START pid=%d", (int)getpid());
			mark("KZ:LOAD-BEGIN\n");
			t = clock_s(CLOCK_MONOTONIC);
			rc = syscall(SYS_finit_module, fd, arg, 0);
			err = errno;
			t = clock_s(CLOCK_MONOTONIC) - t;
			mark("KZ:LOAD-END\n");
			report("LOAD", rc, err, (long long)(t * 1e6));
		} else {
			say("UNLOAD-START pid=%d", (int)getpid());
			mark("KZ:UNLOAD-BEGIN\n");
			t = clock_s(CLOCK_MONOTONIC);
			rc = syscall(SYS_delete_module, arg, O_NONBLOCK);
			err = errno;
			t = clock_s(CLOCK_MONOTONIC) - t;
			mark("KZ:UNLOAD-END\n");
			report("UNLOAD", rc, err, (long long)(t * 1e6));
		}
		_exit(rc == 0 ? 0 : 1);
	}
	/*
	 * The log is read while the call runs. On one CPU that works because the kernel command line
	 * has preempt=full and this reader runs at a real-time priority (see main()): a module printing
	 * in a loop is preempted when the kernel wakes the reader (at the next tick), which then reads
	 * every record there is before the module goes on.
	 */
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			klog_read();
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		double left = deadline - clock_s(CLOCK_MONOTONIC);
		if (left <= 0)
			return -1;
		struct pollfd p[2] = { { .fd = klog.fd, .events = POLLIN }, { .fd = child_exits, .events = POLLIN } };
		/* Without the signal descriptor the wait checks on the child every 10 ms. */
		int ms = child_exits < 0 && left > 0.01 ? 10 : (int)(left * 1000) + 1;
		if (poll(p, 2, ms) > 0) {
			if (p[0].revents)
				klog_read();
			if (p[1].revents) {
				struct signalfd_siginfo si;
				while (read(child_exits, &si, sizeof si) > 0) {}
			}
		}
	}
}

static void hang(int load)
{
	say("HANG stage=%s ran=%.1f", load ? "load" : "unload", clock_s(CLOCK_MONOTONIC) - step_started);
	dump(0);
	finish();
}

/* Load, and unload when the load succeeded. Returns 1 when the module's state is unknown afterwards. */
static int load_unload(const char *name, const char *params)
{
	int status = step(1, params);
	if (status < 0)
		hang(1);
	if (status == 0) {
		status = step(0, name);
		if (status < 0)
			hang(0);
		if (status > 1)
			say("UNLOAD-DIED status=%d", status);
		return status != 0;
	}
	if (status > 1) {
		say("LOAD-DIED status=%d", status);
		return 1;
	}
	return 0;
}

int main(void)
{
	struct payload pl = { 0 };
	struct termios tio;
	sigset_t chld;
	size_t got = 0;
	int r;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	child_exits = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	/* Read from now on, so that the sequence number of the next record is always known. */
	klog.fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	klog_read();
	/*
	 * Reading a record costs about five times what printing one does under TCG: with a fair share
	 * of the CPU the reader would fall behind a module that prints in a loop. It takes precedence
	 * instead; its children (the loaders) go back to the normal policy.
	 */
	struct sched_param rt = { .sched_priority = 1 };
	sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &rt);
	port = open("/dev/ttyS1", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (port < 0) {
		reboot(RB_POWER_OFF);
		return 1;
	}
	if (tcgetattr(port, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cc[VMIN] = 1;
		tio.c_cc[VTIME] = 0;
		/* The UART's receive timeout (for the last bytes of a burst) is four characters long. */
		cfsetspeed(&tio, B115200);
		tcsetattr(port, TCSANOW, &tio);
	}
	/* An interrupt every 14 received bytes rather than every 8: the module arrives sooner. */
	int trig = open("/sys/class/tty/ttyS1/rx_trig_bytes", O_WRONLY | O_CLOEXEC);
	if (trig >= 0) {
		if (write(trig, "14", 2) < 0) {}
		close(trig);
	}
	shared_map();
	say("BOOT uptime=%.2f shared=%zu", clock_s(CLOCK_BOOTTIME), shared.size);
	/* The module is asked for first: the printk trace is set up while its bytes arrive. */
	say("READY");
	/*
	 * The trace says which task printed a record; the loader's own records (the module's init and
	 * exit) are most of the log and are left out, so the trace holds only the few lines other
	 * tasks printed meanwhile, however much the module prints. Without the filter, no trace.
	 */
	if (mount("tracefs", TRACE, "tracefs", 0, NULL) == 0) {
		static const char others[] = "comm != \"kzload\"";
		int fd = open(TRACE "/events/printk/console/filter", O_WRONLY | O_CLOEXEC);
		int filtered = fd >= 0 && write(fd, others, sizeof others - 1) == (ssize_t)(sizeof others - 1);
		if (fd >= 0)
			close(fd);
		fd = filtered ? open(TRACE "/events/printk/console/enable", O_WRONLY | O_CLOEXEC) : -1;
		if (fd >= 0) {
			tracing = write(fd, "1", 1) == 1;
			close(fd);
		}
	}
	say("TRACE on=%d", tracing);

	/*
	 * One module, or with "more" (a batch: kernelize run/check on several programs) one module
	 * after another in the same boot: each ends with MODULE-END and a new READY. A module whose
	 * state is unknown afterwards (its loader died, its unload failed) or that hangs ends the
	 * boot instead; the host boots a fresh guest for the rest.
	 */
	for (;;) {
		got = 0;
		r = receive(&pl, &got);
		if (r == 0) {
			int fd = open("/kz/module.ko", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (fd < 0 || write(fd, pl.module, pl.module_size) != (ssize_t)pl.module_size)
				r = -1;
			if (fd >= 0)
				close(fd);
		}
		if (r != 0) {
			if (r == -1)
				say("PAYLOAD-BAD received=%zu", got);
			finish();
		}
		say("PAYLOAD ok");
		deadline = clock_s(CLOCK_MONOTONIC) + atof(pl.budget);

		int stop = 0;
		if (pl.scenarios) {
			/* Several scenarios (kernelize check), one parameter string a line. */
			char *line = pl.scenarios;
			for (int i = 1; *line; i++) {
				char *end = strchr(line, '\n');
				if (end)
					*end = '\0';
				say("SCENARIO-BEGIN %d", i);
				stop = load_unload(pl.name, line);
				dump(1);
				say("SCENARIO-END %d", i);
				if (stop || !end)
					break;
				line = end + 1;
			}
		} else {
			stop = load_unload(pl.name, pl.params ? pl.params : "");
			dump(pl.more != NULL);
		}
		if (!pl.more || stop)
			finish();
		payload_free(&pl);
		say("MODULE-END");
		say("READY");
	}
	return 0;
}
