// Where init's exits hold memory the flow graph cannot name, every allocation is tracked and init frees what is still tracked when it returns.
import { defineRule } from "../core/rule.js";
import { beforeFirstFunction, includeHeaders, wordsOf } from "./added-code.js";
import { FREE_TRACKED } from "./main-to-module-init.js";

/*
 * The tracked allocators are macros around the kernel's own, so that each allocation is still one
 * kmalloc() or krealloc() at the program's own line (what kernelize check counts and names): the
 * macro asks for room for a small header, and a function puts the header on the list.
 */

/** Each allocator the port can contain, its tracked counterpart, and what that counterpart needs. */
const WRAPPERS: ReadonlyArray<{ call: string; tracked: string; needs: string[]; text: string }> = [
  {
    call: "kmalloc",
    tracked: "tracked_kmalloc",
    needs: ["link"],
    text: "#define tracked_kmalloc(size, flags) \\\n\ttracked_link(kmalloc(tracked_size(size), flags), NULL)\n",
  },
  {
    call: "kzalloc",
    tracked: "tracked_kzalloc",
    needs: ["link"],
    text: "#define tracked_kzalloc(size, flags) \\\n\ttracked_link(kzalloc(tracked_size(size), flags), NULL)\n",
  },
  {
    call: "kmalloc_array",
    tracked: "tracked_kmalloc_array",
    needs: ["link"],
    text: "#define tracked_kmalloc_array(n, size, flags) \\\n\ttracked_link(kmalloc(tracked_size(array_size(n, size)), flags), NULL)\n",
  },
  {
    call: "kcalloc",
    tracked: "tracked_kcalloc",
    needs: ["link"],
    text: "#define tracked_kcalloc(n, size, flags) \\\n\ttracked_link(kzalloc(tracked_size(array_size(n, size)), flags), NULL)\n",
  },
  {
    call: "kvmalloc",
    tracked: "tracked_kvmalloc",
    needs: ["link"],
    text: "#define tracked_kvmalloc(size, flags) \\\n\ttracked_link(kvmalloc(tracked_size(size), flags), NULL)\n",
  },
  {
    call: "kvmalloc_array",
    tracked: "tracked_kvmalloc_array",
    needs: ["link"],
    text: "#define tracked_kvmalloc_array(n, size, flags) \\\n\ttracked_link(kvmalloc(tracked_size(array_size(n, size)), flags), NULL)\n",
  },
  {
    call: "kvzalloc",
    tracked: "tracked_kvzalloc",
    needs: ["link"],
    text: "#define tracked_kvzalloc(size, flags) \\\n\ttracked_link(kvzalloc(tracked_size(size), flags), NULL)\n",
  },
  {
    call: "kvcalloc",
    tracked: "tracked_kvcalloc",
    needs: ["link"],
    text: "#define tracked_kvcalloc(n, size, flags) \\\n\ttracked_link(kvzalloc(tracked_size(array_size(n, size)), flags), NULL)\n",
  },
  {
    call: "krealloc",
    tracked: "tracked_krealloc",
    needs: ["link", "unlink"],
    text: "#define tracked_krealloc(p, size, flags) ({ \\\n\tstruct tracked_allocation *__old = tracked_unlink(p); \\\n\ttracked_link(krealloc(__old, tracked_size(size), flags), __old); \\\n})\n",
  },
  {
    call: "krealloc_array",
    tracked: "tracked_krealloc_array",
    needs: ["link", "unlink"],
    text: "#define tracked_krealloc_array(p, n, size, flags) ({ \\\n\tstruct tracked_allocation *__old = tracked_unlink(p); \\\n\ttracked_link(krealloc(__old, tracked_size(array_size(n, size)), flags), __old); \\\n})\n",
  },
  {
    call: "kstrdup",
    tracked: "tracked_kstrdup",
    needs: ["link", "copy"],
    text: "#define tracked_kstrdup(s, flags) ({ \\\n\tconst char *__s = (s); \\\n\tsize_t __len = strlen(__s); \\\n\ttracked_copy(kmalloc(tracked_size(__len + 1), flags), __s, __len); \\\n})\n",
  },
  {
    call: "kstrndup",
    tracked: "tracked_kstrndup",
    needs: ["link", "copy"],
    text: "#define tracked_kstrndup(s, max, flags) ({ \\\n\tconst char *__s = (s); \\\n\tsize_t __len = strnlen(__s, max); \\\n\ttracked_copy(kmalloc(tracked_size(__len + 1), flags), __s, __len); \\\n})\n",
  },
  {
    call: "kfree",
    tracked: "tracked_kfree",
    needs: ["unlink"],
    text: `static void tracked_kfree(const void *p)
{
	kfree(tracked_unlink(p));
}
`,
  },
  {
    call: "kvfree",
    tracked: "tracked_kvfree",
    needs: ["unlink"],
    text: `static void tracked_kvfree(const void *p)
{
	kvfree(tracked_unlink(p));
}
`,
  },
];

/** The functions the macros share. */
const HELPERS: Record<string, string> = {
  link: `/* Room for the header too; a size that would overflow asks for too much, and fails. */
static inline size_t tracked_size(size_t size)
{
	return size > SIZE_MAX - sizeof(struct tracked_allocation) ? SIZE_MAX : sizeof(struct tracked_allocation) + size;
}

/* Puts a new block on the list (or puts back the old one, when resizing it failed). */
static void *tracked_link(struct tracked_allocation *t, struct tracked_allocation *old)
{
	if (!t) {
		if (old)
			list_add(&old->node, &tracked_allocations);
		return NULL;
	}
	list_add(&t->node, &tracked_allocations);
	return t->data;
}
`,
  unlink: `/* Takes a block off the list; NULL stays NULL. */
static struct tracked_allocation *tracked_unlink(const void *p)
{
	struct tracked_allocation *t;

	if (!p)
		return NULL;
	/* The data starts right after the header (its size, as data[] is last). */
	t = (struct tracked_allocation *)p - 1;
	list_del(&t->node);
	return t;
}
`,
  copy: `static char *tracked_copy(char *copy, const char *s, size_t len)
{
	copy = tracked_link((struct tracked_allocation *)copy, NULL);
	if (copy) {
		memcpy(copy, s, len);
		copy[len] = '\\0';
	}
	return copy;
}
`,
};

const HEADER = `/*
 * Every allocation is tracked, so that init can free what it still holds
 * when it returns, as the end of a process would: see the explain report.
 */
struct tracked_allocation {
	struct list_head node;
	unsigned long long data[];
};

static LIST_HEAD(tracked_allocations);
`;

/** kvfree() where some block may come from kvmalloc(): it releases either kind. */
const freeAll = (release: string) => `/* What init still holds when it returns: freed, as a process's exit would. */
static void ${FREE_TRACKED}(void)
{
	while (!list_empty(&tracked_allocations)) {
		/* node is the header's first member: where the block starts */
		struct list_head *first = tracked_allocations.next;

		list_del(first);
		${release}(first);
	}
}
`;

export default defineRule({
  id: "tracked-allocations",
  summary: "where an exit holds memory kernelize cannot name, allocations go through a small tracker and init frees what is still tracked when it returns",
  explanation: [
    "A program may end with memory it can no longer name: nodes of a list built in a loop, a buffer copied into a structure, a block freed on some paths only, a buffer a function allocates and returns without freeing. The end of the process took all of it back; a module's init returns into the kernel, and whatever it still holds stays allocated until reboot.",
    "Where the control flow shows that an exit holds memory whose owner cannot be followed, the goto ladder cannot be written exactly, so the port tracks instead: each allocation carries a small header on a list (one allocation each, as before), kfree() takes it off the list, and the single exit path of init frees whatever is still on it, whether init fails or succeeds, the way a process's exit would.",
    "Memory the program frees itself is freed as before. Only init ever runs the program's code, so nothing can still use the memory once init has returned.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#list-management-functions", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: [],
  safety: "review",
  wantedIn: (text) => text.includes(`${FREE_TRACKED}(`),
  run(ctx) {
    const { program, source } = ctx.facts;
    const uses = program.callsNamed(new Set([FREE_TRACKED]));
    if (uses.length === 0 || program.functions.has(FREE_TRACKED)) return;
    const taken = wordsOf(source);
    if (WRAPPERS.some((w) => taken.has(w.tracked)) || taken.has("tracked_allocation")) {
      ctx.report("K0004", "internal error: the program already uses the names of kernelize's allocation tracker", uses[0]!.call, { note: "rename the program's tracked_* functions; please report this program" });
      return;
    }
    const calls = program.callsNamed(new Set(WRAPPERS.map((w) => w.call)));
    const needed = new Set<string>();
    const need = (call: string) => {
      if (needed.has(call)) return;
      needed.add(call);
      for (const n of WRAPPERS.find((w) => w.call === call)?.needs ?? []) need(n);
    };
    for (const c of calls) {
      const wrapper = WRAPPERS.find((w) => w.call === c.name)!;
      need(c.name);
      ctx.replace(c.callee, wrapper.tracked);
    }
    const helpers = Object.entries(HELPERS).filter(([name]) => needed.has(name)).map(([, text]) => text);
    const wrappers = WRAPPERS.filter((w) => needed.has(w.call)).map((w) => w.text);
    const text = [HEADER, ...helpers, ...wrappers, freeAll(calls.some((c) => c.name.startsWith("kv")) ? "kvfree" : "kfree")].join("\n") + "\n";
    ctx.insert(beforeFirstFunction(program, source, text) ?? source.length, text);
    includeHeaders(ctx, ["linux/list.h", "linux/overflow.h", "linux/slab.h", "linux/string.h"]);
  },
});
