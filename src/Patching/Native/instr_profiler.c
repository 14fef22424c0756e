// instr_profiler: a minimal CLR profiler that the engine attaches to its OWN process (diagnostics IPC
// AttachProfiler on its own pid), only to use the runtime's ReJIT: "recompile every method that inlined this one"
// (ICorProfilerInfo10::RequestReJITWithInliners), "go back to the original code" (RequestRevert), and a runtime
// suspension during which no managed thread is inside a method's first instructions (SuspendRuntime).
//
// COM on Linux x64 needs no COM runtime: an interface pointer points at a vtable of plain functions taking `this`
// first. Only IUnknown and the callbacks the runtime calls with out-parameters or that we use are real; every other
// callback slot returns S_OK (SysV: the caller owns the arguments, so one function fits every signature).
// Callback and info slots are 0-based and count IUnknown's three methods; they are stable across .NET 8, 9 and 10
// (COM interfaces only grow at the end).
//
// Threading: the runtime refuses ReJIT requests from a thread it manages (CORPROF_E_UNSUPPORTED_CALL_SEQUENCE), so
// every request runs on a fresh pthread the runtime has never seen, which the exported function creates and joins.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;
typedef struct { uint32_t a; uint16_t b, c; uint8_t d[8]; } guid_t;

#define S_OK 0
#define E_FAIL ((HRESULT)0x80004005)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define CLASS_E_CLASSNOTAVAILABLE ((HRESULT)0x80040111)
#define CORPROF_E_PROFILER_CANCEL_ACTIVATION ((HRESULT)0x80131375)

// The profiler's class id: any fixed GUID; the engine passes it to AttachProfiler and the runtime hands it back.
static const guid_t CLSID_INSTR = {0x6e0f2a71, 0x2b8d, 0x4c55, {0x9a, 0x43, 0x1f, 0x0b, 0x7c, 0x5d, 0x2e, 0x91}};
static const guid_t IID_IUNKNOWN = {0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const guid_t IID_ICLASSFACTORY = {0x00000001, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const guid_t IID_CALLBACK = {0x176FBED1, 0xA55C, 0x4796, {0x98, 0xCA, 0xA9, 0xDA, 0x0E, 0xF8, 0x83, 0xE7}};
static const guid_t IID_CALLBACK2 = {0x8A8CC829, 0xCCF2, 0x49FE, {0xBB, 0xAE, 0x0F, 0x02, 0x22, 0x28, 0x07, 0x1A}};
static const guid_t IID_CALLBACK11 = {0x42350846, 0xAAED, 0x47F7, {0xB1, 0x28, 0xFD, 0x0C, 0x98, 0x88, 0x1C, 0xDE}};
static const guid_t IID_INFO10 = {0x2F1B5152, 0xC869, 0x40C9, {0xAA, 0x5F, 0x3A, 0xBE, 0x02, 0x6B, 0xD7, 0x20}};

// ICorProfilerCallback..11 slots used here.
enum {
    CB_QUERY_INTERFACE = 0, CB_ADD_REF = 1, CB_RELEASE = 2, CB_INITIALIZE = 3,
    CB_JIT_INLINING = 28,                 // (caller, callee, BOOL *pfShouldInline): must write the out-parameter
    CB_INITIALIZE_FOR_ATTACH = 80,        // (IUnknown *info, void *data, UINT size)
    CB_GET_REJIT_PARAMETERS = 84,         // (ModuleID, mdMethodDef, ICorProfilerFunctionControl *)
    CB_REJIT_COMPILATION_FINISHED = 85,   // (FunctionID, ReJITID, HRESULT, BOOL)
    CB_REJIT_ERROR = 86,                  // (ModuleID, mdMethodDef, FunctionID, HRESULT)
    CB_LOAD_AS_NOTIFICATION_ONLY = 97,    // (BOOL *pbNotificationOnly)
    CB_SLOTS = 98,
};
// ICorProfilerInfo10 slots used here.
enum {
    INFO_DO_STACK_SNAPSHOT = 36, INFO_GET_FUNCTION_FROM_IP3 = 88, INFO_ENUM_THREADS = 71,
    INFO_REQUEST_REJIT = 73, INFO_REQUEST_REVERT = 74, INFO_SET_EVENT_MASK2 = 82,
    INFO_REQUEST_REJIT_WITH_INLINERS = 96, INFO_SUSPEND_RUNTIME = 97, INFO_RESUME_RUNTIME = 98,
};
#define COR_PRF_MONITOR_JIT_COMPILATION 0x00000020u
#define COR_PRF_ENABLE_REJIT 0x00040000u
#define COR_PRF_ENABLE_STACK_SNAPSHOT 0x10000000u
// ICorProfilerThreadEnum slots.
enum { ENUM_RELEASE = 2, ENUM_NEXT = 7 };
#define COR_PRF_REJIT_BLOCK_INLINING 0x1u
#define COR_PRF_REJIT_INLINING_CALLBACKS 0x2u

static int guid_equal(const guid_t *x, const guid_t *y) { return memcmp(x, y, sizeof *x) == 0; }

// ---------------------------------------------------------------- what the runtime tells us about ReJIT
// kind 1: GetReJITParameters (the method gets a new version: it is recompiled at its next call);
// kind 2: ReJITError; kind 3: ReJITCompilationFinished (function = the recompiled MethodDesc).
struct rejit_event { uintptr_t module; uintptr_t function; uint32_t token; int32_t hr; uint32_t kind; uint32_t sequence; };
#define REJIT_LOG_CAP 65536u
static struct rejit_event rejit_log[REJIT_LOG_CAP];
static uint32_t rejit_log_count;
static uint32_t rejit_sequence; // bumped by every request, so events can be told apart by request

static void log_rejit(uint32_t kind, uintptr_t module, uint32_t token, uintptr_t function, HRESULT hr) {
    uint32_t i = __atomic_fetch_add(&rejit_log_count, 1, __ATOMIC_SEQ_CST);
    if (i >= REJIT_LOG_CAP) return;
    rejit_log[i].module = module;
    rejit_log[i].function = function;
    rejit_log[i].token = token;
    rejit_log[i].hr = hr;
    rejit_log[i].sequence = __atomic_load_n(&rejit_sequence, __ATOMIC_ACQUIRE);
    __atomic_store_n(&rejit_log[i].kind, kind, __ATOMIC_RELEASE);
}

EXPORT struct rejit_event *instr_rejit_log(uint32_t *count) {
    *count = __atomic_load_n(&rejit_log_count, __ATOMIC_ACQUIRE);
    if (*count > REJIT_LOG_CAP) *count = REJIT_LOG_CAP;
    return rejit_log;
}
EXPORT uint64_t instr_rejit_event_size(void) { return sizeof(struct rejit_event); }

// ---------------------------------------------------------------- the callback object
static void **info;           // ICorProfilerInfo10*, set by InitializeForAttach
static int attached;          // 1 once InitializeForAttach enabled ReJIT
static HRESULT attach_result; // what SetEventMask2 answered

typedef HRESULT (*info_fn0)(void *);
static void **info_vtable(void) { return *(void ***)info; }

static HRESULT cb_ok(void) { return S_OK; }
static HRESULT cb_query_interface(void *self, const guid_t *iid, void **out) {
    if (guid_equal(iid, &IID_IUNKNOWN) || guid_equal(iid, &IID_CALLBACK) || guid_equal(iid, &IID_CALLBACK2) || guid_equal(iid, &IID_CALLBACK11)) {
        *out = self;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static uint32_t cb_ref(void *self) { (void)self; return 1; } // one static object: reference counts do not matter

// Loaded at startup through CORECLR_ENABLE_PROFILING: not how instr works, so decline and let the runtime unload us.
static HRESULT cb_initialize(void *self, void *unknown) { (void)self; (void)unknown; return CORPROF_E_PROFILER_CANCEL_ACTIVATION; }

static HRESULT cb_initialize_for_attach(void *self, void **unknown, void *data, uint32_t size) {
    (void)self; (void)data; (void)size;
    typedef HRESULT (*qi_fn)(void *, const guid_t *, void **);
    void **found = NULL;
    HRESULT hr = ((qi_fn)(*(void ***)unknown)[0])(unknown, &IID_INFO10, (void **)&found);
    if (hr != S_OK || !found) { attach_result = hr ? hr : E_NOINTERFACE; return attach_result; }
    info = found;
    // JIT-compilation events are not used, but with them on the runtime reliably runs requested ReJITs
    // (without them some requests were seen to never happen: dotnet/runtime#87418).
    typedef HRESULT (*mask_fn)(void *, uint32_t, uint32_t);
    // Stack snapshots: to see whether a thread is still running code compiled before a patch.
    hr = ((mask_fn)info_vtable()[INFO_SET_EVENT_MASK2])(info, COR_PRF_ENABLE_REJIT | COR_PRF_MONITOR_JIT_COMPILATION | COR_PRF_ENABLE_STACK_SNAPSHOT, 0);
    attach_result = hr;
    if (hr == S_OK) __atomic_store_n(&attached, 1, __ATOMIC_RELEASE);
    return hr;
}

static HRESULT cb_jit_inlining(void *self, uintptr_t caller, uintptr_t callee, int32_t *should_inline) {
    (void)self; (void)caller; (void)callee;
    *should_inline = 1; // the engine's JIT hook decides inlining; this callback must not change it
    return S_OK;
}
static HRESULT cb_get_rejit_parameters(void *self, uintptr_t module, uint32_t token, void *control) {
    (void)self; (void)control; // the original IL is recompiled as it is
    log_rejit(1, module, token, 0, S_OK);
    return S_OK;
}
static HRESULT cb_rejit_finished(void *self, uintptr_t function, uintptr_t rejit_id, HRESULT hr, int32_t safe) {
    (void)self; (void)rejit_id; (void)safe;
    log_rejit(3, 0, 0, function, hr);
    return S_OK;
}
static HRESULT cb_rejit_error(void *self, uintptr_t module, uint32_t token, uintptr_t function, HRESULT hr) {
    (void)self;
    log_rejit(2, module, token, function, hr);
    return S_OK;
}
static HRESULT cb_notification_only(void *self, int32_t *notification_only) { (void)self; *notification_only = 0; return S_OK; }

static void *callback_vtable[CB_SLOTS];
static struct { void **vtable; } callback_object = {callback_vtable};

// ---------------------------------------------------------------- class factory and the exported entry
static HRESULT cf_query_interface(void *self, const guid_t *iid, void **out) {
    if (guid_equal(iid, &IID_IUNKNOWN) || guid_equal(iid, &IID_ICLASSFACTORY)) { *out = self; return S_OK; }
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT cf_create_instance(void *self, void *outer, const guid_t *iid, void **out) {
    (void)self;
    if (outer) { *out = NULL; return E_FAIL; }
    return cb_query_interface(&callback_object, iid, out);
}
static HRESULT cf_lock_server(void *self, int32_t lock) { (void)self; (void)lock; return S_OK; }
static void *factory_vtable[5] = {(void *)cf_query_interface, (void *)cb_ref, (void *)cb_ref, (void *)cf_create_instance, (void *)cf_lock_server};
static struct { void **vtable; } factory_object = {factory_vtable};

static void fill_callback_vtable(void) {
    for (int i = 0; i < CB_SLOTS; i++) callback_vtable[i] = (void *)cb_ok;
    callback_vtable[CB_QUERY_INTERFACE] = (void *)cb_query_interface;
    callback_vtable[CB_ADD_REF] = (void *)cb_ref;
    callback_vtable[CB_RELEASE] = (void *)cb_ref;
    callback_vtable[CB_INITIALIZE] = (void *)cb_initialize;
    callback_vtable[CB_JIT_INLINING] = (void *)cb_jit_inlining;
    callback_vtable[CB_INITIALIZE_FOR_ATTACH] = (void *)cb_initialize_for_attach;
    callback_vtable[CB_GET_REJIT_PARAMETERS] = (void *)cb_get_rejit_parameters;
    callback_vtable[CB_REJIT_COMPILATION_FINISHED] = (void *)cb_rejit_finished;
    callback_vtable[CB_REJIT_ERROR] = (void *)cb_rejit_error;
    callback_vtable[CB_LOAD_AS_NOTIFICATION_ONLY] = (void *)cb_notification_only;
}

EXPORT HRESULT DllGetClassObject(const guid_t *clsid, const guid_t *iid, void **out) {
    if (!guid_equal(clsid, &CLSID_INSTR)) { *out = NULL; return CLASS_E_CLASSNOTAVAILABLE; }
    fill_callback_vtable();
    return cf_query_interface(&factory_object, iid, out);
}

EXPORT void instr_profiler_clsid(guid_t *out) { *out = CLSID_INSTR; }
EXPORT int instr_profiler_attached(void) { return __atomic_load_n(&attached, __ATOMIC_ACQUIRE); }
EXPORT HRESULT instr_profiler_attach_result(void) { return attach_result; }

// ---------------------------------------------------------------- requests, each on a thread the runtime does not know
enum { OP_REJIT_WITH_INLINERS = 1, OP_REJIT = 2, OP_REVERT = 3, OP_CAS_SUSPENDED = 4, OP_RUNNING = 5, OP_FROM_IP = 6 };
struct request {
    int op;
    uint32_t count;
    uintptr_t *modules;
    uint32_t *tokens;
    HRESULT *statuses;      // revert: one per method
    uint64_t **cas_at;      // suspended writes: addresses,
    uint64_t *cas_expected; // expected 8 bytes,
    uint64_t *cas_desired;  // new 8 bytes,
    int *cas_results;       // 0 done, 1 bytes differed, errno
    const uintptr_t *range_start, *range_end; // running-code check: code ranges,
    uint32_t *range_frames;                   // frames found executing in each
    HRESULT hr;
    uintptr_t *range_functions;               // from-IP lookups: the method at each range_start address
};

struct snapshot_walk { const struct request *request; };

static HRESULT on_frame(uintptr_t function, uintptr_t ip, uintptr_t frame, uint32_t context_size, uint8_t *context, void *data) {
    (void)function; (void)frame; (void)context_size; (void)context;
    const struct request *r = ((struct snapshot_walk *)data)->request;
    for (uint32_t i = 0; i < r->count; i++)
        if (ip >= r->range_start[i] && ip < r->range_end[i]) r->range_frames[i]++;
    return S_OK;
}

// With the runtime suspended, walks every managed thread's stack and counts the frames executing in each range.
static HRESULT find_running(struct request *r) {
    void **vt = info_vtable();
    typedef HRESULT (*enum_fn)(void *, void ***);
    typedef HRESULT (*next_fn)(void *, uint32_t, uintptr_t *, uint32_t *);
    typedef uint32_t (*release_fn)(void *);
    typedef HRESULT (*snapshot_fn)(void *, uintptr_t, void *, uint32_t, void *, uint8_t *, uint32_t);
    void **threads = NULL;
    HRESULT hr = ((enum_fn)vt[INFO_ENUM_THREADS])(info, &threads);
    if (hr != S_OK || !threads) return hr ? hr : E_FAIL;
    uintptr_t thread;
    uint32_t fetched = 0;
    struct snapshot_walk walk = {r};
    while (((next_fn)(*(void ***)threads)[ENUM_NEXT])(threads, 1, &thread, &fetched) == S_OK && fetched == 1)
        ((snapshot_fn)vt[INFO_DO_STACK_SNAPSHOT])(info, thread, (void *)on_frame, 0, &walk, NULL, 0);
    ((release_fn)(*(void ***)threads)[ENUM_RELEASE])(threads);
    return S_OK;
}

extern void instr_code_cas8_many(uint32_t count, uint64_t **at, const uint64_t *expected, const uint64_t *desired, int *results); // instr_native.c

static void *run_request(void *arg) {
    struct request *r = arg;
    void **vt = info_vtable();
    switch (r->op) {
    case OP_REJIT_WITH_INLINERS: {
        typedef HRESULT (*fn)(void *, uint32_t, uint32_t, uintptr_t *, uint32_t *);
        r->hr = ((fn)vt[INFO_REQUEST_REJIT_WITH_INLINERS])(info, COR_PRF_REJIT_BLOCK_INLINING | COR_PRF_REJIT_INLINING_CALLBACKS, r->count, r->modules, r->tokens);
        break;
    }
    case OP_REJIT: {
        typedef HRESULT (*fn)(void *, uint32_t, uintptr_t *, uint32_t *);
        r->hr = ((fn)vt[INFO_REQUEST_REJIT])(info, r->count, r->modules, r->tokens);
        break;
    }
    case OP_REVERT: {
        typedef HRESULT (*fn)(void *, uint32_t, uintptr_t *, uint32_t *, HRESULT *);
        r->hr = ((fn)vt[INFO_REQUEST_REVERT])(info, r->count, r->modules, r->tokens, r->statuses);
        break;
    }
    case OP_CAS_SUSPENDED: {
        // While the runtime is suspended every managed thread stands at a GC-safe point, never inside a method's
        // prolog, so the first bytes of any method can be replaced without a thread being half-way through them.
        r->hr = ((info_fn0)vt[INFO_SUSPEND_RUNTIME])(info);
        if (r->hr != S_OK) break;
        instr_code_cas8_many(r->count, r->cas_at, r->cas_expected, r->cas_desired, r->cas_results);
        r->hr = ((info_fn0)vt[INFO_RESUME_RUNTIME])(info);
        break;
    }
    case OP_FROM_IP: {
        typedef HRESULT (*fn)(void *, uintptr_t, uintptr_t *, uintptr_t *);
        for (uint32_t i = 0; i < r->count; i++) {
            uintptr_t rejit = 0;
            if (((fn)vt[INFO_GET_FUNCTION_FROM_IP3])(info, r->range_start[i], &r->range_functions[i], &rejit) != S_OK) r->range_functions[i] = 0;
        }
        r->hr = S_OK;
        break;
    }
    case OP_RUNNING: {
        r->hr = ((info_fn0)vt[INFO_SUSPEND_RUNTIME])(info);
        if (r->hr != S_OK) break;
        HRESULT walked = find_running(r);
        r->hr = ((info_fn0)vt[INFO_RESUME_RUNTIME])(info);
        if (r->hr == S_OK) r->hr = walked;
        break;
    }
    default:
        r->hr = E_FAIL;
    }
    return NULL;
}

static HRESULT run_on_fresh_thread(struct request *r) {
    if (!instr_profiler_attached()) return E_FAIL;
    __atomic_fetch_add(&rejit_sequence, 1, __ATOMIC_SEQ_CST);
    pthread_t thread;
    if (pthread_create(&thread, NULL, run_request, r) != 0) return E_FAIL;
    pthread_join(thread, NULL);
    return r->hr;
}

// ReJITs the methods and every method that inlined them (the runtime's own inline-tracking map); the recompiled
// versions are not inlined again until reverted. GetReJITParameters events name each method that gets a new version.
EXPORT HRESULT instr_rejit_with_inliners(uint32_t count, uintptr_t *modules, uint32_t *tokens) {
    struct request r = {OP_REJIT_WITH_INLINERS, count, modules, tokens, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, S_OK, NULL};
    return run_on_fresh_thread(&r);
}
EXPORT HRESULT instr_rejit(uint32_t count, uintptr_t *modules, uint32_t *tokens) {
    struct request r = {OP_REJIT, count, modules, tokens, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, S_OK, NULL};
    return run_on_fresh_thread(&r);
}
// Makes the original code of each method active again (its earlier native code is reused as it was).
EXPORT HRESULT instr_rejit_revert(uint32_t count, uintptr_t *modules, uint32_t *tokens, HRESULT *statuses) {
    struct request r = {OP_REVERT, count, modules, tokens, statuses, NULL, NULL, NULL, NULL, NULL, NULL, NULL, S_OK, NULL};
    return run_on_fresh_thread(&r);
}
// 8-byte code writes made while the runtime is suspended (see run_request).
EXPORT HRESULT instr_cas8_suspended(uint32_t count, uint64_t **at, uint64_t *expected, uint64_t *desired, int *results) {
    struct request r = {OP_CAS_SUSPENDED, count, NULL, NULL, NULL, at, expected, desired, results, NULL, NULL, NULL, S_OK, NULL};
    return run_on_fresh_thread(&r);
}
// Counts, per code range [start, end), the managed frames executing in it right now (all threads, runtime suspended).
EXPORT HRESULT instr_running_frames(uint32_t count, const uintptr_t *start, const uintptr_t *end, uint32_t *frames) {
    memset(frames, 0, count * sizeof *frames);
    struct request r = {OP_RUNNING, count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, start, end, frames, S_OK, NULL};
    return run_on_fresh_thread(&r);
}
// For each code address, the method whose code contains it, DynamicMethods included (GetFunctionFromIP3; the older
// variants skip methods without metadata), or 0. Safe for any address: the runtime looks it up in its code ranges, so
// it answers for a method that is alive right now. Like ReJIT requests, it must run on a thread the runtime does not know.
EXPORT HRESULT instr_functions_from_ips(uint32_t count, const uintptr_t *ips, uintptr_t *functions) {
    memset(functions, 0, count * sizeof *functions);
    struct request r = {OP_FROM_IP, count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ips, NULL, NULL, S_OK, NULL};
    r.range_functions = functions;
    return run_on_fresh_thread(&r);
}
EXPORT uint32_t instr_rejit_sequence(void) { return __atomic_load_n(&rejit_sequence, __ATOMIC_ACQUIRE); }
