// instr_native: the few things the patch engine cannot do from C#.
//  1. Thread-owned counters: an initial-exec __thread pointer (same fs-relative offset on every thread) to a
//     block taken from a never-freed pool, so a stub can `inc qword [block+slot*8]` with no shared cache line.
//  2. Executable memory near the code (for detour stubs) and atomic 8-byte code writes with mprotect serialized.
//  3. The JIT hook: ICorJitCompiler::compileMethod replaced by a wrapper that hands the JIT a proxy ICorJitInfo
//     (forwarding every slot except allocMem, getJitFlags, canInline), records every compile in a registry and
//     calls back into managed code for watched methods while the new body is still in its writable copy.
// Built by Instr.Patching.csproj with gcc; loaded with NativeLibrary from the assembly's own directory.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <x86intrin.h>

#include "instr_maps.h"

#define EXPORT __attribute__((visibility("default")))

// ---------------------------------------------------------------- thread-owned counter blocks
static __thread void *tls_block __attribute__((tls_model("initial-exec")));
static uint8_t *pool_base;
static uint64_t pool_next;      // next free block index (lock xadd by the stubs' slow path)
static uint64_t pool_capacity;  // blocks
static uint64_t block_bytes;
static uint64_t *overflow_block; // shared (locked) block once the pool is exhausted

EXPORT int64_t instr_tls_offset(void) {
    return (int64_t)((char *)&tls_block - (char *)__builtin_thread_pointer());
}

EXPORT int instr_pool_init(uint64_t capacity, uint64_t bytes_per_block) {
    if (pool_base) return 0;
    void *p = mmap(NULL, capacity * bytes_per_block, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return errno;
    void *o = mmap(NULL, bytes_per_block, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (o == MAP_FAILED) return errno;
    block_bytes = bytes_per_block;
    pool_capacity = capacity;
    overflow_block = o;
    __atomic_store_n(&pool_base, (uint8_t *)p, __ATOMIC_RELEASE);
    return 0;
}
EXPORT uint8_t *instr_pool_base(void) { return pool_base; }
EXPORT uint64_t *instr_pool_next_address(void) { return &pool_next; }
EXPORT uint64_t *instr_pool_overflow(void) { return overflow_block; }

// Sum of one counter slot over every block ever handed out (threads that exited included).
EXPORT int64_t instr_counter_sum(uint32_t slot) {
    uint64_t used = __atomic_load_n(&pool_next, __ATOMIC_ACQUIRE);
    if (used > pool_capacity) used = pool_capacity;
    int64_t sum = 0;
    for (uint64_t i = 0; i < used; i++)
        sum += __atomic_load_n((int64_t *)(pool_base + i * block_bytes) + slot, __ATOMIC_RELAXED);
    sum += __atomic_load_n((int64_t *)overflow_block + slot, __ATOMIC_RELAXED);
    return sum;
}
/* The trampoline a diverting stub handed over: the last 8 bytes of the calling thread's block (a slot no counter
   uses). The stub writes there the trampoline of the body the call came through, just before it jumps to a probe's
   wrapper, and the wrapper takes it first thing, before any other patched method can run on this thread. */
EXPORT void *instr_take_handoff(void) {
    uint8_t *block = tls_block;
    return block ? *(void **)(block + block_bytes - sizeof(void *)) : 0;
}

/* ---------------------------------------------------------------- timing histograms
   Thread-owned duration histograms for the timing probe: the arrays are managed (pinned, summed by the engine's
   readers); this side only records into them, in the same native leaf that reads the exit time, so a timed call
   takes no managed thread-static lookup and no bounds check. The bucket layout is the engine's
   (Probes/LogLinearBuckets.cs), handed over once by instr_hist_init. */
static uint32_t hist_sub_bits;     // log2 of the sub-buckets per power of two
static uint32_t hist_max_exponent; // values from 2^(max+1) on share the last bucket
static uint32_t hist_buckets;      // bucket count; then the exception count, then the largest duration
static __thread int64_t **hist_by_slot __attribute__((tls_model("initial-exec")));
static __thread uint32_t hist_slots __attribute__((tls_model("initial-exec")));

EXPORT void instr_hist_init(uint32_t sub_bits, uint32_t max_exponent, uint32_t buckets) {
    hist_sub_bits = sub_bits;
    hist_max_exponent = max_exponent;
    hist_buckets = buckets;
}

/* This thread's table of histogram addresses by probe slot (managed, pinned; replaced when it grows). */
EXPORT void instr_hist_attach(int64_t **by_slot, uint32_t slots) {
    hist_by_slot = by_slot;
    hist_slots = slots;
}

EXPORT uint32_t instr_hist_index(int64_t ticks) {
    uint32_t sub = 1u << hist_sub_bits;
    if (ticks < (int64_t)sub) return ticks < 0 ? 0 : (uint32_t)ticks;
    uint32_t exponent = 63u - (uint32_t)__builtin_clzll((uint64_t)ticks);
    if (exponent > hist_max_exponent) return hist_buckets - 1;
    uint32_t within = (uint32_t)(ticks >> (exponent - hist_sub_bits)) & (sub - 1);
    return (exponent - hist_sub_bits + 1) * sub + within;
}

/* Records ticks in this thread's histogram for the slot; 0 when the thread has none for it yet (the engine then
   allocates it and records again). */
EXPORT int instr_hist_record(uint32_t slot, int64_t ticks) {
    if (slot >= hist_slots) return 0;
    int64_t *histogram = hist_by_slot[slot];
    if (!histogram) return 0;
    if (ticks < 0) ticks = 0; // the TSC is invariant across cores; never let a glitch index out of range
    histogram[instr_hist_index(ticks)]++;
    if (ticks > histogram[hist_buckets + 1]) histogram[hist_buckets + 1] = ticks;
    return 1;
}

/* A timed call's exit: reads the TSC and records the call. Returns -1 when recorded, else the duration in ticks
   (the thread has no histogram for the slot yet). */
EXPORT int64_t instr_timing_exit(uint32_t slot, uint64_t entry) {
    int64_t ticks = (int64_t)(__rdtsc() - entry);
    return instr_hist_record(slot, ticks) ? -1 : (ticks < 0 ? 0 : ticks);
}

/* The timing probe's clock: the invariant TSC (constant_tsc, nonstop_tsc), calibrated once by the engine. */
EXPORT uint64_t instr_rdtsc(void) { return __rdtsc(); }

// Every slot below `slots` at once: out[s] = instr_counter_sum(s). Block by block, so each block is read in order
// (one pass over slots*8 bytes per block) instead of one cache miss per block per slot: what a watch of 10,000
// patched methods needs ten times a second.
EXPORT void instr_counter_sum_all(int64_t *out, uint32_t slots) {
    uint64_t used = __atomic_load_n(&pool_next, __ATOMIC_ACQUIRE);
    if (used > pool_capacity) used = pool_capacity;
    for (uint32_t s = 0; s < slots; s++) out[s] = __atomic_load_n((int64_t *)overflow_block + s, __ATOMIC_RELAXED);
    for (uint64_t i = 0; i < used; i++) {
        const int64_t *block = (const int64_t *)(pool_base + i * block_bytes);
        for (uint32_t s = 0; s < slots; s++) out[s] += __atomic_load_n(block + s, __ATOMIC_RELAXED);
    }
}
EXPORT uint64_t instr_pool_blocks_used(void) { return __atomic_load_n(&pool_next, __ATOMIC_ACQUIRE); }

// ---------------------------------------------------------------- code memory
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
#define PAGE 4096ULL

// How long one parse of /proc/self/maps may answer for executable pages (instr_maps.c): a batch of writes for one
// patch takes well under this.
#define MAPS_RECENT_NS 500000000ull

static int page_protection(uintptr_t addr) { return maps_protection(addr, MAPS_RECENT_NS); }

// Small cache of page protections, so 10,000 patch cycles on the same pages do not even search the parsed maps.
#define PROT_CACHE 1024
static struct { uintptr_t page; int prot; } prot_cache[PROT_CACHE];
static int cached_protection(uintptr_t page) {
    unsigned h = (unsigned)((page >> 12) * 2654435761u) % PROT_CACHE;
    for (unsigned i = 0; i < 16; i++) {
        unsigned k = (h + i) % PROT_CACHE;
        if (prot_cache[k].page == page) return prot_cache[k].prot;
        if (prot_cache[k].page == 0) {
            int p = page_protection(page);
            if (p >= 0) { prot_cache[k].page = page; prot_cache[k].prot = p; }
            return p;
        }
    }
    return page_protection(page);
}

// Atomically replaces 8 bytes of code at dst (must not cross a cache line) if they still equal expected.
// Returns 0 on success, 1 when the bytes differed, or an errno value.
EXPORT int instr_code_cas8(uint64_t *dst, uint64_t expected, uint64_t desired) {
    uintptr_t a = (uintptr_t)dst;
    if ((a & 63) > 56) return EINVAL;
    uintptr_t page = a & ~(PAGE - 1);
    pthread_mutex_lock(&mem_lock);
    int prot = cached_protection(page);
    if (prot < 0) { pthread_mutex_unlock(&mem_lock); return EFAULT; }
    int r = 0;
    if (!(prot & PROT_WRITE) && mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) r = errno;
    if (r == 0) {
        r = __sync_bool_compare_and_swap(dst, expected, desired) ? 0 : 1;
        if (!(prot & PROT_WRITE)) mprotect((void *)page, PAGE, prot);
    }
    pthread_mutex_unlock(&mem_lock);
    return r;
}

static int by_address(const void *a, const void *b, void *at) {
    uintptr_t x = (uintptr_t)((uint64_t **)at)[*(const uint32_t *)a], y = (uintptr_t)((uint64_t **)at)[*(const uint32_t *)b];
    if (x != y) return x < y ? -1 : 1;
    // The same address twice keeps its order: the second write expects what the first wrote.
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

// instr_code_cas8 for many addresses at once (results[i] as it would return for at[i]), with each page made writable
// once for all the writes on it rather than once per write: 10,000 method bodies sit on a few hundred pages, and each
// mprotect splits or merges a mapping (~3 µs). The runtime is suspended while this runs (instr_profiler.c), so the
// app's pause is what this costs.
EXPORT void instr_code_cas8_many(uint32_t count, uint64_t **at, const uint64_t *expected, const uint64_t *desired, int *results) {
    uint32_t *order = malloc((size_t)count * sizeof *order);
    if (!order) {
        for (uint32_t i = 0; i < count; i++) results[i] = instr_code_cas8(at[i], expected[i], desired[i]);
        return;
    }
    for (uint32_t i = 0; i < count; i++) order[i] = i;
    qsort_r(order, count, sizeof *order, by_address, at);
    pthread_mutex_lock(&mem_lock);
    for (uint32_t run = 0; run < count;) {
        uintptr_t page = (uintptr_t)at[order[run]] & ~(PAGE - 1);
        uint32_t end = run;
        while (end < count && ((uintptr_t)at[order[end]] & ~(PAGE - 1)) == page) end++;
        int prot = cached_protection(page);
        int failure = prot < 0 ? EFAULT : 0;
        int unprotect = failure == 0 && !(prot & PROT_WRITE);
        if (unprotect && mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) failure = errno;
        for (uint32_t k = run; k < end; k++) {
            uint32_t i = order[k];
            if ((((uintptr_t)at[i]) & 63) > 56) results[i] = EINVAL;
            else results[i] = failure ? failure : (__sync_bool_compare_and_swap(at[i], expected[i], desired[i]) ? 0 : 1);
        }
        if (unprotect && failure == 0) mprotect((void *)page, PAGE, prot);
        run = end;
    }
    pthread_mutex_unlock(&mem_lock);
    free(order);
}

// Copies bytes into code that no thread executes yet (e.g. spare room after a body), whatever its protection.
// Returns 0 or an errno value.
EXPORT int instr_code_write(uint8_t *dst, const uint8_t *src, uint32_t len) {
    uintptr_t first = (uintptr_t)dst & ~(PAGE - 1), last = ((uintptr_t)dst + len - 1) & ~(PAGE - 1);
    pthread_mutex_lock(&mem_lock);
    int r = 0;
    for (uintptr_t page = first; page <= last && r == 0; page += PAGE) {
        int prot = cached_protection(page);
        if (prot < 0) r = EFAULT;
        else if (!(prot & PROT_WRITE) && mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) r = errno;
    }
    if (r == 0) memcpy(dst, src, len);
    for (uintptr_t page = first; page <= last; page += PAGE) {
        int prot = cached_protection(page);
        if (prot >= 0 && !(prot & PROT_WRITE)) mprotect((void *)page, PAGE, prot);
    }
    pthread_mutex_unlock(&mem_lock);
    return r;
}

// Executable arenas for stubs, each within +-2 GB of the code that jumps to it.
#define MAX_ARENA_SIZE (256 * 1024ULL)
#define MAX_ARENAS 8192
static struct { uint8_t *base; uint64_t used, size; } arenas[MAX_ARENAS];
static int arena_count;

// Within reach of a jmp rel32 from `from` (with a margin for the 5-byte instruction and the stub's size).
static int within_rel32(uintptr_t from, uintptr_t to) {
    int64_t d = (int64_t)to - (int64_t)from;
    return d > -0x7FF00000LL && d < 0x7FF00000LL;
}

// Maps `size` bytes RWX in a free gap of the address space, as close to `near` as possible and within rel32
// range of it, or returns NULL. The runtime reserves large ranges around its code, so probing addresses blindly
// mostly fails: the gaps come from /proc/self/maps.
static uint8_t *map_near(uintptr_t near, uint64_t size) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return NULL;
    uintptr_t prev_end = 0x10000;
    char line[512];
    uintptr_t best = 0, best_distance = UINTPTR_MAX;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) != 2) continue;
        if (lo > prev_end && lo - prev_end >= size) {
            uintptr_t gap_lo = (prev_end + PAGE - 1) & ~(PAGE - 1);
            uintptr_t gap_hi = (lo - size) & ~(PAGE - 1);
            if (gap_lo <= gap_hi) {
                uintptr_t spot = near < gap_lo ? gap_lo : (near > gap_hi ? gap_hi : (near & ~(PAGE - 1)));
                uintptr_t d = spot > near ? spot - near : near - spot;
                if (within_rel32(near, spot) && within_rel32(near, spot + size) && d < best_distance) {
                    best = spot;
                    best_distance = d;
                }
            }
        }
        if (hi > prev_end) prev_end = hi;
    }
    fclose(f);
    if (!best) return NULL;
    void *p = mmap((void *)best, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if ((uintptr_t)p != best) { munmap(p, size); return NULL; }
    return p;
}

static int add_arena(uint8_t *base, uint64_t size, uint64_t used) {
    if (arena_count >= MAX_ARENAS) return 0;
    arenas[arena_count].base = base;
    arenas[arena_count].used = used;
    arenas[arena_count].size = size;
    arena_count++;
    return 1;
}

// Reserves a stub arena near `near` early (at engine start), while the address space next to the runtime's
// code heap still has gaps; later, thread stacks and malloc arenas tend to fill them. Returns the size reserved.
EXPORT uint64_t instr_stub_reserve(uintptr_t near, uint64_t size) {
    pthread_mutex_lock(&mem_lock);
    uint64_t reserved = 0;
    for (uint64_t s = size; s >= PAGE && !reserved; s /= 2) {
        uint8_t *p = map_near(near, s);
        if (p && add_arena(p, s, 0)) reserved = s;
    }
    pthread_mutex_unlock(&mem_lock);
    return reserved;
}

// Returns writable+executable memory for a stub within rel32 range of `near`, or NULL.
EXPORT uint8_t *instr_stub_alloc(uintptr_t near, uint32_t size) {
    size = (size + 15) & ~15u;
    pthread_mutex_lock(&mem_lock);
    for (int i = 0; i < arena_count; i++) {
        uintptr_t b = (uintptr_t)arenas[i].base;
        if (within_rel32(near, b) && within_rel32(near, b + arenas[i].size) && arenas[i].used + size <= arenas[i].size) {
            uint8_t *p = arenas[i].base + arenas[i].used;
            arenas[i].used += size;
            pthread_mutex_unlock(&mem_lock);
            return p;
        }
    }
    uint8_t *found = NULL;
    for (uint64_t arena_size = MAX_ARENA_SIZE; !found && arena_size >= PAGE && arena_size >= size; arena_size /= 4) {
        uint8_t *p = map_near(near, arena_size);
        if (p && add_arena(p, arena_size, size)) found = p;
    }
    pthread_mutex_unlock(&mem_lock);
    return found;
}

// ---------------------------------------------------------------- watch sets (single writer: the engine, under its lock)
#define WATCH_CAP (1u << 16)
#define TOMB ((uintptr_t)1)
static uintptr_t watched_handles[WATCH_CAP];

static unsigned hash_ptr(uintptr_t p) { return (unsigned)((p >> 3) * 11400714819323198485ull >> 48) & (WATCH_CAP - 1); }

EXPORT int instr_watch_handle(uintptr_t handle, int add) {
    unsigned h = hash_ptr(handle);
    if (add) {
        int tomb = -1;
        for (unsigned i = 0; i < WATCH_CAP; i++) {
            unsigned k = (h + i) & (WATCH_CAP - 1);
            uintptr_t v = __atomic_load_n(&watched_handles[k], __ATOMIC_ACQUIRE);
            if (v == handle) return 0;
            if (v == TOMB && tomb < 0) tomb = (int)k;
            if (v == 0) {
                __atomic_store_n(&watched_handles[tomb >= 0 ? (unsigned)tomb : k], handle, __ATOMIC_SEQ_CST);
                return 0;
            }
        }
        if (tomb >= 0) { __atomic_store_n(&watched_handles[tomb], handle, __ATOMIC_SEQ_CST); return 0; }
        return ENOSPC;
    }
    for (unsigned i = 0; i < WATCH_CAP; i++) {
        unsigned k = (h + i) & (WATCH_CAP - 1);
        uintptr_t v = __atomic_load_n(&watched_handles[k], __ATOMIC_ACQUIRE);
        if (v == handle) { __atomic_store_n(&watched_handles[k], TOMB, __ATOMIC_SEQ_CST); return 0; }
        if (v == 0) return 0;
    }
    return 0;
}

static int handle_watched(uintptr_t handle) {
    unsigned h = hash_ptr(handle);
    for (unsigned i = 0; i < WATCH_CAP; i++) {
        uintptr_t v = __atomic_load_n(&watched_handles[(h + i) & (WATCH_CAP - 1)], __ATOMIC_ACQUIRE);
        if (v == handle) return 1;
        if (v == 0) return 0;
    }
    return 0;
}


// Token watches: (scope, token) of a method definition, in an open-addressing set hashed by token alone (the
// canInline check knows only the callee's token). whole_definition=1 also selects bodies (every compile of the
// definition: generic instantiations, a struct method's two entries, ReJIT versions); 0 only refuses inlining.
// Tokens are never 0 or 1 (method definitions are 0x06xxxxxx), so 0 marks an empty slot and 1 a removed one.
struct token_watch { uintptr_t scope; uint32_t token; uint32_t whole_definition; };
#define TOKEN_CAP (1u << 16)
#define TOKEN_EMPTY 0u
#define TOKEN_REMOVED 1u
static struct token_watch token_watches[TOKEN_CAP];
static uint32_t token_watch_count; // live entries: lets the hot paths skip the lookup when nothing is watched

static unsigned hash_token(uint32_t token) { return (unsigned)((token * 2654435761u) >> 16) & (TOKEN_CAP - 1); }

EXPORT int instr_watch_token(uintptr_t scope, uint32_t token, uint32_t whole_definition, int add) {
    if (token <= TOKEN_REMOVED) return EINVAL;
    unsigned h = hash_token(token);
    int free_slot = -1;
    for (unsigned i = 0; i < TOKEN_CAP; i++) {
        unsigned k = (h + i) & (TOKEN_CAP - 1);
        uint32_t t = __atomic_load_n(&token_watches[k].token, __ATOMIC_ACQUIRE);
        if (t == token && token_watches[k].scope == scope && token_watches[k].whole_definition == whole_definition) {
            if (!add) {
                __atomic_store_n(&token_watches[k].token, TOKEN_REMOVED, __ATOMIC_SEQ_CST);
                __atomic_fetch_sub(&token_watch_count, 1, __ATOMIC_SEQ_CST);
            }
            return 0;
        }
        if (t == TOKEN_REMOVED && free_slot < 0) free_slot = (int)k;
        if (t == TOKEN_EMPTY) {
            if (free_slot < 0) free_slot = (int)k;
            break;
        }
    }
    if (!add) return 0;
    if (free_slot < 0) return ENOSPC;
    token_watches[free_slot].scope = scope;
    token_watches[free_slot].whole_definition = whole_definition;
    __atomic_store_n(&token_watches[free_slot].token, token, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&token_watch_count, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static int token_watched(uintptr_t scope, uint32_t token, int need_whole_definition, int ignore_scope) {
    if (token <= TOKEN_REMOVED || __atomic_load_n(&token_watch_count, __ATOMIC_ACQUIRE) == 0) return 0;
    unsigned h = hash_token(token);
    for (unsigned i = 0; i < TOKEN_CAP; i++) {
        unsigned k = (h + i) & (TOKEN_CAP - 1);
        uint32_t t = __atomic_load_n(&token_watches[k].token, __ATOMIC_ACQUIRE);
        if (t == TOKEN_EMPTY) return 0;
        if (t != token) continue;
        if (!ignore_scope && token_watches[k].scope != scope) continue;
        if (need_whole_definition && !token_watches[k].whole_definition) continue;
        return 1;
    }
    return 0;
}

// ---------------------------------------------------------------- compile registry (append-only)
struct compile_record {
    uintptr_t ftn;      // CORINFO_METHOD_HANDLE (MethodDesc*)
    uintptr_t scope;    // Module*
    uintptr_t code;     // final (executable) address of the hot code
    uint64_t jit_flags; // first 8 bytes of CORJIT_FLAGS
    uint32_t token;     // method definition token
    uint32_t size;      // native code size reported by the JIT
    uint32_t reserved;  // bytes allocated for the hot code (>= size; we may add room for a jump)
    uint32_t state;     // 1 = complete
};
#define REGISTRY_CAP (1u << 21)
static struct compile_record *registry;
static uint32_t registry_count;

// ---------------------------------------------------------------- inline log (append-only)
// Every inline the JIT reports as done (ICorJitInfo::reportInliningDecision with INLINE_PASS), attributed to the
// root method of the compile it happened in (nested inlines report their immediate caller, but the code lives in the
// root's body). Written when the compile succeeds, so it names exactly the bodies that contain an inlined copy.
struct inline_record {
    uintptr_t inlinee;  // CORINFO_METHOD_HANDLE of the inlined method; 0 while the record is being written
    uint32_t compile;   // index of the root's compile record
    uint32_t token;     // the inlinee's method definition token
};
#define INLINE_LOG_CAP (1u << 23)
static struct inline_record *inline_log;
static uint32_t inline_log_count;
static uint64_t inline_log_dropped; // inlines not recorded (log full, or a compile's buffer could not grow)

EXPORT struct inline_record *instr_inline_log(uint32_t *count) {
    *count = __atomic_load_n(&inline_log_count, __ATOMIC_ACQUIRE);
    if (*count > INLINE_LOG_CAP) *count = INLINE_LOG_CAP;
    return inline_log;
}
EXPORT uint64_t instr_inline_log_dropped(void) { return __atomic_load_n(&inline_log_dropped, __ATOMIC_RELAXED); }

EXPORT struct compile_record *instr_registry(uint32_t *count) {
    *count = __atomic_load_n(&registry_count, __ATOMIC_ACQUIRE);
    if (*count > REGISTRY_CAP) *count = REGISTRY_CAP;
    return registry;
}

// ---------------------------------------------------------------- JIT hook
// Every runtime-version fact the hook uses, from the engine's runtime table (one row per JIT-EE version).
struct jit_slots {
    uint32_t slot_count, alloc_mem, get_jit_flags, can_inline, get_method_def;
    uint32_t osr_flag_bit, extra_code_bytes, report_inlining;
    // AllocMemArgs: offsets of the hot code size (input), the final code address and its writable alias (outputs).
    uint32_t alloc_hot_size_at, alloc_code_at, alloc_code_rw_at;
};
static struct jit_slots slots;

struct method_info { uintptr_t ftn; uintptr_t scope; /* rest unused */ };

struct compile_event {
    uintptr_t ftn, scope, code, code_rw;
    uint64_t jit_flags;
    uint32_t token, size, reserved, pad;
};

#define INLINES_ON_STACK 32
struct inlined { uintptr_t handle; uint32_t token; };

struct proxy {
    void **vtable;    // must stay first: the JIT calls through it
    void **real;      // the runtime's ICorJitInfo
    uint8_t *code, *code_rw;
    uint64_t jit_flags;
    uint32_t hot_size;
    int watched;
    int dynamic;      // a DynamicMethod (LCG): scope is a tagged resolver pointer
    // Inlines done in this compile, committed to the inline log when it succeeds.
    uint32_t inline_count, inline_capacity;
    struct inlined *inlines;          // points at inline_buffer until a big compile needs more (then malloc'd)
    struct inlined inline_buffer[INLINES_ON_STACK];
    int inlines_lost;
};

typedef int (*compile_fn)(void *, void *, struct method_info *, unsigned, uint8_t **, uint32_t *);
static compile_fn real_compile;
static void **proxy_vtable;
static void (*watched_callback)(struct compile_event *);
// Told about every DynamicMethod compile that inlined something, while the DynamicMethod is surely alive: the
// engine keeps a weak reference to it, so it never has to resolve an LCG method handle that may have been freed since.
static void (*dynamic_callback)(uintptr_t ftn, uintptr_t code);
static __thread int in_callback;
static uint64_t hook_errors;

static inline void **real_vtable(void **real) { return *(void ***)real; }

static uint32_t method_def(void **real, uintptr_t ftn) {
    typedef uint32_t (*fn)(void *, uintptr_t);
    return ((fn)real_vtable(real)[slots.get_method_def])(real, ftn);
}

static void proxy_alloc_mem(struct proxy *p, uint8_t *args) {
    typedef void (*fn)(void *, uint8_t *);
    uint32_t *hot_size = (uint32_t *)(args + slots.alloc_hot_size_at);
    // Room for a jump after a tiny body: for watched methods (counted by a detour) and for DynamicMethods (which the
    // engine may have to redirect to a fresh compile when they inlined a patched method).
    if (p->watched || p->dynamic) *hot_size += slots.extra_code_bytes;
    ((fn)real_vtable(p->real)[slots.alloc_mem])(p->real, args);
    uint8_t *hot = *(uint8_t **)(args + slots.alloc_code_at);
    uint8_t *hot_rw = *(uint8_t **)(args + slots.alloc_code_rw_at);
    p->code = hot;
    p->code_rw = hot_rw ? hot_rw : hot; // W^X off: the JIT writes the final code directly
    p->hot_size = *hot_size;
}

static uint32_t proxy_get_jit_flags(struct proxy *p, uint64_t *flags, uint32_t size) {
    typedef uint32_t (*fn)(void *, uint64_t *, uint32_t);
    uint32_t r = ((fn)real_vtable(p->real)[slots.get_jit_flags])(p->real, flags, size);
    p->jit_flags = flags[0];
    return r;
}

#define INLINE_PASS 0
static void proxy_report_inlining(struct proxy *p, uintptr_t inliner, uintptr_t inlinee, int result, const char *reason) {
    typedef void (*fn)(void *, uintptr_t, uintptr_t, int, const char *);
    if (result == INLINE_PASS && inlinee) {
        if (p->inline_count == p->inline_capacity) {
            uint32_t grown = p->inline_capacity * 4;
            struct inlined *more = malloc(grown * sizeof *more);
            if (more) {
                memcpy(more, p->inlines, p->inline_count * sizeof *more);
                if (p->inlines != p->inline_buffer) free(p->inlines);
                p->inlines = more;
                p->inline_capacity = grown;
            }
        }
        if (p->inline_count < p->inline_capacity) {
            p->inlines[p->inline_count].handle = inlinee;
            p->inlines[p->inline_count].token = method_def(p->real, inlinee);
            p->inline_count++;
        } else {
            p->inlines_lost = 1;
        }
    }
    // Always forwarded: the runtime keeps its own inline-tracking map from these reports (ReJIT uses it).
    ((fn)real_vtable(p->real)[slots.report_inlining])(p->real, inliner, inlinee, result, reason);
}

static void commit_inlines(struct proxy *p, uint32_t compile) {
    if (p->inlines_lost) __atomic_fetch_add(&inline_log_dropped, 1, __ATOMIC_RELAXED);
    for (uint32_t k = 0; k < p->inline_count; k++) {
        uint32_t i = __atomic_fetch_add(&inline_log_count, 1, __ATOMIC_SEQ_CST);
        if (i >= INLINE_LOG_CAP || !inline_log) { __atomic_fetch_add(&inline_log_dropped, 1, __ATOMIC_RELAXED); continue; }
        inline_log[i].compile = compile;
        inline_log[i].token = p->inlines[k].token;
        __atomic_store_n(&inline_log[i].inlinee, p->inlines[k].handle, __ATOMIC_RELEASE);
    }
}

#define INLINE_FAIL (-1)
static int proxy_can_inline(struct proxy *p, uintptr_t caller, uintptr_t callee) {
    typedef int (*fn)(void *, uintptr_t, uintptr_t);
    if (handle_watched(callee)) return INLINE_FAIL;
    if (__atomic_load_n(&token_watch_count, __ATOMIC_ACQUIRE) != 0 && token_watched(0, method_def(p->real, callee), 0, 1))
        return INLINE_FAIL;
    return ((fn)real_vtable(p->real)[slots.can_inline])(p->real, caller, callee);
}

static int hook_compile(void *self, void *comp, struct method_info *info, unsigned flags, uint8_t **entry, uint32_t *size) {
    if (in_callback) {
        // A compile the engine's own callback caused: forwarded unwatched. If it is a watched method, that body goes
        // unpatched: an error worth knowing about (instr_hook_errors).
        if (handle_watched(info->ftn)) __atomic_fetch_add(&hook_errors, 1, __ATOMIC_RELAXED);
        return real_compile(self, comp, info, flags, entry, size);
    }
    int saved_errno = errno;
    struct proxy p = {proxy_vtable, comp, NULL, NULL, 0, 0, 0, (int)(info->scope & 1), 0, INLINES_ON_STACK, NULL, {{0, 0}}, 0};
    p.inlines = p.inline_buffer;
    uint32_t token = method_def(comp, info->ftn);
    p.watched = handle_watched(info->ftn) || token_watched(info->scope, token, 1, 0);
    int result = real_compile(self, &p, info, flags, entry, size);
    if (result == 0 && p.code) {
        uint32_t i = __atomic_fetch_add(&registry_count, 1, __ATOMIC_SEQ_CST);
        if (i < REGISTRY_CAP) {
            struct compile_record *r = &registry[i];
            r->ftn = info->ftn; r->scope = info->scope; r->code = (uintptr_t)p.code;
            r->jit_flags = p.jit_flags; r->token = token; r->size = *size; r->reserved = p.hot_size;
            __atomic_store_n(&r->state, 1, __ATOMIC_RELEASE);
            commit_inlines(&p, i);
        } else {
            // Registry full: this compile cannot be found later (a watch added after it would miss this body).
            __atomic_fetch_add(&hook_errors, 1, __ATOMIC_RELAXED);
            if (p.inline_count) __atomic_fetch_add(&inline_log_dropped, 1, __ATOMIC_RELAXED);
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        // A watch added during the compile is seen here; a watch added before is seen by the engine's registry scan.
        int watched = handle_watched(info->ftn) || token_watched(info->scope, token, 1, 0);
        int osr = (p.jit_flags >> slots.osr_flag_bit) & 1;
        if (watched && !osr && watched_callback) {
            struct compile_event e = {info->ftn, info->scope, (uintptr_t)p.code, (uintptr_t)p.code_rw, p.jit_flags, token, *size, p.hot_size, 0};
            in_callback = 1;
            watched_callback(&e);
            in_callback = 0;
        }
        if (p.dynamic && p.inline_count && dynamic_callback) {
            in_callback = 1;
            dynamic_callback(info->ftn, (uintptr_t)p.code);
            in_callback = 0;
        }
    }
    if (p.inlines != p.inline_buffer) free(p.inlines);
    errno = saved_errno;
    return result;
}

// Forwarders: mov rdi,[rdi+8] (proxy->real); mov rax,[rdi]; jmp [rax+slot*8]. x64 code: the one piece of machine code
// the native helper writes itself (an arm64 port needs its own: ldr x0,[x0,#8]; ldr x16,[x0]; ldr x16,[x16,#slot*8]; br x16).
static uint8_t *build_forwarders(uint32_t count) {
    size_t bytes = ((count * 16 + PAGE - 1) / PAGE) * PAGE;
    uint8_t *code = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) return NULL;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t *c = code + i * 16;
        uint32_t disp = i * 8;
        uint8_t b[16] = {0x48, 0x8b, 0x7f, 0x08, 0x48, 0x8b, 0x07, 0xff, 0xa0, 0, 0, 0, 0, 0xcc, 0xcc, 0xcc};
        memcpy(b + 9, &disp, 4);
        memcpy(c, b, 16);
    }
    if (mprotect(code, bytes, PROT_READ | PROT_EXEC) != 0) return NULL;
    return code;
}

// ICorJitCompiler slot 2 (compileMethod, ProcessShutdownWork, getVersionIdentifier): asked before any row is chosen,
// so it cannot come from the table (the GUID it returns picks the row); slot 2 on .NET 8, 9 and 10, as is
// compileMethod's slot 0, which the hook replaces.
EXPORT void instr_jit_version(void **compiler, uint8_t *guid_out) {
    typedef void (*fn)(void *, uint8_t *);
    ((fn)(*(void ***)compiler)[2])(compiler, guid_out);
}

EXPORT int instr_registry_init(void) {
    if (registry) return 0;
    void *r = mmap(NULL, sizeof(struct compile_record) * REGISTRY_CAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) return errno;
    void *l = mmap(NULL, sizeof(struct inline_record) * INLINE_LOG_CAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (l == MAP_FAILED) { munmap(r, sizeof(struct compile_record) * REGISTRY_CAP); return errno; }
    inline_log = l;
    registry = r;
    return 0;
}

// Installs the hook once. Returns 0, or an errno value.
EXPORT int instr_jit_install(void **compiler, const struct jit_slots *s, void (*callback)(struct compile_event *)) {
    if (real_compile) return 0;
    int e = instr_registry_init();
    if (e) return e;
    slots = *s;
    uint8_t *fwd = build_forwarders(slots.slot_count);
    if (!fwd) return errno ? errno : ENOMEM;
    void **vt = mmap(NULL, PAGE * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (vt == MAP_FAILED) return errno;
    for (uint32_t i = 0; i < slots.slot_count; i++) vt[i] = fwd + i * 16;
    vt[slots.alloc_mem] = (void *)proxy_alloc_mem;
    vt[slots.get_jit_flags] = (void *)proxy_get_jit_flags;
    vt[slots.can_inline] = (void *)proxy_can_inline;
    if (slots.report_inlining) vt[slots.report_inlining] = (void *)proxy_report_inlining;
    proxy_vtable = vt;
    watched_callback = callback;
    void **compiler_vt = *(void ***)compiler;
    uintptr_t page = (uintptr_t)compiler_vt & ~(PAGE - 1);
    int prot = page_protection(page);
    if (prot < 0) prot = PROT_READ;
    // Only slot 0 is written, so only its page changes protection (the next page may be ordinary data).
    if (mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE) != 0) return errno;
    real_compile = (compile_fn)compiler_vt[0];
    __atomic_store_n(&compiler_vt[0], (void *)hook_compile, __ATOMIC_SEQ_CST);
    mprotect((void *)page, PAGE, prot);
    return 0;
}

EXPORT void instr_jit_dynamic_callback(void (*callback)(uintptr_t, uintptr_t)) { dynamic_callback = callback; }

EXPORT uint64_t instr_hook_errors(void) { return __atomic_load_n(&hook_errors, __ATOMIC_RELAXED); }
EXPORT uint64_t instr_compile_record_size(void) { return sizeof(struct compile_record); }
EXPORT uint64_t instr_compile_event_size(void) { return sizeof(struct compile_event); }
EXPORT uint64_t instr_jit_slots_size(void) { return sizeof(struct jit_slots); }
EXPORT uint64_t instr_inline_record_size(void) { return sizeof(struct inline_record); }
EXPORT int instr_page_protection(uintptr_t addr) { return page_protection(addr); }
EXPORT uint64_t instr_maps_parse_count(void) { return maps_parse_count(); }
